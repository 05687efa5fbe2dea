"""The professionals' guide walked route by route, as a person clicks it, at given moments: every
action shows the number and hours of the data and whether the line is open then."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from perhekeskus.pathways import guide
from perhekeskus.pathways.models import Action, Pathway

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
GUIDE = "ammattilaisen-palvelupolku-2023"
SERVICE_GUIDANCE = "050 370 7951"  # weekdays 9–11 and 12–15
PSYCHIATRIC = "040 774 3891"  # weekdays 8–13.30

# moment -> (service guidance open?, psychiatric service guidance open?)
MOMENTS = {
    "weekday inside both": (datetime(2026, 11, 24, 10, 0, tzinfo=HELSINKI), True, True),
    "weekday lunch gap": (datetime(2026, 11, 24, 11, 30, tzinfo=HELSINKI), False, True),
    "weekday afternoon": (datetime(2026, 11, 24, 14, 0, tzinfo=HELSINKI), True, False),
    "weekday evening": (datetime(2026, 11, 24, 18, 0, tzinfo=HELSINKI), False, False),
    "christmas day, a friday": (datetime(2026, 12, 25, 10, 0, tzinfo=HELSINKI), False, False),
    "saturday": (datetime(2026, 11, 28, 10, 0, tzinfo=HELSINKI), False, False),
}


def phone_blocks(html: str) -> dict[str, str]:
    return {
        re.search(r'class="path-phone__number"[^>]*>([^<]+)<', block)[1].strip(): block
        for block in re.findall(r'<div class="path-phone">(.*?)</div>', html, re.S)
    }


def walk(client, pathway, route):
    """Follow the route by the links of the pages, as a person would; the pages by step key."""
    url, pages = f"/paths/{pathway.slug}/{route[0]}/", {}
    for index, key in enumerate(route):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        pages[key] = html
        if index + 1 < len(route):
            link = re.search(rf'href="(/paths/{pathway.slug}/{route[index + 1]}/\?via=[^"]*)"', html)
            assert link, f"no link from {key} to {route[index + 1]}"
            url = link[1].replace("&amp;", "&")
    return pages


def check_lines(html: str, key: str, moment: str, pathway: Pathway) -> set[str]:
    """Every action of step `key` shows its numbers as tel: links, the two lines of the data with
    their hours and whether they are open at `moment`; the numbers of those two lines it shows."""
    _at, guidance_open, psychiatric_open = MOMENTS[moment]
    expected_open = {SERVICE_GUIDANCE: guidance_open, PSYCHIATRIC: psychiatric_open}
    seen = set()
    for action in Action.objects.filter(step__pathway=pathway, step__key=key).exclude(phone=""):
        blocks = phone_blocks(html)
        for number in (n.strip() for n in action.phone.split("/")):
            assert number in blocks, (key, number)
            block = blocks[number]
            assert f'href="tel:{number.replace(" ", "")}"' in block
            if number in expected_open:
                seen.add(number)
                state = "Auki nyt" if expected_open[number] else "Suljettu nyt"
                assert state in block, (moment, key, number)
                hours = "ma–pe 9.00–11.00, 12.00–15.00" if number == SERVICE_GUIDANCE else "ma–pe 8.00–13.30"
                assert hours in block, (key, number)
    return seen


def test_every_route_reaches_the_end_and_every_action_shows_its_line_and_state(client, demo_data, monkeypatch):
    """Every route followed by the links of its pages, at a moment when one line is open and the
    other closed; the moments one by one are the next test's."""
    moment = "weekday lunch gap"
    monkeypatch.setattr(timezone, "now", lambda: MOMENTS[moment][0])
    pathway = Pathway.objects.get(slug=GUIDE)
    routes = guide.routes(pathway)
    assert len(routes) >= 8 and all(route[-1] == "kohenee" for route in routes)
    seen = set()
    for route in routes:
        for key, html in walk(client, pathway, route).items():
            seen |= check_lines(html, key, moment, pathway)
    assert seen == {SERVICE_GUIDANCE, PSYCHIATRIC}


@pytest.mark.parametrize("moment", sorted(MOMENTS))
def test_every_step_of_the_routes_shows_whether_its_lines_are_open(client, demo_data, monkeypatch, moment):
    """Each step once per moment: its lines are the same whichever route led to it (the route
    changes only the trail), so walking every route again at every moment would repeat pages."""
    monkeypatch.setattr(timezone, "now", lambda: MOMENTS[moment][0])
    pathway = Pathway.objects.get(slug=GUIDE)
    seen = set()
    for key in sorted({key for route in guide.routes(pathway) for key in route}):
        response = client.get(f"/paths/{pathway.slug}/{key}/")
        assert response.status_code == 200, key
        seen |= check_lines(response.content.decode(), key, moment, pathway)
    assert seen == {SERVICE_GUIDANCE, PSYCHIATRIC}


def test_closed_on_christmas_day_the_line_says_when_it_next_opens(client, demo_data, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MOMENTS["christmas day, a friday"][0])

    html = client.get(f"/paths/{GUIDE}/konsultoi/").content.decode()

    block = phone_blocks(html)[SERVICE_GUIDANCE]
    assert "Suljettu nyt" in block and "avautuu ma 28.12. klo 9.00" in block


