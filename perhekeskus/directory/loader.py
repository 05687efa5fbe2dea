"""The data loader: YAML files in the format of data/SCHEMA.md into the directory.

`load_files(paths)` loads several files in one run, all or nothing: everything happens in one
transaction, and any problem rolls the whole run back and raises `LoadError` with every message
found (each naming file, record and field). Records are matched by slug, so a re-run updates
rather than duplicates, and writes only what differs from the database; many-to-many sets and
child rows (channels, hours, places of a service) are made to match the file.

A file is a mapping of sections. Each section has a handler in a small registry, run in a fixed
order across all files of the run (all areas of all files before any organisation ...), so a
record may refer to one defined in another file. The directory's own sections (loader_directory.py)
are registered at the end of this module; the sections owned by later apps (activities, pathways,
network ...) start as the shape checks of loader_later.py, and those apps replace them with
`register_section` to store them. loader_schema.py holds the format: fields and value checks.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import translation

from .loader_directory import (
    load_areas,
    load_organizations,
    load_places,
    load_services,
    vocabulary_section,
)
from .loader_later import check_activities, check_network, check_pathways, check_seasons, check_surveys
from .loader_schema import FILE_FIELDS, Problems, Reader, Where, describe, record_where, suggest
from .models import Area, DeliveryMode, Language, Location, Organization, PathStage, Service, TargetGroup, Task

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
    kept_for_later: bool = False  # checked for shape only, not stored

    @property
    def loaded(self) -> int:
        return self.new + self.updated + self.unchanged

    def line(self) -> str:
        if self.kept_for_later:
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
                total.kept_for_later |= count.kept_for_later
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
        """Count `number` records of `part` as checked but not stored (kept for a later app)."""
        count = self.report.count(part.file, part.section)
        count.validated += number
        count.kept_for_later = True


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


# The vocabularies (life situations, path stages, delivery modes, languages) that the data files
# refer to by slug; the shared data files do not define them.
BUNDLED_VOCABULARY = Path(settings.BASE_DIR) / "data" / "vocabulary.yaml"
VOCABULARIES = (TargetGroup, PathStage, DeliveryMode, Language)


def with_vocabulary(files: list["DataFile"]) -> list["DataFile"]:
    """`files`, preceded by the bundled vocabulary when the database has none yet and the run
    brings records but no vocabulary of its own, so that `load_data kemi.yaml` works on an empty
    database."""
    if any(f.name == BUNDLED_VOCABULARY.name for f in files):
        return files
    if not any(value for f in files for name, value in f.data.items() if name != "file"):
        return files
    if any(model.objects.exists() for model in VOCABULARIES):
        return files
    bundled, errors = read_files([BUNDLED_VOCABULARY])
    if errors:
        raise LoadError(errors)
    return bundled + files


def load_files(paths: Iterable[str | Path], *, stdout=None) -> LoadReport:
    """Load the data files `paths` in one transaction; raise LoadError and write nothing on any
    problem. Progress lines go to `stdout` (a file-like object) when given."""
    files, errors = read_files(paths)
    if errors:
        raise LoadError(errors)
    files = with_vocabulary(files)
    report = LoadReport([f.name for f in files])
    ctx = LoadContext(report)
    # English, like the loader's own messages (Django's validators speak the active language).
    with translation.override("en"), transaction.atomic():
        check_sections(ctx, files)
        for section in sorted(SECTIONS.values(), key=lambda s: s.order):
            parts = [SectionPart(f.name, section.name, f.data[section.name]) for f in files if section.name in f.data]
            for part in parts:
                if part.section != "file":  # a progress line for every section, even an empty one
                    report.count(part.file, part.section)
            if parts:
                section.handler(ctx, parts)
        if ctx.problems.errors:
            raise LoadError(ctx.problems.errors)
    report.warnings = ctx.problems.warnings
    if stdout is not None:
        for line in report.lines():
            stdout.write(line + "\n")
    return report


def check_file_header(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """`file:` describes the file (title, source, notes); accepted, not stored."""
    for part in parts:
        Reader(ctx.problems, part.where, part.value, FILE_FIELDS)


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
