"""What services, organisations and places look like in the JSON of /api/v1/.

Read-only projections of the directory models. Field names follow Open Referral HSDS 3 where they
fit (`organization`, `locations`, `phones`, `schedules` with `freq`, `byday`, `opens_at`,
`closes_at`, `valid_from`, `valid_to`); what families search by (`target_groups`, `channels`,
`open_now`) sits beside them. Texts come in `context["lang"]`, in Finnish where no translation is
written. Open states are computed by the view, once per request, and looked up here from
`context["open_states"]` by (model, pk): a serializer never reads the clock.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from perhekeskus.directory import contact
from perhekeskus.directory.hours import UNKNOWN, OpenState
from perhekeskus.directory.models import Channel, Organization, Service
from perhekeskus.directory.translation import translated


@extend_schema_field(OpenApiTypes.STR)
class TranslatedField(serializers.Field):
    """A content text (`name`, `description`, ...) in the response's language, else in Finnish."""

    def __init__(self, base: str | None = None, **kwargs):
        self.base = base
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.base = self.base or field_name

    def to_representation(self, value):
        return translated(value, self.base, self.context.get("lang"))


def _public_url(serializer: serializers.Serializer, view_name: str, slug: str) -> str | None:
    """The absolute address of the public page, in the response's language (None without a request)."""
    request = serializer.context.get("request")
    if request is None:
        return None
    return request.build_absolute_uri(reverse(view_name, kwargs={"slug": slug}))


# A wall-clock time in Finland as the API writes it. Not JSON Schema's `time` format: that is RFC
# 3339's, with seconds and a UTC offset, which a weekly rule across daylight saving time has not.
WALL_CLOCK_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"


@extend_schema_field({"type": "string", "pattern": WALL_CLOCK_PATTERN, "example": "09:00"})
class WallClockTimeField(serializers.TimeField):
    """A time of day, HH:MM, in Finland's wall-clock time (Europe/Helsinki)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", read_only=True, **kwargs)


class OptionalUrlField(serializers.URLField):
    """An address that may be unset: an empty one is null, never "" (which is no URI)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"  # django.core.validators.slug_re


