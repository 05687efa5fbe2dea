"""The meeting-place calendar: open activities that recur within a season, and their exceptions.

An activity recurs by an RFC 5545 rule (weekly or monthly, an interval, weekdays, a position in the
month) from `valid_from` to `valid_to`. Occurrences are never stored: `occurrences.py` computes
them with python-dateutil for a bounded window, then applies what is stored here: date ranges when
the activity does not run (its own, and its area's season breaks), public holidays if asked,
and per-date changes (cancelled, moved, or with special content such as a guest's visit).
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.directory.models import Area, Location, Organization, TargetGroup
from perhekeskus.directory.translation import Described, Named, active_language, translated

from .recurrence import WEEKDAYS, rule_dates

# A season or an open-ended activity is expanded at most this far; a longer one is a typo.
MAX_SEASON_DAYS = 2 * 366


class Season(Named, Described):
    """A published schedule of an area (Länsi-Kotka 10.1.–31.3.2022): validity, breaks, notes."""

    slug = models.SlugField(max_length=100, unique=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="seasons", verbose_name=_("alue"))
    valid_from = models.DateField(_("alkaa"))
    valid_to = models.DateField(_("päättyy"))
    source = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("kausi")
        verbose_name_plural = _("kaudet")
        ordering = ["-valid_from", "slug"]

    def clean(self):
        check_period(self.valid_from, self.valid_to, limit=MAX_SEASON_DAYS)

    @property
    def notes(self) -> str:
        return self.description


class Period(models.Model):
    """Days from `starts_on` to `ends_on` (both included) with the reason families see."""

    starts_on = models.DateField(_("alkaa"))
    ends_on = models.DateField(_("päättyy"))
    reason_fi = models.CharField(_("syy (suomi)"), max_length=200, blank=True, default="")
    reason_sv = models.CharField(_("syy (ruotsi)"), max_length=200, blank=True, default="")
    reason_en = models.CharField(_("syy (englanti)"), max_length=200, blank=True, default="")

    class Meta:
        abstract = True
        ordering = ["starts_on"]

    def __str__(self):
        return f"{self.starts_on:%-d.%-m.%Y}–{self.ends_on:%-d.%-m.%Y} {self.reason_fi}".strip()

    def clean(self):
        check_period(self.starts_on, self.ends_on, limit=MAX_SEASON_DAYS)

    @property
    def reason(self) -> str:
        return translated(self, "reason")


class Break(Period):
    """Days when nothing of the season's area runs (talviloma 28.2.–4.3.2022)."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="breaks")

    class Meta(Period.Meta):
        verbose_name = _("tauko")
        verbose_name_plural = _("tauot")

    def clean(self):
        super().clean()
        season = self.season if self.season_id else None
        if season and self.starts_on and self.ends_on and season.valid_from and season.valid_to:
            if self.ends_on < season.valid_from or self.starts_on > season.valid_to:
                raise ValidationError(_("Tauko on kauden ulkopuolella. Tarkista päivämäärät."))


class ActivityQuerySet(models.QuerySet):
    def in_area(self, area: Area):
        """Activities of `area` or of an area under it: their own area, else their place's."""
        areas = [area.pk, *Area.objects.filter(parent=area).values_list("pk", flat=True)]
        return self.filter(models.Q(area__in=areas) | models.Q(area__isnull=True, place__area__in=areas))


