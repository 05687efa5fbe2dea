"""What the benchmarks share: a fresh database with the demo data, and the app under gunicorn.

Every database and server is the benchmark's own (a temporary SQLite file, or a PostgreSQL
database named after the process) and is dropped or stopped at the end. Traffic stays on 127.0.0.1.
"""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))
from perhekeskus.demo import DEMO_FILES  # noqa: E402 -- after the project is on the path


def run(command: list[str], env: dict | None = None) -> str:
    """Run a setup command quietly (WeasyPrint logs its progress on stderr while the demo data
    loads, dropdb a notice): its output is shown only when it fails; returns its stdout."""
    out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise RuntimeError(f"{' '.join(command[:3])} ... failed with exit code {out.returncode}")
    return out.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(kind: str, workdir: Path, label: str, *, database_url: str | None = None) -> dict:
    """A fresh, migrated database with the demo data; returns the environment that selects it.
    `database_url` names an empty database made by the caller (one on a server of its own)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": secrets.token_urlsafe(50)}
    if database_url:
        env["DATABASE_URL"] = database_url
    elif kind == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / f'{label}.sqlite3'}"
    else:
        name = f"perhekeskus_{label}_{os.getpid()}"
        run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name])
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name])
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    env["STATIC_ROOT"] = str(workdir / "static")  # served by WhiteNoise with DEBUG off
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], {**env, "DEBUG": "0"})  # with the manifest
    run([PYTHON, "manage.py", "load_data", *(str(ROOT / "data" / name) for name in DEMO_FILES)], env)
    return env


def drop_database(env: dict) -> None:
    if env["DATABASE_URL"].startswith("postgres"):
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], capture_output=True)


BENCH_REDIS = "redis://127.0.0.1:6379/15"  # the benchmarks' own Redis database


def start_gunicorn(
    env: dict,
    port: int,
    *,
    workers: int,
    threads: int = 1,
    extra: dict | None = None,
    redis_url: str | None = BENCH_REDIS,
    stderr=None,
):
    """The app under gunicorn with DEBUG off, sharing Redis (by default the benchmarks' database
    15, emptied first) as its cache; `redis_url=None` runs it without Redis, each worker with a
    cache of its own as in the embedded setup. Returns the master process once the app answers;
    its log goes to `stderr` (a file), else to this process's stderr."""
    server_env = {
        **env,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": redis_url or "",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "ERROR",
        **(extra or {}),
    }
    if redis_url == BENCH_REDIS:
        subprocess.run(["redis-cli", "-n", "15", "flushdb"], check=True, stdout=subprocess.DEVNULL)
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=server_env, stderr=stderr)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/", headers={"X-Forwarded-For": "192.0.2.1"})
            if conn.getresponse().status < 500:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def stop(process) -> None:
    process.terminate()
    process.wait(timeout=30)


def worker_rss_mb(master) -> list[float]:
    """The resident memory of each gunicorn worker (the master's children), in MB."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes
