"""`manage.py load_data FILE [FILE...]`: load data files (data/SCHEMA.md) into the directory."""

from django.core.management.base import BaseCommand, CommandError

from perhekeskus.directory.loader import LoadError, load_files


class Command(BaseCommand):
    help = "Load YAML data files into the directory, all of them or nothing; re-running updates by slug."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="data files, vocabulary.yaml first")

    def handle(self, *args, files, **options):
        try:
            load_files(files, stdout=self.stdout)
        except LoadError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{len(exc.messages)} problem(s) found; nothing was loaded.") from None
