"""What the finder reads of each service for filters and counts, kept in each process.

A broad query matches thousands of services in a national directory, and its filter counts need
every one's target groups, areas, ages and open-now state. Reading them from the database for
every search costs more than ranking does, yet they change only when the directory changes (the
content version) or, for an open-now state, when a door opens or closes. So each process keeps what
it has read: filter values until the content version changes, and each open state for as long as
it holds (`hours.valid_until`). At most one entry per public service: 50 000 services take about
30 MB per worker (docs/performance.md).
"""

import threading
from datetime import datetime

from perhekeskus.directory.hours import valid_until

from .index import current_version


class Facts:
    """The filter values and open states read so far for one content version."""

    def __init__(self, version: int):
        self.version = version
        self._values: dict[int, object] = {}
        self._states: dict[int, tuple] = {}  # pk -> (state, read at, holds until)
        self._lock = threading.Lock()

    def values_of(self, ids: list[int], read) -> dict[int, object]:
        """The filter values of these services; `read(missing_ids)` reads those not kept yet."""
        missing = [pk for pk in ids if pk not in self._values]
        if missing:
            found = read(missing)
            with self._lock:
                self._values.update(found)
        values = self._values
        return {pk: values[pk] for pk in ids if pk in values}

    def states_of(self, ids: list[int], at: datetime, read, tz) -> dict[int, object]:
        """The open state of each service at `at`; `read(missing_ids)` computes those not kept or
        no longer holding. A state is reused only within the span it was read for, so a clock set
        back (tests) reads again too."""
        states, missing = {}, []
        kept = self._states
        for pk in ids:
            entry = kept.get(pk)
            if entry is not None and entry[1] <= at < entry[2]:
                states[pk] = entry[0]
            else:
                missing.append(pk)
        if missing:
            found = read(missing)
            with self._lock:
                for pk, state in found.items():
                    kept[pk] = (state, at, valid_until([state], at, tz=tz))
            states.update(found)
        return states


_current: Facts | None = None
_switching = threading.Lock()


def current() -> Facts:
    """This process's facts for the current content version (empty again after a change)."""
    global _current
    version = current_version()
    if _current is None or _current.version != version:
        with _switching:
            if _current is None or _current.version != version:
                _current = Facts(version)
    return _current


def forget() -> None:
    """Drop what this process keeps (tests; it is read again on the next search)."""
    global _current
    _current = None
