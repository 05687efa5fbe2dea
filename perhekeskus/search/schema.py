"""The `thesaurus` section of the data files, declared: synonym groups of at least two words."""

from typing import Annotated

from pydantic import PlainValidator, StrictStr

from perhekeskus.directory.loader_messages import describe
from perhekeskus.directory.schema_types import Record, invalid


def parse_terms(value) -> list[str]:
    if not isinstance(value, list) or len(value) < 2 or not all(isinstance(t, str) and t.strip() for t in value):
        raise invalid(f"expected a list of at least two words, got {describe(value)}")
    return [t.strip() for t in value]


class SynonymGroup(Record):
    """Words that mean the same to a search; matched by the first, so that a re-run updates."""

    terms: Annotated[list[str], PlainValidator(parse_terms)]
    note: StrictStr = ""
