"""Organisations and places are found as services are: endings, no ä/ö, compounds, a typo, the
thesaurus; every word must match, the best first; lists and the API a page at a time."""

import pytest

from perhekeskus.directory.models import Location
from perhekeskus.search import names

pytestmark = pytest.mark.django_db


def slugs(kind, query) -> list[str]:
    from perhekeskus.directory.models import Organization

    model = Organization if kind == "organizations" else Location
    ids = names.find(kind, query)
    by_pk = model.objects.in_bulk(ids)
    return [by_pk[pk].slug for pk in ids]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kirjasto", "kemin-kaupunginkirjasto"),
        ("kirjastoon", "kemin-kaupunginkirjasto"),  # an ending
        ("kemin kirjastossa", "kemin-kaupunginkirjasto"),  # two words, both inflected
        ("jappilan koulu", "jappilan-koulu"),  # typed without ä
        ("nuokkuun", "pikkunuokku"),  # the head of a compound, inflected
        ("kohtaamispaika", "lansi-kotkan-kohtaamispaikka"),  # a typo
        ("nahkurinkatu", "jukola"),  # the address
    ],
)
def test_places_are_found_as_people_type(demo_data, query, expected):
    assert expected in slugs("places", query)[:5]


def test_every_word_must_match_and_names_come_before_addresses(demo_data):
    assert slugs("places", "kemin kirjasto qqzzy") == []
    found = slugs("places", "kemi")
    assert found and all(Location.objects.get(slug=slug).municipality.slug == "kemi" for slug in found)
    # "Kemin kulttuurikeskus" has Kemi in its name; a place in Kemi that merely lies there comes after it.
    assert found.index("kemin-kulttuurikeskus") < found.index("pikkunuokku")


def test_organisations_are_found_by_name_and_area(demo_data):
    assert slugs("organizations", "seurakunnan")[:1] != []
    assert "kemin-nuorisotyo" in slugs("organizations", "kemi nuorisotyö")
    assert slugs("organizations", "kela") == ["kela"]


def test_a_rename_is_found_at_once(demo_data):
    place = Location.objects.get(slug="pruntsin-poukama")
    place.name_fi = "Pruntsin perhepuisto"
    place.save()
    assert slugs("places", "perhepuistoon") == ["pruntsin-poukama"]


def test_the_lists_search_and_page(client, demo_data):
    page = client.get("/places/", {"q": "kirjastoon"})
    assert page.status_code == 200
    assert "kemin-kaupunginkirjasto" in page.content.decode()
    assert "Kemin kulttuurikeskus" not in page.content.decode()
    everything = client.get("/places/")
    assert everything.context["page"].paginator.count == Location.objects.count()
    assert 'name="q"' in client.get("/organizations/").content.decode()
    assert "Hae palveluista" in client.get("/organizations/", {"q": "qqzzy"}).content.decode()


@pytest.mark.parametrize("url", ["/places/", "/organizations/", "/api/v1/locations/", "/api/v1/organizations/"])
def test_bad_input_is_a_400_or_404_with_a_message(client, demo_data, url):
    too_long = client.get(url, {"q": "x" * 10_000})
    assert too_long.status_code == 400
    assert client.get(url, {"page": "0"}).status_code in (400, 404)
    assert client.get(url, {"page": "999"}).status_code == 404
    for odd in ['"*NEAR:-', "🙂🙂", "'; DROP TABLE x; --", "ääää ÅÅ"]:
        assert client.get(url, {"q": odd}).status_code == 200


def test_the_api_searches_too(client, demo_data):
    body = client.get("/api/v1/locations/", {"q": "kirjastoon"}).json()
    assert body["results"][0]["slug"] == "kemin-kaupunginkirjasto"
    body = client.get("/api/v1/organizations/", {"q": "kela"}).json()
    assert [item["slug"] for item in body["results"]] == ["kela"]
