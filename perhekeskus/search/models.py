"""The search thesaurus (sanasto): groups of words that mean the same to the people who search.

"ero ~ avioero ~ erotilanne", "nuokku ~ nuorisotila": a query word that matches one term of a
group also looks for the others, a little below its own matches. Kept as data (the `thesaurus`
section of data/vocabulary.yaml) and edited by the coordinator in the admin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.directory.text import fold


class SynonymGroup(models.Model):
    terms = models.TextField(
        _("sanat"), help_text=_("Samaa tarkoittavat sanat pilkuin erotettuina: ero, avioero, erotilanne")
    )
    note = models.CharField(_("huomautus"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("synonyymiryhmä")
        verbose_name_plural = _("sanasto")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    @property
    def term_list(self) -> list[str]:
        """The folded terms, each one word or a phrase."""
        return [" ".join(fold(term).split()) for term in self.terms.replace("\n", ",").split(",") if term.strip()]


class MissedQuery(models.Model):
    """A search that found nothing, counted so the coordinator sees what people look for and
    cannot find. Kept without personal data: only the folded words, digits masked (a phone number
    or an identity code typed into the box is not kept), no time of day, no address, no session."""

    query = models.CharField(_("haku"), max_length=100, unique=True)
    count = models.PositiveIntegerField(_("kertaa"), default=0)
    first_seen = models.DateField(_("ensimmäisen kerran"))
    last_seen = models.DateField(_("viimeksi"))

    class Meta:
        verbose_name = _("tuloksettomat haut")
        verbose_name_plural = _("tuloksettomat haut")
        ordering = ["-count", "query"]

    def __str__(self):
        return self.query


class Term(models.Model):
    """A folded word of the indexed texts: the search index's vocabulary."""

    text = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("hakusana")
        verbose_name_plural = _("hakusanat")

    def __str__(self):
        return self.text


class Posting(models.Model):
    """A term's occurrence in a service, with the fields it occurs in (a bit mask of `Field`)."""

    class Field(models.IntegerChoices):
        NAME_FI = 1, _("nimi suomeksi")
        NAME = 2, _("nimi muilla kielillä")
        KEYWORDS = 4, _("hakusanat")
        ORGANIZATION = 8, _("toimija")
        DESCRIPTION = 16, _("kuvaus")

    # The unique index (term, service) serves the lookups by term; the service index serves
    # re-indexing one service.
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="postings", db_index=False)
    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="+")
    fields = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "service"], name="search_posting_term_service")]

    def __str__(self):
        return f"{self.term_id} @ {self.service_id}"


class IndexState(models.Model):
    """One row: the version of the directory's searchable content, renewed by every change to it.

    Processes keep the vocabulary in memory and search responses in the cache under this version,
    so a change made in one worker is seen by every other at its next request."""

    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return str(self.version)
