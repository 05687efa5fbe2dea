"""Receiving a feedback message: store it once, due 14 days ahead, and tell the coordinator."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from . import notifications
from .deadline import due_at
from .models import FeedbackMessage


class TokenReusedError(Exception):
    """The form's token was sent before with another text: that message was stored, not this one."""


@dataclass(frozen=True)
class Received:
    message: FeedbackMessage
    new: bool  # False when the same form had been sent before: nothing new was stored


@transaction.atomic
def receive_feedback(*, cleaned: dict, language: str, at: datetime) -> Received:
    """Store the message of a valid form (`cleaned`) received at `at`, or find the one already
    stored with the same form token (the same form sent twice). The same token with another text
    raises TokenReusedError. The coordinator is e-mailed after the commit, for a new one."""
    token = cleaned["form_token"]
    earlier = FeedbackMessage.objects.filter(form_token=token).first()
    if earlier is not None:
        if earlier.text != cleaned["text"]:
            raise TokenReusedError
        return Received(earlier, new=False)
    try:
        with transaction.atomic():
            message = FeedbackMessage.objects.create(
                text=cleaned["text"],
                reply_email=cleaned["reply_email"] if cleaned.get("consent") else "",
                page=cleaned.get("page", ""),
                language=language,
                form_token=token,
                received_at=at,
                due_at=due_at(at),
            )
    except IntegrityError:  # the same form posted twice at the same moment: the other one won
        return Received(FeedbackMessage.objects.get(form_token=token), new=False)
    transaction.on_commit(lambda: notifications.notify_new_feedback(message))
    return Received(message, new=True)


@transaction.atomic
def mark_handled(*, message: FeedbackMessage, by, at: datetime) -> bool:
    """Mark a message handled by `by` at `at`; False if it already was (nothing changes)."""
    changed = FeedbackMessage.objects.filter(pk=message.pk, status=FeedbackMessage.Status.NEW).update(
        status=FeedbackMessage.Status.HANDLED, handled_at=at, handled_by=by
    )
    return bool(changed)
