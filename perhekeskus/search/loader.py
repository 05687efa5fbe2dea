"""The `thesaurus` section of the data files: synonym groups, matched by their first term so
that a re-run updates rather than duplicates. Registered when SearchConfig.ready() imports it."""

from perhekeskus.directory.loader_context import LoadContext, Section, SectionPart, register_sections
from perhekeskus.directory.text import fold

from . import schema
from .models import SynonymGroup


def load_thesaurus(ctx: LoadContext, parts: list[SectionPart]) -> None:
    existing = {fold(group.terms.split(",")[0]).strip(): group for group in SynonymGroup.objects.all()}
    for part in parts:
        for entry in ctx.records(part, schema.SynonymGroup):
            terms, note = entry.record.terms, entry.record.note
            if not entry.ok or not terms:
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


register_sections(Section("thesaurus", load_thesaurus))
