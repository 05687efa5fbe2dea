"""When nothing matches: "did you mean", the ways in by life situation, and the count of the query."""

import pytest

from perhekeskus.search.models import MissedQuery

pytestmark = pytest.mark.django_db


def test_a_misspelt_query_gets_a_suggestion_that_finds_something(client, demo_data):
    page = client.get("/services/", {"q": "puheteraipa"}).content.decode()  # two letters swapped
    assert "Tarkoititko:" in page
    assert 'href="?q=puheterapia"' in page

    empty = client.get("/services/", {"q": "qwxzvq"}).content.decode()
    assert "Palvelut elämäntilanteen mukaan" in empty and "?target_group=" in empty


def test_a_query_that_finds_nothing_is_counted_without_personal_data(client, demo_data):
    for _ in range(2):
        client.get("/services/", {"q": "Zyxwö Qwxzv 0501234567"})

    (missed,) = MissedQuery.objects.all()
    assert missed.query == "zyxwo qwxzv ##########" and missed.count == 2
    assert not any(ch.isdigit() for ch in missed.query)


def test_a_filtered_search_that_finds_nothing_is_not_counted(client, demo_data):
    client.get("/services/", {"q": "qwxzv", "free": "1"})
    assert not MissedQuery.objects.exists()


def test_a_query_that_finds_something_is_not_counted(client, demo_data):
    client.get("/services/", {"q": "neuvola"})
    assert not MissedQuery.objects.exists()
