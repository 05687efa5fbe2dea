"""`manage.py purge_help_requests [--dry-run]`: delete help requests past their retention.

A scheduler runs it daily (docs/privacy.md has the crontab line and a systemd timer). It prints
counts only, never content; the deletion is logged in the audit log as `purge` events.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from perhekeskus.help_requests.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Delete help requests closed more than HELP_REQUEST_RETENTION_DAYS days ago (default 365) with "
        "their messages, transfers and audit events, and log the deletion without content. Requests "
        "that are not closed are never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would be deleted; delete nothing")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        retention_days = settings.HELP_REQUEST_RETENTION_DAYS
        try:
            report = purge_expired(at=timezone.now(), retention_days=retention_days, dry_run=dry_run)
        except ValueError as exc:
            raise CommandError(f"HELP_REQUEST_RETENTION_DAYS: {exc}") from None
        cutoff = report.cutoff.astimezone(timezone.get_default_timezone()).isoformat(timespec="seconds")
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {report.requests} help request(s) closed before {cutoff} (retention {retention_days} days): "
            f"{report.messages} message(s), {report.transfers} transfer(s), {report.audit_events} audit event(s)."
        )
        if verbosity > 1 and report.request_numbers:
            self.stdout.write("Request numbers: " + ", ".join(str(n) for n in report.request_numbers))
