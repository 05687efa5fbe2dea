"""Pickup codes: high entropy, easy to type, derived from the form token, stored only as a keyed
lookup digest and an Argon2id hash, verified with one indexed query."""

import math

import pytest
from argon2 import PasswordHasher
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from perhekeskus.help_requests import codes
from perhekeskus.help_requests.models import HelpRequest

from . import test_submission
from .test_submission import submit

help_desk = test_submission.help_desk  # the fixtures
fresh_rate_limits = test_submission.fresh_rate_limits


def test_a_code_has_at_least_80_bits_and_no_look_alikes():
    code = codes.code_for("token-" + "a" * 40)

    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 80
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET)
    assert not set("0O1IL") & set(codes.ALPHABET)
    groups = code.split("-")
    assert [len(g) for g in groups] == [4] * 5
    assert set("".join(groups)) <= set(codes.ALPHABET)
    assert codes.is_well_formed(codes.normalize(codes.EXAMPLE))


def test_the_same_token_gives_the_same_code_and_another_token_another(settings):
    assert codes.code_for("a" * 43) == codes.code_for("a" * 43)
    assert codes.code_for("a" * 43) != codes.code_for("b" * 43)
    before = codes.code_for("a" * 43)
    settings.SECRET_KEY = "another-secret-key-for-this-test"
    assert codes.code_for("a" * 43) != before  # keyed: the token alone does not give the code


@pytest.mark.parametrize(
    "typed",
    [
        "k7qm-3xpa-9frt-wh2c-8nve",
        "K7QM 3XPA 9FRT WH2C 8NVE",
        " K7QM3XPA9FRTWH2C8NVE\n",
        "Ｋ７ＱＭ－３ＸＰＡ－９ＦＲＴ－ＷＨ２Ｃ－８ＮＶＥ",  # a full-width keyboard
    ],
)
def test_typing_is_forgiving(typed):
    assert codes.normalize(typed) == "K7QM3XPA9FRTWH2C8NVE"


@given(st.text(max_size=200))
def test_normalising_never_fails_and_keeps_only_letters_and_digits(text):
    normalized = codes.normalize(text)

    assert normalized == codes.normalize(normalized)
    assert all(ch.isascii() and ch.isalnum() and not ch.islower() for ch in normalized)


def test_the_right_code_finds_its_request_in_one_query(help_desk):
    sent = submit()

    with CaptureQueriesContext(connection) as queries:
        found = codes.verify(sent.pickup_code.lower().replace("-", " "))

    assert found == sent.request
    assert len(queries) == 1


@pytest.mark.parametrize("wrong", ["", "x", "K7QM-3XPA-9FRT-WH2C-8NVE", "0" * 20, "\x00" * 30, "A" * 5000])
def test_a_wrong_or_malformed_code_finds_nothing(help_desk, wrong):
    submit()

    assert codes.verify(wrong) is None


def test_a_lookup_digest_with_a_wrong_hash_finds_nothing(help_desk):
    sent = submit()
    HelpRequest.objects.update(pickup_hash=PasswordHasher().hash("SOMETHINGELSE"))

    assert codes.verify(sent.pickup_code) is None


def test_a_hash_with_older_parameters_is_replaced_on_verification(help_desk):
    sent = submit()
    normalized = codes.normalize(sent.pickup_code)
    old = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(normalized)
    HelpRequest.objects.update(pickup_hash=old)

    assert codes.verify(sent.pickup_code) == sent.request
    assert HelpRequest.objects.get().pickup_hash not in {old, ""}
    assert "m=19456,t=2,p=1" in HelpRequest.objects.get().pickup_hash


def test_codes_keep_working_after_the_secret_key_is_rotated(help_desk, settings):
    sent = submit()
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-brand-new-secret-key-after-rotation", [old_key]

    assert codes.verify(sent.pickup_code) == sent.request
    assert HelpRequest.objects.get().pickup_lookup == codes.lookup_digest(codes.normalize(sent.pickup_code))


def test_stored_fields_never_hold_the_code():
    fields = codes.stored_fields("K7QM-3XPA-9FRT-WH2C-8NVE")

    assert len(fields["pickup_lookup"]) == 64
    assert fields["pickup_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    for value in fields.values():
        assert "K7QM" not in value.upper()
