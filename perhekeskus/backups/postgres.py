"""PostgreSQL: pg_dump's custom format (-Fc) and pg_restore, run with Django's connection settings.

The connection is the one of DATABASES (DATABASE_URL). Its password travels to pg_dump and
pg_restore in PGPASSWORD, never on the command line, where `ps` would show it to every user.

The dump is taken in a snapshot exported by a REPEATABLE READ transaction (pg_export_snapshot), the
same one in which the row counts of the manifest are read, so that the counts and the dump describe
the same moment while the server writes. A restore first drops every table (the caller has made
sure that nothing is lost that the operator did not give up with --force), then pg_restore loads the
dump in one transaction that stops at the first error, without the dumped owners and grants, so
that a backup goes into a new server whose roles are named differently.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from .errors import BackupError

# Connection options of DATABASES[...]["OPTIONS"] that libpq reads from the environment.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "options": "PGOPTIONS",
}
TOOL_PREFIXES = ("pg_dump:", "pg_restore:")


def dump(connection: BaseDatabaseWrapper, target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Dump the database into `target`; the row count of every table and the latest applied
    migration of each app, all as of the dump's snapshot."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        tables = row_counts(connection)
        migrations = latest_migrations(connection) if "django_migrations" in tables else {}
        # The snapshot lives as long as this transaction: pg_dump runs inside it.
        _run(["pg_dump", "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={target}"], connection)
    return tables, migrations


def check_dump(payload: Path, connection: BaseDatabaseWrapper) -> None:
    """BackupError unless pg_restore can read the table of contents of the dump `payload`."""
    _run(["pg_restore", "--list", str(payload)], connection)


def restore(payload: Path, connection: BaseDatabaseWrapper) -> None:
    """Replace every table of the database with those of the dump `payload`."""
    drop_tables(connection)
    try:
        _load(payload, connection)
    except BackupError as error:
        raise BackupError(
            f"{error}\nThe database's tables were dropped before the load, which was undone: the database is "
            "now empty. Restore a backup into it before starting the service."
        ) from None


def _load(payload: Path, connection: BaseDatabaseWrapper) -> None:
    _run(
        [
            "pg_restore",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            "--no-password",
            f"--dbname={_conninfo_dbname(connection.settings_dict['NAME'])}",
            str(payload),
        ],
        connection,
    )


def drop_tables(connection: BaseDatabaseWrapper) -> None:
    """Drop every table and view that Django's introspection sees, with what depends on them."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        views = sorted(set(connection.introspection.table_names(cursor, include_views=True)) - set(tables))
        if views:
            cursor.execute("DROP VIEW IF EXISTS " + ", ".join(quote(view) for view in views) + " CASCADE")
        if tables:
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(quote(table) for table in tables) + " CASCADE")


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Every table with its number of rows, read in the current transaction."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608 -- a quoted table name
            counts[table] = cursor.fetchone()[0]
    return counts


def latest_migrations(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration of each app."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
        return dict(cursor.fetchall())


def environment(settings_dict: dict, base: dict[str, str]) -> dict[str, str]:
    """`base` (the process's environment) with libpq's variables for the connection of DATABASES."""
    env = dict(base)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in LIBPQ_OPTIONS.items():
        if options.get(option) not in (None, ""):
            env[variable] = str(options[option])
    return env


def _run(args: list[str], connection: BaseDatabaseWrapper) -> None:
    tool = args[0]
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} is not on PATH. Install the PostgreSQL client of the server's major version "
            "(Debian: apt-get install postgresql-client)."
        )
    completed = subprocess.run(  # noqa: S603 -- a fixed tool, arguments that are paths and names
        args,
        env=environment(connection.settings_dict, os.environ),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(
            f"{tool} failed (exit status {completed.returncode}):\n{_without_row_values(completed.stderr)}"
        )


def _without_row_values(stderr: str) -> str:
    """The tool's own lines of its error output. PostgreSQL's DETAIL, CONTEXT and `Command was`
    lines may quote the values of a row (a duplicate key, the line of a COPY), so they are left out."""
    lines = stderr.splitlines()
    kept = [line for line in lines if line.startswith(TOOL_PREFIXES) and "DETAIL:" not in line]
    if len(kept) < len(lines):
        kept.append(f"({len(lines) - len(kept)} line(s) of detail left out: they may quote row values)")
    return "\n".join(kept) or "(no message)"


def _conninfo_dbname(name: str) -> str:
    """`name` as a libpq connection string, so that no database name is read as one itself."""
    return "dbname='" + str(name).replace("\\", "\\\\").replace("'", "\\'") + "'"
