"""The `pathways` section of the data files, declared (the header of kemi_pathways.yaml explains
its shape): the families' path as stages, the professionals' guide as a decision graph of steps,
choices and actions. Service slugs refer to services; the loader (loader.py) resolves them and
checks the graph (graph.py)."""

from pydantic import StrictBool, StrictStr

from perhekeskus.directory.schema import Hours
from perhekeskus.directory.schema_types import Count, Record, Slug, Slugs, Text, Texts, Translated, choice

from . import models


class Stage(Record):
    """A stage of the families' path; stages of the same `level` stand side by side."""

    id: Slug
    order: Count | None = None  # the reading order in the document; else the position in the file
    level: Count = 1  # the step of the staircase from self-help (1) to professional help (5)
    path_stage: Slug | None = None
    title: Text
    text: Text = {}
    items: Texts = []
    services: Slugs = []
    phone: StrictStr = ""
    hours: list[Hours] = []
    outcome: Text = {}
    note: StrictStr = ""


class Action(Record):
    """Something a professional does at a step: a service to contact, a phone to call."""

    text: Text
    service: Slug | None = None  # the main one
    services: Slugs = []  # all of them, where the document lists several
    phone: StrictStr = ""
    hours: list[Hours] = []
    anonymous_child: StrictBool = False  # the consultation can be made without naming the child
    first: StrictBool = False  # do this before anything else


class Choice(Record):
    label: Text
    next: Slug  # the id of a step


class Step(Record):
    id: Slug
    text: Text
    actions: list[Action] = []
    choices: list[Choice] = []
    requires_consent: StrictBool = False
    note: StrictStr = ""
    end: StrictBool = False


class Pathway(Record):
    slug: Slug
    audience: choice(models.Pathway.Audience.values)
    title: Text
    translated: Translated | None = None
    source: StrictStr = ""
    note: StrictStr = ""
    stages: list[Stage] = []
    start: Slug | None = None  # the id of the first step
    steps: list[Step] = []
