"""``ingest``: head office receiving sales from the tills, on a durable PostgreSQL.

A throwaway PostgreSQL cluster with PostgreSQL's durable commit (``fsync=on``,
``synchronous_commit=on``), the real server (``python -m headoffice serve``, uvicorn) on
loopback, and 4 tills of one outlet pushing concurrently, each its own sales in order, in
gzipped batches of 100 through ``POST /api/v1/sync/push``: 20,000 sales of 10 lines in all.
Every sale must come back ``applied``.

Baseline, in the same run: the very rows head office wrote for each batch (received event,
sale, lines, tenders, stock moves) copied into a second, empty database of the same schema
with one ``COPY`` per table per batch, one durable transaction per batch, 4 connections at
once: the cost of getting those bytes onto disk with nothing checked.

Figures: sales/s of each, their ratio, and per-batch latency (p50/p99). Target: ≥ 1,000
sales/s. The server runs ``EMPORIUM_BENCH_WORKERS`` uvicorn workers (2: one per core here);
client, server and PostgreSQL share the machine, so other load on it lowers the figure.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import requests
from psycopg import sql

from bench.harness import Figure, Stats
from headoffice import devices, pgcluster
from headoffice.clock import now_utc
from headoffice.db.engine import make_engine, migrate
from headoffice.demo import load_demo
from pos.demo import load_demo_catalogue
from pos.domain.cart import Cart
from pos.domain.catalog import ProductSnapshot
from pos.domain.discounts import DiscountLimit, DiscountPolicy, Role
from pos.domain.documents import Sale, sale_payload
from pos.domain.numbering import FinancialYear, Series
from pos.domain.payments import Tender, settle
from pos.domain.tax import Supply
from pos.sync.protocol import payload_sha256

ROOT = Path(__file__).resolve().parents[1]
DEVICES = 4
BATCH = 100
LINES = 10
SALES = 20_000
QUICK_SALES = 800
OUTLET = "BPL1"
BUSINESS_DATE = date(2026, 1, 10)
TIMEOUT = 120
# What head office writes for each sale, in foreign-key order (the baseline copies these).
FACT_TABLES = ("received_events", "sales", "sale_lines", "sale_tenders", "stock_moves")


# -- the sales, made by the till's own domain code -----------------------------------------------


def _sales(prefix: str, outlet_state: str, count: int, rng: random.Random) -> list[dict[str, Any]]:
    """``count`` outbox envelopes of 10-line sales in one device's series, seq 1..count."""
    catalogue = load_demo_catalogue()
    products = [p for p in catalogue.products if p.active]
    snapshots = [ProductSnapshot.of(p, catalogue.rule_for(p, BUSINESS_DATE)) for p in products]
    policy = DiscountPolicy({Role.ADMIN: DiscountLimit(10_000, 10_000)})
    day_id = str(uuid.uuid4())
    year = FinancialYear.of(BUSINESS_DATE)
    series = Series(prefix)
    start = datetime.now(UTC) - timedelta(hours=1)
    envelopes = []
    for n in range(1, count + 1):
        cart = Cart(supply=Supply.INTRA_STATE, sale_date=BUSINESS_DATE, policy=policy)
        for snapshot in rng.sample(snapshots, LINES):
            cart.add(snapshot, 1000 * rng.randint(1, 3))
        totals = cart.totals()
        at = start + timedelta(milliseconds=n)
        sale = Sale(sale_id=str(uuid.uuid4()), invoice_no=series.format(year, n),
                    outlet_id=OUTLET, day_id=day_id, business_date=BUSINESS_DATE,
                    created_at=at, staff_id="STF-MEENA", supply=Supply.INTRA_STATE,
                    place_of_supply=outlet_state, totals=totals, bill_discount=None,
                    settlement=settle(totals.payable, [Tender.cash(totals.payable)]))
        payload = sale_payload(sale)
        envelopes.append({"seq": n, "event_id": sale.sale_id, "type": "sale",
                          "business_date": BUSINESS_DATE.isoformat(),
                          "device_time": at.isoformat(), "sha256": payload_sha256(payload),
                          "payload": payload})
    return envelopes


