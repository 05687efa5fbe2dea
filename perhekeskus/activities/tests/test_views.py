"""The calendar's public pages: the Länsi-Kotka week as the seed schedule, lists with filters, the
activity page, the calendar on the directory's pages, every page in every language, bad input."""

import re
from datetime import UTC, date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from perhekeskus.activities.models import Activity, DateChange
from perhekeskus.activities.tests.test_occurrences import SEED_WEEK

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
LANGUAGES = ("fi", "sv", "en")


def url_in(lang: str, name: str, *args) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def entries(response) -> list[dict]:
    """The occurrences of a page: start (from <time datetime>), title, and the entry's text."""
    found = []
    for classes, block in re.findall(r'<li class="(occurrence[^"]*)">(.*?)</li>', response.content.decode(), re.S):
        start = re.search(r'<time datetime="([^"]+)"', block).group(1)
        title = re.search(r'class="occurrence__title"><a [^>]*>([^<]+)</a>', block)
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", block)).split())
        found.append(
            {
                "start": datetime.fromisoformat(start),
                "title": unescape(title.group(1)) if title else None,
                "text": text,
                "cancelled": "occurrence--cancelled" in classes,
            }
        )
    return found


def week_page(client, day: str, lang: str = "fi"):
    return client.get(url_in(lang, "activities:area_week", "lansi-kotka"), {"week": day})


@pytest.fixture
def on_14_february_2022(monkeypatch):
    """'Now' is Monday 14.2.2022 at 8.00 in Helsinki, inside the Länsi-Kotka season."""
    moment = datetime(2022, 2, 14, 8, 0, tzinfo=HELSINKI)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_the_week_of_14_february_2022_is_exactly_the_seed_schedule(client, demo_data):
    response = week_page(client, "2022-02-16")  # any day of the week

    assert response.status_code == 200
    found = entries(response)
    assert {(e["start"].strftime("%a"), e["start"].strftime("%H:%M"), e["title"]) for e in found} == SEED_WEEK
    assert len(found) == len(SEED_WEEK)
    assert all(e["start"].utcoffset().total_seconds() == 2 * 3600 for e in found)  # EET in February
    page = response.content.decode()
    assert "14.–20.2.2022" in page
    assert "perheohjaaja" in next(
        e["text"] for e in found if e["start"].date() == date(2022, 2, 16) and "Vauva" in e["title"]
    )


def test_the_winter_break_week_shows_none_of_them_but_the_break(client, demo_data):
    response = week_page(client, "2022-02-28")

    assert response.status_code == 200
    assert entries(response) == []
    assert "Talviloma 28.2.–4.3.2022: ei toimintaa" in response.content.decode()


def test_the_season_notes_are_shown_with_the_week(client, demo_data):
    assert "Muutokset mahdollisia!" in week_page(client, "2022-02-14").content.decode()


def test_an_empty_week_points_to_the_published_seasons(client, demo_data):
    page = week_page(client, "2023-06-05").content.decode()

    assert entries(week_page(client, "2023-06-05")) == []
    assert "?week=2022-01-10" in page


def test_a_week_after_the_season_says_that_it_ended_and_no_next_one_is_published(client, demo_data):
    page = unescape(week_page(client, "2022-04-04").content.decode())

    assert "Kausi päättyi 31.3.2022. Seuraavaa kautta ei ole vielä julkaistu." in page


def test_the_season_s_last_week_says_when_it_ends_and_a_week_before_it_when_it_begins(client, demo_data, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 1, 3, 12, tzinfo=HELSINKI))

    assert "Kausi päättyy 31.3.2022." in unescape(week_page(client, "2022-03-28").content.decode())
    assert "Kausi alkaa 10.1.2022." in unescape(week_page(client, "2022-01-03").content.decode())
    assert "Kausi " not in unescape(week_page(client, "2022-02-14").content.decode())


def test_the_swedish_week_after_the_season_says_it_in_swedish(client, demo_data):
    page = unescape(week_page(client, "2022-04-04", lang="sv").content.decode())

    assert "Säsongen slutade 31.3.2022. Nästa säsong har inte publicerats ännu." in page


def test_an_ended_activity_s_page_says_its_season_ended(client, demo_data):
    page = unescape(client.get("/activities/lansi-kotka-vauvakerho-ma/").content.decode())

    assert "Kausi päättyi 31.3.2022." in page
    assert "Seuraavan kahdeksan viikon aikana ei ole kertoja." not in page


