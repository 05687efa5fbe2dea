"""The `pathways` section of the data files (kemi_pathways.yaml), stored.

A path's stages, steps, choices and actions belong to its file: a re-run replaces them, so a step
removed from the file is gone, and the path itself is updated by slug. A professionals' guide whose
steps go round in a circle, end nowhere or lead to unknown steps is refused with a message naming
the file, the path and the step (graph.py), and nothing of the run is written.
"""

from typing import TYPE_CHECKING

from perhekeskus.directory import loader as directory_loader
from perhekeskus.directory.loader import register_section
from perhekeskus.directory.loader_directory import Item, count_saved, save_items, texts
from perhekeskus.directory.loader_later import ACTION, PATHWAY, check_pathway_ids
from perhekeskus.directory.loader_schema import (
    parse_bool,
    parse_int,
    parse_slug,
    parse_slugs,
    parse_str,
    read_hours,
)
from perhekeskus.directory.models import PathStage, Service

from . import graph
from .models import Action, Choice, Pathway, Stage, StageService, Step

if TYPE_CHECKING:
    from perhekeskus.directory.loader import LoadContext, SectionPart

directory_loader.NOUNS[Pathway] = ("pathway", "pathways")
STAGE = PATHWAY["stages"].spec
STEP = PATHWAY["steps"].spec
CHOICE = STEP["choices"].spec


def short_link(slug: str) -> str:
    """'perheiden-palvelupolku-2023' -> 'pp-2023': initials of the words, numbers whole."""
    words = slug.split("-")
    letters = "".join(w[0] for w in words if not w.isdigit())
    numbers = "-".join(w for w in words if w.isdigit())
    return "-".join(part for part in (letters, numbers) if part) or slug


def hours_json(rules) -> list[dict]:
    """Weekly rules read by `read_hours`, as plain JSON (days, opens, closes)."""
    return [
        {
            "days": values["weekdays"].split(","),
            "opens": f"{values['opens_at']:%H:%M}",
            "closes": f"{values['closes_at']:%H:%M}",
        }
        for _where, values in rules
        if values.get("weekdays") and values.get("opens_at") and values.get("closes_at")
    ]


def read_stage(ctx, r, position):
    return {
        "key": r.get("id", parse_slug),
        "order": r.get("order", parse_int, position),
        "level": r.get("level", parse_int, 1),
        "path_stage_id": ctx.resolve(PathStage, r.get("path_stage", parse_slug), r.where / "path_stage"),
        **texts("name", r.text("title")),
        **texts("text", r.text("text")),
        "items": r.texts("items"),
        "phone": r.get("phone", parse_str, ""),
        "hours": hours_json(read_hours(r)),
        **texts("outcome", r.text("outcome")),
        "note": r.get("note", default=""),
        "services": ctx.resolve_all(Service, r.get("services", parse_slugs, []), r.where / "services"),
    }


def read_action(ctx, r, position):
    return {
        "order": position,
        **texts("text", r.text("text")),
        "service_id": ctx.resolve(Service, r.get("service", parse_slug), r.where / "service"),
        "services": ctx.resolve_all(Service, r.get("services", parse_slugs, []), r.where / "services"),
        "phone": r.get("phone", parse_str, ""),
        "hours": hours_json(read_hours(r)),
        "anonymous_child": r.get("anonymous_child", parse_bool, False),
        "first": r.get("first", parse_bool, False),
    }


def read_step(ctx, r, position):
    actions = [read_action(ctx, a, i) for i, a in enumerate(r.records("actions", ACTION, required=("text",)))]
    choices = [
        {"order": i, **texts("label", c.text("label")), "next": c.get("next", parse_slug)}
        for i, c in enumerate(r.records("choices", CHOICE, required=("label", "next")))
    ]
    return {
        "key": r.get("id", parse_slug),
        "order": position,
        **texts("text", r.text("text")),
        "requires_consent": r.get("requires_consent", parse_bool, False),
        "is_end": r.get("end", parse_bool, False),
        "note": r.get("note", default=""),
        "actions": actions,
        "choices": choices,
    }


def load_pathways(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    items, children = [], {}
    shorts = dict(Pathway.objects.values_list("slug", "short"))  # a short link, once given, stays
    for part in parts:
        for r in ctx.records(part, PATHWAY, required=("slug", "audience", "title")):
            check_pathway_ids(r)
            slug = r.get("slug", parse_slug)
            audience = r.get("audience", PATHWAY["audience"], Pathway.Audience.FAMILIES)
            stages = [
                read_stage(ctx, s, i) for i, s in enumerate(r.records("stages", STAGE, required=("id", "title")), 1)
            ]
            steps = [read_step(ctx, s, i) for i, s in enumerate(r.records("steps", STEP, required=("id", "text")))]
            start = r.get("start", parse_slug)
            if r.ok and (audience == Pathway.Audience.PROFESSIONALS or steps):  # ids checked first
                nexts = {s["key"]: [c["next"] for c in s["choices"]] for s in steps}
                for message in graph.problems(start, nexts, {s["key"] for s in steps if s["is_end"]}):
                    r.error("steps", message)
            values = {
                **texts("name", r.text("title")),
                "audience": audience,
                "short": shorts.get(slug) or unique_short(slug, shorts),
                "source": r.get("source", default=""),
                "note": r.get("note", default=""),
            }
            if r.ok and slug:
                items.append(Item(r.where, slug, values, ok=True))
                children[slug] = (stages, steps, start)
    saved = save_items(ctx, Pathway, items)
    for item, pathway, _status in saved:
        stages, steps, start = children[item.slug]
        store(pathway, stages, steps, start)
    count_saved(ctx, "pathways", saved)


def unique_short(slug: str, shorts: dict[str, str]) -> str:
    short = base = short_link(slug or "")
    number = 2
    while short in shorts.values():
        short, number = f"{base}-{number}", number + 1
    shorts[slug] = short
    return short


def store(pathway: Pathway, stages: list[dict], steps: list[dict], start: str | None) -> None:
    pathway.start = None
    pathway.save(update_fields=["start"])
    pathway.stages.all().delete()
    pathway.steps.all().delete()
    for values in stages:
        services = values.pop("services")
        stage = Stage.objects.create(pathway=pathway, **values)
        StageService.objects.bulk_create(
            StageService(stage=stage, service_id=service, order=i) for i, service in enumerate(services)
        )
    made = {}
    for values in steps:
        actions, choices = values.pop("actions"), values.pop("choices")
        made[values["key"]] = (Step.objects.create(pathway=pathway, **values), actions, choices)
    for step, actions, choices in made.values():
        for values in actions:
            services = values.pop("services")
            action = Action.objects.create(step=step, **values)
            action.services.set(services)
        Choice.objects.bulk_create(Choice(step=step, next_step=made[c.pop("next")][0], **c) for c in choices)
    if start in made:
        pathway.start = made[start][0]
        pathway.save(update_fields=["start"])


register_section("pathways", load_pathways)