def _bodies(envelopes: Sequence[dict[str, Any]]) -> list[bytes]:
    """The batches as a till sends them: gzipped JSON of at most 100 events."""
    return [gzip.compress(json.dumps({"events": list(envelopes[i:i + BATCH])},
                                     ensure_ascii=False).encode(), 6)
            for i in range(0, len(envelopes), BATCH)]


# -- the server ----------------------------------------------------------------------------------


def _start_server(url: str, folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = pgcluster.free_port()
    env = {**os.environ, "EMPORIUM_HQ_DATABASE_URL": url, "EMPORIUM_HQ_DATA_DIR": str(folder)}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "headoffice", "serve", "--port", str(port),
                             "--workers", str(workers)], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if requests.get(f"{base}/api/v1/health", timeout=2).ok:
                return proc, base
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the head-office server did not start:\n"
                       + (folder / "server.log").read_text(errors="replace")[-4000:])


def _stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


# -- running 4 devices at once -------------------------------------------------------------------


def _concurrently(jobs: Sequence[Callable[[], list[int]]]) -> tuple[float, list[int]]:
    """Run the jobs on one thread each, released together; (wall seconds, every duration)."""
    durations: list[list[int]] = [[] for _ in jobs]
    errors: list[BaseException] = []
    gate = threading.Barrier(len(jobs) + 1)

    def worker(i: int) -> None:
        gate.wait()
        try:
            durations[i] = jobs[i]()
        except BaseException as exc:  # reported below, on the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    gate.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if errors:
        raise errors[0]
    return wall, [d for per_job in durations for d in per_job]


def _pusher(base: str, token: str, bodies: list[bytes], statuses: Counter[str]
            ) -> Callable[[], list[int]]:
    def job() -> list[int]:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                   "Content-Encoding": "gzip"}
        took = []
        with requests.Session() as session:
            for body in bodies:
                start = time.perf_counter_ns()
                r = session.post(f"{base}/api/v1/sync/push", data=body, headers=headers,
                                 timeout=TIMEOUT)
                took.append(time.perf_counter_ns() - start)
                if r.status_code != 200:
                    raise RuntimeError(f"push answered {r.status_code}: {r.text[:500]}")
                for result in r.json()["results"]:
                    statuses[result["status"] + ("+flags" if result["flags"] else "")] += 1
        return took
    return job


# -- the COPY baseline ---------------------------------------------------------------------------


def _batch_rows(source: psycopg.Connection[Any], device_id: str, first: int, last: int
                ) -> list[tuple[str, bytes]]:
    """What head office wrote for one batch, table by table, in COPY text format."""
    events = sql.SQL("SELECT id FROM received_events WHERE device_id = {} AND seq BETWEEN {} "
                     "AND {}").format(sql.Literal(device_id), sql.Literal(first),
                                      sql.Literal(last))
    sales = sql.SQL("SELECT sale_id FROM sales WHERE received_event_id IN ({})").format(events)
    where = {
        "received_events": sql.SQL("id IN ({})").format(events),
        "sales": sql.SQL("received_event_id IN ({})").format(events),
        "sale_lines": sql.SQL("sale_id IN ({})").format(sales),
        "sale_tenders": sql.SQL("sale_id IN ({})").format(sales),
        "stock_moves": sql.SQL("ref IN ({})").format(sales),
    }
    out = []
    with source.cursor() as cur:
        for table in FACT_TABLES:
            query = sql.SQL("COPY (SELECT * FROM {} WHERE {}) TO STDOUT").format(
                sql.Identifier(table), where[table])
            with cur.copy(query) as copy:
                out.append((table, b"".join(bytes(chunk) for chunk in copy)))
    return out


