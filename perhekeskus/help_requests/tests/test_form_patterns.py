"""The regular expressions the API's schema gives for a help request's text and phone number say
what the form accepts: a value matches if and only if the form takes it (issue 16)."""

import re

from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from perhekeskus.help_requests.forms import PHONE_MAX_CHARS, HelpRequestForm, MessageTextField, phone_pattern

# Whitespace of every kind (Python's and JSON Schema's), controls, format characters, and text.
EDGES = list("\t\n\r\x0b\x0c\x1c\x1f\x85\xa0 \u2028\u3000\u200b\u200e\ufeff\u00ad\x00\x07\x7f\x9fa-+0ä")
# The BMP only: beyond it the pattern cannot name the format characters (see forms._ranges).
BMP = st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"])
TEXTS = st.text(st.sampled_from(EDGES) | BMP, max_size=30)
PHONES = st.text(st.sampled_from([*EDGES, *"0123456789"]), max_size=45)


def text_accepted(value: str) -> bool:
    try:
        MessageTextField().clean(value)
    except ValidationError:
        return False
    return True


def phone_accepted(value: str) -> bool:
    form = HelpRequestForm({"text": "Kysymys", "contact_method": "phone", "contact_phone": value})
    return form.is_valid() or "contact_phone" not in form.errors


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_the_text_pattern_matches_exactly_the_texts_the_form_accepts(value):
    assert bool(re.fullmatch(MessageTextField.pattern(), value)) is text_accepted(value), repr(value)


@settings(max_examples=400, deadline=None)
@given(PHONES)
def test_the_phone_pattern_and_length_match_exactly_the_numbers_the_form_accepts(value):
    matches = bool(re.fullmatch(phone_pattern(), value)) and len(value) <= PHONE_MAX_CHARS

    assert matches is phone_accepted(value), repr(value)


def test_the_patterns_say_it_for_the_cases_a_schemathesis_run_found():
    text, phone = MessageTextField.pattern(), phone_pattern()

    assert not re.fullmatch(text, "") and not re.fullmatch(text, " \u200b\n") and not re.fullmatch(text, "a\x00")
    assert re.fullmatch(text, " \x1cKysymys\r\n") and text_accepted(" \x1cKysymys\r\n")
    assert re.fullmatch(phone, "+358 40 123 4567") and re.fullmatch(phone, " 040-123\u00854567 ")
    assert not re.fullmatch(phone, "040 12") and not re.fullmatch(phone, "+ 040 123 4567")
    assert not phone_accepted("000000" + "\x85" * 35)  # folded it is six digits, as typed 41 characters
