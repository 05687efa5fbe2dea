"""The public form and its receipt: what the page promises, the receipt with the pickup code, the
double submit, urgency, and every bad input answered with a clear message and the text kept."""

import logging
import re
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from perhekeskus.help_requests.models import AuditEvent, HelpRequest

from . import test_submission
from .test_submission import TEXT, URGENT_TEXT

help_desk = test_submission.help_desk  # the fixtures
fresh_rate_limits = test_submission.fresh_rate_limits

ASK = "/pyyda-apua/"
RECEIPT = "/pyyda-apua/kuitti/"


def token_of(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def form_data(client, **fields) -> dict:
    """What a person sends: the form's own token, a question, an anonymous answer."""
    data = {"form_token": token_of(client.get(ASK).content.decode()), "text": TEXT, "contact_method": "anonymous"}
    data.update(fields)
    return data


def code_on(html: str) -> str:
    return re.search(r'<p class="pickup-code"[^>]*>([^<]+)</p>', html).group(1)


def test_the_url_names():
    with translation.override("fi"):
        assert (reverse("help_requests:ask"), reverse("help_requests:receipt")) == (ASK, RECEIPT)
        assert reverse("help_requests:pickup") == "/pyyda-apua/nouda/"
        assert reverse("help_requests:reply") == "/pyyda-apua/nouda/vastaa/"
        assert reverse("help_requests:embed") == "/pyyda-apua/upota/"
    with translation.override("sv"):
        assert reverse("help_requests:ask") == "/sv/pyyda-apua/"


def test_the_receipt_has_no_language_links_that_would_lose_the_code(client, help_desk):
    html = client.post(RECEIPT, form_data(client, text="Kysymys kuittiin.")).content.decode()

    assert "site-header__languages" not in html
    assert "site-header__languages" in client.get(ASK).content.decode()


def test_names_without_a_translation_say_they_are_finnish(client, help_desk):
    html = client.get("/en" + ASK).content.decode()

    assert re.search(r'<option value="kemi" lang="fi"[^>]*>Kemi</option>', html)
    assert re.search(r'<span class="emergency__name" lang="(fi|en)">', html)
    assert re.search(r'<option value="[a-z-]+" lang="(en|fi)"', html)


def test_the_form_page_says_what_happens_next_and_shows_the_emergency_numbers(client, help_desk):
    response = client.get(ASK)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert '<a class="help-button" href="/pyyda-apua/">' in html
    assert "viimeistään seuraavana arkipäivänä" in html
    assert re.search(r"Jos lähetät viestin nyt, vastaamme viimeistään \w+na \d+\.\d+\.\d{4} klo 16\.00", html)
    assert '<a href="tel:112">112</a>' in html
    assert '<a href="tel:0400291141">0400 291 141</a>' in html and "(Kemi)" in html
    assert "Nimettömästi" in html and "noutotunnuksen" in html
    assert re.search(r'name="form_token" value="[A-Za-z0-9_-]{43}"', html)
    assert 'class="help-form__trap"' in html and "Jätä tämä kenttä tyhjäksi" in html
    assert 'maxlength="5000"' in html
    assert "vanha-aihe" not in html  # an inactive topic is not offered
    assert "sessionid" not in response.cookies


def test_every_rendering_of_the_form_has_a_new_token(client, help_desk):
    assert token_of(client.get(ASK).content.decode()) != token_of(client.get(ASK).content.decode())


def test_a_municipality_in_the_address_is_chosen_and_its_numbers_come_first(client, help_desk):
    html = client.get(ASK, {"municipality": "kemi"}).content.decode()

    assert '<option value="kemi" selected lang="fi">' in html
    assert html.index("0400 291 141") < html.index('href="tel:112"')
    assert client.get(ASK, {"municipality": "\x00nope"}).status_code == 200


def test_an_anonymous_request_gets_a_receipt_with_the_promise_and_the_code_once(client, help_desk):
    response = client.post(RECEIPT, form_data(client, topic="vanhemmuus", age_group="alle-1-v"))

    html = response.content.decode()
    request = HelpRequest.objects.get()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "Pyyntösi on vastaanotettu" in html
    assert "Vastaamme viimeistään " in html
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){4}", code_on(html))
    assert "Kirjoita tunnus muistiin" in html
    assert 'href="/static/perhekeskus/help.css"' in html  # which has the receipt's print styles
    assert "@media print" in Path(finders.find("perhekeskus/help.css")).read_text()
    assert (request.text, request.topic.slug, request.age_group.slug) == (TEXT, "vanhemmuus", "alle-1-v")
    assert "sessionid" not in response.cookies


