"""Search answers kept in the cache: served again to everyone who asks the same, never after a
change to the directory, never for a signed-in worker, and never for a search that found nothing."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from perhekeskus.directory.models import Service
from perhekeskus.search.models import MissedQuery

pytestmark = pytest.mark.django_db


def queries(client, url, params, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params, **headers)
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("url", ["/services/", "/api/v1/services/"])
def test_the_same_search_again_is_served_from_the_cache(client, demo_data, url):
    first_count, first = queries(client, url, {"q": "neuvola"})
    again_count, again = queries(client, url, {"q": "neuvola"})
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert first_count > 10
    assert again_count <= 1  # at most the content version, when the cache has lost it


@pytest.mark.parametrize("url", ["/services/", "/api/v1/services/"])
def test_a_change_to_the_directory_is_seen_at_once(client, demo_data, url):
    client.get(url, {"q": "wilma"})
    service = Service.objects.get(slug="wilma")
    service.name_fi = "Wilma-viestintä ja reissuvihko"
    service.save()
    assert "reissuvihko" in client.get(url, {"q": "wilma"}).content.decode()


def test_languages_are_kept_apart(client, demo_data):
    finnish = client.get("/services/", {"q": "neuvola"}).content.decode()
    swedish = client.get("/sv/services/", {"q": "neuvola"}).content.decode()
    assert 'lang="fi"' in finnish and 'lang="sv"' in swedish
    api_fi = client.get("/api/v1/services/", {"q": "neuvola"}, HTTP_ACCEPT_LANGUAGE="fi").json()
    api_sv = client.get("/api/v1/services/", {"q": "neuvola"}, HTTP_ACCEPT_LANGUAGE="sv").json()
    assert api_fi["results"][0]["name"] != api_sv["results"][0]["name"]


def test_a_search_that_found_nothing_is_counted_every_time(client, demo_data):
    for _ in range(3):
        assert client.get("/services/", {"q": "qqzzyyxx"}).status_code == 200
    assert MissedQuery.objects.get(query="qqzzyyxx").count == 3


def test_a_signed_in_worker_is_never_served_a_shared_answer(client, demo_data):
    client.get("/services/", {"q": "neuvola"})
    client.force_login(User.objects.create_user("worker", password="x" * 20))
    count, response = queries(client, "/services/", {"q": "neuvola"})
    assert response.status_code == 200
    assert count > 10


def test_only_answers_that_found_something_are_kept(client, demo_data, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache

    from perhekeskus.directory.response_cache import cache_key

    def kept(params) -> bool:
        request = rf.get("/services/", params)
        request.user = AnonymousUser()
        return cache.get(cache_key(request)) is not None

    assert client.get("/services/", {"q": "neuvola", "free": "maybe"}).status_code == 400
    assert client.get("/services/", {"q": "qqzzyyxx"}).status_code == 200
    assert client.get("/services/", {"q": "neuvola"}).status_code == 200
    assert not kept({"q": "neuvola", "free": "maybe"})
    assert not kept({"q": "qqzzyyxx"})
    assert kept({"q": "neuvola"})


def test_the_cache_can_be_turned_off(client, demo_data, settings):
    settings.SEARCH_CACHE_SECONDS = 0
    client.get("/api/v1/services/", {"q": "neuvola"})
    count, _response = queries(client, "/api/v1/services/", {"q": "neuvola"})
    assert count > 10
