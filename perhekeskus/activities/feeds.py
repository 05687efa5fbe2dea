"""iCalendar feeds (RFC 5545) of the meeting-place calendar, and an Atom feed of its changes.

The feeds of an area, a place and an organiser are expanded: one VEVENT per occurrence, each with
its own UID, rather than series with EXDATEs and overrides. They are subscribed to, not added and
removed one activity at a time, so one series per activity would not help a family; every calendar
app reads plain events the same way, whereas recurrence with exceptions is where they differ; and
the occurrences are already computed by `occurrences.py` with the season breaks, public holidays and
cancellations applied, so the feed shows exactly what the web page and the poster show. The price is
a bounded window: from four weeks ago to 26 weeks ahead (a calendar app refetches the feed every few
hours, so the window moves on by itself), and nothing outside an activity's validity is ever
expanded. When that window holds nothing (a season of an earlier year, the summer), the feed moves
on to the next activity that begins, or says in its description that none is known.

An activity's own feed ("add to my calendar") is one recurring series instead (series.py): a family
that adds it gets one event it can remove whole, with the breaks and cancellations as EXDATEs and
the guest visits and other times as RECURRENCE-ID overrides.

In the expanded feeds a cancelled occurrence stays with STATUS:CANCELLED, the reason in DESCRIPTION
and "Peruttu" before its title, because some apps ignore STATUS in subscribed calendars.
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

from .calendar import pauses_between
from .models import Activity, DateChange
from .occurrences import Occurrence, occurrences
from .params import BadParameter, requested_day, requested_language
from .series import series_events, series_span
from .wording import date_span, pause_in_words, rule_in_words

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
        return activity.place_note_in(lang)
    return ", ".join(part for part in (place.t("name", lang), address_line(place, lang)) if part)


def organizer_names(activity: Activity, lang: str) -> str:
    return ", ".join(organization.t("name", lang) for organization in activity.organizers.all())


def event_of(
    occurrence: Occurrence,
    *,
    lang: str,
    link: str,
    stamp: datetime,
    uid: str | None = None,
    recurrence_id: datetime | None = None,
) -> Event:
    """The VEVENT of one occurrence: its own UID (or `uid` of a series, with `recurrence_id` for
    an override of one of its dates), times in Europe/Helsinki, texts in `lang`."""
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
    if activity.place and activity.place_note_in(lang):
        lines.append(activity.place_note_in(lang))
    return Event.new(
        uid=uid or occurrence.uid,
        recurrence_id=recurrence_id,
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
    events: Iterable[Event], *, uid: str, name: str, description: str, window: tuple[date, date]
) -> Calendar:
    """A VCALENDAR of `events`, with the VTIMEZONE of the time zone (settings.TIME_ZONE) for `window`."""
    calendar = Calendar.new(
        prodid=PRODID,
        uid=uid,
        name=name,
        description=description,
        method="PUBLISH",
        calscale="GREGORIAN",
        refresh_interval=timedelta(hours=6),
    )
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("x-published-ttl", "PT6H")
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones(first_date=window[0] - timedelta(days=1), last_date=window[1] + timedelta(days=1))
    return calendar


def next_season_start(activities, after: date) -> date | None:
    """The first day of the next activity that begins after `after`, or None: where a feed whose
    default window is empty moves its window to."""
    return activities.filter(valid_from__gt=after).order_by("valid_from").values_list("valid_from", flat=True).first()


def expanded_events(activities, window, *, lang, link_of, stamp) -> list[Event]:
    """One VEVENT per occurrence of `activities` in `window` (the area, place and organiser feeds)."""
    links: dict[int, str] = {}
    events = []
    for occurrence in occurrences(activities, *window):
        activity = occurrence.activity
        if activity.pk not in links:
            links[activity.pk] = link_of(activity)
        events.append(event_of(occurrence, lang=lang, link=links[activity.pk], stamp=stamp))
    return events


def window_in_words(window: tuple[date, date], found: bool) -> str:
    """The feed's description: the days it covers, and that it has nothing in them if so."""
    days = date_span(*window)
    if found:
        return _("Kohtaamispaikkojen toiminta %(days)s.") % {"days": days}
    return _("Ajalle %(days)s ei ole merkitty toimintaa, eikä sen jälkeen alkavaa toimintaa ole tiedossa.") % {
        "days": days
    }


def ical_response(request, activities, *, kind: str, slug: str, name: Callable[[str], str]) -> HttpResponse:
    """Parse ?lang= and ?start=, expand `activities` over the feed window, answer text/calendar.

    Without ?start=, a window with nothing in it moves on to the next activity that begins after
    it; when there is none, the calendar says so in its description (X-WR-CALDESC)."""
    today = timezone.localdate()
    try:
        lang = requested_language(request)
        start = requested_day(request, "start", today=today)
    except BadParameter as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    window = feed_window(today, start)

    def link_of(activity: Activity) -> str:
        return request.build_absolute_uri(reverse("activities:activity_detail", args=[activity.slug]))

    stamp = timezone.now().astimezone(UTC)
    with translation.override(lang):
        events = expanded_events(activities, window, lang=lang, link_of=link_of, stamp=stamp)
        later = next_season_start(activities, window[1]) if not events and start is None else None
        if later is not None:
            window = feed_window(today, later)
            events = expanded_events(activities, window, lang=lang, link_of=link_of, stamp=stamp)
        calendar = calendar_of(
            events,
            uid=f"{kind}-{slug}@perhekeskus",
            name=f"{name(lang)} – {_('Perhekeskus')}",
            description=window_in_words(window, bool(events)),
            window=window,
        )
    return calendar_response(calendar, slug=slug, lang=lang)


def calendar_response(calendar: Calendar, *, slug: str, lang: str) -> HttpResponse:
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
    """The dates of one activity as one recurring series (series.py): "add to my calendar"."""
    activity = get_object_or_404(
        Activity.objects.select_related("place__municipality").prefetch_related("organizers"), slug=slug
    )
    today = timezone.localdate()
    try:
        lang = requested_language(request)
        window = feed_window(today, requested_day(request, "start", today=today))
    except BadParameter as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    link = request.build_absolute_uri(reverse("activities:activity_detail", args=[activity.slug]))
    stamp = timezone.now().astimezone(UTC)

    def make_event(occurrence, *, uid, recurrence_id):
        return event_of(occurrence, lang=lang, link=link, stamp=stamp, uid=uid, recurrence_id=recurrence_id)

    with translation.override(lang):
        events = series_events(activity, window, make_event=make_event)
        span = series_span(activity, window) or window
        if events:  # the breaks in words too, not only as gaps in the series
            pauses = [pause_in_words(*pause) for pause in pauses_between(activity, *span)]
            lines = [str(events[0].pop("description", "")), *pauses]
            events[0].add("description", "\n".join(line for line in lines if line))
        calendar = calendar_of(
            events,
            uid=f"activity-{slug}@perhekeskus",
            name=f"{activity.t('name', lang)} – {_('Perhekeskus')}",
            description=series_in_words(activity, span, bool(events)),
            window=span,
        )
    return calendar_response(calendar, slug=slug, lang=lang)


def series_in_words(activity: Activity, span: tuple[date, date], found: bool) -> str:
    if not found:
        return _("Toiminnan päiviä ei ole kerrottu.")
    return f"{rule_in_words(activity)}, {date_span(*span)}."


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
