"""The databases of the fault runs, each on a small file system of its own that a fault can break.

Every run gets a copy of a template made once per database (migrated, with the demo data) on a
tmpfs mounted for it: the SQLite file, or the whole data directory of a throwaway PostgreSQL
cluster (initdb'd by this script, started with pg_ctl on a free port of 127.0.0.1 with its socket
in the run's directory). The faults done to them:

- read-only: a read-only bind mount over the SQLite tmpfs (root ignores file modes, so chmod
  would not do; Tmpfs.read_only says why not a remount). PostgreSQL: `ALTER SYSTEM SET
  default_transaction_read_only`, reloaded into every session, as on a server demoted to a
  standby's role.
- disk full: a filler file written into the tmpfs until the kernel says ENOSPC, topped up while
  the fault lasts (the database may free a little), then removed.
- restart (PostgreSQL only): `pg_ctl restart -m fast`, which ends every session.

The machine's own PostgreSQL and Redis are never touched.
"""

import errno
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
MiB = 1024 * 1024


def du(path: Path) -> int:
    """Bytes used under `path`."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) + path.stat().st_size


class Tmpfs:
    """A tmpfs of `size` bytes mounted at `path` for as long as the run lasts."""

    def __init__(self, path: Path, size: int):
        self.path, self.size = path, size
        self.filler = path / "filler"
        self.overlaid = False  # a read-only bind mount over it
        path.mkdir(parents=True, exist_ok=True)
        options = f"size={size // 1024}k,mode=0755"
        subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], check=True)

    def unmount(self) -> None:
        self.writable()
        if subprocess.run(["umount", str(self.path)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(self.path)], check=False)  # a process still holds a file

    def read_only(self) -> None:
        """Every file opened from now on read-only: a read-only bind mount of the file system over
        itself. (Remounting the tmpfs itself read-only is refused while any file on it is open for
        writing, and under load some request always has the database open.) What is open already
        stays writable until closed: with SQLite every request opens its own connection."""
        path = str(self.path)
        subprocess.run(["mount", "--bind", "-o", "ro", path, path], check=True, capture_output=True)
        self.overlaid = True
        try:
            (self.path / "probe").touch()
        except OSError:
            return
        raise RuntimeError(f"{path} is still writable after a read-only bind mount")

    def writable(self) -> None:
        """Undo read_only(): the read-only mount detached (lazily: the files opened through it stay
        readable until closed)."""
        if self.overlaid:
            subprocess.run(["umount", "-l", str(self.path)], check=True)
            self.overlaid = False

    def fill(self) -> int:
        """Write the filler until the file system is full; returns its size in bytes."""
        with open(self.filler, "ab", buffering=0) as out:
            for chunk in (MiB, 4096):
                block = b"\0" * chunk
                while True:
                    try:
                        out.write(block)
                    except OSError as error:
                        if error.errno != errno.ENOSPC:
                            raise
                        break
        return self.filler.stat().st_size

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


class SqliteDatabase:
    """A copy of the SQLite template on a tmpfs of its own."""

    kind = "sqlite"
    margin = 32 * MiB  # room to grow beside the copy

    def __init__(self, template: Path, rundir: Path):
        self.fs = Tmpfs(rundir / "fs", du(template) + self.margin)
        self.path = self.fs.path / "perhekeskus.sqlite3"
        try:
            source, copy = sqlite3.connect(template), sqlite3.connect(self.path)
            try:
                source.backup(copy)
            finally:
                source.close()
                copy.close()
        except BaseException:
            self.close()
            raise
        self.url = f"sqlite:///{self.path}"

    def read_only(self) -> str:
        self.fs.read_only()
        return "read-only bind mount over the tmpfs holding the database"

    def writable(self) -> None:
        self.fs.writable()

    def close(self) -> None:
        self.fs.unmount()


def as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    """A PostgreSQL server command as the postgres user (initdb and postgres refuse root)."""
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, **kwargs)


def must(out: subprocess.CompletedProcess) -> str:
    if out.returncode:
        raise RuntimeError(f"{' '.join(map(str, out.args[:5]))} ... failed: {out.stderr.strip() or out.stdout.strip()}")
    return out.stdout


class PostgresCluster:
    """A throwaway PostgreSQL cluster in `data`, listening on 127.0.0.1:`port` only, its socket and
    its log in `rundir` (never on the tmpfs that a fault fills)."""

    kind = "postgresql"
    name = "perhekeskus"

    def __init__(self, data: Path, port: int, rundir: Path):
        self.data, self.port, self.rundir, self.log = data, port, rundir, rundir / "postgresql.log"
        self.url = f"postgres://postgres@127.0.0.1:{port}/{self.name}"

    @classmethod
    def create(cls, rundir: Path, port: int) -> "PostgresCluster":
        """initdb a new cluster under `rundir` (which postgres may enter) and start it."""
        rundir.mkdir(parents=True, exist_ok=True)
        shutil.chown(rundir, "postgres", "postgres")
        cluster = cls(rundir / "data", port, rundir)
        must(as_postgres(str(PG_BIN / "initdb"), "-D", str(cluster.data), "-U", "postgres", "--auth=trust",
                         "--encoding=UTF8", "--locale=C.UTF-8"))  # fmt: skip
        cluster.configure()
        cluster.start()
        cluster.psql(f"CREATE DATABASE {cls.name}", database="postgres")
        return cluster

    def copy(self, rundir: Path, port: int, data: Path) -> "PostgresCluster":
        """A copy of this (stopped) cluster in `data`, to run on `port`."""
        rundir.mkdir(parents=True, exist_ok=True)
        shutil.chown(rundir, "postgres", "postgres")
        subprocess.run(["cp", "-a", str(self.data), str(data)], check=True)
        cluster = PostgresCluster(data, port, rundir)
        cluster.configure()
        return cluster

    def configure(self) -> None:
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.rundir}'",
            "max_connections": "60",
            "shared_buffers": "32MB",
        }
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("\n# bench/faults.py\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))

    def pg_ctl(self, action: str, *options: str) -> subprocess.CompletedProcess:
        return as_postgres(str(PG_BIN / "pg_ctl"), action, "-D", str(self.data), "-l", str(self.log), *options)

    def start(self) -> None:
        out = self.pg_ctl("start", "-w", "-t", "60")
        if out.returncode:
            log = self.log.read_text(errors="replace").strip().splitlines() if self.log.exists() else []
            raise RuntimeError(f"PostgreSQL did not start: {' / '.join(log[-3:]) or out.stderr.strip()}")

    def stop(self, mode: str = "fast") -> None:
        if self.running():
            self.pg_ctl("stop", "-m", mode, "-w", "-t", "60")

    def running(self) -> bool:
        return self.pg_ctl("status").returncode == 0

    def restart(self) -> str:
        began = time.monotonic()
        must(self.pg_ctl("restart", "-m", "fast", "-w", "-t", "60"))
        return f"pg_ctl restart -m fast took {time.monotonic() - began:.1f} s"

    def psql(self, sql: str, *, database: str | None = None, as_app: bool = False) -> str:
        """Run `sql`; in a session writable whatever the server's default is (so that it can undo
        read_only()), unless `as_app`: then as a new session of the app would see it."""
        command = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database or self.name]
        env = {**os.environ, "PGOPTIONS": "" if as_app else "-c default_transaction_read_only=off"}
        out = subprocess.run([*command, "-v", "ON_ERROR_STOP=1", "-Atc", sql], capture_output=True, text=True, env=env)
        return must(out)

    def read_only(self) -> str:
        self.psql("ALTER SYSTEM SET default_transaction_read_only = on")
        self.psql("SELECT pg_reload_conf()")
        if self.psql("SHOW default_transaction_read_only", as_app=True).strip() != "on":
            raise RuntimeError("default_transaction_read_only is not on after the reload")
        return "ALTER SYSTEM SET default_transaction_read_only = on; pg_reload_conf()"

    def writable(self) -> None:
        self.psql("ALTER SYSTEM RESET default_transaction_read_only")
        self.psql("SELECT pg_reload_conf()")


class PostgresDatabase:
    """A copy of the PostgreSQL template cluster, its data directory on a tmpfs of its own."""

    kind = "postgresql"
    margin = 96 * MiB  # room to grow beside the copy: WAL comes in segments of 16 MiB

    def __init__(self, template: PostgresCluster, rundir: Path, port: int):
        self.fs = Tmpfs(rundir / "fs", du(template.data) + self.margin)
        self.cluster = template.copy(rundir, port, self.fs.path / "data")
        try:
            self.cluster.start()
        except BaseException:
            self.close()
            raise
        self.url = self.cluster.url

    def read_only(self) -> str:
        return self.cluster.read_only()

    def writable(self) -> None:
        self.cluster.writable()

    def close(self) -> None:
        try:
            self.cluster.stop("immediate")
        finally:
            self.fs.unmount()
