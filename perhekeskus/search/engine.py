"""The search engine behind one small interface.

Callers ask `rank(query, candidates)` for service ids, best match first; nothing else of the
engine leaks out, so another engine replaces this one without touching views or the API. Settings
name the engine: SEARCH_ENGINE = "perhekeskus.search.engine.IndexEngine".

The engine reads the index kept in the database (`index.py`): the in-memory vocabulary says which
terms each query word matches and how well (`matching.match`), the postings of those terms say which
services hold them in which fields, and the services are scored from the postings alone. Its cost
follows the number of services that match, not the size of the directory.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from perhekeskus.directory.text import query_tokens, tokens

from . import index
from .matching import synonyms_of, word_qualities
from .vocabulary import current
from .weights import NAME_COVERAGE, WEIGHT_OF

TERMS_PER_QUERY = 900  # bound on the terms whose postings one query reads (and on SQL parameters)


@dataclass(frozen=True)
class Hit:
    service_id: int
    score: float


class IndexEngine:
    """Folding, a light Finnish stemmer, compound parts, one-edit typos and the thesaurus, over
    the index in the database."""

    def rank(self, query: str, candidates) -> list[Hit]:
        """Score the candidate services (a Service queryset) against the query, best first.

        Ties are broken by the Finnish name and then the slug so that results are stable.
        """
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


@cache
def get_engine():
    """The configured engine (one instance per process)."""
    return import_string(getattr(settings, "SEARCH_ENGINE", "perhekeskus.search.engine.IndexEngine"))()
