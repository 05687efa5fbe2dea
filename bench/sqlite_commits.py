"""What a commit costs SQLite in WAL mode with `synchronous=NORMAL` and with `FULL`, side by side.

The embedded setup runs SQLite with `synchronous=FULL` (config/settings.py): with `NORMAL` a
commit survives a crash of the application but not a power loss or a crash of the system, which
may take the last commits with it, so a receipt could have been shown for a request that is not
stored. `FULL` syncs the WAL file at every commit. This script measures the price: single-row
commits like a help request's (BEGIN IMMEDIATE, one insert of a few hundred bytes, COMMIT) in
alternating rounds, in a directory on the same file system as the database (SQLITE_PATH's, else
var/), and prints the rates and their ratio.

    .venv/bin/python bench/sqlite_commits.py
    .venv/bin/python bench/sqlite_commits.py --commits 5000 --rounds 5
"""

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ("NORMAL", "FULL")


def commits_per_second(directory: str, mode: str, commits: int) -> float:
    path = Path(directory) / f"commits-{mode.lower()}.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(f"PRAGMA synchronous={mode}")
        connection.execute("CREATE TABLE request (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        started = time.perf_counter()
        for _ in range(commits):
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO request (text) VALUES (?)", ("Vauva itkee öisin. " * 16,))
            connection.execute("COMMIT")
        return commits / (time.perf_counter() - started)
    finally:
        connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commits", type=int, default=2000, help="commits per round (default 2000)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    home = Path(os.environ["SQLITE_PATH"]).parent if os.environ.get("SQLITE_PATH") else ROOT / "var"
    home.mkdir(parents=True, exist_ok=True)
    rates = {mode: [] for mode in MODES}
    for _ in range(args.rounds):
        for mode in MODES:
            with tempfile.TemporaryDirectory(dir=home) as directory:
                rates[mode].append(commits_per_second(directory, mode, args.commits))
    print(f"SQLite {sqlite3.sqlite_version}, WAL, {args.rounds} rounds of {args.commits} commits in {home}")
    for mode in MODES:
        median = statistics.median(rates[mode])
        print(f"   synchronous={mode:6}: {median:8.0f} commits/s, {1000 / median:.3f} ms per commit (median)")
    normal, full = (statistics.median(rates[mode]) for mode in MODES)
    print(f"   FULL / NORMAL: {full / normal:.2f} of the rate, +{1000 / full - 1000 / normal:.3f} ms per commit")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
