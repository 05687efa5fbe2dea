"""The workers' actions: each changes the request as promised and writes exactly one audit event
without content; refusals change nothing and write nothing."""

import inspect
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

from perhekeskus.help_requests import actions, audit, retention, selectors, submission
from perhekeskus.help_requests.actions import ActionError
from perhekeskus.help_requests.models import AuditEvent, HelpRequest, Message, Transfer

from .factories import make_request, make_team, make_user

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
AT = datetime(2026, 3, 3, 9, 30, tzinfo=HELSINKI)
Status = HelpRequest.Status
Action = AuditEvent.Action
SECRET_TEXT = "Isä juo ja lyö, en uskalla mennä kotiin"
NOTE_TEXT = "Sovittu kotikäynti torstaina, huoli-ilmoitus harkinnassa"
ANSWER_TEXT = "Hei, soitamme sinulle huomenna kello 10"
REASON_TEXT = "Kuuluu lastensuojelulle, perheessä väkivaltaa"


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("smtp down for asker@example.org")


@pytest.fixture
def team_setup():
    member = make_user("tiina", email="tiina@example.org")
    colleague = make_user("kalle", email="kalle@example.org")
    outsider = make_user("olli", email="olli@example.org")
    team = make_team("perhesosiaalityo", members=[member, colleague], notify_email="perhetyo@example.org")
    other_team = make_team("lastensuojelu", members=[outsider], notify_email="lastensuojelu@example.org")
    return member, colleague, outsider, team, other_team


def only_event(action, actor, request):
    events = list(AuditEvent.objects.all())
    assert [(e.action, e.actor, e.request_ref) for e in events] == [(action, actor, request.pk)]
    return events[0]


def audit_json() -> str:
    return serializers.serialize("json", AuditEvent.objects.all())


# --- claim ------------------------------------------------------------------------------------------


def test_claim_takes_a_new_request_into_progress(team_setup):
    member, *_, team, _other = team_setup
    request = make_request(team, text=SECRET_TEXT)
    actions.claim(user=member, help_request=request, at=AT)
    request.refresh_from_db()
    assert (request.assignee, request.status) == (member, Status.IN_PROGRESS)
    event = only_event(Action.CLAIM, member, request)
    assert event.at == AT and event.details == {"status": "in_progress", "previous_status": "new"}


def test_claiming_twice_is_a_no_op(team_setup):
    member, *_, team, _other = team_setup
    request = make_request(team)
    actions.claim(user=member, help_request=request, at=AT)
    actions.claim(user=member, help_request=request, at=AT)
    assert AuditEvent.objects.filter(action=Action.CLAIM).count() == 1


def test_claiming_a_request_someone_else_has_is_refused(team_setup):
    member, colleague, *_, team, _other = team_setup
    request = make_request(team, assignee=colleague, status=Status.IN_PROGRESS)
    with pytest.raises(ActionError) as refused:
        actions.claim(user=member, help_request=request, at=AT)
    assert refused.value.status == 409 and "kalle" in refused.value.message
    assert not AuditEvent.objects.exists()


def test_claiming_a_closed_request_is_refused(team_setup):
    member, *_, team, _other = team_setup
    request = make_request(team, status=Status.CLOSED, closed_at=AT)
    with pytest.raises(ActionError):
        actions.claim(user=member, help_request=request, at=AT)


