"""Screening a request for signs of acute danger, by a word list kept as data (UrgencyTerm).

Matching is on folded words (ä→a, case) and word beginnings, so "itsetuhoinen" matches the term
"itsetuho" and "hakkaa" typed as "hakkaa" or "HAKKAA" alike. Screening never blocks sending:
it only flags the request and shows the asker the emergency numbers at once.
"""

from perhekeskus.directory.text import fold, tokens

from .models import UrgencyTerm


def urgent_terms_in(text: str, terms: list[str]) -> bool:
    """Whether any term (a word, a word beginning or a phrase) occurs in the text."""
    words = tokens(text)
    joined = " " + " ".join(words) + " "
    for term in terms:
        term_words = tokens(term)
        if not term_words:
            continue
        if len(term_words) == 1:
            if any(word.startswith(term_words[0]) for word in words):
                return True
        elif " " + " ".join(term_words) in joined:
            return True
    return False


def is_urgent(text: str) -> bool:
    """Screen against every language's terms: people mix languages, and a flag too many is cheap."""
    return urgent_terms_in(text, [fold(t) for t in UrgencyTerm.objects.values_list("term", flat=True)])