def test_the_receipt_promises_the_deadline_in_words(client, help_desk):
    response = client.post(RECEIPT, form_data(client))

    request = HelpRequest.objects.get()
    local = timezone.localtime(request.due_at)
    assert local.hour == 16
    expected = f"viimeistään {_finnish_weekday(local.weekday())} {local.day}.{local.month}.{local.year} klo 16.00"
    assert expected in response.content.decode()
    assert date_format(local, "TIME_FORMAT") == "16.00"


def _finnish_weekday(index: int) -> str:
    return ["maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina", "lauantaina", "sunnuntaina"][index]


def test_a_get_of_the_receipt_address_goes_to_the_form(client, help_desk):
    response = client.get(RECEIPT)

    assert (response.status_code, response["Location"]) == (302, ASK)


def test_posting_the_same_form_twice_shows_the_same_receipt_and_stores_one_request(client, help_desk):
    data = form_data(client)

    first = client.post(RECEIPT, data).content.decode()
    second = client.post(RECEIPT, data).content.decode()

    assert HelpRequest.objects.count() == 1
    assert code_on(first) == code_on(second)
    assert "Sama pyyntö oli jo vastaanotettu" in second and "Sama pyyntö oli jo vastaanotettu" not in first


def test_the_same_form_sent_again_with_another_text_is_not_lost(client, help_desk):
    data = form_data(client)
    client.post(RECEIPT, data)

    response = client.post(RECEIPT, {**data, "text": "Unohdin kertoa, että asia koskee myös isosiskoa."})

    html = response.content.decode()
    assert response.status_code == 409
    assert "Unohdin kertoa, että asia koskee myös isosiskoa." in html
    assert token_of(html) != data["form_token"]
    assert HelpRequest.objects.count() == 1
    assert client.post(RECEIPT, {**data, "form_token": token_of(html), "text": "Unohdin kertoa."}).status_code == 200
    assert HelpRequest.objects.count() == 2


def test_only_the_chosen_contact_detail_is_kept(client, help_desk):
    client.post(RECEIPT, form_data(client, contact_phone="040 123 4567", contact_email="nimi@example.org"))
    client.post(
        RECEIPT, form_data(client, contact_method="phone", contact_phone="+358 40 123 4567", contact_email="a@b.fi")
    )
    client.post(RECEIPT, form_data(client, contact_method="email", contact_phone="nonsense", contact_email="a@b.fi"))

    kept = list(HelpRequest.objects.order_by("pk").values_list("contact_method", "contact_phone", "contact_email"))
    assert kept == [("anonymous", "", ""), ("phone", "+358 40 123 4567", ""), ("email", "", "a@b.fi")]


def test_a_phone_request_receipt_says_who_calls_and_has_no_code(client, help_desk):
    html = client.post(
        RECEIPT, form_data(client, contact_method="phone", contact_phone="040 123 4567")
    ).content.decode()

    assert "numeroon 040 123 4567" in html
    assert 'class="pickup-code"' not in html


def test_an_urgent_request_shows_the_emergency_numbers_at_the_top_and_is_stored(client, help_desk):
    html = client.post(RECEIPT, form_data(client, text=URGENT_TEXT, municipality="kemi")).content.decode()

    alert = html.index('class="emergency emergency--alert"')
    assert alert < html.index("<h1>") < html.index('class="pickup-code"')
    assert html.index('href="tel:0400291141"', alert) < html.index('href="tel:112"', alert) < html.index("<h1>")
    assert "Jos joku on vaarassa nyt, soita heti" in html
    assert HelpRequest.objects.get().urgent


