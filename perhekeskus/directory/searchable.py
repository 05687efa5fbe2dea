"""What the search finds besides services, declared by the apps that own it.

The search app sits beside the apps whose rows it finds and imports none of them: each app lists
what it offers in a module `searchable.py` of its own, as `SOURCES = {kind: Source(...)}`, and
search/registry.py reads those modules. A source reads its documents (`read()`: pk -> (sort key,
[(role, text), ...]), roles from ROLES, weighted in search/weights.py) and names the models whose
saves and deletes change them, so that the search forgets what it kept. This module is the
directory's own: organisations and places.
"""

from collections.abc import Callable
from typing import NamedTuple

# What a text is to the thing found; the search weighs them (the name above the address ...).
NAME, ADDRESS, PLACE, OWNER, DESCRIPTION = "name", "address", "place", "owner", "description"
ROLES = (NAME, ADDRESS, PLACE, OWNER, DESCRIPTION)

Document = tuple[tuple, list[tuple[str, str]]]  # (sort key, [(role, text), ...])


class Source(NamedTuple):
    read: Callable[[], dict[int, Document]]
    models: tuple[str, ...]  # "app_label.Model" whose saves and deletes change the documents


def organizations() -> dict[int, Document]:
    from .models import Organization

    rows = Organization.objects.values_list("pk", "slug", "name_fi", "name_sv", "name_en", "area__name_fi")
    return {
        pk: ((fi.casefold(), slug), [(NAME, fi), (NAME, sv), (NAME, en), (PLACE, area)])
        for pk, slug, fi, sv, en, area in rows
    }


def places() -> dict[int, Document]:
    from .models import Location

    rows = Location.objects.values_list(
        "pk", "slug", "name_fi", "name_sv", "name_en", "address", "municipality__name_fi", "organization__name_fi"
    )
    return {
        pk: (
            (fi.casefold(), slug),
            [(NAME, fi), (NAME, sv), (NAME, en), (ADDRESS, address), (PLACE, town), (OWNER, owner)],
        )
        for pk, slug, fi, sv, en, address, town, owner in rows
    }


SOURCES = {
    "organizations": Source(organizations, ("directory.Organization", "directory.Area")),
    "places": Source(places, ("directory.Location", "directory.Area", "directory.Organization")),
}
