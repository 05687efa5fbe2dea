"""Guessing at a password: slowed at once, then locked per account and per address, told by
e-mail, unlocked by time or by an admin; never a 500."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from perhekeskus.accounts import lockout

from .people import PASSWORD, make_reader, make_user

pytestmark = pytest.mark.django_db

LIMIT = 10
ADDRESS_LIMIT = 30  # LOGIN_ADDRESS_FAILURE_LIMIT


def attempt(client, username="tiina", password="arvaus-123", address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def waited():
    """As if each wait had passed: the last attempt moved back by the longest wait there is."""
    longest = timedelta(seconds=lockout.FIRST_WAIT_SECONDS * 2**LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - min(longest, timedelta(minutes=14)))


def fail(client, times, **where):
    for _ in range(times):
        waited()
        assert attempt(client, **where).status_code in (400, 429)


def test_after_three_failures_each_try_waits_longer(client, worker):
    for _ in range(lockout.FREE_FAILURES):
        assert attempt(client).status_code == 400
    response = attempt(client, password=PASSWORD)  # even the right password must wait
    assert response.status_code == 429 and int(response["Retry-After"]) >= lockout.FIRST_WAIT_SECONDS
    assert "Odota" in response.content.decode() and 'value="tiina"' in response.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == lockout.FREE_FAILURES  # a wait is no failure
    waited()
    assert attempt(client).status_code == 400
    assert lockout.wait_seconds(_request("192.0.2.10"), "tiina") >= 2 * lockout.FIRST_WAIT_SECONDS


def _request(address):
    from django.test import RequestFactory

    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_ten_failures_lock_the_account_and_the_worker_is_told_once(client, worker):
    fail(client, LIMIT)
    waited()
    response = attempt(client, password=PASSWORD)
    assert response.status_code == 429 and "lukittu 15 minuutiksi" in response.content.decode()
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["tiina@example.org"]
    assert "192.0.2.10" not in mail.outbox[0].body and "arvaus-123" not in mail.outbox[0].body
    waited()
    attempt(client)
    assert len(mail.outbox) == 1


def test_tries_during_the_lock_do_not_lengthen_it(client, worker):
    fail(client, LIMIT)
    before = AccessAttempt.objects.get().failures_since_start
    attempt(client)
    attempt(client, address="198.51.100.7")
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == before


def test_the_lock_opens_after_the_cool_off(client, worker):
    fail(client, LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = attempt(client, password=PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:enrol")


def test_an_admin_unlocks_at_once(client, worker):
    fail(client, LIMIT)
    assert attempt(client, password=PASSWORD).status_code == 429
    AccessAttempt.objects.filter(username="tiina").delete()  # Axes → Access attempts → delete
    assert attempt(client, password=PASSWORD).status_code == 302


def test_a_lockout_reached_from_many_addresses_locks_the_account_only(client, worker):
    make_user("olli", password=PASSWORD)
    for n in range(LIMIT):
        waited()
        attempt(client, address=f"203.0.113.{n + 1}")
    waited()
    assert attempt(client, password=PASSWORD, address="192.0.2.99").status_code == 429
    # Those addresses are not locked for everyone: another worker signs in from one of them.
    assert attempt(client, "olli", PASSWORD, address="203.0.113.1").status_code == 302


def test_an_office_behind_one_address_is_not_locked_by_a_few_typos(client, worker):
    for n in range(LIMIT):
        waited()
        attempt(client, username=f"kollega{n}", address="198.51.100.20")
    waited()
    assert attempt(client, password=PASSWORD, address="198.51.100.20").status_code == 302


def test_one_address_guessing_at_many_accounts_is_locked(client, worker):
    for n in range(ADDRESS_LIMIT):
        waited()
        attempt(client, username=f"arvaus{n}", address="198.51.100.20")
    waited()
    assert attempt(client, password=PASSWORD, address="198.51.100.20").status_code == 429
    assert attempt(client, password=PASSWORD, address="192.0.2.50").status_code == 302


def test_an_ipv6_guesser_cannot_step_past_the_limit_inside_its_64(client, worker):
    for n in range(ADDRESS_LIMIT):
        waited()
        attempt(client, username=f"arvaus{n}", address=f"2001:db8:1:2::{n + 1:x}")
    waited()
    assert attempt(client, password=PASSWORD, address="2001:db8:1:2::ffff").status_code == 429


@pytest.mark.parametrize(
    "meta",
    [
        {"REMOTE_ADDR": "not an address"},
        {"HTTP_USER_AGENT": "x" * 20_000},
        {"HTTP_ACCEPT": "y" * 20_000},
        {"HTTP_X_FORWARDED_FOR": "1.2.3.4, <script>"},
    ],
    ids=["bad-address", "huge-user-agent", "huge-accept", "forged-forwarded-for"],
)
def test_odd_and_oversized_headers_are_no_500(client, worker, settings, meta):
    settings.TRUST_X_FORWARDED_FOR = True
    response = client.post(reverse("login"), {"username": "tiina", "password": "väärä"}, **meta)
    assert response.status_code == 400
    response = client.post(reverse("login"), {"username": "tiina", "password": PASSWORD}, **meta)
    assert response.status_code == 302


def test_an_oversized_username_is_a_400(client):
    response = client.post(reverse("login"), {"username": "x" * 10_000, "password": "y"})
    assert response.status_code == 400


def test_a_sign_in_at_the_address_does_not_clear_another_accounts_failures(client, worker):
    make_user("olli", password=PASSWORD)
    fail(client, LIMIT - 1)
    waited()
    assert attempt(client, "olli", PASSWORD).status_code == 302
    waited()
    attempt(client)
    waited()
    assert attempt(client, password=PASSWORD, address="198.51.100.99").status_code == 429


def test_every_spelling_of_a_name_waits_together(client, worker):
    fail(client, lockout.FREE_FAILURES)
    AccessAttempt.objects.update(attempt_time=timezone.now())
    for spelling in [" tiina", "tiina ", "\ttiina", "ｔｉｉｎａ", "tiina\u00a0"]:
        assert attempt(client, username=spelling, address="203.0.113.50").status_code == 429, repr(spelling)


@pytest.mark.parametrize("username", ["tii\x00na", "x" * 151, "x" * 256, "tiina\x7f"])
def test_a_name_no_account_can_have_is_a_400_before_any_lookup(client, username):
    response = client.post(reverse("login"), {"username": username, "password": "y"})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_one_try_at_a_time_per_account_and_address(client, worker):
    with lockout.one_try_at_a_time(_request("192.0.2.10"), "tiina") as allowed:
        assert allowed
        # A parallel post, for the same account from elsewhere or from the same address: wait.
        assert attempt(client, password=PASSWORD, address="198.51.100.1").status_code == 429
        assert attempt(client, "olli", PASSWORD, address="192.0.2.10").status_code == 429
    assert attempt(client, password=PASSWORD).status_code == 302


def test_the_set_up_step_holds_the_lock_too(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from perhekeskus.accounts.testing import current_code

    user = make_reader("uusi", password=PASSWORD)
    assert attempt(client, "uusi", PASSWORD)["Location"] == reverse("accounts:enrol")
    fail(client, LIMIT, username="uusi", address="198.51.100.30")
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:enrol"), {"code": current_code(device)}, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 429 and "_auth_user_id" not in client.session
