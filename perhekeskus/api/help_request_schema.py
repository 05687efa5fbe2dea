"""The OpenAPI description of a help request as POST /api/v1/help-requests/ takes it, read from the form.

`HelpRequestForm` validates; this says what it accepts, field by field and with the same rules:
the text's pattern and the phone number's come from the form's module, the choices of topic, age
group and municipality are the rows the form's fields would accept, read from the database when
the schema is built (with none, only an empty value or null). What depends on the way to answer is
said with one object per way (`oneOf`, told apart by `contact_method`): a phone answer needs a
phone number the form accepts, an e-mail answer an address, and the detail not chosen is ignored.

The body is described in the operation itself, not as a component: drf-spectacular makes every
`enum` of a component a component of its own, named after the field, which a list that may be
empty (no topics yet) and three one-value lists of `contact_method` do not survive.

Two rules no schema can state are in the descriptions (and in the schemathesis run's hooks): an
Idempotency-Key header and a form_token, if both are sent, are the same; and a form_token reused
for another text is a 409.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from perhekeskus.help_requests.forms import (
    EMAIL_MAX_CHARS,
    FORM_TOKEN_RE,
    PHONE_MAX_CHARS,
    HelpRequestForm,
    MessageTextField,
    phone_pattern,
)
from perhekeskus.help_requests.models import TEXT_MAX_CHARS, HelpRequest

from .openapi import ApiSchema, model_choices
from .params import LanguageParams

TOKEN = FORM_TOKEN_RE.pattern.removeprefix("^").removesuffix("$")
# The header's value: the token bare, or as the IETF draft's quoted string.
IDEMPOTENCY_KEY_PATTERN = f'^(?:{TOKEN}|"{TOKEN}")$'
NOT_GIVEN = _("Tyhjä tai null: ei kerrottu.")


class HelpRequestSchema(ApiSchema):
    """The endpoint's schema, its body built each time the schema is."""

    def get_request_serializer(self):
        return {"application/json": help_request_body()}

    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        body["required"] = True  # drf-spectacular cannot tell from a plain schema
        return body


def help_request_body() -> dict:
    """A help request: one object for each way to answer."""
    return {"oneOf": [_variant(method) for method in HelpRequest.ContactMethod]}


def _variant(method: HelpRequest.ContactMethod) -> dict:
    """A help request answered by `method`: the common fields and that way's contact detail."""
    fields = HelpRequestForm.base_fields
    properties = {
        "text": {
            "type": "string",
            "minLength": 1,
            "maxLength": TEXT_MAX_CHARS,
            "pattern": MessageTextField.pattern(),
            "description": format_lazy(
                "{} {}",
                fields["text"].help_text,
                _("Tyhjät merkit alussa ja lopussa jätetään pois; ohjausmerkkejä (paitsi rivinvaihto ja sarkain) ei."),
            ),
        },
        "topic": _choice(fields["topic"]),
        "age_group": _choice(fields["age_group"]),
        "municipality": _choice(fields["municipality"]),
        "contact_method": {
            "type": "string",
            "enum": [method],
            "description": fields["contact_method"].label,
        },
        "contact_phone": _ignored(_("Puhelinnumero; tallennetaan vain, kun contact_method on phone.")),
        "contact_email": _ignored(_("Sähköpostiosoite; tallennetaan vain, kun contact_method on email.")),
        "form_token": {
            "type": "string",
            "nullable": True,
            "pattern": f"^(?:{TOKEN})?$",
            "description": format_lazy(
                "{} {}", fields["form_token"].help_text, _("Ilman sitä (tai tyhjänä) palvelin antaa oman.")
            ),
        },
        "lang": {
            "type": "string",
            "nullable": True,
            "enum": [*(code for code, _label in LanguageParams.base_fields["lang"].choices), "", None],
            "description": format_lazy(
                "{} {}",
                LanguageParams.base_fields["lang"].help_text,
                _("Myös kysyjän kieli, jolla hänelle vastataan."),
            ),
        },
    }
    required = ["text", "contact_method"]
    if method == HelpRequest.ContactMethod.PHONE:
        properties["contact_phone"] = {
            "type": "string",
            "maxLength": PHONE_MAX_CHARS,
            "pattern": phone_pattern(),
            "description": fields["contact_phone"].help_text,
        }
        required.append("contact_phone")
    elif method == HelpRequest.ContactMethod.EMAIL:
        properties["contact_email"] = {"type": "string", "format": "email", "maxLength": EMAIL_MAX_CHARS}
        required.append("contact_email")
    return {
        "title": method.label,
        "type": "object",
        "properties": properties,
        "required": required,
        # Other names are ignored, but their values too must be text or null (else a 400).
        "additionalProperties": {"type": "string", "nullable": True},
    }


def _choice(field) -> dict:
    """A choice by slug of the rows the form's field accepts now; empty or null for none."""
    return {
        "type": "string",
        "nullable": True,
        "enum": [*model_choices(field), "", None],
        "description": format_lazy("{}. {}", field.label, NOT_GIVEN),
    }


def _ignored(description) -> dict:
    return {"type": "string", "nullable": True, "description": description}
