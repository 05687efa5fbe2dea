"""The feedback app's section of the data files: `trust_sections`, the texts of the law's pages
(the accessibility statement and the privacy notice), declared; loaded by loader.py."""

from perhekeskus.directory.schema_types import Count, Record, Slug, Text, choice

from .models import TrustSection as TrustSectionModel


class TrustSection(Record):
    """One section of a law page; `body` may be left out where the sources lack the fact (the
    page then says it is missing, for an admin to fill in). Without `order` a section keeps its
    position in the file."""

    slug: Slug
    page: choice(TrustSectionModel.Page.values)
    heading: Text
    body: Text | None = None
    order: Count | None = None