def test_reminders_of_the_handbook_are_shown(client, demo_data):
    consult = client.get(f"/paths/{GUIDE}/konsultoi/").content.decode()
    consent = client.get(f"/paths/{GUIDE}/huoli-ilmoitus/").content.decode()
    urgent = client.get(f"/paths/{GUIDE}/kiireellinen/").content.decode()

    assert "kertomatta lapsen henkilöllisyyttä" in consult
    assert consult.index("Tee tämä ensin.") < consult.index("kertomatta lapsen henkilöllisyyttä")  # police first
    assert "perheen suostumuksella" in consent
    assert 'href="tel:0400291141"' in urgent and 'href="tel:112"' in urgent


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/paths/{GUIDE}/ei-ole/", 404),
        (f"/paths/{GUIDE}/%00/", 404),
        ("/paths/ei-polkua/", 404),
        ("/p/ei-ole/", 404),
    ],
)
def test_unknown_steps_and_paths_are_helpful_404s(client, demo_data, path, status):
    response = client.get(path)
    assert response.status_code == status


def test_a_tampered_post_shows_the_step_again_with_a_message(client, demo_data):
    for bad in ("99", "-1", "x", "", "²", "٣"):
        response = client.post(f"/paths/{GUIDE}/lisatuki/", {"choice": bad})
        assert response.status_code == 400
        assert "Valintaa ei tunnistettu" in response.content.decode()
    good = client.post(f"/paths/{GUIDE}/lisatuki/", {"choice": "0"})
    assert good.status_code == 302 and f"/paths/{GUIDE}/hakeutuu-itse/" in good["Location"]


def test_a_tampered_trail_is_dropped_not_trusted(client, demo_data):
    response = client.get(f"/paths/{GUIDE}/kiireellinen/", {"via": "kohenee,saanut-tietoa,<script>"})
    assert response.status_code == 200 and "<script>" not in response.content.decode()
    assert client.get(f"/paths/{GUIDE}/kiireellinen/", {"via": "huoli\x00"}).status_code == 200


def test_a_service_set_not_in_use_drops_out_and_the_admin_hears_of_it(client, demo_data):
    from perhekeskus.directory.models import Service

    Service.objects.filter(slug="poliisin-konsultaatio").update(status=Service.Status.NOT_IN_USE)
    html = client.get(f"/paths/{GUIDE}/konsultoi/").content.decode()

    assert "/services/poliisin-konsultaatio/" not in html
    assert "0295 466 550" in html  # the guide's own number still shows
    assert any(
        "poliisin" in line.lower() or "poli" in line.lower()
        for line in guide.broken_links(Pathway.objects.get(slug=GUIDE))
    )


def test_short_link_leads_to_the_stable_address(client, demo_data):
    pathway = Pathway.objects.get(slug=GUIDE)
    response = client.get(f"/p/{pathway.short}/")
    assert response.status_code == 302 and response["Location"] == f"/paths/{GUIDE}/"


@pytest.mark.parametrize("lang", ["", "/sv", "/en"])
def test_every_page_of_both_paths_answers_in_every_language(client, demo_data, lang):
    for pathway in Pathway.objects.all():
        for url in (f"/paths/{pathway.slug}/", f"/paths/{pathway.slug}/summary/"):
            assert client.get(lang + url).status_code == 200, lang + url
        for step in pathway.steps.all():
            assert client.get(f"{lang}/paths/{pathway.slug}/{step.key}/").status_code == 200


def test_the_printed_summary_of_the_guide_is_one_a4_page_with_every_step(client, demo_data):
    from pathlib import Path

    import weasyprint
    from django.conf import settings

    html = client.get(f"/paths/{GUIDE}/summary/").content.decode()
    static = Path(settings.BASE_DIR, "perhekeskus", "static")
    # The stylesheets the page links; its print styles are in path-summary.css.
    linked = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)">', html)
    assert "perhekeskus/path-summary.css" in linked
    css = [weasyprint.CSS(filename=str(static / name)) for name in linked]
    # Rendered offline: the page's own stylesheet links are left out and given here from disk.
    document = weasyprint.HTML(string=html.replace('rel="stylesheet"', 'rel="ignored"'), media_type="print").render(
        stylesheets=css
    )

    assert len(document.pages) == 1
    pathway = Pathway.objects.get(slug=GUIDE)
    assert html.count('class="path-summary__step"') == pathway.steps.count()
    assert "050 370 7951" in html and "040 774 3891" in html and "0400 291 141" in html


@pytest.mark.parametrize("page", ["", "summary/", "konsultoi/", "jakaa-tietoa/"])
def test_path_pages_take_a_bounded_number_of_queries(client, demo_data, django_assert_max_num_queries, page):
    url = f"/paths/{GUIDE}/{page}" if page else "/paths/perheiden-palvelupolku-2023/"
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_the_guides_pyyda_apua_action_links_to_the_form(client, demo_data):
    html = client.get(f"/paths/{GUIDE}/hakeutuu-itse/").content.decode()
    action = html[html.index('<p lang="fi">Pyydä apua! -nappi</p>') :].split("</li>", 1)[0]
    assert 'href="/pyyda-apua/"' in action