def test_a_request_in_swedish_is_answered_in_swedish(client, help_desk):
    html = client.get("/sv" + ASK).content.decode()

    response = client.post("/sv" + RECEIPT, {"form_token": token_of(html), "text": TEXT, "contact_method": "anonymous"})

    assert response.status_code == 200
    assert HelpRequest.objects.get().language == "sv"


# Bad input -----------------------------------------------------------------------------------------

BAD_INPUT = [
    ({"text": ""}, "Kirjoita viesti."),
    ({"text": "   \n\t  "}, "Kirjoita viesti."),
    ({"text": "\u200b\u200b\ufeff"}, "Kirjoita viesti."),
    ({"text": "x" * 5001}, "enintään 5000 merkkiä (nyt 5001)"),
    ({"text": "x" * 1_000_000}, "enintään 5000 merkkiä (nyt 1000000)"),
    ({"text": "Apua\x00tarvitaan"}, "Viestissä on merkkejä, joita ei voi tallentaa (ensimmäinen kohdassa 5)"),
    ({"text": "Kysymys \x1b[31m väreillä"}, "Viestissä on merkkejä, joita ei voi tallentaa"),
    ({"contact_method": "phone", "contact_phone": ""}, "Anna puhelinnumero"),
    ({"contact_method": "phone", "contact_phone": "12345"}, "Tarkista puhelinnumero"),
    ({"contact_method": "phone", "contact_phone": "040 123 4567 tai iltaisin"}, "Tarkista puhelinnumero"),
    ({"contact_method": "phone", "contact_phone": "1" * 21}, "Tarkista puhelinnumero"),
    ({"contact_method": "email", "contact_email": ""}, "Anna sähköpostiosoite"),
    ({"contact_method": "email", "contact_email": "ei-osoite"}, "Tarkista sähköpostiosoite"),
    ({"contact_method": "email", "contact_email": "a@" + "b" * 300 + ".fi"}, "Tarkista sähköpostiosoite"),
    ({"contact_method": "pigeon"}, "Valitse vastaustavaksi puhelin, sähköposti tai nimettömästi."),
    ({"contact_method": ""}, "Valitse, miten haluat vastauksen."),
    ({"topic": "ei-tallaista"}, "Tuntematon aihe."),
    ({"topic": "vanha-aihe"}, "Tuntematon aihe."),
    ({"topic": "\x00" * 50}, "Tuntematon aihe."),
    ({"age_group": "100-v"}, "Tuntematon ikäryhmä."),
    ({"municipality": "helsinki"}, "Tuntematon kunta."),
    ({"municipality": "testialue"}, "Tuntematon kunta."),  # a region, not a municipality
    ({"form_token": "lyhyt"}, "Lomakkeen tunniste on virheellinen."),
]


