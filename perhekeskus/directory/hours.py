"""Open now and next opens (aukiolo): pure functions over weekly rules, exceptions, days off and a zone.

Opening hours are wall-clock times of one time zone, so each rule is turned into instants on the
local date it is written for, and only instants are compared after that. This keeps the two DST
Sundays right in one place (`_instant`) instead of everywhere. The instants are returned in UTC, the
Django way: templates show them in Finnish time by themselves (`localtime`), and UTC datetimes
compare safely, which Helsinki ones do not in the repeated autumn hour (PEP 495: Python compares
same-zone datetimes by wall clock, ignoring `fold`, and finds no other zone's datetime equal to
one in that hour).

Nothing here reads the clock or the database: the moment, the days off and the zone are arguments,
so the web page, the API and the tests ask the same question in the same way. The rules and
exceptions are anything with the attributes of `Schedule` and `ScheduleException` (the models, or
small dataclasses in tests). An opening is a half-open interval [opens, closes): open at 09:00,
closed again at 15:00 sharp.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple, Protocol
from zoneinfo import ZoneInfo

# A year and a few days: far enough to find the next opening after a long summer break.
HORIZON_DAYS = 370
# The weekday codes of `Schedule.weekdays` (models.WEEKDAYS, not imported to keep this module
# free of Django), indexed by `date.weekday()`.
WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
MIDNIGHT = time(0)

Interval = tuple[datetime, datetime]
DayIntervals = Callable[[int], list[Interval]]


class WeeklyRule(Protocol):
    """What `open_state` reads of a `Schedule`."""

    @property
    def days(self) -> Sequence[str]: ...
    @property
    def opens_at(self) -> time: ...
    @property
    def closes_at(self) -> time: ...
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_to(self) -> date | None: ...
    @property
    def open_on_holidays(self) -> bool: ...


class DateException(Protocol):
    """What `open_state` reads of a `ScheduleException`."""

    @property
    def starts_on(self) -> date: ...
    @property
    def ends_on(self) -> date: ...
    @property
    def closed(self) -> bool: ...
    @property
    def opens_at(self) -> time | None: ...
    @property
    def closes_at(self) -> time | None: ...


@dataclass(frozen=True)
class OpenState:
    """Whether something is open at one moment, and what a family wants to know next.

    `is_open` is None when no hours are known at all, which a page must not show as "closed".
    `closes_at` is when the current opening ends; None while open means it runs past the horizon
    (a 24/7 line). `next_opens` is set only when closed; None means not within the horizon.
    `today` holds the openings of the local day of the moment, for "today 9–11, 12–15".
    All datetimes are aware and in UTC.
    """

    is_open: bool | None
    closes_at: datetime | None = None
    next_opens: datetime | None = None
    today: tuple[Interval, ...] = ()


UNKNOWN = OpenState(is_open=None)


def intervals_on(
    schedules: Iterable[WeeklyRule],
    exceptions: Iterable[DateException],
    day: date,
    *,
    days_off: Container[date],
    tz: ZoneInfo,
) -> list[Interval]:
    """The openings on the local date `day` in `tz` as sorted, merged intervals of UTC datetimes.

    An exception covering the day replaces the weekly rules on it, holiday or not: staff wrote it
    for that very day. When exceptions overlap, the one covering the fewest days wins (a single
    open Saturday inside a closed summer), and among equally narrow ones "closed" wins, because
    sending a family to a closed door is worse than the opposite. An open exception without hours
    counts as closed. Otherwise each weekly rule holds on its weekdays within its validity (both
    ends inclusive), but not on a day off unless it is `open_on_holidays`. A rule whose closing
    is not after its opening (bad data; 00:00 is the end of the day) opens nothing.
    """
    return _intervals_on(_prepared(schedules), list(exceptions), day, days_off, tz)


def _intervals_on(
    rules: list[_Rule], exceptions: list[DateException], day: date, days_off: Container[date], tz: ZoneInfo
) -> list[Interval]:
    covering = [exception for exception in exceptions if exception.starts_on <= day <= exception.ends_on]
    if covering:
        hours = _exception_hours(covering)
    else:
        weekday = day.weekday()
        holiday = day in days_off
        hours = [(rule.opens_at, rule.closes_at) for rule in rules if _holds(rule, day, weekday, holiday)]
    intervals = []
    for opens, closes in hours:
        start = _instant(day, opens, tz)
        end = _instant(day + timedelta(days=1), MIDNIGHT, tz) if closes == MIDNIGHT else _instant(day, closes, tz)
        if start < end:
            intervals.append((start, end))
    return _merged(intervals)


def open_state(
    schedules: Iterable[WeeklyRule],
    exceptions: Iterable[DateException],
    at: datetime,
    *,
    days_off: Container[date],
    tz: ZoneInfo,
    horizon_days: int = HORIZON_DAYS,
) -> OpenState:
    """Whether the rules are open at the aware moment `at`, when that opening ends or when the next
    one starts, looking at most `horizon_days` local days ahead.

    No weekly rule and no exception with hours means no hours are known (`UNKNOWN`): a channel
    that only has a summer closure has not told us when it is open. `days_off` must cover the
    local days from `at` to the horizon (see `opening.days_off_around`).
    """
    _require_aware(at)
    if horizon_days < 0:
        raise ValueError("horizon_days must not be negative")
    rules = _prepared(schedules)
    exceptions = list(exceptions)
    if not rules and all(exception.closed for exception in exceptions):
        return UNKNOWN
    first_day = at.astimezone(tz).date()
    at = at.astimezone(UTC)

    def day_intervals(offset: int) -> list[Interval]:
        return _intervals_on(rules, exceptions, first_day + timedelta(days=offset), days_off, tz)

    today = day_intervals(0)
    for start, end in today:
        if start <= at < end:
            closes_at = _end_of_run(end, day_intervals, horizon_days, first_day, tz)
            return OpenState(True, closes_at=closes_at, today=tuple(today))
    return OpenState(False, next_opens=_next_start(at, today, day_intervals, horizon_days), today=tuple(today))


def combine(states: Iterable[OpenState]) -> OpenState:
    """One state for a service reached through several channels: open if any channel is open.

    While open, `closes_at` is the latest end of the current openings (None if one of them runs
    past the horizon); while closed, `next_opens` is the earliest next opening. Unknown states do
    not count; all unknown (or none) is unknown. Channels that take turns (one open 9–12, another
    12–16) show the end of the current turn only: the states do not hold the later openings.
    """
    known = [state for state in states if state.is_open is not None]
    if not known:
        return UNKNOWN
    today = tuple(_merged([(_utc(start), _utc(end)) for state in known for start, end in state.today]))
    open_now = [state for state in known if state.is_open]
    if open_now:
        ends = [state.closes_at for state in open_now]
        closes_at = None if any(end is None for end in ends) else max(_utc(end) for end in ends if end is not None)
        return OpenState(True, closes_at=closes_at, today=today)
    starts = [_utc(state.next_opens) for state in known if state.next_opens is not None]
    return OpenState(False, next_opens=min(starts, default=None), today=today)


def valid_until(states: Iterable[OpenState], at: datetime, *, tz: ZoneInfo) -> datetime:
    """The first moment after `at` at which one of these states may read differently: an opening
    ends or a closed one opens, or the local day turns (which changes `today` and makes
    "tomorrow 9.00" "today 9.00"). A page showing the states is right until then."""
    _require_aware(at)
    at = _utc(at)
    soonest = _instant(at.astimezone(tz).date() + timedelta(days=1), MIDNIGHT, tz)
    for state in states:
        change = state.closes_at if state.is_open else state.next_opens
        if change is not None and at < change < soonest:
            soonest = _utc(change)
    return soonest


class _Rule(NamedTuple):
    # A weekly rule read once per call: a model's `days` parses its text on every access.
    weekdays: frozenset[int]
    opens_at: time
    closes_at: time
    valid_from: date | None
    valid_to: date | None
    open_on_holidays: bool


def _prepared(schedules: Iterable[WeeklyRule]) -> list[_Rule]:
    return [
        _Rule(
            frozenset(WEEKDAYS.index(code) for code in (c.strip().lower() for c in rule.days) if code in WEEKDAYS),
            rule.opens_at,
            rule.closes_at,
            rule.valid_from,
            rule.valid_to,
            bool(rule.open_on_holidays),
        )
        for rule in schedules
    ]


def _holds(rule: _Rule, day: date, weekday: int, holiday: bool) -> bool:
    if weekday not in rule.weekdays:
        return False
    if rule.valid_from is not None and day < rule.valid_from:
        return False
    if rule.valid_to is not None and day > rule.valid_to:
        return False
    return rule.open_on_holidays or not holiday


def _exception_hours(covering: list[DateException]) -> list[tuple[time, time]]:
    narrowest = min(exception.ends_on - exception.starts_on for exception in covering)
    deciding = [exception for exception in covering if exception.ends_on - exception.starts_on == narrowest]
    if any(exception.closed for exception in deciding):
        return []
    return [
        (exception.opens_at, exception.closes_at)
        for exception in deciding
        if exception.opens_at is not None and exception.closes_at is not None
    ]


@lru_cache(maxsize=4096)
def _instant(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The moment (in UTC) at which the clocks of `tz` show `wall` on `day`.

    A wall time the clocks skip (03:00–04:00 on the last Sunday of March in Finland) becomes the
    first moment after the jump: a door that "opens at 03:30" opens once the clock has passed
    03:30, at 04:00 (fold=0 alone would say 04:30). A wall time the clocks show twice (03:00–04:00
    on the last Sunday of October) is its first occurrence, the one a clock on the wall shows first.
    """
    naive = datetime.combine(day, wall)
    instant = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == naive:
        return instant
    return _end_of_gap(naive, tz)


