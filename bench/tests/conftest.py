"""The apps' fixtures that every test needs, for the benchmarks' tests too (each starts with an
empty cache: see perhekeskus/conftest.py)."""

from perhekeskus.conftest import empty_cache  # noqa: F401 -- an autouse fixture, used by being here