def test_a_user_outside_the_team_cannot_act(team_setup):
    *_, outsider, team, _other = team_setup
    request = make_request(team)
    for act in (
        lambda: actions.claim(user=outsider, help_request=request, at=AT),
        lambda: actions.add_note(user=outsider, help_request=request, body=NOTE_TEXT, at=AT),
        lambda: actions.answer(user=outsider, help_request=request, body=ANSWER_TEXT, at=AT),
        lambda: actions.set_status(user=outsider, help_request=request, status=Status.IN_PROGRESS, at=AT),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert not AuditEvent.objects.exists() and not Message.objects.exists()


def test_the_team_is_checked_again_on_the_locked_row(team_setup):
    member, _colleague, outsider, team, other_team = team_setup
    stale = make_request(team)
    actions.transfer(
        user=member, help_request=HelpRequest.objects.get(pk=stale.pk), to_team=other_team, reason=REASON_TEXT, at=AT
    )
    with pytest.raises(PermissionDenied):
        actions.claim(
            user=member, help_request=stale, at=AT
        )  # `stale` still says the old team: the lock reads the new one
    assert HelpRequest.objects.get(pk=stale.pk).assignee is None
    actions.claim(user=outsider, help_request=stale, at=AT)


# --- assign -----------------------------------------------------------------------------------------


def test_assign_to_a_team_member(team_setup):
    member, colleague, *_, team, _other = team_setup
    request = make_request(team)
    actions.assign(user=member, help_request=request, assignee=colleague, at=AT)
    request.refresh_from_db()
    assert (request.assignee, request.status) == (colleague, Status.IN_PROGRESS)
    event = only_event(Action.ASSIGN, member, request)
    assert event.details["assignee"] == colleague.pk and event.details["previous_assignee"] is None


@pytest.mark.parametrize("who", ["outsider", "inactive", "none"])
def test_assign_to_someone_outside_the_team_is_refused(team_setup, who):
    member, colleague, outsider, team, _other = team_setup
    if who == "inactive":
        colleague.is_active = False
        colleague.save()
    to_user = {"outsider": outsider, "inactive": colleague, "none": None}[who]
    request = make_request(team)
    with pytest.raises(ActionError) as refused:
        actions.assign(user=member, help_request=request, assignee=to_user, at=AT)
    assert refused.value.field == "assignee" and refused.value.status == 400
    request.refresh_from_db()
    assert request.assignee is None and not AuditEvent.objects.exists()


# --- status -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, target",
    [
        (Status.NEW, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.CLOSED),
        (Status.ANSWERED, Status.IN_PROGRESS),
        (Status.ANSWERED, Status.CLOSED),
        (Status.CLOSED, Status.IN_PROGRESS),
    ],
)
def test_allowed_transitions(team_setup, start, target):
    member, *_, team, _other = team_setup
    request = make_request(team, status=start, closed_at=AT if start == Status.CLOSED else None)
    actions.set_status(user=member, help_request=request, status=target, at=AT)
    request.refresh_from_db()
    assert request.status == target
    assert request.closed_at == (AT if target == Status.CLOSED else None)
    event = only_event(Action.STATUS, member, request)
    assert (event.details["previous_status"], event.details["status"]) == (start, target)


@pytest.mark.parametrize("start", [Status.NEW, Status.IN_PROGRESS, Status.CLOSED])
def test_answered_is_reached_only_by_answering(team_setup, start):
    member, *_, team, _other = team_setup
    request = make_request(team, status=start)
    with pytest.raises(ActionError) as refused:
        actions.set_status(user=member, help_request=request, status=Status.ANSWERED, at=AT)
    assert refused.value.field == "status"
    assert not AuditEvent.objects.exists()


def test_a_new_request_cannot_be_closed_unseen(team_setup):
    member, *_, team, _other = team_setup
    request = make_request(team)
    with pytest.raises(ActionError) as refused:
        actions.close(user=member, help_request=request, at=AT)
    assert refused.value.status == 409
    request.refresh_from_db()
    assert request.status == Status.NEW and request.closed_at is None


@pytest.mark.parametrize("status", ["", "deleted", "NEW", None])
def test_an_unknown_status_is_bad_input(team_setup, status):
    member, *_, team, _other = team_setup
    with pytest.raises(ActionError) as refused:
        actions.set_status(user=member, help_request=make_request(team), status=status, at=AT)
    assert refused.value.status == 400


def test_setting_the_same_status_again_writes_nothing(team_setup):
    member, *_, team, _other = team_setup
    request = make_request(team, status=Status.IN_PROGRESS)
    actions.set_status(user=member, help_request=request, status=Status.IN_PROGRESS, at=AT)
    actions.close(user=member, help_request=request, at=AT)
    actions.close(user=member, help_request=request, at=AT)
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [Action.STATUS]


def test_close_records_whether_the_request_was_answered(team_setup):
    member, *_, team, _other = team_setup
    request = make_request(team, status=Status.IN_PROGRESS)
    actions.close(user=member, help_request=request, at=AT)
    assert only_event(Action.STATUS, member, request).details["answered"] is False


