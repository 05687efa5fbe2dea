"""GET /api/v1/paths/ and /api/v1/paths/{slug}/: the paths with their live phone lines."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db
GUIDE = "/api/v1/paths/ammattilaisen-palvelupolku-2023/"


def test_the_list_has_both_paths_with_stable_and_short_urls(client, demo_data):
    data = client.get("/api/v1/paths/").json()

    assert {"count", "next", "previous", "results"} <= set(data)
    slugs = {p["slug"] for p in data["results"]}
    assert slugs == {"perheiden-palvelupolku-2023", "ammattilaisen-palvelupolku-2023"}
    assert all(p["url"].endswith(f"/paths/{p['slug']}/") and "/p/" in p["short_url"] for p in data["results"])


def test_the_guide_has_steps_choices_and_actions_with_open_now(client, demo_data, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 24, 11, 30, tzinfo=ZoneInfo("Europe/Helsinki")))

    data = client.get(GUIDE).json()

    assert data["start"] == "saanut-tietoa"
    steps = {s["id"]: s for s in data["steps"]}
    assert [c["next"] for c in steps["lisatuki"]["choices"]] == [
        "hakeutuu-itse",
        "ammattilaisen-kanssa",
        "ei-halua-apua",
    ]
    consult = steps["konsultoi"]["actions"]
    assert consult[0]["first"] is True and "poliisi" in consult[0]["text"].lower()
    phones = {p["number"]: p for a in consult for p in a["phones"]}
    assert phones["050 370 7951"]["open_now"] is False  # lunch gap 11–12
    assert phones["050 370 7951"]["next_opens"].startswith("2026-11-24T12:00:00+02:00")
    assert phones["040 774 3891"]["open_now"] is True  # 8–13.30
    assert phones["050 370 7951"]["hours"][0] == {
        "days": ["mo", "tu", "we", "th", "fr"],
        "opens": "09:00",
        "closes": "11:00",
    }


def test_the_families_path_in_swedish(client, demo_data):
    data = client.get("/api/v1/paths/perheiden-palvelupolku-2023/", {"lang": "sv"}).json()

    assert data["stages"][0]["title"] == "Söker information"
    assert data["stages"][0]["services"][0]["slug"]


@pytest.mark.parametrize(("path", "status"), [("/api/v1/paths/ei-ole/", 404), ("/api/v1/paths/?lang=xx", 400)])
def test_bad_input_is_a_json_error(client, demo_data, path, status):
    response = client.get(path)
    assert response.status_code == status and "detail" in response.json()
