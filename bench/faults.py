"""Fault scripts of Pyydä apua!: break the service under load and count what the askers lost.

For each database (SQLite, PostgreSQL) and each scenario, this script serves a fresh copy of the
demo database with gunicorn (several workers behind a pretend proxy, so that every simulated
asker has an address of its own), sends new help requests to `POST /api/v1/help-requests/` at a
fixed rate from askers that retry their form until they have a receipt (bench/fault_load.py),
does one fault a third of the way in, and afterwards counts the stored rows of every asker:

- kill-worker: `kill -9` of one gunicorn worker; gunicorn starts another.
- kill-master: `kill -9` of the master and all its workers; started again after --restart-after
  seconds, as systemd would.
- db-restart: `pg_ctl restart -m fast` of the PostgreSQL server (not applicable to SQLite).
- read-only: the database read-only for --fault-seconds, then writable again.
- disk-full: the database's file system full for --fault-seconds, then the space freed.

Each run prints its table (bench/fault_tally.py says what the words mean) and the statuses seen
before, during and after the fault; it passes when nothing acknowledged was lost, nothing was
stored twice and no server error other than 503 was seen. The exit status is non-zero if any
run failed. Run as root (it mounts tmpfs file systems); not part of .ci/run, since it starts and
kills servers.

    .venv/bin/python bench/faults.py                                     # everything, both databases
    .venv/bin/python bench/faults.py --db sqlite --scenario kill-worker --seconds 15
    .venv/bin/python bench/faults.py --redis      # rate limits in the machine's Redis (database 14)

Everything it makes is its own and removed at the end, on Ctrl-C too: the database copies on
tmpfs mounts, throwaway PostgreSQL clusters (initdb'd here, on free ports of 127.0.0.1), the
servers. It never touches the machine's PostgreSQL; with --redis it uses only keys of its own
prefix and deletes them afterwards. Traffic goes only to 127.0.0.1.
"""

import argparse
import csv
import dataclasses
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlparse

from fault_databases import PostgresCluster, PostgresDatabase, SqliteDatabase
from fault_load import Load
from fault_tally import Tally, format_run, format_statuses, format_summary, phase_statuses, tally
from help_requests_load import asker
from serving import PYTHON, ROOT, free_port, prepare_database, start_gunicorn

SCENARIOS = ("kill-worker", "kill-master", "db-restart", "read-only", "disk-full")
DATABASES = ("sqlite", "postgresql")
SHARED_REDIS = "redis://127.0.0.1:6379/14"  # not 0 (others' default) nor 15 (emptied by the other benchmarks)


class Server:
    """gunicorn serving one run, restartable on its port (bench/serving.py starts it)."""

    def __init__(self, env: dict, log: Path, args):
        self.env, self.log, self.args = env, log, args
        self.port = free_port()
        self.process = None
        self.killed: list[int] = []

    def start(self) -> None:
        extra = {"TRUST_X_FORWARDED_FOR": "1", "DJANGO_SETTINGS_MODULE": "bench.fault_settings"}
        if self.args.redis:
            extra["BENCH_CACHE_PREFIX"] = self.args.cache_prefix
        with open(self.log, "ab") as log:
            self.process = start_gunicorn(
                self.env,
                self.port,
                workers=self.args.workers,
                threads=self.args.threads,
                extra=extra,
                redis_url=SHARED_REDIS if self.args.redis else None,
                stderr=log,
            )

    def workers(self) -> list[int]:
        pid = self.process.pid
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def kill_worker(self) -> int:
        worker = self.workers()[0]
        os.kill(worker, signal.SIGKILL)
        return worker

    def kill_all(self) -> int:
        """kill -9 of the master and its workers; returns how many workers there were."""
        workers = self.workers()
        os.kill(self.process.pid, signal.SIGKILL)
        for worker in workers:
            os.kill(worker, signal.SIGKILL)
        self.killed += workers
        self.process.wait()
        return len(workers)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                workers = self.workers()
            except OSError:
                workers = []
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.killed += workers
        for pid in self.killed:  # a worker that outlived its master
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.killed = []


