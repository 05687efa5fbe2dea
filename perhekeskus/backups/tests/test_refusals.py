"""What backup and restore refuse, each with a message for the operator and never a traceback:
an unencrypted backup without --plain, a file that is not a backup, a wrong key, a file cut
short or changed, a backup of the other engine. (A database holding data without --force is in
test_round_trip.py, on a real one.)

The refusals of a restore are decided before the database is touched, so most are run in this
process with call_command; the ones that show what an operator sees run manage.py itself.
"""

import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from pyrage import x25519

from perhekeskus.backups import archive, encryption

from .databases import manage, suite_engine

OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}


def write_backup(directory: Path, *, engine: str = "sqlite", to: str | None = None, name: str = "backup") -> Path:
    """A backup of a one-table database, as `backup` writes one (the payload of a PostgreSQL
    "backup" is not a real dump: the refusals tested here come before it is read)."""
    payload = directory / archive.PAYLOADS[engine]
    payload.write_bytes(b"not read by these tests" + os.urandom(64 * 1024))
    manifest = archive.Manifest(
        engine=engine, created_at="2026-12-03T12:00:00+00:00", migrations={}, tables={"note": 1}
    )
    plain = directory / f"{name}.tar.gz"
    with plain.open("wb") as out:
        archive.write(out, manifest, payload)
    if to is None:
        return plain
    encrypted = directory / f"{name}.age"
    with encrypted.open("wb") as out:
        encryption.encrypt(plain, out, encryption.recipients([to]))
    return encrypted


