"""Pyydä apua! (Ask for help): anonymous help requests, the teams that answer them, and the audit
trail of every staff read and change.

A help request is sensitive data about a child. What is collected is the minimum: the question,
optional topic, age group and municipality, and a way to answer (phone, e-mail or a pickup code
for anonymous askers). The pickup code itself is never stored: only a keyed lookup digest (to find
the request without testing every hash) and a slow Argon2id hash (to verify it).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.directory.models import Area
from perhekeskus.directory.translation import Named

TEXT_MAX_CHARS = 5000


class Topic(Named):
    """What a request is about (aihe), as the asker chooses it; routes the request to a team."""

    slug = models.SlugField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("aihe")
        verbose_name_plural = _("aiheet")


class ChildAgeGroup(Named):
    """The age group of the child the request concerns (optional)."""

    slug = models.SlugField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("lapsen ikäryhmä")
        verbose_name_plural = _("lasten ikäryhmät")


class Team(Named):
    """A team of workers that answers requests: service guidance, family social work or child
    welfare of a wellbeing region, for some municipalities and topics."""

    slug = models.SlugField(max_length=60, unique=True)
    municipalities = models.ManyToManyField(Area, blank=True, related_name="help_teams")
    topics = models.ManyToManyField(Topic, blank=True, related_name="teams")
    # The team that takes requests of its municipalities when no topic team fits, and (when it
    # serves no municipality) the requests of unknown municipalities.
    is_default = models.BooleanField(_("oletustiimi"), default=False)
    notify_email = models.EmailField(
        _("ilmoitusten sähköposti"),
        blank=True,
        default="",
        help_text=_("Uusista pyynnöistä lähtee tänne linkki ilman sisältöä."),
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="help_teams")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("tiimi")
        verbose_name_plural = _("tiimit")


class UrgencyTerm(models.Model):
    """A word or phrase that signals acute danger; a request containing one is flagged urgent."""

    term = models.CharField(max_length=100)
    language = models.CharField(max_length=5, choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")])

    class Meta:
        ordering = ["language", "term"]
        unique_together = [("term", "language")]
        verbose_name = _("kiireellisyyden tunnussana")
        verbose_name_plural = _("kiireellisyyden tunnussanat")

    def __str__(self):
        return f"{self.term} ({self.language})"


class HelpRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=HelpRequest.Status.CLOSED)

    def for_teams_of(self, user):
        """Requests of the teams the user belongs to: the only ones a worker may read."""
        return self.filter(team__members=user)


class HelpRequest(models.Model):
    """One question sent through Pyydä apua!"""

    class ContactMethod(models.TextChoices):
        PHONE = "phone", _("puhelimitse")
        EMAIL = "email", _("sähköpostilla")
        ANONYMOUS = "anonymous", _("nimettömästi, noutotunnuksella")

    class Status(models.TextChoices):
        NEW = "new", _("uusi")
        IN_PROGRESS = "in_progress", _("käsittelyssä")
        ANSWERED = "answered", _("vastattu")
        CLOSED = "closed", _("suljettu")

    text = models.TextField(_("viesti"), max_length=TEXT_MAX_CHARS)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL)
    age_group = models.ForeignKey(ChildAgeGroup, null=True, blank=True, on_delete=models.SET_NULL)
    municipality = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    contact_method = models.CharField(max_length=20, choices=ContactMethod.choices)
    contact_phone = models.CharField(max_length=40, blank=True, default="")
    contact_email = models.EmailField(blank=True, default="")
    language = models.CharField(max_length=5, default="fi")  # the asker's language, to answer in it

    submitted_at = models.DateTimeField(db_index=True)
    due_at = models.DateTimeField(db_index=True)
    urgent = models.BooleanField(default=False, db_index=True)

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="requests")
    # The team the request would have gone to, passed over because it had no active members
    # (routing.py); the inbox shows it so the coordinator can staff that team.
    passed_over = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("ohitettu tiimi")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_help_requests",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # A digest of the form's one-time token: the same form posted twice creates one request.
    submission_key = models.CharField(max_length=64, unique=True)
    # Anonymous requests: a keyed digest of the pickup code finds the request, Argon2id verifies it.
    pickup_lookup = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pickup_hash = models.CharField(max_length=200, blank=True, default="")

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-urgent", "due_at", "pk"]
        verbose_name = _("avunpyyntö")
        verbose_name_plural = _("avunpyynnöt")
        permissions = [
            ("view_help_request_statistics", _("Voi nähdä avunpyyntöjen tilastot (ilman sisältöä)")),
            ("view_audit_log", _("Voi nähdä ja viedä lokin")),
        ]

    def __str__(self):
        # Never the text: this string ends up in admin pages, logs and error reports.
        return f"#{self.pk} ({self.get_status_display()})"

    def clean(self):
        if self.contact_method == self.ContactMethod.PHONE and not self.contact_phone:
            raise ValidationError({"contact_phone": _("Anna puhelinnumero, johon voimme soittaa.")})
        if self.contact_method == self.ContactMethod.EMAIL and not self.contact_email:
            raise ValidationError({"contact_email": _("Anna sähköpostiosoite, johon voimme vastata.")})


class Message(models.Model):
    """A message in a request's thread: the asker's reply, a worker's answer, or an internal note
    (never shown to the asker)."""

    class Kind(models.TextChoices):
        ASKER = "asker", _("kysyjän viesti")
        ANSWER = "answer", _("vastaus")
        NOTE = "note", _("sisäinen muistiinpano")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    body = models.TextField(max_length=TEXT_MAX_CHARS)
    created_at = models.DateTimeField()
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("viesti")
        verbose_name_plural = _("viestit")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class Transfer(models.Model):
    """A request moved to another team, with the reason."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="transfers")
    from_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=1000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("siirto")
        verbose_name_plural = _("siirrot")

    def __str__(self):
        return f"#{self.request_id}: {self.from_team} → {self.to_team}"


