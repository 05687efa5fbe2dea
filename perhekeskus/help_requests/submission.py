"""Receiving what an asker sends: a new help request or a reply in its thread.

One write path for the web form and the JSON API, kept small because a flood must not delay the
genuine requests: the team, the deadline, the urgency flag and the pickup hash are worked out
before the transaction, which then only inserts the request and its audit event (on SQLite the
transaction holds the database's write lock). The team is told after the commit, without content.

A double submit creates one request: the form's one-time token is stored as a keyed digest
(`submission_key`, unique), and the same token again returns the receipt of the request it
created, with the same pickup code (derived from the token, never stored). Two identical posts at
the same moment meet at the unique index; the loser returns the winner's receipt.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from . import audit, codes
from .deadlines import NoWorkingDayError, deadline_for
from .models import AuditEvent, HelpRequest, Message
from .notifications import notify_asker_reply, notify_new_request
from .routing import NoTeamError, route
from .urgency import is_urgent

logger = logging.getLogger(__name__)

SUBMISSION_SALT = "perhekeskus.help_requests.submission.form-token"


class SubmissionUnavailable(Exception):
    """Requests cannot be received now (no team configured, or no working day in the calendar).
    Nothing was stored; the caller shows the form again with the text so that nothing is lost."""


class TokenReusedError(Exception):
    """The form's token already sent a request with a different text: the form was changed and sent
    again. Not a double submit, so it is refused rather than answered with the old receipt."""


class RequestClosedError(Exception):
    """The request is closed: the asker can read the thread but no longer reply in it."""


@dataclass(frozen=True)
class Receipt:
    """What the asker is told after sending (kuitti): the request, whether this post created it
    (False for a double submit) and, for an anonymous request, its pickup code."""

    request: HelpRequest
    new: bool
    pickup_code: str | None

    @property
    def urgent(self) -> bool:
        return self.request.urgent

    @property
    def due_at(self) -> datetime:
        return self.request.due_at


def submission_key(form_token: str) -> str:
    """The keyed digest of a form token under which its request is stored (64 hex digits)."""
    return salted_hmac(SUBMISSION_SALT, form_token, algorithm="sha256").hexdigest()


def submit_help_request(*, cleaned: dict, language: str, at: datetime) -> Receipt:
    """Receive a request validated by `HelpRequestForm` (its `cleaned_data`), sent at `at`.

    Raises SubmissionUnavailable when no team can take it and TokenReusedError when the token sent
    another text before; in both cases nothing is stored. Urgency screening never blocks.
    """
    token = cleaned["form_token"]
    key = submission_key(token)
    replayed = _replay(key, cleaned["text"], token)
    if replayed is not None:
        return replayed

    municipality = cleaned.get("municipality")
    try:
        routing = route(municipality=municipality, topic=cleaned.get("topic"))
        due = deadline_for(at, area=municipality)
    except (NoTeamError, NoWorkingDayError) as error:
        logger.error("Help request refused, nothing stored: %s", error)
        raise SubmissionUnavailable(str(error)) from error
    urgent = is_urgent(cleaned["text"])
    anonymous = cleaned["contact_method"] == HelpRequest.ContactMethod.ANONYMOUS
    code = codes.code_for(token) if anonymous else None
    pickup = codes.stored_fields(code) if code else {}

    try:
        with transaction.atomic():
            request = HelpRequest.objects.create(
                text=cleaned["text"],
                topic=cleaned.get("topic"),
                age_group=cleaned.get("age_group"),
                municipality=municipality,
                contact_method=cleaned["contact_method"],
                contact_phone=cleaned.get("contact_phone", ""),
                contact_email=cleaned.get("contact_email", ""),
                language=language,
                submitted_at=at,
                due_at=due,
                urgent=urgent,
                team=routing.team,
                passed_over=routing.passed_over,
                submission_key=key,
                **pickup,
            )
            details = {"urgent": urgent, "team": routing.team.slug}
            if routing.passed_over is not None:
                details["passed_over"] = routing.passed_over.slug
            audit.record(AuditEvent.Action.CREATE, help_request=request, at=at, **details)
            transaction.on_commit(_after_commit(notify_new_request, request), robust=True)
    except IntegrityError:
        # The same form posted at the same moment: the other post won the unique index.
        replayed = _replay(key, cleaned["text"], token)
        if replayed is None:
            raise
        logger.info("Help request #%s was posted twice at once; kept once", replayed.request.pk)
        return replayed
    logger.info("Help request #%s received for team %s", request.pk, routing.team.slug)
    return Receipt(request=request, new=True, pickup_code=code)


def _replay(key: str, text: str, token: str) -> Receipt | None:
    existing = HelpRequest.objects.filter(submission_key=key).first()
    if existing is None:
        return None
    if not constant_time_compare(existing.text, text):
        raise TokenReusedError
    anonymous = existing.contact_method == HelpRequest.ContactMethod.ANONYMOUS
    return Receipt(request=existing, new=False, pickup_code=codes.code_for(token) if anonymous else None)


def submit_asker_reply(*, help_request: HelpRequest, body: str, at: datetime) -> tuple[Message, bool]:
    """Append the asker's reply to the thread; the message and whether it is new.

    The same reply posted twice in a row is kept once. An answered request goes back to in
    progress, since the asker is waiting again; the team is told without content.
    """
    with transaction.atomic():
        locked = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
        if locked.status == HelpRequest.Status.CLOSED:
            raise RequestClosedError
        last = locked.messages.order_by("-created_at", "-pk").first()
        if last is not None and last.kind == Message.Kind.ASKER and constant_time_compare(last.body, body):
            return last, False
        message = Message.objects.create(request=locked, kind=Message.Kind.ASKER, body=body, created_at=at)
        if locked.status == HelpRequest.Status.ANSWERED:
            locked.status = HelpRequest.Status.IN_PROGRESS
            locked.save(update_fields=["status"])
        audit.record(AuditEvent.Action.ASKER_REPLY, help_request=locked, at=at, status=locked.status)
        transaction.on_commit(_after_commit(notify_asker_reply, locked), robust=True)
    help_request.status = locked.status
    return message, True


def _after_commit(notify, help_request: HelpRequest):
    """`notify(help_request)` as an on_commit callback. A function of its own, not a
    functools.partial: when a robust callback fails (the database gone just after the commit),
    Django logs it by the callback's __qualname__, which a partial lacks, and the receipt of a
    stored request would turn into a 500."""

    def notify_team():
        notify(help_request)

    notify_team.__qualname__ = f"{notify.__name__} (after commit)"
    return notify_team
