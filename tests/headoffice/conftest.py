"""Head-office tests run against the real server on loopback, on SQLite and on PostgreSQL.

* ``pg_cluster`` (session): a throwaway PostgreSQL cluster — ``initdb`` into a temporary
  folder, ``pg_ctl start`` on a free loopback port (run as ``postgres`` through ``runuser``
  when the tests run as root: initdb refuses root), torn down at the end. If PostgreSQL cannot
  be found or started the PostgreSQL tests **fail**; they never skip.
* ``backend`` (session, parametrised ``sqlite`` / ``postgresql``): a migrated database and
  ``python -m headoffice serve`` on a free loopback port against it, as a subprocess.
* ``hq`` (per test): every table emptied, the demo catalogue published again, and a small
  HTTP client (``requests``, explicit timeouts) for the test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, select, text

from headoffice import devices, security
from headoffice.catalog import CatalogWriter
from headoffice.clock import india_date, now_utc
from headoffice.db import schema as t
from headoffice.db.engine import make_engine, migrate
from headoffice.demo import load_demo
from pos.demo import load_demo_catalogue
from pos.sync.protocol import OutletData

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- PostgreSQL --------------------------------------------------------------------------------

def _pg_bindir() -> Path:
    configured = os.environ.get("EMPORIUM_PG_BIN")
    candidates = [Path(configured)] if configured else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                         reverse=True)
    for found in (shutil.which("initdb"),):
        if found:
            candidates.append(Path(found).parent)
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) not found: install the "
                "'postgresql' package or set EMPORIUM_PG_BIN. Head-office tests must run on "
                "a real PostgreSQL.", pytrace=False)


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        extra = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
        pytest.fail(f"{what} failed ({done.returncode}): {done.stdout}\n{done.stderr}\n{extra}",
                    pytrace=False)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    """``postgresql://postgres@127.0.0.1:<port>``: a cluster of our own, removed at the end."""
    bindir = _pg_bindir()
    folder = Path(tempfile.mkdtemp(prefix="emporium-pg-"))  # /tmp: reachable by postgres
    data, log = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    started = False
    try:
        _run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U",
                           "postgres", "-E", "UTF8", "--no-locale", "--no-sync"]), "initdb")
        # Tests need no crash safety: fsync off makes each commit cheap.
        options = (f"-k {folder} -h 127.0.0.1 -p {port} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
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


def _create_database(cluster: str, name: str) -> str:
    admin = make_engine(f"{cluster}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{cluster}/{name}"


# -- the server --------------------------------------------------------------------------------

@dataclass
class Backend:
    name: str
    url: str
    engine: Engine
    base: str  # http://127.0.0.1:<port>
    env: dict[str, str]
    log: Path
    pin_hashes: dict[str, str] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return f"{self.base}/api/v1"


SERVER_ENV = {
    "EMPORIUM_HQ_ENROL_LIMIT": "20",
    "EMPORIUM_HQ_RATE_WINDOW": "300",
    "EMPORIUM_HQ_CLOCK_SKEW": "600",
}


def start_server(url: str, folder: Path, extra_env: dict[str, str] | None = None
                 ) -> tuple[subprocess.Popen[bytes], str, dict[str, str], Path]:
    port = free_port()
    env = {**os.environ, **SERVER_ENV, "EMPORIUM_HQ_DATABASE_URL": url,
           "EMPORIUM_HQ_DATA_DIR": str(folder), **(extra_env or {})}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    log = folder / f"server-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "headoffice", "serve", "--port",
                                 str(port)], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited ({proc.returncode}):\n{log.read_text()[-4000:]}",
                        pytrace=False)
        try:
            if requests.get(f"{base}/api/v1/health", timeout=2).ok:
                return proc, base, env, log
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail(f"the server did not start:\n{log.read_text()[-4000:]}", pytrace=False)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def demo_pin_hashes() -> dict[str, str]:
    return {s.staff_id: security.hash_pin(s.pin) for s in load_demo_catalogue().staff}


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
            demo_pin_hashes: dict[str, str]) -> Iterator[Backend]:
    folder = tmp_path_factory.mktemp(f"hq-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'headoffice.db'}"
    else:
        url = _create_database(request.getfixturevalue("pg_cluster"), "hq_test")
    engine = make_engine(url)
    migrate(engine)
    proc, base, env, log = start_server(url, folder)
    try:
        yield Backend(request.param, url, engine, base, env, log, demo_pin_hashes)
    finally:
        stop_server(proc)
        engine.dispose()


def wipe(engine: Engine) -> None:
    """Empty every table and reset the catalogue's counter, as a fresh migration leaves it."""
    tables = [table.name for table in t.metadata.sorted_tables]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"))
        else:
            for name in reversed(tables):
                conn.execute(text(f"DELETE FROM {name}"))
        conn.execute(t.catalog_state.insert().values(id=1, change_seq=0, purged_through=0))


# -- the per-test fixture ----------------------------------------------------------------------

@dataclass
class HQ:
    backend: Backend
    session: requests.Session

    @property
    def engine(self) -> Engine:
        return self.backend.engine

    @property
    def api(self) -> str:
        return self.backend.api

    def code(self, outlet_id: str = "BPL1", minutes: int = 30) -> str:
        with self.engine.begin() as conn:
            return devices.create_enrol_code(conn, outlet_id, now=now_utc(),
                                             ttl=timedelta(minutes=minutes))

    def enroll(self, code: str, *, label: str = "till", outlet_id: str | None = None,
               expect: int = 200) -> dict[str, Any]:
        body: dict[str, Any] = {"code": code, "label": label, "app_version": "0.1.0"}
        if outlet_id is not None:
            body["outlet_id"] = outlet_id
        r = self.session.post(f"{self.api}/enroll", json=body, timeout=TIMEOUT)
        assert r.status_code == expect, r.text
        result: dict[str, Any] = r.json()
        return result

    def get(self, path: str, token: str, **kw: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}", **kw.pop("headers", {})}
        return self.session.get(f"{self.api}{path}", headers=headers, timeout=TIMEOUT, **kw)

    def post(self, path: str, token: str, **kw: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}", **kw.pop("headers", {})}
        return self.session.post(f"{self.api}{path}", headers=headers, timeout=TIMEOUT, **kw)

    def open_stall(self, outlet_id: str = "IITF26", days: int = 7) -> date:
        """Move the demo stall's registration around today (the demo's dates are fixed, the
        tests must not depend on the day they run); returns today in India."""
        today = india_date(now_utc())
        with self.engine.begin() as conn:
            row = conn.execute(select(t.outlets).where(t.outlets.c.outlet_id == outlet_id)).one()
            data = OutletData.model_validate(dict(row._mapping)).model_copy(update={
                "valid_from": today - timedelta(days=days),
                "valid_to": today + timedelta(days=days)})
            CatalogWriter(conn).put("outlet", [data])
        return today

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def q(self, statement: Any) -> list[Any]:
        """Rows of a SQLAlchemy statement (JSON and dates decoded as the app sees them)."""
        with self.engine.connect() as conn:
            return list(conn.execute(statement).all())

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())


@pytest.fixture
def hq(backend: Backend) -> Iterator[HQ]:
    wipe(backend.engine)
    with backend.engine.begin() as conn:
        load_demo(conn, pin_hashes=backend.pin_hashes)
    with requests.Session() as session:
        yield HQ(backend, session)
