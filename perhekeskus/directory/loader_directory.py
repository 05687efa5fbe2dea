"""The directory's own sections of the data files, read and written: vocabularies, areas,
organisations, places, tasks and services with their channels and hours.

Each handler reads the records of its section in every file of the run into `Item`s (reporting
shape problems and unknown references through the run's context), then `save_items` writes them
by slug: a record is created, updated where the file differs from the database, or left as it is,
and its many-to-many sets and child rows are made those of the file. loader.py registers these
handlers and runs them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from .loader_schema import (
    AREA_FIELDS,
    CHANNEL_FIELDS,
    ORGANIZATION_FIELDS,
    PLACE_FIELDS,
    SERVICE_FIELDS,
    TARGET_GROUP_FIELDS,
    TASK_FIELDS,
    VOCABULARY_FIELDS,
    Reader,
    Where,
    choice,
    parse_bool,
    parse_decimal,
    parse_int,
    parse_keywords,
    parse_slug,
    parse_slugs,
    read_hours,
)
from .models import (
    Area,
    Channel,
    DeliveryMode,
    Language,
    Location,
    Organization,
    PathStage,
    Schedule,
    Service,
    TargetGroup,
    Task,
)
from .translation import CONTENT_LANGUAGES, PLAIN_FINNISH

if TYPE_CHECKING:
    from .loader import LoadContext, SectionPart

SCHEDULE_COLUMNS = (
    "weekdays",
    "opens_at",
    "closes_at",
    "valid_from",
    "valid_to",
    "open_on_holidays",
    "note_fi",
    "note_sv",
    "note_en",
)
# Model fields whose name differs from the file's, for messages from full_clean().
FILE_NAMES = {
    "opens_at": "opens",
    "closes_at": "closes",
    "weekdays": "days",
    "delivery_modes": "delivery",
    "description_fi_plain": "description.fi_plain",
}


@dataclass
class Item:
    """One record read from a file, ready to write: field values, many-to-many sets, child rows."""

    where: Where
    slug: str
    fields: dict[str, Any]
    ok: bool
    m2m: dict[str, list[int]] = field(default_factory=dict)
    schedules: list[tuple[Where, dict]] | None = None
    channels: list[tuple[Where, dict, list[tuple[Where, dict]]]] | None = None


def texts(base: str, text: dict[str, str]) -> dict[str, str]:
    return {f"{base}_{lang}": text.get(lang, "") for lang in CONTENT_LANGUAGES}


def file_field(name: str) -> str:
    """The file's name for a model field in a message: `name_fi` is `name.fi`."""
    if name in FILE_NAMES:
        return FILE_NAMES[name]
    base, _, lang = name.rpartition("_")
    return f"{base}.{lang}" if base and lang in CONTENT_LANGUAGES else name


def validate(ctx: "LoadContext", obj: models.Model, where: Where) -> bool:
    """The model's own rules (full_clean) as loader messages. References were resolved already,
    and a child's owner is set only on writing, so relations are left out."""
    exclude = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                ctx.error(where if name == NON_FIELD_ERRORS else where / file_field(name), message)
        return False
    return True


def schedule_row(schedule: Schedule) -> tuple:
    return tuple(getattr(schedule, column) for column in SCHEDULE_COLUMNS)


def children(ctx: "LoadContext", item: Item) -> tuple[list[Schedule], list[tuple[Channel, list[Schedule]]]] | None:
    """The child rows of an item as unsaved instances, each validated; None when one is invalid."""
    valid = True

    def checked(row: models.Model, where: Where) -> models.Model:
        nonlocal valid
        valid = validate(ctx, row, where) and valid
        return row

    def rules(hours: list[tuple[Where, dict]]) -> list[Schedule]:
        return [checked(Schedule(**values), where) for where, values in hours]

    schedules = rules(item.schedules or [])
    channels = [
        (checked(Channel(order=order, **values), where), rules(hours))
        for order, (where, values, hours) in enumerate(item.channels or [])
    ]
    return (schedules, channels) if valid else None


