"""The search forms: one parser of search parameters for the web pages and the API.

Every parameter is validated here, so bad input (an unknown filter value, a 10 000-character
query, control characters) becomes a clear message in the user's language and a 400, never a 500,
and the page shows the form with what the person typed.
"""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Area, DeliveryMode, Language, Organization, PathStage, TargetGroup
from .text import MAX_QUERY_CHARS


def _clean_text(value: str) -> str:
    """Drop control and format characters (a NUL byte would break PostgreSQL) and fold spaces."""
    value = unicodedata.normalize("NFC", value)
    kept = "".join(" " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in value)
    return " ".join(kept.split())


class SlugMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choices by slug, with an error that names the unknown value."""

    default_error_messages = {
        "invalid_choice": _("Tuntematon valinta: %(value)s."),
        "invalid_pk_value": _("Tuntematon valinta: %(pk)s."),
        "list": _("Anna lista valintoja."),
    }

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)

    def label_from_instance(self, obj):
        return obj.name


YES = frozenset({"on", "1", "true", "yes", "kyllä", "kylla", "ja"})
NO = frozenset({"", "0", "false", "off", "no", "ei", "nej"})


def read_flag(value) -> bool | None:
    """Yes, no, or None for nonsense; the one reading of a yes/no parameter."""
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


class FlagCheckbox(forms.CheckboxInput):
    """A checkbox that hands the field the raw text: CheckboxInput itself would turn "0" and
    "maybe" into True before the field could object."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: read_flag(value) is True)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.BooleanField):
    """A yes/no filter that says no to nonsense: "on", "1", "true", "yes", "kyllä", "ja" are
    yes; empty, "0", "false", "off", "no", "ei", "nej" are no; anything else is an error."""

    widget = FlagCheckbox
    default_error_messages = {"invalid": _("Anna kyllä tai ei (esim. 1 tai 0).")}

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        flag = read_flag(value)
        if flag is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return flag


class AgeField(forms.IntegerField):
    """An age in whole years, 0–120, with messages that say so; optional."""

    default_error_messages = {
        "invalid": _("Anna ikä kokonaislukuna."),
        "min_value": _("Iän pitää olla vähintään %(limit_value)s."),
        "max_value": _("Iän pitää olla enintään %(limit_value)s."),
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, max_value=120, **kwargs)


def clean_query(value: str) -> str:
    """A query without control characters, its spaces folded."""
    return _clean_text(value)


def query_field(label) -> forms.CharField:
    """The free-text query of a search, bounded, with a message that says by how much."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_QUERY_CHARS,
        error_messages={
            "max_length": _("Hakusana on liian pitkä: enintään %(limit_value)d merkkiä (nyt %(show_value)d).")
        },
    )


class CleanedParamsForm(forms.Form):
    """A form over query parameters whose free texts are cleaned of control characters first, and
    whose `q` comes out with its spaces folded. A choice, a number or a flag is read as sent: a
    control character in it makes it no value of the field (a 400), not another value."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            texts = {name for name, field in self.base_fields.items() if isinstance(field, forms.CharField)}
            data = _cleaned_querydict(data, texts)
        super().__init__(data, *args, **kwargs)

    def clean_q(self):
        return clean_query(self.cleaned_data.get("q") or "")


class OrganizationSearchForm(CleanedParamsForm):
    q = query_field(_("Hae toimijaa"))


class PlaceSearchForm(CleanedParamsForm):
    q = query_field(_("Hae paikkaa"))


class ServiceSearchForm(CleanedParamsForm):
    q = query_field(_("Hae palvelua"))
    target_group = SlugMultipleChoiceField(TargetGroup.objects.all(), label=_("Kenelle"))
    path_stage = SlugMultipleChoiceField(PathStage.objects.all(), label=_("Palvelupolun vaihe"))
    delivery = SlugMultipleChoiceField(DeliveryMode.objects.all(), label=_("Asiointitapa"))
    language = SlugMultipleChoiceField(Language.objects.all(), label=_("Palvelukieli"))
    org_kind = forms.MultipleChoiceField(
        label=_("Järjestäjä"),
        required=False,
        choices=Organization.Kind.choices,
        error_messages={"invalid_choice": _("Tuntematon järjestäjätyyppi: %(value)s.")},
    )
    area = forms.ModelChoiceField(
        Area.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Kunta tai alue"),
        empty_label=_("Kaikki alueet"),
        error_messages={"invalid_choice": _("Tuntematon kunta tai alue.")},
    )
    age = AgeField(label=_("Lapsen tai nuoren ikä"))
    free = FlagField(label=_("Maksuton"))
    anonymous = FlagField(label=_("Voi asioida nimettömänä"))
    open_now = FlagField(label=_("Auki nyt"))


def _cleaned_querydict(data, texts: set[str]):
    """A mutable copy of the parameters, every value bounded, those of `texts` cleaned of control
    characters.

    Values are bounded before they are cleaned so that a huge parameter costs little; the length
    check of `q` still sees that the original was too long.
    """
    cleaned = data.copy()
    for key in list(cleaned.keys()):
        values = [v[: MAX_QUERY_CHARS * 60] if isinstance(v, str) else v for v in cleaned.getlist(key)]
        if key in texts:
            values = [_clean_text(v) if isinstance(v, str) else v for v in values]
        cleaned.setlist(key, values[:50])
    return cleaned
