"""The PDF poster of an area, read back with pypdf: its text, its columns and its one page."""

import io
import re
from datetime import date, time, timedelta
from itertools import takewhile

import pytest
import segno
from django.utils import timezone
from pypdf import PdfReader

from perhekeskus.activities import poster
from perhekeskus.activities.models import Activity, DateChange, Season
from perhekeskus.activities.tests.test_occurrences import SEED_WEEK
from perhekeskus.directory.models import Area

pytestmark = pytest.mark.django_db

POSTER = "/calendar/lansi-kotka/poster.pdf"
SEASON = "lansi-kotka-kevat-2022"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TIME_RANGE = re.compile(r"(\d{1,2})[.:](\d{2})–\d{1,2}[.:]\d{2}")
SEED_TITLES = {title for _day, _time, title in SEED_WEEK}


def pdf(client, url: str) -> PdfReader:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    """The text of the first page with all white space as single spaces."""
    return " ".join(reader.pages[0].extract_text().split())


def entries_of(reader: PdfReader) -> list[tuple[str, str, str]]:
    """(weekday, start, title) of each entry: a time range, then the title in a larger font;
    the weekday from the column, that is the rank of the entry's x position."""
    fragments = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            fragments.append((round(cm[4] + tm[4] * cm[0]), size * tm[0] * cm[0], text.strip()))

    reader.pages[0].extract_text(visitor_text=visit)
    found = []
    for index, (x, size, text) in enumerate(fragments):
        if match := TIME_RANGE.fullmatch(text):
            title = " ".join(t for _x, _size, t in takewhile(lambda f, s=size: f[1] > s, fragments[index + 1 :]))
            found.append((x, f"{int(match[1]):02d}:{match[2]}", title))
    columns = sorted({x for x, _time, _title in found})
    return [(DAYS[columns.index(x)], start, title) for x, start, title in found]


def test_the_poster_of_the_week_of_14_february_2022_shows_the_seed_schedule(client, demo_data):
    reader = pdf(client, f"{POSTER}?week=2022-02-14")

    entries = entries_of(reader)
    assert set(entries) == SEED_WEEK
    assert len(entries) == len(SEED_WEEK)
    assert len(reader.pages) == 1
    text = text_of(reader)
    assert "Länsi-Kotkan perhekeskusalue" in text
    assert "Viikko 7 · 14.–20.2.2022" in text
    assert "Maanantai 14.2." in text and "Perjantai 18.2." in text
    assert "Lauantai" not in text and "Sunnuntai" not in text
    assert "12.30–15.00 Vauvakerho" in text
    assert "Vauvatapaamisessa vierailee neuvolan perheohjaaja." in text
    assert "Langinkosken kirkko, Langinkoskentie 1" in text
    assert "Kotka-Kymin seurakunta" in text
    assert "Talviloma 28.2.–4.3.2022: ei toimintaa" in text
    assert "Suosittelemme maskin käyttöä" in text


def test_any_day_of_a_week_gives_the_poster_of_that_week(client, demo_data):
    response = client.get(f"{POSTER}?week=2022-02-17")

    assert response["Content-Disposition"] == 'inline; filename="lansi-kotka-2022-02-14-fi.pdf"'
    assert "14.–20.2.2022" in text_of(PdfReader(io.BytesIO(response.content)))


def test_the_poster_of_the_winter_break_week_has_none_of_the_activities(client, demo_data):
    reader = pdf(client, f"{POSTER}?week=2022-02-28")

    text = text_of(reader)
    assert entries_of(reader) == []
    assert not TIME_RANGE.search(text)
    assert not any(title in text for title in SEED_TITLES)
    assert "Talviloma 28.2.–4.3.2022: ei toimintaa" in text


def test_a_cancelled_occurrence_is_marked_not_dropped(client, demo_data):
    activity = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=activity, date=date(2022, 2, 14), cancelled=True, note_fi="Vetäjä sairas")

    reader = pdf(client, f"{POSTER}?week=2022-02-14")

    assert ("Mon", "12:30", "Vauvakerho") in entries_of(reader)
    assert "Peruttu: Vetäjä sairas" in text_of(reader)