def test_allowed_statuses_never_offer_answered():
    assert actions.allowed_statuses(Status.NEW) == [Status.IN_PROGRESS]
    assert actions.allowed_statuses(Status.IN_PROGRESS) == [Status.CLOSED]
    assert actions.allowed_statuses(Status.ANSWERED) == [Status.IN_PROGRESS, Status.CLOSED]
    assert actions.allowed_statuses(Status.CLOSED) == [Status.IN_PROGRESS]


# --- answer -----------------------------------------------------------------------------------------


class DepthRecordingBackend(locmem.EmailBackend):
    """Records how deep in transactions each send happens."""

    depths: list[int] = []

    def send_messages(self, messages):
        DepthRecordingBackend.depths.append(len(connection.atomic_blocks))
        return super().send_messages(messages)


def test_the_answer_email_goes_before_any_transaction_of_the_action(team_setup, settings):
    """A slow mail server must not hold SQLite's write lock while the e-mail goes."""
    member, *_, team, _other = team_setup
    request = make_request(team, contact_method=HelpRequest.ContactMethod.EMAIL, contact_email="k@example.org")
    settings.EMAIL_BACKEND = f"{__name__}.DepthRecordingBackend"
    DepthRecordingBackend.depths = []
    depth_of_the_test = len(connection.atomic_blocks)

    actions.answer(user=member, help_request=request, body=ANSWER_TEXT, at=AT)

    assert DepthRecordingBackend.depths == [depth_of_the_test]


def test_answer_by_email_goes_to_the_asker_only(team_setup, mailoutbox):
    member, *_, team, _other = team_setup
    request = make_request(
        team,
        text=SECRET_TEXT,
        contact_method=HelpRequest.ContactMethod.EMAIL,
        contact_email="kysyja@example.org",
    )
    message = actions.answer(user=member, help_request=request, body=f"  {ANSWER_TEXT}  ", at=AT)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["kysyja@example.org"] and mail.cc == [] and mail.bcc == [] and mail.reply_to == []
    assert ANSWER_TEXT in mail.body
    assert SECRET_TEXT not in mail.body and SECRET_TEXT not in mail.subject and ANSWER_TEXT not in mail.subject
    assert (message.kind, message.body, message.emailed, message.author) == (
        Message.Kind.ANSWER,
        ANSWER_TEXT,
        True,
        member,
    )
    request.refresh_from_db()
    assert (request.status, request.first_answered_at, request.assignee) == (Status.ANSWERED, AT, member)
    event = only_event(Action.ANSWER, member, request)
    assert event.details == {
        "message": message.pk,
        "emailed": True,
        "status": "answered",
        "previous_status": "new",
    }


def test_the_first_answer_time_is_kept_on_later_answers(team_setup, mailoutbox):
    member, colleague, *_, team, _other = team_setup
    request = make_request(team, assignee=colleague, status=Status.IN_PROGRESS)
    actions.answer(user=member, help_request=request, body=ANSWER_TEXT, at=AT)
    actions.answer(
        user=member,
        help_request=request,
        body="Lisäksi: neuvola on auki maanantaina.",
        at=datetime(2026, 3, 4, tzinfo=HELSINKI),
    )
    request.refresh_from_db()
    assert request.first_answered_at == AT and request.assignee == colleague
    assert mailoutbox == []  # anonymous: the asker reads the answers with the pickup code


def test_a_phone_answer_is_recorded_and_sends_nothing(team_setup, mailoutbox):
    member, *_, team, _other = team_setup
    request = make_request(team, contact_method=HelpRequest.ContactMethod.PHONE, contact_phone="040 123 4567")
    message = actions.answer(
        user=member, help_request=request, body="Soitin, sovittiin tapaaminen perheneuvolaan.", at=AT
    )
    assert (message.kind, message.emailed) == (Message.Kind.ANSWER, False)
    assert mailoutbox == []


