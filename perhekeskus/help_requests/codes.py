"""Pickup codes (noutotunnus): how an anonymous asker reads the answer without an account.

A code is 20 characters of a 31-symbol alphabet without the look-alikes 0, O, 1, I and L, shown in
groups of four (`K7QM-3XPA-9FRT-WH2C-8NVE`): about 99 bits, easy to read aloud and to type on a
phone. Typing is forgiving: lower case, spaces, dashes and full-width characters are normalised
away. Sixteen characters of this alphabet would give only 79 bits, hence twenty.

The code is never stored. It is derived from the form's one-time token with a keyed HMAC, so a
double submit of the same form shows the same receipt with the same code without the code being
kept anywhere. What is stored:

- `pickup_lookup`: another keyed digest (HMAC-SHA256 with its own salt and SECRET_KEY) of the code,
  under a unique index, so a code finds its request in one query without testing every hash;
- `pickup_hash`: an Argon2id hash of the code, verified in constant time.

Argon2id parameters (`HASHER`): time cost 2, memory 19 MiB, parallelism 1, 16-byte salt, 32-byte
hash: OWASP's minimum recommendation for Argon2id. They are below argon2-cffi's default (64 MiB,
t=3, p=4; 0.2 s on the reference machine against 0.03 s) on purpose: the codes are random with 99
bits, so even a fast hash could not be brute-forced, and the slow hash only adds depth should both
the database and SECRET_KEY leak; every anonymous request and every pickup computes one, and a
flood must not slow the genuine requests down. `verify` rehashes codes whose hash has older
parameters.

A rotated SECRET_KEY keeps codes working while the old key is in SECRET_KEY_FALLBACKS: the lookup
tries every key.

Pages verify a typed code through `pickup.open_request`, which limits wrong codes per code (by its
first two groups, `prefix`) and per address.
"""

import functools
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 20
GROUP = 4
# A code's first two groups (40 bits) name it for the pickup's per-code limit (pickup.py).
PREFIX_LENGTH = 2 * GROUP
EXAMPLE = "K7QM-3XPA-9FRT-WH2C-8NVE"

CODE_SALT = "perhekeskus.help_requests.codes.pickup-code"
LOOKUP_SALT = "perhekeskus.help_requests.codes.pickup-lookup"

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)

# The one message for an unknown, wrong, malformed or purged code: none reveals anything.
WRONG_CODE_MESSAGE = _(
    "Noutotunnuksella ei löytynyt viestiä. Tarkista tunnus kuitista. Suljetut pyynnöt poistetaan jonkin ajan kuluttua."
)


def code_for(form_token: str) -> str:
    """The pickup code of the request sent with `form_token`, grouped for display.

    Keyed with SECRET_KEY, so the token alone (it was in the page) does not give the code.
    """
    number = int.from_bytes(salted_hmac(CODE_SALT, form_token, algorithm="sha256").digest(), "big")
    symbols = []
    for _position in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return display("".join(symbols))


def normalize(code: str) -> str:
    """The code as typed, made comparable: full-width forms folded, upper case, only letters and
    digits kept (spaces, dashes and dots dropped)."""
    folded = unicodedata.normalize("NFKC", code[: LENGTH * 4]).upper()
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


def is_well_formed(normalized: str) -> bool:
    """Whether a normalised code could be one of ours (length and alphabet)."""
    return len(normalized) == LENGTH and all(ch in ALPHABET for ch in normalized)


def prefix(normalized: str) -> str | None:
    """The first two groups of a well-formed (normalised) code, or None for a code that could not
    be ours: what the pickup's per-code limit counts a wrong code under. A wrong code that shares
    them with a request's code is a guess at that request; two requests share them with a
    chance of one in 31⁸ (8.5 × 10¹¹) per pair."""
    return normalized[:PREFIX_LENGTH] if is_well_formed(normalized) else None


def display(normalized: str) -> str:
    """`K7QM3XPA...` as `K7QM-3XPA-...`."""
    return "-".join(normalized[i : i + GROUP] for i in range(0, len(normalized), GROUP))


def lookup_digest(normalized: str, secret: str | None = None) -> str:
    """The keyed digest under which a request with this (normalised) code is found: 64 hex digits."""
    return salted_hmac(LOOKUP_SALT, normalized, secret=secret, algorithm="sha256").hexdigest()


def stored_fields(code: str) -> dict[str, str]:
    """What a request stores of its pickup code: the lookup digest and the Argon2id hash."""
    normalized = normalize(code)
    return {"pickup_lookup": lookup_digest(normalized), "pickup_hash": HASHER.hash(normalized)}


def verify(code: str):
    """The help request whose pickup code this is, or None.

    One indexed query by the lookup digest, then the Argon2id hash is verified. A miss verifies a
    dummy hash, so that a wrong code takes as long as a right one.
    """
    from .models import HelpRequest

    normalized = normalize(code)
    request = None
    if is_well_formed(normalized):
        keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        digests = [lookup_digest(normalized, secret=key) for key in keys]
        request = HelpRequest.objects.filter(pickup_lookup__in=digests).first()
    if request is None:
        _verifies(_dummy_hash(), normalized)
        return None
    if not _verifies(request.pickup_hash, normalized):
        return None
    if HASHER.check_needs_rehash(request.pickup_hash) or request.pickup_lookup != lookup_digest(normalized):
        request.pickup_hash = HASHER.hash(normalized)
        request.pickup_lookup = lookup_digest(normalized)
        request.save(update_fields=["pickup_hash", "pickup_lookup"])
    return request


def _verifies(hashed: str, normalized: str) -> bool:
    try:
        return HASHER.verify(hashed, normalized)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    return HASHER.hash(secrets.token_urlsafe(16))
