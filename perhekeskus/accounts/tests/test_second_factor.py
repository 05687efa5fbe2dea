"""Signing in with a second factor: enrolment, codes, recovery codes, replays, the admin."""

import time

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from perhekeskus.accounts import known_devices, pending
from perhekeskus.accounts.testing import current_code, sign_in
from perhekeskus.directory.roles import COORDINATOR, NETWORK_MEMBER

from .people import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SECURITY = "/accounts/security/"


def password_step(client, username="tiina", next_url=SECURITY):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, "next": next_url})


def enrolled(client, user) -> tuple[TOTPDevice, list[str]]:
    """Sign in the first time: password, set up the app; the device and the recovery codes."""
    assert password_step(client)["Location"] == reverse("accounts:enrol")
    client.get(reverse("accounts:enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post(reverse("accounts:enrol"), {"code": current_code(device)})
    assert page.status_code == 200
    return TOTPDevice.objects.get(user=user, confirmed=True), page.context["codes"]


def test_the_first_sign_in_sets_up_the_app_shows_ten_codes_and_opens_the_inbox(client, worker):
    response = password_step(client)
    assert response["Location"] == reverse("accounts:enrol")
    assert client.get(SECURITY)["Location"].startswith("/accounts/login/")  # the password alone opens nothing
    page = client.get(reverse("accounts:enrol"))
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and page.context["key"] in html
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    assert client.post(reverse("accounts:enrol"), {"code": "000000"}).status_code == 400
    assert not TOTPDevice.objects.filter(user=worker, confirmed=True).exists()
    # django-otp makes the next try wait a second after a wrong code.
    assert client.post(reverse("accounts:enrol"), {"code": current_code(device)}).status_code == 429
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    device.refresh_from_db()
    page = client.post(reverse("accounts:enrol"), {"code": current_code(device)})
    assert page.status_code == 200 and len(page.context["codes"]) == 10
    assert all(code in page.content.decode() for code in page.context["codes"])
    assert client.get(SECURITY).status_code == 200


def test_the_next_sign_in_asks_for_a_code_and_never_for_a_new_set_up(client, worker):
    device, _codes = enrolled(client, worker)
    client.post(reverse("logout"))
    assert password_step(client)["Location"] == reverse("accounts:second_factor")
    # Knowing the password is not enough to set up an app of one's own.
    assert client.get(reverse("accounts:enrol"))["Location"] == reverse("accounts:second_factor")
    response = client.post(reverse("accounts:second_factor"), {"code": current_code(device, steps_ahead=1)})
    assert response.status_code == 302 and response["Location"] == SECURITY
    assert client.get(SECURITY).status_code == 200


def test_a_forged_code_is_refused_and_counts_as_a_failure(client, worker):
    from axes.models import AccessAttempt

    enrolled(client, worker)
    client.post(reverse("logout"))
    del client.cookies[known_devices.COOKIE]  # a stranger's browser (a known one counts its own: test_known_devices)
    password_step(client)
    response = client.post(reverse("accounts:second_factor"), {"code": "123456"})
    assert response.status_code == 400 and "Koodi ei kelpaa" in response.content.decode()
    assert client.get(SECURITY).status_code == 302
    assert AccessAttempt.objects.get(username="tiina").failures_since_start == 1


def test_a_replayed_code_is_refused(client, worker):
    device, _codes = enrolled(client, worker)
    client.post(reverse("logout"))
    password_step(client)
    code = current_code(device, steps_ahead=1)
    assert client.post(reverse("accounts:second_factor"), {"code": code}).status_code == 302
    client.post(reverse("logout"))
    password_step(client)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post(reverse("accounts:second_factor"), {"code": code}).status_code == 400
    assert client.get(SECURITY).status_code == 302


def test_a_recovery_code_opens_once(client, worker):
    _device, codes = enrolled(client, worker)
    client.post(reverse("logout"))
    password_step(client)
    assert client.post(reverse("accounts:second_factor"), {"code": codes[0].upper()}).status_code == 302
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post(reverse("logout"))
    password_step(client)
    assert client.post(reverse("accounts:second_factor"), {"code": codes[0]}).status_code == 400
    assert client.get(SECURITY).status_code == 302


def test_new_recovery_codes_replace_the_old_and_take_a_current_code(client, worker):
    device, old = enrolled(client, worker)
    # A session left open is not enough to make lasting codes: a code from the app is.
    assert client.post(reverse("accounts:new_recovery_codes")).status_code == 400
    assert client.post(reverse("accounts:new_recovery_codes"), {"code": old[0]}).status_code == 400
    assert StaticToken.objects.filter(token__in=old).count() == 10
    page = client.post(reverse("accounts:new_recovery_codes"), {"code": current_code(device, steps_ahead=1)})
    assert page.status_code == 200 and len(page.context["codes"]) == 10
    assert not StaticToken.objects.filter(token__in=old).exists()
    assert client.get(reverse("accounts:security")).context["codes_left"] == 10


def test_django_otp_throttles_repeated_wrong_codes(client, worker):
    device, _codes = enrolled(client, worker)
    client.post(reverse("logout"))
    password_step(client)
    client.post(reverse("accounts:second_factor"), {"code": "111111"})
    client.post(reverse("accounts:second_factor"), {"code": "222222"})
    # The right code too must wait while the device is throttled; the answer says how long.
    response = client.post(reverse("accounts:second_factor"), {"code": current_code(device, steps_ahead=1)})
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1


def test_bad_codes_are_clear_400s(client, worker):
    enrolled(client, worker)
    client.post(reverse("logout"))
    password_step(client)
    for code in ["", "x" * 500, "12 34 5", "<script>"]:
        response = client.post(reverse("accounts:second_factor"), {"code": code})
        assert response.status_code in (400, 429), code
        assert 'role="alert"' in response.content.decode() or "field-error" in response.content.decode()


def test_the_half_way_state_lasts_five_minutes(client, worker):
    enrolled(client, worker)
    client.post(reverse("logout"))
    password_step(client)
    session = client.session
    session[pending.SESSION_KEY]["at"] = time.time() - pending.LASTS_SECONDS - 1
    session.save()
    assert client.get(reverse("accounts:second_factor"))["Location"] == reverse("login")


def test_the_steps_without_a_password_lead_to_the_sign_in(client):
    assert client.get(reverse("accounts:second_factor"))["Location"] == reverse("login")
    assert client.post(reverse("accounts:enrol"), {"code": "123456"})["Location"] == reverse("login")


def test_a_network_member_signs_in_with_the_password_alone(client):
    make_user("verkosto", password=PASSWORD, groups=[NETWORK_MEMBER])
    response = password_step(client, "verkosto", next_url="/")
    assert response["Location"] == "/"
    assert client.get(reverse("accounts:security")).context["required"] is False


def test_a_coordinator_needs_the_second_factor(client):
    make_user("koordinaattori", password=PASSWORD, groups=[COORDINATOR])
    assert password_step(client, "koordinaattori")["Location"] == reverse("accounts:enrol")


def test_the_admin_opens_only_with_a_verified_second_factor(client):
    admin_user = User.objects.create_superuser("admin", password=PASSWORD)
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/accounts/login/?next=/admin/"
    sign_in(client, admin_user)
    assert client.get("/admin/").status_code == 200


def test_staff_in_the_admin_without_a_role_need_it_too(client):
    user = make_user("henkilokunta", password=PASSWORD)
    user.is_staff = True
    user.save()
    assert password_step(client, "henkilokunta")["Location"] == reverse("accounts:enrol")
    assert not Group.objects.filter(user=user).exists()


def test_two_sessions_with_the_password_never_see_the_same_key(client, worker):
    from django.test import Client

    attacker = Client()
    password_step(client)
    worker_key = client.get(reverse("accounts:enrol")).context["key"]
    password_step(attacker)
    attacker_key = attacker.get(reverse("accounts:enrol")).context["key"]
    assert attacker_key != worker_key
    # The later set-up replaced the earlier: the worker's page sends them to sign in again.
    assert client.get(reverse("accounts:enrol"))["Location"] == reverse("login")
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    assert attacker.post(reverse("accounts:enrol"), {"code": current_code(device)}).status_code == 200
    # A confirmed authenticator stands: no second set-up can replace it.
    password_step(client)
    assert client.get(reverse("accounts:enrol"))["Location"] == reverse("accounts:second_factor")
    assert TOTPDevice.objects.filter(user=worker).count() == 1


def test_the_worker_is_told_of_a_new_authenticator(client, worker):
    from django.core import mail

    enrolled(client, worker)
    assert [message.to for message in mail.outbox] == [["tiina@example.org"]]
    assert "todennussovellus" in mail.outbox[0].subject


def test_a_typed_code_is_not_kept_by_the_failure_count(client, worker):
    from axes.models import AccessAttempt

    enrolled(client, worker)
    client.post(reverse("logout"))
    password_step(client)
    client.post(reverse("accounts:second_factor"), {"code": "sala1234"})
    assert "sala1234" not in str(list(AccessAttempt.objects.values()))


def test_the_api_signs_no_one_in(client, worker):
    import base64

    from axes.models import AccessAttempt

    for password in (PASSWORD, "arvaus"):
        credentials = base64.b64encode(f"tiina:{password}".encode()).decode()
        for url in ("/api/v1/", "/api/v1/schema/"):
            assert client.get(url, HTTP_AUTHORIZATION=f"Basic {credentials}").status_code == 200
    assert not AccessAttempt.objects.exists()
