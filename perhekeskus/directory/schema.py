"""The directory's records in the data files (data/SCHEMA.md), declared: the file header, the
vocabularies, areas, organisations, places, tasks, services with their channels and opening
hours, and emergency routes. A field a record does not declare is refused; references are slugs,
resolved by the loader (loader_directory.py). `translated` lists the languages someone translated
(no column: the texts themselves show it); `note` and `source` keep what the documents say."""

from typing import Annotated, Any

from pydantic import PlainValidator, StrictBool, StrictStr, model_validator

from . import models
from .schema_types import (
    Coordinate,
    Count,
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
    field_problem,
    text_parser,
)
from .translation import CONTENT_LANGUAGES, PLAIN_FINNISH

Description = Annotated[dict[str, str], PlainValidator(text_parser((*CONTENT_LANGUAGES, PLAIN_FINNISH)))]


class FileHeader(Record):
    """`file:` describes the file; not stored. `assured_date` is the day its entries were last
    checked against their sources: the `assured_date` of every service of the file without its own."""

    title: Any = None
    source: Any = None
    notes: Any = None
    assured_date: Date | None = None


class Hours(Record):
    """A weekly opening rule of a place, a service or a channel."""

    days: Weekdays
    opens: Time
    closes: EndTime
    valid_from: Date | None = None
    valid_to: Date | None = None
    note: Text = {}
    open_on_holidays: StrictBool = False

    def schedule_fields(self) -> dict:
        """The rule as the field values of a Schedule."""
        note = self.note or {}
        return {
            "weekdays": self.days or "",
            "opens_at": self.opens,
            "closes_at": self.closes,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "open_on_holidays": self.open_on_holidays,
            **{f"note_{lang}": note.get(lang, "") for lang in CONTENT_LANGUAGES},
        }


class Term(Record):
    """A term of a vocabulary (path stages, delivery modes, languages): a label families see.
    Without `order`, a term keeps its position in the file."""

    slug: Slug
    name: Text
    description: Text = {}
    order: Count | None = None


class Task(Term):
    """One of the seven tasks of a family centre (handbook ch. 9)."""

    source: StrictStr = ""
    translated: Translated | None = None


class TargetGroup(Term):
    """A life situation; a group of an age has a range in years, which the age filter uses for
    services that give no ages."""

    age_min: Count | None = None
    age_max: Count | None = None

    @model_validator(mode="after")
    def ages_in_order(self):
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise field_problem("age_max", f"{self.age_max} is below age_min {self.age_min}")
        return self


class Area(Record):
    """A wellbeing region, a municipality or a family-centre area; `parent` and `municipalities`
    may name areas defined later in the run."""

    slug: Slug
    name: Text
    kind: choice(models.Area.Kind.values)
    parent: Slug | None = None
    municipalities: Slugs = []
    note: StrictStr = ""
    source: StrictStr = ""
    translated: Translated | None = None


class Organization(Record):
    slug: Slug
    name: Text
    description: Text = {}
    kind: choice(models.Organization.Kind.values) | None = None
    website: StrictStr = ""
    network_member: StrictBool = False
    area: Slug | None = None
    parent: Slug | None = None  # the organisation a unit belongs to
    note: StrictStr = ""
    source: StrictStr = ""
    translated: Translated | None = None


class Place(Record):
    """A place (HSDS location); `municipality` must name a municipality."""

    slug: Slug
    name: Text
    description: Text = {}
    address: StrictStr = ""
    postal_code: StrictStr = ""
    municipality: Slug | None = None
    area: Slug | None = None
    organization: Slug | None = None
    meeting_place: StrictBool = False
    accessibility: StrictStr = ""
    latitude: Coordinate | None = None
    longitude: Coordinate | None = None
    hours: list[Hours] = []
    note: StrictStr = ""
    source: StrictStr = ""
    translated: Translated | None = None


class Channel(Record):
    kind: choice(models.Channel.Kind.values)
    label: StrictStr = ""
    value: StrictStr
    hours: list[Hours] = []


class Service(Record):
    slug: Slug
    name: Text
    description: Description = {}  # fi_plain: selkokieli, where written
    organization: Slug | None = None  # the provider; more in `partners`
    partners: Slugs = []
    kind: choice(models.Service.Kind.values)
    status: choice(models.Service.Status.values) = models.Service.Status.ACTIVE.value
    target_groups: Slugs = []
    age_min: Count | None = None
    age_max: Count | None = None
    delivery: Slugs = []
    path_stage: Slug | None = None
    tasks: Slugs = []
    languages: Slugs = []
    free: StrictBool | None = None
    anonymous: StrictBool | None = None
    identification_required: StrictBool | None = None
    response_promise: StrictStr = ""
    keywords: Keywords = {}
    places: Slugs = []
    channels: list[Channel] = []
    hours: list[Hours] = []
    assured_date: Date | None = None  # when the entry was last checked (HSDS assured_date)
    note: StrictStr = ""
    source: StrictStr = ""
    translated: Translated | None = None


class EmergencyRoute(Record):
    """An emergency number shown with help requests; without `area` it is shown everywhere.
    Without `order` a route keeps its position among the routes of its file."""

    service: Slug
    area: Slug | None = None
    order: Count | None = None


class ContactGuidance(Record):
    """The family centre's general guidance, shown on a service page when neither the service nor
    its places nor its organisation give a way to reach anyone. `link` is a page of this site
    ("/pyyda-apua/") or a web address; without it the guidance links to `service`'s page."""

    slug: Slug
    name: Text  # the link's label
    description: Text  # the advice
    service: Slug | None = None
    link: StrictStr = ""
    area: Slug | None = None  # shown only for services of this area (and those whose area is unknown)
    order: Count | None = None
    translated: Translated | None = None
    source: StrictStr = ""
    note: StrictStr = ""
