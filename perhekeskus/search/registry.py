"""The registry of what the search finds besides services: every installed app's `searchable`
module, read once (directory/searchable.py says the format). The search imports no app above the
directory: an app that wants its rows found declares them, and the search reads the declaration."""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from perhekeskus.directory.searchable import Source


@cache
def sources() -> dict[str, Source]:
    """Kind ("organizations", "places", "activities" ...) -> its source, from every app."""
    found: dict[str, Source] = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "searchable"):
            continue
        for kind, source in import_module(f"{config.name}.searchable").SOURCES.items():
            if kind in found:
                raise ValueError(f"two apps offer the search kind {kind!r}")
            found[kind] = source
    return found


def source(kind: str) -> Source:
    """The source of one kind; KeyError names the kinds there are."""
    try:
        return sources()[kind]
    except KeyError:
        raise KeyError(f"no app offers the search kind {kind!r} (there are: {', '.join(sorted(sources()))})") from None


def watched_models() -> list:
    """The models whose saves and deletes change what some source reads."""
    labels = {label for found in sources().values() for label in found.models}
    return [apps.get_model(label) for label in sorted(labels)]
