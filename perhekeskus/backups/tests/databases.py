"""Databases of the engine the suite runs on, made and dropped by the backup tests, and the
`manage.py` an operator runs against them.

The suite's engine is the one of DATABASES (DATABASE_URL): SQLite files in the test's temporary
directory, or PostgreSQL databases with unique names on the suite's server, created and dropped
here. Each is reached by the commands as an operator reaches it, through SQLITE_PATH or
DATABASE_URL in the environment of a `manage.py` process.
"""

import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

# What the test's own environment must not hand to the commands it runs.
NOT_PASSED_ON = {
    "DATABASE_URL",
    "SQLITE_PATH",
    "SQLITE_TEST_PATH",
    "REDIS_URL",
    "BACKUP_AGE_RECIPIENTS",
    "BACKUP_AGE_IDENTITY",
    "BACKUP_AGE_IDENTITY_FILE",
}


def suite_engine() -> str:
    return "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"


def manage(*args: str, database=None, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """`manage.py ARGS` in a process of its own, as an operator runs it, on `database`."""
    return run([sys.executable, "manage.py", *args], database=database, env=env, timeout=timeout)


def run(command: list[str], *, database=None, env: dict | None = None, timeout: int = 300):
    return subprocess.run(  # noqa: S603
        command,
        cwd=settings.BASE_DIR,
        env=environment(database, env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def environment(database=None, extra: dict | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_ON}
    env.update({"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "DEBUG": "1"})
    if database is not None:
        env.update(database.env)
    env.update(extra or {})
    return env


class SqliteDatabase:
    engine = "sqlite"

    def __init__(self, path: Path):
        self.path = path

    @property
    def env(self) -> dict[str, str]:
        return {"SQLITE_PATH": str(self.path)}

    def connect(self):
        return closing(sqlite3.connect(self.path))

    def execute(self, *statements: str) -> None:
        with self.connect() as connection:
            for statement in statements:
                connection.execute(statement)
            connection.commit()

    def copy(self, other: "SqliteDatabase") -> None:
        """Make `other` a copy of this database."""
        with self.connect() as source, other.connect() as target:
            source.backup(target)

    def drop(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


class PostgresDatabase:
    engine = "postgresql"

    def __init__(self, name: str):
        self.name = name

    @property
    def env(self) -> dict[str, str]:
        server = settings.DATABASES["default"]
        password = f":{quote(server['PASSWORD'], safe='')}" if server.get("PASSWORD") else ""
        host = server.get("HOST") or "localhost"
        port = server.get("PORT") or 5432
        return {"DATABASE_URL": f"postgres://{quote(server['USER'], safe='')}{password}@{host}:{port}/{self.name}"}

    def connect(self, name: str | None = None):
        import psycopg

        server = settings.DATABASES["default"]
        return psycopg.connect(
            dbname=name or self.name,
            user=server["USER"],
            password=server.get("PASSWORD") or None,
            host=server.get("HOST") or None,
            port=server.get("PORT") or None,
            autocommit=True,
        )

    def execute(self, *statements: str) -> None:
        with self.connect() as connection:
            for statement in statements:
                connection.execute(statement)

    def create(self, template: str | None = None) -> None:
        with self.connect("postgres") as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"' + (f' TEMPLATE "{template}"' if template else ""))

    def copy(self, other: "PostgresDatabase") -> None:
        other.create(template=self.name)

    def drop(self) -> None:
        with self.connect("postgres") as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Databases:
    """New databases of the suite's engine, dropped by `drop_all` (the fixture's teardown)."""

    def __init__(self, directory: Path):
        self.engine = suite_engine()
        self.directory = directory
        self.made: list = []
        self.run = uuid.uuid4().hex[:8]

    def new(self, label: str):
        """A new database without tables (SQLite: no file yet)."""
        if self.engine == "sqlite":
            database = SqliteDatabase(self.directory / f"{label}.sqlite3")
        else:
            database = PostgresDatabase(f"pkbackup_{self.run}_{label}")
            database.create()
        self.made.append(database)
        return database

    def copy(self, source, label: str):
        """A new database holding what `source` holds."""
        if self.engine == "sqlite":
            database = SqliteDatabase(self.directory / f"{label}.sqlite3")
        else:
            database = PostgresDatabase(f"pkbackup_{self.run}_{label}")
        source.copy(database)
        self.made.append(database)
        return database

    def drop_all(self) -> None:
        for database in self.made:
            database.drop()
