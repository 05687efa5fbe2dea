"""Activities found by words, as the calendar's lists and the API search them: the calendar
declares its activities (activities/searchable.py) and the search finds them (search/names.py)."""

import pytest

from perhekeskus.activities.models import Activity
from perhekeskus.search import names

pytestmark = pytest.mark.django_db


def activity_slugs(query) -> list[str]:
    """Best first."""
    ids = names.find("activities", query)
    by_pk = Activity.objects.in_bulk(ids)
    return [by_pk[pk].slug for pk in ids]


def test_activities_are_found_by_name_place_and_organiser(demo_data):
    assert activity_slugs("vauvakerhoon") == ["lansi-kotka-vauvakerho-ma"]
    # Only weak matches ("vauva" of the thesaurus, as the first part of a compound): all of them.
    assert set(activity_slugs("vauvatreffit")) >= {"lansi-kotka-vauvakerho-ma", "lansi-kotka-vauvatapaaminen-ke"}
    assert activity_slugs("perhekerho mussalossa") == [
        "lansi-kotka-perhekerho-mussalo-ke",
        "lansi-kotka-perhekerho-mussalo-ti",
    ]
    assert "lansi-kotka-kirkkomuskari-to" in activity_slugs("langinkosken kirkko")


def test_a_renamed_activity_is_found_at_once(demo_data):
    activity = Activity.objects.get(slug="lauantaipajat-syksy-2021")
    activity.name_fi = "Lauantain satupajat"
    activity.save()
    assert activity_slugs("satupajoihin") == ["lauantaipajat-syksy-2021"]


def test_the_calendar_lists_and_the_api_take_words(client, demo_data):
    week = {"start": "2022-02-14", "end": "2022-02-20"}
    occurrences = client.get("/api/v1/occurrences/", {**week, "q": "kirkkomuskari"}).json()["results"]
    assert occurrences and {o["activity"] for o in occurrences} == {"lansi-kotka-kirkkomuskari-to"}
    activities = client.get("/api/v1/activities/", {"q": "perhekerho"}).json()["results"]
    assert activities and all("perhekerho" in a["slug"] for a in activities)
    page = client.get("/calendar/this-week/", {"q": "vauvakerho"})
    assert page.status_code == 200 and 'name="q" value="vauvakerho"' in page.content.decode()
    assert client.get("/calendar/today/", {"q": "x" * 10_000}).status_code == 400