def state(obj: models.Model, item: Item, m2m: dict[str, list[int]], schedules, channels) -> tuple:
    """What a record holds, comparable between the database and the file: field values,
    many-to-many sets and child rows (None where the record has no such rows)."""
    return (
        {name: getattr(obj, name) for name in item.fields},
        {name: sorted(set(pks)) for name, pks in m2m.items()},
        None if schedules is None else [schedule_row(s) for s in schedules],
        None
        if channels is None
        else [((c.kind, c.label, c.value, c.order), [schedule_row(s) for s in rules]) for c, rules in channels],
    )


def stored_state(obj: models.Model, item: Item) -> tuple:
    """The state of a record in the database (its relations prefetched)."""
    return state(
        obj,
        item,
        {name: [o.pk for o in getattr(obj, name).all()] for name in item.m2m},
        None if item.schedules is None else list(obj.schedules.all()),
        None if item.channels is None else [(c, list(c.schedules.all())) for c in obj.channels.all()],
    )


def save_items(ctx: "LoadContext", model, items: list[Item], *, prefetch=()) -> list[tuple[Item, Any, str]]:
    """Create or update each valid item by slug, writing only where the file differs from the
    database. Returns (item, object, status) with status "new", "updated" or "unchanged"."""
    existing = {o.slug: o for o in model.objects.filter(slug__in=[i.slug for i in items]).prefetch_related(*prefetch)}
    saved = []
    for item in items:
        if not item.ok:
            continue
        obj = existing.get(item.slug)
        before = stored_state(obj, item) if obj else None
        obj = obj or model(slug=item.slug)
        for name, value in item.fields.items():
            setattr(obj, name, value)
        rows = children(ctx, item)
        if not validate(ctx, obj, item.where) or rows is None:
            continue
        schedules, channels = rows
        after = state(
            obj,
            item,
            item.m2m,
            None if item.schedules is None else schedules,
            None if item.channels is None else channels,
        )
        status = "new" if before is None else "unchanged" if before == after else "updated"
        if status != "unchanged":
            write(obj, item, schedules, channels)
        ctx.known(model)[obj.slug] = obj.pk
        saved.append((item, obj, status))
    return saved


def write(obj, item: Item, schedules: list[Schedule], channels: list[tuple[Channel, list[Schedule]]]) -> None:
    """Save a record and make its many-to-many sets and child rows those of the file."""
    obj.save()
    for name, pks in item.m2m.items():
        getattr(obj, name).set(pks)
    if item.schedules is not None:
        obj.schedules.all().delete()
        for schedule in schedules:
            setattr(schedule, obj._meta.model_name, obj)
        Schedule.objects.bulk_create(schedules)
    if item.channels is not None:
        obj.channels.all().delete()
        for channel, rules in channels:
            channel.service = obj
            channel.save()
            for schedule in rules:
                schedule.channel = channel
            Schedule.objects.bulk_create(rules)


def link_parents(ctx: "LoadContext", model, saved, parents: dict[str, str | None]) -> None:
    """The second pass for records whose parent may be defined later in the run: set `parent`
    once every record of the section exists, then refuse cycles."""
    for index, (item, obj, status) in enumerate(saved):
        parent = ctx.resolve(model, parents.get(item.slug), item.where / "parent")
        if obj.parent_id != parent:
            obj.parent_id = parent
            obj.save(update_fields=["parent"])
            saved[index] = (item, obj, "updated" if status == "unchanged" else status)
    parent_of = dict(model.objects.values_list("pk", "parent_id"))
    for item, obj, _ in saved:
        seen, pk = set(), obj.pk
        while pk is not None and pk not in seen:
            seen.add(pk)
            pk = parent_of.get(pk)
        if pk == obj.pk:
            ctx.error(item.where / "parent", f"the parent chain of '{item.slug}' comes back to it")


def count_saved(ctx: "LoadContext", section: str, saved) -> None:
    for item, _, status in saved:
        ctx.count(item.where.file, section, status)


