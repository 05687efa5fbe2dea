"""What workers do to a help request, each in one transaction with its audit event.

Every action follows the same steps (the Zulip pattern of check → do → notify, kept in one
function per action so nobody can call the write without the check):

1. validate its input (empty texts, lengths, unknown statuses) before touching the database;
2. lock the request's row and check again, on that fresh row, that the user is a member of its
   team and that the request's state allows the action: two workers clicking at once, or a
   transfer a moment ago, cannot slip through a check made on a stale copy;
3. write the change and exactly one `audit.record` event, without content;
4. notify: the asker's e-mail answer is sent just before the transaction (a failed send stores
   nothing, and the worker is told), a team notice after the commit (a failed notice must not
   undo a transfer: the request is in the new team's inbox either way).

Every action takes keyword arguments only (`claim(user=..., help_request=..., at=...)`), so a
call cannot swap the worker and the assignee or the team and the reason, and `at` is required:
the view or command reads the clock once for everything it does, so the change, its audit event
and the page shown after it all tell the same time, and tests pass the moment they mean.

Refusals raise `ActionError` with a message for the worker; a user outside the team gets
`PermissionDenied`. Repeating an action that has already happened (a double click on "claim",
setting the status it already has) changes nothing and writes no event.

The statuses go new → in progress → answered → closed, with these decisions:
- "answered" is reached only by writing an answer (`answer`), so an answered request always has
  an answer and `first_answered_at`; `set_status` refuses it.
- A request in progress can be closed without an answer (spam, a duplicate, a caller who cannot
  be reached); a new one must be taken first, so that nothing is closed unseen.
- An answered request goes back to in progress when the asker replies (the public side does
  that) or when a worker sees more to do.
- A closed request can be reopened to in progress by a member of its team, until the retention
  purge deletes it; reopening clears `closed_at`, so the retention time starts again at the
  next closing.
- A transfer puts the request back to new, without an assignee, in the new team's inbox.
"""

import logging
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import answers, audit
from .forms import MessageTextField
from .models import TEXT_MAX_CHARS, AuditEvent, HelpRequest, Message, Team, Transfer
from .permissions import check_can_work_on

logger = logging.getLogger(__name__)

Status = HelpRequest.Status
Action = AuditEvent.Action

REASON_MAX_CHARS = 1000  # Transfer.reason

# The statuses a worker may move a request to from each status (answering is separate).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.IN_PROGRESS}),
    Status.IN_PROGRESS: frozenset({Status.ANSWERED, Status.CLOSED}),
    Status.ANSWERED: frozenset({Status.IN_PROGRESS, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),
}


