"""The project's Redis cache backend: Django's, made to degrade instead of failing.

Redis is an optimisation here (shared search answers, the content version, posters, rate-limit
counts), so an outage must cost speed, never an answer: every operation that cannot reach Redis
behaves as a miss (`get` gives the default, `set` keeps nothing, `add` adds nothing) and the page
is made from the database. After a failure Redis is left alone for RETRY_SECONDS, so that a host
that does not answer at all costs each request at most one connect timeout, not one per cache
call; the outage is logged once a minute at most, with the error's kind only (never a key or a
value: keys are made from addresses and queries).

`count()` is the one operation whose failure its caller must know about: the rate limits
(perhekeskus/help_requests/limits.py) then count in the database instead.

Django's client also makes a new `redis.Redis` for every cache operation, and redis-py's
constructor fills a table of some 160 response callbacks each time: about 0.1 ms, as long as the
round trip to a local Redis itself. A client holds nothing but its pool and is safe to share
between threads, so one per pool is made and kept.
"""

import logging
import threading
import time

import redis as redis_py
from django.core.cache.backends import redis

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0  # after a failure, how long Redis is not tried again
LOG_EVERY_SECONDS = 60.0


class Outage:
    """Whether Redis failed lately (per process): when to try again and when to log again."""

    def __init__(self):
        self._lock = threading.Lock()
        self.retry_at = 0.0
        self.logged_at = float("-inf")

    def skipping(self) -> bool:
        return time.monotonic() < self.retry_at

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self.retry_at = now + RETRY_SECONDS
            if now - self.logged_at < LOG_EVERY_SECONDS:
                return
            self.logged_at = now
        logger.warning(
            "The Redis cache cannot be reached (%s); serving without it and trying again in %d s",
            type(error).__name__,
            RETRY_SECONDS,
        )


def _degrading(name: str, fallback):
    """The client's method `name`, answering `fallback(*args)` when Redis cannot be reached."""
    method = getattr(redis.RedisCacheClient, name)

    def call(self, *args, **kwargs):
        if self.outage.skipping():
            return fallback(*args)
        try:
            return method(self, *args, **kwargs)
        except redis_py.RedisError as error:
            self.outage.failed(error)
            return fallback(*args)

    call.__name__ = name
    return call


def _missing(key, *args):
    # What Django's client raises for a key that is not there; a cache that is away has none.
    raise ValueError(f"Key {key!r} not found.")


class DegradingClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self.outage = Outage()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client

    add = _degrading("add", lambda *args: False)
    get = _degrading("get", lambda key, default: default)
    set = _degrading("set", lambda *args: None)
    touch = _degrading("touch", lambda *args: False)
    delete = _degrading("delete", lambda *args: False)
    get_many = _degrading("get_many", lambda keys: {})
    has_key = _degrading("has_key", lambda *args: False)
    incr = _degrading("incr", _missing)
    set_many = _degrading("set_many", lambda *args: None)
    delete_many = _degrading("delete_many", lambda *args: None)
    clear = _degrading("clear", lambda: False)

    def count(self, key: str, seconds: int, *, increment: bool = True) -> int | None:
        """Add one to the counter `key` (made if missing, kept `seconds`) and give its new value;
        with `increment` false only its value (0 if missing). None when Redis cannot be reached."""
        if self.outage.skipping():
            return None
        try:
            if not increment:
                return int(self.get_client(key).get(key) or 0)
            pipe = self.get_client(key, write=True).pipeline()
            # SET NX EX makes the counter with its lifetime (EXPIRE NX would need Redis 7).
            pipe.set(key, 0, ex=seconds, nx=True)
            pipe.incr(key)
            return int(pipe.execute()[1])
        except redis_py.RedisError as error:
            self.outage.failed(error)
            return None


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = DegradingClient

    def count(self, key: str, seconds: int, *, increment: bool = True, version=None) -> int | None:
        """See DegradingClient.count: the rate limits' counter, None when Redis is away."""
        return self._cache.count(self.make_and_validate_key(key, version=version), seconds, increment=increment)
