"""Making a backup: the database copied consistently, put in the backup file, encrypted, written.

The copy is taken while the server goes on writing (sqlite.py, postgres.py), packed with its
manifest (archive.py) and, unless the operator chose a plain backup, encrypted to the recipients
(encryption.py). The plain pieces live in a private temporary directory (TMPDIR, mode 0700) that
is removed at the end; the backup itself is written beside its final name and renamed only when
complete, so that no half backup is ever found under that name. It is readable by its owner only.
"""

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from django.db.backends.base.base import BaseDatabaseWrapper
from pyrage import x25519

from . import archive, encryption, postgres, sqlite
from .database import engine
from .errors import BackupError

FILE_MODE = 0o600


def make_backup(
    path: Path, *, connection: BaseDatabaseWrapper, recipients: list[x25519.Recipient] | None, at: datetime
) -> archive.Manifest:
    """Write a backup of the database of `connection` to `path`, encrypted to `recipients`
    (None: plain), stamped `at`; the manifest written."""
    vendor = engine(connection)
    if path.is_dir():
        raise BackupError(f"{path} is a directory; give the path of the backup file to write.")
    if not path.parent.is_dir():
        raise BackupError(f"The directory {path.parent} does not exist.")
    with tempfile.TemporaryDirectory(prefix="perhekeskus-backup-") as work:
        payload = Path(work) / archive.PAYLOADS[vendor]
        if vendor == "sqlite":
            database = str(connection.settings_dict["NAME"])
            sqlite.snapshot(database, payload)
            tables, migrations = sqlite.row_counts(payload), sqlite.latest_migrations(payload)
        else:
            tables, migrations = postgres.dump(connection, payload)
        manifest = archive.Manifest(
            engine=vendor,
            created_at=at.astimezone(UTC).isoformat(timespec="seconds"),
            migrations=migrations,
            tables=tables,
        )
        with _replacing(path) as out:
            if recipients is None:
                manifest = archive.write(out, manifest, payload)
            else:
                packed = Path(work) / "backup.tar.gz"
                with packed.open("wb") as plain:
                    manifest = archive.write(plain, manifest, payload)
                payload.unlink()  # the plain copy goes as soon as it is packed
                encryption.encrypt(packed, out, recipients)
    return manifest


@contextmanager
def _replacing(path: Path) -> Iterator[BinaryIO]:
    """An open file beside `path`, mode 0600, renamed to `path` when the block ends without error
    (replacing an older file of that name) and removed when it does not."""
    partial = path.with_name(f".{path.name}.partial-{secrets.token_hex(4)}")
    out = os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb")
    try:
        with out:
            os.fchmod(out.fileno(), FILE_MODE)  # whatever the umask
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a crash
    finally:
        os.close(directory)