def test_an_activity_s_page_says_when_its_season_ends_or_begins(client, demo_data, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 3, 1, 12, tzinfo=HELSINKI))
    ending = unescape(client.get("/activities/lansi-kotka-vauvakerho-ma/").content.decode())
    monkeypatch.setattr(timezone, "now", lambda: datetime(2021, 12, 1, 12, tzinfo=HELSINKI))
    beginning = unescape(client.get("/activities/lansi-kotka-vauvakerho-ma/").content.decode())

    assert "Kausi päättyy 31.3.2022." in ending and "Talviloma 28.2.–4.3.2022: ei toimintaa" in ending
    assert "Kausi alkaa 10.1.2022." in beginning


def test_a_cancelled_date_is_kept_struck_through_with_its_reason(client, demo_data):
    activity = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 14), cancelled=True, note_fi="Vetäjä sairastui")

    found = entries(week_page(client, "2022-02-14"))

    (cancelled,) = [e for e in found if e["cancelled"]]
    assert cancelled["title"] == "Vauvakerho" and cancelled["start"].date() == date(2022, 2, 14)
    assert re.search(r"Peruttu ?: Vetäjä sairastui", cancelled["text"])
    assert len(found) == len(SEED_WEEK)


def test_week_navigation_links_and_today(client, demo_data):
    page = week_page(client, "2022-02-14").content.decode()

    assert 'href="?week=2022-02-07" rel="prev"' in page
    assert 'href="?week=2022-02-21" rel="next"' in page
    assert 'href="/calendar/lansi-kotka/"' in page  # Tänään: this week
    assert f"{reverse('activities:area_poster', args=['lansi-kotka'])}?week=2022-02-14" in page
    assert "Tulosta juliste (PDF)" in page and "Tilaa kalenteri (iCal)" in page


def test_no_link_past_the_calendar_s_first_year(client, demo_data):
    page = week_page(client, "2000-01-05").content.decode()

    assert 'rel="prev"' not in page and 'rel="next"' in page


def test_without_a_week_the_page_shows_this_week_with_today_marked(client, demo_data, on_14_february_2022):
    response = client.get("/calendar/lansi-kotka/")

    assert len(entries(response)) == len(SEED_WEEK)
    assert "week__day--today" in response.content.decode()


def test_the_pages_link_their_calendar_feed(client, demo_data):
    alternate = '<link rel="alternate" type="text/calendar" href="{}"'
    week = week_page(client, "2022-02-14").content.decode()
    activity = client.get("/activities/lansi-kotka-vauvakerho-ma/").content.decode()

    assert alternate.format(reverse("activities:area_ical", args=["lansi-kotka"])) in week
    assert alternate.format(reverse("activities:activity_ical", args=["lansi-kotka-vauvakerho-ma"])) in activity


def test_the_index_lists_the_areas_with_activities(client, demo_data):
    page = client.get("/calendar/").content.decode()

    assert 'href="/calendar/lansi-kotka/"' in page
    assert 'href="/calendar/kemin-perhekeskus/"' in page
    assert 'href="/calendar/kotka/"' not in page  # no activities of its own or at its places


def test_the_activity_page_says_when_in_words_and_lists_coming_dates(client, demo_data, on_14_february_2022):
    response = client.get("/activities/lansi-kotka-vauvakerho-ma/")
    page = response.content.decode()

    assert response.status_code == 200
    assert "Maanantaisin klo 12.30–15.00" in page
    assert "10.1.–31.3.2022" in page
    assert "Maksuton" in page and "Langinkosken kirkko" in page and "openstreetmap.org" in page
    dates = [e["start"].date() for e in entries(response)]
    # 14.2. to the season's end 31.3., less the winter break week.
    assert dates == [date(2022, 2, 14), date(2022, 2, 21), date(2022, 3, 7), *(date(2022, 3, d) for d in (14, 21, 28))]
    assert "Talviloma 28.2.–4.3.2022: ei toimintaa" in page


def test_the_activity_page_marks_a_cancelled_date(client, demo_data, on_14_february_2022):
    activity = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 21), cancelled=True, note_fi="Kirkossa remontti")

    found = entries(client.get("/activities/lansi-kotka-vauvakerho-ma/"))

    assert [e["start"].date() for e in found if e["cancelled"]] == [date(2022, 2, 21)]
    assert "Kirkossa remontti" in next(e["text"] for e in found if e["cancelled"])


