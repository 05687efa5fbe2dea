"""The `seasons` and `activities` sections of the data files, declared (data/SCHEMA.md and the
notes of kotka_lansi.yaml): a published schedule with its breaks, and recurring meeting-place
activities with an RFC 5545 rule, exceptions and special dates. References are slugs, resolved
by the loader (loader.py)."""

from typing import Annotated

from pydantic import AfterValidator, Field, StrictBool, StrictInt, StrictStr

from perhekeskus.directory.schema_types import (
    Date,
    EndTime,
    Keywords,
    Record,
    Slug,
    Slugs,
    Text,
    Time,
    Translated,
    Weekdays,
    choice,
    invalid,
)

from . import models


def in_month(number: int) -> int:
    """RFC 5545 BYSETPOS in a month: the 1st to 5th occurrence, or counted from the end, -1 to -5."""
    if number == 0 or number > 5:
        raise invalid(f"expected 1 to 5 or -1 to -5, got {number}")
    return number


class Period(Record):
    """Dates when nothing runs: a break of a season, an exception of an activity."""

    from_: Date = Field(alias="from")
    to: Date
    reason: Text = {}


class Season(Record):
    """A published schedule of an area: its validity and breaks."""

    slug: Slug
    area: Slug
    from_: Date = Field(alias="from")
    to: Date
    breaks: list[Period] = []
    notes: Text = {}
    note: StrictStr = ""
    translated: Translated | None = None
    source: StrictStr = ""


class Rule(Record):
    """How an activity recurs, in RFC 5545 terms."""

    freq: choice(models.Activity.Freq.values)
    interval: Annotated[StrictInt, Field(ge=1)] = 1
    byday: Weekdays = ""
    bysetpos: Annotated[StrictInt, Field(ge=-5), AfterValidator(in_month)] | None = None


class Validity(Record):
    """The dates between which an activity runs (`season:` of an activity)."""

    from_: Date | None = Field(None, alias="from")
    to: Date | None = None


class Special(Record):
    """A date on which something differs, e.g. a guest visits."""

    date: Date
    note: Text = {}


class Activity(Record):
    """A recurring meeting-place activity. `place` is null, with `place_note`, where it varies."""

    slug: Slug
    title: Text
    translated: Translated | None = None
    organizers: Slugs = []
    place: Slug | None = None
    place_note: Text = {}
    target_groups: Slugs = []
    rule: Rule | None = None
    starts: Time | None = None
    ends: EndTime | None = None
    season: Validity | None = None
    exceptions: list[Period] = []
    specials: list[Special] = []
    free: StrictBool | None = None
    registration: StrictBool | None = None
    notes: Text = {}
    note: StrictStr = ""
    keywords: Keywords = {}
    source: StrictStr = ""
