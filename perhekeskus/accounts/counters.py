"""Small counters in the cache, for the sign-in's own limits (a known device's failures, password
resets). With Redis they are shared by every worker; without it each process counts its own,
which still bounds what one process serves. `hit` is None when the cache keeps nothing (Redis
away), for the caller to decide what that means."""

import hashlib

from django.conf import settings
from django.core.cache import cache

PROBE = "accounts:counters:probe"


def key(kind: str, value: str) -> str:
    """A counter's key: the value (an address, a device id) only as a keyed hash."""
    return f"accounts:{kind}:" + hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def hit(counter: str, seconds: int) -> int | None:
    """Add one to `counter` (made if missing, kept `seconds`) and give its value."""
    cache.add(counter, 0, timeout=seconds)
    try:
        return cache.incr(counter)
    except ValueError:  # gone in between, or the cache away
        cache.set(counter, 1, timeout=seconds)
        return 1 if cache.get(counter) is not None else None


def value(counter: str) -> int:
    return int(cache.get(counter) or 0)


def counting() -> bool:
    """Whether the cache keeps what it is given now."""
    cache.add(PROBE, 1, timeout=3600)
    return cache.get(PROBE) is not None
