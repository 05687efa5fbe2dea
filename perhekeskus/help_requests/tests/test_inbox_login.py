"""Logging in to the inbox and out again (Django's auth views with the site's own templates)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from perhekeskus.accounts.testing import current_code, sign_in

from .factories import make_team, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Tiimi-salasana-2026"  # noqa: S105


@pytest.fixture
def member():
    user = make_user("tiina", password=PASSWORD)
    make_team("perhesosiaalityo", members=[user])
    return user


def test_the_inbox_sends_an_anonymous_visitor_to_the_login_page_and_back(client, member):
    response = client.get(reverse("help_requests:inbox"))
    assert response["Location"] == "/accounts/login/?next=/inbox/"
    page = client.get(response["Location"])
    content = page.content.decode()
    assert page.status_code == 200
    assert '<label for="id_username">Käyttäjätunnus' in content and '<label for="id_password">Salasana' in content
    assert 'name="next" value="/inbox/"' in content
    response = client.post("/accounts/login/", {"username": "tiina", "password": PASSWORD, "next": "/inbox/"})
    # A team worker reads requests about children: the password is followed by a second factor.
    assert response.status_code == 302 and response["Location"] == reverse("accounts:enrol")
    assert client.get(response["Location"]).status_code == 200
    device = TOTPDevice.objects.get(user=member)
    page = client.post(reverse("accounts:enrol"), {"code": current_code(device)})
    assert page.status_code == 200 and page.context["continue_url"] == "/inbox/"
    assert client.get("/inbox/").status_code == 200


def test_a_login_without_next_goes_to_the_inbox(client, member):
    client.post("/accounts/login/", {"username": "tiina", "password": PASSWORD})
    client.get(reverse("accounts:enrol"))
    page = client.post(reverse("accounts:enrol"), {"code": current_code(TOTPDevice.objects.get(user=member))})
    assert page.context["continue_url"] == reverse("help_requests:inbox")


def test_a_wrong_password_shows_a_message_and_keeps_the_username(client, member):
    response = client.post("/accounts/login/", {"username": "tiina", "password": "väärä"})
    content = response.content.decode()
    assert response.status_code == 400 and 'role="alert"' in content
    assert 'value="tiina"' in content


def test_the_inbox_has_a_logout_button_that_posts(client, member):
    sign_in(client, member)
    content = client.get("/inbox/").content.decode()
    assert f'action="{reverse("logout")}"' in content and 'method="post"' in content
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/inbox/").status_code == 302


def test_the_logged_out_page(client, member, settings):
    settings.LOGOUT_REDIRECT_URL = None
    sign_in(client, member)
    response = client.post(reverse("logout"))
    assert response.status_code == 200 and "Kirjauduit ulos" in response.content.decode()


def test_the_swedish_login_page(client):
    with translation.override(None):  # put back the language the request activates
        response = client.get("/sv/accounts/login/")
    assert response.status_code == 200 and 'lang="sv"' in response.content.decode()
