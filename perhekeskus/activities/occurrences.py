"""Occurrences of activities in a window of days, computed with python-dateutil's rrule.

Nothing here is stored: the rule, the season and the exceptions are, and each request expands
them for the days it shows. Every expansion is bounded: a window longer than MAX_WINDOW_DAYS is
refused, and an activity contributes at most one occurrence a day to it.

What becomes of a date the rule yields, in order:
- outside the activity's validity: not an occurrence;
- in one of the activity's own exceptions or its area's season breaks: not an occurrence (the
  week of the break shows the activity nowhere, as the printed schedule does);
- a Finnish public holiday, for an activity that does not run on them: not an occurrence;
- changed on that date: cancelled (kept, marked, with the reason), moved, or with a note.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q
from django.utils.timezone import get_default_timezone

from perhekeskus.directory.holidays import days_off

from .models import Activity, Break, DateChange
from .recurrence import rule_dates

MAX_WINDOW_DAYS = 400


class WindowTooLong(ValueError):
    """A window of more than MAX_WINDOW_DAYS days was asked for."""


@dataclass(frozen=True)
class Occurrence:
    activity: Activity
    date: date
    start: datetime  # aware, Europe/Helsinki
    end: datetime
    cancelled: bool = False
    note: str = ""  # the day's special content, or the reason of a cancellation
    moved: bool = False

    @property
    def title(self) -> str:
        return self.activity.title

    @property
    def uid(self) -> str:
        return f"{self.activity.slug}-{self.date:%Y%m%d}@perhekeskus"


def in_ranges(day: date, ranges: Iterable[tuple[date, date]]) -> bool:
    return any(start <= day <= end for start, end in ranges)


def occurrences_of(
    activity: Activity, start: date, end: date, *, breaks: list[tuple[date, date]], holidays: set[date]
) -> list[Occurrence]:
    """The occurrences of one activity whose exceptions and date changes are prefetched."""
    skipped = [(e.starts_on, e.ends_on) for e in activity.exceptions.all()] + breaks
    changes = {change.date: change for change in activity.date_changes.all()}
    found = []
    for day in rule_dates(activity, start, end):
        if in_ranges(day, skipped) or (activity.skip_public_holidays and day in holidays):
            continue
        change = changes.get(day)
        starts_at = (change and change.starts_at) or activity.starts_at
        ends_at = (change and change.ends_at) or activity.ends_at
        if ends_at <= starts_at:  # a change saved before the rule above: keep the activity's times
            starts_at, ends_at = activity.starts_at, activity.ends_at
        found.append(
            Occurrence(
                activity=activity,
                date=day,
                start=datetime.combine(day, starts_at, tzinfo=get_default_timezone()),
                end=datetime.combine(day, ends_at, tzinfo=get_default_timezone()),
                cancelled=bool(change and change.cancelled),
                note=change.note if change else "",
                moved=bool(change and (change.starts_at or change.ends_at)),
            )
        )
    return found


def breaks_by_area(start: date, end: date) -> dict[int, list[tuple[date, date]]]:
    """Season breaks touching [start, end], by the id of the season's area."""
    found: dict[int, list[tuple[date, date]]] = {}
    for area_id, starts_on, ends_on in Break.objects.filter(starts_on__lte=end, ends_on__gte=start).values_list(
        "season__area_id", "starts_on", "ends_on"
    ):
        found.setdefault(area_id, []).append((starts_on, ends_on))
    return found


def occurrences(activities, start: date, end: date) -> list[Occurrence]:
    """All occurrences of `activities` (a queryset) in [start, end], by start time then title."""
    if end < start:
        return []
    if (end - start).days >= MAX_WINDOW_DAYS:
        raise WindowTooLong(f"at most {MAX_WINDOW_DAYS} days at a time")
    activities = (
        activities.filter(valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .select_related("place__area", "place__municipality", "area")
        .prefetch_related(
            "exceptions",
            "organizers",
            Prefetch("date_changes", queryset=DateChange.objects.filter(date__range=(start, end))),
        )
    )
    breaks = breaks_by_area(start, end)
    holidays = set(days_off(start, end))
    found = []
    for activity in activities:
        area = activity.effective_area
        found.extend(
            occurrences_of(activity, start, end, breaks=breaks.get(area.pk, []) if area else [], holidays=holidays)
        )
    return sorted(found, key=lambda o: (o.start, o.activity.name_fi, o.activity.slug))


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
