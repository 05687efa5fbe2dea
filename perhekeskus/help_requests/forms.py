"""The forms of Pyydä apua!: the one validator of a help request, for the web page and the JSON API.

`HelpRequestForm` decides what a valid request is: a question of at most `TEXT_MAX_CHARS`
characters of readable text, optional topic, age group and municipality (by slug), and one way to
answer. Bad input becomes a clear message in the asker's language and a 400, never a 500, and the
page shows the form again with what the person typed. Only the contact detail of the chosen way to
answer is kept: an anonymous request stores no phone number or e-mail address even if one was typed.

`ReplyForm` and `PickupForm` serve the asker's side of the thread (the pickup code and a reply).
"""

import functools
import re
import secrets
import unicodedata

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import EmailValidator, slug_re
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from perhekeskus.directory.models import Area

from . import codes
from .models import TEXT_MAX_CHARS, ChildAgeGroup, HelpRequest, Topic

# Characters of text that are never kept: control characters (a NUL byte breaks PostgreSQL and is
# what binary data is made of) and lone surrogates (which no database can encode). Tab and newline
# are text.
ALLOWED_CONTROLS = {"\t", "\n"}
REJECTED_CATEGORIES = {"Cc", "Cs"}

PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]*$")
PHONE_MIN_DIGITS = 6
PHONE_MAX_DIGITS = 20
PHONE_MAX_CHARS = 40

FORM_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,100}$")
HONEYPOT_FIELD = "website"

SLUG_MAX_CHARS = 100
CONTACT_FIELDS = ("contact_phone", "contact_email")
EMAIL_MAX_CHARS = 254


