"""The answer-time promise of Pyydä apua!: an answer by the end of the next working day.

The family centre promises an answer "by the next working day at the latest" (Kemi handbook ch. 6).
As code: the end of the service day (16:00 Finnish time unless configured otherwise) of the first
working day after the day the request was sent. The day of sending never counts, whatever the hour,
so a request sent on Monday at 00:01 and one sent at 23:59 are both due on Tuesday: the asker is
promised the same thing all day, and a worker always has at least one whole working day.

A working day is Monday to Friday, unless it is a day off: a Finnish public holiday, Christmas Eve
or Midsummer Eve (all three from `perhekeskus.directory.holidays`), or a `ClosedDay` an admin has
entered. `due_at` holds the rule and is pure: the days off, the end of the day and the time zone
come in as arguments, so tests and the property test need no database. `deadline_for` is the bridge
that the rest of the app calls: it reads the settings and the days off, then asks `due_at`.
"""

from collections.abc import Container
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import get_default_timezone, localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perhekeskus.directory.holidays import closed_days_from_db
from perhekeskus.directory.models import Area

# The day of the promise as a receipt and the due_at command say it ("on Monday"), Monday first.
WEEKDAYS = (
    gettext_lazy("maanantaina"),
    gettext_lazy("tiistaina"),
    gettext_lazy("keskiviikkona"),
    gettext_lazy("torstaina"),
    gettext_lazy("perjantaina"),
    gettext_lazy("lauantaina"),
    gettext_lazy("sunnuntaina"),
)

# How far to look for the next working day. The longest real run of days off in Finland is
# Christmas to the weekend after it (at most five days); a month without a working day can only
# mean a calendar that closes every day, which should fail loudly rather than loop or promise "never".
HORIZON_DAYS = 30

DEFAULT_END_OF_DAY = "16:00"


class NoWorkingDayError(ValueError):
    """No working day within `HORIZON_DAYS` days: the calendar of days off is misconfigured."""


def is_working_day(day: date, *, days_off: Container[date]) -> bool:
    """Whether `day` is a working day (arkipäivä): Monday to Friday and not a day off.

    Weekends are decided here rather than in `days_off`, which holds holidays and closed days only.
    """
    return day.weekday() < 5 and day not in days_off


def working_day_after(day: date, *, days_off: Container[date]) -> date:
    """The first working day strictly after `day`.

    `days_off` must cover the `HORIZON_DAYS` days after `day`; beyond them the search gives up with
    `NoWorkingDayError`, so that a calendar closing every day shows up as an error, not a hang.
    """
    for offset in range(1, HORIZON_DAYS + 1):
        candidate = day + timedelta(days=offset)
        if is_working_day(candidate, days_off=days_off):
            return candidate
    raise NoWorkingDayError(
        f"No working day in the {HORIZON_DAYS} days after {day.isoformat()}: "
        "the days off (holidays and ClosedDay rows) close every day, check the calendar."
    )


def due_at(
    submitted_at: datetime,
    *,
    days_off: Container[date],
    end_of_day: time = time(16, 0),
    tz: ZoneInfo,
) -> datetime:
    """The deadline (vastausaika) of a help request sent at `submitted_at`: THE rule, kept only here.

    The end of the service day, `end_of_day` on the clocks of `tz`, on the first working day after
    the local date of `submitted_at`. The local date is the one in `tz` whatever zone `submitted_at`
    is given in, since the promise is made in Finnish days. `submitted_at` must be aware: a naive
    time could be read in the server's zone or UTC and shift the date, so it raises ValueError.
    Returns an aware datetime in `tz`.
    """
    if submitted_at.tzinfo is None or submitted_at.utcoffset() is None:
        raise ValueError(f"`submitted_at` must be timezone-aware, got the naive {submitted_at.isoformat()}")
    day = working_day_after(submitted_at.astimezone(tz).date(), days_off=days_off)
    return _wall_clock(day, end_of_day, tz)


def deadline_for(submitted_at: datetime, *, area: Area | int | None = None) -> datetime:
    """The deadline of a request sent at `submitted_at`, with this installation's calendar and hours.

    Reads `HELP_REQUEST_END_OF_DAY` ("HH:MM", default 16:00) and `TIME_ZONE` from the
    settings and the days off from the database (public holidays plus the `ClosedDay` rows for every
    area and, when `area` is given, that area's own; one query), then asks `due_at`.
    """
    if submitted_at.tzinfo is None or submitted_at.utcoffset() is None:
        raise ValueError(f"`submitted_at` must be timezone-aware, got the naive {submitted_at.isoformat()}")
    tz = get_default_timezone()
    day = submitted_at.astimezone(tz).date()
    days_off = closed_days_from_db(day, day + timedelta(days=HORIZON_DAYS), area)
    return due_at(submitted_at, days_off=days_off, end_of_day=end_of_service_day(), tz=tz)


def answer_time_in_words(deadline: datetime) -> str:
    """'viimeistään maanantaina 28.12.2026 klo 16.00': the promise as the receipt and the thread say
    it, in the active language, in Finnish time."""
    local = localtime(deadline)
    english = translation.get_language() == "en"
    return _("viimeistään %(weekday)s %(date)s klo %(time)s") % {
        "weekday": WEEKDAYS[local.weekday()],
        "date": date_format(local, "j F Y" if english else "j.n.Y"),
        # 16.00 / 16:00: not English's "4 p.m.", whose full stop would double the sentence's.
        "time": date_format(local, "H:i" if english else "H.i"),
    }


def end_of_service_day() -> time:
    """The configured end of the service day (`HELP_REQUEST_END_OF_DAY`, "HH:MM", default "16:00").

    A bad value fails as ImproperlyConfigured on the first request rather than silently promising
    some other hour.
    """
    value = getattr(settings, "HELP_REQUEST_END_OF_DAY", DEFAULT_END_OF_DAY)
    try:
        parsed = time.fromisoformat(value)
    except (TypeError, ValueError):
        parsed = None
    if parsed is None or parsed.tzinfo is not None:
        raise ImproperlyConfigured(f'HELP_REQUEST_END_OF_DAY must be a local time "HH:MM", got {value!r}')
    return parsed


def _wall_clock(day: date, wall: time, tz: ZoneInfo) -> datetime:
    # Finnish clocks change on Sunday nights, never on a working day; in a zone that changes on a
    # weekday, a wall time the clocks skip is read with the offset from before the jump and
    # normalised through UTC, so the result is always a time the clocks actually show.
    return datetime.combine(day, wall, tzinfo=tz).astimezone(UTC).astimezone(tz)
