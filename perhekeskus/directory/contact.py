"""THE rule of how a family reaches a service (yhteystiedot): the service's own channels; else
those of the places where it is given, labelled as the place's; else its organisation's (and that
organisation's parents'), labelled as such; else the family centre's general guidance
(ContactGuidance: ask at the child health clinic, or use the Pyydä apua! form). A service page is
never without a way to reach someone. The service page, the API and the staff's coverage report
(`coverage`) all read it from here."""

from dataclasses import dataclass, field

from .models import Area, ContactGuidance, Location, Organization, Service

OWN = "own"
PLACE = "place"
ORGANIZATION = "organization"
GUIDANCE = "guidance"
NOTHING = "nothing"  # not even guidance: the data has none (the coverage report says so)


@dataclass
class WaysToReach:
    """What a service page shows under its contact heading. `kind` says where it came from."""

    kind: str
    channels: list = field(default_factory=list)  # the service's own (kind OWN)
    places: list[Location] = field(default_factory=list)  # kind PLACE: with an address or a pin
    organizations: list[Organization] = field(default_factory=list)  # kind ORGANIZATION: with a website
    guidance: list[ContactGuidance] = field(default_factory=list)  # kind GUIDANCE
    # Whatever the kind: guidance that names this service with a link of its own (the Pyydä apua!
    # service's form on this site), so that the service's page leads to it too.
    links: list[ContactGuidance] = field(default_factory=list)


def reachable_place(location: Location) -> bool:
    """A place one can go to: it has a street address or coordinates."""
    return bool(location.address) or location.latitude is not None


def organizations_with_website(organization: Organization | None) -> list[Organization]:
    """The organisation and its parents, nearest first, that have a website (cycles stop)."""
    found, seen = [], set()
    while organization is not None and organization.pk not in seen:
        seen.add(organization.pk)
        if organization.website:
            found.append(organization)
        organization = organization.parent
    return found


def site_links(service_ids) -> dict[int, list[ContactGuidance]]:
    """Guidance that names a service with a link of its own (the Pyydä apua! service's form on
    this site), by service: a page or a path that names the service leads there too."""
    found: dict[int, list[ContactGuidance]] = {}
    for guidance in ContactGuidance.objects.filter(service__in=service_ids).exclude(link=""):
        found.setdefault(guidance.service_id, []).append(guidance)
    return found


def _points_elsewhere(guidance: ContactGuidance, service: Service) -> bool:
    """Guidance worth showing on `service`'s page: not only back to that page, nor to a service
    that is not in use (unless it has a link of its own)."""
    if guidance.service is not None and guidance.service.status == Service.Status.NOT_IN_USE:
        return bool(guidance.link)
    return guidance.service_id != service.pk or bool(guidance.link)


def ways_to_reach(
    service: Service, guidance: list[ContactGuidance] | None = None, parents: dict[int, int | None] | None = None
) -> WaysToReach:
    """A service's ways to reach someone, by the rule of this module. `guidance` (every entry) and
    `parents` (each area's parent, from `area_parents`) may be given, read once for many services;
    else they are read here."""
    if guidance is None:
        guidance = list(ContactGuidance.objects.select_related("service"))
    links = [g for g in guidance if g.service_id == service.pk and g.link]
    channels = list(service.channels.all())
    if channels:
        return WaysToReach(OWN, channels=channels, links=links)
    places = [place for place in service.places.all() if reachable_place(place)]
    if places:
        return WaysToReach(PLACE, places=places, links=links)
    organizations = organizations_with_website(service.organization)
    if organizations:
        return WaysToReach(ORGANIZATION, organizations=organizations, links=links)
    if parents is None and any(g.area_id for g in guidance):
        parents = area_parents()
    areas = service_areas(service)
    guidance = [g for g in guidance if _points_elsewhere(g, service) and _area_fits(g, areas, parents or {})]
    return WaysToReach(GUIDANCE, guidance=guidance, links=links) if guidance else WaysToReach(NOTHING, links=links)


def area_parents() -> dict[int, int | None]:
    return dict(Area.objects.values_list("pk", "parent_id"))


def service_areas(service: Service) -> set[int]:
    """The areas a service is known to be in: its organisation's, its places' and their towns'."""
    found = {service.organization.area_id} if service.organization else set()
    for place in service.places.all():
        found |= {place.area_id, place.municipality_id}
    return found - {None}


def _lineage(area: int, parents: dict[int, int | None]) -> set[int]:
    """The area and the areas above it (a family-centre area, its town, its wellbeing region)."""
    found: set[int] = set()
    while area is not None and area not in found:
        found.add(area)
        area = parents.get(area)
    return found


def _area_fits(guidance: ContactGuidance, areas: set[int], parents: dict[int, int | None]) -> bool:
    """Guidance for an area is for the services of that area, of an area within it or above it
    (a region-wide service serves the town too), and for those whose area the data does not give."""
    if guidance.area_id is None or not areas:
        return True
    return any(guidance.area_id in _lineage(a, parents) or a in _lineage(guidance.area_id, parents) for a in areas)


@dataclass
class CoverageRow:
    service: Service
    shown: str  # the fallback the page shows instead: PLACE, ORGANIZATION, GUIDANCE or NOTHING


@dataclass
class CoverageGroup:
    organization: Organization | None  # None: services whose provider the data does not name
    rows: list[CoverageRow]


@dataclass
class CoverageSection:
    """One kind of gap in the data; later gaps are further sections of the same shape."""

    key: str
    total: int  # the active services looked at
    groups: list[CoverageGroup]

    @property
    def count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def services_without_own_contact() -> CoverageSection:
    """The active services without a channel of their own, by organisation, with what each page
    shows instead."""
    services = list(
        Service.objects.filter(status=Service.Status.ACTIVE)
        .select_related("organization__parent__parent__parent")
        .prefetch_related("channels", "places")
        .order_by("organization__name_fi", "name_fi", "slug")
    )
    guidance = list(ContactGuidance.objects.select_related("service"))
    parents = area_parents()
    groups: dict[int | None, CoverageGroup] = {}
    for service in services:
        ways = ways_to_reach(service, guidance, parents)
        if ways.kind == OWN:
            continue
        group = groups.setdefault(service.organization_id, CoverageGroup(service.organization, []))
        group.rows.append(CoverageRow(service, ways.kind))
    # The services without a named provider last: they are the first gap to fill.
    ordered = sorted(
        groups.values(), key=lambda g: (g.organization is None, g.organization.name_fi if g.organization else "")
    )
    return CoverageSection("own_contact", len(services), ordered)


def coverage() -> list[CoverageSection]:
    """Every section of the staff's coverage report (only the services' own contacts for now)."""
    return [services_without_own_contact()]
