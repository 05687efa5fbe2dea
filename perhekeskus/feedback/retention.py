"""How long feedback is kept: `FEEDBACK_RETENTION_DAYS` after it was handled, then deleted.

A message not yet handled is kept until it is: deleting it would leave feedback unanswered.
"""

from datetime import datetime, timedelta

from .models import FeedbackMessage


def purge_handled(*, now: datetime, days: int) -> int:
    """Delete the messages handled more than `days` days before `now`; how many were deleted."""
    deleted, _ = FeedbackMessage.objects.handled_before(now - timedelta(days=days)).delete()
    return deleted
