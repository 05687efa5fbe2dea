"""The inbox as data: which requests, in which order, marked overdue or due today at a given time,
and what reading a request's page reads and logs."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from perhekeskus.help_requests.models import AuditEvent, HelpRequest
from perhekeskus.help_requests.selectors import ALL_STATUSES, inbox_counts, inbox_rows, mark, read_request

from .factories import make_request, make_team, make_user

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
Status = HelpRequest.Status


def local(*args) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


TUESDAY_16 = local(2026, 3, 3, 16, 0)


@pytest.fixture
def member():
    return make_user("tiina")


@pytest.fixture
def team(member):
    return make_team("perhesosiaalityo", members=[member])


@pytest.mark.parametrize(
    "now, overdue, due_today",
    [
        (local(2026, 3, 2, 23, 59), False, False),  # the day before
        (local(2026, 3, 3, 0, 30), False, True),  # just after midnight in Finland, still Monday in UTC
        (local(2026, 3, 3, 12, 0), False, True),
        (TUESDAY_16, False, True),  # due at 16:00, not overdue at 16:00
        (local(2026, 3, 3, 16, 1), True, False),
        (local(2026, 3, 4, 9, 0), True, False),
    ],
)
def test_marks_of_a_request_due_tuesday_at_16(member, team, now, overdue, due_today):
    make_request(team, due_at=TUESDAY_16)
    [row] = inbox_rows(member, now=now)
    assert (row.overdue, row.due_today) == (overdue, due_today)


@pytest.mark.parametrize("status", [Status.NEW, Status.IN_PROGRESS])
def test_waiting_requests_are_marked(team, status):
    request = make_request(team, due_at=TUESDAY_16, status=status)
    assert mark(request, now=local(2026, 3, 4, 9, 0)).overdue


@pytest.mark.parametrize("status", [Status.ANSWERED, Status.CLOSED])
def test_answered_and_closed_requests_are_never_marked(team, status):
    request = make_request(team, due_at=TUESDAY_16, status=status, first_answered_at=local(2026, 3, 3, 9, 0))
    for now in (local(2026, 3, 3, 12, 0), local(2026, 3, 4, 9, 0)):
        row = mark(request, now=now)
        assert not row.overdue and not row.due_today


def test_a_follow_up_after_an_answer_is_not_overdue(team):
    # The asker replied after the answer: in progress again, but the promise was kept.
    request = make_request(
        team, due_at=TUESDAY_16, status=Status.IN_PROGRESS, first_answered_at=local(2026, 3, 3, 9, 0)
    )
    assert not mark(request, now=local(2026, 3, 5, 9, 0)).overdue


def test_urgent_waiting_requests_first_then_by_due_time(member, team):
    late = make_request(team, due_at=local(2026, 3, 5, 16, 0))
    early = make_request(team, due_at=local(2026, 3, 3, 16, 0))
    urgent_late = make_request(team, due_at=local(2026, 3, 6, 16, 0), urgent=True)
    urgent_in_progress = make_request(team, due_at=local(2026, 3, 7, 16, 0), urgent=True, status=Status.IN_PROGRESS)
    urgent_answered = make_request(team, due_at=local(2026, 3, 2, 16, 0), urgent=True, status=Status.ANSWERED)
    rows = inbox_rows(member, now=local(2026, 3, 3, 9, 0))
    assert [row.request for row in rows] == [urgent_late, urgent_in_progress, urgent_answered, early, late]


def test_only_the_users_teams_and_open_requests_by_default(member, team):
    other_team = make_team("lastensuojelu", members=[make_user("olli")])
    mine = make_request(team)
    closed = make_request(team, status=Status.CLOSED)
    make_request(other_team)
    now = local(2026, 3, 3, 9, 0)
    assert [row.request for row in inbox_rows(member, now=now)] == [mine]
    assert [row.request for row in inbox_rows(member, now=now, status=Status.CLOSED)] == [closed]
    assert {row.request for row in inbox_rows(member, now=now, status=ALL_STATUSES)} == {mine, closed}
    assert inbox_rows(member, now=now, team=other_team) == []


def test_a_member_of_two_teams_sees_each_request_once(member, team):
    other_team = make_team("lastensuojelu", members=[member, make_user("olli")])
    requests = {make_request(team), make_request(other_team)}
    rows = inbox_rows(member, now=local(2026, 3, 3, 9, 0))
    assert len(rows) == 2 and {row.request for row in rows} == requests
    assert [row.request for row in inbox_rows(member, now=local(2026, 3, 3, 9, 0), team=other_team)] == [
        r for r in requests if r.team == other_team
    ]


def test_counts_per_team_status_and_overdue(member, team):
    other_team = make_team("lastensuojelu", members=[member])
    make_request(team, due_at=local(2026, 3, 2, 16, 0))  # overdue
    make_request(team, due_at=local(2026, 3, 4, 16, 0))
    make_request(team, status=Status.ANSWERED, due_at=local(2026, 3, 2, 16, 0), first_answered_at=local(2026, 3, 2))
    make_request(other_team, status=Status.CLOSED)
    make_request(make_team("muut", members=[make_user("olli")]))  # not the user's
    counts = inbox_counts(member, now=local(2026, 3, 3, 9, 0))
    assert [(c.team.slug, c.by_status, c.overdue, c.open) for c in counts] == [
        ("lastensuojelu", {"closed": 1}, 0, 0),
        ("perhesosiaalityo", {"new": 2, "answered": 1}, 1, 3),
    ]
    assert counts[1].status_counts()[0][::2] == ("new", 2)


def test_reading_a_request_logs_the_read_at_the_time_given_and_shows_it_in_the_trail(member, team):
    request = make_request(team, due_at=TUESDAY_16)
    page = read_request(user=member, help_request=request, at=local(2026, 3, 4, 9, 0))
    [event] = AuditEvent.objects.all()
    assert (event.action, event.actor, event.request_ref, event.at) == (
        AuditEvent.Action.READ,
        member,
        request.pk,
        local(2026, 3, 4, 9, 0),
    )
    assert page.trail == [(event, "")]
    assert page.row.overdue and list(page.thread) == [] and list(page.transfers) == []
