"""Public pages of the meeting-place calendar: its areas, an area's week and an activity. Thin:
parse the request, call calendar.py, render. The lists that take words (today, this week) are
the site's (perhekeskus/site/calendar_views.py), as they search."""

from django.shortcuts import get_object_or_404, render

from perhekeskus.directory.models import Area

from . import calendar, wording
from .forms import WeekForm
from .models import Activity


def index(request):
    return render(request, "activities/index.html", {"areas": calendar.areas_with_activities()})


def area_week(request, slug):
    area = get_object_or_404(Area, slug=slug)
    form = WeekForm(request.GET)
    if not form.is_valid():
        return render(request, "activities/area_week.html", {"area": area, "form": form}, status=400)
    today = calendar.helsinki_today()
    week = calendar.area_week(area, form.cleaned_data["week"] or today, today=today)
    seasons = calendar.seasons_of(area) if week.is_empty and not week.seasons else []
    return render(
        request,
        "activities/area_week.html",
        {"area": area, "form": form, "week": week, "seasons": seasons, "today": today},
    )


def activity_detail(request, slug):
    activity = get_object_or_404(
        Activity.objects.select_related("place__municipality", "place__area", "area").prefetch_related(
            "organizers", "target_groups"
        ),
        slug=slug,
    )
    today = calendar.helsinki_today()
    upcoming = calendar.upcoming(Activity.objects.filter(pk=activity.pk), today, calendar.DETAIL_DAYS)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "upcoming": [o for day in upcoming for o in day.occurrences],
            "pauses": calendar.pauses_ahead(activity, today),
            "season_words": wording.activity_season_in_words(activity, today, within_days=calendar.DETAIL_DAYS),
        },
    )
