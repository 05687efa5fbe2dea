"""Receiving a help request and an asker's reply: routing, the deadline, urgency, the audit event,
the notification without content, and a double submit that creates one request.

`help_desk` builds a small service with the ORM (areas, emergency routes, topics, teams, urgency
terms); the public-page and API tests import it from here.
"""

import threading
import time
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import translation

from perhekeskus.accounts.testing import sign_in
from perhekeskus.directory.emergency import emergency_numbers
from perhekeskus.directory.models import Area, Channel, EmergencyRoute, Service
from perhekeskus.help_requests import codes
from perhekeskus.help_requests.models import (
    AuditEvent,
    ChildAgeGroup,
    HelpRequest,
    Message,
    Team,
    Topic,
    UrgencyTerm,
)
from perhekeskus.help_requests.submission import (
    RequestClosedError,
    SubmissionUnavailable,
    TokenReusedError,
    submission_key,
    submit_asker_reply,
    submit_help_request,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
MONDAY_MORNING = datetime(2026, 3, 2, 10, 0, tzinfo=HELSINKI)
TOKEN = "k" * 43
TEXT = "Vauva itkee öisin tuntikausia, emmekä jaksa enää. Mistä saisi apua?"
URGENT_TEXT = "Isä hakkaa äitiä ja pelkään kotona."


def build_help_desk() -> SimpleNamespace:
    """Areas, emergency routes, topics, age groups, teams with members, and urgency terms."""
    region = Area.objects.create(slug="testialue", name_fi="Testin hyvinvointialue", kind="wellbeing_region")
    kemi = Area.objects.create(slug="kemi", name_fi="Kemi", name_sv="Kemi", kind="municipality", parent=region)
    tornio = Area.objects.create(slug="tornio", name_fi="Tornio", kind="municipality", parent=region)
    emergency = Service.objects.create(
        slug="hatanumero-112", name_fi="Hätänumero 112", name_sv="Nödnumret 112", kind="phone_service"
    )
    Channel.objects.create(service=emergency, kind="phone", label="Hätänumero", value="112")
    social = Service.objects.create(slug="sosiaalipaivystys", name_fi="Sosiaalipäivystys", kind="phone_service")
    Channel.objects.create(service=social, kind="phone", label="Sosiaalipäivystys", value="0400 291 141")
    EmergencyRoute.objects.create(service=emergency, area=None, order=0)
    EmergencyRoute.objects.create(service=social, area=kemi, order=1)
    parenting = Topic.objects.create(slug="vanhemmuus", name_fi="Vanhemmuus ja perheen arki", order=1)
    Topic.objects.create(slug="ero", name_fi="Ero", order=2)
    Topic.objects.create(slug="vanha-aihe", name_fi="Vanha aihe", order=3, active=False)
    baby = ChildAgeGroup.objects.create(slug="alle-1-v", name_fi="Alle 1-vuotias", order=1)
    worker = User.objects.create_user("tyontekija", email="tyontekija@example.org")
    colleague = User.objects.create_user("kollega", email="kollega@example.org")
    guidance = Team.objects.create(
        slug="palveluohjaus", name_fi="Palveluohjaus", is_default=True, notify_email="palveluohjaus@example.org"
    )
    guidance.members.add(worker)
    family = Team.objects.create(slug="perhesosiaalityo", name_fi="Perhesosiaalityö", notify_email="perhe@example.org")
    family.municipalities.add(kemi)
    family.topics.add(parenting)
    family.members.add(colleague)
    for term, language in [("hakkaa", "fi"), ("itsetuho", "fi"), ("självmord", "sv"), ("suicide", "en")]:
        UrgencyTerm.objects.create(term=term, language=language)
    return SimpleNamespace(
        kemi=kemi,
        tornio=tornio,
        parenting=parenting,
        baby=baby,
        guidance=guidance,
        family=family,
        worker=worker,
        colleague=colleague,
        emergency=emergency,
        social=social,
    )


@pytest.fixture
def help_desk(db):
    return build_help_desk()


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Rate-limit counters live in the cache, which outlives a test; and a page requested in
    Swedish leaves Swedish active in the thread for the next test's `reverse()`."""
    cache.clear()
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


def cleaned(**fields) -> dict:
    values = {
        "text": TEXT,
        "topic": None,
        "age_group": None,
        "municipality": None,
        "contact_method": "anonymous",
        "contact_phone": "",
        "contact_email": "",
        "form_token": TOKEN,
    }
    values.update(fields)
    return values


def submit(at=MONDAY_MORNING, language="fi", **fields):
    return submit_help_request(cleaned=cleaned(**fields), language=language, at=at)


def test_a_request_is_routed_given_its_deadline_and_audited_without_content(help_desk):
    sent = submit(municipality=help_desk.kemi, topic=help_desk.parenting, age_group=help_desk.baby)

    request = sent.request
    assert sent.new
    assert request.team == help_desk.family
    assert request.due_at == datetime(2026, 3, 3, 16, 0, tzinfo=HELSINKI)
    assert (request.status, request.urgent, request.language) == ("new", False, "fi")
    event = AuditEvent.objects.get(request_ref=request.pk)
    assert (event.action, event.actor, event.details) == ("create", None, {"urgent": False, "team": "perhesosiaalityo"})
    assert TEXT not in str(event.details)


def test_a_team_without_active_members_is_passed_over_and_the_inbox_says_so(help_desk, client, caplog):
    help_desk.colleague.is_active = False
    help_desk.colleague.save()
    request = submit(municipality=help_desk.kemi, topic=help_desk.parenting).request

    assert (request.team, request.passed_over) == (help_desk.guidance, help_desk.family)
    event = AuditEvent.objects.get(request_ref=request.pk)
    assert event.details == {"urgent": False, "team": "palveluohjaus", "passed_over": "perhesosiaalityo"}
    assert "Team perhesosiaalityo has no active members" in caplog.text
    assert TEXT not in caplog.text

    sign_in(client, help_desk.worker)
    listing = client.get(reverse("help_requests:inbox")).content.decode()
    assert "Ohjattu ohi" in listing
    detail = client.get(reverse("help_requests:detail", args=[request.pk])).content.decode()
    assert "Pyyntö kuului tiimille Perhesosiaalityö, mutta sillä ei ollut aktiivisia jäseniä" in detail


def test_a_request_without_municipality_goes_to_the_default_team(help_desk):
    assert submit(topic=help_desk.parenting).request.team == help_desk.guidance


def test_an_anonymous_request_keeps_no_contact_and_its_code_only_as_digest_and_hash(help_desk):
    sent = submit(contact_phone="", contact_email="")

    request = HelpRequest.objects.get()
    normalized = codes.normalize(sent.pickup_code)
    assert sent.pickup_code == codes.code_for(TOKEN)
    assert (request.contact_phone, request.contact_email) == ("", "")
    assert request.pickup_lookup == codes.lookup_digest(normalized)
    assert request.pickup_hash.startswith("$argon2id$")
    assert request.submission_key == submission_key(TOKEN)
    assert TOKEN not in request.submission_key


def test_a_phone_request_has_no_pickup_code(help_desk):
    sent = submit(contact_method="phone", contact_phone="040 123 4567")

    assert sent.pickup_code is None
    assert sent.request.pickup_lookup is None
    assert sent.request.pickup_hash == ""


def test_the_same_token_twice_creates_one_request_with_the_same_code(help_desk):
    first = submit()
    second = submit(at=MONDAY_MORNING.replace(minute=1))

    assert HelpRequest.objects.count() == 1
    assert (first.new, second.new) == (True, False)
    assert second.request.pk == first.request.pk
    assert second.pickup_code == first.pickup_code
    assert AuditEvent.objects.filter(action="create").count() == 1


def test_the_same_token_with_another_text_is_refused_and_stores_nothing(help_desk):
    submit()

    with pytest.raises(TokenReusedError):
        submit(text="Toinen kysymys kokonaan.")
    assert HelpRequest.objects.count() == 1


def test_without_any_team_nothing_is_stored_and_the_caller_is_told(db):
    with pytest.raises(SubmissionUnavailable):
        submit()

    assert not HelpRequest.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "text",
    [URGENT_TEXT, "Mietin itsetuhoisia asioita", "I think about suicide", "Tankar om självmord"],
)
def test_an_urgent_text_is_flagged_and_still_stored(help_desk, text):
    sent = submit(text=text)

    assert sent.urgent
    assert HelpRequest.objects.get().urgent
    assert AuditEvent.objects.get().details["urgent"] is True


