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
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, select, text

from headoffice import devices, pgcluster, security
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
    return pgcluster.free_port()


# -- PostgreSQL --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    """``postgresql://postgres@127.0.0.1:<port>``: a cluster of our own, removed at the end."""
    try:
        with pgcluster.temporary_cluster(durable=False) as url:
            yield url
    except pgcluster.ClusterError as exc:
        pytest.fail(f"{exc}. Head-office tests must run on a real PostgreSQL.", pytrace=False)


def _create_database(cluster: str, name: str) -> str:
    return pgcluster.create_database(cluster, name)


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
