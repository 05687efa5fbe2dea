"""Load test of Pyydä apua!: many concurrent askers, then proof that nothing was lost or doubled.

For each database (SQLite, PostgreSQL) this script makes a fresh database, loads the demo data,
serves the app with gunicorn (several workers sharing Redis for rate limits, behind a pretend
proxy so that every simulated asker has an address of its own), posts help requests to
`POST /api/v1/help-requests/` at a fixed rate from concurrent clients for a fixed time — some of
them sent twice, as a double-tapping phone does — and then checks the database: every
acknowledged request is stored exactly once and nothing else is stored.

    .venv/bin/python bench/help_requests_load.py                  # both databases, 60 s, 60/s
    .venv/bin/python bench/help_requests_load.py --db sqlite --seconds 10
    .venv/bin/python bench/help_requests_load.py --limits both --no-flood   # limits in Redis vs the database

Traffic goes only to 127.0.0.1. Each run is bounded in time and stops by itself.
"""

import argparse
import http.client
import json
import multiprocessing
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from serving import PYTHON, ROOT, drop_database, free_port, prepare_database, start_gunicorn

TEXTS = [
    "Vauva ei nuku öisin ja olemme aivan lopussa. Mistä saisi apua?",
    "Miten haen perhetyötä? Arki kolmen lapsen kanssa on raskasta.",
    "Nuorella on huolia koulussa, kenen kanssa voisi jutella?",
    "Erotilanteessa tarvitsisimme neuvoja lasten asumisesta.",
]


def start_server(env: dict, port: int, workers: int, *, redis: bool = True):
    # Behind a pretend proxy, so that every simulated asker has an address of its own. Without
    # Redis the rate limits count in the database, as in the embedded setup or during an outage.
    extra = {"TRUST_X_FORWARDED_FOR": "1"}
    if redis:
        return start_gunicorn(env, port, workers=workers, threads=4, extra=extra)
    return start_gunicorn(env, port, workers=workers, threads=4, extra=extra, redis_url=None)


def asker(i: int) -> dict:
    """The form of the i-th asker: half anonymous (a pickup code, the costly Argon2id hash), the
    rest asking for a call or an e-mail."""
    fields = {"text": f"{TEXTS[i % len(TEXTS)]} ({i})", "municipality": "kemi"}
    if i % 4 == 1:
        return {**fields, "contact_method": "phone", "contact_phone": f"040 {1000000 + i}"}
    if i % 4 == 3:
        return {**fields, "contact_method": "email", "contact_email": f"asker{i}@example.fi"}
    return {**fields, "contact_method": "anonymous"}


