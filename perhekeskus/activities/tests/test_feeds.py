"""The iCalendar feeds read back with an independent parser (recurring-ical-events), and the Atom feed."""

from datetime import date, time, timedelta
from xml.etree import ElementTree

import pytest
import recurring_ical_events
from django.utils import timezone
from icalendar import Calendar

from perhekeskus.activities.feeds import feed_window
from perhekeskus.activities.models import Activity, DateChange
from perhekeskus.activities.occurrences import occurrences
from perhekeskus.activities.tests.test_occurrences import SEED_WEEK, make
from perhekeskus.directory.models import Area, Location, Organization

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = {
    "area": ("/calendar/{}.ics", "lansi-kotka"),
    "activity": ("/activities/{}.ics", "lansi-kotka-vauvakerho-ma"),
    "place": ("/places/{}/calendar.ics", "velhon-paivakoti-avoin"),
    "organizer": ("/organizations/{}/calendar.ics", "kotka-kymin-seurakunta"),
}


def feed_events(client, url: str, first: date, last: date) -> list:
    """The events of the feed at `url` from `first` to `last` (inclusive), as the parser expands them."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    calendar = Calendar.from_ical(response.content)
    return recurring_ical_events.of(calendar).between(first, last + timedelta(days=1))


def as_rows(events) -> set[tuple[str, str, str]]:
    return {(e.start.strftime("%a"), e.start.strftime("%H:%M"), str(e["SUMMARY"])) for e in events}


def test_the_area_feed_for_the_week_of_14_february_2022_is_the_seed_schedule(client, demo_data):
    events = feed_events(client, "/calendar/lansi-kotka.ics?start=2022-01-31", date(2022, 2, 14), date(2022, 2, 20))

    assert as_rows(events) == SEED_WEEK
    assert len(events) == len(SEED_WEEK)
    model = occurrences(
        Activity.objects.in_area(Area.objects.get(slug="lansi-kotka")), date(2022, 2, 14), date(2022, 2, 20)
    )
    assert sorted((str(e["UID"]), e.start, e.end) for e in events) == sorted((o.uid, o.start, o.end) for o in model)
    assert all(str(e.start.tzinfo) == "Europe/Helsinki" for e in events)


def test_the_area_feed_has_none_of_them_in_the_winter_break(client, demo_data):
    assert feed_events(client, "/calendar/lansi-kotka.ics?start=2022-01-31", date(2022, 2, 28), date(2022, 3, 6)) == []


def test_the_events_carry_place_organisers_the_day_s_note_and_a_link(client, demo_data):
    events = feed_events(client, "/calendar/lansi-kotka.ics?start=2022-01-31", date(2022, 2, 16), date(2022, 2, 16))

    (visit,) = [e for e in events if str(e["SUMMARY"]) == "Vauvatapaaminen"]
    assert "Ututie 2" in str(visit["LOCATION"])
    assert "perheohjaaja" in str(visit["DESCRIPTION"])
    assert "Avoin varhaiskasvatus (Kotka)" in str(visit["DESCRIPTION"])
    assert str(visit["URL"]).endswith("/activities/lansi-kotka-vauvatapaaminen-ke/")
    assert str(visit["STATUS"]) == "CONFIRMED"


def test_a_cancelled_occurrence_stays_in_the_feed_as_cancelled(client, demo_data):
    activity = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 14), cancelled=True, note_fi="Vetäjä sairas")

    events = feed_events(client, "/calendar/lansi-kotka.ics?start=2022-01-31", date(2022, 2, 14), date(2022, 2, 14))

    (cancelled,) = [e for e in events if str(e["UID"]) == "lansi-kotka-vauvakerho-ma-20220214@perhekeskus"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Vetäjä sairas" in str(cancelled["DESCRIPTION"])
    assert "Vauvakerho" in str(cancelled["SUMMARY"])
    assert len(events) == 2  # Avoin päivä runs as usual


def test_the_feed_leaves_out_easter_monday_unless_the_activity_runs_on_holidays(client, db):
    make(slug="pyhat-pois")  # Mondays in 2026; Easter Monday is 6.4.2026
    make(slug="pyhat-mukana", skip_public_holidays=False)

    skipping = feed_events(client, "/activities/pyhat-pois.ics?start=2026-03-01", date(2026, 3, 30), date(2026, 4, 13))
    running = feed_events(client, "/activities/pyhat-mukana.ics?start=2026-03-01", date(2026, 3, 30), date(2026, 4, 13))

    assert [e.start.date() for e in skipping] == [date(2026, 3, 30), date(2026, 4, 13)]
    assert [e.start.date() for e in running] == [date(2026, 3, 30), date(2026, 4, 6), date(2026, 4, 13)]


@pytest.mark.parametrize("kind", ["place", "organizer"])
def test_the_place_and_organizer_feeds_match_the_model(client, demo_data, kind):
    pattern, slug = FEEDS[kind]
    if kind == "place":
        activities = Activity.objects.filter(place=Location.objects.get(slug=slug))
    else:
        activities = Activity.objects.filter(organizers=Organization.objects.get(slug=slug))

    events = feed_events(client, pattern.format(slug) + "?start=2022-01-31", date(2022, 2, 7), date(2022, 3, 13))

    model = occurrences(activities, date(2022, 2, 7), date(2022, 3, 13))
    assert model
    assert sorted((str(e["UID"]), e.start, str(e["SUMMARY"])) for e in events) == sorted(
        (o.uid, o.start, o.title) for o in model
    )


def test_the_feed_speaks_the_language_of_the_url_or_of_lang(client, demo_data):
    first, last = date(2022, 2, 14), date(2022, 2, 14)

    swedish = feed_events(client, "/sv/calendar/lansi-kotka.ics?start=2022-01-31", first, last)
    english = feed_events(client, "/calendar/lansi-kotka.ics?start=2022-01-31&lang=en", first, last)

    assert {str(e["SUMMARY"]) for e in swedish} == {"Öppen dag", "Babyklubb"}
    assert {str(e["SUMMARY"]) for e in english} == {"Open day", "Baby club"}
    assert all("/sv/activities/" in str(e["URL"]) for e in swedish)


def test_the_default_window_is_four_weeks_back_and_26_ahead(client, db):
    today = timezone.localdate()
    make(slug="joka-paiva", byday="mo,tu,we,th,fr,sa,su", valid_from=today - timedelta(days=60), valid_to=None)

    events = feed_events(client, "/activities/joka-paiva.ics", today - timedelta(days=100), today + timedelta(days=300))

    days = sorted(e.start.date() for e in events)
    assert (days[0], days[-1]) == feed_window(today)
    assert feed_window(date(2026, 5, 1)) == (date(2026, 4, 3), date(2026, 10, 30))


@pytest.mark.parametrize("kind", sorted(FEEDS))
def test_each_feed_of_a_known_slug_is_a_calendar(client, demo_data, kind):
    pattern, slug = FEEDS[kind]

    response = client.get(pattern.format(slug) + "?start=2022-01-31")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.ics"'
    calendar = Calendar.from_ical(response.content)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Helsinki"]
    assert calendar.get_missing_tzids() == set()
    assert str(calendar["X-WR-CALNAME"])
    assert calendar.events and all("DTSTAMP" in e and "UID" in e for e in calendar.events)
    assert b"DTSTART;TZID=Europe/Helsinki:" in response.content


@pytest.mark.parametrize("kind", sorted(FEEDS))
def test_each_feed_of_an_unknown_slug_is_not_found(client, demo_data, kind):
    pattern, _slug = FEEDS[kind]

    assert client.get(pattern.format("ei-ole-olemassa")).status_code == 404


@pytest.mark.parametrize("query", ["start=2022-02-30", "start=huomenna", "start=1900-01-01", "lang=de"])
def test_a_bad_start_or_language_is_a_bad_request(client, demo_data, query):
    response = client.get(f"/calendar/lansi-kotka.ics?{query}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content


def test_the_changes_feed_is_atom_and_lists_a_cancellation_first(client, demo_data):
    activity = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 14), cancelled=True, note_fi="Vetäjä sairas")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 21), starts_at=time(13), ends_at=time(15))

    response = client.get("/calendar/changes.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles[0] == "Peruttu: Vauvakerho 14.2.2022"
    assert "Vetäjä sairas" in entries[0].findtext(f"{ATOM}summary")
    assert sum(title.startswith("Peruttu") for title in titles) == 1  # the moved date is no cancellation
    assert "Uusi toiminta: Vauvakerho" in titles
    assert 1 < len(entries) <= 50
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == len(entries)


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.mark.parametrize(
    ("url", "lang"),
    [
        ("/calendar/changes.atom", "fi"),
        ("/sv/calendar/changes.atom", "sv"),
        ("/en/calendar/changes.atom", "en"),
        ("/calendar/changes.atom?lang=sv", "sv"),
    ],
)
def test_the_changes_feed_says_its_language(client, demo_data, url, lang):
    response = client.get(url)

    assert response.status_code == 200
    assert ElementTree.fromstring(response.content).get(XML_LANG) == lang


def series_of(client, slug: str) -> tuple[bytes, list]:
    """An activity's own feed, and its events as the parser expands them over a wide span."""
    response = client.get(f"/activities/{slug}.ics")
    assert response.status_code == 200, response.content
    calendar = Calendar.from_ical(response.content)
    return response.content, recurring_ical_events.of(calendar).between(date(2000, 1, 1), date(2100, 1, 1))