@pytest.mark.slow(reason="draws two A4 posters with WeasyPrint; a worker that has drawn none yet loads the fonts first")
def test_the_swedish_and_english_posters_have_their_titles(client, demo_data):
    swedish = pdf(client, f"/sv{POSTER}?week=2022-02-14")
    english = pdf(client, f"{POSTER}?week=2022-02-14&lang=en")

    assert ("Mon", "12:30", "Babyklubb") in entries_of(swedish)
    assert len(entries_of(swedish)) == len(SEED_WEEK)
    assert "12:30–15:00 Babyklubb" in text_of(swedish)
    assert "Måndag 14.2." in text_of(swedish)
    assert "Västra Kotka familjecentrumområde" in text_of(swedish)
    assert "Vauvakerho" not in text_of(swedish)
    assert "12:30 p.m.–3 p.m. Baby club" in text_of(english)
    assert "Monday 14 Feb" in text_of(english)


def test_the_season_poster_shows_the_weekly_pattern_with_the_special_dates(client, demo_data):
    reader = pdf(client, f"{POSTER}?season={SEASON}")

    entries = entries_of(reader)
    assert set(entries) == SEED_WEEK and len(entries) == len(SEED_WEEK)
    assert len(reader.pages) == 1
    text = text_of(reader)
    assert "10.1.–31.3.2022" in text
    assert "Maanantai" in text and "Perjantai" in text
    assert "16.2.2022 Vauvatapaamisessa vierailee neuvolan perheohjaaja." in text
    assert "16.3.2022 Vauvatapaamisessa vierailee Baby blues" in text
    assert "6.4.2022" not in text  # a special date after the season's end
    assert "Talviloma 28.2.–4.3.2022: ei toimintaa" in text
    assert "Avointa toimintaa lapsiperheille ja maksutonta." in text


def make_many(area: Area, count: int) -> None:
    for number in range(count):
        Activity.objects.create(
            slug=f"tungos-{number}",
            name_fi=f"Lisäkerho numero {number}",
            area=area,
            byday=("mo", "tu", "we", "th", "fr")[number % 5],
            starts_at=time(8 + number % 10),
            ends_at=time(9 + number % 10),
            valid_from=date(2022, 1, 10),
            valid_to=date(2022, 3, 31),
            place_note="Paikka kerrotaan myöhemmin erikseen ryhmän omalla sivulla.",
        )


def test_a_crowded_week_still_fits_on_one_page(client, demo_data):
    make_many(Area.objects.get(slug="lansi-kotka"), 60)

    reader = pdf(client, f"{POSTER}?week=2022-02-14")

    assert len(reader.pages) == 1
    assert len(entries_of(reader)) == len(SEED_WEEK) + 60


def test_saturday_is_shown_only_when_something_runs_on_it(client, demo_data):
    Activity.objects.create(
        slug="lauantaikerho",
        name_fi="Lauantaikerho",
        area=Area.objects.get(slug="lansi-kotka"),
        byday="sa",
        starts_at=time(10),
        ends_at=time(12),
        valid_from=date(2022, 1, 10),
        valid_to=date(2022, 3, 31),
    )

    text = text_of(pdf(client, f"{POSTER}?week=2022-02-14"))

    assert "Lauantai 19.2. " in text and "Sunnuntai" not in text
    assert "10.00–12.00 Lauantaikerho" in text


def test_without_a_week_the_poster_is_of_this_week(client, demo_data):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())

    response = client.get(POSTER)

    assert response["Content-Disposition"] == f'inline; filename="lansi-kotka-{monday:%Y-%m-%d}-fi.pdf"'
    assert f"Viikko {today.isocalendar().week} ·" in text_of(PdfReader(io.BytesIO(response.content)))


