"""When nothing matches: "did you mean", the ways in by life situation, and the count of the query."""

import pytest

from perhekeskus.directory.models import Service
from perhekeskus.search.models import MissedQuery
from perhekeskus.search.suggest import did_you_mean

pytestmark = pytest.mark.django_db


def test_a_misspelt_query_gets_a_suggestion_that_finds_something(client, demo_data):
    page = client.get("/services/", {"q": "puheteraipa"}).content.decode()  # two letters swapped
    assert "Tarkoititko:" in page
    assert 'href="?q=puheterapia"' in page

    empty = client.get("/services/", {"q": "qwxzvq"}).content.decode()
    assert "Palvelut elämäntilanteen mukaan" in empty and "?target_group=" in empty


def test_suggestions_follow_the_directory_as_it_changes(demo_data):
    typo = "tahtitaivasretik"
    assert did_you_mean(typo) is None
    service = Service.objects.public().first()
    service.keywords_fi = f"{service.keywords_fi}, tähtitaivasretki".strip(", ")
    service.save()
    assert did_you_mean(typo) == "tahtitaivasretki"  # the new word, read again after the change
    service.status = Service.Status.NOT_IN_USE
    service.save()
    assert did_you_mean(typo) is None  # words of services no longer public are not offered


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
