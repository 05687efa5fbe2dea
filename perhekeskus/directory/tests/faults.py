"""Real database faults for tests, on SQLite and PostgreSQL alike: read-only, full, down.

Each is the database's own refusal, not a mock: SQLite's `query_only` and `max_page_count`, and
PostgreSQL's `default_transaction_read_only`; "down" points the connection at a database that is
not there. Use them in transactional tests (`TRANSACTIONAL`): a test's own transaction would
hide how a fault ends a transaction on PostgreSQL, and closing the connection would end it. Every
fault is cleared when its block ends, so that the test can post again.
"""

import socket
import sqlite3
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection

# The marks of a module of such tests: each starts with the migrations' data (the role groups),
# and the module puts it back at its end for the tests after it (perhekeskus/conftest.py).
TRANSACTIONAL = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migration_data"),
]

SQLITE_LARGEST_MAX_PAGE_COUNT = 4294967294


@contextmanager
def read_only():
    """Every write fails: "attempt to write a readonly database" (SQLite) or SQLSTATE 25006
    "cannot execute INSERT in a read-only transaction" (PostgreSQL). Reads work."""
    if connection.vendor == "sqlite":
        on, off = "PRAGMA query_only = ON", "PRAGMA query_only = OFF"
    else:
        on, off = "SET SESSION default_transaction_read_only = on", "SET SESSION default_transaction_read_only = off"
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)


@contextmanager
def disk_full():
    """SQLite only: the database may not grow and its free pages are used up, so that a write
    that needs a page fails with "database or disk is full". (A small row may still fit in a
    page that has room, as on a full disk; a text longer than a page never does.)"""
    assert connection.vendor == "sqlite", "a full disk is made on SQLite only"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE test_fault_filler (filler BLOB)")
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.execute("PRAGMA page_size")
        size = cursor.fetchone()[0] * (pages + 1)
        while size >= 64:  # use up the free pages, halving what does not fit
            try:
                cursor.execute("INSERT INTO test_fault_filler VALUES (zeroblob(%s))", [size])
            except OperationalError:
                size //= 2
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {SQLITE_LARGEST_MAX_PAGE_COUNT}")
            cursor.execute("DROP TABLE test_fault_filler")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nobody listens there once the probe is closed


@contextmanager
def database_down():
    """The database cannot be reached: a SQLite file in a directory that does not exist, or a
    PostgreSQL port where nobody listens. The first query of each request fails to connect."""
    settings = connection.settings_dict
    key = "NAME" if connection.vendor == "sqlite" else "PORT"
    kept, keeper = settings[key], None
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The in-memory test database lives as long as a connection to it is open.
        keeper = sqlite3.connect(kept, uri=True)
    settings[key] = "/nonexistent-directory/perhekeskus.sqlite3" if key == "NAME" else str(_closed_port())
    connection.close()
    try:
        yield
    finally:
        connection.close()
        settings[key] = kept
        connection.ensure_connection()
        if keeper is not None:
            keeper.close()
