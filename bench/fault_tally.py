"""What a fault run counts: every post's outcome, the rows stored per asker, and whether it passed.

Pure functions over plain data, so that the rule for lost and duplicated is tested without servers
(bench/tests/test_fault_tally.py). The words:

- acknowledged: the asker got a receipt (201, or 200 for a retry with the same form token);
- stored: rows in the database afterwards that carry one of the run's askers' markers;
- lost: acknowledged but not stored;
- duplicated: more than one stored row for one asker (one form token);
- unacknowledged but stored: stored although the asker never saw a receipt (the answer was lost on
  the way back, and the retries gave up): no harm, the request is there;
- gave up: never acknowledged, the asker's retries ran out (or the server refused the form).

A run passes when nothing was lost or duplicated, no server error other than 503 (Service
Unavailable, the honest answer to a database fault) was seen, and at least one request was
acknowledged: a run that measured nothing proves nothing.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ACKNOWLEDGED = frozenset({"200", "201"})


@dataclass(frozen=True)
class Attempt:
    """One post of one asker: `label` is the HTTP status ("201", "503") or the connection error
    ("conn-refused", "conn-reset", "timeout", "conn-error"); `at` the seconds since the load began
    when the answer (or the error) came, `took` how long the post waited for it."""

    asker: int
    at: float
    label: str
    took: float = 0.0


@dataclass(frozen=True)
class Tally:
    scenario: str
    db: str
    forms: int = 0
    posts: int = 0
    acknowledged: int = 0
    stored: int = 0
    lost: int = 0
    duplicated: int = 0
    unacknowledged_stored: int = 0
    gave_up: int = 0
    statuses: Mapping[str, int] = field(default_factory=dict)
    note: str = ""  # what happened beside the figures (a server restarted, a fault not applied)
    applicable: bool = True
    error: str = ""  # the scenario could not be run to the end: it fails

    @property
    def server_errors(self) -> int:
        """Answers 500-599 other than 503: a database fault must be answered with 503 (and a
        Retry-After), never with an error page that tells the asker nothing."""
        return sum(n for label, n in self.statuses.items() if is_server_error(label))

    @property
    def passed(self) -> bool:
        if not self.applicable:
            return True
        return (
            not self.error
            and self.lost == 0
            and self.duplicated == 0
            and self.server_errors == 0
            and self.acknowledged > 0
        )

    @property
    def verdict(self) -> str:
        if not self.applicable:
            return "not applicable"
        if self.error:
            return f"FAILED ({self.error})"
        if self.passed:
            return "PASSED"
        reasons = [
            f"{self.lost} lost" if self.lost else "",
            f"{self.duplicated} duplicated" if self.duplicated else "",
            f"{self.server_errors} server error{'s' if self.server_errors > 1 else ''}" if self.server_errors else "",
            "nothing acknowledged" if not self.acknowledged else "",
        ]
        return f"FAILED ({', '.join(reason for reason in reasons if reason)})"


def is_server_error(label: str) -> bool:
    return label.isdigit() and 500 <= int(label) < 600 and label != "503"


def tally(
    scenario: str, db: str, attempts: Iterable[Attempt], forms: int, stored: Mapping[int, int], note: str = ""
) -> Tally:
    """The figures of one run: `forms` askers numbered 0 to forms - 1 made `attempts`; `stored`
    counts the rows found in the database afterwards per asker (by the marker in the text, so that
    a duplicate is seen even if the unique index on the form token failed)."""
    attempts = list(attempts)
    acknowledged = {a.asker for a in attempts if a.label in ACKNOWLEDGED}
    return Tally(
        scenario=scenario,
        db=db,
        forms=forms,
        posts=len(attempts),
        acknowledged=len(acknowledged),
        stored=sum(stored.values()),
        lost=sum(1 for asker in acknowledged if stored.get(asker, 0) == 0),
        duplicated=sum(1 for n in stored.values() if n > 1),
        unacknowledged_stored=sum(1 for asker, n in stored.items() if n > 0 and asker not in acknowledged),
        gave_up=forms - len(acknowledged),
        statuses=dict(Counter(a.label for a in attempts)),
        note=note,
    )


def format_statuses(statuses: Mapping[str, int]) -> str:
    """`201:580 200:12 503:8 conn-refused:3`: HTTP statuses in order, then the connection errors."""
    order = sorted(statuses, key=lambda label: (not label.isdigit(), label))
    return " ".join(f"{label}:{statuses[label]}" for label in order) or "-"


def phase_statuses(attempts: Iterable[Attempt], start: float, end: float) -> dict[str, Counter]:
    """The statuses of the answers that came before the fault, while it lasted, and after it."""
    phases = {"before": Counter(), "during": Counter(), "after": Counter()}
    for a in attempts:
        phases["before" if a.at < start else "during" if a.at < end else "after"][a.label] += 1
    return phases


def format_run(t: Tally) -> str:
    """One scenario on one database as a small two-column table."""
    if not t.applicable:
        rows = [("scenario", t.scenario), ("db", t.db), ("result", f"not applicable: {t.note}")]
    else:
        rows = [
            ("scenario", t.scenario),
            ("db", t.db),
            ("forms (askers)", t.forms),
            ("posts attempted", t.posts),
            ("acknowledged", t.acknowledged),
            ("stored", t.stored),
            ("lost", t.lost),
            ("duplicated", t.duplicated),
            ("unacknowledged but stored", t.unacknowledged_stored),
            ("gave up", t.gave_up),
            ("statuses seen", format_statuses(t.statuses)),
        ]
        if t.note:
            rows.append(("note", t.note))
        rows.append(("result", t.verdict))
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"  {name:<{width}}  {value}" for name, value in rows)


SUMMARY_COLUMNS = ("scenario", "db", "posts", "acked", "stored", "lost", "dup", "unacked-stored", "statuses", "result")


def format_summary(tallies: Iterable[Tally]) -> str:
    """All runs, one line each."""
    lines = [SUMMARY_COLUMNS]
    for t in tallies:
        if not t.applicable:
            lines.append((t.scenario, t.db, "-", "-", "-", "-", "-", "-", "-", "not applicable"))
            continue
        figures = (t.posts, t.acknowledged, t.stored, t.lost, t.duplicated, t.unacknowledged_stored)
        lines.append((t.scenario, t.db, *map(str, figures), format_statuses(t.statuses), t.verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(len(SUMMARY_COLUMNS))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in lines)
