"""The data loader: YAML files in the format of data/SCHEMA.md into the directory.

`load_files(paths)` loads several files in one run, all or nothing: everything happens in one
transaction, and any problem rolls the whole run back and raises `LoadError` with every message
found (each naming file, record and field). Records are matched by slug, so a re-run updates
rather than duplicates, and writes only what differs from the database; many-to-many sets and
child rows (channels, hours, places of a service) are made to match the file.

A file is a mapping of sections. Each section has a handler in a small registry, run in a fixed
order across all files of the run (all areas of all files before any organisation ...), so a
record may refer to one defined in another file. The directory's own sections are registered
here; sections owned by later apps (activities, pathways, network ...) start as the shape checks
of loader_sections.py, and those apps replace them with `register_section` to store them.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import translation

from .loader_schema import (
    AREA_FIELDS,
    CHANNEL_FIELDS,
    FILE_FIELDS,
    ORGANIZATION_FIELDS,
    PLACE_FIELDS,
    SERVICE_FIELDS,
    TASK_FIELDS,
    VOCABULARY_FIELDS,
    Problems,
    Reader,
    Where,
    choice,
    describe,
    parse_bool,
    parse_decimal,
    parse_int,
    parse_keywords,
    parse_slug,
    parse_slugs,
    read_hours,
    record_where,
    suggest,
)
from .loader_sections import check_activities, check_network, check_pathways, check_seasons, check_surveys
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

# How messages name a kind of record, and which section of a file defines it.
NOUNS = {
    Area: ("area", "areas"),
    Organization: ("organisation", "organizations"),
    Location: ("place", "places"),
    Task: ("task", "tasks"),
    Service: ("service", "services"),
    TargetGroup: ("target group", "target_groups"),
    PathStage: ("path stage", "path_stages"),
    DeliveryMode: ("delivery mode", "delivery_modes"),
    Language: ("language", "languages"),
}
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
    "path_stage": "path_stage",
}


class LoadError(Exception):
    """A run that wrote nothing; `messages` says every problem found, one a line."""

    def __init__(self, messages: Iterable[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class SectionCount:
    """What one run did with one section of one file."""

    file: str
    section: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    validated: int = 0

    @property
    def loaded(self) -> int:
        return self.new + self.updated + self.unchanged

    def line(self) -> str:
        if self.validated:
            return f"{self.file}: {self.section}: {self.validated} validated, kept for later"
        return f"{self.file}: {self.section}: {self.loaded} loaded ({self.new} new, {self.updated} updated)"


@dataclass
class LoadReport:
    """The counts of a run by file and section, and its warnings."""

    files: list[str]
    counts: list[SectionCount] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, file: str, section: str) -> SectionCount:
        for count in self.counts:
            if (count.file, count.section) == (file, section):
                return count
        self.counts.append(SectionCount(file, section))
        return self.counts[-1]

    def total(self, section: str) -> SectionCount:
        """The counts of `section` summed over the files of the run."""
        total = SectionCount("*", section)
        for count in self.counts:
            if count.section == section:
                for name in ("new", "updated", "unchanged", "validated"):
                    setattr(total, name, getattr(total, name) + getattr(count, name))
        return total

    def lines(self) -> list[str]:
        """One progress line per file and section, in file order, then the warnings."""
        order = {name: section.order for name, section in SECTIONS.items()}
        counts = sorted(self.counts, key=lambda c: (self.files.index(c.file), order.get(c.section, 0)))
        return [c.line() for c in counts] + [f"warning: {w}" for w in self.warnings]


@dataclass(frozen=True)
class SectionPart:
    """One section of one file, as handed to the section's handler."""

    file: str
    section: str
    value: Any

    @property
    def where(self) -> Where:
        return Where(self.file, self.section)


Handler = Callable[["LoadContext", list[SectionPart]], None]


@dataclass(frozen=True)
class Section:
    name: str
    handler: Handler
    order: int


SECTIONS: dict[str, Section] = {}


def register_section(name: str, handler: Handler, *, order: int | None = None) -> None:
    """Let `handler(ctx, parts)` load the top-level section `name` of every file of a run.

    Sections run by `order`, all files of a run at once, so a handler sees every part (one per
    file that has the section) and may resolve references between them. Registering a name again
    replaces its handler (keeping its order unless one is given): that is how a later app takes
    over a section that the directory only checks for shape. A handler reports problems through
    `ctx` and never raises for bad data; the run raises LoadError once all handlers have run.
    """
    if order is None:
        order = SECTIONS[name].order if name in SECTIONS else max((s.order for s in SECTIONS.values()), default=0) + 10
    SECTIONS[name] = Section(name, handler, order)


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


