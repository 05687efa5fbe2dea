"""Finding organisations, places and activities by what people type: the services' matching over
a small index kept in memory. What there is to find is declared by the apps that own it
(search/registry.py), so this module imports none of them.

Nationally there are a few thousand organisations and places (1 262 and 5 853 in the generated
directory), and fewer activities, against tens of thousands of services, so their words are read into each process once
per content version instead of being kept in the database's index. They are matched word by word
exactly as services are (`matching.match`: endings, compound parts, one typo, the thesaurus, found
through the same `Vocabulary`), and every word of the query must match: the search narrows a list,
so weak matches are dropped when strong ones exist (see `rank`).
Order: the best field a word matched in (the name over the address, the municipality and the
organisation), then the Finnish name and the slug.
"""

import threading
from collections import defaultdict

from perhekeskus.directory.text import query_tokens, tokens

from . import registry
from .index import current_version
from .matching import match, synonyms_of, word_qualities
from .vocabulary import Vocabulary
from .weights import COMPOUND_HEAD, ROLE_WEIGHTS

MAX_TERM = 100  # as in the database index


class NameIndex:
    def __init__(self, version: int, documents: dict[int, tuple[tuple, list[tuple[float, str]]]]):
        """`documents`: pk -> (sort key, [(role, text), ...]), as a source reads them
        (directory/searchable.py); each role weighs as weights.ROLE_WEIGHTS says."""
        self.version = version
        terms: dict[str, int] = {}
        self.postings: dict[int, dict[int, float]] = defaultdict(dict)  # term id -> {pk: best weight}
        for pk, (_key, fields) in documents.items():
            for role, text in fields:
                weight = ROLE_WEIGHTS[role]
                for token in tokens(text or ""):
                    term = terms.setdefault(token[:MAX_TERM], len(terms))
                    if self.postings[term].get(pk, 0.0) < weight:
                        self.postings[term][pk] = weight
        self.sort_keys = {pk: key for pk, (key, _fields) in documents.items()}
        self.vocabulary = Vocabulary(version, terms, match)

    def rank(self, query: str) -> list[int]:
        """The ids whose words match every word of the query, best first."""
        words = query_tokens(query)
        if not words:
            return []
        alternatives = synonyms_of(words)
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        weakest: dict[int, float] = defaultdict(lambda: 1.0)  # the worst-matched word's quality
        for word in words:
            best: dict[int, float] = {}
            closest: dict[int, float] = {}
            for term, quality in word_qualities(self.vocabulary, word, alternatives[word]).items():
                for pk, weight in self.postings[term].items():
                    best[pk] = max(best.get(pk, 0.0), weight * quality)
                    closest[pk] = max(closest.get(pk, 0.0), quality)
            for pk, score in best.items():
                scores[pk] += score
                matched[pk] += 1
                weakest[pk] = min(weakest[pk], closest[pk])
        hits = [pk for pk, count in matched.items() if count == len(words)]
        # A list narrows: when some hit has every word itself or inflected, hits that have a word
        # only as a typo, a synonym's compound part or the first part of a compound ("kirkko" of
        # "kirkkomuskari") are left out; when none has, those are all there is and are kept.
        if any(weakest[pk] >= COMPOUND_HEAD for pk in hits):
            hits = [pk for pk in hits if weakest[pk] >= COMPOUND_HEAD]
        return sorted(hits, key=lambda pk: (-scores[pk], self.sort_keys[pk]))


_indexes: dict[str, NameIndex] = {}
_loading = threading.Lock()


def index_of(kind: str) -> NameIndex:
    """This process's index of one kind ("organizations", "places", "activities": whatever the
    apps declare, search/registry.py) for the current content version."""
    version = current_version()
    found = _indexes.get(kind)
    if found is None or found.version != version:
        with _loading:
            found = _indexes.get(kind)
            if found is None or found.version != version:
                found = _indexes[kind] = NameIndex(version, registry.source(kind).read())
    return found


def find(kind: str, query: str) -> list[int]:
    """The ids of `kind` whose words match every word of the query, best first."""
    return index_of(kind).rank(query)


def found_by_words(kind: str, query: str | None) -> list[int] | None:
    """`find` for a list that a query may narrow: None when there are no words to narrow by."""
    return find(kind, query) if query else None
