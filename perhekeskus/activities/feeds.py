"""iCalendar feeds (RFC 5545) of the meeting-place calendar, and an Atom feed of its changes.

The iCalendar feeds are expanded: one VEVENT per occurrence, each with its own UID, rather than
an RRULE with EXDATEs and overrides. Every calendar app reads plain events the same way, whereas
recurrence with exceptions is where they differ; and the occurrences are already computed by
`occurrences.py` with the season breaks, public holidays and cancellations applied, so the feed
shows exactly what the web page and the poster show. The price is a bounded window: from four
weeks ago to 26 weeks ahead (a calendar app refetches the feed every few hours, so the window
moves on by itself), and nothing outside an activity's validity is ever expanded.

A cancelled occurrence stays in the feed with STATUS:CANCELLED, the reason in DESCRIPTION and
"Peruttu" before its title, because some apps ignore STATUS in subscribed calendars.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from perhekeskus.directory.addresses import address_line
from perhekeskus.directory.models import Area, Location, Organization

from .models import Activity, DateChange
from .occurrences import Occurrence, occurrences
from .params import BadParameter, requested_day, requested_language

WEEKS_BACK = 4
WEEKS_AHEAD = 26
WINDOW = timedelta(weeks=WEEKS_BACK + WEEKS_AHEAD)  # 210 days, well within MAX_WINDOW_DAYS
PRODID = "-//Perhekeskus//Kohtaamispaikkatoiminta//FI"
CHANGES_IN_FEED = 50


def feed_window(today: date, start: date | None = None) -> tuple[date, date]:
    """The days a feed covers: from `start` (default four weeks before `today`) for 30 weeks."""
    first = start or today - timedelta(weeks=WEEKS_BACK)
    return first, first + WINDOW


def place_text(activity: Activity, lang: str) -> str:
    """Where the activity is, as one line: the place's name and address, or the place note."""
    place = activity.place
    if place is None:
        return activity.place_note
    return ", ".join(part for part in (place.t("name", lang), address_line(place, lang)) if part)


def organizer_names(activity: Activity, lang: str) -> str:
    return ", ".join(organization.t("name", lang) for organization in activity.organizers.all())


def event_of(occurrence: Occurrence, *, lang: str, link: str, stamp: datetime) -> Event:
    """The VEVENT of one occurrence: its own UID, times in Europe/Helsinki, texts in `lang`."""
    activity = occurrence.activity
    title = activity.t("name", lang)
    lines = []
    if occurrence.cancelled:
        title = f"{_('Peruttu')}: {title}"
        lines.append(f"{_('Peruttu')}: {occurrence.note}" if occurrence.note else _("Peruttu"))
    elif occurrence.note:
        lines.append(occurrence.note)
    organizers = organizer_names(activity, lang)
    if organizers:
        lines.append(f"{_('Järjestäjä')}: {organizers}")
    if activity.place and activity.place_note:
        lines.append(activity.place_note)
    return Event.new(
        uid=occurrence.uid,
        stamp=stamp,
        start=occurrence.start,
        end=occurrence.end,
        summary=title,
        location=place_text(activity, lang) or None,
        description="\n".join(lines) or None,
        status="CANCELLED" if occurrence.cancelled else "CONFIRMED",
        url=link,
        last_modified=activity.updated_at.astimezone(UTC) if activity.updated_at else None,
    )


def calendar_of(
    found: Iterable[Occurrence],
    *,
    uid: str,
    name: str,
    lang: str,
    window: tuple[date, date],
    link_of: Callable[[Activity], str],
    stamp: datetime,
) -> Calendar:
    """A VCALENDAR of the occurrences, with the VTIMEZONE of the time zone (settings.TIME_ZONE) for `window`."""
    calendar = Calendar.new(
        prodid=PRODID,
        uid=uid,
        name=name,
        method="PUBLISH",
        calscale="GREGORIAN",
        refresh_interval=timedelta(hours=6),
    )
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("x-published-ttl", "PT6H")
    links: dict[int, str] = {}
    for occurrence in found:
        activity = occurrence.activity
        if activity.pk not in links:
            links[activity.pk] = link_of(activity)
        calendar.add_component(event_of(occurrence, lang=lang, link=links[activity.pk], stamp=stamp))
    calendar.add_missing_timezones(first_date=window[0] - timedelta(days=1), last_date=window[1] + timedelta(days=1))
    return calendar


