"""The demo data files under data/, in loading order (the vocabulary first): what the tests' demo
database holds and what the benchmarks serve. The Makefile's DATA lists the same files for make's
own dependencies; a test keeps the two the same."""

from pathlib import Path

from django.conf import settings

DEMO_FILES = (
    "vocabulary.yaml",
    "kemi.yaml",
    "kymenlaakso.yaml",
    "kotka_lansi.yaml",
    "kemi_pathways.yaml",
    "trust_pages.yaml",
    "help_requests.yaml",
)


def demo_paths() -> list[Path]:
    """The demo data files in the order a run loads them (vocabulary first)."""
    return [Path(settings.BASE_DIR) / "data" / name for name in DEMO_FILES]
