"""An activity's season as one recurring event (RFC 5545 RRULE): its own .ics, "add to my calendar".

A family that adds one activity gets one series it can remove whole, not dozens of separate
events. The series is written from what `occurrences()` computes, so that a calendar app that
expands it gets exactly the dates the web page shows:

- DTSTART (with TZID=Europe/Helsinki, so that the wall-clock time holds over the DST changes) is
  the rule's first date; the RRULE is the activity's own (FREQ, INTERVAL, BYDAY, BYSETPOS) with
  UNTIL at the end of its validity;
- every date the rule yields but the calendar leaves out (the area's season breaks, the activity's
  own pauses, public holidays) and every cancelled date is an EXDATE with the same TZID. The reason
  of a cancellation is on the activity's page, which the event links to; an EXDATE carries no text;
- a date with other times or with special content (a guest's visit) is an override: a VEVENT with
  the same UID and RECURRENCE-ID of the date's usual start.

An open-ended activity (no last day) is written for the feed window (feeds.feed_window), as the
area feeds are: its holidays and breaks are known only that far, and the app's next refresh moves
the series on.
"""

from datetime import UTC, date, datetime, timedelta

from django.utils.timezone import get_default_timezone
from icalendar import Event, vRecur

from .models import Activity
from .occurrences import MAX_WINDOW_DAYS, Occurrence, occurrences
from .recurrence import rule_dates


def series_span(activity: Activity, window: tuple[date, date]) -> tuple[date, date] | None:
    """The days the series covers: the whole validity, or `window` for an open-ended activity."""
    if not activity.dates_known:
        return None
    if activity.valid_to is not None:
        return activity.valid_from, activity.valid_to
    first, last = max(activity.valid_from, window[0]), window[1]
    return (first, last) if first <= last else None


def season_occurrences(activity: Activity, first: date, last: date) -> list[Occurrence]:
    """The activity's occurrences in [first, last], in pieces of at most MAX_WINDOW_DAYS days."""
    found: list[Occurrence] = []
    start = first
    while start <= last:
        end = min(last, start + timedelta(days=MAX_WINDOW_DAYS - 1))
        found.extend(occurrences(Activity.objects.filter(pk=activity.pk), start, end))
        start = end + timedelta(days=1)
    return found


def usual_start(activity: Activity, day: date) -> datetime:
    return datetime.combine(day, activity.starts_at, tzinfo=get_default_timezone())


def recurrence_rule(activity: Activity, until: datetime) -> vRecur:
    """The activity's rule in RFC 5545 terms; UNTIL in UTC, as a DTSTART with TZID asks."""
    rule = vRecur(freq=activity.freq.upper(), interval=activity.interval, wkst="MO")
    if activity.weekdays:
        rule["byday"] = [day.upper() for day in activity.weekdays]  # mo -> MO, as RFC 5545 writes them
    if activity.bysetpos is not None:
        rule["bysetpos"] = activity.bysetpos
    rule["until"] = until.astimezone(UTC)
    return rule


def series_events(activity: Activity, window: tuple[date, date], *, make_event) -> list[Event]:
    """The series of `activity` as VEVENTs: the master with RRULE and EXDATEs, then the overrides.

    `make_event(occurrence, uid=..., recurrence_id=...)` writes one VEVENT (feeds.event_of): the
    master from the first date's usual occurrence, an override from its changed occurrence."""
    span = series_span(activity, window)
    if span is None:
        return []
    dates = rule_dates(activity, *span)
    if not dates:
        return []
    found = {o.date: o for o in season_occurrences(activity, *span)}
    first, last = dates[0], dates[-1]
    uid = f"{activity.slug}@perhekeskus"
    usual = Occurrence(
        activity=activity,
        date=first,
        start=usual_start(activity, first),
        end=datetime.combine(first, activity.ends_at, tzinfo=get_default_timezone()),
    )
    master = make_event(usual, uid=uid, recurrence_id=None)
    master.add("rrule", recurrence_rule(activity, usual_start(activity, last)))
    left_out = [day for day in dates if day not in found or found[day].cancelled]
    if left_out:
        master.add("exdate", [usual_start(activity, day) for day in left_out])
    overrides = [
        make_event(occurrence, uid=uid, recurrence_id=usual_start(activity, day))
        for day, occurrence in sorted(found.items())
        if not occurrence.cancelled and (occurrence.moved or occurrence.note)
    ]
    return [master, *overrides]
