"""Which database errors mean "try again shortly" (a 503), and the log line at most once a minute.

The faults are the database's own (faults.py); the table of PostgreSQL's codes, which this
machine cannot all produce (a full disk, a shutdown), builds the errors as Django does: its own
class with the driver's error as the cause.
"""

import logging

import psycopg.errors
import pytest
from django.db import Error, IntegrityError, InternalError, OperationalError, ProgrammingError, connection

from perhekeskus.directory import unavailable
from perhekeskus.directory.models import Area
from perhekeskus.directory.unavailable import database_unavailable, log_unavailable

from .faults import TRANSACTIONAL, database_down, disk_full, read_only

# Faults end transactions and connections; the rule's table needs no database.
transactional, pytestmark = TRANSACTIONAL


def _error_of(write) -> Error:
    with pytest.raises(Error) as caught:
        write()
    return caught.value


def _new_area(name: str = "Kemi"):
    return lambda: Area.objects.create(slug=f"kunta-{len(name)}", name_fi=name, kind="municipality")


@transactional
def test_a_write_to_a_read_only_database_is_unavailable():
    with read_only():
        error = _error_of(_new_area())

    assert database_unavailable(error)
    assert not Area.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a full disk is made on SQLite only")
@transactional
def test_a_write_to_a_full_database_is_unavailable():
    with disk_full():
        error = _error_of(_new_area("K" * 5000))  # longer than a page

    assert "full" in str(error)
    assert database_unavailable(error)


@transactional
def test_a_database_that_is_down_is_unavailable():
    with database_down():
        error = _error_of(lambda: Area.objects.count())

    assert database_unavailable(error)
    assert Area.objects.count() == 0  # and back once it is up


@transactional
def test_bugs_are_not_unavailability():
    def missing_table():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    _new_area()()
    duplicate = _error_of(_new_area())
    missing = _error_of(missing_table)

    assert isinstance(duplicate, IntegrityError) and not database_unavailable(duplicate)
    assert not database_unavailable(missing)  # SQLite says OperationalError, PostgreSQL ProgrammingError


def _as_django_raises(django_class, driver_error) -> Error:
    error = django_class(*driver_error.args)
    error.__cause__ = driver_error
    return error


@pytest.mark.parametrize(
    ("django_class", "driver_class", "unavailable"),
    [
        (OperationalError, psycopg.errors.DiskFull, True),
        (OperationalError, psycopg.errors.AdminShutdown, True),
        (OperationalError, psycopg.errors.CannotConnectNow, True),
        (OperationalError, psycopg.errors.TooManyConnections, True),
        (OperationalError, psycopg.errors.DeadlockDetected, True),
        (OperationalError, psycopg.errors.LockNotAvailable, True),
        (OperationalError, psycopg.OperationalError, True),  # refused before any server answered
        (InternalError, psycopg.errors.ReadOnlySqlTransaction, True),
        (InternalError, psycopg.errors.InFailedSqlTransaction, False),  # a caller that went on after an error
        (OperationalError, psycopg.errors.ProgramLimitExceeded, False),
        (ProgrammingError, psycopg.errors.UndefinedTable, False),
        (IntegrityError, psycopg.errors.UniqueViolation, False),
    ],
)
def test_postgresql_codes(django_class, driver_class, unavailable):
    assert database_unavailable(_as_django_raises(django_class, driver_class("message"))) is unavailable


def test_errors_other_than_the_databases_are_not_unavailability():
    assert not database_unavailable(ValueError("no"))
    assert not database_unavailable(RuntimeError("database is locked"))


def test_one_line_a_minute_stands_for_the_faults_since_the_last():
    throttle = unavailable._Throttle()

    assert [throttle.due(at) for at in (1000.0, 1001.0, 1059.0, 1061.0, 1062.0)] == [0, None, None, 2, None]


@transactional
def test_the_fault_is_logged_once_without_the_request(caplog, monkeypatch):
    monkeypatch.setattr(unavailable, "_throttle", unavailable._Throttle())
    with database_down():
        error = _error_of(lambda: Area.objects.filter(name_fi="Salainen haku").count())
    caplog.set_level(logging.ERROR, logger="perhekeskus.directory.unavailable")

    for _ in range(3):
        log_unavailable(error, path="/pyyda-apua/kuitti/")

    [line] = [record.getMessage() for record in caplog.records]
    assert "Database unavailable on /pyyda-apua/kuitti/" in line and "Retry-After 30 s" in line
    assert "Salainen" not in caplog.text
