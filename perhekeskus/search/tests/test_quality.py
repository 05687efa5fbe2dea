"""The search quality gate: recall@5 and MRR over the development query set, on whichever
database the suite runs on (CI runs it on SQLite and on PostgreSQL).

eval/search_dev.yaml is a copy of ../shared/eval/search_dev.yaml (kept equal by a test below when
that folder is present), so the gate runs without ../shared.
"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from perhekeskus.directory.models import Service
from perhekeskus.search.engine import get_engine

EVAL = Path(settings.BASE_DIR) / "eval" / "search_dev.yaml"
SHARED = Path(settings.BASE_DIR).parent / "shared" / "eval" / "search_dev.yaml"
RECALL_AT_5, MRR = 0.95, 0.85


def measure(queries) -> tuple[float, float, list[str]]:
    """recall@5 and MRR (first hit within the top 10), and the queries that missed the top five."""
    slugs = dict(Service.objects.values_list("pk", "slug"))
    hits, reciprocal, missed = 0, 0.0, []
    for query in queries:
        ranked = [slugs[hit.service_id] for hit in get_engine().rank(query["q"], Service.objects.public())[:10]]
        rank = next((i for i, slug in enumerate(ranked, start=1) if slug in query["expect"]), None)
        if rank and rank <= 5:
            hits += 1
        else:
            missed.append(query["q"])
        reciprocal += 1 / rank if rank else 0.0
    return hits / len(queries), reciprocal / len(queries), missed


@pytest.mark.django_db
def test_the_development_set_passes_the_quality_gate(demo_data):
    queries = yaml.safe_load(EVAL.read_text(encoding="utf-8"))["queries"]

    recall, mrr, missed = measure(queries)

    assert len(queries) >= 40
    assert recall >= RECALL_AT_5, f"recall@5 {recall:.3f}; missed: {missed}"
    assert mrr >= MRR, f"MRR {mrr:.3f}"


def test_the_copy_of_the_query_set_equals_the_shared_one():
    if not SHARED.is_file():
        pytest.skip(f"no shared evaluation set at {SHARED} to compare the copy with")
    assert EVAL.read_bytes() == SHARED.read_bytes()
