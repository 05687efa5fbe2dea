"""The index's vocabulary in memory: which terms a query word matches, and how well.

Every process keeps the terms (tens of thousands of short words even at national scale, a few MB)
with sorted views of them, and reloads them when the content version changes. A query word is
compared with `matching.match` only against the terms that could match it: those that start with one
of its stems or its first six letters, contain a stem, or are (or end in) one edit from a stem.
That set is a superset of what `match` accepts, so the answer is the same as comparing the word
with every term, at a cost that does not grow with the directory.
"""

import threading
from bisect import bisect_left
from collections import OrderedDict

from perhekeskus.directory.text import MIN_STEM, stems

from .matching import match

WORD_CACHE = 4096  # words whose matches a process remembers (per content version)


class Vocabulary:
    def __init__(self, version: int, terms: dict[str, int], match):
        self.version = version
        self.ids = terms
        self._match = match
        self._sorted = sorted(terms)
        self._reversed = sorted(t[::-1] for t in terms)
        # One string of all terms, so "contains" is a C-speed find instead of a Python loop.
        self._blob = "\n" + "\n".join(self._sorted) + "\n"
        self._starts = []
        offset = 1
        for term in self._sorted:
            self._starts.append(offset)
            offset += len(term) + 1
        self._letters = sorted({ch for term in terms for ch in term})
        self._cache: OrderedDict[str, dict[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def matches(self, word: str) -> dict[int, float]:
        """Term id -> how well `word` matches the term (only terms it matches)."""
        with self._lock:
            if word in self._cache:
                self._cache.move_to_end(word)
                return self._cache[word]
        found = {}
        for term in self.candidates(word):
            quality = self._match(word, {term})
            if quality:
                found[self.ids[term]] = quality
        with self._lock:
            self._cache[word] = found
            if len(self._cache) > WORD_CACHE:
                self._cache.popitem(last=False)
        return found

    def candidates(self, word: str) -> set[str]:
        """Every term `match(word, {term})` could accept, and some more."""
        found = {word} if word in self.ids else set()
        word_stems = stems(word)
        for stem in word_stems:
            if len(stem) >= MIN_STEM:
                found.update(self._prefixed(stem))
            if len(stem) >= 5:
                found.update(self._containing(stem))
        if len(word) >= 6:
            found.update(self._prefixed(word[:6]))
        if len(word) >= 5:
            for stem in word_stems[:3]:
                for near in self._one_edit(stem):
                    if near in self.ids:
                        found.add(near)
                    if len(stem) >= 5:
                        found.update(t for t in self._ending(near) if len(t) > len(near))
        return found

    def _prefixed(self, prefix: str) -> list[str]:
        start = bisect_left(self._sorted, prefix)
        end = start
        while end < len(self._sorted) and self._sorted[end].startswith(prefix):
            end += 1
        return self._sorted[start:end]

    def _ending(self, suffix: str) -> list[str]:
        backwards = suffix[::-1]
        start = bisect_left(self._reversed, backwards)
        found = []
        while start < len(self._reversed) and self._reversed[start].startswith(backwards):
            found.append(self._reversed[start][::-1])
            start += 1
        return found

    def _containing(self, part: str) -> set[str]:
        found, at = set(), self._blob.find(part)
        while at != -1:
            index = bisect_left(self._starts, at + 1) - 1
            found.add(self._sorted[index])
            # Go on after this term: one hit per term is enough.
            at = self._blob.find(part, self._starts[index] + len(self._sorted[index]))
        return found

    def _one_edit(self, word: str) -> set[str]:
        """Every string one deletion, swap, substitution or insertion (of a letter that occurs in
        some term) away from `word`, and the word itself."""
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        near = {word}
        near.update(a + b[1:] for a, b in splits if b)
        near.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
        near.update(a + ch + b[1:] for a, b in splits if b for ch in self._letters)
        near.update(a + ch + b for a, b in splits for ch in self._letters)
        return near


_current: Vocabulary | None = None
_loading = threading.Lock()


def current(version: int) -> Vocabulary:
    """This process's vocabulary for the given content version, loaded again when it changed."""
    global _current
    if _current is not None and _current.version == version:
        return _current
    with _loading:
        if _current is None or _current.version != version:
            from .models import Term

            _current = Vocabulary(version, dict(Term.objects.values_list("text", "pk")), match)
    return _current