class Activity(Named, Described):
    """A recurring open activity (Vauvakerho on Mondays 12.30–15 at Langinkoski church)."""

    objects = ActivityQuerySet.as_manager()

    class Freq(models.TextChoices):
        WEEKLY = "weekly", _("viikoittain")
        MONTHLY = "monthly", _("kuukausittain")

    slug = models.SlugField(max_length=100, unique=True)
    organizers = models.ManyToManyField(Organization, related_name="activities", verbose_name=_("järjestäjät"))
    place = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="activities", verbose_name=_("paikka")
    )
    place_note = models.CharField(_("paikasta"), max_length=300, blank=True, default="")
    place_note_sv = models.CharField(_("paikasta (ruotsi)"), max_length=300, blank=True, default="")
    place_note_en = models.CharField(_("paikasta (englanti)"), max_length=300, blank=True, default="")
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("perhekeskusalue"),
        help_text=_("Tyhjä: paikan alue."),
    )
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("kenelle"))
    age_min = models.PositiveSmallIntegerField(_("ikä alkaen"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("ikä enintään"), null=True, blank=True)
    free = models.BooleanField(_("maksuton"), null=True, blank=True)
    registration = models.BooleanField(_("vaatii ilmoittautumisen"), null=True, blank=True)
    attendance_limit = models.PositiveSmallIntegerField(_("osallistujia enintään"), null=True, blank=True)
    freq = models.CharField(_("toistuu"), max_length=10, choices=Freq.choices, default=Freq.WEEKLY)
    interval = models.PositiveSmallIntegerField(
        _("joka n:s"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    byday = models.CharField(_("viikonpäivät"), max_length=30, blank=True, default="", help_text="mo,we")
    bysetpos = models.SmallIntegerField(
        _("kuukauden monesko"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-5), MaxValueValidator(5)],
        help_text=_("Kuukausittaisille: 1–5, tai -1 kuukauden viimeinen."),
    )
    starts_at = models.TimeField(_("alkaa klo"), null=True, blank=True)
    ends_at = models.TimeField(_("päättyy klo"), null=True, blank=True)
    valid_from = models.DateField(
        _("voimassa alkaen"), null=True, blank=True, help_text=_("Tyhjä: päiviä ei ole kerrottu.")
    )
    valid_to = models.DateField(_("voimassa asti"), null=True, blank=True)
    skip_public_holidays = models.BooleanField(_("ei arkipyhinä"), default=True)
    keywords = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True, default="")
    source = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("toiminta")
        verbose_name_plural = _("toiminnat")
        ordering = ["slug"]

    def __str__(self):
        return self.name_fi

    @property
    def title(self) -> str:
        return self.name

    @property
    def weekdays(self) -> list[str]:
        return [day for day in self.byday.split(",") if day]

    @property
    def dates_known(self) -> bool:
        """Whether the rule says which days: "once a month on a Saturday" without which Saturday
        (kemi.yaml's Lauantaipajat), no first day or no time of day gives no dates to show."""
        if self.starts_at is None or self.valid_from is None:
            return False
        return not (self.freq == self.Freq.MONTHLY and self.weekdays and self.bysetpos is None)

    def place_note_in(self, lang: str | None = None) -> str:
        """The note on the place in `lang` (the active language), else in Finnish (`place_note`)."""
        lang = active_language(lang)
        return (getattr(self, f"place_note_{lang}", "") if lang in ("sv", "en") else "") or self.place_note

    @property
    def place_note_text(self) -> str:
        return self.place_note_in()

    @property
    def place_note_lang(self) -> str:
        """The language `place_note_text` is in, for the lang attribute."""
        lang = active_language()
        return lang if lang in ("sv", "en") and getattr(self, f"place_note_{lang}") else "fi"

    @property
    def effective_area(self):
        return self.area or (self.place.area if self.place else None)

    def clean(self):
        errors = {}
        unknown = [day for day in self.weekdays if day not in WEEKDAYS]
        if unknown:
            errors["byday"] = _("Tuntematon viikonpäivä: %(days)s. Käytä lyhenteitä mo, tu, we, th, fr, sa, su.") % {
                "days": ", ".join(unknown)
            }
        if self.freq == self.Freq.WEEKLY and not self.weekdays:
            errors["byday"] = _("Viikoittainen toiminta tarvitsee ainakin yhden viikonpäivän.")
        if self.bysetpos == 0:
            errors["bysetpos"] = _("Anna 1–5 tai -1–-5.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Päättymisajan pitää olla alkamisajan jälkeen.")
        if (self.starts_at is None) != (self.ends_at is None):
            errors["ends_at"] = _("Anna sekä alkamis- että päättymisaika, tai ei kumpaakaan.")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("Yläikäraja on pienempi kuin alaikäraja.")
        try:
            check_period(self.valid_from, self.valid_to, limit=MAX_SEASON_DAYS)
        except ValidationError as error:
            errors["valid_to"] = error.messages
        if not errors and self.dates_known and self.valid_to and not self.rule_yields_a_date():
            errors["byday"] = _(
                "Sääntö ei osu yhteenkään päivään voimassaoloaikana. Tarkista viikonpäivät ja päivämäärät."
            )
        if errors:
            raise ValidationError(errors)

    def rule_yields_a_date(self) -> bool:
        return bool(rule_dates(self, self.valid_from, self.valid_to))


class Pause(Period):
    """Days when this activity does not run (besides its area's breaks)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="exceptions")

    class Meta(Period.Meta):
        verbose_name = _("ei toimintaa")
        verbose_name_plural = _("ei toimintaa")


class DateChange(models.Model):
    """One date of an activity: cancelled (with the reason families see), moved, or with a note
    (a clinic's family instructor visits the baby meeting on 16.2.)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="date_changes")
    date = models.DateField(_("päivä"))
    cancelled = models.BooleanField(_("peruttu"), default=False)
    starts_at = models.TimeField(_("poikkeava alkamisaika"), null=True, blank=True)
    ends_at = models.TimeField(_("poikkeava päättymisaika"), null=True, blank=True)
    note_fi = models.CharField(_("tiedote (suomi)"), max_length=300, blank=True, default="")
    note_sv = models.CharField(_("tiedote (ruotsi)"), max_length=300, blank=True, default="")
    note_en = models.CharField(_("tiedote (englanti)"), max_length=300, blank=True, default="")
    from_data = models.BooleanField(default=False, editable=False)  # a special date of a data file
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("päivän muutos")
        verbose_name_plural = _("päivien muutokset")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["activity", "date"], name="one_change_per_activity_date")]

    def __str__(self):
        return f"{self.activity_id} {self.date:%-d.%-m.%Y}"

    def clean(self):
        # The day's times with the activity's own for what is not changed: 16.00 alone on a
        # 12.30–15.00 activity would end before it starts.
        activity = self.activity if self.activity_id else None
        starts = self.starts_at or (activity.starts_at if activity else None)
        ends = self.ends_at or (activity.ends_at if activity else None)
        if starts and ends and ends <= starts:
            raise ValidationError({"ends_at": _("Päättymisajan pitää olla alkamisajan jälkeen.")})

    @property
    def note(self) -> str:
        return translated(self, "note")


