"""The public feedback form."""

import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import PAGE_MAX_CHARS, TEXT_MAX_CHARS

FORM_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_form_token() -> str:
    """A one-time token for the form as it is rendered: posted twice, it stores one message."""
    return secrets.token_urlsafe(32)


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Palautteesi"),
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Kirjoita palautteesi."),
            "max_length": _("Palaute on liian pitkä: enintään %(limit_value)d merkkiä, nyt %(show_value)d."),
        },
    )
    page = forms.CharField(
        label=_("Mitä sivua palaute koskee? (vapaaehtoinen)"),
        max_length=PAGE_MAX_CHARS,
        required=False,
        error_messages={"max_length": _("Sivun osoite on liian pitkä: enintään %(limit_value)d merkkiä.")},
    )
    reply_email = forms.EmailField(
        label=_("Sähköpostiosoite vastausta varten (vapaaehtoinen)"),
        required=False,
        error_messages={"invalid": _("Tarkista sähköpostiosoite, esimerkiksi nimi@esimerkki.fi.")},
    )
    consent = forms.BooleanField(
        label=_("Saa vastata minulle tähän osoitteeseen. Osoitetta käytetään vain tähän palautteeseen vastaamiseen."),
        required=False,
    )
    form_token = forms.CharField(widget=forms.HiddenInput, strip=False)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if not self.is_bound and not self.initial.get("form_token"):
            self.initial["form_token"] = new_form_token()

    def clean_form_token(self):
        token = self.cleaned_data["form_token"]
        if not FORM_TOKEN_RE.match(token):
            raise ValidationError(_("Lomakkeen tunniste on viallinen. Lataa sivu uudelleen ja lähetä palaute."))
        return token

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reply_email") and not cleaned.get("consent"):
            self.add_error(
                "consent",
                _("Jos haluat vastauksen sähköpostiin, anna lupa vastata osoitteeseen. Muuten jätä osoite tyhjäksi."),
            )
        return cleaned
