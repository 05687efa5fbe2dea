"""One address line and one map link for a place, on every page (directory/addresses.py)."""

from decimal import Decimal

import pytest

from perhekeskus.directory.addresses import address_line, map_link
from perhekeskus.directory.models import Area, Location

pytestmark = pytest.mark.django_db


@pytest.fixture
def kemi():
    return Area.objects.create(slug="kemi-town", name_fi="Kemi", name_sv="Kemi", kind=Area.Kind.MUNICIPALITY)


def place(**fields) -> Location:
    return Location.objects.create(slug=fields.pop("slug", "paikka"), name_fi="Paikka", **fields)


def test_the_address_has_street_postal_code_and_town(kemi):
    assert address_line(place(address="Nahkurinkatu 17", postal_code="94100", municipality=kemi)) == (
        "Nahkurinkatu 17, 94100 Kemi"
    )


def test_the_town_is_in_the_address_without_a_postal_code(kemi):
    assert address_line(place(address="Nahkurinkatu 17", municipality=kemi)) == "Nahkurinkatu 17, Kemi"


def test_no_stray_comma_without_a_street(kemi):
    assert address_line(place(postal_code="94100", municipality=kemi)) == "94100 Kemi"
    assert address_line(place(slug="toinen", municipality=kemi)) == "Kemi"


def test_a_place_without_a_town_has_its_street_alone():
    assert address_line(place(address="Nahkurinkatu 17")) == "Nahkurinkatu 17"
    assert address_line(place(slug="tyhja")) == ""


def test_the_map_link_is_a_pin_where_the_data_has_coordinates(kemi):
    pinned = place(address="Nahkurinkatu 17", latitude=Decimal("65.736"), longitude=Decimal("24.563"))
    assert map_link(pinned).startswith("https://www.openstreetmap.org/?mlat=65.736&mlon=24.563")


def test_the_map_link_searches_the_whole_address_without_coordinates(kemi):
    link = map_link(place(address="Karhulantie 30", postal_code="48600", municipality=kemi))
    assert link == "https://www.openstreetmap.org/search?query=Karhulantie%2030%2C%2048600%20Kemi"


def test_a_place_without_a_street_or_coordinates_has_no_map_link(kemi):
    assert map_link(place(municipality=kemi)) == ""
