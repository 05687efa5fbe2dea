"""Feedback on the site (palaute): its own register, apart from the help requests.

The law's pages (`TrustSection`) are here too: the accessibility statement names this channel as
the way to give feedback, and both pages come from the same law's duties.

A message is about the site (a page, its accessibility, a fault), not a request for help: it is
read by the coordinator, not by the help-request teams, kept for its own time
(`FEEDBACK_RETENTION_DAYS` after it was handled, `retention.py`) and described in its own section
of the privacy notice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.directory.translation import translated, translated_language

TEXT_MAX_CHARS = 4000
PAGE_MAX_CHARS = 500


class FeedbackMessageQuerySet(models.QuerySet):
    def waiting(self):
        """The messages not yet handled, the one due first first."""
        return self.filter(status=FeedbackMessage.Status.NEW).order_by("due_at", "pk")

    def handled_before(self, moment):
        """The handled messages whose handling was before `moment` (retention's purge)."""
        return self.filter(status=FeedbackMessage.Status.HANDLED, handled_at__lt=moment)


class FeedbackMessage(models.Model):
    """One message sent through the feedback form."""

    class Status(models.TextChoices):
        NEW = "new", _("Uusi")
        HANDLED = "handled", _("Käsitelty")

    text = models.TextField(_("viesti"), max_length=TEXT_MAX_CHARS)
    # An address only with the person's consent to be answered there; else empty.
    reply_email = models.EmailField(_("vastausosoite"), blank=True)
    page = models.CharField(_("sivu, jota palaute koskee"), max_length=PAGE_MAX_CHARS, blank=True)
    language = models.CharField(_("kieli"), max_length=10)
    # The form's one-time token: the same form posted twice stores one message.
    form_token = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(_("vastaanotettu"))
    due_at = models.DateTimeField(_("vastattava viimeistään"))
    status = models.CharField(_("tila"), max_length=10, choices=Status.choices, default=Status.NEW)
    handled_at = models.DateTimeField(_("käsitelty"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("käsittelijä"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FeedbackMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("palaute")
        verbose_name_plural = _("palautteet")
        ordering = ["-received_at"]

    def __str__(self):
        return f"#{self.pk}"


class TrustSection(models.Model):
    """One section of the site's law pages: the accessibility statement (saavutettavuusseloste)
    or the privacy notice (tietosuojaseloste), whose privacy notice has a section per register.

    The texts are content: written in the data file (data/trust_pages.yaml, section
    `trust_sections`) and edited in the admin, in Finnish first. An empty body is a fact the
    sources lack (the controller's contact details, say): the page says it is missing.
    """

    class Page(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("Saavutettavuusseloste")
        PRIVACY = "privacy", _("Tietosuojaseloste")

    slug = models.SlugField(max_length=100, unique=True)
    page = models.CharField(_("sivu"), max_length=20, choices=Page.choices)
    order = models.PositiveIntegerField(_("järjestys"), default=0)
    heading_fi = models.CharField("otsikko (suomi)", max_length=200)
    heading_sv = models.CharField("rubrik (svenska)", max_length=200, blank=True, default="")
    heading_en = models.CharField("heading (English)", max_length=200, blank=True, default="")
    body_fi = models.TextField("teksti (suomi)", blank=True, default="")
    body_sv = models.TextField("text (svenska)", blank=True, default="")
    body_en = models.TextField("text (English)", blank=True, default="")

    class Meta:
        verbose_name = _("lakisivun osio")
        verbose_name_plural = _("lakisivujen osiot")
        ordering = ["page", "order", "slug"]

    def __str__(self):
        return self.heading_fi

    def t(self, base: str) -> str:
        return translated(self, base)

    def t_lang(self, base: str) -> str:
        return translated_language(self, base)

    @property
    def heading(self) -> str:
        return self.t("heading")

    @property
    def heading_lang(self) -> str:
        return self.t_lang("heading")

    @property
    def body(self) -> str:
        return self.t("body")

    @property
    def body_lang(self) -> str:
        return self.t_lang("body")
