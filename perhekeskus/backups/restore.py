"""Restoring a backup: everything checked first, then the database replaced, then compared.

Before the database is touched the file is decrypted whole (age authenticates it to the end),
its manifest read, its payload checked against the manifest's hash, its engine compared with the
database's, and the database looked at: one that holds data is replaced only with `force`. After
the restore every table's row count is compared with the manifest's.
"""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper

from . import archive, encryption, postgres, sqlite, versions
from .database import ENGINES, engine, tables_with_data
from .errors import BackupError


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did: the backup's manifest, the tables as restored, and the migrations."""

    manifest: archive.Manifest
    encrypted: bool
    tables: dict[str, int]
    migrations: versions.MigrationGap

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def restore_backup(
    path: Path, *, connection: BaseDatabaseWrapper, identity: str, identity_file: str, force: bool
) -> RestoreReport:
    """Replace the database of `connection` with the backup at `path`, decrypted with the age
    `identity` (or the one in `identity_file`) if it is encrypted; a database that holds data
    only with `force`. Returns a RestoreReport; raises BackupError and changes nothing when the
    file or the database is not as it should be."""
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    vendor = engine(connection)
    with tempfile.TemporaryDirectory(prefix="perhekeskus-restore-") as work:
        encrypted = encryption.is_encrypted(path)
        packed = path
        if encrypted:
            keys = encryption.identities(key=identity, key_file=identity_file)
            packed = Path(work) / "backup.tar.gz"
            encryption.decrypt(path, packed, keys)
        manifest, payload = archive.read(packed, Path(work))
        if packed != path:
            packed.unlink()
        if manifest.engine != vendor:
            raise BackupError(
                f"{path} is a backup made from {ENGINES[manifest.engine]} and this database is "
                f"{ENGINES[vendor]}: restore it into {ENGINES[manifest.engine]} "
                f"({'SQLITE_PATH, without DATABASE_URL' if manifest.engine == 'sqlite' else 'DATABASE_URL=postgres://...'})."
            )
        if vendor == "postgresql":
            postgres.check_dump(payload, connection)
        data = tables_with_data(_row_counts(connection))
        if data and not force:
            raise BackupError(
                f"The database holds data ({sum(data.values())} row(s) in {len(data)} table(s) that migrate does "
                "not fill): restore replaces all of it only with --force. Make a backup of it first if it may "
                "still be needed."
            )
        if vendor == "sqlite":
            connection.close()  # Django's own connection must not hold the file while it is replaced
            sqlite.restore(payload, str(connection.settings_dict["NAME"]))
        else:
            postgres.restore(payload, connection)
    restored = _row_counts(connection)
    if restored != manifest.tables:
        differing = sorted(t for t in set(restored) | set(manifest.tables) if restored.get(t) != manifest.tables.get(t))
        raise BackupError(
            f"The restored database does not match the backup's manifest in {len(differing)} table(s): "
            f"{', '.join(differing[:10])}. Do not start the service on it; restore again, or an older backup."
        )
    return RestoreReport(
        manifest=manifest, encrypted=encrypted, tables=restored, migrations=versions.compare(manifest.migrations)
    )


def _row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    if connection.vendor == "sqlite":
        return sqlite.row_counts(str(connection.settings_dict["NAME"]))
    return postgres.row_counts(connection)
