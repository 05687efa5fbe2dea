"""Reading the answer with the pickup code and replying in the thread: the whole flow, a code that
is never stored, wrong codes that reveal nothing and are rate-limited, and internal notes that
the asker never sees."""

import re

import pytest
from django.db import models
from django.test import Client
from django.utils import timezone

from perhekeskus.help_requests.models import AuditEvent, HelpRequest, Message

from . import test_submission
from .test_public_form import RECEIPT, code_on, form_data
from .test_submission import TEXT

help_desk = test_submission.help_desk  # the fixtures
fresh_rate_limits = test_submission.fresh_rate_limits

PICKUP = "/pyyda-apua/nouda/"
REPLY = "/pyyda-apua/nouda/vastaa/"
WRONG = "Noutotunnuksella ei löytynyt viestiä."


def send(client, **fields) -> str:
    """Send a request through the form; its pickup code from the receipt."""
    return code_on(client.post(RECEIPT, form_data(client, **fields)).content.decode())


def main_of(response) -> str:
    """The page's own content, without the per-response CSRF token."""
    html = response.content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_whole_flow_from_the_form_to_an_answer_and_a_reply(
    client, help_desk, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        code = send(client, municipality="kemi", topic="vanhemmuus")
    request = HelpRequest.objects.get()
    assert request.team == help_desk.family
    assert len(mailoutbox) == 2  # the team's address and its member

    waiting = client.post(PICKUP, {"code": code})
    assert waiting.status_code == 200
    assert waiting["Cache-Control"] == "no-store"
    assert TEXT in waiting.content.decode()
    assert "Vastaamme viimeistään" in waiting.content.decode()

    Message.objects.create(
        request=request, kind="answer", author=help_desk.colleague, body="Soita neuvolaan.", created_at=timezone.now()
    )
    Message.objects.create(
        request=request, kind="note", author=help_desk.colleague, body="SISÄINEN: tuttu", created_at=timezone.now()
    )
    request.status = HelpRequest.Status.ANSWERED
    request.first_answered_at = timezone.now()
    request.save()

    answered = client.post(PICKUP, {"code": code.lower().replace("-", " ")}).content.decode()
    assert "Soita neuvolaan." in answered
    assert "SISÄINEN" not in answered
    assert "tyontekija" not in answered and "kollega" not in answered  # workers are not named

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        replied = client.post(REPLY, {"code": code, "body": "Kiitos! Entä jos neuvola on kiinni?"})
    html = replied.content.decode()
    assert replied.status_code == 200
    assert "Viestisi on lähetetty." in html
    assert html.index(TEXT) < html.index("Soita neuvolaan.") < html.index("Entä jos neuvola on kiinni?")
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.IN_PROGRESS
    assert sorted(m.to[0] for m in mailoutbox) == ["kollega@example.org", "perhe@example.org"]
    assert all("neuvola" not in m.subject + m.body for m in mailoutbox)
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "create",
        "asker_read",
        "asker_read",
        "asker_reply",
    ]
    assert all(event.actor is None for event in AuditEvent.objects.all())


def test_the_code_is_not_stored_in_plain_anywhere(client, help_desk):
    code = send(client)
    client.post(PICKUP, {"code": code})
    client.post(REPLY, {"code": code, "body": "Lisäkysymys."})
    forms = {code, code.replace("-", ""), code.lower(), code.replace("-", "").lower()}

    stored = []
    for model in (HelpRequest, Message, AuditEvent):
        for row in model.objects.all():
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(field, models.JSONField) or isinstance(value, str):
                    stored.append(str(value))
    assert stored
    assert not [value for value in stored for form in forms if form in value]
    assert HelpRequest.objects.filter(pickup_lookup__isnull=False).count() == 1


def test_the_code_never_travels_in_an_address(client, help_desk):
    code = send(client)
    html = client.post(PICKUP, {"code": code}).content.decode()

    for action in re.findall(r'<form[^>]*action="([^"]*)"', html):
        assert code not in action and "?" not in action
    assert f'<input type="hidden" name="code" value="{code}"' in html
    assert re.search(r'<form method="post" action="/pyyda-apua/nouda/vastaa/"', html)
    page = client.get(PICKUP, {"code": code})
    assert page.status_code == 200 and TEXT not in page.content.decode()


