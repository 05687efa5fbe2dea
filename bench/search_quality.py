"""Search quality side by side: our engine against two baselines, on the same data and queries.

For each database (SQLite, PostgreSQL) this script makes a fresh database, loads the demo data and
ranks the public services for every query of eval/search_dev.yaml with three engines:

- icontains: Django `icontains` over the names and descriptions in all three languages; a service
  matches when any query word is contained in any of them, ordered by the number of query words
  matched (most first), then the Finnish name and the slug;
- finnish: PostgreSQL's built-in `finnish` text search configuration, `to_tsvector('finnish', ...)`
  over the same six fields with `plainto_tsquery('finnish', q)`, ordered by `ts_rank` (highest
  first), then the Finnish name and the slug; PostgreSQL only (n/a on SQLite);
- ours: `perhekeskus.search.engine.get_engine().rank(q, Service.objects.public())`.

It prints recall@5 (share of queries with an expected slug in the top five) and MRR (mean of
1/rank of the first expected slug in the top ten, 0 when none), recall@5 per kind of query, and
the queries each engine misses (no expected slug in the top five).

    .venv/bin/python bench/search_quality.py                  # both databases
    .venv/bin/python bench/search_quality.py --db sqlite

The PostgreSQL database (perhekeskus_quality_<pid> on 127.0.0.1) is dropped at the end, also after
an error; the SQLite file lives in a temporary directory.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from serving import PYTHON, ROOT, drop_database, prepare_database

EVAL = ROOT / "eval" / "search_dev.yaml"
ENGINES = ["icontains", "finnish", "ours"]
DATABASES = ["sqlite", "postgres"]
FIELDS = ["name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en"]
TOP = 10  # MRR looks this deep; recall at 5


# --- in the child process, with DATABASE_URL set: rank every query with every engine ---------


def rank_icontains(query: str, services) -> list[str]:
    """Slugs of the services containing any query word in a name or description, most words first."""
    from django.db.models import Case, IntegerField, Q, Value, When

    words = list(dict.fromkeys(word for word in query.split() if word))
    if not words:
        return []
    contains = [Q.create([(f"{field}__icontains", word) for field in FIELDS], connector=Q.OR) for word in words]
    matched = sum(
        (Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField()) for q in contains),
        start=Value(0),
    )
    any_word = Q.create(contains, connector=Q.OR)
    ranked = services.filter(any_word).annotate(matched=matched).order_by("-matched", "name_fi", "slug")
    return list(ranked.values_list("slug", flat=True)[:TOP])


def rank_finnish(query: str, services) -> list[str]:
    """Slugs of the services matching plainto_tsquery('finnish', q), by ts_rank."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(*FIELDS, config="finnish")
    search = SearchQuery(query, config="finnish", search_type="plain")
    ranked = (
        services.annotate(document=vector, rank=SearchRank(vector, search))
        .filter(document=search)
        .order_by("-rank", "name_fi", "slug")
    )
    return list(ranked.values_list("slug", flat=True)[:TOP])


def rank_ours(query: str, services) -> list[str]:
    from perhekeskus.directory.models import Service
    from perhekeskus.search.engine import get_engine

    slugs = dict(Service.objects.values_list("pk", "slug"))
    return [slugs[hit.service_id] for hit in get_engine().rank(query, services)[:TOP]]


def measure() -> None:
    """Print {engine: [[slug, ...] per query] or null} as JSON for the database in DATABASE_URL."""
    sys.path.insert(0, str(ROOT))
    import django
    import yaml

    django.setup()
    from django.db import connection

    from perhekeskus.directory.models import Service

    queries = yaml.safe_load(EVAL.read_text(encoding="utf-8"))["queries"]
    rankers = {"icontains": rank_icontains, "finnish": rank_finnish, "ours": rank_ours}
    results = {}
    for engine in ENGINES:
        if engine == "finnish" and connection.vendor != "postgresql":
            results[engine] = None
            continue
        results[engine] = [rankers[engine](query["q"], Service.objects.public()) for query in queries]
    json.dump(results, sys.stdout)


# --- in the parent: fresh databases, one child per database, the table ----------------------


def rankings(kind: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare_database(kind, Path(tmp), "quality")
        try:
            out = subprocess.run(
                [PYTHON, str(Path(__file__).resolve()), "--measure"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode:
                sys.stderr.write(out.stderr)
                raise RuntimeError(f"measuring on {kind} failed")
            return json.loads(out.stdout)
        finally:
            drop_database(env)


def first_rank(ranked: list[str], expect: list[str]) -> int | None:
    return next((i for i, slug in enumerate(ranked, start=1) if slug in expect), None)


def score(queries: list[dict], ranked: list[list[str]]) -> dict:
    ranks = [first_rank(r, query["expect"]) for query, r in zip(queries, ranked, strict=True)]
    hit = [bool(rank and rank <= 5) for rank in ranks]
    by_kind = defaultdict(list)
    for query, h in zip(queries, hit, strict=True):
        by_kind[query["kind"]].append(h)
    return {
        "recall": sum(hit) / len(queries),
        "mrr": sum(1 / rank for rank in ranks if rank) / len(queries),
        "kinds": {kind: sum(hits) / len(hits) for kind, hits in by_kind.items()},
        "missed": [query["q"] for query, h in zip(queries, hit, strict=True) if not h],
    }


def report(queries: list[dict], figures: dict) -> None:
    columns = [(engine, kind) for engine in ENGINES for kind in figures]
    label = {column: f"{column[0]}/{column[1]}" for column in columns}
    width = max(12, *(len(text) for text in label.values()))

    print(f"Search quality over {EVAL.relative_to(ROOT)}: {len(queries)} queries, public demo services")
    print("recall@5 = share of queries with an expected slug in the top 5; MRR = mean 1/rank within the top 10\n")
    print(f"{'engine':<12}" + "".join(f"{kind:>22}" for kind in figures))
    print(f"{'':<12}" + "".join(f"{'recall@5':>12}{'MRR':>10}" for _ in figures))
    for engine in ENGINES:
        cells = ""
        for kind in figures:
            f = figures[kind][engine]
            cells += f"{'n/a':>12}{'n/a':>10}" if f is None else f"{f['recall']:>12.2f}{f['mrr']:>10.2f}"
        print(f"{engine:<12}{cells}")

    counts = defaultdict(int)
    for query in queries:
        counts[query["kind"]] += 1
    present = [c for c in columns if figures[c[1]][c[0]] is not None]
    print("\nrecall@5 by kind of query")
    print(f"{'kind':<26}{'n':>3}" + "".join(f"{label[c]:>{width + 2}}" for c in present))
    for kind in sorted(counts, key=lambda k: (-counts[k], k)):
        cells = "".join(f"{figures[c[1]][c[0]]['kinds'][kind]:>{width + 2}.2f}" for c in present)
        print(f"{kind:<26}{counts[kind]:>3}{cells}")

    print("\nmissed (no expected slug in the top 5)")
    for c in present:
        missed = figures[c[1]][c[0]]["missed"]
        print(f"  {label[c]} ({len(missed)}): {', '.join(missed) if missed else '-'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=[*DATABASES, "both"], default="both")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.measure:
        measure()
        return 0

    import yaml

    queries = yaml.safe_load(EVAL.read_text(encoding="utf-8"))["queries"]
    kinds = DATABASES if args.db == "both" else [args.db]
    figures = {}
    for kind in kinds:
        ranked = rankings(kind)
        figures[kind] = {engine: ranked[engine] and score(queries, ranked[engine]) for engine in ENGINES}
    report(queries, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
