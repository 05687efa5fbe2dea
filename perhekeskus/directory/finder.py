"""Finding services: text search, filters and facet counts, for the web pages and the API alike.

Filters combine as people expect from faceted search: values of one filter widen the result (OR),
different filters narrow it (AND), and each option's count tells how many results choosing it
would give while the other filters stay as they are.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from perhekeskus.search.engine import get_engine

from .models import Area, Service
from .opening import days_off_around, service_open_state


@dataclass
class Found:
    """The services found, best first, with facet counts and the open state of each."""

    services: list[Service]
    facets: dict[str, Counter] = field(default_factory=dict)
    open_states: dict[int, object] = field(default_factory=dict)


def service_facets(service: Service, open_state, area_ancestors: dict[int, set[str]]) -> dict[str, set]:
    """The values a service has for every filter (the flags as {True} or an empty set)."""
    area_ids = set()
    for place in service.places.all():
        area_ids.update(x for x in (place.municipality_id, place.area_id) if x)
    if service.organization and service.organization.area_id:
        area_ids.add(service.organization.area_id)
    areas = set().union(*(area_ancestors.get(a, set()) for a in area_ids)) if area_ids else set()
    org_kind = service.organization.kind if service.organization and service.organization.kind else None
    return {
        "target_group": {t.slug for t in service.target_groups.all()},
        "path_stage": {service.path_stage.slug} if service.path_stage else set(),
        "delivery": {d.slug for d in service.delivery_modes.all()},
        "language": {lang.slug for lang in service.languages.all()},
        "org_kind": {org_kind} if org_kind else set(),
        "area": areas,
        "free": {True} if service.free else set(),
        "anonymous": {True} if service.anonymous else set(),
        "open_now": {True} if open_state.is_open else set(),
    }


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


def age_fits(service: Service, age: int) -> bool:
    """Whether a service is for a child or young person of this age (open-ended when unknown)."""
    ranges = []
    if service.age_min is not None or service.age_max is not None:
        ranges.append((service.age_min, service.age_max))
    else:
        groups = list(service.target_groups.all())
        if groups and all(g.age_min is not None or g.age_max is not None for g in groups):
            ranges.extend((g.age_min, g.age_max) for g in groups)
    if not ranges:
        return True
    return any((lo is None or lo <= age) and (hi is None or age <= hi) for lo, hi in ranges)


def find_services(params: dict, *, at: datetime, base=None) -> Found:
    """Services matching the cleaned parameters of a ServiceSearchForm, best match first.

    Without a query the order is alphabetical by the Finnish name.
    """
    base = base if base is not None else Service.objects.public()
    candidates = list(base.with_relations())
    query = params.get("q") or ""
    if query:
        order = {hit.service_id: i for i, hit in enumerate(get_engine().rank(query, base))}
        candidates = sorted((s for s in candidates if s.pk in order), key=lambda s: order[s.pk])
    else:
        candidates.sort(key=lambda s: (s.name_fi.casefold(), s.slug))

    days_off = days_off_around(at)
    ancestors = area_ancestors()
    open_states = {s.pk: service_open_state(s, at, days_off) for s in candidates}
    values = {s.pk: service_facets(s, open_states[s.pk], ancestors) for s in candidates}
    selected = _selected(params)
    age = params.get("age")

    def passes(service, skip=None):
        if age is not None and not age_fits(service, age):
            return False
        return all(values[service.pk][name] & wanted for name, wanted in selected.items() if name != skip)

    facets = {}
    for name in (
        "target_group",
        "path_stage",
        "delivery",
        "language",
        "org_kind",
        "area",
        "free",
        "anonymous",
        "open_now",
    ):
        counts: Counter = Counter()
        for service in candidates:
            if passes(service, skip=name):
                counts.update(values[service.pk][name])
        facets[name] = counts
    found = [s for s in candidates if passes(s)]
    return Found(services=found, facets=facets, open_states=open_states)


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
