"""The calendar's lists of today and this week: filtered by target group, area, place and
organiser, and by words (`?q=`, matched as services are: search/names.py). Thin: parse the
request, narrow with the search, expand with activities/calendar.py, render."""

from datetime import timedelta

from django.shortcuts import render

from perhekeskus.activities import calendar
from perhekeskus.activities.forms import OccurrenceFilterForm
from perhekeskus.activities.occurrences import occurrences
from perhekeskus.search import names

TEMPLATE = "site/calendar_listing.html"


def today(request):
    """Today's list: what is still to come or under way now, in Helsinki time."""
    now = calendar.helsinki_now()
    return _listing(request, "today", now.date(), now.date(), at=now)


def this_week(request):
    monday = calendar.helsinki_today()
    monday -= timedelta(days=monday.weekday())
    return _listing(request, "this_week", monday, monday + timedelta(days=6))


def _listing(request, kind, start, end, at=None):
    form = OccurrenceFilterForm(request.GET)
    valid = form.is_valid()
    params = form.cleaned_data if valid else {}
    context = {"form": form, "kind": kind, "start": start, "end": end, "selects": _selects(form, params)}
    if not valid:
        return render(request, TEMPLATE, context, status=400)
    by_words = names.found_by_words("activities", params.get("q"))
    found = occurrences(calendar.filtered_activities(params, by_words), start, end)
    coming = found if at is None else calendar.not_over(found, at)
    days = calendar.days_of(coming, start, end, today=calendar.helsinki_today())
    context |= {
        "days": [day for day in days if day.occurrences],
        "all_over": bool(found) and not coming,
        "filtered": any(value not in (None, "") for value in params.values()),
    }
    return render(request, TEMPLATE, context)


def _selects(form, params) -> list[dict]:
    """The filters as select boxes: the field, its options and which one is chosen."""
    options = calendar.filter_options(params)
    return [
        {
            "name": name,
            "label": form.fields[name].label,
            "empty": form.fields[name].empty_label,
            "options": [(o.slug, o.name, o.name_lang, o == params.get(name)) for o in options[name]],
        }
        for name in ("target_group", "area", "place", "organizer")
    ]
