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

A limit counts per a subject, which is the client's address for every group but one: the pickup's
first line counts wrong codes per request code (the code's first two groups, `codes.prefix`), so
that guessing at one code locks that code and nobody else (`pickup.py` has the rule and its
numbers).
"""

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from perhekeskus.accounts.addresses import client_address, client_ip

from .models import LimitCount, LimitSalt

# Per client address, never global: a flood from one client must not lock the others out. The
# JSON API shares the submit group with the form; its rates are a setting (HELP_REQUEST_SUBMIT_RATES).
SUBMIT_GROUP, SUBMIT_RATES = "help_requests.submit", tuple(settings.HELP_REQUEST_SUBMIT_RATES)
REPLY_GROUP, REPLY_RATES = "help_requests.reply", ("20/h",)
# The pickup's two lines (pickup.py): wrong codes per request code, and per address a looser
# second line. One code's line fills at most 4 × 5 = 20 of an address's 30 an hour, so guessing
# at one code never locks its address out of the others.
PICKUP_CODE_GROUP, PICKUP_CODE_RATES = "help_requests.pickup.code", ("5/15m",)
PICKUP_GROUP, PICKUP_RATES = "help_requests.pickup", ("30/h",)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DAY = 86400


@dataclass(frozen=True)
class Rate:
    """ "5/m": at most `count` POSTs in each window of `seconds`; "5/15m": in each quarter hour."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        count, per = text.split("/")
        seconds = int(per[:-1] or 1) * UNITS[per[-1]]
        # A window that divides the day never spans two UTC days: one day's salt keys it.
        if DAY % seconds:
            raise ValueError(f"A rate's window must divide the day: {text!r}")
        return cls(int(count), seconds)


for _rate in SUBMIT_RATES:  # a bad setting fails when the app starts, not at an asker's POST
    Rate.parse(_rate)


def over_limit(request, group: str, rates: tuple[str, ...], *, increment: bool = True) -> bool:
    """Count this POST against the client's limits of `group` (unless `increment` is false: look
    only); whether any limit is exceeded (looking: whether a POST now would exceed one)."""
    return lockout_seconds(group, rates, client_network(request), increment=increment) > 0


def lockout_seconds(group: str, rates: tuple[str, ...], subject: str, *, increment: bool = True) -> int:
    """Count one POST of `subject` (a client's network, or what else the group counts by) against
    the limits of `group`, or with `increment` false only look whether one more would exceed them.

    0 when within every limit; else the seconds until every exceeded window has ended, which is
    the answer's Retry-After (at least 1).
    """
    now = timezone.now()
    windows = []
    for text in rates:
        rate = Rate.parse(text)
        start = int(now.timestamp()) // rate.seconds * rate.seconds
        windows.append((rate, start, _key(group, text, start, subject)))
    counts = _counts(windows, now=now, increment=increment)
    # A counted POST is itself in the count; a look asks whether one more would be too many.
    one_more = 0 if increment else 1
    ends = [
        start + rate.seconds
        for (rate, start, _key_), count in zip(windows, counts, strict=True)
        if count + one_more > rate.count
    ]
    return max(1, math.ceil(max(ends) - now.timestamp())) if ends else 0


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


def _key(group: str, rate: str, start: int, subject: str) -> str:
    day = datetime.fromtimestamp(start, tz=UTC).date()
    message = f"{group}\n{rate}\n{start}\n{subject}".encode()
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
    network (one subscriber's, who can pick any address in it), the same as the sign-in's lockout
    counts (accounts/addresses.py); an unreadable one as it came. Used only in a limit's keyed
    hash, never stored."""
    return client_address(request) or client_ip(request)
