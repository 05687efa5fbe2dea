"""The audit log as a CSV file, for an admin to open in a spreadsheet.

Streamed row by row, so that a year of events is never held in memory at once. Cells that a
spreadsheet would run as a formula (a user named "=HYPERLINK(...)") are written as text.
"""

import csv
import json
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from .models import AuditEvent

CSV_COLUMNS = ("at", "actor", "action", "action_label", "request", "details")


class Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def csv_cell(value) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(events: QuerySet[AuditEvent], tz: ZoneInfo) -> Iterator[str]:
    """The lines of the file: a byte-order mark, the header, and one line per event, times in `tz`."""
    writer = csv.writer(Echo())
    yield "\ufeff"  # a byte-order mark, so that spreadsheets read the file as UTF-8
    yield writer.writerow(CSV_COLUMNS)
    labels = dict(AuditEvent.Action.choices)
    for event in events.iterator(chunk_size=1000):
        yield writer.writerow(
            [
                event.at.astimezone(tz).isoformat(timespec="seconds"),
                csv_cell(event.actor_name),
                event.action,
                str(labels.get(event.action, event.action)),
                "" if event.request_ref is None else event.request_ref,
                csv_cell(json.dumps(event.details, ensure_ascii=False, sort_keys=True)),
            ]
        )
