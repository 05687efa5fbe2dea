"""Folding, tokens, stems and the one-edit check of the first search engine."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from perhekeskus.directory.text import MAX_QUERY_TOKENS, fold, query_tokens, stems, tokens, within_one_edit


def test_fold_removes_diacritics_and_case():
    assert fold("Päiväkoti ÅÖ") == "paivakoti ao"
    assert tokens("Lasten-neuvola, 24/7!") == ["lasten", "neuvola", "24", "7"]


def test_query_tokens_are_bounded_and_distinct():
    assert query_tokens("neuvola neuvola NEUVOLA") == ["neuvola"]
    assert len(query_tokens(" ".join(f"sana{i}" for i in range(100)))) == MAX_QUERY_TOKENS
    assert query_tokens("x" * 10_000) == ["x" * 200]
    assert query_tokens('"*NEAR:-') == ["near"]


def test_stems_strip_finnish_endings_but_keep_four_letters():
    assert "neuvola" in stems("neuvolaan")
    assert "lastenneuvola" in stems("lastenneuvolasta")
    assert "perhekahvila" in stems("perhekahvilat")
    assert "lastenvalvoja" in stems("lastenvalvojalle")
    assert all(len(s) >= 4 for s in stems("talot"))


def test_within_one_edit():
    assert within_one_edit("neuvlola", "neuvola")
    assert within_one_edit("perhekahvla", "perhekahvila")
    assert within_one_edit("nevuola", "neuvola")  # swap
    assert not within_one_edit("neuvola", "koulu")


@given(st.text(max_size=50), st.text(max_size=50))
def test_within_one_edit_is_symmetric(a, b):
    assert within_one_edit(a, b) == within_one_edit(b, a)


@given(st.text())
def test_folding_never_fails_and_yields_ascii_tokens_for_latin_text(text):
    for token in query_tokens(text):
        assert token == fold(token)


def test_keywords_on_separate_lines_stay_separate_words():
    assert tokens("terveydenhoitaja\nrokotus\r\nkoulu") == ["terveydenhoitaja", "rokotus", "koulu"]


def folded_one_by_one(text: str) -> str:
    # The definition, character by character, that the translate table must agree with.
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text if not unicodedata.combining(ch))


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_fold_equals_its_definition_for_any_text(text):
    assert fold(text) == folded_one_by_one(text)
    assert fold(text) == folded_one_by_one(text)  # again, from the remembered table
