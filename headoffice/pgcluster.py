"""A throwaway PostgreSQL cluster for tests and benchmarks (never for production).

``initdb`` into a temporary folder, ``pg_ctl start`` on a free loopback port, removed at the
end. As root the server programs run as ``postgres`` through ``runuser`` (initdb refuses
root). The binaries are found in ``EMPORIUM_PG_BIN``, ``/usr/lib/postgresql/*/bin`` (newest
first) or on ``PATH``.

``durable=False`` (tests) turns fsync and synchronous commit off: each commit is cheap.
``durable=True`` (benchmarks) keeps PostgreSQL's defaults: ``fsync=on``,
``synchronous_commit=on``, ``full_page_writes=on``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from headoffice.db.engine import make_engine


class ClusterError(RuntimeError):
    """PostgreSQL could not be found or started."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bindir() -> Path:
    configured = os.environ.get("EMPORIUM_PG_BIN")
    candidates = [Path(configured)] if configured else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                         reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).parent)
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    raise ClusterError("PostgreSQL server binaries (initdb, pg_ctl) not found: install the "
                       "'postgresql' package or set EMPORIUM_PG_BIN")


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        extra = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
        raise ClusterError(f"{what} failed ({done.returncode}): {done.stdout}\n{done.stderr}\n"
                           f"{extra}")


@contextmanager
def temporary_cluster(*, durable: bool = False, max_connections: int = 200) -> Iterator[str]:
    """Yield ``postgresql://postgres@127.0.0.1:<port>``: a cluster of our own, removed at the
    end (stopped with ``-m fast``)."""
    bindir = pg_bindir()
    folder = Path(tempfile.mkdtemp(prefix="emporium-pg-"))  # /tmp: reachable by postgres
    data, log = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    started = False
    try:
        _run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U",
                           "postgres", "-E", "UTF8", "--no-locale", "--no-sync"]), "initdb")
        options = f"-k {folder} -h 127.0.0.1 -p {port} -c max_connections={max_connections}"
        if durable:
            options += " -c fsync=on -c synchronous_commit=on -c full_page_writes=on"
        else:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                           str(log), "-w", "-t", "60", "start"]), "pg_ctl start", log)
        started = True
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        if started:
            subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                         "-w", "stop"]), capture_output=True, timeout=120,
                           check=False)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(cluster: str, name: str) -> str:
    """A fresh (dropped if present) UTF-8 database ``name`` in ``cluster``; returns its URL."""
    admin = make_engine(f"{cluster}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{cluster}/{name}"
