"""`manage.py generate_directory --services N [--seed S] [--replace]`: a synthetic national directory.

For scale tests and benchmarks (see perhekeskus/directory/synthetic.py for what is generated).
Needs the vocabularies (`manage.py load_data data/vocabulary.yaml`); the demo data may be loaded
too and is left alone. Generated rows have slugs starting with "gen-". A second run refuses while
they exist; --replace deletes them first, in the same transaction as the new ones.
"""

import argparse

from django.core.management.base import BaseCommand, CommandError

from perhekeskus.directory.synthetic import MAX_SERVICES, MIN_SERVICES, GenerationError, generate


def service_count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not MIN_SERVICES <= number <= MAX_SERVICES:
        raise argparse.ArgumentTypeError(f"must be a whole number from {MIN_SERVICES} to {MAX_SERVICES}, not {value!r}")
    return number


def seed_value(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Generate a synthetic national directory (21 wellbeing regions, 291 municipalities, organisations, "
        "places and N services with channels and hours), the same for the same seed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--services",
            type=service_count,
            required=True,
            metavar="N",
            help=f"number of services, {MIN_SERVICES}–{MAX_SERVICES}",
        )
        parser.add_argument("--seed", type=seed_value, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help='delete an earlier generated directory ("gen-" slugs) first; without it a second run refuses',
        )

    def handle(self, *args, services, seed, replace, **options):
        log = self.stdout.write if options["verbosity"] >= 1 else (lambda line: None)
        try:
            summary = generate(services, seed, replace=replace, log=log)
        except GenerationError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Generated (seed {seed}): {summary.line()}."))
