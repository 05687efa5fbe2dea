"""The search engine behind one small interface.

Callers ask `rank(query, candidates)` for service ids, best match first; nothing else of the
engine leaks out, so another engine replaces this one without touching views or the API. Settings
name the engine: SEARCH_ENGINE = "perhekeskus.search.engine.IndexEngine".

The engine reads the index kept in the database (`index.py`): the in-memory vocabulary says which
terms each query word matches and how well (`match`), the postings of those terms say which
services hold them in which fields, and the services are scored from the postings alone. Its cost
follows the number of services that match, not the size of the directory.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from perhekeskus.directory.text import MIN_STEM, common_prefix, query_tokens, stems, tokens, within_one_edit

from . import index

# Where a word matched, and how well: name over keywords over organisation over description;
# exact over stemmed over a compound part over a typo.
FIELD_WEIGHTS = {
    index.NAME_FI: 10.0,
    index.NAME: 10.0,
    index.KEYWORDS: 6.0,
    index.ORGANIZATION: 3.0,
    index.DESCRIPTION: 2.0,
}
EXACT, STEMMED, COMPOUND_HEAD, COMPOUND_PART, TYPO = 1.0, 0.8, 0.75, 0.6, 0.4
# A synonym from the thesaurus counts a little below the word itself.
SYNONYM = 0.85
# A short name that the query covers ("Lastenneuvola" for "neuvolaan") beats a long name that
# merely mentions the word, as field-length normalisation does in BM25.
NAME_COVERAGE = 4.0
TERMS_PER_QUERY = 900  # bound on the terms whose postings one query reads (and on SQL parameters)


@dataclass(frozen=True)
class Hit:
    service_id: int
    score: float


def best_weight(bits: int) -> float:
    return max((weight for bit, weight in FIELD_WEIGHTS.items() if bits & bit), default=0.0)


# The weight of every possible field mask, computed once.
WEIGHT_OF = [best_weight(bits) for bits in range(32)]


class IndexEngine:
    """Folding, a light Finnish stemmer, compound parts, one-edit typos and the thesaurus, over
    the index in the database."""

    def rank(self, query: str, candidates) -> list[Hit]:
        """Score the candidate services (a Service queryset) against the query, best first.

        Ties are broken by the Finnish name and then the slug so that results are stable.
        """
        from .vocabulary import current

        words = query_tokens(query)
        if not words:
            return []
        vocabulary = current(index.current_version())
        alternatives = synonyms_of(words)
        qualities = [word_qualities(vocabulary, word, alternatives[word]) for word in words]
        # Terms a word matches directly (not through a synonym) count for the name's coverage.
        direct = set().union(*(vocabulary.matches(word) for word in words))
        term_ids = sorted(set().union(*qualities), key=lambda t: -max(q.get(t, 0) for q in qualities))
        term_ids = term_ids[:TERMS_PER_QUERY]
        if not term_ids:
            return []
        from .models import Posting

        postings = defaultdict(list)
        names = {}
        rows = Posting.objects.filter(term_id__in=term_ids, service__in=candidates.values("pk")).values_list(
            "service_id", "term_id", "fields", "service__name_fi", "service__slug"
        )
        for service_id, term_id, bits, name_fi, slug in rows:
            postings[service_id].append((term_id, bits))
            names[service_id] = (name_fi, slug)
        scored = []
        for service_id, held in postings.items():
            score, matched = 0.0, 0
            for found_for_word in qualities:
                best = max((WEIGHT_OF[bits] * found_for_word.get(term, 0.0) for term, bits in held), default=0.0)
                if best:
                    matched += 1
                    score += best
            if not matched:
                continue
            name_fi, slug = names[service_id]
            name_hits = sum(1 for term, bits in held if bits & index.NAME_FI and term in direct)
            score += NAME_COVERAGE * min(1.0, name_hits / (name_length(name_fi) or 1))
            # A result that matches every word of the query beats one that matches a part.
            score *= (matched / len(words)) ** 2
            scored.append((-score, name_fi.casefold(), slug, service_id))
        scored.sort()
        return [Hit(service_id=pk, score=-neg) for neg, _name, _slug, pk in scored]


@lru_cache(maxsize=65536)
def name_length(name: str) -> int:
    """The number of words in a name; a broad query scores thousands of names, the same ones again."""
    return len(tokens(name))


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


@cache
def get_engine():
    """The configured engine (one instance per process)."""
    return import_string(getattr(settings, "SEARCH_ENGINE", "perhekeskus.search.engine.IndexEngine"))()