def test_each_activity_s_feed_is_one_series_that_expands_to_the_dates_of_its_season(client, demo_data):
    vauvakerho = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=vauvakerho, date=date(2022, 2, 14), cancelled=True, note_fi="Vetäjä sairas")
    DateChange.objects.create(activity=vauvakerho, date=date(2022, 2, 21), starts_at=time(13), ends_at=time(15))
    checked = 0
    window = feed_window(timezone.localdate())
    for activity in Activity.objects.all():
        if not activity.dates_known:
            continue
        content, events = series_of(client, activity.slug)
        # The whole season; an open-ended activity (Kemi's open art, since 2021) over the feed window.
        first, last = (activity.valid_from, activity.valid_to) if activity.valid_to else window
        model = occurrences(Activity.objects.filter(pk=activity.pk), max(first, activity.valid_from), last)
        shown = [o for o in model if not o.cancelled]

        assert [(e.start, e.end) for e in events] == [(o.start, o.end) for o in shown], activity.slug
        assert len({str(e["UID"]) for e in events}) == 1
        for event, occurrence in zip(events, shown, strict=True):
            assert (occurrence.note in str(event.get("DESCRIPTION", ""))) or not occurrence.note
        calendar = Calendar.from_ical(content)
        masters = [e for e in calendar.events if "RRULE" in e]
        assert len(masters) == 1
        assert all("RECURRENCE-ID" in e for e in calendar.events if "RRULE" not in e)
        checked += 1
    assert checked == 13  # the demo data's activities whose days are known: 12 of Länsi-Kotka, 1 of Kemi


