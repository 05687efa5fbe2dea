"""The `pathways` section of the data files (kemi_pathways.yaml, declared in schema.py), stored.
Registered when PathwaysConfig.ready() imports this module.

A path's stages, steps, choices and actions belong to its file: a re-run replaces them, so a step
removed from the file is gone, and the path itself is updated by slug. A professionals' guide whose
steps go round in a circle, end nowhere or lead to unknown steps is refused with a message naming
the file, the path and the step (graph.py), and nothing of the run is written.
"""

from perhekeskus.directory.loader_context import Entry, LoadContext, Section, SectionPart, register_sections
from perhekeskus.directory.loader_saving import Item, count_saved, save_items, texts
from perhekeskus.directory.models import PathStage, Service

from . import graph, schema
from .models import Action, Choice, Pathway, Stage, StageService, Step


def short_link(slug: str) -> str:
    """'perheiden-palvelupolku-2023' -> 'pp-2023': initials of the words, numbers whole."""
    words = slug.split("-")
    letters = "".join(w[0] for w in words if not w.isdigit())
    numbers = "-".join(w for w in words if w.isdigit())
    return "-".join(part for part in (letters, numbers) if part) or slug


def hours_json(rules) -> list[dict]:
    """Weekly rules as their schema read them, as plain JSON (days, opens, closes)."""
    return [
        {"days": rule.days.split(","), "opens": f"{rule.opens:%H:%M}", "closes": f"{rule.closes:%H:%M}"}
        for rule in rules
        if rule.days and rule.opens and rule.closes
    ]


def read_stage(ctx: LoadContext, stage: schema.Stage, where, position: int) -> dict:
    return {
        "key": stage.id,
        "order": position if stage.order is None else stage.order,
        "level": stage.level,
        "path_stage_id": ctx.resolve(PathStage, stage.path_stage, where / "path_stage"),
        **texts("name", stage.title),
        **texts("text", stage.text),
        "items": [item for item in stage.items if item is not None],
        "phone": stage.phone,
        "hours": hours_json(stage.hours),
        **texts("outcome", stage.outcome),
        "note": stage.note,
        "services": ctx.resolve_all(Service, stage.services, where / "services"),
    }


def read_action(ctx: LoadContext, action: schema.Action, where, position: int) -> dict:
    return {
        "order": position,
        **texts("text", action.text),
        "service_id": ctx.resolve(Service, action.service, where / "service"),
        "services": ctx.resolve_all(Service, action.services, where / "services"),
        "phone": action.phone,
        "hours": hours_json(action.hours),
        "anonymous_child": action.anonymous_child,
        "first": action.first,
    }


def read_step(ctx: LoadContext, step: schema.Step, where, position: int) -> dict:
    actions = [read_action(ctx, a, where / "actions" / i, i) for i, a in enumerate(step.actions)]
    choices = [{"order": i, **texts("label", c.label), "next": c.next} for i, c in enumerate(step.choices)]
    return {
        "key": step.id,
        "order": position,
        **texts("text", step.text),
        "requires_consent": step.requires_consent,
        "is_end": step.end,
        "note": step.note,
        "actions": actions,
        "choices": choices,
    }


def check_ids(entry: Entry[schema.Pathway]) -> None:
    """Stage and step ids are unique, and `start` and every `next` name a step."""
    pathway = entry.record
    steps = [s.id for s in pathway.steps]
    for key in ("stages", "steps"):
        ids = [s.id for s in getattr(pathway, key)]
        for twice in sorted({i for i in ids if ids.count(i) > 1 and isinstance(i, str)}):
            entry.error(key, f"the id '{twice}' is used twice")
    if pathway.start is not None and pathway.start not in steps:
        entry.error("start", f"no step has the id {pathway.start!r}")
    for index, step in enumerate(pathway.steps):
        for number, option in enumerate(step.choices):
            if option.next is not None and option.next not in steps:
                where = entry.where / "steps" / index / "choices" / number / "next"
                entry.problems.error(where, f"no step has the id {option.next!r}")


def load_pathways(ctx: LoadContext, parts: list[SectionPart]) -> None:
    items, children = [], {}
    shorts = dict(Pathway.objects.values_list("slug", "short"))  # a short link, once given, stays
    for part in parts:
        for entry in ctx.records(part, schema.Pathway):
            pathway = entry.record
            check_ids(entry)
            audience = pathway.audience or Pathway.Audience.FAMILIES
            where = entry.where
            stages = [read_stage(ctx, s, where / "stages" / i, i + 1) for i, s in enumerate(pathway.stages)]
            steps = [read_step(ctx, s, where / "steps" / i, i) for i, s in enumerate(pathway.steps)]
            if entry.ok and (audience == Pathway.Audience.PROFESSIONALS or steps):  # ids checked first
                nexts = {s["key"]: [c["next"] for c in s["choices"]] for s in steps}
                for message in graph.problems(pathway.start, nexts, {s["key"] for s in steps if s["is_end"]}):
                    entry.error("steps", message)
            if not entry.ok:
                continue
            values = {
                **texts("name", pathway.title),
                "audience": audience,
                "short": shorts.get(pathway.slug) or unique_short(pathway.slug, shorts),
                "source": pathway.source,
                "note": pathway.note,
            }
            items.append(Item(where, pathway.slug, values, ok=True))
            children[pathway.slug] = (stages, steps, pathway.start)
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


register_sections(Section("pathways", load_pathways, Pathway, "pathway"))
