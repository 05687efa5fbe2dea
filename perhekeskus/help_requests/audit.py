"""The audit trail of help requests: one function writes it, and nothing else does.

Every staff read and change of a request goes through `record`, from the same transaction as the
change, so a change without its audit event cannot be committed. Details never hold request
content: only identifiers, statuses and team slugs.

`record` takes only members of `AuditEvent.Action`: a misspelt plain string ("asker_raed") would
otherwise be stored as an action nobody filters for, and the trail would have a hole nobody sees.
The members' values are what the table stores, so the stored strings are the same as ever.
The time comes from the caller, who read the clock once for the whole change.
"""

from datetime import datetime

from .models import AuditEvent

CONTENT_KEYS = {"text", "body", "reason", "contact_phone", "contact_email"}


def record(
    action: AuditEvent.Action,
    *,
    at: datetime,
    actor=None,
    help_request=None,
    request_ref: int | None = None,
    **details,
) -> AuditEvent:
    """Append one event: who (`actor`, a user or None for the asker or the system) did `action`
    to which request (`help_request`, or only its number `request_ref`), at `at`.

    Refuses an action that is not an `AuditEvent.Action` member (TypeError) and details that look
    like content (ValueError).
    """
    if not isinstance(action, AuditEvent.Action):
        raise TypeError(f"audit actions are AuditEvent.Action members, not {type(action).__name__} {action!r}")
    if "request" in details:  # the old name of `help_request`: it must not land in the details
        raise TypeError("record() names the request help_request=, not request=")
    leaked = CONTENT_KEYS & set(details)
    if leaked:
        raise ValueError(f"audit details must not carry request content: {sorted(leaked)}")
    return AuditEvent.objects.create(
        at=at,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "get_username", lambda: "")() if actor is not None else "",
        action=action,
        request_ref=help_request.pk if help_request is not None else request_ref,
        details=details,
    )