class VisitCount(models.Model):
    """How many came to one occurrence: for the family centre's indicators."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="visit_counts")
    date = models.DateField(_("päivä"))
    adults = models.PositiveSmallIntegerField(_("aikuisia"), default=0, validators=[MaxValueValidator(2000)])
    children = models.PositiveSmallIntegerField(_("lapsia"), default=0, validators=[MaxValueValidator(2000)])
    recorded_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kävijämäärä")
        verbose_name_plural = _("kävijämäärät")
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["activity", "date"], name="one_count_per_activity_date")]

    def __str__(self):
        return f"{self.date:%-d.%-m.%Y}: {self.adults} + {self.children}"


def overlapping(periods: list[tuple[date, date]]) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """The first two periods that share a day, or None."""
    ordered = sorted(p for p in periods if p[0] and p[1])
    for first, second in zip(ordered, ordered[1:], strict=False):
        if second[0] <= first[1]:
            return first, second
    return None


def overlap_message(pair) -> str:
    (a_start, a_end), (b_start, b_end) = pair
    return _("Jaksot menevät päällekkäin: %(a)s ja %(b)s. Yhdistä ne yhdeksi jaksoksi.") % {
        "a": f"{a_start:%-d.%-m.%Y}–{a_end:%-d.%-m.%Y}",
        "b": f"{b_start:%-d.%-m.%Y}–{b_end:%-d.%-m.%Y}",
    }


def check_period(start: date | None, end: date | None, *, limit: int) -> None:
    """An end before a start, or a period longer than `limit` days, is refused."""
    if start is None or end is None:
        return
    if end < start:
        raise ValidationError(_("Päättymispäivä on ennen alkamispäivää."))
    if end - start > timedelta(days=limit):
        raise ValidationError(
            _("Jakso on liian pitkä: enintään %(days)d päivää. Tarkista vuosiluku.") % {"days": limit}
        )
