"""The dates an activity's rule yields, with python-dateutil's rrule: the one rule both the
model's validation ("the rule yields no date") and the occurrences (occurrences.py) expand.

Apart from occurrences.py, which reads the models, so that the models can check a rule without
importing it back."""

from datetime import date, datetime, time
from typing import Protocol

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")  # Activity.weekdays codes, by date.weekday()
RRULE_DAYS = {name: weekday(index) for index, name in enumerate(WEEKDAYS)}


class Rule(Protocol):
    """What `rule_dates` reads of an `Activity`."""

    dates_known: bool
    freq: str  # "weekly" or "monthly" (Activity.Freq)
    interval: int
    weekdays: list[str]
    bysetpos: int | None
    valid_from: date
    valid_to: date | None


def rule_dates(activity: Rule, start: date, end: date) -> list[date]:
    """The dates the activity's rule yields in [start, end], within its validity."""
    if not activity.dates_known:
        return []
    first = max(start, activity.valid_from)
    last = min(end, activity.valid_to) if activity.valid_to else end
    if first > last:
        return []
    rule = rrule(
        MONTHLY if activity.freq == "monthly" else WEEKLY,
        interval=activity.interval,
        # The rule counts intervals from the activity's first day, not from the window's.
        dtstart=datetime.combine(activity.valid_from, time(0)),
        until=datetime.combine(last, time(0)),
        byweekday=[RRULE_DAYS[d] for d in activity.weekdays] or None,
        bysetpos=activity.bysetpos,
        cache=False,
    )
    return [
        moment.date()
        for moment in rule.between(datetime.combine(first, time(0)), datetime.combine(last, time(0)), inc=True)
    ]
