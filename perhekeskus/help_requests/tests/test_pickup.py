"""The pickup's two lines of limits (pickup.py): wrong codes lock the code they aim at, from every
address, and never the owner of another code; the looser line per address stops an address that
tries many codes; a locked pickup answers 429 with Retry-After and the form as typed, in the
asker's language; counted in the database, in Redis, and in the database again with Redis away."""

import logging
import math
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client

from perhekeskus.help_requests import codes, limits
from perhekeskus.help_requests.models import AuditEvent, HelpRequest, LimitCount, Message

from . import test_limits, test_submission
from .test_public_pickup import PICKUP, REPLY, WRONG, main_of, send

help_desk = test_submission.help_desk  # the fixtures
fresh_rate_limits = test_submission.fresh_rate_limits
redis_cache = test_limits.redis_cache
redis_away = test_limits.redis_away

OWNER = "192.0.2.10"
GUESSER = "198.51.100.66"
CODE_LOCKED = "Tätä noutotunnusta on yritetty liian monta kertaa väärin"
ADDRESS_LOCKED = "Tästä osoitteesta on kirjoitettu liian monta väärää noutotunnusta"


@pytest.fixture(params=["database", "redis"])
def counted_in(request):
    """Each test twice: the counters in the database (no Redis configured) and in Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return request.param


@pytest.fixture
def two_requests(help_desk):
    """Two anonymous requests, A and B: their pickup codes and texts."""
    sender = Client(REMOTE_ADDR="203.0.113.1")
    a = SimpleNamespace(text="Pyyntö A: nukkumisesta.")
    b = SimpleNamespace(text="Pyyntö B: päiväkodista.")
    for request in (a, b):
        request.code = send(sender, text=request.text)
    return SimpleNamespace(a=a, b=b)


def guess_at(code: str, n: int) -> str:
    """A wrong code with the same first two groups as `code`: a guess at that request."""
    normalized = codes.normalize(code)
    rest = "".join(codes.ALPHABET[(n + i * 7) % len(codes.ALPHABET)] for i in range(12))
    guess = normalized[:8] + rest
    assert guess != normalized
    return codes.display(guess)


def other_code(n: int) -> str:
    """A well-formed code whose first two groups are the n-th of their own: a guess at no one."""
    head = "".join(codes.ALPHABET[(n // len(codes.ALPHABET) ** i) % len(codes.ALPHABET)] for i in range(8))
    return codes.display(head + "Z" * 12)


def pick_up(address: str, code: str, *, prefix: str = ""):
    return Client(REMOTE_ADDR=address).post(prefix + PICKUP, {"code": code})


def at_a_later_moment(monkeypatch, minutes: int):
    """The limits' clock (standing still in a test, conftest.py) moved on by `minutes`."""
    later = limits.timezone.now() + timedelta(minutes=minutes)
    monkeypatch.setattr(limits, "timezone", SimpleNamespace(now=lambda: later))


