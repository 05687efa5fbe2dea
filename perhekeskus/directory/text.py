"""Text as people type it: folding, tokens and a light Finnish stemmer.

Parents type on phones: without ä/ö, in inflected forms ("neuvolaan", "perhekahvilat"), with a
typo now and then. Folding makes "päiväkoti" and "paivakoti" the same token; `stems` strips the
commonest Finnish case and plural endings so that an inflected query meets its base form.
"""

import re
import unicodedata

# Lengths are bounded so that a 10 000-character query costs no more than a sensible one.
MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 8
MIN_STEM = 4

_TOKEN = re.compile(r"[a-z0-9]+")

# Finnish case endings and plural markers, longest first, as they look after folding.
_SUFFIXES = sorted(
    {
        "ssa",
        "sta",
        "lla",
        "lta",
        "lle",
        "ksi",
        "tta",
        "na",
        "ta",
        "an",
        "en",
        "in",
        "on",
        "un",
        "yn",
        "aan",
        "een",
        "iin",
        "oon",
        "uun",
        "seen",
        "siin",
        "hin",
        "han",
        "hen",
        "issa",
        "ista",
        "illa",
        "ilta",
        "ille",
        "iksi",
        "ina",
        "ien",
        "jen",
        "ja",
        "ia",
        "it",
        "t",
        "a",
        "n",
        "e",
        "i",
        "ineen",
        "inen",
        "iset",
        "isen",
        "isten",
        "lleni",
        "ni",
        "si",
        "nsa",
        "mme",
        "nne",
    },
    key=len,
    reverse=True,
)


class _FoldTable(dict):
    """For str.translate: combining marks dropped, control characters made spaces, the rest kept;
    each character looked up once (folding every name of a national directory is hot). Only the
    alphabets below U+3000 are remembered, so odd input cannot grow the table without bound."""

    def __missing__(self, code: int):
        ch = chr(code)
        value = None if unicodedata.combining(ch) else " " if unicodedata.category(ch)[0] == "C" else code
        if code < 0x3000:
            self[code] = value
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lowercase and strip diacritics (ä→a, ö→o, å→a, é→e); control characters (line breaks between
    keywords among them) separate words like spaces, never glue them together."""
    return unicodedata.normalize("NFKD", text.casefold()).translate(_FOLD)


def tokens(text: str) -> list[str]:
    """The folded words of a text (letters and digits; punctuation and emoji separate words)."""
    return _TOKEN.findall(fold(text))


def query_tokens(query: str) -> list[str]:
    """The distinct tokens of a query, bounded in number, in the order typed."""
    seen: list[str] = []
    for token in tokens(query[:MAX_QUERY_CHARS]):
        if token not in seen:
            seen.append(token)
        if len(seen) == MAX_QUERY_TOKENS:
            break
    return seen


def stems(token: str) -> list[str]:
    """The token and its candidate stems (an ending removed), longest first, none shorter than 4."""
    found = [token]
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= MIN_STEM:
            stem = token[: -len(suffix)]
            if stem not in found:
                found.append(stem)
    return found


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    # b is one longer: find the first difference and skip it in b.
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
