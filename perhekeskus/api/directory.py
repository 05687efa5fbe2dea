"""GET /api/v1/services/, /organizations/ and /locations/: the directory as open data.

Thin over the directory: the parameters are parsed by the forms in `params` (the service filters
by the web pages' own `ServiceSearchForm`), services are found by `find_services`, open states come
from `open_states`, and the serializers only project. Every answer is JSON (or the browsable HTML
of the same), errors included: a 400 for bad parameters, a 404 for an unknown slug or page.
"""

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.timezone import get_default_timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view

from perhekeskus.directory.forms import OrganizationSearchForm, PlaceSearchForm, ServiceSearchForm
from perhekeskus.directory.hours import valid_until
from perhekeskus.directory.models import Channel, Location, Organization, Service
from perhekeskus.directory.open_states import (
    HOURS_PREFETCH,
    channel_open_state,
    days_off_around,
    location_open_state,
    service_open_state,
)
from perhekeskus.search.finder import find_services, narrowed

from . import examples
from .openapi import BAD_PARAMETERS, NO_SUCH_PAGE, NOT_FOUND, form_parameters
from .pagination import ServicePagination
from .params import validated
from .serializers import (
    LocationDetailSerializer,
    LocationSerializer,
    OrganizationDetailSerializer,
    OrganizationSerializer,
    ServiceDetailSerializer,
    ServiceSerializer,
)
from .viewsets import LANG, LIST, DirectoryViewSet, slug_parameter

# What the service list shows beyond what `find_services` prefetches, for one page (a query each).
SERVICE_PAGE_PREFETCH = ("partners", "tasks", "places__municipality", "channels__schedule_exceptions")
PLACE_PREFETCH = ("schedules", "schedule_exceptions")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Hae palveluita"),
        description=gettext_lazy(
            "Palvelut parhaiten hakuun sopivat ensin (ilman hakua aakkosjärjestyksessä). Saman suodattimen "
            "arvot laajentavat tulosta (TAI), eri suodattimet rajaavat (JA); useita arvoja annetaan "
            "toistamalla parametri: ?target_group=babies&target_group=parents. Käytöstä poistetut palvelut "
            "eivät ole listalla, mutta löytyvät tunnisteellaan."
        ),
        parameters=form_parameters(ServiceSearchForm, examples={"q": "neuvola", "target_group": ["babies"]}) + LIST,
        responses={200: ServiceSerializer, 400: BAD_PARAMETERS, 404: NO_SUCH_PAGE},
        examples=examples.SERVICES,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Palvelu tunnisteella"),
        description=gettext_lazy(
            "Palvelu paikkoineen ja hakusanoineen; myös käytöstä poistettu, jolloin status on not_in_use."
        ),
        parameters=LANG + slug_parameter("lastenneuvola"),
        responses={200: ServiceDetailSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND},
        examples=examples.SERVICE_DETAILS,
    ),
)
class ServiceViewSet(DirectoryViewSet):
    """Services of the family-centre network: search, filters, and one service by its slug."""

    queryset = Service.objects.all()
    serializer_class = ServiceSerializer
    detail_serializer_class = ServiceDetailSerializer
    pagination_class = ServicePagination
    not_found_message = gettext_lazy("Palvelua ei löydy.")
    shared_actions = ("list",)  # see site.response_cache

    def get_queryset(self):
        # The detail's: the list's services come from `find_services`.
        places = [f"places__{lookup}" for lookup in ("municipality", "area", "organization", *PLACE_PREFETCH)]
        return Service.objects.with_relations().prefetch_related(*HOURS_PREFETCH, "partners", "tasks", *places)

    def list(self, request, *args, **kwargs):
        params = validated(ServiceSearchForm, request.query_params)
        at = timezone.now()
        found = find_services(params, at=at)
        page = self.paginate_queryset(found.services)
        prefetch_related_objects(page, *SERVICE_PAGE_PREFETCH)
        # The finder has the services' states already; their channels' are added for this page.
        self.open_states = {(Service, s.pk): found.open_states[s.pk] for s in page}
        channel_states = _channel_states(page, at, days_off_around(at))
        self.open_states.update(channel_states)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        # Most first, ties by value: the same order from every worker, whatever the hash seed.
        response.data["facets"] = {
            name: {
                ("true" if value is True else value): count
                for value, count in sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
            }
            for name, counts in found.facets.items()
        }
        # Kept for everyone who asks the same (site.response_cache) until a state it shows changes.
        response.valid_until = min(
            found.valid_until, valid_until(channel_states.values(), at, tz=get_default_timezone())
        )
        return response

    def states_of(self, services, at) -> dict:
        days_off = days_off_around(at)
        states = _channel_states(services, at, days_off)
        for service in services:
            states[(Service, service.pk)] = service_open_state(service, at, days_off)
            states.update({(Location, p.pk): location_open_state(p, at, days_off) for p in service.places.all()})
        return states


