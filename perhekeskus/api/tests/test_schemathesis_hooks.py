"""The hooks of the schemathesis run (.ci/schemathesis_hooks.py) make a positive case follow the
rules the schema cannot state, and the API accepts what they make."""

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from perhekeskus.activities.occurrences import MAX_WINDOW_DAYS

HOOKS = Path(settings.BASE_DIR) / ".ci" / "schemathesis_hooks.py"


@pytest.fixture(scope="module")
def hooks():
    spec = importlib.util.spec_from_file_location("schemathesis_hooks", HOOKS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hooks_know_the_calendars_longest_window(hooks):
    assert hooks.MAX_WINDOW_DAYS == MAX_WINDOW_DAYS


@pytest.mark.parametrize(
    ("query", "window"),
    [
        ({"start": "2022-02-14"}, ("2022-02-14", "2022-02-14")),
        ({"end": "2022-02-20", "lang": "fi"}, ("2022-02-20", "2022-02-20")),
        ({"start": "2022-02-20", "end": "2022-02-14"}, ("2022-02-14", "2022-02-20")),
        ({"start": "2000-01-01", "end": "2099-12-31"}, None),
        ({"start": "2022-02-14", "end": ""}, ("2022-02-14", "2022-02-14")),
    ],
)
@pytest.mark.django_db
def test_a_window_is_made_one_the_calendar_accepts(client, demo_data, hooks, query, window):
    fixed = hooks.window_in_bounds(query)

    start, end = date.fromisoformat(fixed["start"]), date.fromisoformat(fixed["end"])
    assert start <= end and (end - start).days < MAX_WINDOW_DAYS
    if window:
        assert (fixed["start"], fixed["end"]) == window
    assert {k: v for k, v in fixed.items() if k not in {"start", "end"}} == {
        k: v for k, v in query.items() if k not in {"start", "end"}
    }
    assert client.get("/api/v1/occurrences/", fixed).status_code == 200
    if window != (query.get("start"), query.get("end")):
        assert client.get("/api/v1/occurrences/", query).status_code == 400


def test_a_query_without_days_is_left_alone(hooks):
    assert hooks.window_in_bounds({"q": "kerho"}) == {"q": "kerho"}
