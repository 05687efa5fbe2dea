"""GET /api/v1/activities/ and /api/v1/occurrences/: the meeting-place calendar as open data.

Thin over the activities app: the filters are the calendar pages' own (`OccurrenceFilterForm`,
`filtered_activities`), the dates come from `occurrences`, so an occurrence here is the one the
week page, the feeds and the poster show.
An activity carries its RFC 5545 rule; an occurrence is one dated meeting with its times as
ISO 8601 with the Finnish offset, kept and marked when cancelled. Times of day are wall-clock
times in Finland (Europe/Helsinki).
"""

from datetime import date, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from perhekeskus.activities.calendar import filtered_activities
from perhekeskus.activities.forms import OccurrenceFilterForm
from perhekeskus.activities.models import Activity
from perhekeskus.activities.occurrences import MAX_WINDOW_DAYS, Occurrence, WindowTooLong, occurrences
from perhekeskus.directory.translation import translated
from perhekeskus.search import names

from . import examples
from .openapi import BAD_PARAMETERS, NO_SUCH_PAGE, NOT_FOUND, form_parameters
from .params import validated
from .serializers import RefSerializer, SlugField, TranslatedField, WallClockTimeField, _public_url
from .viewsets import LANG, LIST, DirectoryViewSet, OpenDataViewSet, slug_parameter

DEFAULT_WINDOW_DAYS = 7
# Days that can be asked about: wide enough for any real season, narrow enough never to overflow.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


# --- Parameters -----------------------------------------------------------------------------------


def _day_field(label, help_text) -> forms.DateField:
    out_of_range = gettext_lazy("Anna päivä väliltä 2000-01-01–2099-12-31.")
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=["%Y-%m-%d"],
        validators=[MinValueValidator(FIRST_DAY, out_of_range), MaxValueValidator(LAST_DAY, out_of_range)],
        # The value is not repeated: it may be 10 000 characters of anything.
        error_messages={"invalid": gettext_lazy("Anna päivä muodossa VVVV-KK-PP, esim. 2022-02-14.")},
    )


