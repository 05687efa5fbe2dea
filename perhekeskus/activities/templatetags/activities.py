"""Template helpers of the calendar: rules and dates in words, and the calendar of a place or an
organiser for the directory's pages (`{% load activities %}{% upcoming_at_place location %}`)."""

from django import template
from django.urls import reverse

from .. import calendar, wording
from ..models import Activity

register = template.Library()

register.filter("rule_in_words", wording.rule_in_words)
register.filter("validity_in_words", wording.validity_in_words)
register.filter("day_heading", wording.day_heading)


@register.simple_tag
def date_span(start, end=None) -> str:
    """{% date_span week.monday week.sunday %}: '14.–20.2.2022'."""
    return wording.date_span(start, end)


@register.simple_tag
def pause_in_words(starts_on, ends_on, reason="") -> str:
    """{% pause_in_words b.starts_on b.ends_on b.reason %}: 'Talviloma 28.2.–4.3.2022: ei toimintaa'."""
    return wording.pause_in_words(starts_on, ends_on, reason)


@register.simple_tag
def season_end_in_words(ends_on, today) -> str:
    """{% season_end_in_words week.ended_on today %}: 'Kausi päättyi 31.3.2022.'"""
    return wording.season_end_in_words(ends_on, today)


@register.simple_tag
def season_start_in_words(starts_on, today) -> str:
    """{% season_start_in_words week.next_from today %}: 'Kausi alkaa 10.1.2022.'"""
    return wording.season_start_in_words(starts_on, today)


@register.filter
def age_range(activity) -> str:
    return wording.age_range(activity.age_min, activity.age_max)


@register.inclusion_tag("activities/_upcoming.html")
def upcoming_at_place(location):
    """The coming two weeks' occurrences at a place of the directory (nothing if it has none)."""
    return _upcoming(
        Activity.objects.filter(place=location), reverse("activities:place_ical", args=[location.slug]), at_place=True
    )


@register.inclusion_tag("activities/_upcoming.html")
def upcoming_by_organizer(organization):
    """The coming two weeks' occurrences of an organiser's activities (nothing if it has none)."""
    return _upcoming(
        Activity.objects.filter(organizers=organization),
        reverse("activities:organizer_ical", args=[organization.slug]),
        at_place=False,
    )


def _upcoming(activities, ical_url: str, *, at_place: bool) -> dict:
    listed = list(activities.order_by("name_fi", "slug"))
    if not listed:
        return {"activities": []}
    return {
        "activities": listed,
        "days": calendar.upcoming(activities, calendar.helsinki_today()),
        "ical_url": ical_url,
        "at_place": at_place,
    }
