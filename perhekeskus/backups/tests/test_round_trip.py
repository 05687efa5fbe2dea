"""THE test of backup and restore: a database holding the demo data is backed up while help
requests keep arriving, restored with the commands an operator runs into fresh databases, and
compared with the source table by table, on the engine the suite runs on."""

import subprocess
import sys
import time

import pytest
from django.conf import settings

from perhekeskus.demo import demo_paths

from .databases import environment, manage
from .tables import differences, read_tables

REQUESTS = "help_requests_helprequest"
WRITTEN = {REQUESTS, "help_requests_auditevent"}  # what the write load inserts into
LOAD_SECONDS = 60


def row_count(database, table: str) -> int:
    with database.connect() as connection:
        return connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def wait_for_more_rows(database, table: str, than: int) -> int:
    deadline = time.monotonic() + LOAD_SECONDS
    while (count := row_count(database, table)) <= than:
        assert time.monotonic() < deadline, f"the write load wrote nothing to {table} in {LOAD_SECONDS} s"
        time.sleep(0.05)
    return count


def succeeded(completed: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed


@pytest.mark.slow(
    reason="migrates and loads the demo data into a database of its own, then runs a write load, a backup and "
    "four restores as processes of their own: 30-60 s"
)
def test_a_backup_made_under_write_load_restores_every_table(databases, age_key, tmp_path):
    identity, recipient = age_key
    migrated = databases.new("migrated")
    succeeded(manage("migrate", "--noinput", database=migrated))
    source = databases.copy(migrated, "source")
    freshly_migrated = databases.copy(migrated, "freshly_migrated")
    succeeded(manage("load_data", *map(str, demo_paths()), database=source))

    stop = tmp_path / "stop-the-load"
    load = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "perhekeskus.backups.tests.write_load", str(stop)],
        cwd=settings.BASE_DIR,
        env=environment(source),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        started = wait_for_more_rows(source, REQUESTS, than=row_count(source, REQUESTS) + 5)
        backup = tmp_path / "perhekeskus.age"
        made = manage("backup", str(backup), database=source, env={"BACKUP_AGE_RECIPIENTS": recipient})
        ended = row_count(source, REQUESTS)
        wait_for_more_rows(source, REQUESTS, than=ended)  # still writing after the backup
    finally:
        stop.touch()
        load_out, load_err = load.communicate(timeout=LOAD_SECONDS)
    assert load.returncode == 0, load_err
    succeeded(made)
    assert ended > started, "the load wrote nothing while the backup ran"
    assert (backup.stat().st_mode & 0o777) == 0o600
    assert backup.read_bytes().startswith(b"age-encryption.org/v1\n")
    source_tables = read_tables(source)
    assert source_tables[REQUESTS][1], "the source has no help requests to compare"

    # Into a database without tables: the disaster case, a new server.
    empty = databases.new("empty")
    restored = succeeded(manage("restore", str(backup), database=empty, env={"BACKUP_AGE_IDENTITY": identity}))
    assert "no migrate needed" in restored.stdout
    tables = read_tables(empty)
    assert differences(source_tables, tables, written=WRITTEN) == []
    requests = tables[REQUESTS][1]
    assert started <= len(requests) <= ended, "the backup is not of a moment while it ran"
    assert len(requests) < len(source_tables[REQUESTS][1])
    # One moment for every table: each restored request has its audit event, and no event is of a
    # request that was not restored.
    events = tables["help_requests_auditevent"]
    ref = events[0].index("request_ref")
    assert {row[ref] for row in events[1] if row[ref] is not None} == {row[0] for row in requests}

    # Into a freshly migrated database: what migrate writes is no one's data, so no --force.
    succeeded(manage("restore", str(backup), database=freshly_migrated, env={"BACKUP_AGE_IDENTITY": identity}))
    assert differences(source_tables, read_tables(freshly_migrated), written=WRITTEN) == []

    # A database holding data is replaced only with --force, and then wholly.
    empty.execute(f"UPDATE {REQUESTS} SET text = 'muutettu'")
    refused = manage("restore", str(backup), database=empty, env={"BACKUP_AGE_IDENTITY": identity})
    assert refused.returncode == 1
    assert "holds data" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    succeeded(manage("restore", "--force", str(backup), database=empty, env={"BACKUP_AGE_IDENTITY": identity}))
    assert differences(source_tables, read_tables(empty), written=WRITTEN) == []