def test_a_series_leaves_out_the_break_and_a_cancellation_and_overrides_a_guest_visit(client, demo_data):
    activity = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 14), cancelled=True, note_fi="Vetäjä sairas")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 21), starts_at=time(13), note_fi="Vieras")

    content, events = series_of(client, activity.slug)

    text = content.decode()
    assert "RRULE:FREQ=WEEKLY;" in text and "BYDAY=MO" in text
    assert "EXDATE;TZID=Europe/Helsinki:" in text
    for left_out in ("20220214T123000", "20220228T123000"):  # cancelled; the winter break
        assert left_out in text
        assert all(e.start.date() != date.fromisoformat(left_out[:8]) for e in events)
    assert "RECURRENCE-ID;TZID=Europe/Helsinki:20220221T123000" in text
    (guest,) = [e for e in events if e.start.date() == date(2022, 2, 21)]
    assert guest.start.time() == time(13) and "Vieras" in str(guest["DESCRIPTION"])
    # The wall-clock time holds over the change to summer time on 27.3.2022.
    assert {e.start.time() for e in events if e.start.date() != date(2022, 2, 21)} == {time(12, 30)}
    assert events[-1].start.date() == date(2022, 3, 28)
    (master,) = [e for e in Calendar.from_ical(content).events if "RRULE" in e]
    assert "Talviloma 28.2.–4.3.2022: ei toimintaa" in str(master["DESCRIPTION"])  # the break in words


def test_an_area_feed_whose_window_is_empty_says_there_is_nothing(client, demo_data):
    response = client.get("/calendar/lansi-kotka.ics")  # the demo season is of 2022

    calendar = Calendar.from_ical(response.content)
    assert calendar.events == []
    first, last = feed_window(timezone.localdate())
    assert f"{first:%-d.%-m.%Y}–{last:%-d.%-m.%Y}" in str(calendar["X-WR-CALDESC"])
    assert "ei ole merkitty toimintaa" in str(calendar["X-WR-CALDESC"])
    assert str(calendar["DESCRIPTION"]) == str(calendar["X-WR-CALDESC"])


def test_an_area_feed_whose_window_is_empty_moves_on_to_the_next_activity(client, demo_data):
    later = timezone.localdate() + timedelta(weeks=40)
    activity = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    activity.valid_from, activity.valid_to = later, later + timedelta(weeks=8)
    activity.save()

    calendar = Calendar.from_ical(client.get("/calendar/lansi-kotka.ics").content)

    events = recurring_ical_events.of(calendar).between(later, later + timedelta(weeks=9))
    starts = sorted(e.start.date() for e in events)
    assert starts and later <= starts[0] < later + timedelta(days=7)
    assert {str(e["SUMMARY"]) for e in calendar.events} == {"Vauvakerho"}
    assert "ei ole merkitty" not in str(calendar["X-WR-CALDESC"])
    assert f"{later:%-d.%-m.%Y}" in str(calendar["X-WR-CALDESC"])
