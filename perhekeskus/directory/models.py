"""The service directory: areas, organisations, places, services, channels and their hours.

Names follow Open Referral HSDS 3 where they fit (organization, service, location,
service_at_location, phone, schedule) so that an HSDS export is a mapping; what Finnish family
centres need on top (areas, path stages, the seven tasks, plain Finnish) is added beside them.
Vocabularies that families see (target groups, path stages, delivery modes, languages, tasks) are
rows, not code: their names and descriptions are content, edited in the admin and loaded from files.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .translation import Described, Named

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")


class Area(Named):
    """A wellbeing region, a municipality or a family-centre area (perhekeskusalue)."""

    class Kind(models.TextChoices):
        WELLBEING_REGION = "wellbeing_region", _("hyvinvointialue")
        MUNICIPALITY = "municipality", _("kunta")
        FAMILY_CENTRE_AREA = "family_centre_area", _("perhekeskusalue")

    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # An area that spans several municipalities lists them (Kemi's lounainen alue).
    municipalities = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="covering_areas")
    note = models.TextField(blank=True, default="")
    source = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("alue")
        verbose_name_plural = _("alueet")

    def municipality_ids(self) -> set[int]:
        """The municipalities this area is or lies in, or that lie in it (for filtering)."""
        if self.kind == self.Kind.MUNICIPALITY:
            return {self.pk}
        ids = set(self.municipalities.values_list("pk", flat=True))
        ids |= set(Area.objects.filter(parent=self, kind=self.Kind.MUNICIPALITY).values_list("pk", flat=True))
        if self.parent_id and self.parent.kind == self.Kind.MUNICIPALITY:
            ids.add(self.parent_id)
        return ids


class Vocabulary(Named, Described):
    """A term of a controlled vocabulary whose labels families see (abstract)."""

    slug = models.SlugField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "slug"]


class TargetGroup(Vocabulary):
    """A life situation a service is for (kohderyhmä): babies, youth, parents ...

    The age range, where a group has one, lets the age filter place services that give no ages
    of their own ("school_age" covers 7–15); groups like parents or everyone have none.
    """

    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("kohderyhmä")
        verbose_name_plural = _("kohderyhmät")


class PathStage(Vocabulary):
    """A stage of the families' service path, from information to professionals."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("palvelupolun vaihe")
        verbose_name_plural = _("palvelupolun vaiheet")


class DeliveryMode(Vocabulary):
    """How a service reaches people: electronic, phone, office, outreach, meeting place, home."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("asiointitapa")
        verbose_name_plural = _("asiointitavat")


class Language(Vocabulary):
    """A language a service is served in (slug is the ISO 639-1 code)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("palvelukieli")
        verbose_name_plural = _("palvelukielet")


class Task(Vocabulary):
    """One of the seven tasks of a family centre (perhekeskuksen tehtävät)."""

    source = models.TextField(blank=True, default="")

    class Meta(Vocabulary.Meta):
        verbose_name = _("perhekeskuksen tehtävä")
        verbose_name_plural = _("perhekeskuksen tehtävät")