class WindowParams(forms.Form):
    """`?start=` and `?end=`: the days asked for, both included; neither means the coming week."""

    start = _day_field(
        gettext_lazy("Ensimmäinen päivä"),
        format_lazy(
            gettext_lazy(
                "VVVV-KK-PP. Anna yhdessä end-parametrin kanssa; ilman kumpaakaan tästä päivästä {days} päivää."
            ),
            days=DEFAULT_WINDOW_DAYS,
        ),
    )
    end = _day_field(
        gettext_lazy("Viimeinen päivä"),
        format_lazy(
            gettext_lazy("VVVV-KK-PP, mukaan lukien. Enintään {max} päivää start-päivästä alkaen."),
            max=MAX_WINDOW_DAYS,
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if (start is None) != (end is None):
            missing = "end" if end is None else "start"
            self.add_error(missing, _("Anna sekä start että end, tai ei kumpaakaan."))
        elif start is not None and end < start:
            self.add_error("end", _("Viimeinen päivä on ennen ensimmäistä."))
        elif start is not None and (end - start).days + 1 > MAX_WINDOW_DAYS:
            self.add_error(
                "end", _("Liian pitkä jakso: enintään %(days)d päivää kerralla.") % {"days": MAX_WINDOW_DAYS}
            )
        return cleaned


class OccurrenceParams(OccurrenceFilterForm, WindowParams):
    """The occurrences' parameters: the activities' filters and the days."""


# --- Serializers ----------------------------------------------------------------------------------


class RuleSerializer(serializers.Serializer):
    """When an activity recurs, as the parts of an RFC 5545 RRULE, within valid_from–valid_to."""

    freq = serializers.SerializerMethodField(help_text=gettext_lazy("WEEKLY tai MONTHLY."))
    interval = serializers.IntegerField(read_only=True, help_text=gettext_lazy("Joka n:s viikko tai kuukausi."))
    byday = serializers.SerializerMethodField(help_text=gettext_lazy("Viikonpäivät RFC 5545:n lyhentein, esim. MO."))
    bysetpos = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Kuukausittaisessa: kuukauden monesko viikonpäivä (1–5, -1 viimeinen)."),
    )
    skip_public_holidays = serializers.BooleanField(
        read_only=True, help_text=gettext_lazy("true: ei kokoonnu suomalaisina arkipyhinä.")
    )

    def get_freq(self, activity) -> str:
        return activity.freq.upper()

    def get_byday(self, activity) -> list[str]:
        return [day.upper() for day in activity.weekdays]


class PauseSerializer(serializers.Serializer):
    """Days when the activity does not meet (besides its area's season breaks)."""

    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    reason = TranslatedField()


class ActivitySerializer(serializers.Serializer):
    """A recurring open activity of a meeting place (kohtaamispaikkatoiminta)."""

    slug = SlugField()
    title = TranslatedField("name")
    description = TranslatedField()
    organizers = RefSerializer(many=True, read_only=True)
    place = serializers.CharField(
        source="place.slug",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Paikan tunniste (ks. /api/v1/locations/); null, kun paikka vaihtelee."),
    )
    place_note = serializers.CharField(read_only=True, help_text=gettext_lazy("Paikasta suomeksi, esim. vaihtelusta."))
    area = RefSerializer(
        source="effective_area",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Perhekeskusalue: toiminnan oma, muuten paikan."),
    )
    target_groups = RefSerializer(many=True, read_only=True)
    age_min = serializers.IntegerField(read_only=True, allow_null=True)
    age_max = serializers.IntegerField(read_only=True, allow_null=True)
    free = serializers.BooleanField(read_only=True, allow_null=True)
    registration = serializers.BooleanField(
        read_only=True, allow_null=True, help_text=gettext_lazy("Vaatiiko ilmoittautumisen; null: ei tiedossa.")
    )
    attendance_limit = serializers.IntegerField(read_only=True, allow_null=True)
    rule = RuleSerializer(source="*", read_only=True)
    starts_at = WallClockTimeField(allow_null=True)
    ends_at = WallClockTimeField(allow_null=True)
    valid_from = serializers.DateField(read_only=True, allow_null=True)
    valid_to = serializers.DateField(read_only=True, allow_null=True)
    dates_known = serializers.BooleanField(
        read_only=True,
        help_text=gettext_lazy(
            "false: tiedoista ei selviä päiviä tai kellonaikoja (esim. kerran kuussa kertomatta milloin), "
            "joten toiminnalla ei ole kertoja /api/v1/occurrences/-listalla."
        ),
    )
    url = serializers.SerializerMethodField(help_text=gettext_lazy("Toiminnan julkinen sivu."))
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, activity):
        return _public_url(self, "activities:activity_detail", activity.slug)


class ActivityDetailSerializer(ActivitySerializer):
    """An activity with its own pauses."""

    pauses = PauseSerializer(source="exceptions", many=True, read_only=True)


class OccurrenceSerializer(serializers.Serializer):
    """One meeting of an activity on one day."""

    activity = serializers.CharField(
        source="activity.slug", read_only=True, help_text=gettext_lazy("Toiminnan tunniste.")
    )
    title = serializers.SerializerMethodField()
    date = serializers.DateField(read_only=True)
    start = serializers.DateTimeField(
        read_only=True,
        default_timezone=timezone.get_default_timezone(),
        help_text=gettext_lazy("ISO 8601 ja Suomen aikavyöhyke."),
    )
    end = serializers.DateTimeField(read_only=True, default_timezone=timezone.get_default_timezone())
    place = serializers.CharField(
        source="activity.place.slug",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Paikan tunniste (ks. /api/v1/locations/); null, kun paikka vaihtelee."),
    )
    place_note = serializers.CharField(source="activity.place_note", read_only=True)
    organizers = serializers.SerializerMethodField(help_text=gettext_lazy("Järjestäjien tunnisteet."))
    cancelled = serializers.BooleanField(read_only=True, help_text=gettext_lazy("true: kerta on peruttu."))
    cancel_reason = serializers.SerializerMethodField(
        help_text=gettext_lazy("Peruutuksen syy perheille; null, kun kertaa ei ole peruttu.")
    )
    note = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Päivän tiedote, esim. vierailija; tyhjä, jos ei ole (perutulla kerralla syy on cancel_reason)."
        )
    )
    moved = serializers.BooleanField(read_only=True, help_text=gettext_lazy("true: kellonaika poikkeaa tavallisesta."))

    def get_title(self, occurrence: Occurrence) -> str:
        return translated(occurrence.activity, "name", self.context.get("lang"))

    def get_organizers(self, occurrence: Occurrence) -> list[str]:
        return [organization.slug for organization in occurrence.activity.organizers.all()]

    def get_cancel_reason(self, occurrence: Occurrence) -> str | None:
        return occurrence.note if occurrence.cancelled else None

    def get_note(self, occurrence: Occurrence) -> str:
        # A date change has one note: a cancelled day's note is the reason of the cancellation.
        return "" if occurrence.cancelled else occurrence.note


