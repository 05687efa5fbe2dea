"""`manage.py backup PATH [--plain]`: the whole database in one backup file, encrypted.

docs/deploy.md has the schedule, the keys and who may read backups. The output names the file,
the engine and counts, never content.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections
from django.utils import timezone

from perhekeskus.backups import encryption
from perhekeskus.backups.backup import make_backup
from perhekeskus.backups.database import ENGINES
from perhekeskus.backups.errors import BackupError


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database (SQLite or PostgreSQL) to PATH, encrypted with age to the "
        "public keys in BACKUP_AGE_RECIPIENTS, while the service keeps running. An existing file at PATH is "
        "replaced when the new backup is complete."
    )
    requires_system_checks = []  # a backup must not wait for, or fail on, the checks of the pages

    def add_arguments(self, parser):
        parser.add_argument(
            "path", metavar="PATH", help="the backup file to write, e.g. /var/backups/perhekeskus/2026-12-03.age"
        )
        parser.add_argument(
            "--plain",
            action="store_true",
            help="write the backup unencrypted (only for a database without personal data, such as the demo)",
        )

    def handle(self, *args, path, plain=False, **options):
        keys = settings.BACKUP_AGE_RECIPIENTS
        if not plain and not keys:
            raise CommandError(
                "BACKUP_AGE_RECIPIENTS is not set, and backups are encrypted: set it to the age public key(s) "
                "(age1..., comma-separated) of the IT admins who may restore (docs/deploy.md). To write an "
                "unencrypted backup anyway, give --plain."
            )
        try:
            recipients = None if plain else encryption.recipients(keys)
            manifest = make_backup(
                Path(path), connection=connections["default"], recipients=recipients, at=timezone.now()
            )
        except BackupError as error:
            raise CommandError(f"{error} No backup was written.") from None
        except (DatabaseError, OSError) as error:
            raise CommandError(f"{error.__class__.__name__}: {error}. No backup was written.") from None
        how = "NOT encrypted (--plain)" if plain else f"encrypted to {len(recipients)} key(s)"
        self.stdout.write(
            f"Wrote {path}: {ENGINES[manifest.engine]}, {len(manifest.tables)} table(s), {manifest.rows} row(s), {how}."
        )