def tar_gz(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def restore(path: Path, *, identity: str = "", force: bool = False):
    with override_settings(BACKUP_AGE_IDENTITY=identity, BACKUP_AGE_IDENTITY_FILE=""):
        call_command("restore", str(path), force=force)


def cut_short(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def test_backup_writes_no_unencrypted_file_without_plain(databases, tmp_path):
    database = databases.new("tiny")
    database.execute("CREATE TABLE note (id integer PRIMARY KEY, body text)", "INSERT INTO note VALUES (1, 'x')")
    out = tmp_path / "out"
    out.mkdir()

    refused = manage("backup", str(out / "backup.age"), database=database)
    assert refused.returncode == 1
    assert "BACKUP_AGE_RECIPIENTS is not set" in refused.stderr and "--plain" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert list(out.iterdir()) == []

    plain = manage("backup", "--plain", str(out / "backup.tar.gz"), database=database)
    assert plain.returncode == 0, plain.stderr
    assert "NOT encrypted" in plain.stdout
    assert [path.name for path in out.iterdir()] == ["backup.tar.gz"]  # and no partial file beside it
    assert (out / "backup.tar.gz").stat().st_mode & 0o777 == 0o600
    with tarfile.open(out / "backup.tar.gz", "r:gz") as tar:
        assert tar.getnames() == ["manifest.json", archive.PAYLOADS[suite_engine()]]
        manifest = json.load(tar.extractfile("manifest.json"))
    assert (manifest["format"], manifest["engine"], manifest["tables"]) == (
        "perhekeskus-backup",
        suite_engine(),
        {"note": 1},
    )


def test_backup_refuses_a_recipient_that_is_not_an_age_public_key(tmp_path):
    with override_settings(BACKUP_AGE_RECIPIENTS=["age1notakey"]), pytest.raises(CommandError, match="key 1 of 1"):
        call_command("backup", str(tmp_path / "backup.age"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(os.urandom(4096), id="random bytes"),
        pytest.param(b"BEGIN;\nCREATE TABLE note (id integer);\nCOMMIT;\n", id="an SQL dump"),
        pytest.param({"etc/passwd": b"root:x:0:0"}, id="another tar.gz"),
        pytest.param({"manifest.json": b'{"format": "other-backup"}'}, id="another manifest"),
        pytest.param({"manifest.json": b"\xff\xfe not json"}, id="a manifest that is not JSON"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, content):
    path = tmp_path / "not-a-backup"
    if isinstance(content, dict):
        tar_gz(path, content)
    else:
        path.write_bytes(content)
    with pytest.raises(CommandError, match="is not a Perhekeskus backup"):
        restore(path)


def test_restore_refuses_a_key_the_backup_was_not_encrypted_to(tmp_path, age_key):
    _identity, recipient = age_key
    backup = write_backup(tmp_path, to=recipient)
    with pytest.raises(CommandError, match="was not encrypted to this identity"):
        restore(backup, identity=str(x25519.Identity.generate()))


def test_restore_of_an_encrypted_backup_asks_for_the_identity(tmp_path, age_key):
    backup = write_backup(tmp_path, to=age_key[1])
    with pytest.raises(CommandError, match="give the identity"):
        restore(backup)


def test_restore_reads_the_identity_from_a_file_as_age_keygen_writes_it(tmp_path, age_key):
    identity, recipient = age_key
    backup = write_backup(tmp_path, engine=OTHER_ENGINE[suite_engine()], to=recipient)
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"# created: 2026-12-03T12:00:00Z\n# public key: {recipient}\n{identity}\n")
    with (
        override_settings(BACKUP_AGE_IDENTITY="", BACKUP_AGE_IDENTITY_FILE=str(key_file)),
        pytest.raises(CommandError, match="is a backup made from"),  # decrypted, then refused for its engine
    ):
        call_command("restore", str(backup))


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain"])
def test_restore_refuses_a_backup_cut_short(tmp_path, age_key, encrypted):
    backup = cut_short(write_backup(tmp_path, to=age_key[1] if encrypted else None))
    with pytest.raises(CommandError, match="is damaged or incomplete"):
        restore(backup, identity=age_key[0])


def test_restore_refuses_a_backup_whose_database_was_changed(tmp_path):
    backup = write_backup(tmp_path)
    with tarfile.open(backup, "r:gz") as tar:
        members = {member.name: tar.extractfile(member).read() for member in tar.getmembers()}
    members["database.sqlite3"] = members["database.sqlite3"].replace(b"not read", b"NOT READ")
    with pytest.raises(CommandError, match="does not match its checksum"):
        restore(tar_gz(backup, members))


def test_restore_refuses_a_backup_of_the_other_engine(tmp_path):
    engine = suite_engine()
    backup = write_backup(tmp_path, engine=OTHER_ENGINE[engine])
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    message = f"is a backup made from {names[OTHER_ENGINE[engine]]} and this database is {names[engine]}"
    with pytest.raises(CommandError, match=message):
        restore(backup, force=True)


def test_restore_refuses_a_backup_of_a_newer_format(tmp_path):
    manifest = json.loads(archive.Manifest("sqlite", "2026-12-03T12:00:00+00:00", {}, {}).to_json())
    manifest["format_version"] = archive.FORMAT_VERSION + 1
    backup = tar_gz(tmp_path / "newer.tar.gz", {"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(CommandError, match="made by a newer release"):
        restore(backup)


def test_an_operator_sees_a_refusal_and_no_secret_or_traceback(tmp_path, age_key):
    identity, recipient = age_key
    backup = cut_short(write_backup(tmp_path, to=recipient))

    damaged = manage("restore", str(backup), env={"BACKUP_AGE_IDENTITY": identity})
    assert damaged.returncode == 1
    assert "CommandError:" in damaged.stderr and "damaged or incomplete" in damaged.stderr
    assert "Traceback" not in damaged.stderr

    bad_key = "AGE-SECRET-KEY-1NOTAKEY"
    wrong = manage("restore", str(backup), env={"BACKUP_AGE_IDENTITY": bad_key})
    assert wrong.returncode == 1
    assert "entry 1 is not an age secret key" in wrong.stderr
    assert bad_key not in wrong.stdout + wrong.stderr
    assert "Traceback" not in wrong.stderr
