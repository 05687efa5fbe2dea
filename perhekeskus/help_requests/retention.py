"""How long help requests are kept: deleted a set time after closing (säilytysaika).

A closed request is kept `HELP_REQUEST_RETENTION_DAYS` days (default 365, about 12 months) after
`closed_at`, then deleted with its messages, transfers and audit trail. A request that is not
closed is never deleted, however old: its asker may still be waiting for an answer.

The deletion itself is logged without content: one `purge` audit event per batch (per run, unless
a run deletes more than one batch), with counts and the request numbers only, written in the
batch's own transaction, so that requests are never gone without the event that says so. Batches
are bounded so that a first run after a long pause holds no long lock on the inbox.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction

from . import audit
from .models import AuditEvent, HelpRequest, Message, Transfer

BATCH_SIZE = 200


@dataclass
class PurgeReport:
    """What a purge deleted (or, in a dry run, would delete)."""

    cutoff: datetime  # requests closed before this moment are expired
    dry_run: bool = False
    request_numbers: list[int] = field(default_factory=list)
    messages: int = 0
    transfers: int = 0
    audit_events: int = 0

    @property
    def requests(self) -> int:
        return len(self.request_numbers)


def expired(*, cutoff: datetime):
    """Closed requests whose `closed_at` is before `cutoff`: the ones retention removes."""
    return HelpRequest.objects.filter(status=HelpRequest.Status.CLOSED, closed_at__lt=cutoff)


def purge_expired(
    *, at: datetime, retention_days: int, dry_run: bool = False, batch_size: int = BATCH_SIZE
) -> PurgeReport:
    """Delete the requests closed more than `retention_days` days before `at`, with their
    messages, transfers and audit events, in batches of `batch_size`, each in one transaction with
    its `purge` audit event. A dry run counts the same rows and deletes and logs nothing."""
    if retention_days < 1:
        raise ValueError(f"retention_days must be at least 1, got {retention_days}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    report = PurgeReport(cutoff=at - timedelta(days=retention_days), dry_run=dry_run)
    last_pk = 0
    while True:
        with transaction.atomic():
            # Read and delete in one transaction, rechecking the status under a row lock (on
            # PostgreSQL), so that a request reopened meanwhile is not deleted.
            selected = expired(cutoff=report.cutoff).filter(pk__gt=last_pk).order_by("pk")
            if not dry_run:
                selected = selected.select_for_update()
            batch = list(selected.values_list("pk", flat=True)[:batch_size])
            if not batch:
                break
            last_pk = batch[-1]
            counts = count_related(batch)
            if not dry_run:
                delete_requests(batch)
                audit.record(
                    AuditEvent.Action.PURGE,
                    at=at,
                    requests=len(batch),
                    request_numbers=batch,
                    retention_days=retention_days,
                    closed_before=report.cutoff.isoformat(),
                    **counts,
                )
        report.request_numbers += batch
        report.messages += counts["messages"]
        report.transfers += counts["transfers"]
        report.audit_events += counts["audit_events"]
    return report


def count_related(request_pks: list[int]) -> dict[str, int]:
    """How many messages, transfers and audit events belong to these requests."""
    return {
        "messages": Message.objects.filter(request_id__in=request_pks).count(),
        "transfers": Transfer.objects.filter(request_id__in=request_pks).count(),
        "audit_events": AuditEvent.objects.filter(request_ref__in=request_pks).count(),
    }


def delete_requests(request_pks: list[int]) -> None:
    """Delete the requests and everything of theirs. The audit events go by a queryset delete:
    `AuditEvent.delete()` refuses single deletions, and this is the one place allowed to."""
    AuditEvent.objects.filter(request_ref__in=request_pks).delete()
    Message.objects.filter(request_id__in=request_pks).delete()
    Transfer.objects.filter(request_id__in=request_pks).delete()
    HelpRequest.objects.filter(pk__in=request_pks).delete()