class Fault(threading.Thread):
    """One scenario's fault, done `at` seconds into the load and undone after `length` seconds;
    `window` is when it took effect and when it was undone (seconds into the load)."""

    def __init__(self, name: str, database, server: Server, load: Load, args):
        super().__init__(daemon=True)
        self.scenario, self.database, self.server, self.load = name, database, server, load
        self.at, self.length, self.restart_after = args.seconds / 3, args.fault_seconds, args.restart_after
        self.window = (self.at, self.at)
        self.notes: list[str] = []
        self.error = ""
        self._cancel = threading.Event()

    def run(self) -> None:
        try:
            self._cancel.wait(max(0.0, self.at - self.load.elapsed()))
            if not self._cancel.is_set():
                getattr(self, self.scenario.replace("-", "_"))()
        except Exception as error:
            self.error = f"{type(error).__name__}: {' '.join(str(error).split())}"
            self.load.stop()

    def finish(self) -> None:
        """Cut the fault short if it is still on (the load ended early), and wait for it to be undone."""
        self._cancel.set()
        self.join(timeout=180)

    def note(self, text: str) -> None:
        self.notes.append(f"{self.load.elapsed():.1f} s: {text}")

    def began(self) -> None:
        self.window = (self.load.elapsed(), self.load.elapsed())

    def ended(self) -> None:
        self.window = (self.window[0], self.load.elapsed())

    def kill_worker(self) -> None:
        self.began()
        self.note(f"kill -9 of worker {self.server.kill_worker()}")
        self.ended()
        self._cancel.wait(5)
        self.note(f"{len(self.server.workers())} workers")

    def kill_master(self) -> None:
        self.began()
        self.note(f"kill -9 of the master and its {self.server.kill_all()} workers")
        self._cancel.wait(self.restart_after)
        self.server.start()
        self.ended()
        self.note("gunicorn started again and answers")

    def db_restart(self) -> None:
        self.began()
        self.note(self.database.cluster.restart())
        self.ended()

    def read_only(self) -> None:
        try:
            self.note(self.database.read_only())
            self.began()
            self._cancel.wait(self.length)
        finally:
            self.database.writable()
            self.ended()
            self.note("writable again")

    def disk_full(self) -> None:
        fs = self.database.fs
        try:
            self.began()
            self.note(f"disk full: a filler of {fs.fill() / 2**20:.1f} MiB")
            end = time.monotonic() + self.length
            while time.monotonic() < end and not self._cancel.wait(0.25):
                fs.fill()  # whatever the database freed meanwhile
        finally:
            fs.free()
            self.ended()
            self.note("filler removed")
        cluster = getattr(self.database, "cluster", None)
        if cluster is not None and not cluster.running():
            self.note("PostgreSQL had stopped itself; the script starts it again")
            cluster.start()


COUNT_STORED = """
import json, re, sys, django
django.setup()
from perhekeskus.help_requests.models import HelpRequest
pattern = re.compile(re.escape("[" + sys.argv[1] + "-") + r"(\\d+)\\]")
stored = {}
for text in HelpRequest.objects.values_list("text", flat=True).iterator():
    for asker in pattern.findall(text):
        stored[asker] = stored.get(asker, 0) + 1
print(json.dumps(stored))
"""


