"""POST /api/v1/help-requests/: the same form, limits and receipt as the web page, as JSON."""

import json
import re
from datetime import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from openapi_spec_validator import validate

from perhekeskus.help_requests import codes
from perhekeskus.help_requests.models import AuditEvent, HelpRequest

from . import test_submission
from .test_submission import TEXT, URGENT_TEXT

help_desk = test_submission.help_desk  # the fixtures
fresh_rate_limits = test_submission.fresh_rate_limits

URL = "/api/v1/help-requests/"
TOKEN = "api-client-token-" + "z" * 30


def post(client, body, **headers):
    payload = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, payload, content_type="application/json", **headers)


def test_an_anonymous_request_is_201_with_the_receipt(client, help_desk):
    response = post(client, {"text": TEXT, "contact_method": "anonymous", "municipality": "kemi", "form_token": TOKEN})

    body = response.json()
    request = HelpRequest.objects.get()
    assert response.status_code == 201
    assert set(body) == {"received", "due_at", "pickup_code", "urgent", "emergency_numbers", "new"}
    assert (body["received"], body["urgent"], body["new"]) == (True, False, True)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT16:00:00\+0[23]:00", body["due_at"])
    assert datetime.fromisoformat(body["due_at"]) == request.due_at
    assert body["pickup_code"] == codes.code_for(TOKEN)
    assert codes.verify(body["pickup_code"]) == request
    assert [n["tel"] for n in body["emergency_numbers"]] == ["tel:0400291141", "tel:112"]
    assert body["emergency_numbers"][1] == {"name": "Hätänumero 112", "number": "112", "tel": "tel:112", "areas": []}
    assert request.language == "fi"
    assert AuditEvent.objects.get().action == "create"


def test_a_retry_with_the_same_token_is_200_with_the_same_receipt(client, help_desk):
    body = {"text": TEXT, "contact_method": "anonymous", "form_token": TOKEN}

    first = post(client, body)
    retry = post(client, body)

    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["new"] is False
    assert retry.json()["pickup_code"] == first.json()["pickup_code"]
    assert HelpRequest.objects.count() == 1


def test_an_idempotency_key_header_is_the_token_when_the_body_has_none(client, help_desk):
    body = {"text": TEXT, "contact_method": "anonymous"}

    first = post(client, body, headers={"Idempotency-Key": TOKEN})
    retry = post(client, body, headers={"Idempotency-Key": f'"{TOKEN}"'})  # the IETF draft's quoted string
    same_in_both = post(client, {**body, "form_token": TOKEN}, headers={"Idempotency-Key": TOKEN})

    assert (first.status_code, retry.status_code, same_in_both.status_code) == (201, 200, 200)
    assert first.json()["pickup_code"] == retry.json()["pickup_code"] == codes.code_for(TOKEN)
    assert HelpRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("key", "form_token", "message"),
    [
        ("short", None, "Idempotency-Key on virheellinen"),
        ("ä" * 20, None, "Idempotency-Key on virheellinen"),
        ("", None, "Idempotency-Key on virheellinen"),
        ("\x0b" + TOKEN, None, "Idempotency-Key on virheellinen"),  # only HTTP's spaces are trimmed
        (TOKEN, "another-token-" + "y" * 30, "Idempotency-Key ja form_token eroavat"),
    ],
    ids=["short", "not-ascii", "empty", "vertical-tab", "differs-from-form-token"],
)
def test_a_bad_idempotency_key_is_a_json_400_saying_so(client, help_desk, key, form_token, message):
    body = {"text": TEXT, "contact_method": "anonymous"}
    if form_token:
        body["form_token"] = form_token

    response = post(client, body, headers={"Idempotency-Key": key})

    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"]["Idempotency-Key"])
    assert not HelpRequest.objects.exists()


def test_without_a_token_each_post_is_a_new_request(client, help_desk):
    body = {"text": TEXT, "contact_method": "phone", "contact_phone": "+358 40 123 4567"}

    assert [post(client, body).status_code for _ in range(2)] == [201, 201]
    assert HelpRequest.objects.count() == 2
    assert HelpRequest.objects.first().contact_phone == "+358 40 123 4567"


def test_the_same_token_with_another_text_is_409(client, help_desk):
    post(client, {"text": TEXT, "contact_method": "anonymous", "form_token": TOKEN})

    response = post(client, {"text": "Eri teksti", "contact_method": "anonymous", "form_token": TOKEN})

    assert response.status_code == 409
    assert "form_token" in response.json()["detail"]
    assert HelpRequest.objects.count() == 1


