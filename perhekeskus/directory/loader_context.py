"""What the section loaders of a run share: the registry of sections, the parts of the files a
loader is handed, the run's context (problems, slugs known, counts) and its report.

Each app owns the sections of the data files that hold its records and registers a `Section`
for each (its loader module does, when the app's AppConfig.ready() imports it): the name, the
handler that loads it, and the model whose records it defines with the noun messages use for one
("unknown organisation 'x'"). The runner
(loader.py) runs them in the one order of settings.DATA_SECTIONS. This module imports no loader,
so that every app's loader imports it and the runner without a cycle.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic

from django.core.exceptions import ImproperlyConfigured

from .loader_messages import Problems, Where, describe, record_where, suggest
from .schema_types import R, read


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
    """A top-level section of the data files and the handler that loads it, all files of a run at
    once (one part per file that has it), so that it may resolve references between them. A
    handler reports problems through the context and never raises for bad data."""

    name: str
    handler: Handler
    model: type | None = None  # the model whose records the section defines, named by slug
    noun: str = ""  # how a message names one of them


SECTIONS: dict[str, Section] = {}


def register_sections(*sections: Section) -> None:
    """Make `sections` known to the loader (an app's loader module does, imported by its ready())."""
    for section in sections:
        if SECTIONS.get(section.name, section) != section:
            raise ImproperlyConfigured(f"the data file section '{section.name}' is registered twice")
        SECTIONS[section.name] = section


def section_of(model) -> Section:
    """The section that defines the records of `model`."""
    return next(section for section in SECTIONS.values() if section.model is model)


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
    order: list[str] = field(default_factory=list)  # the sections in the order the run loaded them
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
        position = {name: index for index, name in enumerate(self.order)}
        counts = sorted(self.counts, key=lambda c: (self.files.index(c.file), position.get(c.section, 0)))
        return [c.line() for c in counts] + [f"warning: {w}" for w in self.warnings]


class Entry(Generic[R]):
    """One record of a file as its schema read it: `record` (None in the fields that were
    invalid), its place, and whether anything was wrong with it since it was read, references
    included."""

    def __init__(self, problems: Problems, where: Where, record: R, failed: list[tuple], mark: int):
        self.problems, self.where, self.record, self.failed = problems, where, record, failed
        self._mark = mark

    @property
    def ok(self) -> bool:
        return len(self.problems.errors) == self._mark

    def valid(self, *path) -> bool:
        """No error of the schema at `path` ("breaks", 0) or within it."""
        return not any(tuple(loc[: len(path)]) == path for loc in self.failed)

    def error(self, key: str | None, message: str) -> None:
        self.problems.error(self.where / key if key else self.where, message)


class LoadContext:
    """What the handlers of one run share: the problems found, the counts, and the slugs known."""

    def __init__(self, report: LoadReport):
        self.report = report
        self.problems = Problems()
        self.defined: dict[tuple[str, str], str] = {}  # (section, slug) -> file defining it
        self.duplicates: set[tuple[str, str, int]] = set()  # (file, section, index) not to load
        self.headers: dict[str, Any] = {}  # file -> its `file:` header, as its schema read it
        self._known: dict[type, dict[str, int]] = {}

    def error(self, where: Where, message: str) -> None:
        self.problems.error(where, message)

    def read(self, schema: type[R], value, where: Where) -> Entry[R]:
        """`value` read by its declared schema; every problem reported with its place."""
        mark = len(self.problems.errors)
        record, failed = read(schema, value, where, self.problems)
        return Entry(self.problems, where, record, failed, mark)

    def records(self, part: SectionPart, schema: type[R]) -> list[Entry[R]]:
        """The records of a list section, each read by `schema` (duplicates left out)."""
        if not isinstance(part.value, list):
            self.error(part.where, f"expected a list of records, got {describe(part.value)}")
            return []
        return [
            self.read(schema, item, record_where(part.file, part.section, index, item))
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
        section = section_of(model)
        if (section.name, slug) not in self.defined:  # defined in the run but invalid: reported already
            self.error(where, f"unknown {section.noun} '{slug}'{suggest(slug, known)}")
        return None

    def resolve_all(self, model, slugs: list[str], where: Where) -> list[int]:
        return [pk for slug in slugs if (pk := self.resolve(model, slug, where)) is not None]

    def count(self, file: str, section: str, status: str) -> None:
        count = self.report.count(file, section)
        setattr(count, status, getattr(count, status) + 1)

    def validated(self, part: SectionPart, number: int) -> None:
        """Count `number` records of `part` as checked but not stored (kept for a later feature)."""
        count = self.report.count(part.file, part.section)
        count.validated += number
        count.kept_for_later = True