def _channel_states(services, at, days_off) -> dict:
    return {(Channel, c.pk): channel_open_state(c, at, days_off) for s in services for c in s.channels.all()}


class SearchableList(DirectoryViewSet):
    """A list narrowed by `?q=`, best match first (search/names.py); by name without it."""

    search_form = None
    search_kind = ""

    def list(self, request, *args, **kwargs):
        query = validated(self.search_form, request.query_params)["q"]
        items = narrowed(self.get_queryset(), self.search_kind, query)
        page = self.paginate_queryset(items)
        self.open_states = self.states_of(page, timezone.now())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Toimijat"),
        description=gettext_lazy(
            "Perhekeskusverkoston ja palveluiden järjestäjien organisaatiot suomenkielisen nimen mukaan; "
            "hakusanalla q parhaiten osuvat ensin."
        ),
        parameters=form_parameters(OrganizationSearchForm, examples={"q": "kemi"}) + LIST,
        responses={200: OrganizationSerializer, 400: BAD_PARAMETERS, 404: NO_SUCH_PAGE},
        examples=examples.ORGANIZATIONS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Toimija tunnisteella"),
        description=gettext_lazy("Toimija, sen yksiköt ja paikat."),
        parameters=LANG + slug_parameter("kemin-kaupunki"),
        responses={200: OrganizationDetailSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND},
        examples=examples.ORGANIZATION_DETAILS,
    ),
)
class OrganizationViewSet(SearchableList):
    """Organisations of the network and providers of services (HSDS organization)."""

    queryset = Organization.objects.select_related("area", "parent").order_by("name_fi", "slug")
    serializer_class = OrganizationSerializer
    detail_serializer_class = OrganizationDetailSerializer
    not_found_message = gettext_lazy("Toimijaa ei löydy.")
    search_form, search_kind = OrganizationSearchForm, "organizations"


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Paikat"),
        description=gettext_lazy(
            "Paikat, joissa palveluita annetaan, suomenkielisen nimen mukaan (hakusanalla q parhaiten osuvat "
            "ensin); meeting_place merkitsee kohtaamispaikat."
        ),
        parameters=form_parameters(PlaceSearchForm, examples={"q": "jukola"}) + LIST,
        responses={200: LocationSerializer, 400: BAD_PARAMETERS, 404: NO_SUCH_PAGE},
        examples=examples.LOCATIONS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Paikka tunnisteella"),
        description=gettext_lazy("Paikka aukioloaikoineen ja siellä annettavat palvelut."),
        parameters=LANG + slug_parameter("jukola"),
        responses={200: LocationDetailSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND},
        examples=examples.LOCATION_DETAILS,
    ),
)
class LocationViewSet(SearchableList):
    """Places where services are given (HSDS location), with their opening hours."""

    search_form, search_kind = PlaceSearchForm, "places"

    queryset = (
        Location.objects.select_related("municipality", "area", "organization")
        .prefetch_related(*PLACE_PREFETCH)
        .order_by("name_fi", "slug")
    )
    serializer_class = LocationSerializer
    detail_serializer_class = LocationDetailSerializer
    not_found_message = gettext_lazy("Paikkaa ei löydy.")

    def states_of(self, locations, at) -> dict:
        days_off = days_off_around(at)
        return {(Location, place.pk): location_open_state(place, at, days_off) for place in locations}
