"""Retention: closed requests are deleted with their trail a set time after closing, and the
deletion is logged without content; open requests are never deleted."""

import uuid
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from perhekeskus.help_requests import audit
from perhekeskus.help_requests.models import AuditEvent, HelpRequest, Message, Team, Transfer
from perhekeskus.help_requests.retention import purge_expired

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2026, 6, 15, 3, 0, tzinfo=HELSINKI)
SECRET = "Lapseni on kiusattu koulussa"  # request content that must not survive anywhere


@pytest.fixture
def teams():
    return Team.objects.create(slug="a", name_fi="A", is_default=True), Team.objects.create(slug="b", name_fi="B")


def make_request(teams, *, closed_days_ago: float | None, status=HelpRequest.Status.CLOSED, now=NOW) -> HelpRequest:
    """A request with a message, a transfer and audit events, closed `closed_days_ago` days
    before `now` (None: never closed)."""
    submitted = now - timedelta(days=(closed_days_ago or 0) + 30)
    request = HelpRequest.objects.create(
        text=SECRET,
        contact_method=HelpRequest.ContactMethod.EMAIL,
        contact_email="perhe@example.org",
        submitted_at=submitted,
        due_at=submitted + timedelta(days=1),
        team=teams[0],
        status=status,
        first_answered_at=submitted + timedelta(hours=5),
        closed_at=None if closed_days_ago is None else now - timedelta(days=closed_days_ago),
        submission_key=uuid.uuid4().hex,
    )
    Message.objects.create(request=request, kind=Message.Kind.ANSWER, body="Vastaus: " + SECRET, created_at=submitted)
    Transfer.objects.create(request=request, from_team=teams[0], to_team=teams[1], reason="Kuuluu B:lle", at=submitted)
    audit.record(AuditEvent.Action.CREATE, help_request=request, at=submitted)
    audit.record(AuditEvent.Action.READ, help_request=request, at=submitted)
    return request


def exists(request: HelpRequest) -> bool:
    return HelpRequest.objects.filter(pk=request.pk).exists()


def test_a_request_closed_366_days_ago_is_deleted_with_its_messages_transfers_and_audit_events(teams):
    old = make_request(teams, closed_days_ago=366)

    report = purge_expired(at=NOW, retention_days=365)

    assert not exists(old)
    assert not Message.objects.filter(request_id=old.pk).exists()
    assert not Transfer.objects.filter(request_id=old.pk).exists()
    assert not AuditEvent.objects.filter(request_ref=old.pk).exists()
    assert (report.request_numbers, report.messages, report.transfers, report.audit_events) == ([old.pk], 1, 1, 2)


def test_a_request_closed_364_days_ago_and_an_old_open_one_stay(teams):
    recent = make_request(teams, closed_days_ago=364)
    ancient_open = make_request(teams, closed_days_ago=None, status=HelpRequest.Status.IN_PROGRESS)
    ancient_open.submitted_at = NOW - timedelta(days=2000)
    ancient_open.save()
    # Answered long ago and never closed: still open as far as retention is concerned.
    answered = make_request(teams, closed_days_ago=None, status=HelpRequest.Status.ANSWERED)

    report = purge_expired(at=NOW, retention_days=365)

    assert report.requests == 0
    assert exists(recent) and exists(ancient_open) and exists(answered)
    assert AuditEvent.objects.filter(request_ref=recent.pk).count() == 2
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PURGE).exists()


def test_a_reopened_request_is_not_deleted_even_with_an_old_closing_time(teams):
    reopened = make_request(teams, closed_days_ago=400, status=HelpRequest.Status.IN_PROGRESS)
    purge_expired(at=NOW, retention_days=365)
    assert exists(reopened)


def test_the_boundary_is_exactly_the_retention_after_closing(teams):
    on_the_day = make_request(teams, closed_days_ago=365)
    just_past = make_request(teams, closed_days_ago=365 + 1 / 24 / 60)

    purge_expired(at=NOW, retention_days=365)

    assert exists(on_the_day) and not exists(just_past)


