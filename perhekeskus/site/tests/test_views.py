"""The public directory pages: every URL in every language, filters with counts, bad input."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from perhekeskus.directory.models import Location, Organization, Service

LANGUAGES = ("fi", "sv", "en")
pytestmark = pytest.mark.django_db


def url_in(lang: str, name: str, *args) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def result_slugs(response) -> list[str]:
    return re.findall(r'href="(?:/(?:sv|en))?/services/([a-z0-9-]+)/"', response.content.decode())


@pytest.mark.slow(reason="renders the page of every demo service, organisation and place, in one language")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_url_answers_200_in_every_language(client, demo_data, lang):
    urls = [
        url_in(lang, name)
        for name in (
            "site:home",
            "site:service_list",
            "site:organization_list",
            "site:location_list",
        )
    ]
    urls += [url_in(lang, "site:service_detail", slug) for slug in Service.objects.values_list("slug", flat=True)]
    urls += [
        url_in(lang, "site:organization_detail", slug) for slug in Organization.objects.values_list("slug", flat=True)
    ]
    urls += [url_in(lang, "site:location_detail", slug) for slug in Location.objects.values_list("slug", flat=True)]
    assert len(urls) > 150
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.content.decode(), url


def test_language_prefixes_and_switcher(client, demo_data):
    assert url_in("fi", "site:service_list") == "/services/"
    assert url_in("sv", "site:service_list") == "/sv/services/"
    page = client.get("/sv/services/lastenneuvola/").content.decode()
    assert 'href="/en/services/lastenneuvola/" lang="en"' in page
    assert 'href="/services/lastenneuvola/" lang="fi"' in page
    assert "Barnrådgivning" in page or "rådgivning" in page.lower()


def test_swedish_page_marks_finnish_fallback_text_with_lang(client, demo_data):
    service = Service.objects.get(slug="lastenneuvola")
    service.name_sv = ""
    service.save()
    page = client.get("/sv/services/lastenneuvola/").content.decode()
    assert f'<h1 lang="fi">{service.name_fi}</h1>' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("neuvolaan", {"lastenneuvola", "aitiysneuvola"}),
        ("perhekahvilat", {"avoimet-perhekahvilat", "jukola-kohtaamispaikka"}),
        ("paivakoti", {"varhaiskasvatus", "effica-edlevo"}),
        ("lastensuojeluilmoitus", {"lastensuojeluilmoitus"}),
    ],
)
def test_search_page_finds_inflected_and_unaccented_queries(client, demo_data, query, expected):
    response = client.get("/services/", {"q": query})
    assert response.status_code == 200
    assert expected & set(result_slugs(response)[:5]), result_slugs(response)[:5]


def test_filter_counts_match_the_results_they_lead_to(client, demo_data):
    page = client.get("/services/").content.decode()
    for group in ("babies", "youth", "professionals"):
        shown = re.search(rf'value="{group}"[^>]*>\s*<label[^>]*>[^<]*<span class="count">\((\d+)\)', page)
        assert shown, group
        filtered = client.get("/services/", {"target_group": group})
        assert filtered.context["page"].paginator.count == int(shown.group(1))
        expected = Service.objects.public().filter(target_groups__slug=group).count()
        assert int(shown.group(1)) == expected


def test_values_of_one_filter_widen_and_different_filters_narrow(client, demo_data):
    count = lambda **params: client.get("/services/", params).context["page"].paginator.count  # noqa: E731
    babies, pregnant = count(target_group="babies"), count(target_group="pregnant")
    both = count(target_group=["babies", "pregnant"])
    assert max(babies, pregnant) <= both <= babies + pregnant
    narrowed = count(target_group=["babies", "pregnant"], delivery="electronic")
    assert narrowed <= both


def test_free_and_area_filters(client, demo_data):
    response = client.get("/services/", {"free": "on"})
    assert all(s.free for s in response.context["page"].object_list)
    kotka = client.get("/services/", {"area": "kotka"})
    assert kotka.status_code == 200
    assert "pikkuhelppi-kotka-kymin-seurakunta" in result_slugs(kotka)
    region = client.get("/services/", {"area": "kymenlaakso"}).context["page"].paginator.count
    assert region >= kotka.context["page"].paginator.count


def test_the_area_is_chosen_from_a_labelled_list_that_keeps_the_choice(client, demo_data):
    # Nationally there are hundreds of areas: one list to pick from, not hundreds of buttons.
    html = client.get("/services/", {"area": "kotka"}).content.decode()
    assert '<label for="f-area">' in html and '<select id="f-area" name="area">' in html
    assert '<option value="kotka" selected>' in html
    assert 'type="radio"' not in html


def test_age_filter_uses_target_group_ages(client, demo_data):
    teens = client.get("/services/", {"age": 15, "q": "nuorisotila"})
    assert teens.status_code == 200
    slugs = set(result_slugs(teens))
    assert "huvikumpu-kohtaamispaikka" in slugs or "takitsu-nuorisotila" in slugs


def test_pagination(client, demo_data):
    first = client.get("/services/")
    assert first.context["page"].paginator.num_pages > 1
    second = client.get("/services/", {"page": 2})
    assert second.status_code == 200
    assert set(first.context["page"].object_list).isdisjoint(second.context["page"].object_list)
    assert 'rel="prev"' in second.content.decode()


def test_thousands_of_pages_get_a_few_links_and_an_ellipsis():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(range(50_000), 20).page(1000)
    html = render_to_string("directory/_pagination.html", {"page": page, "query_without_page": "q=neuvola"})
    links = re.findall(r"page=(\d+)\"", html)
    assert links == ["999", "1", "998", "999", "1001", "1002", "2500", "1001"]  # prev, numbers, next
    assert html.count('<span aria-hidden="true">...</span>') == 2 and '<span aria-current="page">1000</span>' in html


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"target_group": "unicorns"}, 400, "unicorns"),
        ({"area": "atlantis"}, 400, "Tuntematon kunta tai alue"),
        ({"age": "abc"}, 400, "kokonaislukuna"),
        ({"age": "-3"}, 400, "vähintään"),
        ({"org_kind": "guild"}, 400, "guild"),
        ({"page": "9999"}, 404, "Sivua ei ole"),
        ({"page": "abc"}, 400, "kokonaisluku"),
        ({"page": "-1"}, 400, "kokonaisluku"),
        ({"q": "x" * 10_000}, 400, "liian pitkä"),
    ],
)
def test_bad_input_gets_a_clear_message_not_a_500(client, demo_data, params, status, message):
    response = client.get("/services/", params)
    assert response.status_code == status
    assert message in response.content.decode()


def test_bad_input_message_in_swedish_and_the_typed_query_kept(client, demo_data):
    response = client.get("/sv/services/", {"q": "neuvola", "target_group": "unicorns"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="neuvola"' in page
    assert "Tuntematon" not in page  # the message is in Swedish


@pytest.mark.parametrize(
    "query",
    [
        "neuvola\x00",
        "\x07\x1b[31m",
        "👶🍼",
        "‮evil‬",
        "n\u0303euvola",
        "Ä" * 199,
        '"*NEAR:-',
        "' OR 1=1 --",
        "ﬁ𝒩𝑒𝓊𝓋ℴ𝓁𝒶",
    ],
)
def test_odd_unicode_and_control_characters_never_500(client, demo_data, query):
    response = client.get("/services/", {"q": query, "target_group": "babies\x00"})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("raw", ["q=%ED%A0%80", "q=%FF%FE", "target_group=%C0%AF", "q=%00&page=%00", "area=%E2%80%AE"])
def test_invalid_utf8_in_the_query_string_never_500(client, demo_data, raw):
    assert client.get(f"/services/?{raw}").status_code in (200, 400)


def test_not_in_use_service_keeps_its_page_with_a_notice_and_leaves_search(client, demo_data):
    service = Service.objects.filter(status=Service.Status.NOT_IN_USE).first()
    page = client.get(f"/services/{service.slug}/")
    assert page.status_code == 200
    assert "ei ole enää käytössä" in page.content.decode()
    assert service.slug not in result_slugs(client.get("/services/", {"q": service.name_fi}))


def test_unknown_pages_are_404(client, demo_data):
    assert client.get("/services/no-such-service/").status_code == 404
    assert client.get("/organizations/nobody/").status_code == 404
    assert client.get("/places/nowhere/").status_code == 404


def test_service_page_shows_phone_hours_and_open_state(client, demo_data):
    page = client.get("/services/huoli-ilmoitus/").content.decode()
    assert "050 370 7951" in page
    assert 'href="tel:0503707951"' in page
    assert "9.00–11.00, 12.00–15.00" in page
    assert "open-state" in page


def test_place_page_has_a_map_link(client, demo_data):
    page = client.get("/places/jukola/").content.decode()
    assert "openstreetmap.org/search?query=Nahkurinkatu%2017%2C%20Kemi" in page


def test_front_page_offers_ways_in_by_life_situation_and_path_stage(client, demo_data):
    page = client.get("/").content.decode()
    assert "?target_group=babies" in page
    assert "?path_stage=peer_support" in page
    assert 'role="search"' in page
    assert "Pyydä apua!" in page


def test_more_parameters_than_django_reads_is_a_400_page(client, settings, demo_data):
    settings.DEBUG = False
    query = "&".join(["target_group=babies"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get(f"/services/?{query}")
    assert response.status_code == 400
    assert "Pyyntöä ei voitu käsitellä" in response.content.decode()


def test_unknown_page_uses_the_site_404_page(client, settings, demo_data):
    settings.DEBUG = False
    response = client.get("/sv/services/no-such-service/")
    assert response.status_code == 404
    assert '<html lang="sv">' in response.content.decode()


@pytest.mark.parametrize(
    ("value", "expected"), [("on", True), ("1", True), ("kyllä", True), ("0", False), ("ei", False), ("", False)]
)
def test_flag_filters_read_yes_and_no(client, demo_data, value, expected):
    free_count = Service.objects.public().filter(free=True).count()
    count = client.get("/services/", {"free": value}).context["page"].paginator.count
    assert (count == free_count) is expected


def test_flag_filter_nonsense_is_a_400(client, demo_data):
    response = client.get("/services/", {"free": "maybe"})
    assert response.status_code == 400
    assert "kyllä tai ei" in response.content.decode()


def test_page_zero_is_a_clear_400(client, demo_data):
    response = client.get("/services/", {"page": "0"})
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/organizations/lapin-hyvinvointialue/", "/places/huvikumpu/", "/services/"])
def test_list_pages_take_a_bounded_number_of_queries(client, demo_data, django_assert_max_num_queries, url):
    # The service list reads its filters' values with a few plain queries per 2000 services and
    # loads the shown page with its relations: about 30 queries, however many services match.
    with django_assert_max_num_queries(35):
        assert client.get(url).status_code == 200