def _copier(url: str, batches: list[list[tuple[str, bytes]]]) -> Callable[[], list[int]]:
    def job() -> list[int]:
        took = []
        with psycopg.connect(url) as conn:
            for batch in batches:
                start = time.perf_counter_ns()
                with conn.transaction(), conn.cursor() as cur:
                    for table, data in batch:
                        with cur.copy(sql.SQL("COPY {} FROM STDIN").format(
                                sql.Identifier(table))) as copy:
                            copy.write(data)
                took.append(time.perf_counter_ns() - start)
        return took
    return job


def _copy_table(source: psycopg.Connection[Any], target: psycopg.Connection[Any],
                table: str) -> None:
    with source.cursor() as out, target.cursor() as into:
        with out.copy(sql.SQL("COPY {} TO STDOUT").format(sql.Identifier(table))) as copy:
            data = b"".join(bytes(chunk) for chunk in copy)
        with into.copy(sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))) as copy:
            copy.write(data)


# -- the benchmark -------------------------------------------------------------------------------


def _migrated(url: str) -> None:
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as conn:
        load_demo(conn)
    engine.dispose()


def run(*, quick: bool = False) -> list[Figure]:
    total = QUICK_SALES if quick else SALES
    per_device = total // DEVICES
    workers = int(os.environ.get("EMPORIUM_BENCH_WORKERS", "2"))
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp, \
            pgcluster.temporary_cluster(durable=True) as cluster:
        url = pgcluster.create_database(cluster, "hq_bench")
        copy_url = pgcluster.create_database(cluster, "hq_copy")
        _migrated(url)
        _migrated(copy_url)
        engine = make_engine(url)
        with engine.begin() as conn:
            codes = [devices.create_enrol_code(conn, OUTLET, now=now_utc(),
                                               ttl=timedelta(minutes=30))
                     for _ in range(DEVICES)]
        engine.dispose()
        proc, base = _start_server(url, Path(tmp), workers)
        try:
            tills = []
            for i, code in enumerate(codes):
                r = requests.post(f"{base}/api/v1/enroll", json={
                    "code": code, "label": f"till {i + 1}", "app_version": "bench"},
                    timeout=TIMEOUT)
                r.raise_for_status()
                tills.append(r.json())
            bodies = [_bodies(_sales(till["series_prefix"], till["outlet"]["state_code"],
                                     per_device, rng)) for till in tills]
            statuses: Counter[str] = Counter()
            wall, took = _concurrently([_pusher(base, till["token"], mine, statuses)
                                        for till, mine in zip(tills, bodies, strict=True)])
        finally:
            _stop_server(proc)
        if statuses != Counter({"applied": DEVICES * per_device}):
            raise RuntimeError(f"not every sale was applied cleanly: {dict(statuses)}")

        with psycopg.connect(url) as source:
            with psycopg.connect(copy_url) as target:
                _copy_table(source, target, "devices")  # the events' foreign key
            batches = [[_batch_rows(source, till["device_id"], first, first + BATCH - 1)
                        for first in range(1, per_device + 1, BATCH)] for till in tills]
        copy_wall, copy_took = _concurrently([_copier(copy_url, mine) for mine in batches])

    sales = DEVICES * per_device
    rate, copy_rate = sales / wall, sales / copy_wall
    return [Figure(
        "ingest.push_sales",
        f"{sales:,} sales of {LINES} lines pushed by {DEVICES} concurrent tills in gzipped "
        f"batches of {BATCH} through POST /sync/push (uvicorn, {workers} worker(s)), "
        "PostgreSQL fsync=on synchronous_commit=on; per-batch latency",
        Stats.of(took), f"one COPY per table per batch of the same rows, {DEVICES} "
        "connections, durable commit", Stats.of(copy_took), "≥ 1,000 sales/s",
        extra={"sales_per_s": round(rate, 1), "copy_sales_per_s": round(copy_rate, 1),
               "ratio_copy_over_push": round(copy_rate / rate, 2)})]
