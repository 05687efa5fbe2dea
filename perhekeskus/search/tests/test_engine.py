"""The first search engine over the demo directory."""

import pytest

from perhekeskus.directory.models import Service
from perhekeskus.search.engine import get_engine

pytestmark = pytest.mark.django_db


def top(query: str, n: int = 5) -> list[str]:
    hits = get_engine().rank(query, Service.objects.public())
    slugs = dict(Service.objects.values_list("pk", "slug"))
    return [slugs[h.service_id] for h in hits[:n]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("neuvolaan", {"lastenneuvola", "aitiysneuvola"}),
        ("perhekahvilat", {"avoimet-perhekahvilat", "jukola-kohtaamispaikka", "yhden-vanhemman-perheet-vertaiskahvit"}),
        ("paivakoti", {"varhaiskasvatus", "effica-edlevo"}),
        ("lastensuojeluilmoitus", {"lastensuojeluilmoitus"}),
        ("lastenneuvolasta", {"lastenneuvola"}),
        ("neuvlola", {"lastenneuvola", "aitiysneuvola"}),
        ("barnrådgivning", {"lastenneuvola"}),
        ("child health clinic", {"lastenneuvola"}),
    ],
)
def test_issue_examples_come_in_the_top_five(demo_data, query, expected):
    assert expected & set(top(query)), top(query)


def test_exact_name_ranks_first(demo_data):
    assert top("lastensuojeluilmoitus", 1) == ["lastensuojeluilmoitus"]


def test_ranking_is_deterministic(demo_data):
    assert top("perhe", 20) == top("perhe", 20)


@pytest.mark.parametrize("query", ["", "   ", "!!!", "x" * 10_000, "👶", '" OR 1=1 --'])
def test_odd_queries_give_sensible_results_or_none(demo_data, query):
    assert isinstance(top(query), list)
