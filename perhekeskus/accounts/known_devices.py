"""Browsers a worker has fully signed in with before: a guesser's lock does not keep them out.

The lock of an account (lockout.py) stops a guesser, but it stops the worker too, and a guesser
who comes back every quarter of an hour could keep them out for good. So a full sign-in (the
password and, where needed, the second factor) leaves a signed cookie in the browser, naming the
user and a random device id (the "device cookie" of OWASP's advice against online guessing). A
try that brings a valid cookie for the account it names is not held by the account's or the
address's waits and lock: django-axes is told to let it through (AXES_WHITELIST_CALLABLE) and
does not count it. Its own failures are counted per device instead, in the cache:
DEVICE_FAILURE_LIMIT wrong passwords or codes within the cool-off and the browser is a stranger
again until it has passed; while the cache is away, every browser is a stranger.

A cookie proves only that this browser once signed in; the password and the second factor are
still asked for. It is HttpOnly, sent only to /accounts/, secure in production, and lasts
DEVICE_DAYS; it is signed with SECRET_KEY, so a new key forgets every device.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing

from . import counters

COOKIE = "perhekeskus_device"
SALT = "perhekeskus.accounts.known_devices"
DEVICE_DAYS = 180
DEVICE_FAILURE_LIMIT = 5
PATH = "/"  # the sign-in's pages are under a language prefix too (/sv/accounts/...)


def remember(response, user) -> None:
    """Leave the device cookie for `user` on the answer to a full sign-in."""
    value = signing.dumps({"u": user.pk, "d": secrets.token_urlsafe(16)}, salt=SALT)
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(timedelta(days=DEVICE_DAYS).total_seconds()),
        path=PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def known_device(request, username: str) -> str | None:
    """The id of this browser's device if it has signed in as `username` before and has not
    used up its own failures; None for a stranger."""
    try:
        value = signing.loads(
            request.COOKIES.get(COOKIE, ""), salt=SALT, max_age=timedelta(days=DEVICE_DAYS).total_seconds()
        )
        user_pk, device = int(value["u"]), str(value["d"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    names = get_user_model().objects.filter(pk=user_pk, is_active=True).values_list("username", flat=True)
    if not username or username not in names or not counters.counting() or _failures(device) >= DEVICE_FAILURE_LIMIT:
        return None
    return device


def trusted(request, credentials) -> bool:
    """django-axes' AXES_WHITELIST_CALLABLE: a known device neither waits for nor adds to the
    account's and the address's counts."""
    return known_device(request, (credentials or {}).get("username") or "") is not None


def count_failure(device: str) -> None:
    counters.hit(counters.key("device-failures", device), int(settings.AXES_COOLOFF_TIME.total_seconds()))


def _failures(device: str) -> int:
    return counters.value(counters.key("device-failures", device))
