"""Statistics of Pyydä apua! for the coordinator: how many, about what, how fast; never content.

Only these columns of a request are ever read here: when it was sent, when it was due, when it was
first answered, whether it was urgent, its topic and its team. `request_rows` reads them from a
queryset; `summarise` is pure over those rows, with `now` and the time zone as arguments;
`statistics_of` is the two over every request, as the page asks.

Definitions (the page states them too):
- A request belongs to the period and to an ISO week by when it was sent, in Finnish time.
- Time to first answer is `first_answered_at - submitted_at` in plain elapsed hours, nights and
  weekends included (not working hours): it is what the asker waits.
- The median and the 90th percentile are over the answered requests of the period; the percentile
  is the nearest-rank one, a real observed time: "nine answers in ten came within this".
- Answered within the promise: `first_answered_at <= due_at`. Its share is taken of the requests
  whose outcome is known at `now`: answered ones, and unanswered ones already past `due_at` (late
  whatever happens next). Unanswered requests not yet due are left out of the share.
- Per team counts the team a request is with now, after any transfers.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from .models import HelpRequest, Team, Topic

DEFAULT_WEEKS = 12
MAX_PERIOD_DAYS = 3 * 366  # long enough for year-on-year comparisons; bounds the work of one page

ROW_COLUMNS = ("submitted_at", "due_at", "first_answered_at", "urgent", "topic_id", "team_id")


@dataclass(frozen=True)
class Period:
    """Whole days in Finnish time, `start` and `end` included."""

    start: date
    end: date

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The period as [from, to) aware datetimes: midnight of `start` to midnight after `end`."""
        return (
            datetime.combine(self.start, time(0), tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=tz),
        )


def default_period(today: date) -> Period:
    """The last `DEFAULT_WEEKS` ISO weeks up to `today`, the current (partial) week included."""
    monday = today - timedelta(days=today.weekday())
    return Period(monday - timedelta(weeks=DEFAULT_WEEKS - 1), today)


@dataclass(frozen=True)
class RequestRow:
    """What statistics know of one request: no text, no contact details, no asker."""

    submitted_at: datetime
    due_at: datetime
    first_answered_at: datetime | None
    urgent: bool
    topic: str
    team: str


@dataclass(frozen=True)
class WeekCount:
    week: str  # ISO 8601 week, "2026-W03"
    monday: date
    count: int


@dataclass
class Statistics:
    period: Period
    total: int
    urgent: int
    per_week: list[WeekCount]
    per_topic: list[tuple[str, int]]  # most requests first
    per_team: list[tuple[str, int]]
    answered: int
    median_hours: float | None  # None when nothing was answered
    p90_hours: float | None
    within_promise: int
    outcome_known: int  # the denominator of the share within the promise

    @property
    def share_within_promise(self) -> float | None:
        return self.within_promise / self.outcome_known if self.outcome_known else None


def request_rows(queryset, *, period: Period, tz: ZoneInfo, lang: str | None = None) -> list[RequestRow]:
    """The rows of the requests of `queryset` sent within `period`, topics and teams by their name
    in `lang` (the active language by default). Reads only the columns of ROW_COLUMNS."""
    start, end = period.bounds(tz)
    topics = {t.pk: t.t("name", lang) for t in Topic.objects.all()}
    teams = {t.pk: t.t("name", lang) for t in Team.objects.all()}
    no_topic = _("(ei aihetta)")
    return [
        RequestRow(submitted_at, due_at, answered_at, urgent, topics.get(topic_id, no_topic), teams[team_id])
        for submitted_at, due_at, answered_at, urgent, topic_id, team_id in queryset.filter(
            submitted_at__gte=start, submitted_at__lt=end
        )
        .order_by()
        .values_list(*ROW_COLUMNS)
    ]


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks_of(period: Period) -> list[date]:
    """The Mondays of the ISO weeks that `period` touches, in order."""
    monday = period.start - timedelta(days=period.start.weekday())
    mondays = []
    while monday <= period.end:
        mondays.append(monday)
        monday += timedelta(weeks=1)
    return mondays


def hours_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def nearest_rank(values: list[float], percent: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `percent` % of the values at
    or below it. None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(percent / 100 * len(ordered)), 1) - 1]


def ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def summarise(rows: Iterable[RequestRow], *, now: datetime, period: Period, tz: ZoneInfo) -> Statistics:
    """The statistics of `rows` (the requests of `period`) as known at `now`."""
    rows = list(rows)
    by_week = Counter(iso_week(row.submitted_at.astimezone(tz).date()) for row in rows)
    answer_hours = [
        hours_between(row.submitted_at, row.first_answered_at) for row in rows if row.first_answered_at is not None
    ]
    within = sum(1 for row in rows if row.first_answered_at is not None and row.first_answered_at <= row.due_at)
    known = sum(1 for row in rows if row.first_answered_at is not None or row.due_at <= now)
    return Statistics(
        period=period,
        total=len(rows),
        urgent=sum(1 for row in rows if row.urgent),
        per_week=[WeekCount(iso_week(monday), monday, by_week[iso_week(monday)]) for monday in weeks_of(period)],
        per_topic=ranked(Counter(row.topic for row in rows)),
        per_team=ranked(Counter(row.team for row in rows)),
        answered=len(answer_hours),
        median_hours=median(answer_hours) if answer_hours else None,
        p90_hours=nearest_rank(answer_hours, 90),
        within_promise=within,
        outcome_known=known,
    )


def statistics_of(*, period: Period, now: datetime, tz: ZoneInfo) -> Statistics:
    """The statistics of every request sent within `period`, as known at `now`: the page's read."""
    return summarise(request_rows(HelpRequest.objects.all(), period=period, tz=tz), now=now, period=period, tz=tz)
