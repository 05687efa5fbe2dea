"""The audit trail of help requests: one function writes it, and nothing else does.

Every staff read and change of a request goes through `record`, from the same transaction as the
change, so a change without its audit event cannot be committed. Details never hold request
content: only identifiers, statuses and team slugs.
"""

from django.utils import timezone

from .models import AuditEvent

CONTENT_KEYS = {"text", "body", "reason", "contact_phone", "contact_email"}


def record(action: str, *, actor=None, request=None, request_ref: int | None = None, at=None, **details) -> AuditEvent:
    """Append one event: who (`actor`, a user or None for the asker or the system) did `action`
    to which request, when. Refuses details that look like content."""
    leaked = CONTENT_KEYS & set(details)
    if leaked:
        raise ValueError(f"audit details must not carry request content: {sorted(leaked)}")
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "get_username", lambda: "")() if actor is not None else "",
        action=action,
        request_ref=request.pk if request is not None else request_ref,
        details=details,
    )
