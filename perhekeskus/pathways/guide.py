"""What a page of a path shows, built from the data and the directory as they are now.

Views call these; templates only lay them out. Services linked from a path are shown only while
they are public (active or planned): a service set "not in use" or deleted drops out of the page,
and `broken_links` lists such links for the coordinator in the admin.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.validators import slug_re
from django.db.models import Prefetch

from perhekeskus.directory.contact import site_links
from perhekeskus.directory.models import Service
from perhekeskus.directory.open_states import HOURS_PREFETCH, days_off_around, service_open_state

from . import graph, phones
from .models import Action, Choice, Pathway, Stage, StageService, Step

PUBLIC_SERVICES = Service.objects.public().with_relations().prefetch_related(*HOURS_PREFETCH, "contact_guidance")


@dataclass
class ActionView:
    action: Action
    services: list[Service]
    lines: list[phones.PhoneLine]
    links: list = field(default_factory=list)  # web addresses and e-services of the services
    forms: list = field(default_factory=list)  # the main service's own form on this site (see StageView)


@dataclass
class StageView:
    stage: Stage
    services: list[tuple[Service, object]]  # (service, open state)
    lines: list[phones.PhoneLine]
    # A service's own form on this site (directory ContactGuidance with a link), by service pk:
    # the stage about Pyydä apua! leads to the form itself, not only to the service's page.
    forms: dict = field(default_factory=dict)


def web_links(services: list[Service]) -> list:
    return [c for s in services for c in s.channels.all() if c.kind in ("web", "e_service", "chat")]


def _public(services) -> list[Service]:
    return [s for s in services if s.status != Service.Status.NOT_IN_USE]


def steps_of(pathway: Pathway):
    """The path's steps with their actions, linked services and choices in a fixed number of queries."""
    actions = Action.objects.prefetch_related(
        Prefetch("services", queryset=PUBLIC_SERVICES), Prefetch("service", queryset=PUBLIC_SERVICES)
    )
    return pathway.steps.prefetch_related(
        Prefetch("actions", queryset=actions), Prefetch("choices", queryset=Choice.objects.select_related("next_step"))
    )


def step_actions(step: Step, at: datetime, days_off) -> list[ActionView]:
    """The actions of a step taken from `steps_of` (prefetched)."""
    views = []
    for action in step.actions.all():
        services = _public([action.service] if action.service else []) + [
            s for s in _public(action.services.all()) if s != action.service
        ]
        main = services[:1]  # the phone channels of the main service only
        lines = phones.lines(action.phone, action.hours, main, at, days_off)
        own_forms = [form for service in main for form in service.contact_guidance.all() if form.link]
        views.append(ActionView(action, services, lines, web_links(main), own_forms))
    return views


def stages(pathway: Pathway, at: datetime) -> list[StageView]:
    days_off = days_off_around(at)
    found = []
    every = Service.objects.with_relations().prefetch_related(*HOURS_PREFETCH)
    links = StageService.objects.order_by("order").prefetch_related(Prefetch("service", queryset=every))
    stage_rows = list(pathway.stages.prefetch_related(Prefetch("stageservice_set", queryset=links)))
    forms = site_links({link.service_id for stage in stage_rows for link in stage.stageservice_set.all()})
    for stage in stage_rows:
        services = _public(link.service for link in stage.stageservice_set.all())
        found.append(
            StageView(
                stage,
                [(s, service_open_state(s, at, days_off)) for s in services],
                phones.lines(stage.phone, stage.hours, services[:1], at, days_off) if stage.phone else [],
                {s.pk: forms[s.pk] for s in services if s.pk in forms},
            )
        )
    return found


def levels(stage_views: list[StageView]) -> list[tuple[int, list[StageView]]]:
    """Stages grouped by their step of the staircase, lowest first (side by side in the handbook)."""
    grouped: dict[int, list[StageView]] = {}
    for view in stage_views:
        grouped.setdefault(view.stage.level, []).append(view)
    return sorted(grouped.items())


def next_map(pathway: Pathway) -> dict[str, list[str]]:
    return {
        step.key: [c.next_step.key for c in step.choices.all()]
        for step in pathway.steps.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.select_related("next_step"))
        )
    }


def trail(pathway: Pathway, raw: str, current: Step) -> list[Step]:
    """The route taken to `current` from `?via=a,b,c`, kept only where each step leads to the next."""
    keys = [k for k in raw.split(",") if k][:50]
    if not all(slug_re.fullmatch(k) for k in keys):  # anything else is tampering: no trail
        return []
    steps = {s.key: s for s in pathway.steps.filter(key__in=keys)}
    nexts = next_map(pathway) if keys else {}
    route = []
    for key in keys:
        if key not in steps or (route and key not in nexts.get(route[-1].key, [])):
            return []
        route.append(steps[key])
    if route and current.key not in nexts.get(route[-1].key, []):
        return []
    return route


def routes(pathway: Pathway) -> list[list[str]]:
    if not pathway.start:
        return []
    return graph.routes(pathway.start.key, next_map(pathway))


def broken_links(pathway: Pathway) -> list[str]:
    """Links to services that are not in use, or actions whose service was deleted (for the admin)."""
    found = []
    for stage in pathway.stages.prefetch_related("services"):
        found += [f"{stage.key}: {s.name_fi}" for s in stage.services.all() if s.status == Service.Status.NOT_IN_USE]
    for action in Action.objects.filter(step__pathway=pathway).select_related("service", "step"):
        if action.service and action.service.status == Service.Status.NOT_IN_USE:
            found.append(f"{action.step.key}: {action.service.name_fi}")
    return found


def now_and_days_off(at: datetime | None = None) -> tuple[datetime, frozenset[date]]:
    from django.utils import timezone

    at = at or timezone.now()
    return at, days_off_around(at)
