"""The feedback app's data section `trust_sections` (schema.py), registered when
FeedbackConfig.ready() imports this module. Matched by slug; a section missing from a file is
left in the database (removing one is an edit in the admin). Feedback messages are never data."""

from perhekeskus.directory.loader_context import LoadContext, Section, SectionPart, register_sections
from perhekeskus.directory.loader_saving import Item, count_saved, save_items, texts

from . import schema
from .models import TrustSection


def load_trust_sections(ctx: LoadContext, parts: list[SectionPart]) -> None:
    """The sections of the accessibility statement and the privacy notice."""
    items = []
    for part in parts:
        for position, entry in enumerate(ctx.records(part, schema.TrustSection), start=1):
            section = entry.record
            values = {
                **texts("heading", section.heading),
                **texts("body", section.body),
                "page": section.page,
                "order": position if section.order is None else section.order,
            }
            items.append(Item(entry.where, section.slug, values, ok=entry.ok))
    count_saved(ctx, "trust_sections", save_items(ctx, TrustSection, items))


register_sections(Section("trust_sections", load_trust_sections, TrustSection, "trust page section"))