class AuditEvent(models.Model):
    """Who read or changed which request, and when. Append-only: never updated or deleted except
    by the retention purge, which deletes a request's trail with it and logs that it did.

    Holds no content of a request: the action, its target and non-personal details only.
    `request_ref` is a plain number, not a foreign key, so the purge event can name a request
    that no longer exists.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("vastaanotettu")
        READ = "read", _("luettu")
        CLAIM = "claim", _("otettu käsittelyyn")
        ASSIGN = "assign", _("osoitettu")
        STATUS = "status", _("tila muutettu")
        ANSWER = "answer", _("vastattu")
        NOTE = "note", _("muistiinpano")
        TRANSFER = "transfer", _("siirretty")
        ASKER_READ = "asker_read", _("kysyjä luki")
        ASKER_REPLY = "asker_reply", _("kysyjä vastasi")
        PURGE = "purge", _("poistettu säilytysajan päätyttyä")
        EXPORT = "export", _("loki viety")

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150, blank=True, default="")  # kept if the user is removed
    action = models.CharField(max_length=20, choices=Action.choices)
    request_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("lokitapahtuma")
        verbose_name_plural = _("loki")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} #{self.request_ref}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The audit log is append-only; only the retention purge deletes events.")


class LimitSalt(models.Model):
    """The day's random salt of the rate-limit keys (limits.py), deleted two days later."""

    day = models.DateField(primary_key=True)
    salt = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("rajoitusten suola")
        verbose_name_plural = _("rajoitusten suolat")

    def __str__(self):
        return str(self.day)  # never the salt


class LimitCount(models.Model):
    """A rate-limit counter (limits.py) when Redis is not there: a keyed hash of the client's
    address and the window, never the address; deleted when its window has ended."""

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rajoituslaskuri")
        verbose_name_plural = _("rajoituslaskurit")

    def __str__(self):
        return f"{self.count} until {self.expires_at:%Y-%m-%d %H:%M}"
