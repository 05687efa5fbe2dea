"""The team members' sign-in, beside the inbox they sign in to: the second factor follows them
into a team, the idle limit ends their session, and a note typed into an ended session is given
back (perhekeskus/accounts has the sign-in's own tests)."""

import pytest
from django.test import Client
from django.urls import reverse

from perhekeskus.accounts.testing import set_session_clocks, sign_in
from perhekeskus.directory.roles import NETWORK_MEMBER
from perhekeskus.help_requests.models import Message

from .factories import make_request, make_team, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Tiimi-salasana-2026"  # noqa: S105
NOTE = "Soitin perheelle.\nSovittiin tapaaminen ensi viikolle."


@pytest.fixture
def worker():
    user = make_user("tiina")
    make_team("perhesosiaalityo", members=[user])
    return user


def password_step(client, username, next_url):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, "next": next_url})


def test_a_worker_idle_for_30_minutes_signs_in_again(client, worker):
    sign_in(client, worker)
    set_session_clocks(client, signed_in_ago=3600, seen_ago=29 * 60)
    assert client.get("/inbox/").status_code == 200
    set_session_clocks(client, signed_in_ago=3600, seen_ago=31 * 60)
    assert client.get("/inbox/")["Location"] == "/accounts/login/?next=/inbox/"


def test_a_member_added_to_a_team_after_signing_in_is_signed_out(client):
    user = make_user("verkosto", password=PASSWORD, groups=[NETWORK_MEMBER])
    password_step(client, "verkosto", next_url="/")
    assert client.get(reverse("accounts:security")).status_code == 200
    make_team("lastensuojelu", members=[user])
    response = client.get(reverse("help_requests:inbox"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_a_note_posted_into_an_ended_session_is_given_back_to_copy(client, worker):
    request = make_request(worker.help_teams.first())
    sign_in(client, worker)
    set_session_clocks(client, signed_in_ago=3600, seen_ago=45 * 60)
    response = client.post(reverse("help_requests:note", args=[request.pk]), {"body": NOTE})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Istuntosi päättyi" in html and "Lomaketta ei lähetetty" in html
    assert f">{NOTE}</textarea>" in html
    assert f"next=/inbox/{request.pk}/note/" in html
    assert not Message.objects.exists()


def test_another_sites_post_into_an_ended_session_is_not_shown(worker):

    request = make_request(worker.help_teams.first())
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, worker)
    set_session_clocks(browser, signed_in_ago=3600, seen_ago=45 * 60)
    response = browser.post(reverse("help_requests:note", args=[request.pk]), {"body": "<b>Hei</b> muualta"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
