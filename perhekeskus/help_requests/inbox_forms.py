"""The forms of the workers' inbox: the list's filter and the five forms on a request's page.

Plain POST forms that work without JavaScript. They check the input's shape only (a text given,
a known status, someone of the team); whether the request's state allows the change is decided by
`actions`, on the locked row, so that a form that was valid a moment ago still gets the action's
own message.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .actions import REASON_MAX_CHARS
from .models import TEXT_MAX_CHARS, HelpRequest, Team
from .selectors import ALL_STATUSES

Status = HelpRequest.Status


class InboxFilterForm(forms.Form):
    """The list's `?team=<slug>&status=<status>`: one of the user's teams, a status, or all."""

    team = forms.ModelChoiceField(
        label=gettext_lazy("Tiimi"),
        queryset=Team.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Kaikki tiimini"),
        error_messages={"invalid_choice": gettext_lazy("Tiimiä ei löydy tiimeistäsi.")},
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Tila"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Tuntematon tila.")},
    )

    def __init__(self, *args, teams: QuerySet[Team], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["status"].choices = [
            ("", _("Avoimet")),
            *Status.choices,
            (ALL_STATUSES, _("Kaikki")),
        ]


def _text_field(label, *, max_length: int, required_message) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": required_message},
    )


class AnswerForm(forms.Form):
    body = _text_field(
        gettext_lazy("Vastaus"),
        max_length=TEXT_MAX_CHARS,
        required_message=gettext_lazy("Kirjoita vastaus ennen lähettämistä."),
    )


class NoteForm(forms.Form):
    body = _text_field(
        gettext_lazy("Muistiinpano"),
        max_length=TEXT_MAX_CHARS,
        required_message=gettext_lazy("Kirjoita muistiinpano ennen tallentamista."),
    )


class StatusForm(forms.Form):
    # The page offers the moves allowed now; the field accepts every status, so that a move that
    # became impossible meanwhile gets the action's own message (409) rather than "unknown".
    status = forms.ChoiceField(
        label=gettext_lazy("Uusi tila"),
        choices=Status.choices,
        error_messages={
            "required": gettext_lazy("Valitse tila."),
            "invalid_choice": gettext_lazy("Tuntematon tila."),
        },
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Osoita"),
        queryset=get_user_model().objects.none(),
        error_messages={
            "required": gettext_lazy("Valitse tiimin jäsen, jolle pyyntö osoitetaan."),
            "invalid_choice": gettext_lazy("Pyynnön voi osoittaa vain saman tiimin jäsenelle."),
        },
    )

    def __init__(self, *args, help_request: HelpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = help_request.team.members.filter(is_active=True).order_by("username")
        self.fields["assignee"].initial = help_request.assignee_id


class TransferForm(forms.Form):
    to_team = forms.ModelChoiceField(
        label=gettext_lazy("Siirrä tiimille"),
        queryset=Team.objects.none(),
        error_messages={
            "required": gettext_lazy("Valitse tiimi, jolle pyyntö siirretään."),
            "invalid_choice": gettext_lazy("Valitse jokin toinen tiimi."),
        },
    )
    reason = _text_field(
        gettext_lazy("Siirron syy"),
        max_length=REASON_MAX_CHARS,
        required_message=gettext_lazy("Kerro siirron syy."),
    )

    def __init__(self, *args, help_request: HelpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = Team.objects.exclude(pk=help_request.team_id).order_by("order", "slug")
        self.fields["reason"].widget.attrs["rows"] = 3


# Each form's key on the page; ids are prefixed with it (two forms have a "body"), names are not.
FORMS = {
    "answer": AnswerForm,
    "note": NoteForm,
    "status": StatusForm,
    "assign": AssignForm,
    "transfer": TransferForm,
}
FORMS_FOR_REQUEST = {"assign", "transfer"}


def request_form(key: str, help_request: HelpRequest, data=None) -> forms.Form:
    """The form `key` of a request's page, bound to `data` if given."""
    kwargs = {"help_request": help_request} if key in FORMS_FOR_REQUEST else {}
    return FORMS[key](data, auto_id=f"{key}-%s", **kwargs)


def key_of(form: forms.Form) -> str:
    """The key on the page of a form of `FORMS`."""
    return next(key for key, form_class in FORMS.items() if isinstance(form, form_class))
