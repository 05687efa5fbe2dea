"""Days off: Finnish public holidays (arkipyhät) plus the extra closed days an admin adds.

Opening hours and, later, the help-request answer-time promise both need to know which days do not
count as working days. Both ask here, so a bridge day entered once in the admin closes the phone
lines and stops the deadline clock alike.

The public category of `holidays.Finland` already holds Christmas Eve (jouluaatto) and Midsummer
Eve (juhannusaatto), which are not statutory holidays but on which offices are closed; the tests
check that, so that a change in the package cannot open the phone lines on Christmas Eve unnoticed.
Weekends are not days off here: whether Saturday counts is each caller's own rule.
"""

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import holidays
from django.db.models import Q

from .models import Area, ClosedDay


def days_off(start: date, end: date, extra: Iterable[date] = ()) -> frozenset[date]:
    """The Finnish public holidays and the `extra` days off from `start` to `end`, both inclusive.

    Extra days outside the range are left out so that the set means the same whoever built it.
    """
    if end < start:
        return frozenset()
    found = set().union(*(_finnish_public_holidays(year) for year in range(start.year, end.year + 1)))
    found.update(extra)
    return frozenset(day for day in found if start <= day <= end)


def closed_days_from_db(start: date, end: date, area: Area | int | None = None) -> frozenset[date]:
    """`days_off` with the `ClosedDay` rows of the range: those for every area always, and those of
    `area` (an Area or its id) when it is given. One query."""
    area_id = area.pk if isinstance(area, Area) else area
    in_area = Q(area__isnull=True) if area_id is None else Q(area__isnull=True) | Q(area_id=area_id)
    extra = ClosedDay.objects.filter(in_area, date__range=(start, end)).values_list("date", flat=True)
    return days_off(start, end, extra)


@lru_cache(maxsize=32)
def _finnish_public_holidays(year: int) -> frozenset[date]:
    # Building the calendar costs about a millisecond; pages ask for the same year or two over and over.
    return frozenset(holidays.Finland(years=year))