def run_load(
    port: int, *, rate: float, seconds: float, clients: int, duplicate_share: float, first: int = 0
) -> list[dict]:
    """Post at `rate` requests per second for `seconds` from `clients` threads; each result is
    {token, status, latency}. A share of the posts repeats an earlier token (a double submit)."""
    results: list[dict] = []
    lock = threading.Lock()
    start = time.monotonic()
    total = int(rate * seconds)
    schedule = iter(range(total))
    sent: list[tuple[str, dict]] = []  # (token, body) of first sends, for double submits

    def client(number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                i = next(schedule, None)
                if i is None:
                    return
                if sent and secrets.randbelow(1000) < duplicate_share * 1000:
                    token, fields = secrets.choice(sent)  # a double tap: the same form again
                else:
                    token, fields = secrets.token_urlsafe(24), asker(i)
                    sent.append((token, fields))
            due = start + i / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            body = json.dumps({**fields, "form_token": token})
            # A private address per simulated asker: a header the pretend proxy set, not a target.
            n = first + i  # one address per asker over the whole run
            headers = {
                "Content-Type": "application/json",
                "X-Forwarded-For": f"10.{n // 62500 % 250}.{n // 250 % 250}.{n % 250 + 1}",
            }
            began = time.monotonic()
            try:
                conn.request("POST", "/api/v1/help-requests/", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            with lock:
                results.append(
                    {"token": token, "status": status, "latency": time.monotonic() - began, "at": began - start}
                )

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return results


def flood(port: int, seconds: float, out) -> None:
    """One client posting as fast as it can from one address for `seconds`, as a script or a stuck
    phone would; run in a process of its own so that it competes for the server, not for the
    load generator's interpreter. Puts (statuses, acknowledged tokens) on `out`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.66"}
    statuses, acknowledged = Counter(), []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        token = secrets.token_urlsafe(24)
        body = json.dumps({"text": "x" * 200, "contact_method": "anonymous", "form_token": token})
        try:
            conn.request("POST", "/api/v1/help-requests/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            statuses[response.status] += 1
            if response.status in (200, 201):
                acknowledged.append(token)
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            statuses[0] += 1
    out.put((dict(statuses), acknowledged))


def verify(env: dict, results: list[dict]) -> dict:
    """Every acknowledged token stored exactly once, and no request stored that was not acknowledged."""
    script = (
        "import json, sys, django; django.setup()\n"
        "from perhekeskus.help_requests.submission import submission_key\n"
        "from perhekeskus.help_requests.models import HelpRequest\n"
        "tokens = json.load(sys.stdin)\n"
        "stored = {}\n"
        "for key in HelpRequest.objects.values_list('submission_key', flat=True):\n"
        "    stored[key] = stored.get(key, 0) + 1\n"
        "acked = {submission_key(t) for t in tokens}\n"
        "print(json.dumps({'rows': sum(stored.values()), 'acked': len(acked),\n"
        "  'missing': sum(1 for k in acked if k not in stored), 'doubled': sum(1 for n in stored.values() if n > 1),\n"
        "  'unacknowledged_rows': sum(1 for k in stored if k not in acked)}))\n"
    )
    acked_tokens = sorted({r["token"] for r in results if r["status"] in (200, 201)})
    out = subprocess.run(
        [PYTHON, "-c", script],
        cwd=ROOT,
        env=env,
        input=json.dumps(acked_tokens),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def phase(port: int, args, *, seconds: float, flooding: bool, first: int = 0) -> tuple[list[dict], dict, list[str]]:
    """Genuine askers for `seconds`, with or without the flooding client beside them."""
    queue = multiprocessing.Queue()
    flooder = multiprocessing.Process(target=flood, args=(port, seconds, queue), daemon=True)
    flooded, flood_tokens = {}, []
    try:
        if flooding:
            flooder.start()
        results = run_load(
            port, rate=args.rate, seconds=seconds, clients=args.clients, duplicate_share=args.duplicates, first=first
        )
        if flooding:
            flooded, flood_tokens = queue.get(timeout=60)
            flooder.join(timeout=30)
    finally:
        if flooder.is_alive():
            flooder.kill()
    return results, flooded, flood_tokens


def summary(name: str, results: list[dict], rate: float) -> dict:
    statuses = Counter(r["status"] for r in results)
    acked = [r for r in results if r["status"] in (200, 201)]
    span = max((r["at"] + r["latency"] for r in results), default=1.0)
    latencies = [r["latency"] * 1000 for r in acked] or [float("nan")]
    figures = {
        "per_second": len(acked) / span,
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
    }
    print(f"   {name}: {len(results)} posts in {span:.1f} s; statuses {dict(sorted(statuses.items()))}")
    print(
        f"      acknowledged {figures['per_second']:.1f}/s (target {rate:.0f}/s); latency ms "
        f"p50 {figures['p50']:.0f}  p95 {figures['p95']:.0f}  p99 {figures['p99']:.0f}"
    )
    return figures


def bench(kind: str, args, *, redis: bool = True) -> tuple[bool, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare_database(kind, Path(tmp), "bench")
        port = free_port()
        server = start_server(env, port, args.workers, redis=redis)
        try:
            calm, _, _ = phase(port, args, seconds=args.calm_seconds, flooding=False)
            stormy, flooded, flood_tokens = phase(
                port, args, seconds=args.seconds, flooding=args.flood, first=len(calm)
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        results = calm + stormy
        check = verify(env, results + [{"token": t, "status": 201} for t in flood_tokens])
        drop_database(env)
    limits = "rate limits in Redis" if redis else "rate limits in the database (no Redis)"
    print(f"\n== {kind}, {limits}: {args.clients} clients, {args.workers} gunicorn workers")
    print(f"   {args.duplicates:.0%} double submits")
    print("   statuses: 201 new, 200 replay of a double submit, 429 rate-limited, 0 connection error")
    before = summary("calm", calm, args.rate)
    after = summary("under flood" if args.flood else "second run", stormy, args.rate)
    if args.flood:
        span = args.seconds
        print(
            f"   the flooding client meanwhile: {sum(flooded.values()) / span:.0f} posts/s, "
            f"statuses {dict(sorted(flooded.items()))}"
        )
    print(
        f"   under flood / calm: throughput {after['per_second'] / before['per_second']:.2f}, "
        f"p50 {after['p50'] / before['p50']:.2f}, p95 {after['p95'] / before['p95']:.2f}"
    )
    ok = (
        check["missing"] == 0
        and check["doubled"] == 0
        and check["unacknowledged_rows"] == 0
        and not any(r["status"] == 0 for r in results)
        and after["per_second"] >= 50
    )
    print(
        f"   stored rows {check['rows']}, distinct acknowledged requests {check['acked']}: missing {check['missing']}, "
        f"stored twice {check['doubled']}, stored but never acknowledged {check['unacknowledged_rows']}"
    )
    print(f"   {'OK: every acknowledged request stored exactly once, >= 50/s' if ok else 'FAILED'}")
    return ok, before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rate", type=float, default=60.0, help="posts per second (default 60)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the run under flood")
    parser.add_argument("--calm-seconds", type=float, default=20.0, help="length of the calm run before it")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-flood", dest="flood", action="store_false", help="without the flooding client")
    parser.add_argument("--duplicates", type=float, default=0.05, help="share of posts that repeat a token")
    parser.add_argument(
        "--limits",
        choices=["redis", "database", "both"],
        default="redis",
        help="where the rate limits count; both: one run each, side by side (default redis)",
    )
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    places = {"redis": [True], "database": [False], "both": [True, False]}[args.limits]
    results, calm = [], {}
    for kind in kinds:
        for redis in places:
            ok, calm[kind, redis] = bench(kind, args, redis=redis)
            results.append(ok)
    if args.limits == "both":
        print("\n== rate limits in the database / in Redis, calm run")
        for kind in kinds:
            database, cached = calm[kind, False], calm[kind, True]
            print(
                f"   {kind}: throughput {database['per_second'] / cached['per_second']:.2f}, "
                f"p50 {database['p50'] / cached['p50']:.2f}, p95 {database['p95'] / cached['p95']:.2f}"
            )
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
