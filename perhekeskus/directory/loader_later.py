"""Shape checks for the sections that later apps own: network, seasons, activities, pathways and
surveys.

The directory does not store these. Until their apps register handlers that do (with
`loader.register_section`, replacing these), each section is checked here against SCHEMA.md and
the notes of the files: known fields, value types, unique slugs and ids, references to records
that exist in the run or the database. A mistake in a data file then shows up today, not when
the app arrives. Each record is described by a spec: field -> how to read it.
"""

from typing import TYPE_CHECKING

from .loader_schema import (
    Invalid,
    Reader,
    choice,
    parse_bool,
    parse_date,
    parse_days,
    parse_int,
    parse_keywords,
    parse_slug,
    parse_slugs,
    parse_str,
    parse_time,
    read_hours,
)
from .models import Area, Location, Organization, PathStage, Service, TargetGroup

if TYPE_CHECKING:
    from .loader import LoadContext, SectionPart

TEXT, TEXTS, HOURS = "text", "texts", "hours"  # a multilingual text, a list of them, weekly rules


class Ref:
    """A slug (or with many=True a list of slugs) naming a record of `model`."""

    def __init__(self, model, *, many: bool = False):
        self.model, self.many = model, many


class Nested:
    """Records (or with many=False one record) nested under a field, read by their own spec."""

    def __init__(self, spec: dict, *, required=(), many: bool = True):
        self.spec, self.required, self.many = spec, required, many


def parse_end(value):
    return parse_time(value, end=True)


def parse_setpos(value) -> int:
    """RFC 5545 BYSETPOS in a month: the 1st to 5th occurrence, or counted from the end, -1 to -5."""
    number = parse_int(value, minimum=-5)
    if number == 0 or number > 5:
        raise Invalid(f"expected 1 to 5 or -1 to -5, got {number}")
    return number


PERIOD = {"from": parse_date, "to": parse_date, "reason": TEXT}
ACTIVITY = {
    "slug": parse_slug,
    "title": TEXT,
    "translated": None,
    "organizers": Ref(Organization, many=True),
    "place": Ref(Location),
    "place_note": TEXT,
    "target_groups": Ref(TargetGroup, many=True),
    "rule": Nested(
        {
            "freq": choice(("weekly", "monthly")),
            "interval": lambda v: parse_int(v, minimum=1),
            "byday": parse_days,
            "bysetpos": parse_setpos,
        },
        required=("freq",),
        many=False,
    ),
    "starts": parse_time,
    "ends": parse_end,
    "season": Nested({"from": parse_date, "to": parse_date}, many=False),
    "exceptions": Nested(PERIOD, required=("from", "to")),
    "specials": Nested({"date": parse_date, "note": TEXT}, required=("date",)),
    "free": parse_bool,
    "registration": parse_bool,
    "notes": TEXT,
    "note": parse_str,
    "keywords": parse_keywords,
    "source": parse_str,
}
SEASON = {
    "slug": parse_slug,
    "area": Ref(Area),
    "from": parse_date,
    "to": parse_date,
    "breaks": Nested(PERIOD, required=("from", "to")),
    "notes": TEXT,
    "note": parse_str,
    "translated": None,
    "source": parse_str,
}
SURVEY = {
    "slug": parse_slug,
    "title": TEXT,
    "translated": None,
    "period": Nested({"from": parse_date, "to": parse_date, "note": parse_str}, many=False),
    "respondents": parse_int,
    "findings": TEXTS,
    "note": parse_str,
    "source": parse_str,
}
NETWORK = {
    "members": Nested(
        {"organization": Ref(Organization), "role": TEXT, "note": parse_str, "translated": None, "source": parse_str},
        required=("organization",),
    ),
    "meetings": Nested(
        {
            "name": TEXT,
            "recurrence": TEXT,
            "organizer": Ref(Organization),
            "description": TEXT,
            "note": parse_str,
            "source": parse_str,
            "translated": None,
        },
        required=("name",),
    ),
    "coordinator": Nested(
        {"title": TEXT, "tasks": TEXTS, "note": parse_str, "source": parse_str, "translated": None}, many=False
    ),
    "note": parse_str,
    "source": parse_str,
}
ACTION = {
    "text": TEXT,
    "service": Ref(Service),
    "services": Ref(Service, many=True),
    "phone": parse_str,
    "hours": HOURS,
    "anonymous_child": parse_bool,
    "first": parse_bool,
}
PATHWAY = {
    "slug": parse_slug,
    "audience": choice(("families", "professionals")),
    "title": TEXT,
    "translated": None,
    "source": parse_str,
    "note": parse_str,
    "stages": Nested(
        {
            "id": parse_slug,
            "order": parse_int,
            "level": parse_int,
            "path_stage": Ref(PathStage),
            "title": TEXT,
            "text": TEXT,
            "items": TEXTS,
            "services": Ref(Service, many=True),
            "phone": parse_str,
            "hours": HOURS,
            "outcome": TEXT,
            "note": parse_str,
        },
        required=("id", "title"),
    ),
    "start": parse_slug,
    "steps": Nested(
        {
            "id": parse_slug,
            "text": TEXT,
            "actions": Nested(ACTION, required=("text",)),
            "choices": Nested({"label": TEXT, "next": parse_slug}, required=("label", "next")),
            "requires_consent": parse_bool,
            "note": parse_str,
            "end": parse_bool,
        },
        required=("id", "text"),
    ),
}


