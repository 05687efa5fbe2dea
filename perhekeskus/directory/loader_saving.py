"""Writing the records of a section, for every app's loader: each record read from a file
becomes an `Item`, and `save_items` writes the items by slug. A record is created, updated where
the file differs from the database, or left as it is, and its many-to-many sets and child rows
(opening hours, channels) are made those of the file. The model's own rules (full_clean) run
first and speak as loader messages, at the file's name for the field."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from .loader_context import LoadContext
from .loader_messages import Where
from .models import Channel, Schedule
from .translation import CONTENT_LANGUAGES

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


def texts(base: str, text: dict[str, str] | None) -> dict[str, str]:
    """A text by language as the model's columns `base_fi`, `base_sv`, `base_en`."""
    text = text or {}
    return {f"{base}_{lang}": text.get(lang, "") for lang in CONTENT_LANGUAGES}


def hour_rows(where: Where, rules) -> list[tuple[Where, dict]]:
    """Weekly rules as their schema read them (schema.Hours), as Schedule field values, each with
    its place (`where` is that of the list)."""
    return [(where / index, rule.schedule_fields()) for index, rule in enumerate(rules or [])]


def file_field(name: str) -> str:
    """The file's name for a model field in a message: `name_fi` is `name.fi`."""
    if name in FILE_NAMES:
        return FILE_NAMES[name]
    base, _, lang = name.rpartition("_")
    return f"{base}.{lang}" if base and lang in CONTENT_LANGUAGES else name


def validate(ctx: LoadContext, obj: models.Model, where: Where) -> bool:
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


def children(ctx: LoadContext, item: Item) -> tuple[list[Schedule], list[tuple[Channel, list[Schedule]]]] | None:
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


def save_items(ctx: LoadContext, model, items: list[Item], *, prefetch=()) -> list[tuple[Item, Any, str]]:
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


def link_parents(ctx: LoadContext, model, saved, parents: dict[str, str | None]) -> None:
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


def count_saved(ctx: LoadContext, section: str, saved) -> None:
    for item, _, status in saved:
        ctx.count(item.where.file, section, status)
