"""The data loader: YAML files in the format of data/SCHEMA.md into the database.

`load_files(paths)` loads several files in one run, all or nothing: everything happens in one
transaction, and any problem rolls the whole run back and raises `LoadError` with every message
found (each naming file, record and field). Records are matched by slug, so a re-run updates
rather than duplicates, and writes only what differs from the database; many-to-many sets and
child rows (channels, hours, places of a service) are made to match the file.

A file is a mapping of sections. Each app owns the sections that hold its records: it declares
their schema (its schema.py), loads them (its loader.py) and registers them in its
AppConfig.ready() (loader_context.py). This runner imports none of them: it reads the files and
hands each section to its handler in the one order of settings.DATA_SECTIONS, all files of the
run at once (all areas of all files before any organisation ...), so that a record may refer to
one defined in another file or in an earlier section.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import translation

from .loader_context import SECTIONS, LoadContext, LoadReport, Section, SectionPart
from .loader_messages import LoadError, Where, describe, record_where, suggest
from .models import DeliveryMode, Language, PathStage, TargetGroup

__all__ = ["LoadError", "LoadReport", "load_files", "sections_in_order"]


def sections_in_order() -> list[Section]:
    """The registered sections in the order of settings.DATA_SECTIONS. A section listed there
    that no app registers, or one registered but not listed, is a mistake of configuration."""
    order = list(settings.DATA_SECTIONS)
    missing = [name for name in order if name not in SECTIONS]
    unlisted = [name for name in SECTIONS if name not in order]
    twice = sorted({name for name in order if order.count(name) > 1})
    if missing:
        raise ImproperlyConfigured(
            f"settings.DATA_SECTIONS lists {', '.join(missing)}, which no installed app registers a loader for"
        )
    if unlisted:
        raise ImproperlyConfigured(f"settings.DATA_SECTIONS does not list {', '.join(unlisted)}, which have loaders")
    if twice:
        raise ImproperlyConfigured(f"settings.DATA_SECTIONS lists {', '.join(twice)} twice")
    return [SECTIONS[name] for name in order]


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
    sections = sections_in_order()
    files, errors = read_files(paths)
    if errors:
        raise LoadError(errors)
    files = with_vocabulary(files)
    report = LoadReport([f.name for f in files], [section.name for section in sections])
    ctx = LoadContext(report)
    # English, like the loader's own messages (Django's validators speak the active language).
    with translation.override("en"), transaction.atomic():
        check_sections(ctx, files)
        for section in sections:
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