def test_an_urgent_request_says_so(client, help_desk):
    body = post(client, {"text": URGENT_TEXT, "contact_method": "anonymous"}).json()

    assert body["urgent"] is True
    assert body["emergency_numbers"]


def test_the_language_of_the_body_is_the_askers_and_the_responses(client, help_desk):
    response = post(client, {"text": TEXT, "contact_method": "email", "contact_email": "a@b.fi", "lang": "sv"})

    assert response.status_code == 201
    assert response.json()["pickup_code"] is None
    assert response.json()["emergency_numbers"][0]["name"] == "Nödnumret 112"
    assert HelpRequest.objects.get().language == "sv"


def test_no_csrf_token_is_needed(help_desk):
    response = post(Client(enforce_csrf_checks=True), {"text": TEXT, "contact_method": "anonymous"})

    assert response.status_code == 201
    assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies


BAD_BODIES = [
    ({"contact_method": "anonymous"}, "text", "Kirjoita viesti."),
    ({"text": "   ", "contact_method": "anonymous"}, "text", "Kirjoita viesti."),
    ({"text": "x" * 1_000_000, "contact_method": "anonymous"}, "text", "enintään 5000 merkkiä"),
    ({"text": "nolla\u0000tavu", "contact_method": "anonymous"}, "text", "ei voi tallentaa"),
    ({"text": "yksinäinen \ud800 sijaismerkki", "contact_method": "anonymous"}, "text", "ei voi tallentaa"),
    ({"text": TEXT}, "contact_method", "Valitse, miten haluat vastauksen."),
    ({"text": TEXT, "contact_method": "phone"}, "contact_phone", "Anna puhelinnumero"),
    ({"text": TEXT, "contact_method": "phone", "contact_phone": "abc"}, "contact_phone", "Tarkista puhelinnumero"),
    ({"text": TEXT, "contact_method": "email", "contact_email": "x@"}, "contact_email", "Tarkista sähköpostiosoite"),
    ({"text": TEXT, "contact_method": "anonymous", "topic": "nope"}, "topic", "Tuntematon aihe."),
    ({"text": TEXT, "contact_method": "anonymous", "municipality": "x\u0000"}, "municipality", "Tuntematon kunta."),
    ({"text": TEXT, "contact_method": "anonymous", "form_token": "short"}, "form_token", "virheellinen"),
    ({"text": TEXT, "contact_method": "anonymous", "lang": "klingon"}, "lang", "Tuntematon kieli."),
    ({"text": ["lista"], "contact_method": "anonymous"}, "text", "Anna arvo merkkijonona."),
    ({"text": TEXT, "contact_method": 3}, "contact_method", "Anna arvo merkkijonona."),
    ({"text": TEXT, "contact_method": "anonymous", "website": "spam"}, "__all__", "Lomaketta ei voitu lähettää"),
    # What the schema refuses, the endpoint refuses (issue 16): no other type read as no value, no
    # token with spaces around it, a phone number no longer than its input allows.
    ({"text": TEXT, "contact_method": "anonymous", "lang": False}, "lang", "Anna arvo merkkijonona."),
    ({"text": TEXT, "contact_method": "anonymous", "lang": 0}, "lang", "Anna arvo merkkijonona."),
    ({"text": TEXT, "contact_method": "anonymous", "form_token": " " + TOKEN}, "form_token", "virheellinen"),
    (
        {"text": TEXT, "contact_method": "phone", "contact_phone": "040 123 4567" + "\u0085" * 30},
        "contact_phone",
        "Tarkista puhelinnumero",
    ),
]


