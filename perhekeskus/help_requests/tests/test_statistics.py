"""Statistics for the coordinator: counts and answer times over a period, never content."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory.roles import COORDINATOR
from perhekeskus.help_requests.models import HelpRequest, Team, Topic
from perhekeskus.help_requests.statistics import (
    Period,
    RequestRow,
    default_period,
    nearest_rank,
    request_rows,
    summarise,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
SECRET = "Äitini juo liikaa, en tiedä kenelle kertoa"


def at(day: int, hour: int = 10, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=HELSINKI)


def row(submitted_at, *, answered_after_hours=None, due_at=None, urgent=False, topic="Ero", team="A") -> RequestRow:
    return RequestRow(
        submitted_at=submitted_at,
        due_at=due_at or submitted_at + timedelta(days=1),
        first_answered_at=None
        if answered_after_hours is None
        else submitted_at + timedelta(hours=answered_after_hours),
        urgent=urgent,
        topic=topic,
        team=team,
    )


MARCH = Period(date(2026, 3, 2), date(2026, 3, 29))  # four ISO weeks, W10 to W13


# --- the pure summary ---------------------------------------------------------------------------


def test_counts_per_iso_week_include_the_empty_weeks():
    rows = [row(at(2)), row(at(4)), row(at(20))]
    stats = summarise(rows, now=at(30), period=MARCH, tz=HELSINKI)
    assert [(w.week, w.monday, w.count) for w in stats.per_week] == [
        ("2026-W10", date(2026, 3, 2), 2),
        ("2026-W11", date(2026, 3, 9), 0),
        ("2026-W12", date(2026, 3, 16), 1),
        ("2026-W13", date(2026, 3, 23), 0),
    ]
    assert stats.total == 3


def test_the_week_is_the_finnish_one():
    # Sunday 22:30 UTC is already Monday 00:30 in Finland: the next ISO week.
    late_sunday = datetime(2026, 3, 8, 22, 30, tzinfo=UTC)
    stats = summarise([row(late_sunday)], now=at(30), period=MARCH, tz=HELSINKI)
    assert [w.count for w in stats.per_week] == [0, 1, 0, 0]


def test_a_period_starting_midweek_shows_its_partial_first_week():
    stats = summarise([], now=at(30), period=Period(date(2026, 3, 5), date(2026, 3, 10)), tz=HELSINKI)
    assert [w.week for w in stats.per_week] == ["2026-W10", "2026-W11"]


def test_median_and_90th_percentile_of_hours_to_first_answer():
    rows = [row(at(3), answered_after_hours=h) for h in range(1, 11)] + [row(at(3))]  # one unanswered
    stats = summarise(rows, now=at(30), period=MARCH, tz=HELSINKI)
    assert stats.answered == 10
    assert stats.median_hours == 5.5
    assert stats.p90_hours == 9


def test_the_answer_time_is_plain_elapsed_hours_over_a_weekend():
    friday_evening = at(6, 18)
    stats = summarise([row(friday_evening, answered_after_hours=63)], now=at(30), period=MARCH, tz=HELSINKI)
    assert stats.median_hours == stats.p90_hours == 63


@pytest.mark.parametrize(
    ("values", "p90"),
    [([], None), ([4.0], 4.0), ([1.0, 2.0], 2.0), ([float(v) for v in range(1, 21)], 18.0)],
)
def test_nearest_rank_percentile(values, p90):
    assert nearest_rank(values, 90) == p90


def test_share_within_the_promise_counts_only_requests_whose_outcome_is_known():
    now = at(10, 12)
    rows = [
        row(at(2), answered_after_hours=5),  # on time
        row(at(2), answered_after_hours=20, due_at=at(2, 16)),  # late
        row(at(3)),  # unanswered, due 4.3. and now past: late
        row(at(10, 9)),  # unanswered, due tomorrow: not known yet
        row(at(10, 8), answered_after_hours=1),  # on time
    ]
    stats = summarise(rows, now=now, period=MARCH, tz=HELSINKI)
    assert (stats.within_promise, stats.outcome_known) == (2, 4)
    assert stats.share_within_promise == 0.5


def test_an_answer_exactly_at_the_deadline_is_within_the_promise():
    stats = summarise([row(at(2), answered_after_hours=24)], now=at(30), period=MARCH, tz=HELSINKI)
    assert stats.share_within_promise == 1


def test_urgent_count_and_counts_per_topic_and_team_most_first():
    rows = [
        row(at(2), urgent=True, topic="Väkivalta", team="Lastensuojelu"),
        row(at(3), topic="Ero", team="Perhesosiaalityö"),
        row(at(4), topic="Ero", team="Perhesosiaalityö"),
        row(at(5), topic="(ei aihetta)", team="Palveluohjaus"),
    ]
    stats = summarise(rows, now=at(30), period=MARCH, tz=HELSINKI)
    assert stats.urgent == 1
    assert stats.per_topic == [("Ero", 2), ("(ei aihetta)", 1), ("Väkivalta", 1)]
    assert stats.per_team == [("Perhesosiaalityö", 2), ("Lastensuojelu", 1), ("Palveluohjaus", 1)]


def test_no_requests_give_zeros_and_no_times():
    stats = summarise([], now=at(30), period=MARCH, tz=HELSINKI)
    assert (stats.total, stats.answered, stats.median_hours, stats.p90_hours, stats.share_within_promise) == (
        0,
        0,
        None,
        None,
        None,
    )


def test_the_default_period_is_the_last_twelve_iso_weeks():
    period = default_period(date(2026, 3, 26))  # a Thursday
    assert period == Period(date(2026, 1, 5), date(2026, 3, 26))
    assert len(summarise([], now=at(26), period=period, tz=HELSINKI).per_week) == 12


# --- rows from the database ---------------------------------------------------------------------


@pytest.fixture
def team():
    return Team.objects.create(slug="palveluohjaus", name_fi="Palveluohjaus", name_sv="Servicehandledning")


def make_request(team, submitted_at, **fields) -> HelpRequest:
    return HelpRequest.objects.create(
        text=SECRET,
        contact_method=HelpRequest.ContactMethod.PHONE,
        contact_phone="040 123 4567",
        submitted_at=submitted_at,
        due_at=submitted_at + timedelta(days=1),
        team=team,
        submission_key=uuid.uuid4().hex,
        **fields,
    )


@pytest.mark.django_db
def test_rows_are_the_requests_of_the_period_by_finnish_days(team):
    topic = Topic.objects.create(slug="ero", name_fi="Ero", name_sv="Skilsmässa")
    inside = [make_request(team, at(2, 0), topic=topic), make_request(team, at(29, 23))]
    make_request(team, at(1, 23))
    make_request(team, at(30, 0))

    rows = request_rows(HelpRequest.objects.all(), period=MARCH, tz=HELSINKI, lang="sv")

    assert sorted(r.submitted_at for r in rows) == [r.submitted_at for r in inside]
    assert sorted((r.topic, r.team) for r in rows) == [
        ("(ei aihetta)", "Servicehandledning"),
        ("Skilsmässa", "Servicehandledning"),
    ]


@pytest.mark.django_db
def test_rows_never_read_the_content_of_a_request(team):
    make_request(team, at(3), first_answered_at=at(3, 12), urgent=True)
    with CaptureQueriesContext(connection) as queries:
        rows = request_rows(HelpRequest.objects.all(), period=MARCH, tz=HELSINKI)
    sql = " ".join(q["sql"] for q in queries.captured_queries if "help_requests_helprequest" in q["sql"])
    assert sql and '"text"' not in sql and "contact_" not in sql and "pickup" not in sql
    assert SECRET not in repr(rows)


# --- the page -----------------------------------------------------------------------------------


def login(client, username: str, *, coordinator=False, superuser=False) -> User:
    if superuser:
        user = User.objects.create_superuser(username, password="x-pass-123")
    else:
        user = User.objects.create_user(username, password="x-pass-123", is_staff=True)
    if coordinator:
        user.groups.add(Group.objects.get(name=COORDINATOR))
    sign_in(client, user)
    return user


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("help_requests:stats"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_worker_without_the_permission_is_refused(client, team):
    worker = login(client, "tyontekija")
    team.members.add(worker)
    assert client.get(reverse("help_requests:stats")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_the_coordinator_and_admins_see_statistics_without_content(client, team, role):
    login(client, role, coordinator=role == "coordinator", superuser=role == "superuser")
    make_request(team, at(3), first_answered_at=at(3, 13), urgent=True)

    response = client.get(reverse("help_requests:stats"), {"from": "2026-03-01", "to": "2026-03-31"})

    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.period == Period(date(2026, 3, 1), date(2026, 3, 31))
    assert (stats.total, stats.urgent, stats.median_hours) == (1, 1, 3)
    page = response.content.decode()
    assert "2026-W10" in page and team.t("name") in page and re.search(r">3[,.]0 h<", page)
    assert SECRET not in page and "040 123 4567" not in page


@pytest.mark.django_db
def test_the_default_period_is_shown_in_the_form(client):
    login(client, "koordinaattori", coordinator=True)
    response = client.get(reverse("help_requests:stats"))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert len(stats.per_week) == 12
    assert f'value="{stats.period.start:%Y-%m-%d}"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "1.3.2026"}, "Alkaen: "),
        ({"to": "2026-02-30"}, "Päättyen: "),
        ({"from": "2026-03-31", "to": "2026-03-01"}, "Alkupäivä on myöhemmin kuin loppupäivä."),
        ({"from": "2020-01-01", "to": "2026-03-01"}, "Jakso on liian pitkä"),
        ({"from": "2026-03-01\x00"}, "Alkaen: "),
        ({"to": "0001-01-01"}, "Anna päivä väliltä"),
        ({"from": "9999-12-31", "to": "9999-12-31"}, "Anna päivä väliltä"),
    ],
)
def test_bad_dates_give_400_with_a_message(client, params, message):
    login(client, "koordinaattori", coordinator=True)
    response = client.get(reverse("help_requests:stats"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_only_the_start_given_runs_to_today(client):
    login(client, "koordinaattori", coordinator=True)
    today = datetime.now(tz=HELSINKI).date()
    start = today - timedelta(days=20)
    response = client.get(reverse("help_requests:stats"), {"from": start.isoformat()})
    assert response.status_code == 200
    assert response.context["stats"].period == Period(start, today)


@pytest.mark.django_db
def test_only_the_end_given_shows_the_twelve_weeks_up_to_it(client):
    login(client, "koordinaattori", coordinator=True)
    response = client.get(reverse("help_requests:stats"), {"to": "2025-12-31"})
    assert response.status_code == 200
    assert response.context["stats"].period == Period(date(2025, 10, 13), date(2025, 12, 31))
