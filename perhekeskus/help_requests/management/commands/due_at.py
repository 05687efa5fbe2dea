"""`manage.py due_at 2026-12-23T15:00`: when is a help request sent at that time due?

Support staff answer "when will I get an answer?" with it. The first line is the deadline alone in
ISO 8601 with its offset, for scripts; a second line says the same in Finnish for people.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.utils.timezone import get_default_timezone
from django.utils.translation import gettext as _

from perhekeskus.help_requests.deadlines import WEEKDAYS, NoWorkingDayError, deadline_for


class Command(BaseCommand):
    help = (
        "Print the answer deadline of a help request sent at WHEN (ISO 8601; without an offset, "
        "local time in Finland). The first line is the deadline in ISO 8601 with its offset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "when",
            metavar="WHEN",
            help="when the request was sent: 2026-12-23T15:00 (local time), 2026-12-23T13:00+00:00 or 2026-12-23",
        )

    def handle(self, *args, when, **options):
        tz = get_default_timezone()
        submitted_at = parse_submitted_at(when, tz)
        try:
            deadline = deadline_for(submitted_at)
        except NoWorkingDayError as exc:
            raise CommandError(str(exc)) from None
        except OverflowError:
            raise CommandError(f"{when!r} is too close to the ends of the calendar to have a deadline.") from None
        self.stdout.write(deadline.isoformat())
        self.stdout.write(
            _("Vastaus viimeistään %(due)s (lähetetty %(sent)s, aikavyöhyke %(zone)s).")
            % {"due": finnish(deadline), "sent": finnish(submitted_at.astimezone(tz)), "zone": tz.key}
        )


def parse_submitted_at(value: str, tz: ZoneInfo) -> datetime:
    """`value` as an aware datetime: ISO 8601, read in `tz` when it has no offset.

    A date alone means the start of that day; the deadline depends only on the date anyway.
    """
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"{value!r} is not a date and time. Write it in ISO 8601, e.g. 2026-12-23T15:00 "
            f"(local time, {tz.key}) or 2026-12-23T15:00+02:00."
        ) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=tz)
    return parsed


def finnish(moment: datetime) -> str:
    """`moment` as Finns write it: "maanantaina 28.12.2026 klo 16.00"."""
    return _("%(weekday)s %(day)s.%(month)s.%(year)s klo %(time)s") % {
        "weekday": WEEKDAYS[moment.weekday()],
        "day": moment.day,
        "month": moment.month,
        "year": moment.year,
        "time": f"{moment:%H.%M}",
    }
