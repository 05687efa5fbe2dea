"""Benchmarks, run as scripts (`.venv/bin/python bench/search.py`), and their tools; a package so
that their settings and tests import them as bench.*."""