class ActionError(Exception):
    """An action refused with a message for the worker.

    `field` names the form field the message belongs to (None: the whole form); `status` is the
    HTTP status a view answers with: 400 for bad input, 409 for a request whose state does not
    allow the action.
    """

    def __init__(self, message: str, *, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


def allowed_statuses(current: str) -> list[str]:
    """The statuses `set_status` accepts for a request in `current`, in the order of the flow."""
    targets = TRANSITIONS.get(current, frozenset()) - {Status.ANSWERED}
    return [status for status in Status.values if status in targets]


def claim(*, user: AbstractBaseUser, help_request: HelpRequest, at: datetime) -> HelpRequest:
    """Take the request (ottaa käsittelyyn): the user becomes its assignee; a new one goes in progress.

    Refused for a closed request and for one someone else has taken (use `assign` to take it over
    on purpose); a no-op when the user already has it.
    """
    with transaction.atomic():
        _lock(user, help_request)
        if help_request.status == Status.CLOSED:
            raise ActionError(_("Suljettua pyyntöä ei voi ottaa käsittelyyn. Avaa se ensin uudelleen."), status=409)
        if help_request.assignee_id == user.pk:
            return help_request
        if help_request.assignee_id is not None:
            raise ActionError(
                _("Pyynnön on jo ottanut käsittelyyn %(name)s. Voit osoittaa sen itsellesi.")
                % {"name": help_request.assignee.get_username()},
                status=409,
            )
        previous = help_request.status
        help_request.assignee = user
        if help_request.status == Status.NEW:
            help_request.status = Status.IN_PROGRESS
        help_request.save(update_fields=["assignee", "status"])
        audit.record(
            Action.CLAIM,
            actor=user,
            help_request=help_request,
            at=at,
            status=help_request.status,
            previous_status=previous,
        )
    return help_request


def assign(
    *, user: AbstractBaseUser, help_request: HelpRequest, assignee: AbstractBaseUser | None, at: datetime
) -> HelpRequest:
    """Give the request to `assignee` (osoittaa), an active member of the request's team; a new one
    goes in progress. A no-op when `assignee` already has it."""
    if assignee is None:
        raise ActionError(_("Valitse tiimin jäsen, jolle pyyntö osoitetaan."), field="assignee")
    with transaction.atomic():
        _lock(user, help_request)
        if help_request.status == Status.CLOSED:
            raise ActionError(_("Suljettua pyyntöä ei voi osoittaa. Avaa se ensin uudelleen."), status=409)
        if not assignee.is_active or not help_request.team.members.filter(pk=assignee.pk).exists():
            raise ActionError(_("Pyynnön voi osoittaa vain saman tiimin jäsenelle."), field="assignee")
        if help_request.assignee_id == assignee.pk:
            return help_request
        previous_assignee, previous = help_request.assignee_id, help_request.status
        help_request.assignee = assignee
        if help_request.status == Status.NEW:
            help_request.status = Status.IN_PROGRESS
        help_request.save(update_fields=["assignee", "status"])
        audit.record(
            Action.ASSIGN,
            actor=user,
            help_request=help_request,
            at=at,
            assignee=assignee.pk,
            assignee_name=assignee.get_username(),
            previous_assignee=previous_assignee,
            status=help_request.status,
            previous_status=previous,
        )
    return help_request


def set_status(*, user: AbstractBaseUser, help_request: HelpRequest, status: str, at: datetime) -> HelpRequest:
    """Move the request to `status` along `TRANSITIONS`; closing goes through `close`.

    "answered" is refused (write an answer instead); an unknown status is refused as bad input.
    """
    if status not in Status.values:
        raise ActionError(_("Tuntematon tila."), field="status")
    if status == Status.ANSWERED:
        raise ActionError(_("Pyyntö merkitään vastatuksi kirjoittamalla vastaus."), field="status")
    if status == Status.CLOSED:
        return close(user=user, help_request=help_request, at=at)
    with transaction.atomic():
        _lock(user, help_request)
        if help_request.status == status:
            return help_request
        _check_transition(help_request, status)
        previous = help_request.status
        help_request.status = status
        help_request.closed_at = None  # reopening: the retention time starts again at the next closing
        help_request.save(update_fields=["status", "closed_at"])
        audit.record(
            Action.STATUS, actor=user, help_request=help_request, at=at, status=status, previous_status=previous
        )
    return help_request


def close(*, user: AbstractBaseUser, help_request: HelpRequest, at: datetime) -> HelpRequest:
    """Close the request (sulkea) and set `closed_at`, from which the retention time runs."""
    with transaction.atomic():
        _lock(user, help_request)
        if help_request.status == Status.CLOSED:
            return help_request
        _check_transition(help_request, Status.CLOSED)
        previous = help_request.status
        help_request.status = Status.CLOSED
        help_request.closed_at = at
        help_request.save(update_fields=["status", "closed_at"])
        audit.record(
            Action.STATUS,
            actor=user,
            help_request=help_request,
            at=at,
            status=Status.CLOSED,
            previous_status=previous,
            answered=help_request.first_answered_at is not None,
        )
    return help_request


def answer(*, user: AbstractBaseUser, help_request: HelpRequest, body: str, at: datetime) -> Message:
    """Answer the asker (vastata): an ANSWER message, the status "answered", `first_answered_at` on
    the first answer, and the user as assignee if nobody had it.

    How the answer reaches the asker depends on the method they chose:
    - e-mail: sent first, to the asker's address only, and stored once sent (if sending fails
      nothing is stored and ActionError says so; the view keeps the typed text). Sending happens
      outside the transaction because a slow mail server must not hold SQLite's write lock,
      which would keep new requests from being stored;
    - anonymous: the asker reads it with the pickup code;
    - phone: the worker calls, and records here what was said and agreed. It is an answer, not
      a note, because the call was the answer: the promise and the statistics count it.
    """
    body = _clean_text(body, field="body", max_chars=TEXT_MAX_CHARS, empty=_("Kirjoita vastaus ennen lähettämistä."))
    help_request.refresh_from_db()  # what is there now decides whether an e-mail may go
    check_can_work_on(user, help_request)
    _check_can_answer(help_request)
    by_email = help_request.contact_method == HelpRequest.ContactMethod.EMAIL
    if by_email:
        try:
            answers.send_answer(help_request=help_request, body=body)
        except Exception as error:
            # Neither the address nor the text goes to the log: the number and the error type only.
            logger.error("Sending the answer of help request #%s failed: %s", help_request.pk, type(error).__name__)
            refusal = _("Vastauksen lähettäminen sähköpostilla epäonnistui, eikä vastausta tallennettu.")
            raise ActionError(refusal + " " + _("Yritä uudelleen."), status=503) from error
    with transaction.atomic():
        _lock(user, help_request)
        if not by_email:  # an e-mail already sent is stored even if the request closed meanwhile
            _check_can_answer(help_request)
        message = Message.objects.create(
            request=help_request, kind=Message.Kind.ANSWER, author=user, body=body, created_at=at, emailed=by_email
        )
        previous = help_request.status
        help_request.status = Status.ANSWERED
        if help_request.first_answered_at is None:
            help_request.first_answered_at = at
        if help_request.assignee_id is None:
            help_request.assignee = user
        help_request.closed_at = None  # only set if it was closed while the e-mail went
        help_request.save(update_fields=["status", "first_answered_at", "assignee", "closed_at"])
        audit.record(
            Action.ANSWER,
            actor=user,
            help_request=help_request,
            at=at,
            message=message.pk,
            emailed=by_email,
            status=Status.ANSWERED,
            previous_status=previous,
        )
    return message


def add_note(*, user: AbstractBaseUser, help_request: HelpRequest, body: str, at: datetime) -> Message:
    """An internal note (sisäinen muistiinpano) for the team; never shown or sent to the asker."""
    body = _clean_text(
        body, field="body", max_chars=TEXT_MAX_CHARS, empty=_("Kirjoita muistiinpano ennen tallentamista.")
    )
    with transaction.atomic():
        _lock(user, help_request)
        message = Message.objects.create(
            request=help_request, kind=Message.Kind.NOTE, author=user, body=body, created_at=at
        )
        audit.record(Action.NOTE, actor=user, help_request=help_request, at=at, message=message.pk)
    return message


def transfer(
    *, user: AbstractBaseUser, help_request: HelpRequest, to_team: Team | None, reason: str, at: datetime
) -> Transfer:
    """Move the request to another team (siirtää) with a reason: back to new, without an assignee.

    The new team gets a link-only notice after the commit. The reason is kept in the Transfer row
    for both teams to read, never in the audit log.
    """
    reason = _clean_text(reason, field="reason", max_chars=REASON_MAX_CHARS, empty=_("Kerro siirron syy."))
    if to_team is None:
        raise ActionError(_("Valitse tiimi, jolle pyyntö siirretään."), field="to_team")
    with transaction.atomic():
        _lock(user, help_request)
        if help_request.status == Status.CLOSED:
            raise ActionError(_("Suljettua pyyntöä ei voi siirtää. Avaa se ensin uudelleen."), status=409)
        if to_team.pk == help_request.team_id:
            raise ActionError(_("Pyyntö on jo tällä tiimillä. Valitse toinen tiimi."), field="to_team")
        from_team, previous = help_request.team, help_request.status
        moved = Transfer.objects.create(
            request=help_request, from_team=from_team, to_team=to_team, reason=reason, by=user, at=at
        )
        help_request.team = to_team
        help_request.assignee = None
        help_request.status = Status.NEW
        help_request.save(update_fields=["team", "assignee", "status"])
        audit.record(
            Action.TRANSFER,
            actor=user,
            help_request=help_request,
            at=at,
            transfer=moved.pk,
            from_team=from_team.slug,
            to_team=to_team.slug,
            previous_status=previous,
        )
        transaction.on_commit(
            lambda: answers.notify_team(team=to_team, help_request=help_request, transferred=True), robust=True
        )
    return moved


def _lock(user: AbstractBaseUser, help_request: HelpRequest) -> None:
    # Reload the row under a lock (SQLite's IMMEDIATE transactions lock the whole database) and
    # authorise on what is there now, not on the copy the caller read before.
    help_request.refresh_from_db(from_queryset=HelpRequest.objects.select_for_update())
    check_can_work_on(user, help_request)


def _check_can_answer(help_request: HelpRequest) -> None:
    if help_request.status == Status.CLOSED:
        raise ActionError(_("Suljettuun pyyntöön ei voi vastata. Avaa se ensin uudelleen."), status=409)


def _check_transition(help_request: HelpRequest, status: str) -> None:
    if status not in TRANSITIONS.get(help_request.status, frozenset()):
        if help_request.status == Status.NEW and status == Status.CLOSED:
            message = _("Uutta pyyntöä ei voi sulkea. Ota se ensin käsittelyyn.")
        else:
            message = _("Tilaa ei voi muuttaa: %(current)s → %(new)s.") % {
                "current": Status(help_request.status).label,
                "new": Status(status).label,
            }
        raise ActionError(message, field="status", status=409)


def _clean_text(value: str | None, *, field: str, max_chars: int, empty: str) -> str:
    """Workers' texts follow the askers' rules (trimmed, readable characters only, bounded)."""
    cleaner = MessageTextField(
        max_length=max_chars,
        error_messages={
            "required": empty,
            "max_length": _("Teksti on liian pitkä: enintään %(limit_value)d merkkiä, nyt %(show_value)d."),
        },
    )
    try:
        return cleaner.clean(value or "")
    except ValidationError as error:
        raise ActionError(" ".join(error.messages), field=field) from None