def vocabulary_section(model, section: str) -> Callable[["LoadContext", list["SectionPart"]], None]:
    """A handler for a vocabulary (target groups, path stages ...): rows whose labels families see.
    Without `order`, a term keeps its position in the file. Tasks keep their source; target
    groups may have an age range, which the age filter uses for services that give no ages."""
    fields = {Task: TASK_FIELDS, TargetGroup: TARGET_GROUP_FIELDS}.get(model, VOCABULARY_FIELDS)

    def load(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
        items = []
        for part in parts:
            for position, r in enumerate(ctx.records(part, fields, required=("slug", "name")), start=1):
                values = {
                    **texts("name", r.text("name")),
                    **texts("description", r.text("description")),
                    "order": r.get("order", parse_int, position),
                }
                if model is Task:
                    values["source"] = r.get("source", default="")
                if model is TargetGroup:
                    values["age_min"], values["age_max"] = r.get("age_min", parse_int), r.get("age_max", parse_int)
                    if None not in (values["age_min"], values["age_max"]) and values["age_min"] > values["age_max"]:
                        r.error("age_max", f"{values['age_max']} is below age_min {values['age_min']}")
                items.append(Item(r.where, r.get("slug", parse_slug), values, ok=r.ok))
        count_saved(ctx, section, save_items(ctx, model, items))

    return load


def load_areas(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    """Areas; `parent` and `municipalities` may name areas defined later (two passes)."""
    items, parents, municipalities = [], {}, {}
    for part in parts:
        for r in ctx.records(part, AREA_FIELDS, required=("slug", "name", "kind")):
            slug = r.get("slug", parse_slug)
            values = {
                **texts("name", r.text("name")),
                "kind": r.get("kind", choice(Area.Kind.values), ""),
                "note": r.get("note", default=""),
                "source": r.get("source", default=""),
            }
            parents[slug] = r.get("parent", parse_slug)
            municipalities[slug] = r.get("municipalities", parse_slugs, [])
            items.append(Item(r.where, slug, values, ok=r.ok))
    saved = save_items(ctx, Area, items, prefetch=["municipalities"])
    link_parents(ctx, Area, saved, parents)
    kinds = dict(Area.objects.values_list("slug", "kind"))
    for index, (item, obj, status) in enumerate(saved):
        where = item.where / "municipalities"
        for slug in municipalities[item.slug]:
            if kinds.get(slug, Area.Kind.MUNICIPALITY) != Area.Kind.MUNICIPALITY:
                ctx.error(where, f"area '{slug}' is a {kinds[slug]}, not a municipality")
        wanted = sorted(ctx.resolve_all(Area, municipalities[item.slug], where))
        if wanted != sorted(m.pk for m in obj.municipalities.all()):
            obj.municipalities.set(wanted)
            saved[index] = (item, obj, "updated" if status == "unchanged" else status)
    count_saved(ctx, "areas", saved)


def load_organizations(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    """Organisations; `parent` (the organisation a unit belongs to) may be defined later."""
    items, parents = [], {}
    for part in parts:
        for r in ctx.records(part, ORGANIZATION_FIELDS, required=("slug", "name")):
            slug = r.get("slug", parse_slug)
            values = {
                **texts("name", r.text("name")),
                **texts("description", r.text("description")),
                "kind": r.get("kind", choice(Organization.Kind.values), ""),
                "website": r.get("website", default=""),
                "network_member": r.get("network_member", parse_bool, False),
                "area_id": ctx.resolve(Area, r.get("area", parse_slug), r.where / "area"),
                "note": r.get("note", default=""),
                "source": r.get("source", default=""),
            }
            parents[slug] = r.get("parent", parse_slug)
            items.append(Item(r.where, slug, values, ok=r.ok))
    saved = save_items(ctx, Organization, items)
    link_parents(ctx, Organization, saved, parents)
    count_saved(ctx, "organizations", saved)


def load_places(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    """Places (HSDS locations) with their opening hours; `municipality` must be a municipality."""
    kinds = dict(Area.objects.values_list("slug", "kind"))
    items = []
    for part in parts:
        for r in ctx.records(part, PLACE_FIELDS, required=("slug", "name")):
            municipality = r.get("municipality", parse_slug)
            if kinds.get(municipality, Area.Kind.MUNICIPALITY) != Area.Kind.MUNICIPALITY:
                r.error("municipality", f"area '{municipality}' is a {kinds[municipality]}, not a municipality")
                municipality = None
            values = {
                **texts("name", r.text("name")),
                **texts("description", r.text("description")),
                "address": r.get("address", default=""),
                "postal_code": r.get("postal_code", default=""),
                "municipality_id": ctx.resolve(Area, municipality, r.where / "municipality"),
                "area_id": ctx.resolve(Area, r.get("area", parse_slug), r.where / "area"),
                "organization_id": ctx.resolve(
                    Organization, r.get("organization", parse_slug), r.where / "organization"
                ),
                "meeting_place": r.get("meeting_place", parse_bool, False),
                "accessibility": r.get("accessibility", default=""),
                "latitude": r.get("latitude", parse_decimal),
                "longitude": r.get("longitude", parse_decimal),
                "note": r.get("note", default=""),
                "source": r.get("source", default=""),
            }
            hours = read_hours(r)
            items.append(Item(r.where, r.get("slug", parse_slug), values, ok=r.ok, schedules=hours))
    count_saved(ctx, "places", save_items(ctx, Location, items, prefetch=["schedules"]))


SERVICE_REFERENCES = {  # file field -> (model field, vocabulary or record kind)
    "partners": ("partners", Organization),
    "target_groups": ("target_groups", TargetGroup),
    "delivery": ("delivery_modes", DeliveryMode),
    "tasks": ("tasks", Task),
    "languages": ("languages", Language),
    "places": ("places", Location),
}


def read_channels(ctx: "LoadContext", r: Reader) -> list[tuple[Where, dict, list[tuple[Where, dict]]]]:
    """The channels of a service. A `web` channel given as a social-media handle ("@name", as in
    kemi.yaml) is a social-media channel: kept, shown as text, with no link to follow."""
    channels = []
    for c in r.records("channels", CHANNEL_FIELDS, required=("kind", "value")):
        values = {
            "kind": c.get("kind", choice(Channel.Kind.values), ""),
            "label": c.get("label", default=""),
            "value": c.get("value", default=""),
        }
        hours = read_hours(c)
        if values["kind"] == Channel.Kind.WEB and values["value"].startswith("@"):
            values["kind"] = Channel.Kind.SOCIAL_MEDIA
        channels.append((c.where, values, hours))
    return channels


def load_services(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    """Services with their channels, hours, places, partners and vocabulary terms."""
    items = []
    for part in parts:
        for r in ctx.records(part, SERVICE_FIELDS, required=("slug", "name", "kind")):
            description = r.text("description", (*CONTENT_LANGUAGES, PLAIN_FINNISH))
            keywords = r.get("keywords", parse_keywords, {})
            values = {
                **texts("name", r.text("name")),
                **texts("description", description),
                "description_fi_plain": description.get(PLAIN_FINNISH, ""),
                "organization_id": ctx.resolve(
                    Organization, r.get("organization", parse_slug), r.where / "organization"
                ),
                "kind": r.get("kind", choice(Service.Kind.values), ""),
                "status": r.get("status", choice(Service.Status.values), Service.Status.ACTIVE),
                "age_min": r.get("age_min", parse_int),
                "age_max": r.get("age_max", parse_int),
                "path_stage_id": ctx.resolve(PathStage, r.get("path_stage", parse_slug), r.where / "path_stage"),
                **{name: r.get(name, parse_bool) for name in ("free", "anonymous", "identification_required")},
                "response_promise": r.get("response_promise", default=""),
                **{f"keywords_{lang}": keywords.get(lang, "") for lang in CONTENT_LANGUAGES},
                "note": r.get("note", default=""),
                "source": r.get("source", default=""),
            }
            m2m = {
                name: ctx.resolve_all(model, r.get(key, parse_slugs, []), r.where / key)
                for key, (name, model) in SERVICE_REFERENCES.items()
            }
            channels = read_channels(ctx, r)
            hours = read_hours(r)
            items.append(
                Item(r.where, r.get("slug", parse_slug), values, ok=r.ok, m2m=m2m, schedules=hours, channels=channels)
            )
    prefetch = [*(name for name, _ in SERVICE_REFERENCES.values()), "schedules", "channels__schedules"]
    count_saved(ctx, "services", save_items(ctx, Service, items, prefetch=prefetch))