def seconds_to_the_quarters_end() -> int:
    now = limits.timezone.now().timestamp()
    return math.ceil((int(now) // 900 + 1) * 900 - now)


def test_guessing_at_one_code_from_one_address_never_locks_the_owner_of_another_there(two_requests, counted_in):
    statuses = [pick_up(GUESSER, guess_at(two_requests.a.code, n)).status_code for n in range(40)]

    # Five wrong tries, then A is locked; the locked tries count nowhere, so the address's line
    # (30 an hour) is never reached by them.
    assert statuses == [400] * 5 + [429] * 35
    owner_of_b = pick_up(GUESSER, two_requests.b.code)
    assert owner_of_b.status_code == 200
    assert two_requests.b.text in owner_of_b.content.decode()


@pytest.mark.parametrize("store", ["database", "redis", "redis away"])
def test_guesses_at_one_code_from_many_addresses_lock_that_code_and_only_that_one(two_requests, request, store):
    if store != "database":
        request.getfixturevalue("redis_cache" if store == "redis" else "redis_away")
    a, b = two_requests.a, two_requests.b
    # However each one types it (lower case, spaces), a guess at A counts against A.
    typed = [guess_at(a.code, n) for n in range(6)]
    typed[1], typed[2] = typed[1].lower(), typed[2].replace("-", " ")

    statuses = [pick_up(f"198.51.100.{n + 1}", guess).status_code for n, guess in enumerate(typed)]

    assert statuses == [400] * 5 + [429]
    locked = pick_up(OWNER, a.code)  # the right code, from an address that never guessed
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == seconds_to_the_quarters_end()
    assert CODE_LOCKED in locked.content.decode()
    assert a.text not in locked.content.decode()  # nothing unlocked
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ASKER_READ).exists()
    for address in (OWNER, "198.51.100.1"):  # a fresh address, and one of the guessers'
        assert b.text in pick_up(address, b.code).content.decode()
    if store != "redis":
        assert LimitCount.objects.exists()


def test_the_address_line_stops_an_address_that_tries_many_different_codes(two_requests, counted_in):
    statuses = [pick_up(GUESSER, other_code(n)).status_code for n in range(31)]

    assert statuses == [400] * 30 + [429]
    # The second line holds for every code from that address, the right ones too ...
    from_there = pick_up(GUESSER, two_requests.b.code)
    assert from_there.status_code == 429
    assert ADDRESS_LOCKED in from_there.content.decode()
    # ... and for no one else: those codes' own lines were tried once each.
    assert pick_up(OWNER, two_requests.b.code).status_code == 200
    assert pick_up(OWNER, other_code(0)).status_code == 400


def test_the_owner_may_mistype_a_few_times_but_once_the_code_is_locked_the_right_code_waits_too(
    two_requests, counted_in
):
    a = two_requests.a
    assert [pick_up(OWNER, guess_at(a.code, n)).status_code for n in range(4)] == [400] * 4
    assert a.text in pick_up(OWNER, a.code).content.decode()  # opening counts nothing
    assert a.text in pick_up(OWNER, a.code).content.decode()
    assert pick_up(GUESSER, guess_at(a.code, 4)).status_code == 400  # the fifth wrong try

    # Nothing is verified while locked, so the right code cannot tell the guesser it is right.
    refused = [pick_up(OWNER, a.code) for _ in range(3)]
    assert {response.status_code for response in refused} == {429}
    assert all(a.text not in response.content.decode() for response in refused)


def test_the_lock_ends_with_its_quarter_of_an_hour(two_requests, counted_in, monkeypatch):
    a = two_requests.a
    for n in range(5):
        pick_up(f"198.51.100.{n + 1}", guess_at(a.code, n))
    assert pick_up(OWNER, a.code).status_code == 429

    at_a_later_moment(monkeypatch, 15)

    assert a.text in pick_up(OWNER, a.code).content.decode()
    statuses = [pick_up(GUESSER, guess_at(a.code, n)).status_code for n in range(6)]
    assert statuses == [400] * 5 + [429]  # a new quarter, five more tries


def test_a_lock_looks_the_same_whether_or_not_a_request_has_that_code(two_requests, counted_in):
    """Codes are counted by their first groups without asking whether a request has them, so a
    lock tells a guesser nothing about which codes exist."""
    nobodys = other_code(77)
    assert not codes.verify(nobodys)
    for n in range(5):
        pick_up(GUESSER, guess_at(two_requests.a.code, n))
        pick_up(GUESSER, guess_at(nobodys, n))

    tried = [guess_at(two_requests.a.code, 9), guess_at(nobodys, 9)]
    answers = [pick_up(GUESSER, code) for code in tried]

    assert [answer.status_code for answer in answers] == [429, 429]
    assert answers[0]["Retry-After"] == answers[1]["Retry-After"]
    assert main_of(answers[0]).replace(tried[0], "") == main_of(answers[1]).replace(tried[1], "")


def test_a_reply_with_a_wrong_hidden_code_counts_against_that_code_and_a_locked_reply_is_kept(two_requests, counted_in):
    """The reply form verifies its hidden code again: no door around the code's line."""
    a = two_requests.a
    for n in range(5):
        wrong = Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(REPLY, {"code": guess_at(a.code, n), "body": "Hei"})
        assert wrong.status_code == 400 and WRONG in wrong.content.decode()

    assert pick_up(OWNER, a.code).status_code == 429
    reply = Client(REMOTE_ADDR=OWNER).post(REPLY, {"code": a.code, "body": "Tärkeä lisäys, joka ei saa kadota."})
    html = reply.content.decode()
    assert reply.status_code == 429 and int(reply["Retry-After"]) > 0
    assert CODE_LOCKED in html and "Tärkeä lisäys, joka ei saa kadota." in html
    assert f'name="code" value="{a.code}"' in html  # hidden, in the body: sent again when it opens
    assert not Message.objects.exists()


LOCKED_WORDS = {
    ("fi", "code"): CODE_LOCKED,
    ("sv", "code"): "Den här avhämtningskoden har prövats fel för många gånger",
    ("en", "code"): "This pickup code has been tried wrongly too many times",
    ("fi", "address"): ADDRESS_LOCKED,
    ("sv", "address"): "För många felaktiga avhämtningskoder har skickats från den här adressen",
    ("en", "address"): "Too many wrong pickup codes have been sent from this address",
}


@pytest.mark.parametrize(("lang", "line"), list(LOCKED_WORDS))
def test_a_locked_pickup_keeps_the_form_as_typed_and_speaks_the_askers_language(two_requests, counted_in, lang, line):
    a = two_requests.a
    prefix = "" if lang == "fi" else f"/{lang}"
    if line == "code":
        for n in range(5):
            pick_up(f"198.51.100.{n + 1}", guess_at(a.code, n), prefix=prefix)
    else:
        for _ in range(30):  # thirty wrong codes from the owner's address, counted as the view does
            limits.lockout_seconds(limits.PICKUP_GROUP, limits.PICKUP_RATES, OWNER)
    typed = a.code.lower().replace("-", " ")

    response = pick_up(OWNER, typed, prefix=prefix)

    html = response.content.decode()
    assert response.status_code == 429
    assert response["Cache-Control"] == "no-store"
    minutes = math.ceil(int(response["Retry-After"]) / 60)
    assert f'<html lang="{lang}">' in html
    assert LOCKED_WORDS[lang, line] in html
    assert re.search(rf"\b{minutes} (minuutin|minut|minuter|minute|minutes)\b", html)
    assert f'name="code" value="{typed}"' in html
    assert f'action="{prefix}{PICKUP}"' in html and "?" not in re.search(r'action="([^"]*)"', html).group(1)
    assert 'href="tel:112"' in html
    assert a.text not in html


def test_the_counters_hold_keyed_hashes_never_the_code_nor_its_groups(two_requests, caplog):
    limits._salts.clear()  # this process's copy, made under an earlier test's rolled-back row
    a = two_requests.a
    guesses = [guess_at(a.code, n) for n in range(6)]
    with caplog.at_level(logging.DEBUG):
        for guess in guesses:
            pick_up(GUESSER, guess)
        pick_up(OWNER, a.code)

    rows = list(LimitCount.objects.values_list("key", "count"))
    # The guesser's address (5 wrong codes) and A's first groups (5: the sixth was refused
    # unverified), besides the two sends' minute and hour.
    assert sorted(count for _key, count in rows) == [2, 2, 5, 5]
    normalized = codes.normalize(a.code)
    pieces = {normalized, normalized[:8], normalized[8:], a.code, GUESSER, OWNER}
    pieces |= {codes.normalize(guess) for guess in guesses} | set(guesses)
    for key, _count in rows:
        assert len(key) == 64 and set(key) <= set("0123456789abcdef")
        assert not [piece for piece in pieces if piece.lower() in key]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged  # Django's request log is captured ...
    assert not [piece for piece in pieces - {GUESSER, OWNER} if piece.lower() in logged.lower()]  # ... no code
    assert HelpRequest.objects.count() == 2
