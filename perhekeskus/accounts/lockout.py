"""Guessing at passwords and codes: slowed at once, then locked for a while, never for good.

django-axes counts the failures (AccessAttempt rows, each with its account and address) and
locks an account at AXES_FAILURE_LIMIT; this module locks an address at the looser
LOGIN_ADDRESS_FAILURE_LIMIT, since one address may be a whole office (settings.py). Before its
lock, this module slows the guesser: after FREE_FAILURES wrong tries on an account (or
ADDRESS_FREE_FAILURES from an address) each further try must wait
twice as long as the last (2 s, 4 s ... about four minutes before the lock), answered at once
with a 429 and never by holding a server worker asleep. A wrong second-factor code counts as a
failed sign-in too.

A lock lasts AXES_COOLOFF_TIME (15 minutes) and tries during it do not lengthen it; a browser
that has fully signed in as the account before passes the lock (known_devices.py), so a guesser
who keeps coming back keeps strangers out, not the worker. The worker is told by e-mail when
their account is locked, and an admin unlocks it at once by deleting the account's access
attempts in the admin (Axes → Access attempts) or with `manage.py axes_reset_username NAME`.
"""

import logging
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UsernameField
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.utils import timezone

from . import counters, notices

logger = logging.getLogger(__name__)

FREE_FAILURES = 3
# An address may be a whole office behind one line: its failures wait later and lock later.
ADDRESS_FREE_FAILURES = 10
FIRST_WAIT_SECONDS = 2
USERNAME_MAX_LENGTH = 150  # Django's User.username
IN_FLIGHT_SECONDS = 10  # a try being checked holds its account and address at most this long


def wait_seconds(request, username: str, *, now=None) -> int:
    """How many seconds this address and this account must still wait before the next try."""
    now = now or timezone.now()
    address = get_client_ip_address(request)
    waits = [_wait(AccessAttempt.objects.filter(username=username), now, FREE_FAILURES)] if username else []
    if address:
        waits.append(_wait(AccessAttempt.objects.filter(ip_address=address), now, ADDRESS_FREE_FAILURES))
    return max(waits, default=0)


def _recent(attempts, now):
    return attempts.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )


def _wait(attempts, now, free: int) -> int:
    summary = _recent(attempts, now)
    failures = summary["failures"] or 0
    if failures < free or summary["last"] is None:
        return 0
    delay = timedelta(seconds=FIRST_WAIT_SECONDS * 2 ** min(failures - free, 16))
    return max(0, int((summary["last"] + delay - now).total_seconds()) + 1)


def address_locked(request, *, now=None) -> bool:
    """Whether this address has failed LOGIN_ADDRESS_FAILURE_LIMIT times within the cool-off,
    over all the accounts it tried (django-axes locks the account; this is the address's line)."""
    address = get_client_ip_address(request)
    if not address:
        return False
    failures = _recent(AccessAttempt.objects.filter(ip_address=address), now or timezone.now())["failures"] or 0
    return failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def is_locked(request, username: str) -> bool:
    """Whether this account (django-axes) or this address is locked now."""
    return not AxesProxyHandler.is_allowed(request, {"username": username}) or address_locked(request)


def lock_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def account_failures(username: str) -> int:
    return AccessAttempt.objects.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"] or 0


def counted_username(raw: str) -> str | None:
    """The user name as Django reads it (stripped, NFKC-normalised: "ｔｉｉｎａ " is "tiina"), so
    that the waits count every spelling of one account together; None for one that no account
    can have (longer than the field, or with control characters such as NUL)."""
    name = UsernameField().to_python(raw or "")
    if len(name) > USERNAME_MAX_LENGTH or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return None
    return name


@contextmanager
def one_try_at_a_time(request, username: str):
    """Whether this try may check the password now: not while another try at the same account or
    from the same address is being checked (parallel posts would each be checked before any of
    their failures is counted). Kept in the cache, so shared by the workers when Redis is there;
    without it each worker holds its own, which still bounds parallel tries by the workers."""
    keys = [
        counters.key(f"trying-{kind}", value)
        for kind, value in (("user", username), ("address", get_client_ip_address(request)))
        if value
    ]
    taken = [key for key in keys if cache.add(key, 1, timeout=IN_FLIGHT_SECONDS)]
    try:
        yield len(taken) == len(keys)
    finally:
        cache.delete_many(taken)


def after_the_answer(request, send) -> None:
    """Run `send` after the answer has gone (StaffSessionMiddleware hands it to the response's
    closers), so that a mail server's slowness never shows in the answer's time."""
    if not hasattr(request, "accounts_after_answer"):
        request.accounts_after_answer = []
    request.accounts_after_answer.append(send)


@receiver(user_locked_out)
def tell_the_worker(sender, request=None, username=None, ip_address=None, **kwargs):
    """E-mail the owner of a locked account, once per lock, after the answer: when it opens again
    and what to do if the tries were not theirs."""
    user = get_user_model().objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None or account_failures(username) < settings.AXES_FAILURE_LIMIT:
        return
    if not cache.add(f"accounts:lock-mail:{user.pk}", 1, timeout=int(settings.AXES_COOLOFF_TIME.total_seconds())):
        return
    opens = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    after_the_answer(request, partial(notices.account_locked, user, opens))


@receiver(user_logged_in)
def forget_the_accounts_failures(sender, request, user, **kwargs):
    """A full sign-in clears the account's own failures, and only those: django-axes' reset on
    success would clear every account's failures from the same address too."""
    AccessAttempt.objects.filter(username=user.get_username()).delete()
