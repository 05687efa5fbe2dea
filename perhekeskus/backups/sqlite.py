"""SQLite: the database file copied page by page through SQLite's online backup API.

`Connection.backup(pages=-1)` copies every page in one step, inside one read transaction. In WAL
mode (the embedded setup) the server's writers go on meanwhile, and the copy is the database as
it was when the step began; copied in several steps, a write in between would make SQLite start
the copy over. The same API writes a backup into the target on restore, under the target's write
lock, so that a reader never sees half a database.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from .errors import BackupError

BUSY_TIMEOUT_SECONDS = 20  # as long as the application's own connections wait for a lock


def snapshot(database: str, target: Path) -> None:
    """Copy the database at `database` into the new file `target`, self-contained (no -wal file)
    and checked by SQLite's quick_check."""
    if not Path(database).is_file():
        raise BackupError(f"There is no SQLite database at {database} (SQLITE_PATH).")
    with closing(_connect(database)) as source, closing(_connect(str(target))) as copy:
        _copy(source, copy)
        _query(copy, "PRAGMA journal_mode=DELETE")  # one file, whatever the source's journal mode
        [(verdict,)] = _query(copy, "PRAGMA quick_check")
    if verdict != "ok":
        raise BackupError(f"The copy of {database} fails SQLite's quick_check ({verdict}); no backup was written.")


def restore(snapshot: Path, database: str) -> None:
    """Replace the whole content of the database at `database` (created if missing) with `snapshot`."""
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    with closing(_connect(str(snapshot))) as source, closing(_connect(database)) as target:
        _copy(source, target)


def row_counts(database: str | Path) -> dict[str, int]:
    """Every table of the database at `database` with its number of rows ({} for no file)."""
    if not Path(database).is_file():
        return {}
    with closing(_connect(str(database))) as connection:
        tables = _query(
            connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "ORDER BY name",
        )
        return {
            table: _query(connection, f"SELECT count(*) FROM {_quoted(table)}")[0][0]  # noqa: S608 -- a quoted name
            for (table,) in tables
        }


def latest_migrations(database: str | Path) -> dict[str, str]:
    """The latest applied migration of each app in the database at `database` ({} if none)."""
    with closing(_connect(str(database))) as connection:
        if not _query(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"):
            return {}
        return dict(_query(connection, "SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app"))


def _connect(path: str) -> sqlite3.Connection:
    try:
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as error:
        raise BackupError(f"Cannot open the SQLite database {path}: {error}.") from None


def _query(connection: sqlite3.Connection, sql: str) -> list:
    try:
        return connection.execute(sql).fetchall()
    except sqlite3.Error as error:
        raise BackupError(f"Cannot read the SQLite database: {error}.") from None


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    try:
        source.backup(target, pages=-1)
    except sqlite3.Error as error:
        # SQLite's messages name the problem (locked, not a database, disk full), never a row.
        raise BackupError(f"SQLite could not copy the database: {error}.") from None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