@pytest.mark.parametrize(("body", "field", "message"), BAD_BODIES)
def test_bad_input_is_a_json_400_naming_the_field(client, help_desk, body, field, message):
    response = post(client, body)

    assert response.status_code == 400
    data = response.json()
    assert data["detail"]
    assert message in " ".join(data["errors"][field])
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", "JSON"),
        ('["a list"]', "JSON-olio"),
        ('"text"', "JSON-olio"),
        ('{"text": NaN}', "JSON"),
        ("[" * 100_000, "JSON"),  # deeper than Python recurses
        ('{"text": ' + "[" * 50_000 + "]" * 50_000 + "}", "JSON"),
    ],
    ids=["broken", "list", "string", "nan", "deep-unclosed", "deep-closed"],
)
def test_a_broken_body_is_a_json_400(client, help_desk, payload, message):
    response = post(client, payload)

    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_body_over_the_size_limit_is_a_json_400(client, help_desk, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000

    response = post(client, {"text": "x" * 200_000, "contact_method": "anonymous"})

    assert response.status_code == 400
    assert "liian suuri" in response.json()["detail"]
    assert not HelpRequest.objects.exists()


def test_the_api_and_the_form_share_the_per_client_limit(client, help_desk):
    statuses = [post(client, {"text": f"{TEXT} {n}", "contact_method": "anonymous"}).status_code for n in range(4)]
    form = client.post("/pyyda-apua/kuitti/", {"text": "Lomakkeelta", "contact_method": "anonymous"})
    limited = post(client, {"text": TEXT, "contact_method": "anonymous"})

    assert statuses == [201] * 4 and form.status_code == 200
    assert limited.status_code == 429
    assert limited.json()["detail"]
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert post(other, {"text": TEXT, "contact_method": "anonymous"}).status_code == 201


def test_without_a_team_it_is_503_and_nothing_is_stored(client, db):
    response = post(client, {"text": TEXT, "contact_method": "anonymous"})

    assert response.status_code == 503
    assert not HelpRequest.objects.exists()


def test_get_is_not_allowed(client, db):
    assert client.get(URL).status_code == 405


def test_the_schema_documents_the_endpoint(client, db, tmp_path):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    validate(schema)

    operation = schema["paths"][URL]["post"]
    assert {"200", "201", "400", "409", "429", "503"} <= set(operation["responses"])
    receipt = {"$ref": "#/components/schemas/HelpRequestReceipt"}
    assert operation["responses"]["201"]["content"]["application/json"]["schema"] == receipt
    assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    [key] = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    assert (key["in"], key.get("required", False)) == ("header", False)
    for value, matches in [(TOKEN, True), (f'"{TOKEN}"', True), (f'"{TOKEN}', False), ("short", False)]:
        assert bool(re.match(key["schema"]["pattern"], value)) is matches, value
    assert "form_token" in key["description"]
    assert set(operation["responses"]["503"]["headers"]) == {"Retry-After"}
    assert "Idempotency-Key" in operation["description"] and "Retry-After" in operation["description"]
    # One object per way to answer, told apart by contact_method.
    variants = operation["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert [v["properties"]["contact_method"]["enum"] for v in variants] == [["phone"], ["email"], ["anonymous"]]
    for body in variants:
        assert {"text", "contact_method"} <= set(body["required"])
        assert body["properties"]["text"]["maxLength"] == 5000
        assert {"topic", "age_group", "municipality", "contact_phone", "contact_email", "form_token", "lang"} <= set(
            body["properties"]
        )
        assert "website" not in body["properties"]
    assert set(schema["components"]["schemas"]["HelpRequestReceipt"]["properties"]) == {
        "received",
        "due_at",
        "pickup_code",
        "urgent",
        "emergency_numbers",
        "new",
    }
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert URL in out.read_text()


@pytest.mark.parametrize(
    ("payload", "content_type"),
    [
        ('{"text": "Äiti on väsynyt.", "contact_method": "anonymous"}'.encode("latin-1"), "application/json"),
        # A str: the test client encodes it in the declared charset.
        ('{"text": "Äiti on väsynyt.", "contact_method": "anonymous"}', "application/json; charset=iso-8859-1"),
        ('{"text": "Äiti on väsynyt.", "contact_method": "anonymous"}'.encode("utf-16"), "application/json"),
    ],
    ids=["latin-1", "declared-latin-1", "utf-16"],
)
def test_a_body_that_is_not_utf8_is_a_json_400_saying_so(client, help_desk, payload, content_type):
    response = client.post(URL, payload, content_type=content_type, headers={"Accept-Language": "en"})

    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]
    assert not HelpRequest.objects.exists()


def test_a_utf8_body_with_its_charset_declared_is_received(client, help_desk):
    payload = json.dumps({"text": "Äiti on väsynyt.", "contact_method": "anonymous"}, ensure_ascii=False).encode()

    response = client.post(URL, payload, content_type="application/json; charset=utf-8")

    assert response.status_code == 201
    assert HelpRequest.objects.get().text == "Äiti on väsynyt."
