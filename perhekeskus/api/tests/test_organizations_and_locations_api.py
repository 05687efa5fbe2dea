"""GET /api/v1/organizations/ and /api/v1/locations/ (lists and details) over the demo data."""

from datetime import time

import pytest

from perhekeskus.directory.models import Location, Organization, Schedule

pytestmark = pytest.mark.usefixtures("demo_data")

ORGANIZATION_KEYS = {"slug", "name", "description", "kind", "website", "network_member", "area", "parent", "url"}
LOCATION_KEYS = set(
    """slug name description address postal_code municipality area organization meeting_place accessibility
    latitude longitude schedules url open_now closes_at next_opens""".split()
)


def test_organizations_are_a_page_in_finnish_name_order(client):
    response = client.get("/api/v1/organizations/", {"page_size": 100})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == Organization.objects.count()
    assert set(body["results"][0]) == ORGANIZATION_KEYS
    names = [item["slug"] for item in body["results"]]
    assert names == list(Organization.objects.order_by("name_fi", "slug").values_list("slug", flat=True))


def test_organization_detail_has_its_area_units_and_places(client):
    body = client.get("/api/v1/organizations/kemin-kaupunki/").json()

    assert set(body) == ORGANIZATION_KEYS | {"units", "locations"}
    assert body["kind"] == "municipality"
    assert body["area"] == {"slug": "kemi", "name": "Kemi"}
    assert {"slug": "kemin-nuorisotyo", "name": "Kemin nuorisotyö"} in body["units"]
    assert body["url"] == "http://testserver/organizations/kemin-kaupunki/"
    unit = client.get("/api/v1/organizations/kemin-nuorisotyo/").json()
    assert unit["parent"]["slug"] == "kemin-kaupunki"


def test_organization_without_a_kind_has_null_kind(client):
    assert Organization.objects.get(slug="kivalo-opisto").kind == ""

    assert client.get("/api/v1/organizations/kivalo-opisto/").json()["kind"] is None


def test_organization_names_in_swedish_with_finnish_fallback(client):
    translated = client.get("/api/v1/organizations/kymsote/", {"lang": "sv"}).json()
    finnish_only = client.get("/api/v1/organizations/kemin-seurakunta/", {"lang": "sv"}).json()

    assert translated["name"].startswith("Samkommunen")
    assert finnish_only["name"] == "Kemin seurakunta"
    assert finnish_only["url"] == "http://testserver/sv/organizations/kemin-seurakunta/"


def test_locations_are_a_page_with_hours_and_open_state(client):
    response = client.get("/api/v1/locations/", {"page_size": 3, "page": 2})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == Location.objects.count()
    assert len(body["results"]) == 3
    assert body["previous"] is not None
    assert set(body["results"][0]) == LOCATION_KEYS


def test_location_detail_lists_the_public_services_given_there(client):
    body = client.get("/api/v1/locations/jukola/", {"lang": "en"}).json()

    assert set(body) == LOCATION_KEYS | {"services"}
    assert body["meeting_place"] is True
    assert {"slug": "avoimet-perhekahvilat", "name": "Open family cafés"} in body["services"]
    assert body["url"] == "http://testserver/en/places/jukola/"


def test_location_detail_hides_services_not_in_use(client):
    body = client.get("/api/v1/locations/huvikumpu/").json()

    assert "walk-in-talk" not in {service["slug"] for service in body["services"]}


def test_location_open_now_follows_its_own_hours(client):
    place = Location.objects.get(slug="jukola")
    Schedule.objects.create(
        location=place, weekdays="mo,tu,we,th,fr,sa,su", opens_at=time(0), closes_at=time(0), open_on_holidays=True
    )

    body = client.get("/api/v1/locations/jukola/").json()

    assert body["open_now"] is True
    assert body["schedules"][0]["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert body["schedules"][0]["closes_at"] == "00:00"


def test_coordinates_are_numbers(client):
    Location.objects.filter(slug="jukola").update(latitude="65.736500", longitude="24.563700")

    body = client.get("/api/v1/locations/jukola/").json()

    assert body["latitude"] == 65.7365
    assert body["longitude"] == 24.5637


@pytest.mark.parametrize("path", ["/api/v1/organizations/", "/api/v1/locations/"])
def test_page_past_the_end_is_a_404_and_a_bad_page_a_400(client, path):
    past = client.get(path, {"page": 9999})
    bad = client.get(path, {"page": "abc\x00"})

    assert past.status_code == 404
    assert "page" in past.json()["errors"]
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["page"]


@pytest.mark.parametrize("path", ["/api/v1/organizations/", "/api/v1/locations/"])
@pytest.mark.parametrize("slug", ["no-such-slug", "%00", "åäö"])
def test_unknown_slug_is_a_json_404(client, path, slug):
    response = client.get(f"{path}{slug}/")

    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/organizations/", "/api/v1/locations/"])
def test_lists_take_a_bounded_number_of_queries(client, django_assert_max_num_queries, path):
    with django_assert_max_num_queries(8):
        response = client.get(path, {"page_size": 100})
    assert response.json()["results"]