def check(ctx: "LoadContext", r: Reader, spec: dict) -> int:
    """Read every field of the record `r` by `spec`; returns how many nested records it had."""
    nested = 0
    for key, rule in spec.items():
        if rule is None:  # read by Reader itself (translated)
            continue
        if rule == TEXT:
            r.text(key)
        elif rule == TEXTS:
            r.texts(key)
        elif rule == HOURS:
            read_hours(r, key)
        elif isinstance(rule, Ref) and rule.many:
            ctx.resolve_all(rule.model, r.get(key, parse_slugs, []), r.where / key)
        elif isinstance(rule, Ref):
            ctx.resolve(rule.model, r.get(key, parse_slug), r.where / key)
        elif isinstance(rule, Nested):
            subs = (
                r.records(key, rule.spec, required=rule.required)
                if rule.many
                else [sub for sub in [r.record(key, rule.spec, required=rule.required)] if sub]
            )
            nested += len(subs) + sum(check(ctx, sub, rule.spec) for sub in subs)
        else:
            r.get(key, rule)
    return nested


def shape_list(spec: dict, *, required=("slug",), extra=None):
    """A handler checking a list section of records with slugs; `extra(r)` adds checks of its own."""

    def handler(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
        for part in parts:
            records = ctx.records(part, spec, required=required)
            for r in records:
                check(ctx, r, spec)
                if extra:
                    extra(r)
            ctx.validated(part, len(records))

    return handler


def shape_block(spec: dict):
    """A handler checking a section that is one mapping (network); counts its nested records."""

    def handler(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
        for part in parts:
            r = Reader(ctx.problems, part.where, part.value, spec)
            ctx.validated(part, max(check(ctx, r, spec), 1))

    return handler


def check_pathway_ids(r: Reader) -> None:
    """Stage and step ids are unique, and `start` and every `next` name a step."""
    steps = [s.get("id") for s in r.data.get("steps") or [] if isinstance(s, dict)]
    for key in ("stages", "steps"):
        ids = [s.get("id") for s in r.data.get(key) or [] if isinstance(s, dict)]
        for twice in sorted({i for i in ids if ids.count(i) > 1 and isinstance(i, str)}):
            r.error(key, f"the id '{twice}' is used twice")
    if r.has("start") and r.data["start"] not in steps:
        r.error("start", f"no step has the id {r.data['start']!r}")
    for index, step in enumerate(r.data.get("steps") or []):
        for number, option in enumerate(step.get("choices") or [] if isinstance(step, dict) else []):
            target = option.get("next") if isinstance(option, dict) else None
            if target is not None and target not in steps:
                r.problems.error(
                    r.where / "steps" / index / "choices" / number / "next", f"no step has the id {target!r}"
                )


check_network = shape_block(NETWORK)
check_seasons = shape_list(SEASON, required=("slug", "from", "to"))
check_activities = shape_list(ACTIVITY, required=("slug", "title"))
check_pathways = shape_list(PATHWAY, required=("slug", "audience", "title"), extra=check_pathway_ids)
check_surveys = shape_list(SURVEY, required=("slug", "title"))
