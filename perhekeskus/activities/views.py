"""Public pages of the meeting-place calendar. Thin: parse the request, call schedule.py, render."""

from datetime import timedelta

from django.shortcuts import get_object_or_404, render

from perhekeskus.directory.models import Area

from . import schedule
from .forms import OccurrenceFilterForm, WeekForm
from .models import Activity
from .occurrences import occurrences


def index(request):
    return render(request, "activities/index.html", {"areas": schedule.areas_with_activities()})


def area_week(request, slug):
    area = get_object_or_404(Area, slug=slug)
    form = WeekForm(request.GET)
    if not form.is_valid():
        return render(request, "activities/area_week.html", {"area": area, "form": form}, status=400)
    today = schedule.helsinki_today()
    week = schedule.area_week(area, form.cleaned_data["week"] or today, today=today)
    seasons = schedule.seasons_of(area) if week.is_empty and not week.seasons else []
    return render(request, "activities/area_week.html", {"area": area, "form": form, "week": week, "seasons": seasons})


def today(request):
    day = schedule.helsinki_today()
    return _listing(request, "today", day, day)


def this_week(request):
    monday = schedule.helsinki_today()
    monday -= timedelta(days=monday.weekday())
    return _listing(request, "this_week", monday, monday + timedelta(days=6))


def _listing(request, kind, start, end):
    form = OccurrenceFilterForm(request.GET)
    valid = form.is_valid()
    params = form.cleaned_data if valid else {}
    context = {"form": form, "kind": kind, "start": start, "end": end, "selects": _selects(form, params)}
    if not valid:
        return render(request, "activities/listing.html", context, status=400)
    found = occurrences(schedule.filtered_activities(params), start, end)
    days = schedule.days_of(found, start, end, today=schedule.helsinki_today())
    context |= {
        "days": [day for day in days if day.occurrences],
        "filtered": any(value not in (None, "") for value in params.values()),
    }
    return render(request, "activities/listing.html", context)


def _selects(form, params) -> list[dict]:
    """The filters as select boxes: the field, its options and which one is chosen."""
    options = schedule.filter_options(params)
    return [
        {
            "name": name,
            "label": form.fields[name].label,
            "empty": form.fields[name].empty_label,
            "options": [(o.slug, o.name, o.name_lang, o == params.get(name)) for o in options[name]],
        }
        for name in ("target_group", "area", "place", "organizer")
    ]


def activity_detail(request, slug):
    activity = get_object_or_404(
        Activity.objects.select_related("place__municipality", "place__area", "area").prefetch_related(
            "organizers", "target_groups"
        ),
        slug=slug,
    )
    today = schedule.helsinki_today()
    upcoming = schedule.upcoming(Activity.objects.filter(pk=activity.pk), today, schedule.DETAIL_DAYS)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "upcoming": [o for day in upcoming for o in day.occurrences],
            "pauses": schedule.pauses_ahead(activity, today),
        },
    )
