"""With Redis away every page answers as normal: the cache misses, the limits count in the database.

The cache is the project's Redis backend (config/redis_cache.py) pointed at a port where nothing
listens, or at a listener that accepts and never answers (a host that has hung): the real paths
run against it — the help-request form and API, the pickup of an answer, search pages and the
API's lists.
"""

import logging
import socket
import threading

import pytest
from django.core.cache import cache
from django.test import Client

from config import redis_cache
from perhekeskus.help_requests.models import HelpRequest, LimitCount
from perhekeskus.help_requests.tests import test_public_form
from perhekeskus.help_requests.tests.test_public_pickup import main_of

REDIS_AWAY = {"default": {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


@pytest.fixture
def redis_away(settings):
    settings.CACHES = REDIS_AWAY
    return cache


@pytest.fixture
def hung_redis(settings):
    """A listener that accepts connections and never answers; how many connections it got."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    port = listener.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield accepted
    listener.close()
    for connection in accepted:
        connection.close()


def test_every_operation_is_a_miss_and_the_outage_is_logged_once(redis_away, caplog):
    caplog.set_level(logging.WARNING, logger="config.redis_cache")
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    cache.set("key", "value")
    assert cache.add("key", "value") is False
    assert cache.delete("key") is False
    assert cache.has_key("key") is False
    cache.set_many({"a": 1})
    cache.delete_many(["a"])
    assert cache.get_or_set("key", "made") == "made"
    with pytest.raises(ValueError):
        cache.incr("key")
    assert cache.count("key", 60) is None
    cache.clear()

    warnings = [record for record in caplog.records if "cannot be reached" in record.message]
    assert len(warnings) == 1
    assert "key" not in caplog.text and "value" not in caplog.text


def test_after_a_failure_redis_is_left_alone_for_a_while(hung_redis, monkeypatch):
    assert cache.get("key") is None  # waits for the timeout once
    tried = len(hung_redis)
    assert tried == 1
    for _ in range(20):
        assert cache.get("key") is None
        assert cache.count("key", 60) is None
    assert len(hung_redis) == tried  # no new connection: skipped, no timeout paid

    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0.0)
    cache._cache.outage.retry_at = 0.0
    assert cache.get("key") is None
    assert len(hung_redis) == tried + 1  # tried again once the pause is over


def test_the_help_form_receives_and_limits_without_redis(db, client, redis_away):
    from perhekeskus.help_requests.tests.test_submission import build_help_desk

    build_help_desk()
    data = test_public_form.form_data(client, text="Tarvitsen apua arkeen.")
    response = client.post(test_public_form.RECEIPT, data)
    assert response.status_code == 200
    code = test_public_form.code_on(response.content.decode())
    assert HelpRequest.objects.count() == 1

    thread = client.post("/pyyda-apua/nouda/", {"code": code})
    assert thread.status_code == 200
    assert "Tarvitsen apua arkeen." in main_of(thread)

    statuses = [
        client.post(
            test_public_form.RECEIPT,
            test_public_form.form_data(client, text=f"Kysymys {n}", contact_method="phone", contact_phone="0401234567"),
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200] * 4 + [429]  # the first post counted too: the limit holds
    assert LimitCount.objects.exists()


def test_the_help_request_api_answers_201_without_redis(db, client, redis_away):
    from perhekeskus.help_requests.tests.test_submission import build_help_desk

    build_help_desk()
    body = {"text": "Apua tarvitaan.", "contact_method": "anonymous", "form_token": "outage-token-" + "x" * 30}
    response = client.post("/api/v1/help-requests/", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["received"] is True
    again = client.post("/api/v1/help-requests/", body, content_type="application/json")
    assert (again.status_code, HelpRequest.objects.count()) == (200, 1)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/services/?q=neuvola",
        "/sv/services/?q=neuvola",
        "/places/?q=kirjasto",
        "/calendar/today/?q=vauvakerho",
        "/services/lastenneuvola/",
        "/api/v1/services/?q=neuvola",
        "/api/v1/services/",
        "/api/v1/organizations/",
        "/api/v1/locations/",
    ],
)
def test_search_and_the_api_lists_answer_as_normal_without_redis(demo_data, redis_away, url):
    first, second = Client().get(url), Client().get(url)  # the second would be a cached answer
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.content == second.content
