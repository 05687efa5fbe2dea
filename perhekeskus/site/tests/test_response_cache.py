"""Search answers kept in the cache: served again to everyone who asks the same, never after a
change to the directory, never for a signed-in worker, and never for a search that found nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory.forms import ServiceSearchForm
from perhekeskus.directory.models import Service
from perhekeskus.search.finder import find_services
from perhekeskus.search.models import MissedQuery
from perhekeskus.site.response_cache import REFRESH_SECONDS, cache_key

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


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
    sign_in(client, User.objects.create_user("worker", password="x" * 20))
    count, response = queries(client, "/services/", {"q": "neuvola"})
    assert response.status_code == 200
    assert count > 10


def test_only_answers_that_found_something_are_kept(client, demo_data, rf):
    def kept(params) -> bool:
        request = rf.get("/services/", params)
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


def clock(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def found_valid_until(moment):
    form = ServiceSearchForm(QueryDict("q=neuvola"))
    assert form.is_valid()
    return find_services(form.cleaned_data, at=moment).valid_until


@pytest.mark.parametrize("url", ["/services/", "/api/v1/services/"])
def test_an_answer_is_kept_until_a_state_it_counts_opens_or_closes(client, demo_data, monkeypatch, settings, url):
    settings.SEARCH_CACHE_SECONDS = 24 * 3600  # the bound is not what ends it here
    moment = datetime(2026, 11, 24, 7, 0, tzinfo=HELSINKI)  # a Tuesday before the clinics open
    change = found_valid_until(moment)
    assert moment < change < datetime(2026, 11, 25, tzinfo=HELSINKI)
    clock(monkeypatch, moment)
    client.get(url, {"q": "neuvola"})
    clock(monkeypatch, change - timedelta(seconds=1))
    assert queries(client, url, {"q": "neuvola"})[0] <= 1
    # Past the change the first request makes the answer again, and the next is served it.
    clock(monkeypatch, change + timedelta(seconds=1))
    assert queries(client, url, {"q": "neuvola"})[0] > 10
    assert queries(client, url, {"q": "neuvola"})[0] <= 1


def test_while_one_request_makes_a_stale_answer_again_the_others_are_served_the_old_one(
    client, demo_data, monkeypatch, rf, settings
):
    settings.SEARCH_CACHE_SECONDS = 24 * 3600
    moment = datetime(2026, 11, 24, 7, 0, tzinfo=HELSINKI)
    change = found_valid_until(moment)
    clock(monkeypatch, moment)
    old = client.get("/services/", {"q": "neuvola"}).content
    request = rf.get("/services/", {"q": "neuvola"})
    translation.activate("fi")
    key = cache_key(request)
    clock(monkeypatch, change + timedelta(seconds=1))
    assert cache.add(f"{key}:refresh", 1, REFRESH_SECONDS)  # another worker is making it again
    count, response = queries(client, "/services/", {"q": "neuvola"})
    assert count <= 1 and response.content == old
    # Not for long: past the grace period it is made again whoever else is at it.
    clock(monkeypatch, change + timedelta(seconds=REFRESH_SECONDS + 1))
    assert queries(client, "/services/", {"q": "neuvola"})[0] > 10


def test_answers_that_carry_a_csrf_token_or_set_a_cookie_are_not_kept(rf):
    from django.http import HttpResponse

    from perhekeskus.site.response_cache import _keepable

    request = rf.get("/services/")
    assert _keepable(request, HttpResponse("x"))
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("c", "v")
    assert not _keepable(request, with_cookie)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not _keepable(request, HttpResponse("x"))


def test_requests_with_a_session_or_credentials_get_their_own_answer(rf, settings):
    assert cache_key(rf.get("/services/", {"q": "neuvola"})) is not None
    with_session = rf.get("/services/", {"q": "neuvola"})
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert cache_key(with_session) is None
    assert cache_key(rf.get("/api/v1/services/", HTTP_AUTHORIZATION="Basic eDp5")) is None


def test_the_api_keeps_json_and_the_browsable_page_apart(client, demo_data):
    assert client.get("/api/v1/services/", {"q": "neuvola"}, HTTP_ACCEPT="application/json").json()["results"]
    browsable = client.get("/api/v1/services/", {"q": "neuvola"}, HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")
