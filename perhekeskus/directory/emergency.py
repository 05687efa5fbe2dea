"""The numbers to call at once (112, the social emergency line ...): shown above the help-request
form, on its receipts and in the professionals' guide, so they live below those apps."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from .models import Area, Channel, EmergencyRoute, Service


@dataclass(frozen=True)
class EmergencyNumber:
    """A number to call at once: an emergency route's service and one of its phone lines."""

    name: str
    number: str
    href: str
    areas: tuple[str, ...]  # names of the areas it is for; empty: everywhere
    lang: str = "fi"  # the language `name` is in (Finnish where no translation exists)


def emergency_numbers(municipality: Area | None = None) -> list[EmergencyNumber]:
    """The emergency numbers to show (112, the social emergency line ...), from EmergencyRoute rows.

    With a municipality: its own routes first, then those for everywhere. Without one: those for
    everywhere first, then every area's own, each naming its areas, so anyone finds theirs. A
    service serving several areas is listed once.
    """
    routes = EmergencyRoute.objects.select_related("service", "area").prefetch_related(
        Prefetch("service__channels", queryset=Channel.objects.filter(kind=Channel.Kind.PHONE))
    )
    routes = routes.exclude(service__status=Service.Status.NOT_IN_USE)
    if municipality is not None:
        routes = routes.filter(Q(area__isnull=True) | Q(area=municipality))

    def rank(route_row):
        if municipality is not None and route_row.area_id == municipality.pk:
            return 0
        return 1 if route_row.area_id is None else 2

    services: dict[int, tuple[Service, list]] = {}
    for route_row in sorted(routes, key=lambda r: (rank(r), r.order, r.pk)):
        services.setdefault(route_row.service_id, (route_row.service, []))[1].append(route_row.area)
    numbers = []
    for service, areas in services.values():
        # Area names only where they tell the asker something: no municipality known, not everywhere.
        everywhere = municipality is not None or None in areas
        names = () if everywhere else tuple(area.name for area in areas)
        phones = list(service.channels.all())
        if not phones:
            numbers.append(EmergencyNumber(service.name, "", "", names, service.name_lang))
        numbers.extend(
            EmergencyNumber(service.name, phone.value, phone.href, names, service.name_lang) for phone in phones
        )
    return numbers
