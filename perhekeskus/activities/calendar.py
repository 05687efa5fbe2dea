"""What the calendar pages show: an area's week, filtered lists, and what comes up at a place.

Plain functions over `occurrences()`: today's date comes in as an argument (the views and template
tags ask `helsinki_today()`), so a test can look at February 2022 without touching the clock.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from perhekeskus.directory.models import Area, Location, Organization, TargetGroup

from .forms import FIRST_YEAR, LAST_YEAR
from .models import Activity, Break, Season
from .occurrences import Occurrence, occurrences, week_of

UPCOMING_DAYS = 14  # on the directory's place and organiser pages
DETAIL_DAYS = 8 * 7  # on an activity's own page


def helsinki_now() -> datetime:
    """The moment in Europe/Helsinki, whatever the server's clock zone."""
    return timezone.localtime(timezone.now(), timezone.get_default_timezone())


def helsinki_today() -> date:
    """Today in Europe/Helsinki, whatever the server's clock zone."""
    return helsinki_now().date()


def not_over(found: list[Occurrence], at: datetime) -> list[Occurrence]:
    """The occurrences still to come or under way at `at`: today's list drops those that ended."""
    return [occurrence for occurrence in found if occurrence.end > at]


@dataclass(frozen=True)
class Day:
    date: date
    occurrences: list[Occurrence]
    is_today: bool = False


def days_of(found: list[Occurrence], start: date, end: date, *, today: date | None = None) -> list[Day]:
    """Every day of [start, end] with its occurrences (already sorted by time)."""
    by_date: dict[date, list[Occurrence]] = {}
    for occurrence in found:
        by_date.setdefault(occurrence.date, []).append(occurrence)
    count = (end - start).days + 1
    days = (start + timedelta(days=n) for n in range(count))
    return [Day(day, by_date.get(day, []), day == today) for day in days]


def area_ids(area: Area) -> list[int]:
    """The area and the areas directly under it: the same reach as Activity.objects.in_area."""
    return [area.pk, *Area.objects.filter(parent=area).values_list("pk", flat=True)]


@dataclass(frozen=True)
class AreaWeek:
    area: Area
    monday: date
    sunday: date
    days: list[Day]
    breaks: list[Break]  # season breaks touching the week
    seasons: list[Season]  # seasons running in the week, for their notes
    previous: date | None  # Monday of the week before, None at the calendar's edge
    next: date | None
    is_current: bool
    ending_on: date | None = None  # the last day of a season that ends in the week
    ended_on: date | None = None  # with no season in the week: the end of the last one before it
    next_from: date | None = None  # with no season in the week: the start of the next one after it

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def weekend_empty(self) -> bool:
        return not (self.days[5].occurrences or self.days[6].occurrences)

    @property
    def is_empty(self) -> bool:
        return not any(day.occurrences for day in self.days)


def area_week(area: Area, day: date, *, today: date) -> AreaWeek:
    """The week (Monday to Sunday) of `day` in `area`: occurrences by day, breaks and seasons."""
    monday, sunday = week_of(day)
    areas = area_ids(area)
    found = occurrences(Activity.objects.in_area(area), monday, sunday)
    breaks = Break.objects.filter(season__area__in=areas, starts_on__lte=sunday, ends_on__gte=monday)
    seasons = Season.objects.filter(area__in=areas, valid_from__lte=sunday, valid_to__gte=monday)
    previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    running = list(seasons)
    of_area = Season.objects.filter(area__in=areas)
    ending = [s.valid_to for s in running if s.valid_to <= sunday]
    ended = next_from = None
    if not running:
        ended = of_area.filter(valid_to__lt=monday).order_by("-valid_to").values_list("valid_to", flat=True).first()
        next_from = of_area.filter(valid_from__gt=sunday).order_by("valid_from").values_list("valid_from", flat=True)
        next_from = next_from.first()
    return AreaWeek(
        area=area,
        monday=monday,
        sunday=sunday,
        days=days_of(found, monday, sunday, today=today),
        breaks=list(breaks.select_related("season")),
        seasons=running,
        previous=previous if previous.year >= FIRST_YEAR else None,
        next=following if following.year <= LAST_YEAR else None,
        is_current=monday <= today <= sunday,
        ending_on=max(ending) if ending else None,
        ended_on=ended,
        next_from=next_from,
    )