class Organization(Named, Described):
    """An organisation of the network or one that provides a service (HSDS organization)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("kunta")
        WELLBEING_REGION = "wellbeing_region", _("hyvinvointialue")
        PARISH = "parish", _("seurakunta")
        NGO = "ngo", _("järjestö")
        PROJECT = "project", _("hanke")
        STATE = "state", _("valtio")
        PRIVATE = "private", _("yksityinen")
        NATIONAL_SERVICE = "national_service", _("valtakunnallinen palvelu")

    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, blank=True, default="")
    website = models.URLField(blank=True, default="")
    network_member = models.BooleanField(_("perhekeskusverkoston jäsen"), default=False)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="organizations")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="units")
    note = models.TextField(blank=True, default="")
    source = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("organisaatio")
        verbose_name_plural = _("organisaatiot")


class Location(Named, Described):
    """A place where services are given (HSDS location); `meeting_place` marks kohtaamispaikat."""

    slug = models.SlugField(max_length=100, unique=True)
    address = models.CharField(max_length=200, blank=True, default="")
    postal_code = models.CharField(max_length=10, blank=True, default="")
    municipality = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="locations_in_municipality",
        limit_choices_to={"kind": Area.Kind.MUNICIPALITY},
    )
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="locations")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="locations"
    )
    meeting_place = models.BooleanField(_("kohtaamispaikka"), default=False)
    accessibility = models.TextField(_("esteettömyys"), blank=True, default="")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    note = models.TextField(blank=True, default="")
    source = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("paikka")
        verbose_name_plural = _("paikat")

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Anna sekä leveys- että pituusaste, tai ei kumpaakaan."))


class ServiceQuerySet(models.QuerySet):
    def public(self):
        """Services shown to the public: everything but those marked not in use."""
        return self.exclude(status=Service.Status.NOT_IN_USE)

    def of_organization(self, organization):
        """Services an organisation provides or takes part in as a partner."""
        return self.filter(Q(organization=organization) | Q(partners=organization)).distinct()

    def with_relations(self):
        """Prefetch what a result card or an API item shows, in a fixed number of queries."""
        return self.select_related("organization", "path_stage").prefetch_related(
            "target_groups",
            "delivery_modes",
            "languages",
            "places",
            "schedules",
            "schedule_exceptions",
            models.Prefetch("channels", queryset=Channel.objects.prefetch_related("schedules", "schedule_exceptions")),
        )


class Service(Named, Described):
    """A service of the network (HSDS service), with family-centre attributes."""

    class Kind(models.TextChoices):
        E_SERVICE = "e_service", _("sähköinen palvelu")
        PHONE_SERVICE = "phone_service", _("puhelinpalvelu")
        CHAT = "chat", _("chat")
        OFFICE_SERVICE = "office_service", _("toimipistepalvelu")
        OUTREACH = "outreach", _("jalkautuva palvelu")
        MEETING_PLACE_ACTIVITY = "meeting_place_activity", _("kohtaamispaikkatoiminta")
        METHOD = "method", _("menetelmä")
        NETWORK = "network", _("verkosto")
        INFORMATION = "information", _("tietolähde")

    class Status(models.TextChoices):
        ACTIVE = "active", _("käytössä")
        NOT_IN_USE = "not_in_use", _("ei käytössä")
        PLANNED = "planned", _("suunnitteilla")

    slug = models.SlugField(max_length=100, unique=True)
    description_fi_plain = models.TextField(_("kuvaus selkokielellä"), blank=True, default="")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    partners = models.ManyToManyField(Organization, blank=True, related_name="partner_services")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    target_groups = models.ManyToManyField(TargetGroup, blank=True, related_name="services")
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    delivery_modes = models.ManyToManyField(DeliveryMode, blank=True, related_name="services")
    path_stage = models.ForeignKey(PathStage, null=True, blank=True, on_delete=models.SET_NULL, related_name="services")
    tasks = models.ManyToManyField(Task, blank=True, related_name="services")
    languages = models.ManyToManyField(Language, blank=True, related_name="services")
    # None means the source does not say; only an explicit yes or no is shown.
    free = models.BooleanField(_("maksuton"), null=True, blank=True)
    anonymous = models.BooleanField(_("nimettömästi"), null=True, blank=True)
    identification_required = models.BooleanField(_("vaatii tunnistautumisen"), null=True, blank=True)
    response_promise = models.CharField(_("vastauslupaus"), max_length=300, blank=True, default="")
    keywords_fi = models.TextField(_("hakusanat (suomi)"), blank=True, default="", help_text=_("Yksi rivillä."))
    keywords_sv = models.TextField(_("sökord (svenska)"), blank=True, default="", help_text=_("Yksi rivillä."))
    keywords_en = models.TextField(_("keywords (English)"), blank=True, default="", help_text=_("Yksi rivillä."))
    places = models.ManyToManyField(Location, blank=True, through="ServiceAtLocation", related_name="services")
    note = models.TextField(blank=True, default="")
    source = models.TextField(blank=True, default="")
    assured_date = models.DateField(
        _("tiedot tarkistettu"),
        null=True,
        blank=True,
        help_text=_(
            "Päivä, jona palvelun tiedot on viimeksi tarkistettu (HSDS assured_date). "
            "Näytetään palvelun sivulla; tyhjää ei näytetä."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("palvelu")
        verbose_name_plural = _("palvelut")

    def clean(self):
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("Yläikäraja ei voi olla pienempi kuin alaikäraja.")})

    @property
    def description_plain(self) -> str:
        return self.description_fi_plain

    def keywords(self, lang: str) -> list[str]:
        return [k.strip() for k in getattr(self, f"keywords_{lang}", "").splitlines() if k.strip()]


class ServiceAtLocation(models.Model):
    """A service given at a place (HSDS service_at_location)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE)
    location = models.ForeignKey(Location, on_delete=models.CASCADE)

    class Meta:
        unique_together = [("service", "location")]
        verbose_name = _("palvelu paikassa")
        verbose_name_plural = _("palvelut paikoissa")

    def __str__(self):
        return f"{self.service} @ {self.location}"


