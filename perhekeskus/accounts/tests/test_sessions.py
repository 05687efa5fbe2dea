"""Staff sessions: 12 hours at most, 30 minutes idle for readers of sensitive data; what was
typed into an ended session is given back; a tampered cookie is only a signed-out visitor."""

import time

import pytest
from django.urls import reverse

from perhekeskus.accounts.sessions import SEEN_AT, SIGNED_IN_AT
from perhekeskus.accounts.testing import set_session_clocks, sign_in
from perhekeskus.directory.roles import NETWORK_MEMBER

from .people import make_reader, make_user

pytestmark = pytest.mark.django_db

SECURITY = "/accounts/security/"

NOTE = "Soitin perheelle.\nSovittiin tapaaminen ensi viikolle."


@pytest.fixture
def worker():
    return make_reader("tiina")


def test_a_reader_idle_for_30_minutes_signs_in_again(client, worker):
    sign_in(client, worker)
    set_session_clocks(client, signed_in_ago=3600, seen_ago=29 * 60)
    assert client.get(SECURITY).status_code == 200
    set_session_clocks(client, signed_in_ago=3600, seen_ago=31 * 60)
    response = client.get(SECURITY)
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={SECURITY}"
    assert "_auth_user_id" not in client.session


def test_each_request_moves_the_idle_clock(client, worker):
    sign_in(client, worker)
    set_session_clocks(client, signed_in_ago=3600, seen_ago=20 * 60)
    client.get(SECURITY)
    assert time.time() - client.session[SEEN_AT] < 5


def test_twelve_hours_end_any_staff_session(client):
    member = make_user("verkosto", groups=[NETWORK_MEMBER])
    client.force_login(member)
    set_session_clocks(client, signed_in_ago=11 * 3600, seen_ago=5 * 3600)  # idle hours are fine for a non-reader
    assert client.get(reverse("accounts:security")).status_code == 200
    set_session_clocks(client, signed_in_ago=12 * 3600 + 1, seen_ago=0)
    assert client.get(reverse("accounts:security")).status_code == 302


def test_a_session_without_its_clocks_counts_as_ended(client, worker):
    sign_in(client, worker)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert client.get(SECURITY).status_code == 302


@pytest.mark.parametrize("cookie", ["tampered", "x" * 4000, "' OR 1=1 --", ""])
def test_a_tampered_session_cookie_is_a_signed_out_visitor(client, worker, cookie):
    sign_in(client, worker)
    client.cookies["sessionid"] = cookie
    response = client.get(SECURITY)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/").status_code == 200


def test_a_text_posted_into_an_ended_session_is_given_back_to_copy(client, worker):
    sign_in(client, worker)
    set_session_clocks(client, signed_in_ago=3600, seen_ago=45 * 60)
    response = client.post(reverse("accounts:new_recovery_codes"), {"code": NOTE})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Istuntosi päättyi" in html and "Lomaketta ei lähetetty" in html
    assert f">{NOTE}</textarea>" in html
    assert "_auth_user_id" not in client.session