def _end_of_gap(naive: datetime, tz: ZoneInfo) -> datetime:
    # Inside a gap fold=1 reads the wall time with the offset from after the jump, which lands
    # before it, and fold=0 with the offset from before, which lands after it. Halving the span
    # between them (an hour or so) finds the jump to the second in a dozen steps.
    before = int(naive.replace(tzinfo=tz, fold=1).timestamp())
    after = int(naive.replace(tzinfo=tz, fold=0).timestamp())
    offset_after = datetime.fromtimestamp(after, tz).utcoffset()
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == offset_after:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def _merged(intervals: list[Interval]) -> list[Interval]:
    # Touching openings are one (9–12 and 12–15 is 9–15), so "closes at" is the real closing.
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _end_of_run(
    end: datetime, day_intervals: DayIntervals, horizon_days: int, first_day: date, tz: ZoneInfo
) -> datetime | None:
    # An opening that reaches midnight may go on the next day (a 24/7 line): follow it day by day.
    offset = 0
    for offset in range(1, horizon_days + 1):
        following = day_intervals(offset)
        if not following or following[0][0] > end:
            return end
        end = following[0][1]
    if end < _instant(first_day + timedelta(days=offset + 1), MIDNIGHT, tz):
        return end
    return None


def _next_start(at: datetime, today: list[Interval], day_intervals: DayIntervals, horizon_days: int) -> datetime | None:
    for start, _end in today:
        if start > at:
            return start
    for offset in range(1, horizon_days + 1):
        following = day_intervals(offset)
        if following:
            return following[0][0]
    return None


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"`at` must be timezone-aware, got the naive {at.isoformat()}")