def count_stored(env: dict, run_id: str) -> dict[int, int]:
    """The stored rows of each asker of the run, found by the marker in their text."""
    out = subprocess.run(
        [PYTHON, "-c", COUNT_STORED, run_id], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return {int(asker): n for asker, n in json.loads(out.stdout).items()}


def server_log_summary(log: Path, limit: int = 8) -> list[str]:
    """The errors the servers logged, each kind once with its count (timestamps and pids folded)."""
    counts = Counter()
    if log.exists():
        for line in log.read_text(errors="replace").splitlines():
            line = line.strip()
            if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b.*", line) or line.startswith("Internal Server"):
                counts[line[:200]] += 1
            elif re.search(r"\[(ERROR|CRITICAL)\]", line):
                counts[re.sub(r"\d+", "N", re.sub(r"^\[[^]]*\] ", "", line))[:200]] += 1
    return [f"{n:5d} × {line}" for line, n in counts.most_common(limit)]


class Templates:
    """The template database of each kind (migrated, with the demo data), made once on first use."""

    def __init__(self, workdir: Path, stack: ExitStack):
        self.workdir, self.stack = workdir, stack
        self.made: dict[str, tuple] = {}
        self.failed: dict[str, Exception] = {}

    def get(self, kind: str) -> tuple:
        if kind in self.failed:
            raise RuntimeError(f"no {kind} template: {self.failed[kind]}")
        try:
            return self._get(kind)
        except Exception as error:
            self.failed[kind] = error
            raise

    def _get(self, kind: str) -> tuple:
        if kind not in self.made:
            print(f"   preparing the {kind} template (migrations and the demo data) ...", flush=True)
            home = self.workdir / f"{kind}-template"
            home.mkdir()
            if kind == "sqlite":
                env = prepare_database("sqlite", home, "template")
                self.made[kind] = (Path(urlparse(env["DATABASE_URL"]).path), env)
            else:
                cluster = PostgresCluster.create(home / "cluster", free_port())
                self.stack.callback(cluster.stop, "immediate")
                env = prepare_database("postgresql", home, "template", database_url=cluster.url)
                cluster.stop("fast")  # copied while stopped
                self.made[kind] = (cluster, env)
        return self.made[kind]


def open_database(kind: str, templates: Templates, rundir: Path, stack: ExitStack):
    template, env = templates.get(kind)
    if kind == "sqlite":
        database = SqliteDatabase(template, rundir)
    else:
        database = PostgresDatabase(template, rundir, free_port())
    stack.callback(database.close)
    return database, {**env, "DATABASE_URL": database.url}


def run_scenario(name: str, kind: str, templates: Templates, workdir: Path, args, first: int) -> tuple[Tally, str]:
    """One scenario on one database: its tally and what else it printed."""
    if name == "db-restart" and kind == "sqlite":
        return Tally(name, kind, applicable=False, note="SQLite has no server to restart"), ""
    rundir = workdir / f"{name}-{kind}"
    rundir.mkdir()
    run_id = f"F{secrets.token_hex(3)}"
    attempts, forms, stored, fault = [], 0, {}, None
    try:
        with ExitStack() as stack:
            database, env = open_database(kind, templates, rundir, stack)
            server = Server(env, rundir / "gunicorn.log", args)
            stack.callback(server.stop)
            server.start()
            load = Load(
                server.port,
                asker,
                rate=args.rate,
                seconds=args.seconds,
                patience=args.patience,
                run_id=run_id,
                first=first,
                clients=args.clients,
                timeout=args.timeout,
            )
            forms = load.forms
            fault = Fault(name, database, server, load, args)
            fault.start()
            try:
                attempts = load.run()
            finally:
                load.stop()
                fault.finish()
            server.stop()
            stored = count_stored(env, run_id)
    except Exception as error:  # the scenario could not be run to the end: reported, not hidden
        problem = f"{type(error).__name__}: {' '.join(str(error).split())}; stored rows not counted"
        result = dataclasses.replace(tally(name, kind, attempts, forms, {}), lost=0, error=problem)
        return result, log_lines(rundir)
    result = tally(name, kind, attempts, forms, stored, note="; ".join(fault.notes))
    if fault.error:
        result = dataclasses.replace(result, error=f"the fault: {fault.error}")
    if args.posts_csv:
        with open(args.posts_csv, "a", newline="") as out:
            rows = ((name, kind, a.asker, f"{a.at:.3f}", f"{a.took:.3f}", a.label) for a in attempts)
            csv.writer(out, lineterminator="\n").writerows(rows)
    start, end = fault.window
    phases = phase_statuses(attempts, start, end)
    lines = [
        f"  statuses before the fault (until {start:.1f} s): {format_statuses(phases['before'])}",
        f"  while it lasted ({start:.1f}-{end:.1f} s): {format_statuses(phases['during'])}",
        f"  after it: {format_statuses(phases['after'])}",
    ]
    return result, "\n".join(lines + [log_lines(rundir)])


def log_lines(rundir: Path) -> str:
    summary = server_log_summary(rundir / "gunicorn.log")
    return "\n".join(["  server log:", *(f"    {line}" for line in summary)]) if summary else "  server log: no errors"


def forget_redis(prefix: str) -> None:
    """Delete this run's keys (and only those) from the shared Redis."""
    import redis

    client = redis.Redis.from_url(SHARED_REDIS)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def interrupted(signum, frame):
    raise KeyboardInterrupt


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=[*DATABASES, "both"], default="both")
    parser.add_argument("--scenario", nargs="+", choices=[*SCENARIOS, "all"], default=["all"], help="one or more")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long new askers come (default 30)")
    parser.add_argument("--rate", type=float, default=20.0, help="new askers per second (default 20)")
    parser.add_argument("--fault-seconds", type=float, default=5.0, help="how long read-only and disk-full last")
    parser.add_argument("--restart-after", type=float, default=2.0, help="kill-master: seconds until gunicorn restarts")
    parser.add_argument("--patience", type=float, default=60.0, help="how long askers retry after the last new one")
    parser.add_argument("--clients", type=int, default=32, help="concurrent connections of the load (default 32)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds a phone waits for an answer")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--redis", action="store_true", help=f"rate limits and cache in {SHARED_REDIS}")
    parser.add_argument(
        "--posts-csv",
        type=Path,
        help="append every post (scenario, db, asker, answered at s, took s, status) to this file",
    )
    args = parser.parse_args(argv)
    if args.seconds / 3 + max(args.fault_seconds, args.restart_after) + 1 >= args.seconds:
        parser.error("--seconds must leave time after the fault, which starts at a third of them")
    args.cache_prefix = f"perhekeskus-faults-{os.getpid()}-{secrets.token_hex(4)}"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if os.geteuid() != 0:
        print("bench/faults.py mounts file systems and runs PostgreSQL as its user: run it as root", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, interrupted)
    kinds = DATABASES if args.db == "both" else (args.db,)
    scenarios = SCENARIOS if "all" in args.scenario else [s for s in SCENARIOS if s in args.scenario]
    redis = f", Redis {SHARED_REDIS} (keys {args.cache_prefix}:*)" if args.redis else ", no Redis"
    print(
        f"== fault runs: {args.rate:g} new askers/s for {args.seconds:g} s, fault at {args.seconds / 3:.1f} s, "
        f"{args.workers} workers × {args.threads} threads{redis}",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="perhekeskus-faults-"))
    workdir.chmod(0o755)  # the PostgreSQL clusters in it belong to the user postgres
    tallies: list[Tally] = []
    try:
        with ExitStack() as stack:
            if args.redis:
                stack.callback(forget_redis, args.cache_prefix)
            templates = Templates(workdir, stack)
            first = 0
            for kind in kinds:
                for name in scenarios:
                    print(f"\n== {name} on {kind}", flush=True)
                    result, details = run_scenario(name, kind, templates, workdir, args, first)
                    first += result.forms
                    tallies.append(result)
                    print(format_run(result))
                    if details:
                        print(details, flush=True)
    except KeyboardInterrupt:
        print("\n== interrupted; everything started was stopped and removed", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if tallies:
            print("\n== summary\n" + format_summary(tallies))
    return 0 if all(t.passed for t in tallies) else 1


if __name__ == "__main__":
    sys.exit(main())
