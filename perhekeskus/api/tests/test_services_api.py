"""GET /api/v1/services/ and /api/v1/services/{slug}/ over the demo data."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from perhekeskus.directory.models import Channel, Schedule, Service

HELSINKI = ZoneInfo("Europe/Helsinki")
ITEM_KEYS = set(
    """slug name description description_plain organization partners kind status target_groups age_min age_max
    delivery path_stage tasks languages free anonymous identification_required response_promise locations
    channels phones schedules url assured_date updated_at open_now closes_at next_opens""".split()
)
SCHEDULE_KEYS = {"freq", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "open_on_holidays", "description"}

pytestmark = pytest.mark.usefixtures("demo_data")


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


def test_list_is_a_page_with_count_links_results_and_facets(client):
    response = client.get("/api/v1/services/", {"page_size": 5})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results", "facets"}
    assert body["count"] > 5
    assert len(body["results"]) == 5
    assert body["previous"] is None
    assert body["next"].startswith("http://testserver/api/v1/services/?")
    assert "page=2" in body["next"] and "page_size=5" in body["next"]
    assert set(body["results"][0]) == ITEM_KEYS


def test_next_page_continues_where_the_first_ended(client):
    first = client.get("/api/v1/services/", {"page_size": 5})
    second = client.get(first.json()["next"])

    assert second.status_code == 200
    assert second.json()["previous"] is not None
    assert not set(slugs(first)) & set(slugs(second))


def test_inflected_query_finds_the_child_and_maternity_clinics_near_the_top(client):
    response = client.get("/api/v1/services/", {"q": "neuvolaan", "page_size": 10})

    assert response.status_code == 200
    top = slugs(response)
    assert "lastenneuvola" in top
    assert "aitiysneuvola" in top


def test_not_in_use_services_are_not_listed(client):
    assert Service.objects.get(slug="walk-in-talk").status == Service.Status.NOT_IN_USE
    response = client.get("/api/v1/services/", {"page_size": 100})

    listed = set(slugs(response))
    assert "walk-in-talk" not in listed
    assert response.json()["count"] == Service.objects.public().count()


def test_target_group_filter_keeps_only_services_for_that_group(client):
    response = client.get("/api/v1/services/", {"target_group": "pregnant", "page_size": 100})

    assert response.status_code == 200
    results = response.json()["results"]
    assert results
    assert "aitiysneuvola" in slugs(response)
    for item in results:
        assert "pregnant" in {group["slug"] for group in item["target_groups"]}


def test_repeated_filter_values_widen_and_different_filters_narrow(client):
    babies = client.get("/api/v1/services/", {"target_group": "babies"}).json()["count"]
    pregnant = client.get("/api/v1/services/", {"target_group": "pregnant"}).json()["count"]
    either = client.get("/api/v1/services/", {"target_group": ["babies", "pregnant"]}).json()["count"]
    pregnant_at_office = client.get("/api/v1/services/", {"target_group": "pregnant", "delivery": "office"})

    assert either >= max(babies, pregnant)
    assert pregnant_at_office.json()["count"] <= pregnant
    for item in pregnant_at_office.json()["results"]:
        assert "office" in {mode["slug"] for mode in item["delivery"]}


def test_facets_count_what_each_choice_would_give(client):
    body = client.get("/api/v1/services/", {"q": "neuvola"}).json()

    facets = body["facets"]
    assert set(facets) >= {"target_group", "path_stage", "delivery", "language", "org_kind", "area", "free"}
    pregnant = client.get("/api/v1/services/", {"q": "neuvola", "target_group": "pregnant"}).json()
    assert facets["target_group"]["pregnant"] == pregnant["count"]
    for counts in facets.values():  # most first, ties by value: the same from every worker
        assert list(counts.items()) == sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def test_unknown_filter_value_is_a_400_that_names_the_value(client):
    response = client.get("/api/v1/services/", {"target_group": "martians"})

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert list(body["errors"]) == ["target_group"]
    assert "martians" in body["errors"]["target_group"][0]


def test_every_bad_parameter_is_reported_at_once(client):
    response = client.get("/api/v1/services/", {"age": "old", "org_kind": "pirates", "area": "atlantis"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"age", "org_kind", "area"}


def test_a_10000_character_query_is_a_400_not_a_slow_search(client):
    response = client.get("/api/v1/services/", {"q": "neuvola " * 1250})

    assert response.status_code == 400
    assert "q" in response.json()["errors"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "neuvola\x00"},
        {"q": "\x07\x1b[31m"},
        {"q": "👶🍼 neuvola"},
        {"q": "\u202eneuvola\u200b"},
        {"q": "ｎｅｕｖｏｌａ"},
        {"target_group": "babies\x00"},
        {"target_group": "👶"},
        {"area": "kemi\x00"},
        {"org_kind": "\x00"},
        {"age": "٣"},
        {"age": "\x00"},
        {"free": "\x00"},
        {"lang": "sv\x00"},
        {"lang": "🇸🇪"},
        {"page": "\x00"},
        {"page": "٢"},
        {"page_size": "𝟓"},
        {"format": "\x00"},
    ],
)
def test_control_characters_and_odd_unicode_never_give_a_500(client, params):
    response = client.get("/api/v1/services/", params)

    assert response.status_code in {200, 400, 404}
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert "results" in body or "detail" in body


def test_raw_nul_bytes_in_the_query_string_are_handled(client):
    response = client.get("/api/v1/services/?q=%00neuvola%00&target_group=%00&page=%00")

    assert response.status_code == 400
    assert response.json()["errors"]


def test_page_past_the_end_is_a_404_that_says_how_many_pages_there_are(client):
    response = client.get("/api/v1/services/", {"page": 9999})

    assert response.status_code == 404
    body = response.json()
    assert body["errors"]["page"] == [body["detail"]]
    pages = client.get("/api/v1/services/").json()["count"] // 20 + 1
    assert str(pages) in body["detail"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "9" * 5000])
def test_page_that_is_not_a_positive_integer_is_a_400(client, page):
    response = client.get("/api/v1/services/", {"page": page})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page"]


@pytest.mark.parametrize("page_size", ["0", "101", "many"])
def test_page_size_outside_1_to_100_is_a_400(client, page_size):
    response = client.get("/api/v1/services/", {"page_size": page_size})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page_size"]


def test_empty_result_is_page_one_with_no_results(client):
    response = client.get("/api/v1/services/", {"q": "zzzzqqqxxx"})

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"], body["results"]) == (0, None, None, [])


def test_lang_sv_gives_swedish_texts_and_finnish_where_none_is_written(client):
    Service.objects.filter(slug="aitiysneuvola").update(name_sv="")

    response = client.get("/api/v1/services/", {"q": "neuvola", "lang": "sv", "page_size": 50})

    assert response["Content-Language"] == "sv"
    items = {item["slug"]: item for item in response.json()["results"]}
    assert items["lastenneuvola"]["name"] == "Barnrådgivning"
    assert items["lastenneuvola"]["target_groups"][0]["name"] != ""
    assert items["aitiysneuvola"]["name"] == "Äitiysneuvola ja perhesuunnittelu"
    assert items["lastenneuvola"]["url"] == "http://testserver/sv/services/lastenneuvola/"


def test_organization_names_fall_back_to_finnish(client):
    response = client.get("/api/v1/services/walk-in-talk/", {"lang": "en"})

    assert response.json()["name"] == "Walk in talk"
    assert response.json()["organization"] == {"slug": "kemin-nuorisotyo", "name": "Kemin nuorisotyö"}


def test_lang_en_and_default_finnish(client):
    english = client.get("/api/v1/services/lastenneuvola/", {"lang": "en"}).json()
    finnish = client.get("/api/v1/services/lastenneuvola/").json()

    assert english["name"] == "Child health clinic"
    assert finnish["name"] == "Lastenneuvola"
    assert finnish["url"] == "http://testserver/services/lastenneuvola/"


def test_accept_language_picks_the_language_when_lang_is_not_given(client):
    response = client.get("/api/v1/services/lastenneuvola/", HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9")

    assert response["Content-Language"] == "sv"
    assert response.json()["name"] == "Barnrådgivning"


@pytest.mark.parametrize("lang", ["de", "FI", "fi_plain", "x" * 10_000])
def test_unknown_lang_is_a_400(client, lang):
    response = client.get("/api/v1/services/", {"lang": lang})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["lang"]
    assert len(response.content) < 1000  # the value is not echoed back


def test_messages_come_in_the_language_asked_for(client):
    # DRF's "Not found." has its translations already; the project's own follow its .po files.
    assert client.get("/api/v1/services/", {"format": "xml", "lang": "sv"}).json()["detail"] == "Hittades inte."
    swedish = client.get("/api/v1/services/", {"format": "xml"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert swedish.json()["detail"] == "Hittades inte."
    assert client.get("/api/v1/services/", {"format": "xml"}).json()["detail"] == "Ei löydy."
    english = client.get("/api/v1/services/", {"page": "abc"}, HTTP_ACCEPT_LANGUAGE="en").json()["errors"]["page"]
    with translation.override("en"):
        assert english == [translation.gettext("Sivunumeron pitää olla kokonaisluku.")]


def test_detail_has_the_list_fields_and_the_places_in_full(client):
    response = client.get("/api/v1/services/palveluohjaus/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == ITEM_KEYS | {"keywords", "contact"}
    assert body["slug"] == "palveluohjaus"
    assert body["description_plain"]
    for place in body["locations"]:
        assert {"accessibility", "latitude", "longitude", "schedules", "open_now"} <= set(place)


def test_detail_says_how_to_reach_the_service_by_the_pages_rule(client):
    assert client.get("/api/v1/services/palveluohjaus/").json()["contact"]["source"] == "own"
    form = client.get("/api/v1/services/pyyda-apua/").json()["contact"]
    assert [g["url"] for g in form["links"]] == ["http://testserver/pyyda-apua/"]
    guided = client.get("/api/v1/services/perheneuvola/").json()["contact"]
    assert guided["source"] == "guidance"
    urls = [g["url"] for g in guided["guidance"]]
    assert urls == ["http://testserver/services/lastenneuvola/", "http://testserver/pyyda-apua/"]


def test_detail_gives_the_day_of_the_last_check_by_its_hsds_name(client):
    Service.objects.filter(slug="pyyda-apua").update(assured_date=date(2024, 3, 5))

    assert client.get("/api/v1/services/pyyda-apua/").json()["assured_date"] == "2024-03-05"
    assert client.get("/api/v1/services/virtu-fi/").json()["assured_date"] is None


def test_plain_finnish_only_in_finnish_responses(client):
    assert client.get("/api/v1/services/palveluohjaus/", {"lang": "fi"}).json()["description_plain"]
    assert client.get("/api/v1/services/palveluohjaus/", {"lang": "sv"}).json()["description_plain"] is None


def test_schedules_are_hsds_weekly_rules(client):
    body = client.get("/api/v1/services/palveluohjaus/").json()

    schedule = body["schedules"][0]
    assert set(schedule) == SCHEDULE_KEYS
    assert schedule["freq"] == "WEEKLY"
    assert set(schedule["byday"].split(",")) <= {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
    assert len(schedule["opens_at"]) == 5 and schedule["opens_at"][2] == ":"
    assert body["open_now"] in {True, False}
    assert any(channel["schedules"] for channel in body["channels"])


def test_not_in_use_service_is_reachable_by_slug_with_its_status(client):
    response = client.get("/api/v1/services/walk-in-talk/")

    assert response.status_code == 200
    assert response.json()["status"] == "not_in_use"


@pytest.mark.parametrize("slug", ["no-such-service", "%00", "äiti", "🍼", "a" * 500])
def test_unknown_slug_is_a_json_404(client, slug):
    response = client.get(f"/api/v1/services/{slug}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_open_now_and_closes_at_of_an_always_open_line(client):
    service = Service.objects.get(slug="lastenneuvola")
    Schedule.objects.filter(service=service).delete()
    channel = Channel.objects.create(service=service, kind=Channel.Kind.PHONE, label="Päivystys", value="0401234567")
    Schedule.objects.create(
        channel=channel, weekdays="mo,tu,we,th,fr,sa,su", opens_at=time(0), closes_at=time(0), open_on_holidays=True
    )

    body = client.get("/api/v1/services/lastenneuvola/").json()

    assert body["open_now"] is True
    assert body["closes_at"] is None  # runs past the horizon
    line = next(c for c in body["channels"] if c["value"] == "0401234567")
    assert line["open_now"] is True
    assert line["href"] == "tel:0401234567"
    assert {"number": "0401234567", "description": "Päivystys"} in body["phones"]


def test_next_opens_is_iso_8601_with_the_finnish_offset(client):
    service = Service.objects.get(slug="aitiysneuvola")
    Schedule.objects.filter(service=service).delete()
    Channel.objects.filter(service=service).delete()
    day = timezone.now().astimezone(HELSINKI).date() + timedelta(days=3)
    Schedule.objects.create(
        service=service,
        weekdays="mo,tu,we,th,fr,sa,su",
        opens_at=time(9),
        closes_at=time(15),
        valid_from=day,
        open_on_holidays=True,
    )

    results = client.get("/api/v1/services/", {"q": "äitiysneuvola"}).json()["results"]
    item = next(i for i in results if i["slug"] == "aitiysneuvola")

    assert item["open_now"] is False
    assert item["next_opens"] == datetime.combine(day, time(9), tzinfo=HELSINKI).isoformat()
    assert item["schedules"][0]["valid_from"] == day.isoformat()


def test_open_now_is_null_when_no_hours_are_known(client):
    service = Service.objects.get(slug="lastenneuvola")
    Schedule.objects.filter(service=service).delete()
    Schedule.objects.filter(channel__service=service).delete()

    assert client.get("/api/v1/services/lastenneuvola/").json()["open_now"] is None


def test_open_now_filter_keeps_open_services_only(client):
    for item in client.get("/api/v1/services/", {"open_now": "true", "page_size": 100}).json()["results"]:
        assert item["open_now"] is True


@pytest.mark.parametrize("page_size", [5, 20, 100])
def test_list_queries_do_not_grow_with_the_page_size(client, django_assert_max_num_queries, page_size):
    assert Service.objects.public().count() > 100
    # Filter values: a few plain queries per 2000 services; the page: its relations, once.
    with django_assert_max_num_queries(35):
        response = client.get("/api/v1/services/", {"page_size": page_size, "lang": "sv"})
    assert len(response.json()["results"]) == page_size


def test_detail_takes_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        client.get("/api/v1/services/palveluohjaus/")


def test_browsable_api_renders_html(client):
    response = client.get("/api/v1/services/", {"q": "neuvola"}, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"Lastenneuvola" in response.content