def is_invisible(ch: str) -> bool:
    """Whitespace or a format character (a zero-width space, a BOM): a text of these alone is empty."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def is_unreadable(ch: str) -> bool:
    """A character a text may not hold: a control character but tab and newline, a lone surrogate."""
    return unicodedata.category(ch) in REJECTED_CATEGORIES and ch not in ALLOWED_CONTROLS


def new_form_token() -> str:
    """A one-time token for a form as it is rendered: the same form posted twice has the same token,
    so a double submit creates one request (see `submission`)."""
    return secrets.token_urlsafe(32)


class MessageTextField(forms.CharField):
    """The text of a question or a reply: trimmed, newlines unified, readable characters only.

    Line breaks are unified before the length is checked, so that a browser's CRLF does not count
    twice against the limit the textarea showed.
    """

    default_error_messages = {
        "required": _("Kirjoita viesti."),
        "max_length": _("Viesti on liian pitkä: enintään %(limit_value)d merkkiä (nyt %(show_value)d). Lyhennä sitä."),
        "unreadable": _(
            "Viestissä on merkkejä, joita ei voi tallentaa (ensimmäinen kohdassa %(position)d), esimerkiksi "
            "ohjausmerkkejä tai tiedoston sisältöä. Kirjoita viesti tavallisena tekstinä."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TEXT_MAX_CHARS)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(strip=True, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
        # Invisible characters alone (zero-width spaces, BOMs) are an empty message too.
        if all(is_invisible(ch) for ch in value):
            return ""
        return value

    def validate(self, value):
        super().validate(value)
        if self.max_length is not None and len(value) > self.max_length:
            return  # the length validator says so, without reading a megabyte character by character
        for position, ch in enumerate(value, start=1):
            if is_unreadable(ch):
                raise ValidationError(
                    self.error_messages["unreadable"], code="unreadable", params={"position": position}
                )

    @staticmethod
    @functools.cache
    def pattern() -> str:
        """The texts this field accepts (length aside) as one regular expression, for the API's schema.

        Read from the same rules as the field: whitespace at either end is trimmed; what is left
        holds no unreadable character (a CR is made a newline first) and at least one that is not
        invisible. Written in the syntax ECMA 262 (JSON Schema's) and Python share.
        """
        unreadable = _ranges(lambda ch: is_unreadable(ch) and ch != "\r")
        invisible = _ranges(lambda ch: (is_unreadable(ch) and ch != "\r") or is_invisible(ch))
        spaces = _ranges(str.isspace)
        return f"^[{spaces}]*[^{unreadable}]*[^{invisible}][^{unreadable}]*[{spaces}]*$"


@functools.cache
def phone_pattern() -> str:
    """The phone numbers `HelpRequestForm` accepts (length aside) as one regular expression: what
    PHONE_RE and the digit count allow once whitespace is folded, for the API's schema."""
    spaces = _ranges(str.isspace)
    return rf"^[{spaces}]*\+?[0-9](?:[\-{spaces}]*[0-9]){{{PHONE_MIN_DIGITS - 1},{PHONE_MAX_DIGITS - 1}}}[\-{spaces}]*$"


@functools.cache
def _ranges(predicate) -> str:
    """The characters of the BMP for which `predicate` holds, as the inside of a regex character
    class, written as \\uXXXX, which ECMA 262 and Python read alike.

    The BMP only: beyond it the two readings part (ECMA without its u flag sees two surrogates),
    so a class says nothing of those characters and a negated one admits them all. The pattern of
    a text therefore takes the few format characters there (tags U+E0000..., U+1D173-1D17A) for
    visible ones; the field itself does not. Lone surrogates are never sent in JSON or UTF-8.
    """
    parts, start, previous = [], None, None
    for code in [*range(0xD800), *range(0xE000, 0x10000), None]:
        if code is not None and predicate(chr(code)):
            if start is None:
                start = code
            previous = code
            continue
        if start is not None:
            parts.append(f"\\u{start:04x}" if start == previous else f"\\u{start:04x}-\\u{previous:04x}")
            start = None
    return "".join(parts)


class NamedSelect(forms.Select):
    """Options that carry the language of their label: a name shown in Finnish on a Swedish or
    English page says so to screen readers (WCAG 3.1.2)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and hasattr(instance, "name_lang"):
            option["attrs"]["lang"] = instance.name_lang
        return option


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug. A value that cannot be a slug is refused before the database sees it."""

    widget = NamedSelect

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or len(value) > SLUG_MAX_CHARS or not slug_re.match(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, obj):
        return obj.name


class HelpRequestForm(forms.Form):
    """A help request (avunpyyntö) as the asker sends it, from the web form or the API."""

    text = MessageTextField(
        label=_("Viestisi"),
        help_text=format_lazy(
            _("Kerro omin sanoin, mihin tarvitset apua tai neuvoa. Enintään {max} merkkiä."), max=TEXT_MAX_CHARS
        ),
    )
    topic = SlugChoiceField(
        Topic.objects.filter(active=True),
        label=_("Aihe"),
        empty_label=_("En osaa sanoa"),
        error_messages={"invalid_choice": _("Tuntematon aihe. Valitse aihe listasta tai jätä valitsematta.")},
    )
    age_group = SlugChoiceField(
        ChildAgeGroup.objects.all(),
        label=_("Lapsen ikä"),
        empty_label=_("En halua kertoa"),
        error_messages={"invalid_choice": _("Tuntematon ikäryhmä. Valitse ikä listasta tai jätä valitsematta.")},
    )
    municipality = SlugChoiceField(
        Area.objects.filter(kind=Area.Kind.MUNICIPALITY),
        label=_("Kotikunta"),
        empty_label=_("En halua kertoa"),
        error_messages={"invalid_choice": _("Tuntematon kunta. Valitse kunta listasta tai jätä valitsematta.")},
    )
    contact_method = forms.ChoiceField(
        label=_("Miten haluat vastauksen?"),
        choices=HelpRequest.ContactMethod.choices,
        initial=HelpRequest.ContactMethod.ANONYMOUS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Valitse, miten haluat vastauksen."),
            "invalid_choice": _("Valitse vastaustavaksi puhelin, sähköposti tai nimettömästi."),
        },
    )
    # Checked only for the chosen way to answer (see `clean_contact_*`): a number typed and then
    # left for an anonymous answer is dropped, not complained about.
    contact_phone = forms.CharField(
        label=_("Puhelinnumero"),
        required=False,
        # Its length counts as typed, spaces included (the input's maxlength); they are folded after.
        strip=False,
        help_text=_("Esimerkiksi 040 123 4567 tai +358 40 123 4567."),
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "maxlength": PHONE_MAX_CHARS}
        ),
    )
    contact_email = forms.CharField(
        label=_("Sähköpostiosoite"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": EMAIL_MAX_CHARS}),
    )
    # A field people never see (hidden by CSS) and bots fill in. Named like a real field on purpose.
    website = forms.CharField(
        label=_("Jätä tämä kenttä tyhjäksi"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(
        required=False,
        # Compared as sent with an Idempotency-Key header, so not trimmed: " token" is no token.
        strip=False,
        widget=forms.HiddenInput,
        help_text=_(
            "Satunnainen tunniste (16–100 merkkiä A–Z, a–z, 0–9, _ ja -). Sama tunniste uudelleen lähetettynä "
            "ei luo toista pyyntöä, vaan palauttaa saman kuitin."
        ),
        error_messages={"invalid": _("Lomakkeen tunniste on virheellinen. Lataa sivu uudelleen.")},
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if not self.is_bound and not self.initial.get("form_token"):
            self.initial["form_token"] = new_form_token()

    def clean_form_token(self):
        token = self.cleaned_data["form_token"]
        if not token:
            # An API client that sends none gets one; a retry without it is a new request.
            return new_form_token()
        if not FORM_TOKEN_RE.match(token):
            raise ValidationError(self.fields["form_token"].error_messages["invalid"], code="invalid")
        return token

    def _chosen(self, method: str) -> bool:
        return self.cleaned_data.get("contact_method") == method

    def clean_contact_phone(self):
        typed = self.cleaned_data["contact_phone"]
        phone = " ".join(typed.split())
        if not phone or not self._chosen(HelpRequest.ContactMethod.PHONE):
            return ""
        digits = sum(ch.isdigit() for ch in phone)
        if (
            len(typed) > PHONE_MAX_CHARS
            or not PHONE_RE.match(phone)
            or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS
        ):
            raise ValidationError(
                _("Tarkista puhelinnumero: vain numeroita, välilyöntejä, + ja -, ja %(min)d–%(max)d numeroa."),
                code="invalid",
                params={"min": PHONE_MIN_DIGITS, "max": PHONE_MAX_DIGITS},
            )
        return phone

    def clean_contact_email(self):
        email = self.cleaned_data["contact_email"].strip()
        if not email or not self._chosen(HelpRequest.ContactMethod.EMAIL):
            return ""
        message = _("Tarkista sähköpostiosoite: esimerkiksi nimi@esimerkki.fi.")
        if len(email) > EMAIL_MAX_CHARS:
            raise ValidationError(message, code="invalid")
        EmailValidator(message=message)(email)
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            # A bot. The message is neutral and keeps what was typed, should a person have filled it.
            raise ValidationError(
                _("Lomaketta ei voitu lähettää. Jätä kenttä ”Jätä tämä kenttä tyhjäksi” tyhjäksi ja lähetä uudelleen."),
                code="honeypot",
            )
        method = cleaned.get("contact_method")
        if method:
            # The model holds the rule (and its messages) that a phone or e-mail answer needs the detail.
            contact = {field: cleaned.get(field, "") for field in CONTACT_FIELDS}
            try:
                HelpRequest(contact_method=method, **contact).clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field not in self.errors:
                        self.add_error(field, messages)
        return cleaned

    @property
    def is_bot(self) -> bool:
        """Whether the honeypot was filled in (valid only after validation)."""
        return self.has_error(NON_FIELD_ERRORS, code="honeypot")


class PickupForm(forms.Form):
    """The pickup code (noutotunnus), always posted: a code never appears in a URL or a log."""

    code = forms.CharField(
        label=_("Noutotunnus"),
        max_length=100,
        help_text=format_lazy(
            _("Esimerkiksi {example}. Isot ja pienet kirjaimet, välilyönnit ja väliviivat eivät haittaa."),
            example=codes.EXAMPLE,
        ),
        error_messages={"required": _("Kirjoita noutotunnus."), "max_length": codes.WRONG_CODE_MESSAGE},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "inputmode": "text"}
        ),
    )


class ReplyForm(PickupForm):
    """The asker's reply in the thread; the code comes again (hidden) and is verified again."""

    code = forms.CharField(
        widget=forms.HiddenInput,
        max_length=100,
        error_messages={"required": codes.WRONG_CODE_MESSAGE, "max_length": codes.WRONG_CODE_MESSAGE},
    )
    body = MessageTextField(label=_("Vastauksesi"))