def test_the_purge_is_logged_with_counts_and_numbers_and_no_content(teams):
    first, second = make_request(teams, closed_days_ago=400), make_request(teams, closed_days_ago=366)
    make_request(teams, closed_days_ago=10)

    purge_expired(at=NOW, retention_days=365)

    event = AuditEvent.objects.get(action=AuditEvent.Action.PURGE)
    assert (event.at, event.actor, event.request_ref) == (NOW, None, None)
    assert event.details == {
        "requests": 2,
        "request_numbers": [first.pk, second.pk],
        "messages": 2,
        "transfers": 2,
        "audit_events": 4,
        "retention_days": 365,
        "closed_before": (NOW - timedelta(days=365)).isoformat(),
    }
    stored = str(event.details) + str(event)
    assert SECRET not in stored and "perhe@example.org" not in stored and "Kuuluu B" not in stored


def test_the_purge_event_survives_later_purges(teams):
    make_request(teams, closed_days_ago=400)
    purge_expired(at=NOW, retention_days=365)
    purge_expired(at=NOW + timedelta(days=400), retention_days=365)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PURGE).count() == 1


def test_a_dry_run_counts_and_deletes_nothing(teams):
    old = make_request(teams, closed_days_ago=500)
    events = AuditEvent.objects.count()

    report = purge_expired(at=NOW, retention_days=365, dry_run=True)

    assert report.dry_run and report.request_numbers == [old.pk] and report.audit_events == 2
    assert exists(old) and Message.objects.filter(request=old).exists()
    assert AuditEvent.objects.count() == events


def test_the_retention_is_configurable(teams):
    month_old = make_request(teams, closed_days_ago=31)
    purge_expired(at=NOW, retention_days=365)
    assert exists(month_old)
    purge_expired(at=NOW, retention_days=30)
    assert not exists(month_old)


def test_batches_are_bounded_and_each_is_logged(teams):
    old = [make_request(teams, closed_days_ago=400 + i) for i in range(5)]

    report = purge_expired(at=NOW, retention_days=365, batch_size=2)

    assert sorted(report.request_numbers) == sorted(r.pk for r in old)
    assert not HelpRequest.objects.exists()
    events = AuditEvent.objects.filter(action=AuditEvent.Action.PURGE).order_by("pk")
    assert [e.details["requests"] for e in events] == [2, 2, 1]


@pytest.mark.parametrize("days", [0, -1])
def test_a_retention_below_one_day_is_refused(days):
    with pytest.raises(ValueError, match="retention_days must be at least 1"):
        purge_expired(at=NOW, retention_days=days)


def test_the_command_deletes_and_prints_counts(teams, settings):
    now = datetime.now(tz=HELSINKI)
    old = make_request(teams, closed_days_ago=366, now=now)
    kept = make_request(teams, closed_days_ago=10, now=now)
    out = StringIO()

    call_command("purge_help_requests", stdout=out)

    assert not exists(old) and exists(kept)
    assert out.getvalue().startswith("Deleted 1 help request(s) closed before ")
    assert "(retention 365 days): 1 message(s), 1 transfer(s), 2 audit event(s)." in out.getvalue()
    assert SECRET not in out.getvalue()


def test_the_command_dry_run_deletes_nothing_and_follows_the_setting(teams, settings):
    settings.HELP_REQUEST_RETENTION_DAYS = 5
    now = datetime.now(tz=HELSINKI)
    old = make_request(teams, closed_days_ago=6, now=now)
    out = StringIO()

    call_command("purge_help_requests", "--dry-run", "-v", "2", stdout=out)

    assert exists(old)
    assert out.getvalue().startswith("Would delete 1 help request(s)")
    assert f"Request numbers: {old.pk}" in out.getvalue()


def test_the_command_refuses_a_bad_retention_setting(settings):
    settings.HELP_REQUEST_RETENTION_DAYS = 0
    with pytest.raises(CommandError, match="HELP_REQUEST_RETENTION_DAYS"):
        call_command("purge_help_requests", stdout=StringIO())
