"""The workers' inbox (saapuneet): the list of a user's team requests, a request's page, and the
POST-only actions on it. Thin: authorise (`permissions`), validate the form (`inbox_forms`), read
(`selectors`) or call `actions` with the time read once, render.

Every page needs a login and membership of a team (superusers and the other roles included: see
`permissions`). The list shows no request content, only what a request is about and when it is
due, so that every read of content is a visit to the request's page, and every such visit is
in the audit log as `read`.

Forms are plain POST forms that work without JavaScript. A refused form re-renders the request's
page with the message next to the field and the typed text kept, answering 400 for bad input,
409 for a request whose state does not allow the action, 503 when an e-mail answer cannot be sent.
"""

from datetime import datetime
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import actions
from .inbox_forms import FORMS, InboxFilterForm, key_of, request_form
from .models import HelpRequest
from .permissions import access_inbox, access_request
from .selectors import inbox_counts, inbox_requests, mark, read_request

Status = HelpRequest.Status
PAGE_SIZE = 50


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
    form = request_form("transfer", help_request, request.POST)
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
    form = request_form(key, help_request, request.POST)
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
    return _render_detail(request, help_request, {key_of(form): form}, at=at, status=error.status)


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
    """The request's page, with the forms in `bound` as they were sent and fresh ones for the rest.
    Its read (`selectors.read_request`) writes the audit event `read` every time."""
    page = read_request(user=request.user, help_request=help_request, at=at)
    bound = bound or {}
    context = {
        "hr": help_request,
        "thread": page.thread,
        "transfers": page.transfers,
        "trail": page.trail,
        "forms": {key: bound.get(key) or request_form(key, help_request) for key in FORMS},
        "status_choices": [(value, Status(value).label) for value in actions.allowed_statuses(help_request.status)],
        "error": error,
        "row": page.row,
        "has_errors": bool(bound) or bool(error),
    }
    return render(request, "help_requests/inbox/detail.html", context, status=status)
