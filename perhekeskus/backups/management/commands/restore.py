"""`manage.py restore PATH [--force]`: the database replaced with a backup made by `backup`.

Stop the service first (docs/deploy.md has the steps). The output names tables and counts, never
content.
"""

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections

from perhekeskus.backups.database import ENGINES
from perhekeskus.backups.errors import BackupError
from perhekeskus.backups.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database with the backup at PATH, decrypted with the age identity in BACKUP_AGE_IDENTITY "
        "or BACKUP_AGE_IDENTITY_FILE. A database that holds data is replaced only with --force. Stop the "
        "service first."
    )
    requires_system_checks = []  # a restore must not depend on the pages' checks passing

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="a backup file written by manage.py backup")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that holds data; all of its data is lost"
        )

    def handle(self, *args, path, force=False, verbosity=1, **options):
        try:
            report = restore_backup(
                Path(path),
                connection=connections["default"],
                identity=settings.BACKUP_AGE_IDENTITY,
                identity_file=settings.BACKUP_AGE_IDENTITY_FILE,
                force=force,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        except (DatabaseError, OSError) as error:
            raise CommandError(f"{error.__class__.__name__}: {error}") from None
        manifest = report.manifest
        self.stdout.write(
            f"Restored {path} ({ENGINES[manifest.engine]} backup made {manifest.created_at}, "
            f"{'encrypted' if report.encrypted else 'unencrypted'}): {len(report.tables)} table(s), "
            f"{report.rows} row(s), as its manifest lists them."
        )
        if verbosity > 1:
            for table, rows in report.tables.items():
                self.stdout.write(f"  {table}: {rows}")
        # Kept search answers carry a content version number that the restore may have turned back.
        cache.clear()
        self.stdout.write("Emptied the cache, so that nothing kept from before the restore is served.")
        gap = report.migrations
        if gap.unknown:
            self.stderr.write(
                "WARNING: the backup was made by a newer release; this code does not know its migrations "
                f"{', '.join(gap.unknown)}. Restore it with the release that made it."
            )
        if gap.behind:
            self.stdout.write(
                f"The code has newer migrations than the backup (apps: {', '.join(gap.behind)}): "
                "run `manage.py migrate` before starting the service."
            )
        elif not gap.unknown:
            self.stdout.write("The backup's migrations are the code's: no migrate needed.")
