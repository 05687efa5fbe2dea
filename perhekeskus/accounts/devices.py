"""The second factor: one authenticator app (TOTP, django-otp) and single-use recovery codes.

A worker has at most one confirmed authenticator. Each password step of a user without one makes
a new unconfirmed device (deleting any earlier one), shows its key as a QR code and as text to
that session alone, and confirms it only when a code from the app checks out, so a mistyped
set-up never locks anyone out and a key one session saw is never confirmed by another.
Recovery codes are a django-otp static device: each code
opens once and is deleted when used; making new ones deletes the old. Codes are checked against
one device of the right kind, never "any device", so django-otp's throttling (each failure doubles
the wait before the next try) holds per device.
"""

import re
from base64 import b32encode

import segno
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
_TOTP_CODE = re.compile(r"\d{6}")


def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they have one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def new_unconfirmed_authenticator(user) -> TOTPDevice:
    """A new authenticator to set up, for one password step: the ones set up half-way before are
    deleted, so a key shown to one session is never the key another session confirms."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def unconfirmed_authenticator(user, pk) -> TOTPDevice | None:
    """The authenticator being set up in this session (its pk in the half-way state), if it is
    still there and unconfirmed."""
    return TOTPDevice.objects.filter(user=user, pk=pk, confirmed=False).first()


def key_text(device: TOTPDevice) -> str:
    """The secret key in base32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The key's otpauth:// address as an inline SVG QR code (no style attributes: CSP holds)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=4, title="QR")


def normalised(code: str) -> str:
    """A typed code without spaces and dashes, lower case (recovery codes are lower case)."""
    return re.sub(r"[\s-]", "", code or "").lower()


def is_totp_code(code: str) -> bool:
    return bool(_TOTP_CODE.fullmatch(code))


@transaction.atomic
def confirm(device: TOTPDevice, code: str) -> bool:
    """Confirm the authenticator being set up if `code` is its current code, and only while the
    user has no confirmed one (the user's row is locked, so two set-ups cannot both succeed)."""
    type(device.user).objects.select_for_update().get(pk=device.user_id)
    if TOTPDevice.objects.filter(user_id=device.user_id, confirmed=True).exists():
        return False
    device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, confirmed=False).first()
    if device is None or not is_totp_code(normalised(code)) or not device.verify_token(normalised(code)):
        return False
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def verify(user, code: str):
    """The device that accepts `code` (the authenticator for six digits, else the recovery
    codes), or None. A used recovery code is deleted; a used TOTP code cannot be used again
    (django-otp keeps the last time step)."""
    code = normalised(code)
    if is_totp_code(code):
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    else:
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not code or not device.verify_token(code):
        return None
    return device


def throttled_seconds(user, code: str) -> int:
    """How long django-otp makes the user wait before the device for `code` may be tried again
    (0: it may be tried now)."""
    model = TOTPDevice if is_totp_code(normalised(code)) else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    return device_wait_seconds(device) if device else 0


def device_wait_seconds(device) -> int:
    """Seconds until `device` may be tried again after wrong codes (django-otp's throttling)."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or not details.get("locked_until"):
        return 0
    return max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
