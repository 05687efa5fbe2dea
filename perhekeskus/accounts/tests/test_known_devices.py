"""A browser that has signed in as the worker before gets in while a guesser holds the lock; its
own wrong tries are counted, and a forged or foreign cookie is no trust at all."""

import pytest
from axes.models import AccessAttempt
from django.core import signing
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from perhekeskus.accounts import known_devices
from perhekeskus.accounts.testing import current_code

from .people import PASSWORD, make_user
from .test_lockout import LIMIT, attempt, fail, waited

pytestmark = pytest.mark.django_db

SECURITY = "/accounts/security/"


def signed_in_once(browser, user) -> TOTPDevice:
    """A full first sign-in in `browser` (it keeps the device cookie); then signed out."""
    browser.post(reverse("login"), {"username": "tiina", "password": PASSWORD})
    browser.get(reverse("accounts:enrol"))
    device = TOTPDevice.objects.get(user=user)
    assert browser.post(reverse("accounts:enrol"), {"code": current_code(device)}).status_code == 200
    assert known_devices.COOKIE in browser.cookies
    browser.post(reverse("logout"))
    return device


def test_a_known_browser_signs_in_while_a_guesser_holds_the_lock(worker):
    browser = Client(REMOTE_ADDR="192.0.2.10")
    device = signed_in_once(browser, worker)
    guesser = Client()
    fail(guesser, LIMIT, address="203.0.113.9")
    assert attempt(guesser, password=PASSWORD, address="203.0.113.9").status_code == 429  # the lock holds
    response = browser.post(reverse("login"), {"username": "tiina", "password": PASSWORD, "next": SECURITY})
    assert response["Location"] == reverse("accounts:second_factor")
    response = browser.post(reverse("accounts:second_factor"), {"code": current_code(device, steps_ahead=1)})
    assert response["Location"] == SECURITY and browser.get(SECURITY).status_code == 200


def test_a_known_browser_that_guesses_becomes_a_stranger(worker):
    browser = Client(REMOTE_ADDR="192.0.2.10")
    signed_in_once(browser, worker)
    fail(Client(), LIMIT, address="203.0.113.9")
    for _ in range(known_devices.DEVICE_FAILURE_LIMIT):
        waited()
        assert browser.post(reverse("login"), {"username": "tiina", "password": "arvaus"}).status_code == 400
    waited()
    assert browser.post(reverse("login"), {"username": "tiina", "password": PASSWORD}).status_code == 429


def test_a_known_browser_is_known_for_its_own_account_only(worker):
    make_user("olli", password=PASSWORD)
    browser = Client(REMOTE_ADDR="192.0.2.10")
    signed_in_once(browser, worker)
    for n in range(LIMIT):
        waited()
        attempt(Client(), username="olli", address=f"203.0.113.{n + 1}")
    waited()
    assert browser.post(reverse("login"), {"username": "olli", "password": PASSWORD}).status_code == 429


@pytest.mark.parametrize("cookie", ["forged", "x" * 5000, "__other_users__", "__expired__"])
def test_a_forged_foreign_or_old_cookie_is_no_trust(worker, cookie, monkeypatch):
    other = make_user("olli", password=PASSWORD)
    if cookie == "__other_users__":
        cookie = signing.dumps({"u": other.pk, "d": "laite"}, salt=known_devices.SALT)
    elif cookie == "__expired__":
        cookie = signing.dumps({"u": worker.pk, "d": "laite"}, salt=known_devices.SALT)
        monkeypatch.setattr(known_devices, "DEVICE_DAYS", -1)
    fail(Client(), LIMIT, address="203.0.113.9")
    browser = Client(REMOTE_ADDR="192.0.2.10")
    browser.cookies[known_devices.COOKIE] = cookie
    assert browser.post(reverse("login"), {"username": "tiina", "password": PASSWORD}).status_code == 429
    assert AccessAttempt.objects.filter(username="tiina").exists()


def test_while_the_cache_is_away_every_browser_is_a_stranger(worker, settings):
    browser = Client(REMOTE_ADDR="192.0.2.10")
    signed_in_once(browser, worker)
    fail(Client(), LIMIT, address="203.0.113.9")
    settings.CACHES = {"default": {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    assert browser.post(reverse("login"), {"username": "tiina", "password": PASSWORD}).status_code == 429
