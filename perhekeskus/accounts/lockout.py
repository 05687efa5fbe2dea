"""Guessing at passwords and codes: slowed at once, then locked for a while, never for good.

django-axes counts the failures, per account and per address (AccessAttempt rows; settings.py
sets the limit and the cool-off). Before its lock, this module slows the guesser: after
FREE_FAILURES wrong tries each further try must wait twice as long as the last (2 s, 4 s ...
about four minutes before the lock), answered at once with a 429 and never by holding a server
worker asleep. A wrong second-factor code counts as a failed sign-in too.

A lock lasts AXES_COOLOFF_TIME (15 minutes) and tries during it do not lengthen it, so an
attacker cannot keep a worker out for longer than that per round; the worker is told by e-mail
when their account is locked, and an admin unlocks it at once by deleting the account's access
attempts in the admin (Axes → Access attempts) or with `manage.py axes_reset_username NAME`.
"""

import logging
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FREE_FAILURES = 3
FIRST_WAIT_SECONDS = 2


def wait_seconds(request, username: str, *, now=None) -> int:
    """How many seconds this address and this account must still wait before the next try."""
    now = now or timezone.now()
    address = get_client_ip_address(request)
    waits = [_wait(AccessAttempt.objects.filter(username=username), now)] if username else []
    if address:
        waits.append(_wait(AccessAttempt.objects.filter(ip_address=address), now))
    return max(waits, default=0)


def _wait(attempts, now) -> int:
    summary = attempts.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    failures = summary["failures"] or 0
    if failures < FREE_FAILURES or summary["last"] is None:
        return 0
    delay = timedelta(seconds=FIRST_WAIT_SECONDS * 2 ** (failures - FREE_FAILURES))
    return max(0, int((summary["last"] + delay - now).total_seconds()) + 1)


def is_locked(request, username: str) -> bool:
    """Whether django-axes refuses this account or address now."""
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def lock_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def account_failures(username: str) -> int:
    return AccessAttempt.objects.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"] or 0


@receiver(user_locked_out)
def tell_the_worker(sender, request=None, username=None, ip_address=None, **kwargs):
    """E-mail the owner of a locked account, once per lock: when it opens again and what to do if
    the tries were not theirs. The address of the guesser is not sent (it may be a colleague's
    shared office line); the admin sees it in the access attempts."""
    user = get_user_model().objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None or account_failures(username) < settings.AXES_FAILURE_LIMIT:
        return
    if not cache.add(f"accounts:lock-mail:{user.pk}", 1, timeout=int(settings.AXES_COOLOFF_TIME.total_seconds())):
        return
    opens = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Perhekeskus: tunnuksesi on lukittu hetkeksi")
        body = "\n\n".join(
            [
                _("Tunnukseesi on yritetty kirjautua monta kertaa väärällä salasanalla tai koodilla."),
                _("Tunnus on lukittu, ja se avautuu itsestään klo %(time)s.")
                % {"time": formats.time_format(opens, "H.i")},
                _("Jos et itse yrittänyt kirjautua, kerro siitä ylläpidolle. Ylläpito voi myös avata lukon heti."),
            ]
        )
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # a mail server away must not turn the lockout into an error page
        logger.exception("Could not send the lockout notice for user %s.", user.pk)