def test_an_activity_without_known_dates_says_so(client, demo_data):
    page = client.get("/activities/lauantaipajat-syksy-2021/").content.decode()

    assert "Päiviä ei ole kerrottu" in page
    assert entries(client.get("/activities/lauantaipajat-syksy-2021/")) == []


def test_today_and_this_week_list_every_area_s_occurrences(client, demo_data, on_14_february_2022):
    today = entries(client.get("/calendar/today/"))
    week = entries(client.get("/calendar/this-week/"))

    assert {e["title"] for e in today} == {"Avoin päivä", "Vauvakerho"}
    assert {e["start"].date() for e in today} == {date(2022, 2, 14)}
    # The Länsi-Kotka week and Kemi's open art activity on Wednesday (open-ended since 2021).
    assert len(week) == len(SEED_WEEK) + 1
    assert "Avoin taidetoiminta alle kouluikäisille" in {e["title"] for e in week}


def test_today_at_midday_lists_only_what_is_still_to_come_or_under_way(client, demo_data, monkeypatch):
    # Tuesday 15.2.2022 at 12.00 in Helsinki (10.00 UTC): the family club (9.00–11.00) and the MLL
    # family café (9.30–11.30) are over; the open afternoon (12.30) and the evening club (17.00) to come.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 2, 15, 10, 0, tzinfo=UTC))

    today = entries(client.get("/calendar/today/"))
    assert sorted((e["title"], e["start"].hour) for e in today) == [("Avoin iltapäivä", 12), ("Perhekerho", 17)]
    assert len(entries(client.get("/calendar/this-week/"))) == len(SEED_WEEK) + 1  # the week keeps them all


def test_today_after_the_last_activity_says_that_today_s_is_over(client, demo_data, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 2, 14, 15, 0, tzinfo=HELSINKI))
    response = client.get("/calendar/today/")

    assert entries(response) == []
    assert "Tämän päivän toiminta on jo päättynyt." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"organizer": "mll-kotkan-paikallisyhdistys"}, {"MLL perhekahvila"}),
        ({"place": "langinkosken-kirkko"}, {"Vauvakerho", "Kirkkomuskari"}),
        ({"target_group": "babies"}, {"Vauvakerho", "Vauvatapaaminen"}),
        ({"area": "kemin-perhekeskus"}, {"Avoin taidetoiminta alle kouluikäisille"}),
        ({"area": "lansi-kotka", "age": "5"}, {title for _, _, title in SEED_WEEK} - {"Vauvakerho", "Vauvatapaaminen"}),
    ],
)
def test_the_week_list_filters(client, demo_data, on_14_february_2022, params, titles):
    response = client.get("/calendar/this-week/", params)

    assert response.status_code == 200
    assert {e["title"] for e in entries(response)} == titles


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/calendar/lansi-kotka/", {"week": "viikko7"}, "VVVV-KK-PP"),
        ("/calendar/lansi-kotka/", {"week": "2022-02-30"}, "VVVV-KK-PP"),
        ("/calendar/lansi-kotka/", {"week": "99999-01-01"}, "VVVV-KK-PP"),
        ("/calendar/lansi-kotka/", {"week": "1999-12-31"}, "2000–2099"),
        ("/calendar/lansi-kotka/", {"week": "2100-01-04"}, "2000–2099"),
        ("/calendar/lansi-kotka/", {"week": "2022-02-14\x00"}, "VVVV-KK-PP"),
        ("/calendar/today/", {"target_group": "unicorns"}, "Tuntematon kohderyhmä"),
        ("/calendar/today/", {"organizer": "nobody"}, "Tuntematon järjestäjä"),
        ("/calendar/today/", {"place": "x\x00y"}, "Tuntematon paikka"),
        ("/calendar/this-week/", {"area": "atlantis"}, "Tuntematon kunta tai alue"),
        ("/calendar/this-week/", {"age": "abc"}, "kokonaislukuna"),
        ("/calendar/this-week/", {"age": "-1"}, "vähintään"),
    ],
)
def test_bad_parameters_are_400_with_a_message(client, demo_data, url, params, message):
    response = client.get(url, params)

    assert response.status_code == 400
    assert message in unescape(response.content.decode())


