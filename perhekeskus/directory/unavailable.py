"""When the database cannot do what was asked: the one rule of which errors mean "try again shortly".

A database that is restarting, stopped, read-only or out of disk is no bug in the page that met
it: the person gets a 503 with Retry-After and what they typed kept, never a 500, and nothing is
acknowledged that was not stored. Programming errors (a missing table or column, bad SQL) and
integrity errors are bugs or handled where they occur, and stay errors. The site's middleware
(site/unavailable.py), the help-request pages and the API all ask `database_unavailable`, and
all of them log through `log_unavailable`, at most once a minute per process.
"""

import logging
import sqlite3
import threading
import time

from django.db import Error, InterfaceError, InternalError, OperationalError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# What a 503 asks the client to wait: about what a PostgreSQL restart or a failover takes.
RETRY_AFTER_SECONDS = 30
LOG_EVERY_SECONDS = 60

UNAVAILABLE_MESSAGE = _(
    "Palvelu ei juuri nyt pysty tallentamaan eikä lukemaan tietoja. Mitään ei tallennettu. "
    "Yritä hetken päästä uudelleen. Hätätilanteessa soita 112."
)

# PostgreSQL's SQLSTATEs of a database that cannot take the work now but may in a moment:
# 08 the connection, 40 a serialization failure or deadlock, 53 resources (53100 disk full, too
# many connections, out of memory), 57 the operator (shutdown, starting up, a statement timeout),
# 58 the system (I/O); 25006 a read-only transaction (a standby, or default_transaction_read_only)
# and 55P03 a lock not available. Classes such as 42 (syntax, undefined table) or 54 (a program
# limit) are bugs.
POSTGRESQL_CLASSES = frozenset({"08", "40", "53", "57", "58"})
POSTGRESQL_STATES = frozenset({"25006", "55P03"})

# SQLite's primary result codes of the same kind. SQLITE_ERROR (1, "no such table", a syntax
# error) and SQLITE_CORRUPT are not among them: retrying does not help.
SQLITE_CODES = frozenset(
    {
        sqlite3.SQLITE_BUSY,  # "database is locked", after the busy timeout
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_READONLY,  # "attempt to write a readonly database"
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,  # "database or disk is full"
        sqlite3.SQLITE_CANTOPEN,  # "unable to open database file"
        sqlite3.SQLITE_PROTOCOL,
    }
)


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` (as Django raises it, the driver's error as its cause) means that the
    database cannot do the work now but may shortly: lost or refused connections, locks,
    read-only, disk full. False for everything else, database bugs included."""
    if isinstance(error, InterfaceError):  # the connection is closed or broken
        return True
    if not isinstance(error, OperationalError | InternalError):
        return False
    driver = error.__cause__
    sqlstate = getattr(driver, "sqlstate", None)
    if sqlstate:
        return sqlstate in POSTGRESQL_STATES or sqlstate[:2] in POSTGRESQL_CLASSES
    code = getattr(driver, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in SQLITE_CODES
    # No code: the connection failed before any server answered (refused, timed out, lost).
    return isinstance(error, OperationalError)


class _Throttle:
    """At most one log line a minute per process, saying how many faults it stands for."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.logged_at: float | None = None
        self.unlogged = 0

    def due(self, now: float) -> int | None:
        """The count of faults since the last line if a line is due now, else None."""
        with self.lock:
            if self.logged_at is not None and now - self.logged_at < LOG_EVERY_SECONDS:
                self.unlogged += 1
                return None
            since, self.logged_at, self.unlogged = self.unlogged, now, 0
            return since


_throttle = _Throttle()


def log_unavailable(error: Error, *, path: str) -> None:
    """Log a database fault met on `path`, at most once a minute per process: the error's class,
    its code and the first line of the database's message, never anything of the request."""
    since = _throttle.due(time.monotonic())
    if since is None:
        return
    driver = error.__cause__ or error
    code = getattr(driver, "sqlstate", None) or getattr(driver, "sqlite_errorname", None) or "-"
    message = (str(driver).strip().splitlines() or [""])[0][:200]
    logger.error(
        "Database unavailable on %s (%s %s: %s); answering 503 with Retry-After %d s "
        "(%d more since the last line; logged at most once a minute)",
        path,
        type(driver).__name__,
        code,
        message,
        RETRY_AFTER_SECONDS,
        since,
    )


def unavailable_response(response):
    """`response` (a 503) as the answer to a fault that `log_unavailable` has logged: Retry-After,
    no-store, and no line of its own in Django's request log, which would otherwise write one per
    request (the throttled line stands for them)."""
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # Django's own flag: django.utils.log.log_response skips it
    return response