def test_the_team_is_notified_after_the_commit_with_a_link_and_no_content(
    help_desk, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://perhekeskus.example"
    with django_capture_on_commit_callbacks(execute=True):
        sent = submit(text=URGENT_TEXT, municipality=help_desk.kemi, topic=help_desk.parenting)

    assert sorted(m.to[0] for m in mailoutbox) == ["kollega@example.org", "perhe@example.org"]
    for mail in mailoutbox:
        assert len(mail.to) == 1 and not mail.cc and not mail.bcc
        assert f"https://perhekeskus.example/inbox/{sent.request.pk}/" in mail.body
        everything = mail.subject + mail.body
        for secret in (URGENT_TEXT, "hakkaa", help_desk.parenting.name_fi, "Kiireellinen", "Kemi", sent.pickup_code):
            assert secret not in everything


def test_nothing_is_sent_before_the_commit(help_desk, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit()

    assert len(callbacks) == 1
    assert mailoutbox == []


def test_a_mail_server_that_fails_does_not_undo_the_request(
    help_desk, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    with django_capture_on_commit_callbacks(execute=True):
        sent = submit()

    assert HelpRequest.objects.filter(pk=sent.request.pk).exists()
    assert "Could not notify team palveluohjaus" in caplog.text
    assert "example.org" not in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("restore_migration_data")
def test_a_notification_that_fails_after_the_commit_still_gives_the_receipt(monkeypatch, caplog):
    from perhekeskus.help_requests import submission

    build_help_desk()

    def database_gone(help_request):  # the database restarted just after the commit
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(submission, "notify_new_request", database_gone)
    sent = submit()  # a real commit, so Django runs the callback the robust way

    assert sent.new and HelpRequest.objects.filter(pk=sent.request.pk).exists()
    assert "Error calling database_gone (after commit) in on_commit()" in caplog.text
    assert TEXT not in caplog.text


def test_an_asker_reply_reopens_an_answered_request_and_is_kept_once(
    help_desk, mailoutbox, django_capture_on_commit_callbacks
):
    request = submit().request
    request.status = HelpRequest.Status.ANSWERED
    request.save()

    with django_capture_on_commit_callbacks(execute=True):
        message, new = submit_asker_reply(help_request=request, body="Kiitos, vielä yksi.", at=MONDAY_MORNING)
        again, new_again = submit_asker_reply(help_request=request, body="Kiitos, vielä yksi.", at=MONDAY_MORNING)

    assert (new, new_again, again.pk) == (True, False, message.pk)
    assert Message.objects.get().kind == Message.Kind.ASKER
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.IN_PROGRESS
    assert AuditEvent.objects.filter(action="asker_reply", request_ref=request.pk).count() == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["palveluohjaus@example.org", "tyontekija@example.org"]
    assert all("vielä yksi" not in m.subject + m.body for m in mailoutbox)


def test_a_closed_request_takes_no_reply(help_desk):
    request = submit().request
    request.status = HelpRequest.Status.CLOSED
    request.save()

    with pytest.raises(RequestClosedError):
        submit_asker_reply(help_request=request, body="Hei?", at=MONDAY_MORNING)
    assert not Message.objects.exists()


def test_emergency_numbers_put_the_municipalitys_own_first(help_desk):
    in_kemi = emergency_numbers(help_desk.kemi)
    in_tornio = emergency_numbers(help_desk.tornio)
    anywhere = emergency_numbers()

    assert [(n.name, n.number, n.href) for n in in_kemi] == [
        ("Sosiaalipäivystys", "0400 291 141", "tel:0400291141"),
        ("Hätänumero 112", "112", "tel:112"),
    ]
    assert [n.number for n in in_tornio] == ["112"]
    assert [(n.number, n.areas) for n in anywhere] == [("112", ()), ("0400 291 141", ("Kemi",))]


def test_a_service_no_longer_in_use_is_no_emergency_number(help_desk):
    Service.objects.filter(pk=help_desk.social.pk).update(status=Service.Status.NOT_IN_USE)

    assert [n.number for n in emergency_numbers(help_desk.kemi)] == ["112"]


def _submit_in_thread(barrier, results, errors):
    try:
        barrier.wait(timeout=10)
        for attempt in range(50):
            try:
                results.append(submit())
                break
            except OperationalError as error:
                # SQLite's in-memory test database shares one cache between the threads, where a
                # lock is an immediate error instead of the wait a database file has (20 s).
                if "locked" not in str(error) or attempt == 49:
                    raise
                time.sleep(0.01)
    except Exception as error:  # reported by the test
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("restore_migration_data")
def test_two_identical_posts_at_the_same_moment_create_one_request():
    build_help_desk()
    barrier, results, errors = threading.Barrier(2), [], []
    threads = [threading.Thread(target=_submit_in_thread, args=(barrier, results, errors)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert HelpRequest.objects.count() == 1
    assert sorted(r.new for r in results) == [False, True]
    assert len({r.pickup_code for r in results}) == 1
    assert len({r.request.pk for r in results}) == 1
    assert AuditEvent.objects.filter(action="create").count() == 1
