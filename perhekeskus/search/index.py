"""The search index kept in the database: every folded word of a service's texts, with the fields
it occurs in, so a query reads the postings of the words it matches instead of every service.

Kept up to date by signals (`signals.py`) when a service or its organisation changes; rebuilt as a
whole by `manage.py rebuild_search_index`, by the migration that creates it and after
`bench/generate_directory.py`. Same tables and the same results on SQLite and PostgreSQL.
"""

import secrets
import time
from collections.abc import Iterable

from django.apps import apps as global_apps
from django.core.cache import cache
from django.db import connection, transaction

from perhekeskus.directory.text import tokens

NAME_FI, NAME, KEYWORDS, ORGANIZATION, DESCRIPTION = 1, 2, 4, 8, 16
# The service's own columns, by the field bit their words are indexed under.
SERVICE_COLUMNS = (
    (NAME_FI, ("name_fi",)),
    (NAME, ("name_sv", "name_en")),
    (KEYWORDS, ("keywords_fi", "keywords_sv", "keywords_en")),
    (DESCRIPTION, ("description_fi", "description_sv", "description_en", "description_fi_plain")),
)
ORGANIZATION_COLUMNS = ("organization__name_fi", "organization__name_sv", "organization__name_en")
COLUMNS = ("pk", *(c for _bit, cols in SERVICE_COLUMNS for c in cols), *ORGANIZATION_COLUMNS)
MAX_TERM = 100  # Term.text's length; a longer "word" (a pasted hash, say) is cut, never refused
BATCH = 5000


def fields_of(row: tuple) -> dict[str, int]:
    """The terms of one service (a row of COLUMNS) with the bit mask of the fields they occur in."""
    found: dict[str, int] = {}
    values = iter(row[1:])
    for bit, cols in SERVICE_COLUMNS:
        for _col in cols:
            for token in tokens(next(values) or ""):
                found[token[:MAX_TERM]] = found.get(token[:MAX_TERM], 0) | bit
    for _col in ORGANIZATION_COLUMNS:
        for token in tokens(next(values) or ""):
            found[token[:MAX_TERM]] = found.get(token[:MAX_TERM], 0) | ORGANIZATION
    return found


def index_services(service_ids: Iterable[int]) -> None:
    """Re-index these services (deleted ones lose their postings) and raise the content version."""
    Service, Term, Posting = _models(global_apps)
    ids = list(service_ids)
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            Posting.objects.filter(service_id__in=chunk).delete()
            _write(Term, Posting, Service.objects.filter(pk__in=chunk).values_list(*COLUMNS))
        bump_version()


def rebuild(apps=global_apps, *, report=None) -> dict[str, float]:
    """Rebuild the whole index in one transaction: postings are written in bulk, terms no service
    uses any more are dropped. Returns counts and the seconds it took."""
    Service, Term, Posting = _models(apps)
    started = time.monotonic()
    with transaction.atomic():
        Posting.objects.all().delete()
        Term.objects.all().delete()
        rows = Service.objects.order_by("pk").values_list(*COLUMNS).iterator(chunk_size=BATCH)
        postings = _write(Term, Posting, rows, report=report)
        bump_version(apps)
    return {
        "services": Service.objects.count(),
        "terms": Term.objects.count(),
        "postings": postings,
        "seconds": time.monotonic() - started,
    }


def bump_version(apps=global_apps) -> None:
    """Give the content a new version, so cached vocabularies and responses are not used.

    A random number rather than a counter: a transaction that is rolled back after raising a
    counter would let the next change reuse its number, and a process that saw the rolled-back
    content under that number would keep it."""
    IndexState = apps.get_model("search", "IndexState")
    version = secrets.randbits(62)
    if not IndexState.objects.filter(pk=1).update(version=version):
        IndexState.objects.update_or_create(pk=1, defaults={"version": version})
    # Forget the cached copy now (this transaction reads its own change) and again after the
    # commit (another process may have cached the old version meanwhile).
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


VERSION_KEY = "search:content-version"
VERSION_SECONDS = 10  # how long a process without a shared cache may read an old version


def current_version() -> int:
    """The content version, read from the cache (one round trip, no SQL) when it is there."""
    version = cache.get(VERSION_KEY)
    if version is None:
        IndexState = global_apps.get_model("search", "IndexState")
        version = IndexState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
        cache.set(VERSION_KEY, version, VERSION_SECONDS)
    return version


def _models(apps):
    return apps.get_model("directory", "Service"), apps.get_model("search", "Term"), apps.get_model("search", "Posting")


def _write(Term, Posting, rows, *, report=None) -> int:
    """Write the postings of the services in `rows`, adding new terms; returns the postings written."""
    known: dict[str, int] = {}  # term ids met so far in this run
    written, batch = 0, []
    for row in rows:
        batch.append((row[0], fields_of(row)))
        if len(batch) == BATCH:
            written += _write_batch(Term, Posting, known, batch)
            batch = []
            if report:
                report(written)
    if batch:
        written += _write_batch(Term, Posting, known, batch)
    return written


def _write_batch(Term, Posting, known: dict[str, int], batch: list[tuple[int, dict[str, int]]]) -> int:
    needed = sorted({term for _pk, found in batch for term in found} - known.keys())
    for start in range(0, len(needed), 500):
        known.update(Term.objects.filter(text__in=needed[start : start + 500]).values_list("text", "pk"))
    new = [term for term in needed if term not in known]
    if new:
        # ignore_conflicts: a term another transaction added meanwhile is simply read back.
        Term.objects.bulk_create([Term(text=t) for t in new], batch_size=500, ignore_conflicts=True)
        for start in range(0, len(new), 500):
            known.update(Term.objects.filter(text__in=new[start : start + 500]).values_list("text", "pk"))
    rows = [(known[term], pk, bits) for pk, found in batch for term, bits in found.items()]
    table = connection.ops.quote_name(Posting._meta.db_table)
    with connection.cursor() as cursor:
        # Plain executemany: bulk_create would build a model object for each of millions of rows.
        sql = f"INSERT INTO {table} (term_id, service_id, fields) VALUES (%s, %s, %s)"  # noqa: S608 (our table name)
        cursor.executemany(sql, rows)
    return len(rows)
