"""A posted body that is not UTF-8 anywhere on the site: a 400 that says so in the page's language,
with the fields as far as they could be read in a form that sends them again (site/undecodable.py).
The help form's own page and the API's JSON are tested with them (help_requests/tests)."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from perhekeskus.accounts.testing import sign_in
from perhekeskus.help_requests.models import Message
from perhekeskus.help_requests.tests.factories import make_request, make_team, make_user

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def test_a_login_that_is_not_utf8_is_a_400_that_asks_for_the_password_again(client):
    response = client.post(reverse("login"), b"username=ty%F6ntekij%E4&password=salainen", content_type=FORM)

    html = response.content.decode()
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    assert "koska se ei ollut UTF-8-merkistössä" in html
    assert 'name="username" rows="8"' in html and "\nty\ufffdntekij\ufffd</textarea>" in html  # shown, to correct
    assert 'name="password" autocomplete="current-password">' in html and "salainen" not in html


def test_a_staff_note_in_latin_1_comes_back_readable_to_correct(client):
    worker = make_user("tyontekija")
    request = make_request(make_team("palveluohjaus", members=[worker]))
    sign_in(client, worker)
    note = "Äiti soitti: isä ei tiedä yhteydenotosta, soitetaan torstaina uudelleen."

    response = client.post(
        reverse("help_requests:note", args=[request.pk]),
        "body=" + quote(note, encoding="latin-1"),
        content_type=FORM + "; charset=iso-8859-1",
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert f"\n{note}</textarea>" in html  # read in the charset it declared, to check and send again
    assert f'action="/inbox/{request.pk}/note/"' in html
    assert not Message.objects.exists()


def test_the_message_is_in_the_pages_language(client):
    response = client.post("/sv" + reverse("login"), b"username=%E4", content_type=FORM)

    assert response.status_code == 400
    assert "inte var kodad i UTF-8" in response.content.decode()


def test_an_api_body_that_is_not_utf8_is_a_json_400(client):
    response = client.post(
        "/api/v1/services/",
        '{"q": "ä"}'.encode("latin-1"),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 400
    assert response.json() == {"detail": response.json()["detail"]}
    assert "not encoded in UTF-8" in response.json()["detail"]


def test_a_utf8_body_goes_through(client):
    response = client.post(reverse("login"), "username=työntekijä&password=x".encode(), content_type=FORM)

    assert response.status_code == 400  # the login page again: a wrong password, read as typed
    assert 'value="työntekijä"' in response.content.decode()


def test_a_post_from_another_site_gets_no_page_with_a_fresh_csrf_token():
    """Another site's page could post a non-UTF-8 body to a staff URL: the CSRF check refuses it
    before the page that sends the fields again (with a valid token) could be made."""
    from django.test import Client

    worker = make_user("tyontekija")
    request = make_request(make_team("palveluohjaus", members=[worker]))
    client = Client(enforce_csrf_checks=True)
    sign_in(client, worker)

    response = client.post(reverse("help_requests:note", args=[request.pk]), b"body=hy%E4kk%E4ys", content_type=FORM)

    assert response.status_code == 403
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not Message.objects.exists()
