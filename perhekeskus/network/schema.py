"""The `network` and `surveys` sections of the data files, declared (data/SCHEMA.md and the notes
of kemi.yaml): the members of the family-centre network, its meetings and coordinator, and the
published figures of past surveys. Organisations are slugs, resolved by the loader (loader.py)."""

from pydantic import Field, StrictStr

from perhekeskus.directory.schema_types import Count, Date, Record, Slug, Text, Texts, Translated


class Member(Record):
    organization: Slug
    role: Text = {}
    note: StrictStr = ""
    translated: Translated | None = None
    source: StrictStr = ""


class Meeting(Record):
    name: Text
    recurrence: Text = {}
    organizer: Slug | None = None
    description: Text = {}
    note: StrictStr = ""
    source: StrictStr = ""
    translated: Translated | None = None


class Coordinator(Record):
    """The network's coordinator (a role, never a person): title and tasks."""

    title: Text = {}
    tasks: Texts = []
    note: StrictStr = ""
    source: StrictStr = ""
    translated: Translated | None = None


class Network(Record):
    """The `network:` section of a file: one mapping, not a list."""

    members: list[Member] = []
    meetings: list[Meeting] = []
    coordinator: Coordinator | None = None
    note: StrictStr = ""
    source: StrictStr = ""


class Period(Record):
    """When a survey was made: {from, to, note} (kemi.yaml)."""

    from_: Date | None = Field(None, alias="from")
    to: Date | None = None
    note: StrictStr = ""


class Survey(Record):
    slug: Slug
    title: Text
    translated: Translated | None = None
    period: Period | None = None
    respondents: Count | None = None
    findings: Texts = []
    note: StrictStr = ""
    source: StrictStr = ""