# --- Views ----------------------------------------------------------------------------------------

ACTIVITY_FILTERS = {"area": "lansi-kotka", "target_group": "babies"}


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Kohtaamispaikkojen toiminnat"),
        description=gettext_lazy(
            "Toistuvat avoimet toiminnat suomenkielisen nimen mukaan, toistosääntöineen (RFC 5545). Suodattimet "
            "rajaavat yhdessä (JA). Toiminnan päivät poikkeuksineen ovat /api/v1/occurrences/-listalla."
        ),
        parameters=form_parameters(OccurrenceFilterForm, examples=ACTIVITY_FILTERS) + LIST,
        responses={200: ActivitySerializer, 400: BAD_PARAMETERS, 404: NO_SUCH_PAGE},
        examples=examples.ACTIVITIES,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Toiminta tunnisteella"),
        description=gettext_lazy("Toiminta toistosääntöineen ja omine taukoineen."),
        parameters=LANG + slug_parameter("lansi-kotka-vauvakerho-ma"),
        responses={200: ActivityDetailSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND},
        examples=examples.ACTIVITY_DETAILS,
    ),
)
class ActivityViewSet(DirectoryViewSet):
    """Recurring open activities of the meeting places (kohtaamispaikkatoiminta)."""

    queryset = (
        Activity.objects.select_related("place", "area", "place__area")
        .prefetch_related("organizers", "target_groups", "exceptions")
        .order_by("name_fi", "slug")
    )
    serializer_class = ActivitySerializer
    detail_serializer_class = ActivityDetailSerializer
    not_found_message = gettext_lazy("Toimintaa ei löydy.")

    def list(self, request, *args, **kwargs):
        filters = validated(OccurrenceFilterForm, request.query_params)
        by_words = names.found_by_words("activities", filters.get("q"))
        found = filtered_activities(filters, by_words).values("pk")
        page = self.paginate_queryset(self.get_queryset().filter(pk__in=found))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Toimintojen kerrat päivittäin"),
        description=format_lazy(
            gettext_lazy(
                "Toimintojen kerrat annettuina päivinä (start–end, molemmat mukaan lukien, enintään {max} päivää) "
                "alkamisajan mukaan. Alueen kausitauot, toimintojen omat tauot ja arkipyhät on jätetty pois; "
                "perutut kerrat ovat listalla merkittyinä (cancelled, cancel_reason). Suodattimet kuten "
                "/api/v1/activities/-listalla."
            ),
            max=MAX_WINDOW_DAYS,
        ),
        parameters=form_parameters(
            OccurrenceParams, examples={**ACTIVITY_FILTERS, "start": "2022-02-14", "end": "2022-02-20"}
        )
        + LIST,
        responses={200: OccurrenceSerializer, 400: BAD_PARAMETERS, 404: NO_SUCH_PAGE},
        examples=examples.OCCURRENCES,
    ),
)
class OccurrenceViewSet(OpenDataViewSet):
    """The dated meetings of the activities in a window of days."""

    serializer_class = OccurrenceSerializer

    def get_queryset(self):
        """None: the occurrences are computed in `list`. The browsable API's filter form (a browser
        asking for HTML) asks for a queryset all the same, and without one answered a 500."""
        return Activity.objects.none()

    def list(self, request, *args, **kwargs):
        params = validated(OccurrenceParams, request.query_params)
        start, end = params["start"], params["end"]
        if start is None:
            start = timezone.localdate(timezone=timezone.get_default_timezone())
            end = start + timedelta(days=DEFAULT_WINDOW_DAYS - 1)
        try:
            by_words = names.found_by_words("activities", params.get("q"))
            found = occurrences(filtered_activities(params, by_words), start, end)
        except WindowTooLong:  # the parameters' own check comes first; this is the domain's guard
            message = _("Liian pitkä jakso: enintään %(days)d päivää kerralla.") % {"days": MAX_WINDOW_DAYS}
            raise ValidationError({"detail": message, "errors": {"end": [message]}}) from None
        page = self.paginate_queryset(found)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
