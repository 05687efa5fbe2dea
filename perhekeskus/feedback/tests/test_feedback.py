"""The feedback channel: the public form and receipt, the 14 days, the e-mail, the coordinator's
list and its permissions, and the retention's purge."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from perhekeskus.directory import roles
from perhekeskus.feedback import deadline
from perhekeskus.feedback.forms import new_form_token
from perhekeskus.feedback.models import TEXT_MAX_CHARS, FeedbackMessage
from perhekeskus.feedback.retention import purge_handled

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
MOMENT = datetime(2026, 12, 4, 15, 0, tzinfo=HELSINKI)  # a Friday


@pytest.fixture
def fixed_time(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    return MOMENT


def user(name, *, groups=(), email="", **extra):
    made = User.objects.create_user(name, email=email, password="x", **extra)  # noqa: S106
    for group in groups:
        made.groups.add(Group.objects.get_or_create(name=group)[0])
    return made


def send(client, **fields):
    data = {"text": "Haku ei löydä neuvolaa.", "page": "/palvelut/", "form_token": new_form_token()} | fields
    return client.post(reverse("feedback:receipt"), data)


def waiting_message(**fields):
    now = timezone.now()
    values = {"text": "Kuva puuttuu.", "language": "fi", "form_token": new_form_token()}
    return FeedbackMessage.objects.create(**values | {"received_at": now, "due_at": now} | fields)


# --- The public form ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/sv", "/en"])
def test_the_form_renders_in_every_language_without_sign_in(client, prefix):
    response = client.get(f"{prefix}/palaute/", {"sivu": "/paikat/"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.context["form"]["page"].value() == "/paikat/"


def test_a_message_is_stored_due_in_14_calendar_days(client, fixed_time):
    response = send(client, reply_email="aino@example.fi", consent="on")
    assert response.status_code == 200
    message = FeedbackMessage.objects.get()
    assert message.text == "Haku ei löydä neuvolaa." and message.page == "/palvelut/"
    assert message.reply_email == "aino@example.fi" and message.language == "fi"
    assert message.received_at == fixed_time
    # Fourteen days to the minute, over the weekends: the law counts calendar days.
    assert message.due_at == datetime(2026, 12, 18, 15, 0, tzinfo=HELSINKI)
    assert message.status == FeedbackMessage.Status.NEW
    assert "18.12.2026" in response.content.decode()  # the receipt says when


def test_due_at_counts_calendar_days():
    assert deadline.due_at(MOMENT) - MOMENT == timedelta(days=14)


def test_the_language_of_the_page_is_kept(client):
    client.post("/sv" + reverse("feedback:receipt"), {"text": "Hej", "form_token": new_form_token()})
    assert FeedbackMessage.objects.get().language == "sv"


def test_an_empty_message_is_refused_with_its_message(client):
    response = send(client, text="   ")
    assert response.status_code == 400
    assert "Kirjoita palautteesi." in response.content.decode()
    assert not FeedbackMessage.objects.exists()


def test_a_too_long_message_is_refused_and_kept(client):
    text = "a" * (TEXT_MAX_CHARS + 1)
    response = send(client, text=text)
    assert response.status_code == 400
    assert "liian pitkä" in response.content.decode()
    assert text in response.content.decode()
    assert not FeedbackMessage.objects.exists()


def test_an_address_without_consent_is_refused(client):
    response = send(client, reply_email="aino@example.fi")
    assert response.status_code == 400
    assert "anna lupa" in response.content.decode()
    assert not FeedbackMessage.objects.exists()


def test_a_bad_form_token_is_refused(client):
    response = send(client, form_token="lyhyt")
    assert response.status_code == 400
    assert not FeedbackMessage.objects.exists()


def test_the_same_form_posted_twice_stores_one_message(client, settings, django_capture_on_commit_callbacks):
    settings.FEEDBACK_NOTIFY_EMAIL = "palaute@example.fi"
    token = new_form_token()
    with django_capture_on_commit_callbacks(execute=True):
        send(client, form_token=token)
        again = send(client, form_token=token)
    assert again.status_code == 200
    assert "Sama palaute oli jo vastaanotettu" in again.content.decode()
    assert FeedbackMessage.objects.count() == 1
    assert len(mail.outbox) == 1  # and one e-mail


def test_the_same_form_with_another_text_is_refused_and_kept_with_a_new_token(client):
    token = new_form_token()
    send(client, form_token=token, text="Ensimmäinen")
    again = send(client, form_token=token, text="Toinen")
    assert again.status_code == 409
    assert "Toinen" in again.content.decode()
    assert again.context["form"]["form_token"].value() != token
    assert list(FeedbackMessage.objects.values_list("text", flat=True)) == ["Ensimmäinen"]


def test_a_get_of_the_receipt_goes_to_the_form(client):
    response = client.get(reverse("feedback:receipt"))
    assert response.status_code == 302 and response["Location"] == reverse("feedback:form")


def test_one_address_may_send_only_so_many_an_hour(client, settings):
    settings.FEEDBACK_PER_HOUR = 2
    assert send(client).status_code == 200
    assert send(client).status_code == 200
    refused = send(client, text="Kolmas viesti")
    assert refused.status_code == 429
    assert "Kolmas viesti" in refused.content.decode()  # the text is kept
    assert FeedbackMessage.objects.count() == 2
    assert send(Client(REMOTE_ADDR="192.0.2.99")).status_code == 200  # another address is not counted


def test_a_body_that_is_not_utf8_is_a_400(client):
    body = b"text=" + "ääni".encode("latin-1") + f"&form_token={new_form_token()}".encode()
    response = client.post(reverse("feedback:receipt"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not FeedbackMessage.objects.exists()


# --- The e-mail ----------------------------------------------------------------------------------------


def test_the_coordinators_and_the_configured_address_get_an_email_without_content(
    client, settings, fixed_time, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_NOTIFY_EMAIL = "palaute@example.fi"
    user("koordinaattori", groups=[roles.COORDINATOR], email="koordinaattori@example.fi")
    user("lomalla", groups=[roles.COORDINATOR], email="lomalla@example.fi", is_active=False)
    user("verkosto", groups=[roles.NETWORK_MEMBER], email="verkosto@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        send(client, text="Salainen sisältö", page="/salainen-sivu/", reply_email="aino@example.fi", consent="on")
    message = FeedbackMessage.objects.get()
    assert sorted(email.to[0] for email in mail.outbox) == ["koordinaattori@example.fi", "palaute@example.fi"]
    for email in mail.outbox:
        assert len(email.to) == 1
        whole = email.subject + email.body
        assert f"#{message.pk}" in email.subject
        assert "18.12.2026" in email.body
        assert reverse("feedback:staff_list") in email.body
        for content in ("Salainen sisältö", "salainen-sivu", "aino@example.fi"):
            assert content not in whole


def test_a_failing_mail_server_does_not_lose_the_message(client, settings, django_capture_on_commit_callbacks):
    settings.FEEDBACK_NOTIFY_EMAIL = "palaute@example.fi"
    settings.EMAIL_BACKEND = "perhekeskus.feedback.tests.test_feedback.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)
    assert response.status_code == 200
    assert FeedbackMessage.objects.count() == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp.example.fi refused")


# --- The coordinator's list ------------------------------------------------------------------------------


@pytest.fixture
def staff(sign_in):
    """A signed-in client for each role that matters here. A team worker's role is the membership
    of a help-request team, which grants nothing here: to this app they are a user in no group
    (the URL × role matrix, site/tests, tries a real team member)."""

    def client_of(made):
        signed = Client()
        if made is not None:
            sign_in(signed, made)
        return signed

    return {
        "coordinator": client_of(user("koordinaattori", groups=[roles.COORDINATOR], is_staff=True)),
        "team worker": client_of(user("tiina")),
        "network member": client_of(user("verkosto", groups=[roles.NETWORK_MEMBER])),
        "anonymous": client_of(None),
    }


def test_only_the_coordinator_reads_the_list(staff):
    waiting_message(text="Linkki on rikki.")
    url = reverse("feedback:staff_list")
    coordinator = staff["coordinator"].get(url)
    assert coordinator.status_code == 200
    assert "Linkki on rikki." in coordinator.content.decode()
    assert staff["team worker"].get(url).status_code == 403
    assert staff["network member"].get(url).status_code == 403
    anonymous = staff["anonymous"].get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_the_coordinator_marks_a_message_handled(staff, fixed_time):
    message = waiting_message()
    response = staff["coordinator"].post(reverse("feedback:handle", args=[message.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("feedback:staff_list")
    message.refresh_from_db()
    assert message.status == FeedbackMessage.Status.HANDLED
    assert message.handled_at == fixed_time
    assert message.handled_by.username == "koordinaattori"
    listing = staff["coordinator"].get(reverse("feedback:staff_list"))
    assert message not in listing.context["waiting"]


def test_others_cannot_mark_a_message_handled(staff):
    message = waiting_message()
    for role in ("team worker", "network member", "anonymous"):
        staff[role].post(reverse("feedback:handle", args=[message.pk]))
    message.refresh_from_db()
    assert message.status == FeedbackMessage.Status.NEW


def test_marking_a_message_that_does_not_exist_is_404(staff):
    assert staff["coordinator"].post(reverse("feedback:handle", args=[999_999])).status_code == 404


# --- Retention -----------------------------------------------------------------------------------------------


def test_handled_messages_are_purged_after_the_retention_days():
    now = timezone.now()
    old = waiting_message(status=FeedbackMessage.Status.HANDLED, handled_at=now - timedelta(days=31))
    recent = waiting_message(status=FeedbackMessage.Status.HANDLED, handled_at=now - timedelta(days=29))
    unhandled = waiting_message(received_at=now - timedelta(days=400))
    assert purge_handled(now=now, days=30) == 1
    assert set(FeedbackMessage.objects.all()) == {recent, unhandled}
    assert not FeedbackMessage.objects.filter(pk=old.pk).exists()


def test_the_purge_command_reads_the_setting(settings):
    settings.FEEDBACK_RETENTION_DAYS = 10
    now = timezone.now()
    waiting_message(status=FeedbackMessage.Status.HANDLED, handled_at=now - timedelta(days=11))
    kept = waiting_message(status=FeedbackMessage.Status.HANDLED, handled_at=now - timedelta(days=9))
    out = io.StringIO()
    call_command("purge_feedback", stdout=out)
    assert "Deleted 1" in out.getvalue()
    assert list(FeedbackMessage.objects.all()) == [kept]
