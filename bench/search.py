"""Search at national scale: throughput and latency against a minimal Django view, side by side.

For each database (SQLite, PostgreSQL) this script makes a fresh database with the demo data and
50 000 generated services (`bench/generate_directory.py`), times `manage.py rebuild_search_index`,
serves the app with gunicorn (2 workers, Redis as the shared cache, as in production) and drives
it with wrk for a fixed time each:

- the minimal view (bench/urls.py: a fixed small page through the same middleware), the yardstick;
- the search API, `/api/v1/services/?q=...`, with the queries of eval/search_dev.yaml in turn;
- the search page, `/services/?q=...`, with the same queries;
- both again with the response cache off (SEARCH_CACHE_SECONDS=0): every request searches.

It prints requests/s and p50/p95/p99 of each, as ratios to the minimal view, and the resident
memory of each worker after the runs and again after each has listed all services (the most it
keeps, see perhekeskus/search/facts.py). Targets (issue 7): throughput >= 0.5 x the minimal view,
p95 <= 3 x its p95, index rebuild <= 60 s, each worker <= 250 MB.

    .venv/bin/python bench/search.py                         # both databases, 50 000 services
    .venv/bin/python bench/search.py --db sqlite --services 5000 --seconds 5

Needs wrk (Debian package `wrk`) and Redis on 127.0.0.1:6379. Traffic stays on 127.0.0.1.
"""

import argparse
import http.client
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import yaml
from serving import PYTHON, ROOT, drop_database, free_port, prepare_database, run, start_gunicorn, stop, worker_rss_mb

TARGETS = {"throughput": 0.5, "p95": 3.0, "rebuild_s": 60.0, "rss_mb": 250.0}


def dev_queries() -> list[str]:
    return [item["q"] for item in yaml.safe_load((ROOT / "eval" / "search_dev.yaml").read_text())["queries"]]


def wrk(port: int, paths: list[str], seconds: int, workdir: Path, connections: int) -> dict:
    listing = workdir / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s"]
    command += ["-s", str(ROOT / "bench" / "wrk_paths.lua"), f"http://127.0.0.1:{port}"]
    out = subprocess.run(command, capture_output=True, text=True, env={"BENCH_PATHS": str(listing)}, check=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line[len("BENCH ") :])
    figures["per_second"] = figures["requests"] / figures["seconds"]
    return figures


def warm_up(port: int, paths: list[str]) -> None:
    """Ask every path once (the cache, when on, fills; the workers load their vocabularies)."""
    for path in paths:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"warm-up: {path} answered {response.status}")


def list_everything(port: int) -> None:
    """Ask for the unfiltered lists of all services, page and API, twice each at once, so that both
    workers hold the filter values and open states of every service: the most a worker keeps."""
    paths = ["/services/", "/api/v1/services/"] * 2
    with ThreadPoolExecutor(len(paths)) as pool:
        list(pool.map(lambda path: warm_up(port, [path]), paths))


def measure(env: dict, label: str, runs: dict[str, list[str]], args, workdir: Path, extra: dict, warm=True) -> dict:
    """Serve the app and drive each run in turn (after a warm-up pass over its paths)."""
    port = free_port()
    server = start_gunicorn(env, port, workers=2, extra={"DJANGO_SETTINGS_MODULE": "bench.settings", **extra})
    results = {}
    try:
        for name, paths in runs.items():
            warm_up(port, paths if warm else paths[:2])
            results[name] = wrk(port, paths, args.seconds, workdir, connections=args.connections)
            print(f"   {label} {name}: {results[name]['per_second']:.0f} req/s", flush=True)
        results["rss_mb"] = worker_rss_mb(server)
        list_everything(port)
        results["rss_all_mb"] = worker_rss_mb(server)
    finally:
        stop(server)
    return results


def bench(kind: str, args) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        print(f"== {kind}: demo data and {args.services} generated services", flush=True)
        env = prepare_database(kind, workdir, "searchbench")
        try:
            started = time.monotonic()
            run([PYTHON, "bench/generate_directory.py", "--services", str(args.services), "--seed", "1"], env)
            generated = time.monotonic() - started
            out = run([PYTHON, "manage.py", "rebuild_search_index"], env)
            rebuild = float(re.search(r"in ([\d.]+) s", out).group(1))
            print(f"   generated in {generated:.0f} s; {out.strip()}", flush=True)
            queries = [quote(q) for q in dev_queries()]
            runs = {
                "minimal view": ["/bench/minimal/"],
                "search API": [f"/api/v1/services/?q={q}" for q in queries],
                "search page": [f"/services/?q={q}" for q in queries],
            }
            cached = measure(env, kind, runs, args, workdir, {})
            uncached_runs = {k: v for k, v in runs.items() if k != "minimal view"}
            uncached = measure(
                env, f"{kind} (cache off)", uncached_runs, args, workdir, {"SEARCH_CACHE_SECONDS": "0"}, False
            )
        finally:
            drop_database(env)
    return {"rebuild_s": rebuild, "cached": cached, "uncached": uncached}


def report(kind: str, figures: dict) -> bool:
    base = figures["cached"]["minimal view"]
    print(f"\n{kind}: index rebuild {figures['rebuild_s']:.1f} s (target <= {TARGETS['rebuild_s']:.0f} s)")
    columns = "".join(f"{c:>{w}}" for c, w in (("req/s", 8), ("x", 6), ("p50 ms", 9), ("x", 8)))
    columns += "".join(f"{c:>{w}}" for c, w in (("p95 ms", 9), ("x", 8), ("p99 ms", 9), ("x", 8)))
    print(f"  {'run (x: ratio to the minimal view)':<36}{columns}")
    ok = figures["rebuild_s"] <= TARGETS["rebuild_s"]
    for cache_label, runs in (("", figures["cached"]), (" (cache off)", figures["uncached"])):
        for name, f in runs.items():
            if name.startswith("rss"):
                continue
            throughput = f["per_second"] / base["per_second"]
            ratios = {p: f[f"{p}_ms"] / base[f"{p}_ms"] for p in ("p50", "p95", "p99")}
            row = f"  {name + cache_label:<36}{f['per_second']:>8.0f}{throughput:>6.2f}"
            row += "".join(f"{f[f'{p}_ms']:>9.1f}{ratios[p]:>8.2f}" for p in ratios)
            print(row + f"   errors {f['socket_errors'] + f['non_2xx']}")
            p95 = ratios["p95"]
            if not cache_label and name != "minimal view":
                ok &= throughput >= TARGETS["throughput"] and p95 <= TARGETS["p95"]
            ok &= not (f["socket_errors"] or f["non_2xx"])
    for cache_label, runs in (("cache on", figures["cached"]), ("cache off", figures["uncached"])):
        for key, when in (("rss_mb", "after the runs"), ("rss_all_mb", "after listing all services")):
            rss = runs[key]
            print(f"  worker RSS {when} ({cache_label}): " + ", ".join(f"{x:.0f} MB" for x in rss))
            ok &= max(rss) <= TARGETS["rss_mb"]
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=20, help="length of each measured run")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = {kind: bench(kind, args) for kind in kinds}
    print(f"\nTargets: throughput >= {TARGETS['throughput']} x and p95 <= {TARGETS['p95']} x the minimal view")
    ok = all([report(kind, figures) for kind, figures in results.items()])
    print("\nTargets met." if ok else "\nTargets NOT met.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