class LoadContext:
    """What the handlers of one run share: the problems found, the counts, and the slugs known."""

    def __init__(self, report: LoadReport):
        self.report = report
        self.problems = Problems()
        self.defined: dict[tuple[str, str], str] = {}  # (section, slug) -> file defining it
        self.duplicates: set[tuple[str, str, int]] = set()  # (file, section, index) not to load
        self._known: dict[type, dict[str, int]] = {}

    def error(self, where: Where, message: str) -> None:
        self.problems.error(where, message)

    def records(self, part: SectionPart, fields, *, required=("slug",)) -> list[Reader]:
        """The records of a list section, each opened as a Reader (duplicates left out)."""
        if not isinstance(part.value, list):
            self.error(part.where, f"expected a list of records, got {describe(part.value)}")
            return []
        return [
            Reader(self.problems, record_where(part.file, part.section, index, item), item, fields, required=required)
            for index, item in enumerate(part.value)
            if (part.file, part.section, index) not in self.duplicates
        ]

    def known(self, model) -> dict[str, int]:
        """Slug -> pk of the records of `model` in the database, including those of this run."""
        if model not in self._known:
            self._known[model] = dict(model.objects.values_list("slug", "pk"))
        return self._known[model]

    def resolve(self, model, slug: str | None, where: Where) -> int | None:
        """The pk of the `model` record called `slug`, or None (reported unless defined but broken)."""
        if slug is None:
            return None
        known = self.known(model)
        if slug in known:
            return known[slug]
        noun, section = NOUNS[model]
        if (section, slug) not in self.defined:  # defined in the run but invalid: reported already
            self.error(where, f"unknown {noun} '{slug}'{suggest(slug, known)}")
        return None

    def resolve_all(self, model, slugs: list[str], where: Where) -> list[int]:
        return [pk for slug in slugs if (pk := self.resolve(model, slug, where)) is not None]

    def count(self, file: str, section: str, status: str) -> None:
        count = self.report.count(file, section)
        setattr(count, status, getattr(count, status) + 1)

    def validated(self, part: SectionPart, number: int) -> None:
        self.report.count(part.file, part.section).validated += number


# --- reading files ----------------------------------------------------------------------------


class StrictLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys in a mapping silently; here they are an error."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if (key_node.tag, key_node.value) in seen:
                    raise yaml.constructor.ConstructorError(
                        "while reading a mapping",
                        node.start_mark,
                        f"the key {key_node.value!r} appears twice",
                        key_node.start_mark,
                    )
                seen.add((key_node.tag, key_node.value))
        return super().construct_mapping(node, deep)


@dataclass
class DataFile:
    name: str  # as messages name it: the file name, or the path where two names are equal
    data: dict


def read_files(paths: Iterable[str | Path]) -> tuple[list[DataFile], list[str]]:
    """Parse the files of a run; problems (missing file, bad YAML with its line) as messages."""
    paths = [Path(p) for p in paths]
    basenames = [p.name for p in paths]
    files, errors, seen = [], [], set()
    for path in paths:
        name = path.name if basenames.count(path.name) == 1 else str(path)
        if not path.is_file():
            errors.append(f"{name}: file not found ({path})")
            continue
        if path.resolve() in seen:
            errors.append(f"{name}: given twice in one run")
            continue
        seen.add(path.resolve())
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=StrictLoader)  # noqa: S506 (a SafeLoader)
        except UnicodeDecodeError as exc:
            errors.append(f"{name}: not UTF-8 text (byte {exc.start})")
            continue
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
            errors.append(f"{name}: {where}: invalid YAML: {exc.problem or exc.context}")
            continue
        except yaml.YAMLError as exc:
            errors.append(f"{name}: invalid YAML: {exc}")
            continue
        if data is None:
            data = {}
        if not isinstance(data, dict):
            errors.append(f"{name}: expected a mapping of sections at the top level, got {describe(data)}")
            continue
        files.append(DataFile(name, data))
    return files, errors


def check_sections(ctx: LoadContext, files: list[DataFile]) -> None:
    """Unknown sections, and slugs defined twice within a kind across the files of the run."""
    for file in files:
        for section, value in file.data.items():
            if section not in SECTIONS:
                ctx.error(Where(file.name, str(section)), f"unknown section{suggest(section, SECTIONS)}")
                continue
            for index, item in enumerate(value if isinstance(value, list) else []):
                slug = item.get("slug") if isinstance(item, dict) else None
                if not isinstance(slug, str):
                    continue
                if (section, slug) in ctx.defined:
                    ctx.error(
                        record_where(file.name, section, index, item) / "slug",
                        f"duplicate slug '{slug}', already defined in {ctx.defined[section, slug]}",
                    )
                    ctx.duplicates.add((file.name, section, index))
                else:
                    ctx.defined[section, slug] = file.name


