"""Asking for a new password: one answer for every address, and the e-mail sent after it."""

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from perhekeskus.accounts.password_reset import EqualPasswordResetView

from .people import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return make_user("tiina", password="Tiimi-salasana-2026", email="tiina@example.org")


def test_known_and_unknown_addresses_get_the_same_answer(client, worker):
    known = client.post(reverse("password_reset"), {"email": "tiina@example.org"})
    unknown = client.post(reverse("password_reset"), {"email": "ei-ketaan@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["tiina@example.org"]


def test_the_mail_goes_only_after_the_answer(worker):
    request = RequestFactory().post("/accounts/password_reset/", {"email": "tiina@example.org"})
    request.session = {}
    request._dont_enforce_csrf_checks = True
    response = EqualPasswordResetView.as_view()(request)
    assert response.status_code == 302 and len(mail.outbox) == 0  # answered, nothing looked up or sent yet
    response.close()  # what the WSGI server does once the body is sent
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_is_logged_without_the_address(worker, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    request = RequestFactory().post("/accounts/password_reset/", {"email": "tiina@example.org"})
    request.session = {}
    request._dont_enforce_csrf_checks = True
    response = EqualPasswordResetView.as_view()(request)
    response.close()  # raises nothing: the asker has had their answer already
    assert "Failed to send password reset email" in caplog.text  # Django's message names the user's id
    assert "tiina@example.org" not in caplog.text


def test_a_bad_address_is_a_clear_answer(client):
    response = client.post(reverse("password_reset"), {"email": "ei osoite"})
    assert response.status_code == 400 and "email" in response.context["form"].errors
    assert 'value="ei osoite"' in response.content.decode()


class RefusingBackend:
    """A mail server that refuses the address, naming it in the error, as SMTP does."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"no such mailbox")})


def test_a_refused_address_is_not_written_to_the_log(worker, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    request = RequestFactory().post("/accounts/password_reset/", {"email": "tiina@example.org"})
    request.session = {}
    request._dont_enforce_csrf_checks = True
    EqualPasswordResetView.as_view()(request).close()
    assert "SMTPRecipientsRefused" in caplog.text
    assert "tiina@example.org" not in caplog.text


def test_one_address_gets_three_reset_mails_an_hour_and_the_same_answer_after(client, worker):
    answers = [client.post(reverse("password_reset"), {"email": "tiina@example.org"}) for _ in range(5)]
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(302, answers[0]["Location"])}
    assert len(mail.outbox) == 3


def test_an_asker_of_too_many_resets_waits_whatever_they_ask_for(client, worker):
    for n in range(10):
        client.post(reverse("password_reset"), {"email": f"ei-ketaan-{n}@example.org"})
    for address in ("tiina@example.org", "ei-ketaan@example.org"):
        response = client.post(reverse("password_reset"), {"email": address})
        assert response.status_code == 429 and response["Retry-After"] == "3600"
        assert f'value="{address}"' in response.content.decode()
    assert not mail.outbox
