"""The `thesaurus` section of the data files: synonym groups, matched by their first term so
that a re-run updates rather than duplicates."""

from typing import TYPE_CHECKING

from perhekeskus.directory.loader import register_section
from perhekeskus.directory.loader_schema import Invalid, describe, parse_str
from perhekeskus.directory.text import fold

from .models import SynonymGroup

if TYPE_CHECKING:
    from perhekeskus.directory.loader import LoadContext, SectionPart

FIELDS = {"terms", "note"}


def parse_terms(value) -> list[str]:
    if not isinstance(value, list) or len(value) < 2 or not all(isinstance(t, str) and t.strip() for t in value):
        raise Invalid(f"expected a list of at least two words, got {describe(value)}")
    return [t.strip() for t in value]


def load_thesaurus(ctx: "LoadContext", parts: list["SectionPart"]) -> None:
    existing = {fold(group.terms.split(",")[0]).strip(): group for group in SynonymGroup.objects.all()}
    for part in parts:
        for r in ctx.records(part, FIELDS, required=("terms",)):
            terms = r.get("terms", parse_terms)
            note = r.get("note", parse_str, "")
            if not r.ok or not terms:
                continue
            text = ", ".join(terms)
            group = existing.get(fold(terms[0]))
            if group is None:
                existing[fold(terms[0])] = SynonymGroup.objects.create(terms=text, note=note)
                ctx.count(part.file, part.section, "new")
            elif (group.terms, group.note) != (text, note):
                group.terms, group.note = text, note
                group.save()
                ctx.count(part.file, part.section, "updated")
            else:
                ctx.count(part.file, part.section, "unchanged")


register_section("thesaurus", load_thesaurus, order=15)
