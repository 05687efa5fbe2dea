"""The workers' inbox (saapuneet): the list of a user's team requests, a request's page, and the
POST-only actions on it. Thin: authorise (`permissions`), validate the form, call `actions`, render.

Every page needs a login and membership of a team (superusers and the other roles included: see
`permissions`). The list shows no request content, only what a request is about and when it is
due, so that every read of content is a visit to the request's page, and every such visit is
in the audit log as `read`.

Forms are plain POST forms that work without JavaScript. A refused form re-renders the request's
page with the message next to the field and the typed text kept, answering 400 for bad input,
409 for a request whose state does not allow the action, 503 when an e-mail answer cannot be sent.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import actions, audit
from .models import TEXT_MAX_CHARS, AuditEvent, HelpRequest, Team
from .permissions import access_inbox, access_request, teams_of

Status = HelpRequest.Status
PAGE_SIZE = 50
# Requests still waiting for the team: the ones whose due time matters.
AWAITING = (Status.NEW, Status.IN_PROGRESS)
ALL_STATUSES = "all"


# --- Selectors: what the list shows, with `now` as a parameter -------------------------------------


@dataclass(frozen=True)
class InboxRow:
    """One request in the list, with its marks at the time `now` the list was made."""

    request: HelpRequest
    overdue: bool  # myöhässä
    due_today: bool  # erääntyy tänään


@dataclass
class TeamCounts:
    """The counts at the top of the list for one team: per status, overdue, and open in all."""

    team: Team
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0

    @property
    def open(self) -> int:
        return sum(n for status, n in self.by_status.items() if status != Status.CLOSED)

    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every status, in the order of the flow."""
        return [(value, label, self.by_status.get(value, 0)) for value, label in Status.choices]


def mark(request: HelpRequest, *, now: datetime) -> InboxRow:
    """The request's marks at `now`.

    Overdue: the promised answer has not come and its due time has passed (new or in progress, no
    first answer yet; an asker's follow-up after an answer reopens the request but the promise was
    kept). Due today: the same, not yet overdue, and due on today's date in Finland.
    """
    awaiting = request.status in AWAITING and request.first_answered_at is None
    overdue = awaiting and request.due_at < now
    tz = timezone.get_default_timezone()
    due_today = awaiting and not overdue and request.due_at.astimezone(tz).date() == now.astimezone(tz).date()
    return InboxRow(request=request, overdue=overdue, due_today=due_today)


