"""The help-request sections of the data files, declared (the header of help_requests.yaml):
topics, child age groups, teams and urgency terms. Municipalities and topics are slugs, resolved
by the loader (loader.py); team members are users, added in the admin, never in a file."""

from typing import Annotated, ClassVar

from pydantic import PlainValidator, StrictBool, StrictStr

from perhekeskus.directory.loader_messages import describe
from perhekeskus.directory.schema_types import Count, Record, Slug, Slugs, Text, invalid, list_of
from perhekeskus.directory.text import tokens

from .models import UrgencyTerm

TERM_MAX_CHARS = UrgencyTerm._meta.get_field("term").max_length


class Topic(Record):
    """A topic of requests; without `order` a topic keeps its position in the file."""

    slug: Slug
    name: Text
    order: Count | None = None
    active: StrictBool = True


class ChildAgeGroup(Record):
    """An age group of the child a request is about, in the order of the file unless given."""

    slug: Slug
    name: Text
    order: Count | None = None


class Team(Record):
    """A team with the municipalities and topics it takes; `default: true` makes it take its
    municipalities' requests that no topic team takes (with no municipalities: any other)."""

    slug: Slug
    name: Text
    municipalities: Slugs = []
    topics: Slugs = []
    default: StrictBool = False
    notify_email: StrictStr = ""
    order: Count | None = None


def parse_term(value) -> str:
    """One urgency term: a word, a word beginning or a phrase, with something left to match once
    folded (a term of punctuation alone would never match anything)."""
    if not isinstance(value, str):
        raise invalid(f"expected a word or a phrase, got {describe(value)}")
    term = " ".join(value.split())
    if not tokens(term):
        raise invalid(f"expected a word or a phrase with letters or digits, got {describe(value)}")
    if len(term) > TERM_MAX_CHARS:
        raise invalid(f"at most {TERM_MAX_CHARS} characters, got {len(term)}")
    return term


Terms = Annotated[list[Annotated[str, PlainValidator(parse_term)]], list_of("words and phrases")]


class UrgencyTerms(Record):
    """Urgency terms by language (the languages of UrgencyTerm): words, word beginnings and
    phrases that mark a request as possibly urgent."""

    SHAPE: ClassVar[str] = "a mapping {fi: [...], sv: [...], en: [...]}"
    UNKNOWN: ClassVar[str] = "unknown language (use fi, sv, en)"
    EMPTY_IS_ABSENT: ClassVar[bool] = False  # `fi:` without terms is a mistake, not "no terms"

    fi: Terms = []
    sv: Terms = []
    en: Terms = []
