"""The whole site with the database down: a 503 with Retry-After in the page's language, never a
500, and a POST's fields kept in a form that sends them again (site/unavailable.py).

The database is really unreachable (directory/tests/faults.py); the tests are transactional, since
the fault closes the connection.
"""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory.tests.faults import TRANSACTIONAL, database_down
from perhekeskus.help_requests.models import Message
from perhekeskus.help_requests.tests.factories import make_request, make_team, make_user

pytestmark = TRANSACTIONAL

NOTE = "Soitin perheelle, äiti pyysi soittamaan uudelleen torstaina. Isä ei tiedä yhteydenotosta.\nTarkista."


def page_url(lang: str, name: str) -> str:
    with translation.override(lang):
        return reverse(name)


@pytest.mark.parametrize(
    ("lang", "heading", "emergency"),
    [
        ("fi", "Palvelu ei ole hetkeen käytettävissä", "Hätätilanteessa soita 112."),
        ("sv", "Tjänsten är inte tillgänglig för stunden", "I en nödsituation, ring 112."),
        ("en", "The service is unavailable for a moment", "In an emergency, call 112."),
    ],
)
@pytest.mark.parametrize("name", ["site:home", "help_requests:ask"])
def test_a_public_page_with_the_database_down_is_a_503_in_its_language(lang, heading, emergency, name):
    # Not re-raised, so that a fault outside a view (handler500) is seen as the person sees it.
    browser = Client(raise_request_exception=False)

    with database_down():
        response = browser.get(page_url(lang, name))

    html = response.content.decode()
    assert response.status_code == 503
    assert (response["Retry-After"], response["Cache-Control"]) == ("30", "no-store")
    assert f'<html lang="{lang}">' in html
    assert heading in html and emergency in html
    assert "<form" not in html  # a GET has nothing to send again
    assert browser.get(page_url(lang, name)).status_code == 200  # and back when it is up


def test_a_search_answered_from_the_shared_cache_before_its_view_is_a_503_too():
    # The shared-answers middleware reads the content version before the view runs: a fault
    # there is handled by handler500, not by the view's middleware.
    browser = Client(raise_request_exception=False)

    with database_down():
        page = browser.get(page_url("fi", "site:service_list"), {"q": "neuvola"})
        api = browser.get("/api/v1/services/", {"q": "neuvola"}, headers={"Accept-Language": "sv"})

    assert (page.status_code, page["Retry-After"]) == (503, "30")
    assert "Palvelu ei ole hetkeen käytettävissä" in page.content.decode()
    assert (api.status_code, api["Retry-After"], api["Content-Language"]) == (503, "30", "sv")
    assert "Ingenting har sparats" in api.json()["detail"]


def test_a_staff_post_while_the_database_is_down_keeps_what_was_typed():
    worker = make_user("tyontekija")
    request = make_request(make_team("palveluohjaus", members=[worker]))
    # The staff session's check meets the fault before the view does: Django answers it with
    # handler500, which the test client would raise instead of returning.
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    sign_in(browser, worker)
    browser.get(reverse("help_requests:detail", args=[request.pk]))
    token = browser.cookies["csrftoken"].value

    with database_down():
        response = browser.post(
            reverse("help_requests:note", args=[request.pk]), {"body": NOTE, "csrfmiddlewaretoken": token}
        )

    html = response.content.decode()
    assert response.status_code == 503
    assert "Lähettämiäsi tietoja ei tallennettu" in html
    assert f"\n{NOTE}</textarea>" in html
    assert f'action="/inbox/{request.pk}/note/"' in html
    assert "Uudelleen lähettäminen on turvallista" not in html  # the note form has no one-time token
    assert not Message.objects.exists()


def test_a_login_while_the_database_is_down_asks_for_the_password_again():
    with database_down():
        response = Client().post(reverse("login"), {"username": "tyontekija", "password": "salainen-sana-123"})

    html = response.content.decode()
    assert response.status_code == 503
    assert '<input type="hidden" name="username" value="tyontekija">' in html
    assert '<input type="password" id="posted-again-password-1" name="password"' in html
    assert "salainen-sana-123" not in html


def test_the_fault_is_logged_once_and_not_once_per_request(caplog, monkeypatch):
    from perhekeskus.directory import unavailable

    monkeypatch.setattr(unavailable, "_throttle", unavailable._Throttle())
    caplog.set_level(logging.INFO)

    with database_down():
        for _ in range(3):
            Client().post(page_url("fi", "help_requests:receipt"), {"text": "Salainen kysymys"})

    lines = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(lines) == 1 and lines[0].startswith("Database unavailable on /pyyda-apua/kuitti/")
    assert "Salainen" not in caplog.text