def inbox_requests(user, *, team: Team | None = None, status: str | None = None) -> QuerySet[HelpRequest]:
    """The requests of the user's teams, in the order of the list.

    `team` narrows to one of the user's teams; `status` to one status, ALL_STATUSES to every one,
    None to the open ones (all but closed). Urgent requests still waiting for the team (new or in
    progress) come first, then everything by due time: an urgent request that has been answered
    drops back among the others.
    """
    requests = HelpRequest.objects.filter(team__in=teams_of(user))
    if team is not None:
        requests = requests.filter(team=team)
    if status is None:
        requests = requests.exclude(status=Status.CLOSED)
    elif status != ALL_STATUSES:
        requests = requests.filter(status=status)
    members = get_user_model().objects.filter(is_active=True).order_by("username")
    return (
        requests.select_related("team", "assignee", "topic", "municipality")
        .prefetch_related(Prefetch("team__members", queryset=members))
        .annotate(
            urgent_first=Case(
                When(urgent=True, status__in=AWAITING, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-urgent_first", "due_at", "pk")
    )


def inbox_rows(user, *, now: datetime, team: Team | None = None, status: str | None = None) -> list[InboxRow]:
    """The list of the inbox at `now`: `inbox_requests` with each request's marks."""
    return [mark(request, now=now) for request in inbox_requests(user, team=team, status=status)]


def inbox_counts(user, *, now: datetime) -> list[TeamCounts]:
    """Per team of the user: the number of requests in each status and the overdue ones. Two queries."""
    teams = list(teams_of(user).order_by("order", "slug"))
    counts = {team.pk: TeamCounts(team=team) for team in teams}
    in_teams = HelpRequest.objects.filter(team__in=[team.pk for team in teams])
    for row in in_teams.values("team", "status").annotate(n=Count("pk")).order_by():
        counts[row["team"]].by_status[row["status"]] = row["n"]
    overdue = in_teams.filter(status__in=AWAITING, first_answered_at__isnull=True, due_at__lt=now)
    for row in overdue.values("team").annotate(n=Count("pk")).order_by():
        counts[row["team"]].overdue = row["n"]
    return list(counts.values())


# --- Forms ----------------------------------------------------------------------------------------


class InboxFilterForm(forms.Form):
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
        max_length=actions.REASON_MAX_CHARS,
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


def _form(key: str, help_request: HelpRequest, data=None) -> forms.Form:
    kwargs = {"help_request": help_request} if key in FORMS_FOR_REQUEST else {}
    return FORMS[key](data, auto_id=f"{key}-%s", **kwargs)


# --- Views ----------------------------------------------------------------------------------------


def team_member_required(view):
    """Login (else the login page, with a return address), then membership of a team: a user in
    no team, whatever their role, gets a page saying so with 403. Never cached: the pages hold
    requests' content."""

    @wraps(view)
    @never_cache
    @login_required
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "help_requests/inbox/forbidden.html", status=403)

    return wrapped


@team_member_required
def inbox(request):
    teams = access_inbox(request.user)
    now = timezone.now()
    form = InboxFilterForm(request.GET or None, teams=teams.order_by("order", "slug"))
    context = {"counts": inbox_counts(request.user, now=now), "form": form, "now": now}
    if request.GET and not form.is_valid():
        return render(request, "help_requests/inbox/list.html", {**context, "page": None}, status=400)
    chosen = form.cleaned_data if request.GET else {}
    page = Paginator(
        inbox_requests(request.user, team=chosen.get("team"), status=chosen.get("status") or None), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [mark(help_request, now=now) for help_request in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "help_requests/inbox/list.html",
        {**context, "page": page, "rows": rows, "query": query.urlencode(), "here": request.get_full_path()},
    )


@team_member_required
def detail(request, pk: int):
    help_request = access_request(request.user, pk)
    return _render_detail(request, help_request, at=timezone.now())


@require_POST
@team_member_required
def claim(request, pk: int):
    help_request = access_request(request.user, pk)
    at = timezone.now()
    try:
        actions.claim(user=request.user, help_request=help_request, at=at)
    except actions.ActionError as error:
        return _refused(request, pk, None, error, at=at)
    messages.success(request, _("Pyyntö #%(number)s on nyt sinulla.") % {"number": pk})
    return _back(request, help_request)


@require_POST
@team_member_required
def assign(request, pk: int):
    return _submit(
        request,
        pk,
        "assign",
        lambda user, hr, data, at: actions.assign(user=user, help_request=hr, assignee=data["assignee"], at=at),
        lambda hr: (
            _("Pyyntö #%(number)s osoitettiin käyttäjälle %(name)s.")
            % {"number": hr.pk, "name": hr.assignee.get_username()}
        ),
    )


@require_POST
@team_member_required
def status(request, pk: int):
    return _submit(
        request,
        pk,
        "status",
        lambda user, hr, data, at: actions.set_status(user=user, help_request=hr, status=data["status"], at=at),
        lambda hr: _("Pyynnön #%(number)s tila: %(status)s.") % {"number": hr.pk, "status": hr.get_status_display()},
    )


@sensitive_post_parameters()
@require_POST
@team_member_required
def answer(request, pk: int):
    def done(hr):
        if hr.contact_method == HelpRequest.ContactMethod.EMAIL:
            return _("Vastaus lähetettiin kysyjän sähköpostiin.")
        if hr.contact_method == HelpRequest.ContactMethod.ANONYMOUS:
            return _("Vastaus tallennettiin. Kysyjä lukee sen noutotunnuksella.")
        return _("Puhelun yhteenveto tallennettiin vastauksena.")

    return _submit(
        request,
        pk,
        "answer",
        lambda user, hr, data, at: actions.answer(user=user, help_request=hr, body=data["body"], at=at),
        done,
    )


@sensitive_post_parameters()
@require_POST
@team_member_required
def note(request, pk: int):
    return _submit(
        request,
        pk,
        "note",
        lambda user, hr, data, at: actions.add_note(user=user, help_request=hr, body=data["body"], at=at),
        lambda hr: _("Muistiinpano tallennettiin."),
    )


@sensitive_post_parameters()
@require_POST
@team_member_required
def transfer(request, pk: int):
    help_request = access_request(request.user, pk)
    at = timezone.now()
    form = _form("transfer", help_request, request.POST)
    if not form.is_valid():
        return _render_detail(request, help_request, {"transfer": form}, at=at, status=400)
    try:
        actions.transfer(
            user=request.user,
            help_request=help_request,
            to_team=form.cleaned_data["to_team"],
            reason=form.cleaned_data["reason"],
            at=at,
        )
    except actions.ActionError as error:
        return _refused(request, pk, form, error, at=at)
    messages.success(
        request,
        _("Pyyntö #%(number)s siirrettiin tiimille %(team)s.")
        % {"number": pk, "team": form.cleaned_data["to_team"].t("name")},
    )
    # The request may now be out of the user's reach: back to the list, not to the request.
    return redirect("help_requests:inbox")


def _submit(request, pk: int, key: str, perform, success):
    """Validate the form `key`, `perform(user, help_request, cleaned_data, at)`, then back with a
    message. The clock is read once: the change, its audit event and a refusal's page share it."""
    help_request = access_request(request.user, pk)
    at = timezone.now()
    form = _form(key, help_request, request.POST)
    if not form.is_valid():
        return _render_detail(request, help_request, {key: form}, at=at, status=400)
    try:
        perform(request.user, help_request, form.cleaned_data, at)
    except actions.ActionError as error:
        return _refused(request, pk, form, error, at=at)
    messages.success(request, success(help_request))
    return _back(request, help_request)


def _refused(request, pk: int, form: forms.Form | None, error: actions.ActionError, *, at: datetime):
    # The action's transaction was rolled back, and with it whatever it set on the instance:
    # read the request again for the page.
    help_request = access_request(request.user, pk)
    if form is None:
        return _render_detail(request, help_request, at=at, error=error.message, status=error.status)
    form.add_error(error.field if error.field in form.fields else None, error.message)
    key = next(key for key, form_class in FORMS.items() if isinstance(form, form_class))
    return _render_detail(request, help_request, {key: form}, at=at, status=error.status)


def _back(request, help_request: HelpRequest):
    """Where a successful action returns: the page it was sent from (the list) if that is a page of
    this site, else the request's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("help_requests:detail", pk=help_request.pk)


def _render_detail(
    request, help_request: HelpRequest, bound: dict | None = None, *, at: datetime, error: str = "", status: int = 200
):
    """The request's page. Shows the content, so it writes the audit event `read` every time,
    also when it is shown again with a form's errors."""
    audit.record(AuditEvent.Action.READ, at=at, actor=request.user, help_request=help_request)
    bound = bound or {}
    page_forms = {key: bound.get(key) or _form(key, help_request) for key in FORMS}
    trail = AuditEvent.objects.filter(request_ref=help_request.pk).order_by("at", "pk")
    context = {
        "hr": help_request,
        "thread": help_request.messages.select_related("author"),
        "transfers": help_request.transfers.select_related("from_team", "to_team", "by"),
        "trail": [(event, _describe(event)) for event in trail],
        "forms": page_forms,
        "status_choices": [(value, Status(value).label) for value in actions.allowed_statuses(help_request.status)],
        "error": error,
        "row": mark(help_request, now=at),
        "has_errors": bool(bound) or bool(error),
    }
    return render(request, "help_requests/inbox/detail.html", context, status=status)


def _describe(event: AuditEvent) -> str:
    """A short line about an audit event for the request's trail, from its details (no content)."""
    details = event.details or {}
    parts = []
    if "previous_status" in details and "status" in details and details["previous_status"] != details["status"]:
        parts.append(f"{_status_label(details['previous_status'])} → {_status_label(details['status'])}")
    if "assignee_name" in details:
        parts.append(_("käsittelijä: %(name)s") % {"name": details["assignee_name"]})
    if "from_team" in details:
        parts.append(
            _("tiimiltä %(from)s tiimille %(to)s") % {"from": details["from_team"], "to": details.get("to_team", "")}
        )
    if details.get("emailed"):
        parts.append(_("lähetetty sähköpostilla"))
    return ", ".join(parts)


def _status_label(value: str) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value