def load_files(paths: Iterable[str | Path], *, stdout=None) -> LoadReport:
    """Load the data files `paths` in one transaction; raise LoadError and write nothing on any
    problem. Progress lines go to `stdout` (a file-like object) when given."""
    files, errors = read_files(paths)
    if errors:
        raise LoadError(errors)
    report = LoadReport([f.name for f in files])
    ctx = LoadContext(report)
    # English, like the loader's own messages (Django's validators speak the active language).
    with translation.override("en"), transaction.atomic():
        check_sections(ctx, files)
        for section in sorted(SECTIONS.values(), key=lambda s: s.order):
            parts = [SectionPart(f.name, section.name, f.data[section.name]) for f in files if section.name in f.data]
            if parts:
                section.handler(ctx, parts)
        if ctx.problems.errors:
            raise LoadError(ctx.problems.errors)
    report.warnings = ctx.problems.warnings
    if stdout is not None:
        for line in report.lines():
            stdout.write(line + "\n")
    return report


# --- writing ----------------------------------------------------------------------------------


def texts(base: str, text: dict[str, str]) -> dict[str, str]:
    return {f"{base}_{lang}": text.get(lang, "") for lang in CONTENT_LANGUAGES}


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
    """The child rows of an item as validated, unsaved instances; None when one is invalid."""

    def rules(hours):
        built = [(where, Schedule(**values)) for where, values in hours]
        return [s for where, s in built if validate(ctx, s, where)] if built else []

    schedules = rules(item.schedules or [])
    channels = []
    for order, (where, values, hours) in enumerate(item.channels or []):
        channel = Channel(order=order, **values)
        channels.append((channel, rules(hours)) if validate(ctx, channel, where) else None)
    wanted = len(item.schedules or []), sum(len(h) for _, _, h in item.channels or []), len(item.channels or [])
    got = len(schedules), sum(len(c[1]) for c in channels if c), len([c for c in channels if c])
    return (schedules, channels) if wanted == got else None


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


def check_file_header(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """`file:` describes the file (title, source, notes); accepted, not stored."""
    for part in parts:
        Reader(ctx.problems, part.where, part.value, FILE_FIELDS)


def vocabulary_section(model, section: str) -> Handler:
    """A handler for a vocabulary (target groups, path stages ...): rows whose labels families see.
    Without `order`, a term keeps its position in the file."""

    def load(ctx: LoadContext, parts: list[SectionPart]) -> None:
        items = []
        for part in parts:
            for position, r in enumerate(
                ctx.records(part, TASK_FIELDS if model is Task else VOCABULARY_FIELDS, required=("slug", "name")),
                start=1,
            ):
                values = {
                    **texts("name", r.text("name")),
                    **texts("description", r.text("description")),
                    "order": r.get("order", parse_int, position),
                }
                if model is Task:
                    values["source"] = r.get("source", default="")
                items.append(Item(r.where, r.get("slug", parse_slug), values, ok=r.ok))
        count_saved(ctx, section, save_items(ctx, model, items))

    return load


def load_areas(ctx: LoadContext, parts: list[SectionPart]) -> None:
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


def load_organizations(ctx: LoadContext, parts: list[SectionPart]) -> None:
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


def load_places(ctx: LoadContext, parts: list[SectionPart]) -> None:
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


def read_channels(ctx: LoadContext, r: Reader) -> list[tuple[Where, dict, list[tuple[Where, dict]]]]:
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


def load_services(ctx: LoadContext, parts: list[SectionPart]) -> None:
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


register_section("file", check_file_header, order=0)
register_section("target_groups", vocabulary_section(TargetGroup, "target_groups"), order=10)
register_section("path_stages", vocabulary_section(PathStage, "path_stages"), order=11)
register_section("delivery_modes", vocabulary_section(DeliveryMode, "delivery_modes"), order=12)
register_section("languages", vocabulary_section(Language, "languages"), order=13)
register_section("areas", load_areas, order=20)
register_section("organizations", load_organizations, order=30)
register_section("places", load_places, order=40)
register_section("tasks", vocabulary_section(Task, "tasks"), order=50)
register_section("services", load_services, order=60)
# The sections of later apps, checked for shape until those apps register their own handlers.
register_section("network", check_network, order=70)
register_section("seasons", check_seasons, order=80)
register_section("activities", check_activities, order=90)
register_section("pathways", check_pathways, order=100)
register_section("surveys", check_surveys, order=110)