@extend_schema_field({"type": "string", "minLength": 1, "pattern": SLUG_PATTERN})
class SlugField(serializers.CharField):
    """A record's identifier (slug), never empty."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


class EnumField(serializers.ChoiceField):
    """A code from a model's choices (a kind, a status); an unset code ("") is null.

    The schema names each list after its choices class (ServiceKindEnum, ChannelKindEnum), see
    `openapi.EnumFieldExtension`: several lists share the field name `kind`.
    """

    def __init__(self, choices_class, **kwargs):
        self.choices_class = choices_class
        super().__init__(choices_class.choices, read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


class RefSerializer(serializers.Serializer):
    """Another record by its slug and name: an organisation, a target group, a municipality ..."""

    slug = SlugField()
    name = TranslatedField()


class ScheduleSerializer(serializers.Serializer):
    """A weekly opening rule as an HSDS schedule (freq WEEKLY).

    Times are wall-clock times in Finland (Europe/Helsinki); `closes_at` 00:00 is midnight at the
    end of the day. The rule does not hold on Finnish public holidays unless `open_on_holidays`.
    """

    freq = serializers.SerializerMethodField()
    byday = serializers.SerializerMethodField(help_text=_("Viikonpäivät RFC 5545:n lyhentein, esim. MO,TU,WE."))
    opens_at = WallClockTimeField()
    closes_at = WallClockTimeField()
    valid_from = serializers.DateField(read_only=True, allow_null=True)
    valid_to = serializers.DateField(read_only=True, allow_null=True)
    open_on_holidays = serializers.BooleanField(read_only=True)
    description = TranslatedField("note")

    def get_freq(self, schedule) -> str:
        return "WEEKLY"

    def get_byday(self, schedule) -> str:
        return ",".join(day.upper() for day in schedule.days)


class OpenStateFields(serializers.Serializer):
    """`open_now`, `closes_at` and `next_opens` of a record, from the states the view computed."""

    open_now = serializers.SerializerMethodField(
        allow_null=True, help_text=_("Auki nyt: true tai false; null, kun aukioloaikoja ei tiedetä.")
    )
    closes_at = serializers.SerializerMethodField(
        allow_null=True, help_text=_("Milloin nykyinen aukiolo päättyy (kun auki), ISO 8601 ja aikavyöhyke.")
    )
    next_opens = serializers.SerializerMethodField(
        allow_null=True,
        help_text=_(
            "Milloin aukeaa seuraavan kerran (kun suljettu), ISO 8601 ja aikavyöhyke; null, jos ei vuoden sisällä."
        ),
    )

    def get_fields(self):
        # After the record's own fields, however the subclass declares them.
        fields = super().get_fields()
        for name in ("open_now", "closes_at", "next_opens"):
            fields[name] = fields.pop(name)
        return fields

    def _state(self, obj) -> OpenState:
        return self.context.get("open_states", {}).get((type(obj), obj.pk), UNKNOWN)

    def _instant(self, value):
        return serializers.DateTimeField().to_representation(value) if value else None

    def get_open_now(self, obj) -> bool | None:
        return self._state(obj).is_open

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_closes_at(self, obj):
        return self._instant(self._state(obj).closes_at)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_next_opens(self, obj):
        return self._instant(self._state(obj).next_opens)


class ChannelSerializer(OpenStateFields):
    """A way to reach a service (phone, web, e-service, chat, e-mail, visit) with its own hours."""

    kind = EnumField(Channel.Kind)
    label = serializers.CharField(read_only=True)
    value = serializers.CharField(read_only=True)
    href = serializers.CharField(
        read_only=True, help_text=_("tel:-, mailto:- tai verkko-osoite; käyntiosoitteella tyhjä.")
    )
    schedules = ScheduleSerializer(many=True, read_only=True)


class PhoneSerializer(serializers.Serializer):
    """A phone channel as an HSDS phone."""

    number = serializers.CharField(source="value", read_only=True)
    description = serializers.CharField(source="label", read_only=True)


class PlaceSummarySerializer(RefSerializer):
    """Where a service is given, in short (the place's own endpoint has the rest)."""

    address = serializers.CharField(read_only=True)
    postal_code = serializers.CharField(read_only=True)
    municipality = RefSerializer(read_only=True, allow_null=True)


class ServiceSerializer(OpenStateFields):
    """A service of the family-centre network, as a search result."""

    slug = SlugField()
    name = TranslatedField()
    description = TranslatedField()
    description_plain = serializers.SerializerMethodField(
        allow_null=True,
        help_text=_("Selkokielinen kuvaus suomenkielisissä vastauksissa, jos kirjoitettu; muuten null."),
    )
    organization = RefSerializer(read_only=True, allow_null=True, help_text=_("Järjestäjä (HSDS organization)."))
    partners = RefSerializer(many=True, read_only=True)
    kind = EnumField(Service.Kind)
    status = EnumField(Service.Status)
    target_groups = RefSerializer(many=True, read_only=True)
    age_min = serializers.IntegerField(read_only=True, allow_null=True)
    age_max = serializers.IntegerField(read_only=True, allow_null=True)
    delivery = RefSerializer(source="delivery_modes", many=True, read_only=True)
    path_stage = RefSerializer(read_only=True, allow_null=True)
    tasks = RefSerializer(many=True, read_only=True)
    languages = RefSerializer(many=True, read_only=True)
    free = serializers.BooleanField(read_only=True, allow_null=True)
    anonymous = serializers.BooleanField(read_only=True, allow_null=True)
    identification_required = serializers.BooleanField(read_only=True, allow_null=True)
    response_promise = serializers.CharField(read_only=True)
    locations = PlaceSummarySerializer(source="places", many=True, read_only=True)
    channels = ChannelSerializer(many=True, read_only=True)
    phones = serializers.SerializerMethodField()
    schedules = ScheduleSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text=_("Palvelun julkinen sivu."))
    assured_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("Päivä, jona palvelun tiedot on viimeksi tarkistettu (HSDS assured_date); null, jos ei tiedetä."),
    )
    updated_at = serializers.DateTimeField(read_only=True)

    def get_description_plain(self, service) -> str | None:
        return (service.description_fi_plain or None) if self.context.get("lang") == "fi" else None

    @extend_schema_field(PhoneSerializer(many=True))
    def get_phones(self, service):
        phones = [channel for channel in service.channels.all() if channel.kind == Channel.Kind.PHONE]
        return PhoneSerializer(phones, many=True, context=self.context).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, service):
        return _public_url(self, "site:service_detail", service.slug)


