"""A synthetic national directory in the configured database, for scale tests and benchmarks:

    .venv/bin/python bench/generate_directory.py --services N [--seed S] [--replace] [-v 0]

See bench/synthetic.py for what is generated. The database is the app's (DATABASE_URL, as for
manage.py). Needs the vocabularies (`manage.py load_data data/vocabulary.yaml`); the demo data may
be loaded too and is left alone. Generated rows have slugs starting with "gen-". A second run
refuses while they exist; --replace deletes them first, in the same transaction as the new ones.
Exits with 1 when generation is refused, 2 on bad options.
"""

import argparse
import os
import sys
from pathlib import Path

import django

if __name__ == "__main__":  # run as a script: the project on the path and Django set up, as manage.py does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

from bench.synthetic import MAX_SERVICES, MIN_SERVICES, GenerationError, generate  # noqa: E402 -- after setup


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


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/generate_directory.py",
        description="Generate a synthetic national directory (21 wellbeing regions, 291 municipalities, "
        "organisations, places and N services with channels and hours), the same for the same seed.",
    )
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
    parser.add_argument(
        "-v",
        "--verbosity",
        type=int,
        choices=range(4),
        default=1,
        help="0: the summary only; 1 (default) or more: a line per stage too",
    )
    return parser


def main(argv: list[str] | None = None, stdout=None) -> int:
    """Generate as the options say, printing a line per stage and a summary; the exit status."""
    stdout = stdout or sys.stdout
    args = parser().parse_args(argv)

    def log(line: str) -> None:
        if args.verbosity >= 1:
            print(line, file=stdout, flush=True)

    try:
        summary = generate(args.services, args.seed, replace=args.replace, log=log)
    except GenerationError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"Generated (seed {args.seed}): {summary.line()}.", file=stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
