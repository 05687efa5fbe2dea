"""Service paths (palvelupolut) as data: the families' staircase of stages, and the professionals'
guide as a small decision graph of steps, choices and actions.

A path names directory services and never copies them: pages show the services as they are now,
with their phone lines and open-now state. Phone numbers and hours printed in the handbook are kept
on stages and actions (`phone`, `hours`) because they are what the guide promises; `phones.py`
prefers them and falls back to the linked service's own phone channels.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.directory.models import PathStage, Service
from perhekeskus.directory.translation import Named, translated


def text_field(label: str):
    return models.TextField(label, blank=True, default="")


class Pathway(Named):
    """A path, named by `name_*` (its title)."""

    class Audience(models.TextChoices):
        FAMILIES = "families", _("perheille")
        PROFESSIONALS = "professionals", _("ammattilaisille")

    slug = models.SlugField(max_length=100, unique=True)
    short = models.SlugField(
        _("lyhytlinkki"), max_length=100, unique=True, help_text=_("Lyhyt osoite verkostokirjeisiin: /p/lyhytlinkki/.")
    )
    audience = models.CharField(_("kenelle"), max_length=20, choices=Audience.choices)
    start = models.ForeignKey(
        "Step", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("ensimmäinen askel")
    )
    source = models.TextField(blank=True, default="")
    note = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("palvelupolku")
        verbose_name_plural = _("palvelupolut")
        ordering = ["audience", "slug"]

    def __str__(self):
        return self.name_fi

    @property
    def title(self) -> str:
        return self.name

    @property
    def is_guide(self) -> bool:
        return self.audience == self.Audience.PROFESSIONALS


class Stage(Named):
    """A stage of the families' path (Etsii tietoa, Saa tukea avoimista kohtaamispaikoista ...)."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(_("tunniste"), max_length=100)
    order = models.PositiveSmallIntegerField(_("järjestys"), default=0)
    level = models.PositiveSmallIntegerField(_("porras"), default=1, help_text=_("1 tieto … 5 ammattilaiset"))
    path_stage = models.ForeignKey(PathStage, null=True, blank=True, on_delete=models.SET_NULL)
    text_fi = text_field(_("teksti (suomi)"))
    text_sv = text_field(_("teksti (ruotsi)"))
    text_en = text_field(_("teksti (englanti)"))
    items = models.JSONField(_("luettelo"), default=list, blank=True, help_text='[{"fi": "...", "sv": "..."}]')
    services = models.ManyToManyField(Service, through="StageService", blank=True)
    phone = models.CharField(_("puhelin"), max_length=100, blank=True, default="")
    hours = models.JSONField(_("puhelinajat"), default=list, blank=True)
    outcome_fi = text_field(_("tulos (suomi)"))
    outcome_sv = text_field(_("tulos (ruotsi)"))
    outcome_en = text_field(_("tulos (englanti)"))
    note = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("vaihe")
        verbose_name_plural = _("vaiheet")
        ordering = ["pathway", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["pathway", "key"], name="one_stage_key_per_pathway")]

    @property
    def title(self) -> str:
        return self.name

    @property
    def text(self) -> str:
        return translated(self, "text")

    @property
    def outcome(self) -> str:
        return translated(self, "outcome")


class StageService(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.stage_id}: {self.service_id}"


class Step(models.Model):
    """A step of the professionals' guide: a situation, what to do, and the choices onward."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(_("tunniste"), max_length=100)
    order = models.PositiveSmallIntegerField(_("järjestys"), default=0)
    text_fi = models.TextField(_("teksti (suomi)"))
    text_sv = text_field(_("teksti (ruotsi)"))
    text_en = text_field(_("teksti (englanti)"))
    requires_consent = models.BooleanField(_("perheen suostumuksella"), default=False)
    is_end = models.BooleanField(_("polun loppu"), default=False)
    note = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("askel")
        verbose_name_plural = _("askeleet")
        ordering = ["pathway", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["pathway", "key"], name="one_step_key_per_pathway")]

    def __str__(self):
        return self.key

    @property
    def text(self) -> str:
        return translated(self, "text")


class Choice(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=0)
    label_fi = models.CharField(_("valinta (suomi)"), max_length=300)
    label_sv = models.CharField(_("valinta (ruotsi)"), max_length=300, blank=True, default="")
    label_en = models.CharField(_("valinta (englanti)"), max_length=300, blank=True, default="")
    next_step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+", verbose_name=_("seuraava askel"))

    class Meta:
        verbose_name = _("valinta")
        verbose_name_plural = _("valinnat")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label_fi

    @property
    def label(self) -> str:
        return translated(self, "label")


class Action(models.Model):
    """What to do at a step: whom to call or where to go, with the number and hours of the guide."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(default=0)
    text_fi = models.TextField(_("teksti (suomi)"))
    text_sv = text_field(_("teksti (ruotsi)"))
    text_en = text_field(_("teksti (englanti)"))
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("palvelu")
    )
    services = models.ManyToManyField(Service, blank=True, related_name="+", verbose_name=_("kaikki palvelut"))
    phone = models.CharField(_("puhelin"), max_length=100, blank=True, default="")
    hours = models.JSONField(_("puhelinajat"), default=list, blank=True)
    anonymous_child = models.BooleanField(_("voi konsultoida kertomatta lapsen henkilöllisyyttä"), default=False)
    first = models.BooleanField(_("tee ensin"), default=False)

    class Meta:
        verbose_name = _("toimenpide")
        verbose_name_plural = _("toimenpiteet")
        ordering = ["-first", "order", "pk"]

    def __str__(self):
        return self.text_fi[:80]

    @property
    def text(self) -> str:
        return translated(self, "text")
