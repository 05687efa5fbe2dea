"""The rate limits: counted in the database without Redis (shared by every worker), in Redis when
it answers, in the database again when it is away; keys that never hold an address."""

import math
import os
import uuid
from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from perhekeskus.help_requests import limits
from perhekeskus.help_requests.models import HelpRequest, LimitCount, LimitSalt
from perhekeskus.help_requests.tests import test_public_form
from perhekeskus.help_requests.tests.test_submission import build_help_desk

RECEIPT = test_public_form.RECEIPT
ADDRESS = "198.51.100.23"


def form_data(client, **fields):
    # Asking for a call: no pickup code, whose Argon2id hash would only slow these tests down.
    return test_public_form.form_data(client, contact_method="phone", contact_phone="040 123 4567", **fields)


@pytest.fixture
def help_desk(db):
    return build_help_desk()


@pytest.fixture
def redis_cache(settings):
    """The project's Redis backend on the machine's Redis, under a prefix of this test's own, in
    a database of this xdist worker's own: a fixture's `cache.clear()` (FLUSHDB) at the end of a
    test must not empty the counters of a test running beside it in another worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    database = 1 + int(worker) % 14 if worker.isdigit() else 1  # 15 is the benchmarks'
    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:6379/{database}",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    assert cache.count("ping", 5) == 1, "These tests need the machine's Redis at 127.0.0.1:6379 (.ci/run starts it)"
    return cache


@pytest.fixture
def redis_away(settings):
    """The project's Redis backend pointed at a port where nothing listens."""
    settings.CACHES = {"default": {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    return cache


def posts_until_limited(client, count: int) -> list[int]:
    return [client.post(RECEIPT, form_data(client, text=f"Kysymys {n}")).status_code for n in range(count)]


def test_without_redis_the_limit_is_counted_in_the_database_not_in_this_process(help_desk):
    client = Client(REMOTE_ADDR=ADDRESS)
    statuses = []
    for n in range(6):
        cache.clear()  # a worker of its own memory each time: the count must not live there
        statuses.append(client.post(RECEIPT, form_data(client, text=f"Kysymys {n}")).status_code)

    assert statuses == [200] * 5 + [429]
    assert sorted(LimitCount.objects.values_list("count", flat=True)) == [6, 6]  # per minute, per hour


def test_a_counter_holds_a_keyed_hash_of_the_address_never_the_address(help_desk):
    limits._salts.clear()  # this process's copy, made under an earlier test's rolled-back row
    client = Client(REMOTE_ADDR=ADDRESS)
    client.post(RECEIPT, form_data(client))

    rows = list(LimitCount.objects.values_list("key", "count", "expires_at"))
    assert len(rows) == 2
    for key, _count, _expires in rows:
        assert len(key) == 64 and set(key) <= set("0123456789abcdef")
        assert ADDRESS not in key
    salt = LimitSalt.objects.get()
    assert ADDRESS not in salt.salt and len(salt.salt) == 64


def test_the_salt_rotates_daily_and_the_old_one_is_deleted(db):
    monday, tuesday, wednesday = date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 9)
    monday_salt = limits._stored_salt(monday)
    assert limits._stored_salt(monday) == monday_salt  # the same all day
    tuesday_salt = limits._stored_salt(tuesday)
    assert tuesday_salt != monday_salt
    # Yesterday's stays a day, for a worker whose clock is a moment behind; older ones go.
    assert sorted(LimitSalt.objects.values_list("day", flat=True)) == [monday, tuesday]
    limits._stored_salt(wednesday)
    assert sorted(LimitSalt.objects.values_list("day", flat=True)) == [tuesday, wednesday]
    limits._salts.clear()
    # The same address and window hour of two days: keys that cannot be matched with each other.
    assert limits._key("g", "30/h", 0, ADDRESS) != limits._key("g", "30/h", 86400, ADDRESS)


def test_counters_of_ended_windows_are_deleted(help_desk):
    ended = LimitCount.objects.create(key="0" * 64, count=3, expires_at=datetime(2026, 1, 1, tzinfo=UTC))
    client = Client(REMOTE_ADDR=ADDRESS)
    client.post(RECEIPT, form_data(client))

    assert not LimitCount.objects.filter(pk=ended.pk).exists()
    assert LimitCount.objects.count() == 2


def test_an_ipv6_subscriber_counts_as_one_whatever_address_of_its_network_it_takes(help_desk):
    statuses = []
    for n in range(6):
        client = Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")
        statuses.append(client.post(RECEIPT, form_data(client, text=f"Kysymys {n}")).status_code)
    assert statuses == [200] * 5 + [429]
    other = Client(REMOTE_ADDR="2001:db8:1:3::1")
    assert other.post(RECEIPT, form_data(other)).status_code == 200


@pytest.mark.parametrize(
    ("raw", "counted"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("not-an-address", "not-an-address"),
    ],
)
def test_the_address_a_limit_counts(raw, counted):
    assert limits.client_network(RequestFactory().post("/", REMOTE_ADDR=raw)) == counted


def test_behind_a_trusted_proxy_the_address_is_the_last_forwarded_one(settings):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.7")
    settings.TRUST_X_FORWARDED_FOR = False
    assert limits.client_ip(request) == "10.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    assert limits.client_ip(request) == "192.0.2.7"


def test_with_redis_the_limit_is_counted_there_and_the_database_is_left_alone(help_desk, redis_cache):
    client = Client(REMOTE_ADDR=ADDRESS)
    assert posts_until_limited(client, 6) == [200] * 5 + [429]
    assert not LimitCount.objects.exists()


def test_with_redis_away_the_limit_still_holds_through_the_database(help_desk, redis_away):
    client = Client(REMOTE_ADDR=ADDRESS)
    assert posts_until_limited(client, 6) == [200] * 5 + [429]
    assert HelpRequest.objects.count() == 5
    assert sorted(LimitCount.objects.values_list("count", flat=True)) == [6, 6]


@pytest.mark.parametrize("store", ["database", "redis"])
def test_looking_without_counting_reads_the_same_store_and_asks_whether_one_more_would_be_over(
    help_desk, request, store
):
    if store == "redis":
        request.getfixturevalue("redis_cache")
    post = RequestFactory().post("/", REMOTE_ADDR=ADDRESS)
    for _ in range(9):
        assert not limits.over_limit(post, "test.group", ("10/h",))
    assert not limits.over_limit(post, "test.group", ("10/h",), increment=False)  # a tenth is allowed
    assert not limits.over_limit(post, "test.group", ("10/h",))
    assert limits.over_limit(post, "test.group", ("10/h",), increment=False)  # an eleventh would not be
    assert limits.over_limit(post, "test.group", ("10/h",))
    assert limits.over_limit(post, "test.group", ("10/h",), increment=False)


def test_a_limit_reached_says_how_long_until_its_window_ends(db):
    now = limits.timezone.now().timestamp()  # the clock stands still in a test (conftest.py)
    quarter_ends, hour_ends = (int(now) // 900 + 1) * 900, (int(now) // 3600 + 1) * 3600
    for _ in range(2):
        assert limits.lockout_seconds("test.group", ("2/15m", "3/h"), "subject") == 0
    assert limits.lockout_seconds("test.group", ("2/15m", "3/h"), "subject", increment=False) == math.ceil(
        quarter_ends - now
    )
    assert limits.lockout_seconds("test.group", ("2/15m", "3/h"), "subject") == math.ceil(quarter_ends - now)
    # Both exceeded: until the later of their ends.
    assert limits.lockout_seconds("test.group", ("2/15m", "3/h"), "subject") == math.ceil(hour_ends - now)
    assert limits.lockout_seconds("test.group", ("2/15m", "3/h"), "another subject", increment=False) == 0


def test_rates_are_windows_of_the_clock_that_never_span_two_utc_days():
    assert limits.Rate.parse("30/h") == limits.Rate(30, 3600)
    assert limits.Rate.parse("5/m") == limits.Rate(5, 60)
    assert limits.Rate.parse("5/15m") == limits.Rate(5, 900)
    # Every unit divides the day, so a window starting on a day ends on it: one salt serves it.
    for unit in limits.UNITS.values():
        assert limits.DAY % unit == 0
    with pytest.raises(ValueError, match="divide the day"):
        limits.Rate.parse("5/7m")


def test_one_codes_line_can_never_fill_its_addresss_line_of_the_pickup():
    """A look at a locked code counts nowhere, so guesses at one code add to their address's count
    at most the code's allowance in each of its windows within the address's window."""
    (code_rate,) = [limits.Rate.parse(text) for text in limits.PICKUP_CODE_RATES]
    (address_rate,) = [limits.Rate.parse(text) for text in limits.PICKUP_RATES]
    assert address_rate.seconds % code_rate.seconds == 0  # clock windows: the address's holds whole ones
    assert address_rate.seconds // code_rate.seconds * code_rate.count < address_rate.count