def test_a_failed_email_stores_nothing_and_logs_no_content(team_setup, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    member, *_, team, _other = team_setup
    request = make_request(team, contact_method=HelpRequest.ContactMethod.EMAIL, contact_email="asker@example.org")
    with pytest.raises(ActionError) as refused:
        actions.answer(user=member, help_request=request, body=ANSWER_TEXT, at=AT)
    assert refused.value.status == 503
    request.refresh_from_db()
    assert request.status == Status.NEW and request.first_answered_at is None
    assert not Message.objects.exists() and not AuditEvent.objects.exists()
    assert f"#{request.pk}" in caplog.text
    assert "asker@example.org" not in caplog.text and ANSWER_TEXT not in caplog.text


@pytest.mark.parametrize(
    "body", ["", "   \n\t ", None, "a" * 5001, "binääri\x00data"], ids=["empty", "blank", "none", "long", "nul"]
)
def test_bad_answers_are_refused(team_setup, body):
    member, *_, team, _other = team_setup
    request = make_request(team)
    with pytest.raises(ActionError) as refused:
        actions.answer(user=member, help_request=request, body=body, at=AT)
    assert refused.value.field == "body" and refused.value.status == 400
    assert not Message.objects.exists() and not AuditEvent.objects.exists()


def test_a_closed_request_is_not_answered(team_setup):
    member, *_, team, _other = team_setup
    with pytest.raises(ActionError) as refused:
        actions.answer(user=member, help_request=make_request(team, status=Status.CLOSED), body=ANSWER_TEXT, at=AT)
    assert refused.value.status == 409


# --- note -------------------------------------------------------------------------------------------


def test_a_note_is_internal(team_setup, mailoutbox):
    member, *_, team, _other = team_setup
    request = make_request(team, contact_method=HelpRequest.ContactMethod.EMAIL, contact_email="asker@example.org")
    message = actions.add_note(user=member, help_request=request, body=NOTE_TEXT, at=AT)
    assert (message.kind, message.emailed) == (Message.Kind.NOTE, False)
    assert mailoutbox == []
    request.refresh_from_db()
    assert request.status == Status.NEW  # a note changes nothing else
    assert only_event(Action.NOTE, member, request).details == {"message": message.pk}


def test_an_empty_note_is_refused(team_setup):
    member, *_, team, _other = team_setup
    with pytest.raises(ActionError):
        actions.add_note(user=member, help_request=make_request(team), body=" ", at=AT)


# --- transfer ---------------------------------------------------------------------------------------


def test_transfer_moves_the_request_and_notifies_the_new_team_with_a_link_only(
    team_setup, mailoutbox, django_capture_on_commit_callbacks
):
    member, *_, team, other_team = team_setup
    request = make_request(team, text=SECRET_TEXT, assignee=member, status=Status.IN_PROGRESS, urgent=True)
    with django_capture_on_commit_callbacks(execute=True):
        moved = actions.transfer(user=member, help_request=request, to_team=other_team, reason=REASON_TEXT, at=AT)
    request.refresh_from_db()
    assert (request.team, request.assignee, request.status) == (other_team, None, Status.NEW)
    assert (moved.from_team, moved.to_team, moved.reason, moved.by) == (team, other_team, REASON_TEXT, member)
    event = only_event(Action.TRANSFER, member, request)
    assert event.details == {
        "transfer": moved.pk,
        "from_team": "perhesosiaalityo",
        "to_team": "lastensuojelu",
        "previous_status": "in_progress",
    }
    # The team's address and each member's, one message each; the old team hears nothing.
    assert [mail.to for mail in mailoutbox] == [["lastensuojelu@example.org"], ["olli@example.org"]]
    for mail in mailoutbox:
        assert f"http://127.0.0.1:8000/inbox/{request.pk}/" in mail.body
        for content in (SECRET_TEXT, REASON_TEXT, "Kiireellinen", "urgent"):
            assert content not in mail.body and content not in mail.subject


def test_the_notice_goes_to_the_members_when_the_team_has_no_address(
    team_setup, mailoutbox, django_capture_on_commit_callbacks
):
    member, _colleague, outsider, team, other_team = team_setup
    other_team.notify_email = ""
    other_team.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.transfer(user=member, help_request=make_request(team), to_team=other_team, reason=REASON_TEXT, at=AT)
    assert [mail.to for mail in mailoutbox] == [[outsider.email]]


def test_no_notice_before_the_commit(team_setup, mailoutbox, django_capture_on_commit_callbacks):
    member, *_, team, other_team = team_setup
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.transfer(user=member, help_request=make_request(team), to_team=other_team, reason=REASON_TEXT, at=AT)
    assert mailoutbox == [] and len(callbacks) == 1


def test_a_failed_notice_does_not_undo_the_transfer(team_setup, settings, caplog, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    member, *_, team, other_team = team_setup
    request = make_request(team)
    with django_capture_on_commit_callbacks(execute=True):
        actions.transfer(user=member, help_request=request, to_team=other_team, reason=REASON_TEXT, at=AT)
    assert HelpRequest.objects.get(pk=request.pk).team == other_team
    assert f"#{request.pk}" in caplog.text and "@example.org" not in caplog.text


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_a_transfer_needs_a_reason(team_setup, reason):
    member, *_, team, other_team = team_setup
    request = make_request(team)
    with pytest.raises(ActionError) as refused:
        actions.transfer(user=member, help_request=request, to_team=other_team, reason=reason, at=AT)
    assert refused.value.field == "reason"
    assert not Transfer.objects.exists() and HelpRequest.objects.get(pk=request.pk).team == team


def test_a_transfer_needs_another_team(team_setup):
    member, *_, team, _other = team_setup
    for to_team in (team, None):
        with pytest.raises(ActionError) as refused:
            actions.transfer(user=member, help_request=make_request(team), to_team=to_team, reason=REASON_TEXT, at=AT)
        assert refused.value.field == "to_team"
    assert not Transfer.objects.exists() and not AuditEvent.objects.exists()


# --- no content in the audit log --------------------------------------------------------------------


def test_no_action_puts_content_into_the_audit_log(team_setup, mailoutbox, django_capture_on_commit_callbacks):
    member, colleague, _outsider, team, other_team = team_setup
    request = make_request(
        team, text=SECRET_TEXT, contact_method=HelpRequest.ContactMethod.EMAIL, contact_email="kysyja@example.org"
    )
    actions.claim(user=member, help_request=request, at=AT)
    actions.assign(user=member, help_request=request, assignee=colleague, at=AT)
    actions.add_note(user=member, help_request=request, body=NOTE_TEXT, at=AT)
    actions.answer(user=member, help_request=request, body=ANSWER_TEXT, at=AT)
    actions.close(user=member, help_request=request, at=AT)
    actions.set_status(user=member, help_request=request, status=Status.IN_PROGRESS, at=AT)
    with django_capture_on_commit_callbacks(execute=True):
        actions.transfer(user=member, help_request=request, to_team=other_team, reason=REASON_TEXT, at=AT)
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        Action.CLAIM,
        Action.ASSIGN,
        Action.NOTE,
        Action.ANSWER,
        Action.STATUS,
        Action.STATUS,
        Action.TRANSFER,
    ]
    logged = audit_json()
    for content in (SECRET_TEXT, NOTE_TEXT, ANSWER_TEXT, REASON_TEXT, "kysyja@example.org"):
        assert content not in logged
        assert json.dumps(content)[1:-1] not in logged  # nor escaped


# --- the shape of every write -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "write",
    [
        actions.claim,
        actions.assign,
        actions.set_status,
        actions.close,
        actions.answer,
        actions.add_note,
        actions.transfer,
        submission.submit_help_request,
        submission.submit_asker_reply,
        retention.purge_expired,
        selectors.read_request,  # reads that write their audit event
        selectors.export_audit_log,
    ],
    ids=lambda write: f"{write.__module__.rsplit('.', 1)[-1]}.{write.__name__}",
)
def test_every_write_takes_keyword_arguments_and_the_time_from_its_caller(write):
    parameters = inspect.signature(write).parameters.values()
    assert all(p.kind == p.KEYWORD_ONLY for p in parameters)
    assert parameters and next(p for p in parameters if p.name == "at").default is inspect.Parameter.empty


def test_the_audit_log_takes_the_action_first_and_the_time_from_its_caller():
    parameters = list(inspect.signature(audit.record).parameters.values())
    assert parameters[0].name == "action" and parameters[0].kind == parameters[0].POSITIONAL_OR_KEYWORD
    at = inspect.signature(audit.record).parameters["at"]
    assert at.kind == at.KEYWORD_ONLY and at.default is inspect.Parameter.empty
