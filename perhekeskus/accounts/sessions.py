"""The clocks of a staff session: when it signed in and when it was last seen (in the session).

The rule of when a session ends is here; StaffSessionMiddleware applies it to every request. A
session without the sign-in time (made before these clocks existed) counts as expired.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "accounts_signed_in_at"
SEEN_AT = "accounts_seen_at"
# The idle clock is written to the session at most this often, not at every request.
SEEN_RESOLUTION_SECONDS = 60


@receiver(user_logged_in)
def start_the_clocks(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now


def session_ended(session, *, sensitive: bool, verified: bool, now: float) -> str | None:
    """Why a signed-in session must end now ('expired', 'idle', 'second_factor'), or None."""
    signed_in_at = float(session.get(SIGNED_IN_AT) or 0)
    if now - signed_in_at > settings.STAFF_SESSION_MAX_SECONDS:
        return "expired"
    if not sensitive:
        return None
    if not verified:
        return "second_factor"
    if now - float(session.get(SEEN_AT) or 0) > settings.STAFF_SESSION_IDLE_SECONDS:
        return "idle"
    return None
