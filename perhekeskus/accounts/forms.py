"""The forms of signing in: the password step is Django's AuthenticationForm; these are the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

CODE_MAX_LENGTH = 40  # a recovery code with spaces, with room to spare; longer is not a code


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Vahvistuskoodi"),
        max_length=CODE_MAX_LENGTH,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false", "autofocus": True}
        ),
        error_messages={
            "required": _("Kirjoita koodi."),
            "max_length": _("Koodi on liian pitkä. Kirjoita sovelluksen kuusinumeroinen koodi tai varakoodi."),
        },
    )


class EnrolForm(CodeForm):
    """The first code from the authenticator app being set up (recovery codes come after)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = _("Sovelluksen näyttämä koodi")
        code.widget.attrs["inputmode"] = "numeric"
        code.error_messages["required"] = _("Kirjoita sovelluksen näyttämä kuusinumeroinen koodi.")
