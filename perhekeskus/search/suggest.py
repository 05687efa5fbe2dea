"""When a search finds nothing: "did you mean" from the words the directory itself uses, and a
count of the query (without personal data) for the coordinator."""

import re
import threading
from difflib import get_close_matches

from django.db.models import F
from django.utils import timezone

from perhekeskus.directory.text import MAX_QUERY_TOKENS, query_tokens, tokens

from .index import current_version
from .models import MissedQuery, SynonymGroup

MIN_WORD = 4


def vocabulary(services) -> set[str]:
    """The words of the public services' names and keywords, and of the thesaurus."""
    words = set()
    for row in services.values_list("name_fi", "name_sv", "name_en", "keywords_fi", "keywords_sv", "keywords_en"):
        words.update(t for t in tokens(" ".join(x or "" for x in row)) if len(t) >= MIN_WORD)
    for group in SynonymGroup.objects.all():
        words.update(t for term in group.term_list for t in term.split() if len(t) >= MIN_WORD)
    return words


_known: tuple[int, frozenset[str]] | None = None
_loading = threading.Lock()


def known_words() -> frozenset[str]:
    """The vocabulary of the public services, read once per content version in each process (a
    national directory has tens of thousands of names to read, and misspellings come often)."""
    global _known
    version = current_version()
    if _known is None or _known[0] != version:
        from perhekeskus.directory.models import Service

        with _loading:
            if _known is None or _known[0] != version:
                _known = (version, frozenset(vocabulary(Service.objects.public())))
    return _known[1]


def did_you_mean(query: str) -> str | None:
    """The query with each unknown word replaced by the nearest known word, or None."""
    words = query_tokens(query)
    if not words:
        return None
    known = known_words()
    corrected, changed = [], False
    for word in words:
        if word in known or len(word) < MIN_WORD:
            corrected.append(word)
            continue
        nearest = get_close_matches(word, known, n=1, cutoff=0.75)
        if nearest:
            corrected.append(nearest[0])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def record_miss(query: str) -> None:
    """Count a query that found nothing: folded words only, digits masked, at most 100 characters."""
    words = [re.sub(r"\d", "#", word) for word in query_tokens(query)[:MAX_QUERY_TOKENS]]
    text = " ".join(words)[:100]
    if not text:
        return
    today = timezone.localdate()
    updated = MissedQuery.objects.filter(query=text).update(count=F("count") + 1, last_seen=today)
    if not updated:
        MissedQuery.objects.get_or_create(query=text, defaults={"count": 1, "first_seen": today, "last_seen": today})
