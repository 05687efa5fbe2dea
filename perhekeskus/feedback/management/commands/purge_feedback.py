"""manage.py purge_feedback: delete feedback handled more than FEEDBACK_RETENTION_DAYS ago.

Run it daily (cron, a systemd timer) beside purge_help_requests.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from perhekeskus.feedback.retention import purge_handled


class Command(BaseCommand):
    help = "Delete feedback messages handled more than FEEDBACK_RETENTION_DAYS days ago."

    def handle(self, *args, **options):
        days = settings.FEEDBACK_RETENTION_DAYS
        deleted = purge_handled(now=timezone.now(), days=days)
        self.stdout.write(f"Deleted {deleted} feedback message(s) handled more than {days} days ago.")
