"""/api/v1/paths/: the service paths, with their stages, steps, choices and actions, and the linked
services' phone lines, hours and open-now state at the moment of the request."""

from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from perhekeskus.directory.open_states import days_off_around, service_open_state
from perhekeskus.directory.translation import translated
from perhekeskus.pathways import guide, phones
from perhekeskus.pathways.models import Pathway

from . import examples
from .openapi import BAD_PARAMETERS, NO_SUCH_PAGE, NOT_FOUND
from .serializers import WALL_CLOCK_PATTERN, SlugField
from .viewsets import LANG, LIST, DirectoryViewSet, slug_parameter


@extend_schema_field({"type": "string", "pattern": WALL_CLOCK_PATTERN, "example": "09:00"})
class WallClockText(serializers.CharField):
    """HH:MM in Finland's wall-clock time, as the phone lines' hours give it."""


class HoursSerializer(serializers.Serializer):
    days = serializers.ListField(
        child=serializers.ChoiceField(["mo", "tu", "we", "th", "fr", "sa", "su"]),
        help_text=gettext_lazy("Viikonpäivät: mo … su."),
    )
    opens = WallClockText(help_text="HH:MM")
    closes = WallClockText(help_text="HH:MM")


class PhoneLineSerializer(serializers.Serializer):
    number = serializers.CharField()
    tel = serializers.CharField(source="href")
    hours = serializers.SerializerMethodField()
    open_now = serializers.SerializerMethodField(help_text=gettext_lazy("null: aukioloa ei tiedetä."))
    next_opens = serializers.SerializerMethodField(allow_null=True)

    @extend_schema_field(HoursSerializer(many=True))
    def get_hours(self, line):
        return [
            {"days": list(r.days), "opens": f"{r.opens_at:%H:%M}", "closes": f"{r.closes_at:%H:%M}"} for r in line.rules
        ]

    def get_open_now(self, line) -> bool | None:
        return line.state.is_open

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_next_opens(self, line):
        return timezone.localtime(line.state.next_opens).isoformat() if line.state.next_opens else None


class LinkedServiceSerializer(serializers.Serializer):
    slug = SlugField()
    name = serializers.CharField()
    status = serializers.CharField()
    open_now = serializers.BooleanField(allow_null=True)
    phones = PhoneLineSerializer(many=True)


class ActionSerializer(serializers.Serializer):
    text = serializers.CharField()
    first = serializers.BooleanField(help_text=gettext_lazy("Tee ensin (esim. poliisin konsultointi)."))
    anonymous_child = serializers.BooleanField(help_text=gettext_lazy("Voi konsultoida nimeämättä lasta."))
    phones = PhoneLineSerializer(many=True)
    services = LinkedServiceSerializer(many=True)


class ChoiceSerializer(serializers.Serializer):
    label = serializers.CharField()
    next = serializers.CharField(help_text=gettext_lazy("Seuraavan askeleen tunniste."))


class StepSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    requires_consent = serializers.BooleanField()
    end = serializers.BooleanField()
    actions = ActionSerializer(many=True)
    choices = ChoiceSerializer(many=True)


class StageSerializer(serializers.Serializer):
    id = serializers.CharField()
    order = serializers.IntegerField()
    level = serializers.IntegerField()
    path_stage = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    text = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())
    outcome = serializers.CharField()
    phones = PhoneLineSerializer(many=True)
    services = LinkedServiceSerializer(many=True)


class PathwaySerializer(serializers.Serializer):
    slug = SlugField()
    audience = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField(help_text=gettext_lazy("Pysyvä osoite."))
    short_url = serializers.URLField(help_text=gettext_lazy("Lyhytlinkki verkostokirjeisiin."))


class PathwayDetailSerializer(PathwaySerializer):
    start = serializers.CharField(allow_null=True)
    stages = StageSerializer(many=True)
    steps = StepSerializer(many=True)


def summary(pathway: Pathway, request) -> dict:
    return {
        "slug": pathway.slug,
        "audience": pathway.audience,
        "title": pathway.title,
        "url": request.build_absolute_uri(reverse("pathways:detail", args=[pathway.slug])),
        "short_url": request.build_absolute_uri(reverse("pathways:short", args=[pathway.short])),
    }


def linked(services, at, days_off) -> list[dict]:
    return [
        {
            "slug": s.slug,
            "name": s.name,
            "status": s.status,
            "open_now": service_open_state(s, at, days_off).is_open,
            "phones": phones.lines("", [], [s], at, days_off),
        }
        for s in services
    ]


def detail(pathway: Pathway, request) -> dict:
    at = timezone.now()
    days_off = days_off_around(at)
    stages = [
        {
            "id": v.stage.key,
            "order": v.stage.order,
            "level": v.stage.level,
            "path_stage": v.stage.path_stage.slug if v.stage.path_stage else None,
            "title": v.stage.title,
            "text": v.stage.text,
            "items": [translated_item(item) for item in v.stage.items],
            "outcome": v.stage.outcome,
            "phones": v.lines,
            "services": linked([s for s, _state in v.services], at, days_off),
        }
        for v in guide.stages(pathway, at)
    ]
    steps = [
        {
            "id": step.key,
            "text": step.text,
            "requires_consent": step.requires_consent,
            "end": step.is_end,
            "actions": [
                {
                    "text": a.action.text,
                    "first": a.action.first,
                    "anonymous_child": a.action.anonymous_child,
                    "phones": a.lines,
                    "services": linked(a.services, at, days_off),
                }
                for a in guide.step_actions(step, at, days_off)
            ],
            "choices": [{"label": c.label, "next": c.next_step.key} for c in step.choices.all()],
        }
        for step in guide.steps_of(pathway)
    ]
    return {
        **summary(pathway, request),
        "start": pathway.start.key if pathway.start else None,
        "stages": stages,
        "steps": steps,
    }


def translated_item(item: dict) -> str:
    """A bullet point {fi, sv, en} in the request's language, Finnish where it has none."""
    holder = SimpleNamespace(**{f"text_{lang}": item.get(lang, "") for lang in ("fi", "sv", "en")})
    return translated(holder, "text")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Palvelupolut"),
        description=gettext_lazy("Perheiden palvelupolut ja ammattilaisten huoliopas."),
        parameters=LIST,
        responses={200: PathwaySerializer, 400: BAD_PARAMETERS, 404: NO_SUCH_PAGE},
        examples=examples.PATHWAYS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Palvelupolku tunnisteella"),
        description=gettext_lazy(
            "Polun vaiheet tai askeleet valintoineen ja toimenpiteineen; linkitetyt palvelut puhelinaikoineen ja "
            "tieto, onko linja auki nyt (open_now)."
        ),
        parameters=LANG + slug_parameter("perheiden-palvelupolku-2023"),
        responses={200: PathwayDetailSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND},
        examples=examples.PATHWAY_DETAILS,
    ),
)
class PathwayViewSet(DirectoryViewSet):
    """Service paths by slug (the slugs of the data file)."""

    queryset = Pathway.objects.select_related("start").order_by("audience", "slug")
    serializer_class = PathwaySerializer
    detail_serializer_class = PathwayDetailSerializer
    not_found_message = gettext_lazy("Palvelupolkua ei löydy.")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PathwaySerializer([summary(p, request) for p in page], many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(PathwayDetailSerializer(detail(self.get_object(), request)).data)