def seasons_of(area: Area) -> list[Season]:
    """The area's published seasons, newest first: where to look when a week is empty."""
    return list(Season.objects.filter(area__in=area_ids(area)).order_by("-valid_from")[:6])


def areas_with_activities():
    """Areas that have activities of their own or at their places, with the count."""
    return (
        Area.objects.annotate(
            count=Count("activities", distinct=True)
            + Count("locations__activities", filter=Q(locations__activities__area__isnull=True), distinct=True)
        )
        .filter(count__gt=0)
        .select_related("parent")
        .order_by("name_fi")
    )


def age_fits(activity: Activity, age: int) -> bool:
    """Whether the activity is for a child of `age`: its own age range if it gives one, else the
    ages of its target groups that have one. Unlike the directory's rule, a group without ages
    (parents) beside one with ages (babies) does not open a baby club to every age; only groups
    that are all without ages (families, everyone) mean "any age"."""
    if activity.age_min is not None or activity.age_max is not None:
        ranges = [(activity.age_min, activity.age_max)]
    else:
        ranges = [
            (g.age_min, g.age_max)
            for g in activity.target_groups.all()
            if g.age_min is not None or g.age_max is not None
        ]
    if not ranges:
        return True
    return any((low is None or low <= age) and (high is None or age <= high) for low, high in ranges)


def filtered_activities(params: dict, found_by_words: list[int] | None = None):
    """Activities matching the cleaned data of an OccurrenceFilterForm. The words (`q`) are the
    search's to match (search/names.py): its caller passes the ids they found, None for no words."""
    found = Activity.objects.all()
    if found_by_words is not None:
        found = found.filter(pk__in=found_by_words)
    if params.get("target_group"):
        found = found.filter(target_groups=params["target_group"])
    if params.get("organizer"):
        found = found.filter(organizers=params["organizer"])
    if params.get("place"):
        found = found.filter(place=params["place"])
    if params.get("area"):
        found = found.filter(pk__in=Activity.objects.in_area(params["area"]).values("pk"))
    age = params.get("age")
    if age is not None:
        fitting = [a.pk for a in found.prefetch_related("target_groups") if age_fits(a, age)]
        found = Activity.objects.filter(pk__in=fitting)
    return found.distinct()


def filter_options(params: dict) -> dict[str, list]:
    """The choices worth offering in the filters: those some activity has, plus the chosen one."""
    options = {
        "target_group": list(TargetGroup.objects.filter(activity__isnull=False).distinct()),
        "organizer": list(Organization.objects.filter(activities__isnull=False).distinct()),
        "place": list(Location.objects.filter(activities__isnull=False).distinct()),
        "area": list(areas_with_activities()),
    }
    for name, choices in options.items():
        chosen = params.get(name)
        if chosen is not None and chosen not in choices:
            choices.append(chosen)
    return options


def upcoming(activities, today: date, days: int = UPCOMING_DAYS) -> list[Day]:
    """The days from today on (`days` of them) that have occurrences of `activities`."""
    end = today + timedelta(days=days - 1)
    return [day for day in days_of(occurrences(activities, today, end), today, end, today=today) if day.occurrences]


def pauses_ahead(activity: Activity, today: date, days: int = DETAIL_DAYS) -> list[tuple[date, date, str]]:
    """The activity's own pauses and its area's season breaks in the coming `days`: (from, to, reason)."""
    return pauses_between(activity, today, today + timedelta(days=days - 1))


def pauses_between(activity: Activity, start: date, end: date) -> list[tuple[date, date, str]]:
    """The activity's own pauses and its area's season breaks touching [start, end]: (from, to, reason)."""
    found = [
        (p.starts_on, p.ends_on, p.reason) for p in activity.exceptions.filter(starts_on__lte=end, ends_on__gte=start)
    ]
    area = activity.effective_area
    if area:
        breaks = Break.objects.filter(season__area=area, starts_on__lte=end, ends_on__gte=start)
        found += [(b.starts_on, b.ends_on, b.reason) for b in breaks]
    # The loader records a season break on each activity as well; show it once.
    return sorted(set(found))