def ical_response(request, activities, *, kind: str, slug: str, name: Callable[[str], str]) -> HttpResponse:
    """Parse ?lang= and ?start=, expand `activities` over the feed window, answer text/calendar."""
    today = timezone.localdate()
    try:
        lang = requested_language(request)
        window = feed_window(today, requested_day(request, "start", today=today))
    except BadParameter as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    def link_of(activity: Activity) -> str:
        return request.build_absolute_uri(reverse("activities:activity_detail", args=[activity.slug]))

    with translation.override(lang):
        calendar = calendar_of(
            occurrences(activities, *window),
            uid=f"{kind}-{slug}@perhekeskus",
            name=f"{name(lang)} – {_('Perhekeskus')}",
            lang=lang,
            window=window,
            link_of=link_of,
            stamp=timezone.now().astimezone(UTC),
        )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.ics"'
    response["Content-Language"] = lang
    return response


def area_ical(request, slug):
    """The calendar of a family-centre area (and the areas under it)."""
    area = get_object_or_404(Area, slug=slug)
    return ical_response(
        request, Activity.objects.in_area(area), kind="area", slug=slug, name=lambda lang: area.t("name", lang)
    )


def activity_ical(request, slug):
    """The dates of one activity."""
    activity = get_object_or_404(Activity, slug=slug)
    return ical_response(
        request,
        Activity.objects.filter(pk=activity.pk),
        kind="activity",
        slug=slug,
        name=lambda lang: activity.t("name", lang),
    )


def place_ical(request, slug):
    """What happens at one place."""
    place = get_object_or_404(Location, slug=slug)
    return ical_response(
        request, Activity.objects.filter(place=place), kind="place", slug=slug, name=lambda lang: place.t("name", lang)
    )


def organizer_ical(request, slug):
    """What one organisation organises, alone or with others."""
    organization = get_object_or_404(Organization, slug=slug)
    return ical_response(
        request,
        Activity.objects.filter(organizers=organization),
        kind="organization",
        slug=slug,
        name=lambda lang: organization.t("name", lang),
    )


@dataclass(frozen=True)
class Change:
    """One item of the changes feed: a new activity, or a cancelled date of one."""

    activity: Activity
    at: datetime
    cancelled_on: date | None = None
    reason: str = ""


def recent_changes(limit: int = CHANGES_IN_FEED) -> list[Change]:
    """The newest `limit` changes: activities by creation, cancellations by their last edit."""
    new = [Change(activity, activity.created_at) for activity in Activity.objects.order_by("-created_at")[:limit]]
    cancellations = [
        Change(change.activity, change.changed_at, change.date, change.note)
        for change in DateChange.objects.filter(cancelled=True)
        .select_related("activity")
        .order_by("-changed_at")[:limit]
    ]
    return sorted(new + cancellations, key=lambda c: c.at, reverse=True)[:limit]


class ChangesFeed(Feed):
    """Atom feed of new activities and cancelled dates, newest first (?lang= as the iCal feeds)."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            lang = requested_language(request)
        except BadParameter as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        # Django writes the active language as the feed's xml:lang (Feed.language is a value it
        # reads as such, not a method it calls).
        with translation.override(lang):
            return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{_('Kohtaamispaikkojen toiminta: muutokset')} – {_('Perhekeskus')}"

    def subtitle(self):
        return _("Uudet toiminnat ja perutut kerrat.")

    def link(self):
        return reverse("activities:index")

    def items(self):
        return recent_changes()

    def item_title(self, item: Change):
        title = item.activity.t("name")
        if item.cancelled_on:
            return f"{_('Peruttu')}: {title} {item.cancelled_on:%-d.%-m.%Y}"
        return f"{_('Uusi toiminta')}: {title}"

    def item_description(self, item: Change):
        if item.cancelled_on:
            return item.reason
        return item.activity.t("description")

    def item_link(self, item: Change):
        return reverse("activities:activity_detail", args=[item.activity.slug])

    def item_guid(self, item: Change):
        # A tag URI (RFC 4151) that stays the same when the activity or the cancellation is edited.
        suffix = f"peruttu-{item.cancelled_on:%Y%m%d}" if item.cancelled_on else "uusi"
        return f"tag:perhekeskus,{item.activity.created_at:%Y-%m-%d}:{item.activity.slug}/{suffix}"

    def item_pubdate(self, item: Change):
        return item.at

    def item_updateddate(self, item: Change):
        return item.at
