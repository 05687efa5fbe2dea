"""The search engine behind one small interface.

Callers ask `rank(query, candidates)` for service ids, best match first; nothing else of the
engine leaks out, so a better engine (the search issue: an index in the database, Voikko, a
thesaurus) replaces this one without touching views or the API. Settings name the engine:
SEARCH_ENGINE = "perhekeskus.search.engine.SimpleEngine".

This first engine scores in Python over the candidate services. It is meant for directories of
hundreds of services, not the national scale the later engine serves.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .text import MIN_STEM, common_prefix, query_tokens, stems, tokens, within_one_edit

# Where a word matched, and how well: name over keywords over organisation over description;
# exact over stemmed over a compound part over a typo.
FIELD_WEIGHTS = {"name": 10.0, "keywords": 6.0, "organization": 3.0, "description": 2.0}
EXACT, STEMMED, COMPOUND_HEAD, COMPOUND_PART, TYPO = 1.0, 0.8, 0.75, 0.6, 0.4
# A synonym from the thesaurus counts a little below the word itself.
SYNONYM = 0.85
# A short name that the query covers ("Lastenneuvola" for "neuvolaan") beats a long name that
# merely mentions the word, as field-length normalisation does in BM25.
NAME_COVERAGE = 4.0
LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Hit:
    service_id: int
    score: float


class SimpleEngine:
    """Folding, a light Finnish stemmer, compound parts and one-edit typo tolerance."""

    def rank(self, query: str, candidates) -> list[Hit]:
        """Score the candidate services (a Service queryset) against the query, best first.

        Ties are broken by the Finnish name and then the slug so that results are stable.
        """
        words = query_tokens(query)
        if not words:
            return []
        alternatives = synonyms_of(words)
        rows = candidates.values_list(
            "pk",
            "slug",
            "name_fi",
            "name_sv",
            "name_en",
            "keywords_fi",
            "keywords_sv",
            "keywords_en",
            "description_fi",
            "description_sv",
            "description_en",
            "description_fi_plain",
            "organization__name_fi",
            "organization__name_sv",
            "organization__name_en",
        )
        scored = []
        for row in rows:
            fields = {
                "name": set(tokens(" ".join(row[2:5]))),
                "keywords": set(tokens(" ".join(row[5:8]))),
                "description": set(tokens(" ".join(row[8:12]))),
                "organization": set(tokens(" ".join(x or "" for x in row[12:15]))),
            }
            score, matched, name_hits = 0.0, 0, set()
            for word in words:
                best = max(
                    FIELD_WEIGHTS[f] * _match_or_synonym(word, alternatives[word], toks) for f, toks in fields.items()
                )
                if best:
                    matched += 1
                    score += best
                    name_hits.update(t for t in fields["name"] if _match(word, {t}))
            if matched:
                name_tokens = len(tokens(row[2])) or 1
                score += NAME_COVERAGE * min(1.0, len(name_hits & set(tokens(row[2]))) / name_tokens)
                # A result that matches every word of the query beats one that matches a part.
                score *= (matched / len(words)) ** 2
                scored.append((-score, row[2].casefold(), row[1], row[0]))
        scored.sort()
        return [Hit(service_id=pk, score=-neg) for neg, _name, _slug, pk in scored]


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
    return len(term) >= 4 and _match(word, {term}) >= STEMMED


def _match_or_synonym(word: str, alternatives: set[str], doc_tokens: set[str]) -> float:
    own = _match(word, doc_tokens)
    if own >= EXACT or not alternatives:
        return own
    return max(own, SYNONYM * max(_match(alt, doc_tokens) for alt in alternatives))


def _match(word: str, doc_tokens: set[str]) -> float:
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


@cache
def get_engine():
    """The configured engine (one instance per process)."""
    return import_string(getattr(settings, "SEARCH_ENGINE", "perhekeskus.search.engine.SimpleEngine"))()
