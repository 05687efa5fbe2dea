"""The first visit honours the visitor's language by a redirect to that language's address; a
choice made on the site is remembered and never overridden."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

OUR_PAGE = "http://testserver/sv/"


@pytest.mark.parametrize(
    ("accept", "location"),
    [("sv-FI,sv;q=0.9,en;q=0.5", "/sv/"), ("en-GB,en;q=0.9", "/en/"), ("sv;q=0.5,fi;q=0.9", None), ("de", None)],
)
def test_a_first_visit_goes_to_the_browsers_language(accept, location):
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=accept)
    if location is None:
        assert response.status_code == 200
    else:
        assert (response.status_code, response["Location"]) == (302, location)
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_the_page_and_its_query_are_kept(demo_data):
    response = Client().get("/services/?q=neuvola", HTTP_ACCEPT_LANGUAGE="sv")
    assert response["Location"] == "/sv/services/?q=neuvola"


def test_a_remembered_choice_comes_before_the_browser():
    browser = Client(HTTP_ACCEPT_LANGUAGE="sv")
    browser.cookies["django_language"] = "fi"
    assert browser.get("/").status_code == 200
    browser.cookies["django_language"] = "en"
    assert browser.get("/")["Location"] == "/en/"


def test_choosing_finnish_on_a_swedish_page_is_kept_and_remembered():
    browser = Client(HTTP_ACCEPT_LANGUAGE="sv")
    response = browser.get("/", HTTP_REFERER=OUR_PAGE)
    assert response.status_code == 200
    assert response.cookies["django_language"].value == "fi"
    assert browser.get("/").status_code == 200  # later, without the referer: the choice holds


def test_a_link_from_another_site_is_a_first_visit():
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="sv", HTTP_REFERER="https://kunta.example/perhe")
    assert response["Location"] == "/sv/"


@pytest.mark.parametrize("path", ["/sv/", "/en/pyyda-apua/", "/api/v1/", "/admin/", "/calendar/changes.atom"])
def test_addresses_that_say_their_language_or_are_no_pages_are_left_alone(path):
    response = Client().get(path, HTTP_ACCEPT_LANGUAGE="sv")
    assert not (response.status_code == 302 and response["Location"].startswith("/sv/"))


def test_a_post_is_never_redirected():
    response = Client().post("/pyyda-apua/kuitti/", {}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code != 302
