"""Backups encrypted at rest with age (age-encryption.org/v1), through pyrage.

The server that makes backups holds only public keys (BACKUP_AGE_RECIPIENTS, `age1...`): it can
write a backup but not read one, so that neither a copy of the server's disk nor a lost backup
disk gives a help request away. The identity (the secret key, `AGE-SECRET-KEY-1...`) is kept by
the IT admins who restore, and is given to `restore` only (BACKUP_AGE_IDENTITY or
BACKUP_AGE_IDENTITY_FILE). age is a standard format: `age -d -i key.txt backup.age` opens a backup
without this code. Both directions stream, so that memory does not grow with the database.
"""

from pathlib import Path
from typing import BinaryIO

import pyrage
from pyrage import x25519

from .errors import BackupError

AGE_HEADERS = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")


def is_encrypted(path: Path) -> bool:
    """Whether the file at `path` is an age file (binary or armored), judged by its first bytes."""
    with path.open("rb") as source:
        start = source.read(max(len(header) for header in AGE_HEADERS))
    return any(start.startswith(header) for header in AGE_HEADERS)


def recipients(keys: list[str]) -> list[x25519.Recipient]:
    """The age public keys in `keys` (BACKUP_AGE_RECIPIENTS); BackupError naming a bad one."""
    parsed = []
    for number, key in enumerate(keys, start=1):
        try:
            parsed.append(x25519.Recipient.from_str(key))
        except pyrage.RecipientError:
            raise BackupError(
                f"BACKUP_AGE_RECIPIENTS: key {number} of {len(keys)} is not an age public key (age1...)."
            ) from None
    return parsed


def identities(*, key: str, key_file: str) -> list[x25519.Identity]:
    """The age secret keys of BACKUP_AGE_IDENTITY (comma-separated) or the file named by
    BACKUP_AGE_IDENTITY_FILE (one key a line, `#` comments, as `age-keygen` writes it).

    A bad key is reported by its place, never shown.
    """
    if key:
        source, lines = "BACKUP_AGE_IDENTITY", key.split(",")
    elif key_file:
        source = f"BACKUP_AGE_IDENTITY_FILE ({key_file})"
        try:
            lines = Path(key_file).read_text().splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise BackupError(f"{source} cannot be read: {error.__class__.__name__}.") from None
    else:
        raise BackupError(
            "The backup is encrypted: give the identity (the secret key) in BACKUP_AGE_IDENTITY or the "
            "path of its file in BACKUP_AGE_IDENTITY_FILE."
        )
    parsed = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            parsed.append(x25519.Identity.from_str(line))
        except pyrage.IdentityError:
            raise BackupError(f"{source}: entry {number} is not an age secret key (AGE-SECRET-KEY-1...).") from None
    if not parsed:
        raise BackupError(f"{source} holds no age secret key.")
    return parsed


def encrypt(source: Path, target: BinaryIO, to: list[x25519.Recipient]) -> None:
    """Encrypt the file `source` into the open file `target`, readable by each of `to`."""
    with source.open("rb") as plain:
        pyrage.encrypt_io(plain, target, to)


def decrypt(source: Path, target: Path, keys: list[x25519.Identity]) -> None:
    """Decrypt the age file `source` into `target`. age authenticates every chunk and the end, so
    a wrong key, a changed byte or a file cut short stops it with BackupError; what was written
    to `target` before that is then not to be used."""
    with source.open("rb") as encrypted, target.open("wb") as plain:
        try:
            pyrage.decrypt_io(encrypted, plain, keys)
        except pyrage.DecryptError as error:
            if "no matching keys" in str(error).lower():
                raise BackupError(
                    f"{source} was not encrypted to this identity: the key in BACKUP_AGE_IDENTITY(_FILE) does "
                    "not open it."
                ) from None
            raise BackupError(f"{source} is damaged or incomplete: its age header cannot be read.") from None
        except OSError as error:
            if error.errno is not None:  # the disk, not the file: full, or not writable
                raise BackupError(f"Cannot decrypt into {target.parent}: {error.strerror}.") from None
            # pyrage reports a chunk that fails to authenticate (a changed byte, or a file cut
            # short) as an OSError without an errno.
            raise BackupError(
                f"{source} is damaged or incomplete (cut short while copying?): it does not decrypt."
            ) from None