def test_bad_week_message_in_swedish_page(client, demo_data):
    response = client.get("/sv/calendar/lansi-kotka/", {"week": "x"})

    assert response.status_code == 400 and '<html lang="sv">' in response.content.decode()


@pytest.mark.parametrize("url", ["/calendar/atlantis/", "/activities/no-such-activity/", "/sv/calendar/atlantis/"])
def test_unknown_slugs_are_404(client, demo_data, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_calendar_page_answers_200_in_every_language(client, demo_data, lang):
    urls = [url_in(lang, name) for name in ("activities:index", "site:calendar_today", "site:calendar_this_week")]
    urls += [url_in(lang, "activities:area_week", slug) for slug in ("lansi-kotka", "kemin-perhekeskus", "kotka")]
    urls += [
        url_in(lang, "activities:area_week", "lansi-kotka") + f"?week={day}" for day in ("2022-02-14", "2022-02-28")
    ]
    urls += [
        url_in(lang, "activities:activity_detail", slug) for slug in Activity.objects.values_list("slug", flat=True)
    ]
    urls += [url_in(lang, "site:location_detail", "velhon-paivakoti-avoin")]
    urls += [url_in(lang, "site:organization_detail", "kotkan-avoin-varhaiskasvatus")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.content.decode(), url


def test_the_place_page_shows_its_coming_two_weeks(client, demo_data, on_14_february_2022):
    response = client.get("/places/velhon-paivakoti-avoin/")
    found = entries(response)

    assert "Avoin toiminta seuraavat kaksi viikkoa" in response.content.decode()
    assert {e["title"] for e in found} == {"Avoin päivä", "Avoin iltapäivä", "Vauvatapaaminen"}
    assert min(e["start"].date() for e in found) == date(2022, 2, 14)
    assert max(e["start"].date() for e in found) == date(2022, 2, 25)  # 14 days; the break starts 28.2.
    feed = '<link rel="alternate" type="text/calendar" href="/places/velhon-paivakoti-avoin/calendar.ics">'
    assert feed in response.content.decode()


def test_the_organiser_page_shows_its_coming_two_weeks(client, demo_data, on_14_february_2022):
    response = client.get("/organizations/kotkan-avoin-varhaiskasvatus/")
    found = entries(response)

    assert {e["title"] for e in found} == {"Avoin päivä", "Avoin iltapäivä", "Vauvakerho", "Vauvatapaaminen"}
    assert reverse("activities:organizer_ical", args=["kotkan-avoin-varhaiskasvatus"]) in response.content.decode()


def test_outside_a_season_the_place_page_lists_the_activities_instead(client, demo_data, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 6, 1, 12, tzinfo=HELSINKI))
    page = client.get("/places/velhon-paivakoti-avoin/").content.decode()

    assert "Seuraavan kahden viikon aikana ei ole avointa toimintaa." in page
    assert 'href="/activities/lansi-kotka-avoin-paiva-ma/"' in page


def test_a_place_without_activities_has_no_calendar_section(client, demo_data):
    page = client.get("/places/huvikumpu/").content.decode()
    other = client.get("/places/jappilan-koulu/").content.decode()

    assert "upcoming-heading" in page and "upcoming-heading" in other
    assert "upcoming-heading" not in client.get(f"/places/{_place_without_activities()}/").content.decode()


def _place_without_activities() -> str:
    from perhekeskus.directory.models import Location

    return Location.objects.filter(activities__isnull=True).order_by("slug").values_list("slug", flat=True)[0]


def test_the_navigation_links_the_calendar(client, demo_data):
    assert 'href="/calendar/"' in client.get("/").content.decode()


def test_the_place_note_is_in_the_page_s_language(client, demo_data):
    swedish = unescape(client.get("/sv/activities/lansi-kotka-liikkuva-luontoperhekerho-to/").content.decode())
    finnish = unescape(client.get("/activities/lansi-kotka-liikkuva-luontoperhekerho-to/").content.decode())

    assert '<p class="hint" lang="sv">Langinkoski kyrka – platsen varierar!' in swedish
    assert "paikka vaihtelee" not in swedish
    assert '<p class="hint" lang="fi">Langinkosken kirkko – paikka vaihtelee!' in finnish
