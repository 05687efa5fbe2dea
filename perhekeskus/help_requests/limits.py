"""Rate limits of the public help-request endpoints, counted where every worker sees the count.

One module for the web form and the JSON API, so that both count against the same per-client
limits of the same groups: an asker cannot double their allowance by switching from the form to
the API, and a change of the rates is made once.

A limit is "so many POSTs per client address in a window of the clock" (a minute, an hour).
The counts live in Redis when the cache is the project's Redis backend and it answers; otherwise
(the embedded default, or Redis away) in the database, which every worker shares, so a limit
holds across gunicorn workers either way. A counter's key is a keyed hash of the group, the rate,
the window and the address (IPv6: its /64 network, which one subscriber holds) under the day's
salt (`LimitSalt`: random, made the first time it is needed each UTC day and deleted two days
later): no address is stored, and once a day's salt is deleted its counts cannot be tied to an
address even by someone holding the secret key. Counter rows are deleted as they expire.
"""

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import LimitCount, LimitSalt

# Per client address, never global: a flood from one client must not lock the others out. The
# JSON API shares the submit group with the form; its rates are a setting (HELP_REQUEST_SUBMIT_RATES).
SUBMIT_GROUP, SUBMIT_RATES = "help_requests.submit", tuple(settings.HELP_REQUEST_SUBMIT_RATES)
PICKUP_GROUP, PICKUP_RATES = "help_requests.pickup", ("10/h",)
REPLY_GROUP, REPLY_RATES = "help_requests.reply", ("20/h",)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DAY = 86400


@dataclass(frozen=True)
class Rate:
    """ "5/m": at most `count` POSTs in each window of `seconds`."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        count, unit = text.split("/")
        # Every unit divides the day, so a window never spans two UTC days: one day's salt keys it.
        return cls(int(count), UNITS[unit])


for _rate in SUBMIT_RATES:  # a bad setting fails when the app starts, not at an asker's POST
    Rate.parse(_rate)


def over_limit(request, group: str, rates: tuple[str, ...], *, increment: bool = True) -> bool:
    """Count this POST against the client's limits of `group` (unless `increment` is false: look
    only); whether any limit is exceeded."""
    now = timezone.now()
    address = client_network(request)
    windows = []
    for text in rates:
        rate = Rate.parse(text)
        start = int(now.timestamp()) // rate.seconds * rate.seconds
        windows.append((rate, start, _key(group, text, start, address)))
    counts = _counts(windows, now=now, increment=increment)
    return any(count > rate.count for (rate, _start, _key_), count in zip(windows, counts, strict=True))


def _counts(windows, *, now: datetime, increment: bool) -> list[int]:
    """Each window's count after this POST (or as it stands), from Redis when it answers, else
    from the database."""
    if hasattr(cache, "count"):  # the project's Redis backend (config/redis_cache.py)
        counts = [_count_in_cache(key, rate, increment) for rate, _start, key in windows]
        if None not in counts:
            return counts
    return _count_in_database(windows, now=now, increment=increment)


def _count_in_cache(key: str, rate: Rate, increment: bool) -> int | None:
    return cache.count(f"limit:{key}", rate.seconds, increment=increment)


def _count_in_database(windows, *, now: datetime, increment: bool) -> list[int]:
    keys = [key for _rate, _start, key in windows]
    if not increment:
        stored = dict(LimitCount.objects.filter(key__in=keys, expires_at__gt=now).values_list("key", "count"))
        return [stored.get(key, 0) for key in keys]
    with transaction.atomic():
        for rate, start, key in windows:
            if LimitCount.objects.filter(key=key).update(count=F("count") + 1):
                continue
            try:
                with transaction.atomic():
                    expires = datetime.fromtimestamp(start + rate.seconds, tz=UTC)
                    LimitCount.objects.create(key=key, count=1, expires_at=expires)
            except IntegrityError:  # another worker made it at the same moment
                LimitCount.objects.filter(key=key).update(count=F("count") + 1)
            else:
                # A new window began: the counters of windows that have ended go.
                LimitCount.objects.filter(expires_at__lte=now).delete()
        stored = dict(LimitCount.objects.filter(key__in=keys).values_list("key", "count"))
    # A worker whose clock is a moment ahead may have deleted a row as ended: count it as one.
    return [stored.get(key, 1) for key in keys]


def _key(group: str, rate: str, start: int, address: str) -> str:
    day = datetime.fromtimestamp(start, tz=UTC).date()
    message = f"{group}\n{rate}\n{start}\n{address}".encode()
    return hmac.new(_salt(day), message, hashlib.sha256).hexdigest()


_salts: dict[date, bytes] = {}  # this process's copy of the day's salt


def _salt(day: date) -> bytes:
    """The day's salt, keyed with the secret key (a copy of the database alone does not give it)."""
    salt = _salts.get(day)
    if salt is None:
        stored = _stored_salt(day)
        salt = hmac.new(settings.SECRET_KEY.encode(), bytes.fromhex(stored), hashlib.sha256).digest()
        _salts.clear()
        _salts[day] = salt
    return salt


def _stored_salt(day: date) -> str:
    found = LimitSalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if found:
        return found
    try:
        with transaction.atomic():
            LimitSalt.objects.create(day=day, salt=secrets.token_hex(32))
    except IntegrityError:  # another worker made it first
        pass
    # The windows of the day before yesterday have all ended, and their counts with them: their
    # salt goes (yesterday's stays a day, for a worker whose clock is a moment behind).
    LimitSalt.objects.filter(day__lt=day - timedelta(days=1)).delete()
    return LimitSalt.objects.values_list("salt", flat=True).get(day=day)


def client_network(request) -> str:
    """The client's address as a limit counts it: an IPv4 address, or an IPv6 address's /64
    network (one subscriber's, who can pick any address in it)."""
    raw = client_ip(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def client_ip(request) -> str:
    """The client's address: behind a trusted proxy (TRUST_X_FORWARDED_FOR) the last
    X-Forwarded-For entry, the one the proxy itself appended; else REMOTE_ADDR. Used only in a
    limit's keyed hash, never stored."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.TRUST_X_FORWARDED_FOR else ""
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
