"""For tests: sign a user in the way the sign-in leaves them, second factor included.

`client.force_login(user)` alone leaves a reader of sensitive data without a verified second
factor, and StaffSessionMiddleware signs them out at their first request, as it should. Tests of
staff pages sign in with `sign_in(client, user)`; tests of the second factor itself go through
the real pages (accounts/tests).
"""

import time

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def sign_in(client, user) -> None:
    """force_login, plus a confirmed authenticator recorded as the session's verified device."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test authenticator", confirmed=True
    )
    client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[-1])
    session: SessionBase = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or `steps_ahead` 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def set_session_clocks(client, *, signed_in_ago: float, seen_ago: float) -> None:
    """Move the session's sign-in and last-seen times back (accounts/sessions.py)."""
    from .sessions import SEEN_AT, SIGNED_IN_AT

    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[SEEN_AT] = now - seen_ago
    session.save()
