"""How well a query word matches a word of the texts: folding is done (directory/text.py), so
this is about Finnish endings, compound parts, consonant gradation, one typo and the thesaurus.

The one matching rule of every search: the services' (engine.py, through the vocabulary), the
organisations', places' and activities' (names.py). The qualities it returns are in weights.py.
"""

from perhekeskus.directory.text import MIN_STEM, common_prefix, stems, within_one_edit

from .weights import COMPOUND_HEAD, COMPOUND_PART, EXACT, STEMMED, SYNONYM, TYPO


def word_qualities(vocabulary, word: str, alternatives: set[str]) -> dict[int, float]:
    """Term id -> how well the word matches it, itself or through a synonym (a little below)."""
    found = dict(vocabulary.matches(word))
    for alternative in alternatives:
        for term, quality in vocabulary.matches(alternative).items():
            if SYNONYM * quality > found.get(term, 0.0):
                found[term] = SYNONYM * quality
    return found


def synonyms_of(words: list[str]) -> dict[str, set[str]]:
    """For each query word, the other terms of the thesaurus groups one of whose terms it matches
    ("erotilanteessa" matches "erotilanne": "ero", "avioero" ...). Compounds count by their first
    part too ("paivakotihakemus" starts with "paivakoti")."""
    from .models import SynonymGroup

    groups = [[t for t in group.term_list if " " not in t] for group in SynonymGroup.objects.all()]
    found: dict[str, set[str]] = {word: set() for word in words}
    for word in words:
        for terms in groups:
            if any(_is_term(word, term) for term in terms):
                found[word].update(t for t in terms if t != word)
    return found


def _is_term(word: str, term: str) -> bool:
    if word == term:
        return True
    if len(term) >= 5 and word.startswith(term):
        return True
    return len(term) >= 4 and match(word, {term}) >= STEMMED


def match(word: str, doc_tokens: set[str]) -> float:
    """How well one query word matches a set of document tokens (0 when it does not)."""
    if word in doc_tokens:
        return EXACT
    best = 0.0
    word_stems = stems(word)
    for token in doc_tokens:
        for stem in word_stems:
            if token.startswith(stem) and len(stem) >= MIN_STEM:
                # "neuvolaan" -> "neuvola" matches "neuvola"; a prefix of a longer compound
                # ("perhe" of "perhekahvila") counts as a compound part.
                quality = STEMMED if len(token) - len(stem) <= 3 else COMPOUND_PART
                best = max(best, quality)
                break
            if len(stem) >= 5 and stem in token:
                # "neuvola" ends "lastenneuvola": the last part of a Finnish compound is its head.
                head = token.endswith(stem) or len(token) - token.rindex(stem) - len(stem) <= 3
                best = max(best, COMPOUND_HEAD if head else COMPOUND_PART)
                break
        if best >= STEMMED:
            return best
        # Consonant gradation: "erotilanteessa" ~ "erotilanne" share a long prefix and differ in
        # short tails. A token that is all prefix of the query word is only its first part.
        shared = common_prefix(word, token)
        if len(token) >= 6 and shared >= max(6, int(0.75 * len(token))):
            if shared < len(token) and len(token) - shared <= 3 and len(word) - shared <= 7:
                best = max(best, STEMMED)
            elif shared == len(token):
                best = max(best, COMPOUND_PART)
        elif best < TYPO and len(word) >= 5 and len(token) >= 4 and _typo(word, token):
            best = TYPO
    return best


def _typo(word: str, token: str) -> bool:
    """One edit in words of five letters or more, also against the stem of the query word and
    against the last part of a compound ("neuvlola" ~ "lasten|neuvola")."""
    for stem in stems(word)[:3]:
        if within_one_edit(stem, token):
            return True
        for size in (len(stem) - 1, len(stem), len(stem) + 1):
            if len(stem) >= 5 and 0 < size < len(token) and within_one_edit(stem, token[-size:]):
                return True
    return False