class Channel(models.Model):
    """A way to reach a service: a phone line (HSDS phone), a web page, an e-service, a chat,
    an e-mail address or a visiting address, each with its own service hours."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("puhelin")
        WEB = "web", _("verkkosivu")
        E_SERVICE = "e_service", _("sähköinen asiointi")
        CHAT = "chat", _("chat")
        EMAIL = "email", _("sähköposti")
        VISIT = "visit", _("käyntiosoite")
        SOCIAL_MEDIA = "social_media", _("sosiaalinen media")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=300, blank=True, default="")
    value = models.CharField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("yhteyskanava")
        verbose_name_plural = _("yhteyskanavat")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label or self.value}"

    def clean(self):
        if self.kind in {self.Kind.WEB, self.Kind.E_SERVICE, self.Kind.CHAT}:
            if not self.value.startswith(("https://", "http://")):
                raise ValidationError({"value": _("Verkko-osoitteen pitää alkaa https:// tai http://.")})
        if self.kind == self.Kind.PHONE and not any(ch.isdigit() for ch in self.value):
            raise ValidationError({"value": _("Puhelinnumerossa pitää olla numeroita.")})

    @property
    def href(self) -> str:
        """A link a phone can follow: tel:, mailto: or the address itself."""
        if self.kind == self.Kind.PHONE:
            digits = "".join(ch for ch in self.value if ch.isdigit() or ch == "+")
            return f"tel:{digits}"
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value}"
        if self.kind == self.Kind.VISIT or (
            self.kind == self.Kind.SOCIAL_MEDIA and not self.value.startswith("https://")
        ):
            return ""
        return self.value


class Schedule(models.Model):
    """A weekly opening rule (HSDS schedule, freq WEEKLY): on these weekdays from opens to closes,
    within an optional validity. Belongs to a service, a channel or a place."""

    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    channel = models.ForeignKey(Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    weekdays = models.CharField(_("viikonpäivät"), max_length=30, help_text=_("Esim. mo,tu,we,th,fr"))
    opens_at = models.TimeField(_("avautuu"))
    closes_at = models.TimeField(_("sulkeutuu"), help_text=_("00:00 tarkoittaa keskiyötä päivän lopussa."))
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    open_on_holidays = models.BooleanField(
        _("auki myös arkipyhinä"),
        default=False,
        help_text=_("Esim. päivystys. Muuten sääntö ei ole voimassa suomalaisina juhlapyhinä."),
    )
    note_fi = models.CharField(max_length=300, blank=True, default="")
    note_sv = models.CharField(max_length=300, blank=True, default="")
    note_en = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("aukioloaika")
        verbose_name_plural = _("aukioloajat")
        constraints = [
            models.CheckConstraint(
                name="schedule_has_one_owner",
                condition=(
                    Q(service__isnull=False, channel__isnull=True, location__isnull=True)
                    | Q(service__isnull=True, channel__isnull=False, location__isnull=True)
                    | Q(service__isnull=True, channel__isnull=True, location__isnull=False)
                ),
            )
        ]

    def __str__(self):
        return f"{self.weekdays} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    @property
    def days(self) -> tuple[str, ...]:
        return tuple(d for d in (x.strip() for x in self.weekdays.split(",")) if d)

    def clean(self):
        unknown = [d for d in self.days if d not in WEEKDAYS]
        if unknown or not self.days:
            raise ValidationError({"weekdays": _("Viikonpäivät lyhenteinä mo, tu, we, th, fr, sa, su.")})
        if (
            self.opens_at
            and self.closes_at
            and self.closes_at.hour + self.closes_at.minute
            and self.closes_at <= self.opens_at
        ):
            raise ValidationError({"closes_at": _("Sulkemisajan pitää olla avaamisajan jälkeen.")})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Voimassaolo ei voi päättyä ennen alkamistaan.")})


class ScheduleException(models.Model):
    """Dates on which the weekly rules of a service, channel or place do not hold: closed (e.g.
    a summer break) or open at other hours (e.g. a shorter day before a holiday)."""

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedule_exceptions"
    )
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="schedule_exceptions"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedule_exceptions"
    )
    starts_on = models.DateField(_("alkaen"))
    ends_on = models.DateField(_("päättyen"))
    closed = models.BooleanField(_("suljettu"), default=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    reason_fi = models.CharField(max_length=300, blank=True, default="")
    reason_sv = models.CharField(max_length=300, blank=True, default="")
    reason_en = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("poikkeusaukiolo")
        verbose_name_plural = _("poikkeusaukiolot")

    def __str__(self):
        return f"{self.starts_on}–{self.ends_on}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Poikkeus ei voi päättyä ennen alkamistaan.")})
        if not self.closed and (self.opens_at is None or self.closes_at is None):
            raise ValidationError(_("Anna poikkeavat aukioloajat tai merkitse suljetuksi."))


class ClosedDay(models.Model):
    """A day off beyond Finnish public holidays (e.g. a bridge day), optionally in one area only."""

    date = models.DateField(_("päivä"))
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE)
    reason_fi = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["date"]
        verbose_name = _("ylimääräinen vapaapäivä")
        verbose_name_plural = _("ylimääräiset vapaapäivät")

    def __str__(self):
        return f"{self.date} {self.reason_fi}"


class EmergencyRoute(models.Model):
    """An emergency number shown above the help-request form, on every receipt and in the guide
    for professionals: a directory service (112, the municipality's social emergency line)
    everywhere or in one area."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="emergency_routes")
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, help_text=_("Tyhjä: näytetään kaikkialla.")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        unique_together = [("service", "area")]
        verbose_name = _("hätäreitti")
        verbose_name_plural = _("hätäreitit")
        # The table it had when it lived in help_requests: moving the model kept the rows.
        db_table = "help_requests_emergencyroute"

    def __str__(self):
        return f"{self.service} ({self.area or _('kaikkialla')})"


class ContactGuidance(Named, Described):
    """Where to ask when a service gives no way to reach it and neither do its places or its
    organisation: the family centre's general guidance (e.g. ask at the child health clinic, or use
    the Pyydä apua! form). `description` is the advice, `name` the link's label; the link goes to
    `link` (a page of this site, "/…", or a web address) or else to the page of `service`."""

    slug = models.SlugField(max_length=100, unique=True)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contact_guidance"
    )
    link = models.CharField(
        _("linkki"), max_length=500, blank=True, default="", help_text=_("Sivuston sivu (/…) tai https://-osoite.")
    )
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_(
            "Tyhjä: näytetään kaikkialla; muuten vain tämän alueen palveluille ja niille, joiden aluetta ei tiedetä."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)
    source = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("yleinen yhteysohje")
        verbose_name_plural = _("yleiset yhteysohjeet")

    def clean(self):
        if self.link and not self.link.startswith(("/", "https://", "http://")):
            raise ValidationError({"link": _("Linkin pitää alkaa / tai https://.")})
        if not self.link and self.service_id is None:
            raise ValidationError(_("Anna linkki tai palvelu, jonne ohje vie."))
