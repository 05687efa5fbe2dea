"""The query parameters of the API, parsed by forms like the web pages' own.

The service filters are `ServiceSearchForm`, the one parser the web pages use too; what only the
API has (`lang`, `page`, `page_size`) is parsed here. Every value is validated before the
database sees it, so bad input is a 400 with a message in the request's language, never a 500.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from perhekeskus.directory.translation import CONTENT_LANGUAGES

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class LanguageParams(forms.Form):
    """`?lang=`: the language of content and messages (texts not translated come in Finnish)."""

    lang = forms.ChoiceField(
        label=_("Vastauksen kieli"),
        required=False,
        choices=[(code, code) for code in CONTENT_LANGUAGES],
        help_text=_("fi, sv tai en. Kääntämättömät tekstit tulevat suomeksi. Oletus: Accept-Language, muuten fi."),
        # The value is not repeated: it may be 10 000 characters of anything.
        error_messages={"invalid_choice": _("Tuntematon kieli. Valitse fi, sv tai en.")},
    )


class PageParams(forms.Form):
    """`?page=` and `?page_size=` of a paginated list."""

    page = forms.IntegerField(
        label=_("Sivu"),
        required=False,
        min_value=1,
        help_text=_("Sivun numero, alkaen 1:stä."),
        error_messages={
            "invalid": _("Sivunumeron pitää olla kokonaisluku."),
            "min_value": _("Sivunumeron pitää olla vähintään %(limit_value)s."),
        },
    )
    page_size = forms.IntegerField(
        label=_("Tuloksia sivulla"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=format_lazy(
            _("Montako tulosta sivulla on (oletus {default}, enintään {max})."),
            default=DEFAULT_PAGE_SIZE,
            max=MAX_PAGE_SIZE,
        ),
        error_messages={
            "invalid": _("Sivun koon pitää olla kokonaisluku."),
            "min_value": _("Sivun koon pitää olla vähintään %(limit_value)s."),
            "max_value": _("Sivun koko voi olla enintään %(limit_value)s."),
        },
    )


def validated(form_class: type[forms.Form], query_params) -> dict:
    """The cleaned parameters, or a ValidationError (400) whose `errors` name every bad field.

    The body is `{"detail": "...", "errors": {field: [messages]}}`, messages in the active language.
    """
    form = form_class(query_params)
    if form.is_valid():
        return form.cleaned_data
    errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
    raise ValidationError({"detail": str(_("Virheelliset parametrit.")), "errors": errors})


def requested_language(query_params) -> str | None:
    """The content language asked for with `?lang=`, or None to follow Accept-Language."""
    return validated(LanguageParams, query_params)["lang"] or None
