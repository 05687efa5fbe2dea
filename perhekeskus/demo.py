"""The demo data files under data/, in loading order (the vocabulary first): what the tests' demo
database holds and what the benchmarks serve. The Makefile's DATA lists the same files for make's
own dependencies; a test keeps the two the same."""

DEMO_FILES = (
    "vocabulary.yaml",
    "kemi.yaml",
    "kymenlaakso.yaml",
    "kotka_lansi.yaml",
    "kemi_pathways.yaml",
    "help_requests.yaml",
)