class LocationSerializer(OpenStateFields):
    """A place where services are given (HSDS location); `meeting_place` marks kohtaamispaikat."""

    slug = SlugField()
    name = TranslatedField()
    description = TranslatedField()
    address = serializers.CharField(read_only=True)
    postal_code = serializers.CharField(read_only=True)
    municipality = RefSerializer(read_only=True, allow_null=True)
    area = RefSerializer(read_only=True, allow_null=True)
    organization = RefSerializer(read_only=True, allow_null=True)
    meeting_place = serializers.BooleanField(read_only=True)
    accessibility = serializers.CharField(read_only=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    schedules = ScheduleSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text=_("Paikan julkinen sivu."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, location):
        return _public_url(self, "site:location_detail", location.slug)


class ContactOrganizationSerializer(RefSerializer):
    website = OptionalUrlField()


class ContactGuidanceSerializer(serializers.Serializer):
    """The family centre's general guidance: the advice, and the link's label and address."""

    name = TranslatedField()
    description = TranslatedField()
    url = serializers.SerializerMethodField(help_text=_("Ohjeen linkki: sivuston sivu tai verkko-osoite."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, guidance):
        request = self.context.get("request")
        if guidance.link.startswith("/") and request is not None:
            return request.build_absolute_uri(guidance.link)
        if guidance.link:
            return guidance.link
        return _public_url(self, "site:service_detail", guidance.service.slug)


class ContactSerializer(serializers.Serializer):
    """How to reach the service, by the same rule as its page (directory/contact.py): its own
    `channels` ("own"); else its places ("place"); else its organisation's website and its parents'
    ("organization"); else the family centre's general guidance ("guidance"); "nothing" if even
    that is missing. `links`: guidance that names this service with a link (e.g. its form here)."""

    source = serializers.ChoiceField(
        [contact.OWN, contact.PLACE, contact.ORGANIZATION, contact.GUIDANCE, contact.NOTHING],
        source="kind",
        read_only=True,
    )
    locations = RefSerializer(source="places", many=True, read_only=True)
    organizations = ContactOrganizationSerializer(many=True, read_only=True)
    guidance = ContactGuidanceSerializer(many=True, read_only=True)
    links = ContactGuidanceSerializer(
        many=True, read_only=True, help_text=_("Tämän palvelun oma lomake tms. tällä sivustolla, kaikille lähteille.")
    )


class ServiceDetailSerializer(ServiceSerializer):
    """A service with its places in full, its search keywords and how to reach it."""

    locations = LocationSerializer(source="places", many=True, read_only=True)
    keywords = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()

    @extend_schema_field(ContactSerializer)
    def get_contact(self, service):
        return ContactSerializer(contact.ways_to_reach(service), context=self.context).data

    def get_keywords(self, service) -> list[str]:
        return service.keywords(self.context.get("lang") or "fi") or service.keywords("fi")


class LocationDetailSerializer(LocationSerializer):
    """A place with the services given there."""

    services = serializers.SerializerMethodField()

    @extend_schema_field(RefSerializer(many=True))
    def get_services(self, location):
        services = location.services.public().order_by("name_fi", "slug")
        return RefSerializer(services, many=True, context=self.context).data


class OrganizationSerializer(serializers.Serializer):
    """An organisation of the network or one that provides services (HSDS organization)."""

    slug = SlugField()
    name = TranslatedField()
    description = TranslatedField()
    kind = EnumField(Organization.Kind, allow_null=True)
    website = OptionalUrlField(help_text=_("Toimijan oma verkkosivusto; null, jos sitä ei tiedetä."))
    network_member = serializers.BooleanField(read_only=True)
    area = RefSerializer(read_only=True, allow_null=True)
    parent = RefSerializer(read_only=True, allow_null=True, help_text=_("Organisaatio, jonka yksikkö tämä on."))
    url = serializers.SerializerMethodField(help_text=_("Toimijan julkinen sivu."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, organization):
        return _public_url(self, "site:organization_detail", organization.slug)


class OrganizationDetailSerializer(OrganizationSerializer):
    """An organisation with its units and places."""

    units = RefSerializer(many=True, read_only=True)
    locations = RefSerializer(many=True, read_only=True)


@extend_schema_serializer(many=False)
class ErrorSerializer(serializers.Serializer):
    """The body of a 400 or 404: a message, and for bad parameters the messages of each."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Parametrin nimi → virheilmoitukset vastauksen kielellä."),
    )
