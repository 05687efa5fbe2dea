"""Pyydä apua! when the database cannot store: the form comes back filled with a 503 and
Retry-After, nothing is stored, and once the fault is over the same form stores one request.

The faults are real (directory/tests/faults.py): a read-only database on SQLite and PostgreSQL,
a full one on SQLite, and one that is down. Transactional tests, because a fault ends a
transaction on PostgreSQL in a way a test's own transaction would hide.
"""

import html as html_lib
import re

import pytest
from django.db import connection
from django.test import Client

from perhekeskus.directory.tests.faults import TRANSACTIONAL, database_down, disk_full, read_only
from perhekeskus.help_requests.models import AuditEvent, HelpRequest, Message

from .test_api_help_requests import URL as API
from .test_api_help_requests import post
from .test_public_form import ASK, RECEIPT, code_on, token_of
from .test_submission import build_help_desk, fresh_rate_limits  # noqa: F401 -- a fixture

pytestmark = TRANSACTIONAL

# Longer than a database page, so that a full SQLite database has no room for it.
LONG_TEXT = "Vauva itkee öisin tuntikausia, emmekä jaksa enää. " * 90
PICKUP = "/pyyda-apua/nouda/"
REPLY = "/pyyda-apua/nouda/vastaa/"
KEY = "3f0c6c1e-5d2a-4b7e-9a51-0c8f7d2e4b19"

FAULTS = [read_only, pytest.param(disk_full, marks=pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite"))]


@pytest.fixture
def help_desk():
    return build_help_desk()


def filled_form(client, **fields) -> dict:
    html = client.get(ASK).content.decode()
    data = {"form_token": token_of(html), "text": LONG_TEXT, "contact_method": "phone", "municipality": "kemi"}
    data["contact_phone"] = "040 123 4567"
    data.update(fields)
    return data


def assert_nothing_stored():
    assert not HelpRequest.objects.exists()
    assert not AuditEvent.objects.exists()


def assert_retry_later(response, status=503):
    assert response.status_code == status
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("fault", FAULTS)
def test_the_form_comes_back_filled_when_the_database_cannot_store(client, help_desk, fault):
    data = filled_form(client)

    with fault():
        response = client.post(RECEIPT, data)

    html = response.content.decode()
    assert_retry_later(response)
    assert "Viestiäsi ei tallennettu" in html and "Samaa pyyntöä ei tallenneta kahdesti" in html
    assert '<form method="post" action="/pyyda-apua/kuitti/"' in html  # the real form, filled
    assert html_lib.escape(LONG_TEXT.strip()) in html
    assert token_of(html) == data["form_token"]
    assert 'value="040 123 4567"' in html and '<option value="kemi" selected lang="fi">' in html
    assert '<a href="tel:0400291141">0400 291 141</a>' in html  # read from the database, which reads
    assert_nothing_stored()

    # The fault is over: the same form stores one request, and sending it once more adds none.
    first, again = client.post(RECEIPT, data), client.post(RECEIPT, data)
    assert (first.status_code, again.status_code) == (200, 200)
    assert "Pyyntösi on vastaanotettu" in first.content.decode()
    assert HelpRequest.objects.count() == 1


def reposted(html: str) -> dict:
    """The fields of the general 503 page's form, as a browser would send them."""
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    fields.update(re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>\n(.*?)</textarea>', html, re.S))
    return {name: html_lib.unescape(value) for name, value in fields.items()}


def test_the_form_posted_while_the_database_is_down_is_kept_and_can_be_sent_again(help_desk):
    browser = Client(enforce_csrf_checks=True)
    data = filled_form(browser)
    data["csrfmiddlewaretoken"] = browser.cookies["csrftoken"].value

    with database_down():
        response = browser.post(RECEIPT, data)

    html = response.content.decode()
    assert_retry_later(response)
    assert '<html lang="fi">' in html and "Lähettämiäsi tietoja ei tallennettu" in html
    assert "Uudelleen lähettäminen on turvallista" in html
    assert "Hätätilanteessa soita 112." in html
    again = reposted(html)
    assert again["text"] == LONG_TEXT  # in a textarea, to see and copy
    assert html.count("<textarea") == 1  # the token stays hidden
    assert f'<input type="hidden" name="form_token" value="{data["form_token"]}">' in html
    assert {name: again[name] for name in ("form_token", "contact_phone", "municipality")} == {
        name: data[name] for name in ("form_token", "contact_phone", "municipality")
    }
    assert again["csrfmiddlewaretoken"] != data["csrfmiddlewaretoken"]  # a fresh one
    assert_nothing_stored()

    assert browser.post(RECEIPT, again).status_code == 200
    assert browser.post(RECEIPT, again).status_code == 200
    assert HelpRequest.objects.count() == 1


def _anonymous_request(client) -> str:
    data = filled_form(client, contact_method="anonymous", contact_phone="", text="Kysymys.")
    return code_on(client.post(RECEIPT, data).content.decode())


def test_the_answer_is_not_opened_unlogged_when_the_audit_log_cannot_be_written(client, help_desk):
    code = _anonymous_request(client)

    with read_only():
        response = client.post(PICKUP, {"code": code})

    html = response.content.decode()
    assert_retry_later(response)
    assert "Palvelu ei juuri nyt pysty avaamaan vastausta" in html
    assert f'value="{code}"' in html
    assert "Kysymys." not in html  # no thread without its audit event
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ASKER_READ).exists()
    assert client.post(PICKUP, {"code": code}).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ASKER_READ).count() == 1


def test_a_reply_that_cannot_be_stored_comes_back(client, help_desk):
    code = _anonymous_request(client)
    reply = {"code": code, "body": "Lisäys: hän on kaksivuotias."}

    with read_only():
        response = client.post(REPLY, reply)

    html = response.content.decode()
    assert_retry_later(response)
    assert "Viestiäsi ei tallennettu" in html and "Lisäys: hän on kaksivuotias." in html
    assert not Message.objects.exists()
    assert client.post(REPLY, reply).status_code == 200
    assert client.post(REPLY, reply).status_code == 200
    assert Message.objects.count() == 1


# The JSON API -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_the_api_answers_503_with_retry_after_and_a_retry_stores_one(client, help_desk, fault):
    body = {"text": LONG_TEXT, "contact_method": "anonymous", "form_token": KEY}

    with fault():
        response = post(client, body)

    assert_retry_later(response)
    assert "Mitään ei tallennettu" in response.json()["detail"]
    assert_nothing_stored()
    first, again = post(client, body), post(client, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["pickup_code"] == first.json()["pickup_code"]
    assert HelpRequest.objects.count() == 1


def test_an_idempotency_key_makes_the_retry_after_a_fault_safe(client, help_desk):
    body = {"text": "Kysymys ilman tunnistetta rungossa.", "contact_method": "anonymous"}

    with read_only():
        assert post(client, body, headers={"Idempotency-Key": KEY}).status_code == 503

    first = post(client, body, headers={"Idempotency-Key": KEY})
    again = post(client, body, headers={"Idempotency-Key": f'"{KEY}"'})  # the draft's quoted form
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["pickup_code"] == first.json()["pickup_code"] is not None
    assert HelpRequest.objects.count() == 1


def test_the_api_with_the_database_down_answers_in_the_askers_language(client, help_desk):
    with database_down():
        response = post(client, {"text": "Hjälp", "contact_method": "anonymous", "lang": "sv"})

    assert_retry_later(response)
    assert response["Content-Type"] == "application/json"
    assert "Ingenting har sparats" in response.json()["detail"]
    assert client.get(API).status_code == 405  # up again
