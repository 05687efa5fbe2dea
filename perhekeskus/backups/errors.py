"""The one error of a backup or a restore that cannot go on."""


class BackupError(Exception):
    """A backup or restore stopped; the message says why and what to do, for the operator.

    Messages name files, tables, engines and counts, never a row's content or a key.
    """