@pytest.mark.parametrize(
    "query",
    [
        "week=2022-13-01",
        "week=ensi-viikko",
        "week=1800-01-01",
        "season=ei-ole",
        "season=muu-alue-2022",
        f"season={SEASON}&week=2022-02-14",
        "lang=de",
    ],
)
def test_bad_input_is_a_bad_request(client, demo_data, query):
    other = Area.objects.exclude(slug="lansi-kotka").exclude(parent__slug="lansi-kotka").first()
    Season.objects.create(
        slug="muu-alue-2022", name_fi="Muu", area=other, valid_from=date(2022, 1, 1), valid_to=date(2022, 5, 31)
    )

    response = client.get(f"{POSTER}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content


def test_an_unknown_area_is_not_found(client, demo_data):
    assert client.get("/calendar/ei-ole/poster.pdf").status_code == 404


def test_a_poster_is_drawn_once_and_drawn_again_when_its_content_changes(client, demo_data, monkeypatch):
    from django.core.cache import cache

    from perhekeskus.activities import poster

    cache.clear()
    drawn = []
    real = poster.render_pdf
    monkeypatch.setattr(poster, "render_pdf", lambda *a, **k: drawn.append(1) or real(*a, **k))
    url = f"{POSTER}?week=2022-02-14"

    first, again = client.get(url).content, client.get(url).content
    assert first == again and len(drawn) == 1

    kerho = Activity.objects.get(slug="lansi-kotka-vauvakerho-ma")
    DateChange.objects.create(activity=kerho, date=date(2022, 2, 14), cancelled=True, note_fi="Vetäjä sairas")
    changed = pdf(client, url)
    assert len(drawn) == 2 and "Vetäjä sairas" in text_of(changed)


@pytest.mark.slow(reason="draws a Swedish and an English A4 poster with WeasyPrint")
@pytest.mark.parametrize(
    ("lang", "labels", "contact", "place_note", "finnish"),
    [
        (
            "sv",
            ("Anordnare: Kotka-Kymi församling", "Plats: Langinkoski kyrka, Langinkoskentie 1"),
            "Mer information av arrangörerna: Kotka-Kymi församling;",
            "Langinkoski kyrka – platsen varierar!",
            "Langinkosken kirkko – paikka vaihtelee!",
        ),
        (
            "en",
            ("Organiser: Kotka-Kymi parish", "Location: Langinkoski church, Langinkoskentie 1"),
            "More information from the organisers: Kotka-Kymi parish;",
            "Langinkoski church – the place varies!",
            "Langinkosken kirkko – paikka vaihtelee!",
        ),
    ],
)
def test_a_poster_labels_organiser_and_place_names_contacts_and_prints_the_site_s_address(
    client, demo_data, settings, lang, labels, contact, place_note, finnish
):
    settings.SITE_URL = "https://perhekeskus.example.fi/"

    text = text_of(pdf(client, f"{POSTER}?week=2022-02-14&lang={lang}"))

    for label in labels:
        assert label in text
    assert contact in text
    assert f"https://perhekeskus.example.fi/{lang}/calendar/lansi-kotka/" in text
    assert "testserver" not in text and "127.0.0.1" not in text
    assert place_note in text and finnish not in text  # the place's note in the poster's language
    assert "Printed" not in text or f"Printed {timezone.localdate():%-d %b %Y}" in text


def test_the_poster_carries_a_qr_code_of_the_live_calendar(demo_data, settings):
    settings.SITE_URL = "https://perhekeskus.example.fi"
    area = Area.objects.get(slug="lansi-kotka")
    link = poster.live_link("/sv/calendar/lansi-kotka/")
    qr = poster.qr_svg(link)

    html = poster.poster_html(
        poster.week_poster(area, date(2022, 2, 14), "sv"), link=link, printed_on=date(2022, 2, 1), font_size=10
    )

    assert link == "https://perhekeskus.example.fi/sv/calendar/lansi-kotka/"
    assert qr.startswith('<svg viewBox="0 0 ') and 'class="qr"' in qr
    assert qr in html  # inline, not escaped
    assert segno.make(link, error="m").svg_inline(omitsize=True, border=0, svgclass="qr") == qr
