"""Staff sessions: 12 hours at most, 30 minutes idle for readers of sensitive data; what was
typed into an ended session is given back; a tampered cookie is only a signed-out visitor."""

import time

import pytest
from django.urls import reverse

from perhekeskus.accounts.sessions import SEEN_AT, SIGNED_IN_AT
from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory.roles import NETWORK_MEMBER
from perhekeskus.help_requests.models import Message
from perhekeskus.help_requests.tests.factories import make_request, make_team, make_user

pytestmark = pytest.mark.django_db

NOTE = "Soitin perheelle.\nSovittiin tapaaminen ensi viikolle."


@pytest.fixture
def worker():
    user = make_user("tiina")
    make_team("perhesosiaalityo", members=[user])
    return user


def clocks(client, *, signed_in_ago: float, seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[SEEN_AT] = now - seen_ago
    session.save()


def test_a_reader_idle_for_30_minutes_signs_in_again(client, worker):
    sign_in(client, worker)
    clocks(client, signed_in_ago=3600, seen_ago=29 * 60)
    assert client.get("/inbox/").status_code == 200
    clocks(client, signed_in_ago=3600, seen_ago=31 * 60)
    response = client.get("/inbox/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/inbox/"
    assert "_auth_user_id" not in client.session


def test_each_request_moves_the_idle_clock(client, worker):
    sign_in(client, worker)
    clocks(client, signed_in_ago=3600, seen_ago=20 * 60)
    client.get("/inbox/")
    assert time.time() - client.session[SEEN_AT] < 5


def test_twelve_hours_end_any_staff_session(client):
    member = make_user("verkosto", groups=[NETWORK_MEMBER])
    client.force_login(member)
    clocks(client, signed_in_ago=11 * 3600, seen_ago=5 * 3600)  # idle hours are fine for a non-reader
    assert client.get(reverse("accounts:security")).status_code == 200
    clocks(client, signed_in_ago=12 * 3600 + 1, seen_ago=0)
    assert client.get(reverse("accounts:security")).status_code == 302


def test_a_session_without_its_clocks_counts_as_ended(client, worker):
    sign_in(client, worker)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert client.get("/inbox/").status_code == 302


def test_a_note_posted_into_an_ended_session_is_given_back_to_copy(client, worker):
    request = make_request(worker.help_teams.first())
    sign_in(client, worker)
    clocks(client, signed_in_ago=3600, seen_ago=45 * 60)
    response = client.post(reverse("help_requests:note", args=[request.pk]), {"body": NOTE})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Istuntosi päättyi" in html and "Lomaketta ei lähetetty" in html
    assert f">{NOTE}</textarea>" in html
    assert f"next=/inbox/{request.pk}/note/" in html
    assert not Message.objects.exists()


@pytest.mark.parametrize("cookie", ["tampered", "x" * 4000, "' OR 1=1 --", ""])
def test_a_tampered_session_cookie_is_a_signed_out_visitor(client, worker, cookie):
    sign_in(client, worker)
    client.cookies["sessionid"] = cookie
    response = client.get("/inbox/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/").status_code == 200


def test_another_sites_post_into_an_ended_session_is_not_shown(worker):
    from django.test import Client

    request = make_request(worker.help_teams.first())
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, worker)
    clocks(browser, signed_in_ago=3600, seen_ago=45 * 60)
    response = browser.post(reverse("help_requests:note", args=[request.pk]), {"body": "<b>Hei</b> muualta"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
