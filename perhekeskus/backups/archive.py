"""The backup file: a gzip-compressed tar holding `manifest.json` first and the database after it.

The manifest says what the payload is: the format's name and version (a restore refuses a file
that is not ours, or one of a newer format), the engine (an SQLite payload cannot go into
PostgreSQL, nor the other way), when the backup was made, the latest applied migration of each app
(so that a restore can tell whether the code is newer), the row count of every table (compared
after the restore) and the payload's SHA-256 (checked before the database is touched). The payload
is `database.sqlite3`, an SQLite database file, or `database.pgdump`, pg_dump's custom format.

An encrypted backup is this same tar inside an age file (encryption.py), so that `age -d` and
`tar -xz` open one by hand.
"""

import gzip
import hashlib
import io
import json
import shutil
import tarfile
import time
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import BackupError

FORMAT = "perhekeskus-backup"
FORMAT_VERSION = 1
PAYLOADS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MANIFEST_NAME = "manifest.json"
MANIFEST_MAX_BYTES = 1 << 20
COMPRESS_LEVEL = 6  # tarfile's default of 9 is several times slower for a few per cent

NOT_A_BACKUP = "{path} is not a Perhekeskus backup."
DAMAGED = "{path} is damaged or incomplete (cut short while copying?): {what}."

_READ_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error)


@dataclass(frozen=True)
class Manifest:
    """What a backup holds (manifest.json): the engine, the moment, migrations and row counts."""

    engine: str  # "sqlite" or "postgresql", a key of PAYLOADS
    created_at: str  # ISO 8601 in UTC
    migrations: dict[str, str]  # app label -> name of its latest applied migration
    tables: dict[str, int]  # table -> rows
    payload_sha256: str = ""
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def payload_name(self) -> str:
        return PAYLOADS[self.engine]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, sort_keys=True).encode()


def parse_manifest(data: bytes, *, path: Path) -> Manifest:
    """The manifest in `data`; BackupError if it is not one of ours or is of a newer format."""
    try:
        fields = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(NOT_A_BACKUP.format(path=path)) from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise BackupError(NOT_A_BACKUP.format(path=path))
    version = fields.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(DAMAGED.format(path=path, what="its manifest has no format version"))
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{path} is of backup format {version}, made by a newer release; this release reads format "
            f"{FORMAT_VERSION}. Restore it with the release that made it."
        )
    try:
        manifest = Manifest(
            engine=fields["engine"],
            created_at=fields["created_at"],
            migrations=dict(fields["migrations"]),
            tables={str(table): int(rows) for table, rows in fields["tables"].items()},
            payload_sha256=fields["payload_sha256"],
            format_version=version,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BackupError(DAMAGED.format(path=path, what="its manifest lacks a field")) from None
    if manifest.engine not in PAYLOADS:
        raise BackupError(DAMAGED.format(path=path, what=f"unknown database engine {manifest.engine!r}"))
    return manifest


def write(out: BinaryIO, manifest: Manifest, payload: Path) -> Manifest:
    """Write the backup of `payload` to `out`; the manifest as written, with the payload's hash."""
    manifest = Manifest(**{**asdict(manifest), "payload_sha256": _sha256(payload)})
    now = int(time.time())
    with tarfile.open(fileobj=out, mode="w:gz", compresslevel=COMPRESS_LEVEL, format=tarfile.PAX_FORMAT) as tar:
        data = manifest.to_json()
        tar.addfile(_member(MANIFEST_NAME, len(data), now), io.BytesIO(data))
        with payload.open("rb") as source:
            tar.addfile(_member(manifest.payload_name, payload.stat().st_size, now), source)
    return manifest


def read(path: Path, workdir: Path) -> tuple[Manifest, Path]:
    """The manifest of the backup at `path` and its payload, copied into `workdir` and checked
    against the manifest's hash. Only the two expected members are read, by name, so that nothing
    in the file decides where anything is written."""
    ours = False  # once the first member is a manifest, an error is damage, not a foreign file
    try:
        with tarfile.open(path, mode="r|gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST_NAME or not first.isfile() or first.size > MANIFEST_MAX_BYTES:
                raise BackupError(NOT_A_BACKUP.format(path=path))
            ours = True
            manifest = parse_manifest(_extract(tar, first).read(), path=path)
            member = tar.next()
            if member is None or member.name != manifest.payload_name or not member.isfile():
                raise BackupError(DAMAGED.format(path=path, what="the database is missing"))
            payload = workdir / manifest.payload_name
            with payload.open("wb") as target:
                shutil.copyfileobj(_extract(tar, member), target, 1 << 20)
    except _READ_ERRORS as error:
        if not ours:
            raise BackupError(NOT_A_BACKUP.format(path=path)) from None
        raise BackupError(DAMAGED.format(path=path, what=_reason(error))) from None
    if _sha256(payload) != manifest.payload_sha256:
        raise BackupError(DAMAGED.format(path=path, what="the database does not match its checksum"))
    return manifest, payload


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo) -> BinaryIO:
    extracted = tar.extractfile(member)
    if extracted is None:  # isfile() was checked, so this is a damaged member
        raise tarfile.ReadError(f"no content for {member.name}")
    return extracted


def _reason(error: Exception) -> str:
    if isinstance(error, EOFError | tarfile.ReadError):
        return "it ends too early"
    if isinstance(error, gzip.BadGzipFile | zlib.error):
        return "its compressed data is corrupt"
    return type(error).__name__


def _member(name: str, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o600
    return info


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
