"""Every number the ranking is made of, in one place: how much a field counts, how well a kind of
match counts, and what the thesaurus and a short name add. The services' engine (engine.py) and
the index of organisations, places and activities (names.py) both rank with these.
"""

from . import index

# Where a word matched in a service: name over keywords over organisation over description.
FIELD_WEIGHTS = {
    index.NAME_FI: 10.0,
    index.NAME: 10.0,
    index.KEYWORDS: 6.0,
    index.ORGANIZATION: 3.0,
    index.DESCRIPTION: 2.0,
}

# Where a word matched in an organisation, a place or an activity, by the role its app gives the
# text (directory/searchable.py): the name over the address, the town and the organisation.
ROLE_WEIGHTS = {
    "name": 10.0,
    "address": 4.0,
    "place": 3.0,
    "owner": 3.0,
    "description": 2.0,
}

# How well a word matched: exact over stemmed over the head of a compound over another compound
# part over a typo.
EXACT, STEMMED, COMPOUND_HEAD, COMPOUND_PART, TYPO = 1.0, 0.8, 0.75, 0.6, 0.4
# A synonym from the thesaurus counts a little below the word itself.
SYNONYM = 0.85
# A short name that the query covers ("Lastenneuvola" for "neuvolaan") beats a long name that
# merely mentions the word, as field-length normalisation does in BM25.
NAME_COVERAGE = 4.0


def best_weight(bits: int) -> float:
    """The weight of the best field in a posting's field mask."""
    return max((weight for bit, weight in FIELD_WEIGHTS.items() if bits & bit), default=0.0)


# The weight of every possible field mask, computed once.
WEIGHT_OF = [best_weight(bits) for bits in range(2 ** len(FIELD_WEIGHTS))]