@pytest.mark.parametrize(("fields", "message"), BAD_INPUT)
def test_bad_input_is_a_400_with_a_clear_message_and_the_text_kept(client, help_desk, fields, message):
    data = form_data(client, text="Minun kysymykseni, joka ei saa kadota.")
    data.update(fields)

    response = client.post(RECEIPT, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'class="help-notice"' in html and "Tarkista nämä kohdat:" in html
    if "text" not in fields:
        assert "Minun kysymykseni, joka ei saa kadota." in html
    assert not HelpRequest.objects.exists()
    assert not AuditEvent.objects.exists()


def test_binary_data_is_refused_clearly(client, help_desk):
    body = bytes(range(256)) * 10
    data = form_data(client)
    encoded = "&".join(f"{k}={v}" for k, v in data.items() if k != "text")

    response = client.post(
        RECEIPT, data=encoded + "&text=" + quote_from_bytes(body), content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert "Viestissä on merkkejä, joita ei voi tallentaa" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_a_filled_honeypot_stores_nothing_and_logs_no_content(client, help_desk, caplog):
    caplog.set_level(logging.DEBUG)

    response = client.post(RECEIPT, form_data(client, website="https://spam.example"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Lomaketta ei voitu lähettää" in html
    assert TEXT in html  # should a person have filled it, the text is there to send again
    assert 'name="website" id="id_website" value=""' in html
    assert not HelpRequest.objects.exists()
    assert "honeypot" in caplog.text
    assert TEXT not in caplog.text and "spam.example" not in caplog.text


def test_a_body_over_the_size_limit_is_a_400_not_a_500(client, help_desk, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    data = form_data(client, text="x" * 200_000)

    response = client.post(RECEIPT, data)

    assert response.status_code == 400
    assert "liian suuri" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_a_body_over_the_size_limit_with_csrf_checks_is_a_400_not_a_500(help_desk, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    data = form_data(browser, text="x" * 200_000)
    data["csrfmiddlewaretoken"] = browser.cookies["csrftoken"].value

    response = browser.post(RECEIPT, data)

    assert response.status_code == 400
    assert not HelpRequest.objects.exists()


def test_more_fields_than_django_reads_is_a_400(client, help_desk, settings):
    data = form_data(client)
    body = "&".join([f"{k}={v}" for k, v in data.items()] + ["x=1"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.post(RECEIPT, data=body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert not HelpRequest.objects.exists()


def test_without_a_team_the_form_comes_back_with_the_text_and_a_503(client, db):
    response = client.post(RECEIPT, {"form_token": "t" * 43, "text": TEXT, "contact_method": "anonymous"})

    html = response.content.decode()
    assert response.status_code == 503
    assert "Viestiäsi ei tallennettu" in html and TEXT in html
    assert not HelpRequest.objects.exists()


# CSRF: a form open too long ------------------------------------------------------------------------


def test_a_form_posted_without_the_csrf_cookie_comes_back_with_the_text(help_desk):
    browser = Client(enforce_csrf_checks=True)
    data = form_data(browser, contact_method="phone", contact_phone="040 123 4567", municipality="kemi")
    browser.cookies.clear()  # the browser was restarted, or the cookie expired

    response = browser.post(RECEIPT, data)

    html = response.content.decode()
    assert response.status_code == 403
    assert "Sivu oli auki pitkään" in html
    assert TEXT in html and 'value="040 123 4567"' in html and '<option value="kemi" selected lang="fi">' in html
    assert token_of(html) == data["form_token"]
    assert not HelpRequest.objects.exists()
    fresh = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert browser.cookies["csrftoken"].value
    again = browser.post(RECEIPT, {**data, "csrfmiddlewaretoken": fresh})
    assert again.status_code == 200
    assert HelpRequest.objects.count() == 1


def test_a_form_posted_with_a_stale_csrf_token_comes_back_with_the_text(help_desk):
    browser = Client(enforce_csrf_checks=True)
    data = form_data(browser)
    data["csrfmiddlewaretoken"] = "x" * 64

    response = browser.post(RECEIPT, data)

    html = response.content.decode()
    assert response.status_code == 403
    assert TEXT in html
    fresh = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert browser.post(RECEIPT, {**data, "csrfmiddlewaretoken": fresh}).status_code == 200
    assert HelpRequest.objects.count() == 1


def test_a_csrf_failure_elsewhere_is_djangos_own_page(help_desk):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/accounts/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Sivu oli auki pitkään" not in response.content.decode()


# Rate limits and logs --------------------------------------------------------------------------------


def test_one_client_posting_too_often_is_stopped_and_others_are_not(client, help_desk):
    statuses = [client.post(RECEIPT, form_data(client, text=f"Kysymys {n}")).status_code for n in range(6)]

    assert statuses == [200] * 5 + [429]
    limited = client.post(RECEIPT, form_data(client, text="Vielä yksi, jota en halua kirjoittaa uudelleen")).content
    limited = limited.decode()
    assert 'href="tel:112"' in limited and "Odota hetki" in limited
    assert "Vielä yksi, jota en halua kirjoittaa uudelleen</textarea>" in limited  # the text is kept
    other = Client(REMOTE_ADDR="192.0.2.55")
    assert other.post(RECEIPT, form_data(other, text="Toinen ihminen")).status_code == 200
    assert HelpRequest.objects.count() == 6


def test_no_request_content_in_the_logs_over_the_whole_flow(
    client, help_desk, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    secret = "Salaisuus: naapurin Matti juo liikaa ja lapset pelkäävät."
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(RECEIPT, form_data(client, text=secret, topic="vanhemmuus")).content.decode()
        code = code_on(html)
        client.post(reverse("help_requests:pickup"), {"code": code})
        client.post(reverse("help_requests:reply"), {"code": code, "body": "Lisäys: Matti on isäpuoli."})
        client.post(reverse("help_requests:pickup"), {"code": "WRONG-CODE"})

    assert mailoutbox
    assert "received for team" in caplog.text
    for leaked in (secret, "Matti", code, code.replace("-", ""), "Vanhemmuus"):
        assert leaked not in caplog.text


@pytest.mark.parametrize("path", [RECEIPT, "/pyyda-apua/nouda/", "/pyyda-apua/nouda/vastaa/"])
def test_posted_texts_and_codes_are_hidden_from_error_reports(client, help_desk, path):
    response = client.post(path, form_data(client, text="Ei virheraporttiin."))

    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


# A body that is not UTF-8 -----------------------------------------------------------------------------

NOT_UTF8_MESSAGE = "ei ollut UTF-8-merkistössä"


def _urlencoded(data: dict, text: bytes) -> bytes:
    """A form body with `text` as raw bytes (already percent-encoded or not)."""
    fields = "&".join(f"{k}={v}" for k, v in data.items() if k != "text").encode()
    return fields + b"&text=" + text


@pytest.mark.parametrize(
    ("text", "charset"),
    [
        ("Äiti on väsynyt, lapsi itkee öisin.".encode("latin-1"), ""),  # raw Latin-1 bytes
        (quote_from_bytes("Äiti on väsynyt, lapsi itkee öisin.".encode("latin-1")).encode(), ""),
        (quote_from_bytes("Äiti on väsynyt, lapsi itkee öisin.".encode("latin-1")).encode(), "; charset=iso-8859-1"),
        (quote_from_bytes("Äiti on väsynyt, lapsi itkee öisin.".encode()).encode(), "; charset=windows-1252"),
    ],
    ids=["raw-latin-1", "percent-encoded-latin-1", "declared-latin-1", "declared-windows-1252"],
)
def test_a_form_body_that_is_not_utf8_is_a_400_with_the_form_again(client, help_desk, text, charset):
    data = form_data(client, municipality="kemi")

    response = client.post(
        RECEIPT, data=_urlencoded(data, text), content_type="application/x-www-form-urlencoded" + charset
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert NOT_UTF8_MESSAGE in html
    assert '<form method="post" action="/pyyda-apua/kuitti/"' in html  # the form itself, filled
    assert token_of(html) == data["form_token"]
    assert '<option value="kemi" selected lang="fi">' in html
    assert "on v" in html and "synyt, lapsi itkee" in html  # what could be read is kept
    assert not HelpRequest.objects.exists()


def test_the_form_in_swedish_says_so_in_swedish(client, help_desk):
    data = form_data(client)

    response = client.post(
        "/sv" + RECEIPT, data=_urlencoded(data, b"Hj%E4lp"), content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert "UTF-8" in response.content.decode() and NOT_UTF8_MESSAGE not in response.content.decode()


def test_a_utf8_form_body_with_its_charset_declared_is_received(client, help_desk):
    data = form_data(client)

    response = client.post(
        RECEIPT,
        data=_urlencoded(data, quote_from_bytes("Äiti on väsynyt.".encode()).encode()),
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )

    assert response.status_code == 200
    assert HelpRequest.objects.get().text == "Äiti on väsynyt."