def test_every_code_that_opens_nothing_gets_the_same_answer(client, help_desk):
    purged = send(client)
    HelpRequest.objects.all().delete()  # closed and purged after the retention time
    send(client, text="Toinen pyyntö, jota ei kysytä.")
    typed = [purged, "AAAA-BBBB-CCCC-DDDD-EEEE", "hello", "0" * 20, "x" * 99]

    answers = [client.post(PICKUP, {"code": code}) for code in typed]

    assert {a.status_code for a in answers} == {400}
    # The same page but for the code as typed, which the field shows again.
    assert len({main_of(a).replace(code, "") for a, code in zip(answers, typed, strict=True)}) == 1
    assert WRONG in answers[0].content.decode()


def test_wrong_codes_are_rate_limited_per_client(client, help_desk):
    statuses = [client.post(PICKUP, {"code": f"WRONG-{n}"}).status_code for n in range(31)]

    assert statuses == [400] * 30 + [429]
    limited = client.post(PICKUP, {"code": "still wrong"})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert 'href="tel:112"' in limited.content.decode()
    assert 'name="code" value="still wrong"' in limited.content.decode()
    assert Client(REMOTE_ADDR="198.51.100.7").post(PICKUP, {"code": "other"}).status_code == 400


def test_reading_the_answer_again_and_again_is_not_limited(client, help_desk):
    code = send(client, text="Kysyn ja luen vastauksen monta kertaa.")

    statuses = [client.post(PICKUP, {"code": code}).status_code for _ in range(15)]

    assert statuses == [200] * 15


def test_a_reply_with_a_wrong_hidden_code_opens_nothing(client, help_desk):
    send(client)

    response = client.post(REPLY, {"code": "AAAA-BBBB-CCCC-DDDD-EEEE", "body": "Hei"})

    assert response.status_code == 400
    assert WRONG in response.content.decode()
    assert not Message.objects.exists()


def test_a_bad_reply_keeps_its_text_and_the_thread(client, help_desk):
    code = send(client)

    response = client.post(REPLY, {"code": code, "body": "Tässä\x00 on nollatavu"})

    html = response.content.decode()
    assert response.status_code == 400
    assert TEXT in html and "Tässä" in html and "Viestissä on merkkejä" in html
    assert not Message.objects.exists()


def test_the_same_reply_twice_is_kept_once(client, help_desk):
    code = send(client)

    client.post(REPLY, {"code": code, "body": "Sama viesti."})
    second = client.post(REPLY, {"code": code, "body": "Sama viesti."})

    assert Message.objects.count() == 1
    assert "Viestisi oli jo lähetetty." in second.content.decode()


def test_a_closed_request_can_be_read_but_not_replied_to(client, help_desk):
    code = send(client)
    HelpRequest.objects.update(status=HelpRequest.Status.CLOSED, closed_at=timezone.now())

    read = client.post(PICKUP, {"code": code}).content.decode()
    reply = client.post(REPLY, {"code": code, "body": "Vielä yksi asia."})

    assert TEXT in read and 'action="/pyyda-apua/nouda/vastaa/"' not in read
    assert reply.status_code == 409
    assert "Vielä yksi asia." in reply.content.decode()
    assert not Message.objects.exists()


def test_the_pickup_and_reply_pages_use_no_session(client, help_desk):
    code = send(client)

    responses = [
        client.get(PICKUP),
        client.post(PICKUP, {"code": code}),
        client.post(REPLY, {"code": code, "body": "x"}),
    ]
    for response in responses:
        assert "sessionid" not in response.cookies


def test_a_reply_posted_after_the_csrf_token_expired_is_kept(help_desk):
    browser = Client(enforce_csrf_checks=True)
    code = code_on(
        browser.post(
            RECEIPT,
            {**form_data(browser), "csrfmiddlewaretoken": browser.cookies["csrftoken"].value},
        ).content.decode()
    )
    browser.cookies.clear()

    response = browser.post(REPLY, {"code": code, "body": "Tärkeä lisäys, jota en halua kirjoittaa uudelleen."})

    html = response.content.decode()
    assert response.status_code == 403
    assert "Tärkeä lisäys, jota en halua kirjoittaa uudelleen." in html
    assert f'name="code" value="{code}"' in html
    assert TEXT not in html  # the thread is shown only after the code is verified again
    fresh = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    again = browser.post(REPLY, {"code": code, "body": "Tärkeä lisäys.", "csrfmiddlewaretoken": fresh})
    assert again.status_code == 200
    assert Message.objects.count() == 1


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_pickup_page_works_in_every_language(client, help_desk, lang):
    prefix = "" if lang == "fi" else f"/{lang}"
    response = client.get(prefix + PICKUP)

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
