"""Finding services: text search, filters and facet counts, for the web pages and the API alike.

Filters combine as people expect from faceted search: values of one filter widen the result (OR),
different filters narrow it (AND), and each option's count tells how many results choosing it
would give while the other filters stay as they are.

At national scale a query can match tens of thousands of services, so filtering and counting
work on plain values read with a few queries per chunk of ids; model objects with their
relations are built only for the page that is shown (`ServiceList`).
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.utils.timezone import get_default_timezone

from perhekeskus.directory.hours import valid_until
from perhekeskus.directory.models import Area, Service, ServiceAtLocation, TargetGroup
from perhekeskus.directory.open_states import days_off_around, service_open_states

from . import facts, names
from .engine import get_engine

CHUNK = 2000  # ids per query: SQL parameters are bounded on every database


class InOrder(Sequence):
    """Objects of a queryset by a list of ids, in that order; a slice (a page) is loaded when it
    is read, so a search that matches thousands builds objects for one page only."""

    def __init__(self, queryset, ids: list[int]):
        self.queryset = queryset
        self.ids = ids

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._load(self.ids[index])
        return self._load([self.ids[index]])[0]

    def __iter__(self):
        for chunk in chunked(self.ids):
            yield from self._load(chunk)

    def _load(self, ids: list[int]) -> list:
        loaded = self.queryset.filter(pk__in=ids).in_bulk()
        return [loaded[pk] for pk in ids if pk in loaded]


def narrowed(queryset, kind: str, query: str):
    """The organisations, places or activities (`kind`) of the queryset that match the query, best
    first (search/names.py); the queryset as it is without a query."""
    return InOrder(queryset, names.find(kind, query)) if query else queryset


class ServiceList(InOrder):
    """The services found, in order, loaded a page at a time with their relations."""

    def __init__(self, ids: list[int]):
        super().__init__(Service.objects.with_relations(), ids)


@dataclass
class Found:
    """The services found, best first, with facet counts and the open state of each, and the
    moment until which they hold (the first opening or closing among them, or midnight)."""

    services: ServiceList
    facets: dict[str, Counter] = field(default_factory=dict)
    open_states: dict[int, object] = field(default_factory=dict)
    valid_until: datetime | None = None


def chunked(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


LINKS = (
    ("target_group", "target_groups", "targetgroup__slug"),
    ("delivery", "delivery_modes", "deliverymode__slug"),
    ("language", "languages", "language__slug"),
)


class Values(NamedTuple):
    """A service's values for every filter but "open now" (flags as {True} or empty), and its
    age ranges."""

    target_group: frozenset
    path_stage: frozenset
    delivery: frozenset
    language: frozenset
    org_kind: frozenset
    area: frozenset
    free: frozenset
    anonymous: frozenset
    ages: tuple


FACETS = ("target_group", "path_stage", "delivery", "language", "org_kind", "area", "free", "anonymous", "open_now")
YES, NO = frozenset({True}), frozenset()
_interned: dict = {}  # equal sets shared: thousands of services have the same few combinations


def _shared(value):
    if len(_interned) > 100_000:  # bounded whatever the data
        _interned.clear()
    return _interned.setdefault(value, value)


def facet_values(ids: list[int], ancestors: dict[int, set[str]]) -> dict[int, Values]:
    """The filter values of every service, read with plain queries per chunk."""
    group_ages = {g.slug: (g.age_min, g.age_max) for g in TargetGroup.objects.all()}
    values = {}
    for chunk in chunked(ids):
        links = {name: defaultdict(set) for name, _field, _slug in LINKS}
        for name, field_name, slug in LINKS:
            through = Service._meta.get_field(field_name).remote_field.through
            for service_id, value in through.objects.filter(service_id__in=chunk).values_list("service_id", slug):
                links[name][service_id].add(value)
        place_areas = defaultdict(set)
        for service_id, municipality, area in ServiceAtLocation.objects.filter(service_id__in=chunk).values_list(
            "service_id", "location__municipality_id", "location__area_id"
        ):
            place_areas[service_id].update(x for x in (municipality, area) if x)
        rows = Service.objects.filter(pk__in=chunk).values_list(
            "pk",
            "path_stage__slug",
            "organization__kind",
            "organization__area_id",
            "free",
            "anonymous",
            "age_min",
            "age_max",
        )
        for pk, stage, org_kind, org_area, free, anonymous, age_min, age_max in rows:
            area_ids = place_areas[pk] | ({org_area} if org_area else set())
            groups = links["target_group"][pk]
            if age_min is not None or age_max is not None:
                ages = ((age_min, age_max),)
            elif groups and all(group_ages[g] != (None, None) for g in groups):
                ages = tuple(group_ages[g] for g in sorted(groups))
            else:
                ages = ()
            values[pk] = Values(
                target_group=_shared(frozenset(groups)),
                path_stage=_shared(frozenset({stage} if stage else ())),
                delivery=_shared(frozenset(links["delivery"][pk])),
                language=_shared(frozenset(links["language"][pk])),
                org_kind=_shared(frozenset({org_kind} if org_kind else ())),
                area=_shared(frozenset().union(*(ancestors.get(a, set()) for a in area_ids))),
                free=YES if free else NO,
                anonymous=YES if anonymous else NO,
                ages=_shared(ages),
            )
    return values


def area_ancestors() -> dict[int, set[str]]:
    """For every area id, its own slug and the slugs of the areas it lies in.

    A municipality also lies in the family-centre areas that list it, so a filter on
    "lounainen-perhekeskusalue" finds the services of Tornio.
    """
    areas = {a.pk: a for a in Area.objects.prefetch_related("covering_areas")}
    result: dict[int, set[str]] = {}
    for pk, area in areas.items():
        slugs, current, hops = set(), area, 0
        while current is not None and hops < 10:  # bounded: a cycle in the data cannot hang us
            slugs.add(current.slug)
            slugs.update(c.slug for c in current.covering_areas.all())
            current = areas.get(current.parent_id)
            hops += 1
        result[pk] = slugs
    return result


def age_fits(ages: tuple, age: int) -> bool:
    """Whether one of the age ranges takes a child or young person of this age (no ranges: any)."""
    if not ages:
        return True
    return any((lo is None or lo <= age) and (hi is None or age <= hi) for lo, hi in ages)


def find_services(params: dict, *, at: datetime, base=None) -> Found:
    """Services matching the cleaned parameters of a ServiceSearchForm, best match first.

    Without a query the order is alphabetical by the Finnish name.
    """
    base = base if base is not None else Service.objects.public()
    query = params.get("q") or ""
    if query:
        ids = [hit.service_id for hit in get_engine().rank(query, base)]
    else:
        rows = base.values_list("pk", "name_fi", "slug")
        ids = [pk for pk, _name, _slug in sorted(rows, key=lambda row: (row[1].casefold(), row[2]))]

    # Kept per process between searches (facts.py): read here only for services not seen yet.
    kept = facts.current()
    open_states = kept.states_of(
        ids, at, lambda missing: service_open_states(missing, at, days_off_around(at)), get_default_timezone()
    )
    values = kept.values_of(ids, lambda missing: facet_values(missing, area_ancestors()))
    ids = [pk for pk in ids if pk in values]  # a service removed since it was ranked
    selected = _selected(params)
    age = params.get("age")

    def value(pk, name):
        if name == "open_now":
            return YES if open_states[pk].is_open else NO
        return getattr(values[pk], name)

    def passes(pk, skip=None):
        if age is not None and not age_fits(values[pk].ages, age):
            return False
        return all(value(pk, name) & wanted for name, wanted in selected.items() if name != skip)

    found = [pk for pk in ids if passes(pk)]
    facets = {}
    for name in FACETS:
        # A filter's own choice does not narrow its counts; the others' do (the passing services).
        members = [pk for pk in ids if passes(pk, skip=name)] if name in selected else found
        # Thousands of services share a few interned sets: count the sets, then their members.
        counts: Counter = Counter()
        for members_set, n in Counter(value(pk, name) for pk in members).items():
            for member in members_set:
                counts[member] += n
        facets[name] = counts
    return Found(
        services=ServiceList(found),
        facets=facets,
        open_states={pk: open_states[pk] for pk in found},
        # The "open now" counts read every match's state, so every match's next change counts.
        valid_until=valid_until((open_states[pk] for pk in ids), at, tz=get_default_timezone()),
    )


def _selected(params: dict) -> dict[str, set]:
    """The chosen values of every filter that has any, as sets of slugs (or {True} for flags)."""
    selected = {}
    for name in ("target_group", "path_stage", "delivery", "language"):
        chosen = params.get(name) or []
        if chosen:
            selected[name] = {obj.slug for obj in chosen}
    if params.get("org_kind"):
        selected["org_kind"] = set(params["org_kind"])
    if params.get("area"):
        selected["area"] = {params["area"].slug}
    for flag in ("free", "anonymous", "open_now"):
        if params.get(flag):
            selected[flag] = {True}
    return selected
