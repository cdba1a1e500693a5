"""``sync``: a till and head office on PostgreSQL exchanging a backlog and the catalogue.

The real pieces: a throwaway durable PostgreSQL (``fsync=on``, ``synchronous_commit=on``),
the real head-office server (``python -m headoffice serve``, uvicorn) on loopback, and in this
process the real till (its SQLite store, :func:`pos.bootstrap.build_till`) enrolled with a
one-time code through :func:`pos.sync_wiring.enrolment`, syncing through
:func:`pos.sync_wiring.open_worker` (the same worker, engine and HTTP transport as the app).

Figures, each beside a baseline measured in the same run:

* **push**: 10,000 sales of 10 lines, made beforehand by the till's own ``Till.complete``
  (not timed: the creation time is printed apart), pushed by one ``SyncWorker.attempt()``
  in gzipped batches of 100. Per-batch latency, sales/s and total seconds. Baseline: the very
  bodies the till sent (bytes recorded as sent), POSTed again over one keep-alive connection
  to a trivial ASGI endpoint under uvicorn that reads the body and answers ``{}``: the cost
  of the transfer alone. Target: 10,000 sales in ≤ 20 s.
* **snapshot**: head office holds 200,000 more products (bulk-loaded for the setup through
  ``CatalogWriter``, not timed); the till loads the snapshot (``SyncEngine.load_snapshot``:
  download, parse, validate, stage, swap). Baseline: the same snapshot GET with ``requests``,
  bytes read and discarded. The first GET after a catalogue change makes head office build
  its snapshot file: that cold GET is reported on its own (``server_build_s``), before both
  timed downloads, which are then served from head office's cached file. Target: ≤ 60 s.
* **delta**: 1,000 price edits at head office (one ``CatalogWriter.put``), then the till pulls
  and applies them (``SyncEngine.pull``: ``GET /catalog/changes`` pages, one transaction a
  page). Baseline: the same pages GET with ``requests`` and discarded. Target: ≤ 2 s.
"""

from __future__ import annotations

import gzip
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import text

from bench.harness import Figure, Stats
from bench.ingest import _start_server, _stop_server
from headoffice import devices, pgcluster, security
from headoffice.catalog import CatalogWriter
from headoffice.clock import now_utc
from headoffice.db.engine import make_engine, migrate
from headoffice.demo import load_demo
from pos.bootstrap import TillParts, build_till
from pos.demo import generate_catalogue, load_demo_catalogue
from pos.domain.customer import BUYER_DETAILS_FROM
from pos.domain.payments import Tender
from pos.store.database import open_store
from pos.store.sync_store import SqlSyncStore
from pos.sync.engine import Tally
from pos.sync.protocol import API_PREFIX, MAX_CHANGES_LIMIT, ProductData, PushResponse
from pos.sync.transport import GZIP_ABOVE, HttpTransport, PushBody
from pos.sync.worker import SyncWorker
from pos.sync_wiring import enrolment, open_worker

ROOT = Path(__file__).resolve().parents[1]
OUTLET = "BPL1"
LINES = 10
SALES, QUICK_SALES = 10_000, 300
PRODUCTS, QUICK_PRODUCTS = 200_000, 5_000
CHANGES, QUICK_CHANGES = 1_000, 100
PUT_CHUNK = 5_000
TIMEOUT = 120


# -- head office ---------------------------------------------------------------------------------


def _prepare_head_office(url: str) -> None:
    engine = make_engine(url)
    migrate(engine)
    hashes = {s.staff_id: security.hash_pin(s.pin) for s in load_demo_catalogue().staff}
    with engine.begin() as conn:
        load_demo(conn, pin_hashes=hashes)
    engine.dispose()


def _enrol_code(url: str) -> str:
    engine = make_engine(url)
    with engine.begin() as conn:
        code = devices.create_enrol_code(conn, OUTLET, now=now_utc(), ttl=timedelta(minutes=60))
    engine.dispose()
    return code


def _product_data(products: Iterator[Any]) -> Iterator[ProductData]:
    for p in products:
        yield ProductData(product_id=p.product_id, sku=p.sku, name_en=p.name_en,
                          name_hi=p.name_hi, hsn=p.hsn, unit=p.unit, mrp=p.mrp,
                          is_handicraft=p.is_handicraft, barcodes=list(p.barcodes),
                          category_id=p.category or "", supplier_id=p.supplier_id or "",
                          active=p.active)


def _publish_products(url: str, count: int) -> list[ProductData]:
    """Add ``count`` generated products to head office's catalogue, through the real writer
    (one transaction, in chunks); returns them."""
    engine = make_engine(url)
    published: list[ProductData] = []
    chunk: list[ProductData] = []
    with engine.begin() as conn:
        writer = CatalogWriter(conn)
        for item in _product_data(generate_catalogue(count, seed=1, include_demo=False)):
            chunk.append(item)
            if len(chunk) == PUT_CHUNK:
                writer.put("product", chunk)
                published += chunk
                chunk = []
        if chunk:
            writer.put("product", chunk)
            published += chunk
    engine.dispose()
    return published


def _edit_prices(url: str, products: list[ProductData], count: int, rng: random.Random) -> None:
    """``count`` price edits at head office, in one catalogue write."""
    picked = rng.sample(products, count)
    engine = make_engine(url)
    with engine.begin() as conn:
        CatalogWriter(conn).put("product", [p.model_copy(update={"mrp": p.mrp + 500})
                                            for p in picked])
    engine.dispose()


# -- a trivial endpoint: the transfer baseline --------------------------------------------------


async def sink(scope: dict[str, Any], receive: Callable[[], Any],
               send: Callable[[dict[str, Any]], Any]) -> None:
    """ASGI app that reads the whole request body and answers ``{}``: nothing else."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"{}"})


@contextmanager
def _sink_server(folder: Path) -> Iterator[str]:
    port = pgcluster.free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    log = (folder / "sink.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "bench.sync:sink", "--host",
                             "127.0.0.1", "--port", str(port), "--log-level", "warning",
                             "--no-access-log"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    log.close()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.post(base, data=b"x", timeout=2)
                break
            except requests.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the sink server did not start:\n" + (
                        folder / "sink.log").read_text(errors="replace")[-2000:]) from None
                time.sleep(0.1)
        yield base
    finally:
        _stop_server(proc)


# -- the till ----------------------------------------------------------------------------------


class RecordingTransport(HttpTransport):
    """The real transport, keeping each push's duration and what it sent (for the baseline)."""

    def __init__(self, base_url: str, token: str = "") -> None:
        super().__init__(base_url, token)
        self.push_ns: list[int] = []
        self.bodies: list[PushBody] = []

    def push(self, body: PushBody, pending: int | None = None,
             oldest: Any = None) -> PushResponse:
        start = time.perf_counter_ns()
        try:
            return super().push(body, pending, oldest)
        finally:
            self.push_ns.append(time.perf_counter_ns() - start)
            self.bodies.append(body)


@dataclass
class Till:
    parts: TillParts
    worker: SyncWorker
    transport: RecordingTransport
    folder: Path
    pulled_since: list[int] = field(default_factory=list)
    changes_ns: list[int] = field(default_factory=list)  # each GET /catalog/changes, parsed

    def close(self) -> None:
        self.worker.release()
        self.transport.close()
        self.parts.store.close()


def _enrol(base: str, code: str, folder: Path) -> Till:
    folder.mkdir(parents=True, exist_ok=True)
    store = open_store(folder / "till.db")
    done = enrolment(store, folder, use_keyring=False).enrol(base, code, "bench till",
                                                             lambda *_: None)
    transports: list[RecordingTransport] = []

    def make(url: str, token: str) -> HttpTransport:
        transports.append(RecordingTransport(url, token))
        return transports[-1]

    worker = open_worker(store, folder, use_keyring=False, transport_factory=make)
    if worker is None:
        raise RuntimeError("the till is not enrolled")
    till = Till(build_till(store, done.outlet_id), worker, transports[0], folder)
    changes = till.transport.changes

    def recorded_changes(since: int, limit: int, etag: str = "") -> Any:
        till.pulled_since.append(since)
        start = time.perf_counter_ns()
        try:
            return changes(since, limit, etag)
        finally:
            till.changes_ns.append(time.perf_counter_ns() - start)

    till.transport.changes = recorded_changes  # type: ignore[method-assign]
    return till


def _make_sales(till: Till, count: int, rng: random.Random) -> None:
    """``count`` sales of ``LINES`` lines through the till's own services."""
    t = till.parts.till
    manager = t.login("STF-RAMESH", "9999")
    cashier = t.login("STF-MEENA", "1111")
    t.open_day(manager, 500_000)
    # Cheap enough that 10 of them stay under the ₹50,000 from which the buyer's details
    # are needed: walk-in sales, as at a stall.
    codes = [p.barcodes[0] for p in load_demo_catalogue().products
             if p.active and p.barcodes and p.mrp * LINES < BUYER_DETAILS_FROM]
    for _ in range(count):
        cart = t.new_cart()
        for code in rng.sample(codes, LINES):
            t.scan(cart, code)
        t.complete(cart, [Tender.cash(cart.totals().payable)], cashier)


def _check_pushed(till: Till, url: str, sales: int) -> dict[str, int]:
    count, _oldest = SqlSyncStore(till.parts.store).pending_summary()
    status = till.worker.status()
    if count:
        raise RuntimeError(f"{count} events still pending after the push: {status}")
    engine = make_engine(url)
    with engine.connect() as conn:
        at_hq = int(conn.execute(text("SELECT count(*) FROM sales")).scalar_one())
    engine.dispose()
    if at_hq != sales:
        raise RuntimeError(f"head office holds {at_hq} sales, the till made {sales}")
    with till.parts.store.reading() as conn:
        rows = conn.execute(text("SELECT status, count(*) FROM outbox GROUP BY status")).all()
    return {str(s): int(n) for s, n in rows}


# -- baselines -----------------------------------------------------------------------------------


def _post_bodies(base: str, bodies: list[PushBody]) -> list[int]:
    raws = []
    for body in bodies:
        raw = body.encode()
        headers = {"Content-Type": "application/json"}
        if len(raw) > GZIP_ABOVE:
            raw = gzip.compress(raw, compresslevel=6)
            headers["Content-Encoding"] = "gzip"
        raws.append((raw, headers))
    took = []
    with requests.Session() as session:
        session.trust_env = False
        for raw, headers in raws:
            start = time.perf_counter_ns()
            r = session.post(f"{base}{API_PREFIX}/sync/push", data=raw, headers=headers,
                             timeout=TIMEOUT)
            r.raise_for_status()
            took.append(time.perf_counter_ns() - start)
    return took


def _get_snapshot(base: str, token: str) -> tuple[int, int]:
    """(nanoseconds, bytes) of one raw snapshot download, read and discarded."""
    start = time.perf_counter_ns()
    size = 0
    with requests.get(f"{base}{API_PREFIX}/catalog/snapshot", stream=True, timeout=TIMEOUT,
                      headers={"Authorization": f"Bearer {token}"}) as r:
        r.raise_for_status()
        for chunk in r.raw.stream(1 << 20, decode_content=False):
            size += len(chunk)
    return time.perf_counter_ns() - start, size


def _get_changes(base: str, token: str, pages: list[int]) -> tuple[int, int]:
    start = time.perf_counter_ns()
    size = 0
    with requests.Session() as session:
        session.trust_env = False
        for since in pages:
            r = session.get(f"{base}{API_PREFIX}/catalog/changes", timeout=TIMEOUT,
                            params={"since": since, "limit": MAX_CHANGES_LIMIT},
                            headers={"Authorization": f"Bearer {token}"})
            r.raise_for_status()
            size += len(r.content)
    return time.perf_counter_ns() - start, size


def _one(ns: int) -> Stats:
    return Stats.of([ns])


# -- the benchmark -------------------------------------------------------------------------------


def run(*, quick: bool = False) -> list[Figure]:
    n_sales = QUICK_SALES if quick else SALES
    n_products = QUICK_PRODUCTS if quick else PRODUCTS
    n_changes = QUICK_CHANGES if quick else CHANGES
    rng = random.Random(17)
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp, \
            pgcluster.temporary_cluster(durable=True) as cluster:
        folder = Path(tmp)
        url = pgcluster.create_database(cluster, "hq_sync")
        _prepare_head_office(url)
        proc, base = _start_server(url, folder, int(os.environ.get("EMPORIUM_BENCH_WORKERS",
                                                                   "1")))
        try:
            till = _enrol(base, _enrol_code(url), folder / "till")
            try:
                figures = _measure(till, url, base, folder, n_sales, n_products, n_changes,
                                   rng)
            finally:
                till.close()
        finally:
            _stop_server(proc)
    return figures


def _measure(till: Till, url: str, base: str, folder: Path, n_sales: int, n_products: int,
             n_changes: int, rng: random.Random) -> list[Figure]:
    token = till.transport.token
    engine = till.worker.engine

    # -- push --
    start = time.perf_counter()
    _make_sales(till, n_sales, rng)
    made_s = time.perf_counter() - start
    start = time.perf_counter()
    till.worker.attempt()
    push_s = time.perf_counter() - start
    statuses = _check_pushed(till, url, n_sales)
    events = sum(len(b.events) for b in till.transport.bodies)
    sent = sum(len(b.encode()) for b in till.transport.bodies)
    with _sink_server(folder) as sink_base:
        sink_took = _post_bodies(sink_base, till.transport.bodies)
    sink_s = sum(sink_took) / 1e9
    push = Figure(
        "sync.push_sales",
        f"{n_sales:,} pending sales of {LINES} lines (+ the day's opening: {events:,} events) "
        f"pushed by one till (SyncWorker.attempt, gzipped batches of ≤ 100) to head office "
        "on durable PostgreSQL; per-batch latency",
        Stats.of(till.transport.push_ns),
        "the same gzipped bodies POSTed to a trivial uvicorn endpoint (transfer only)",
        Stats.of(sink_took), f"{SALES:,} sales in ≤ 20 s",
        extra={"total_s": round(push_s, 2), "sales_per_s": round(n_sales / push_s, 1),
               "baseline_total_s": round(sink_s, 3),
               "in_push_calls_s": round(sum(till.transport.push_ns) / 1e9, 2),
               "batches": len(till.transport.bodies), "json_mb": round(sent / 1e6, 1),
               "till_made_sales_s": round(made_s, 1),
               **{f"outbox_{k}": v for k, v in sorted(statuses.items())}})

    # -- snapshot --
    start = time.perf_counter()
    products = _publish_products(url, n_products)
    loaded_s = time.perf_counter() - start
    build_ns, _size = _get_snapshot(base, token)  # head office builds and caches the file
    base_ns, size = _get_snapshot(base, token)
    tally = Tally()
    results: list[Any] = []
    load = engine.store.load_snapshot

    def kept(*args: Any, **kw: Any) -> Any:
        results.append(load(*args, **kw))
        return results[-1]

    engine.store.load_snapshot = kept  # type: ignore[method-assign]
    start = time.perf_counter_ns()
    engine.load_snapshot(tally)
    snap_ns = time.perf_counter_ns() - start
    with till.parts.store.reading() as conn:
        on_till = int(conn.execute(text("SELECT count(*) FROM products")).scalar_one())
    demo = len(load_demo_catalogue().products)
    if on_till != n_products + demo:
        raise RuntimeError(f"the till holds {on_till} products after the snapshot, "
                           f"head office {n_products + demo}")
    snapshot = Figure(
        "sync.snapshot",
        f"catalogue snapshot of {tally.snapshot_rows:,} rows ({on_till:,} products) "
        "downloaded, parsed, validated, staged and swapped in by the till "
        "(SyncEngine.load_snapshot)",
        _one(snap_ns), "the same snapshot GET with requests, bytes discarded", _one(base_ns),
        "≤ 60 s",
        extra={"total_s": round(snap_ns / 1e9, 2), "baseline_s": round(base_ns / 1e9, 2),
               "till_download_and_stage_s": round(results[0].staging_seconds, 2),
               "till_swap_s": round(results[0].swap_seconds, 2),
               "server_build_s": round(build_ns / 1e9, 2), "gzip_mb": round(size / 1e6, 1),
               "hq_setup_load_s": round(loaded_s, 1)})

    # -- delta --
    _edit_prices(url, products, n_changes, rng)
    till.pulled_since.clear()
    till.changes_ns.clear()
    tally = Tally()
    start = time.perf_counter_ns()
    engine.pull(tally)
    delta_ns = time.perf_counter_ns() - start
    if tally.catalogue_changes != n_changes:
        raise RuntimeError(f"the till applied {tally.catalogue_changes} changes, "
                           f"head office made {n_changes}")
    pages = list(till.pulled_since)
    base_delta_ns, delta_size = _get_changes(base, token, pages)
    delta = Figure(
        "sync.delta",
        f"{n_changes:,} price edits pulled (GET /catalog/changes, {len(pages)} request(s)) "
        "and applied by the till (SyncEngine.pull)",
        _one(delta_ns), "the same change pages GET with requests, discarded",
        _one(base_delta_ns), "≤ 2 s",
        extra={"total_s": round(delta_ns / 1e9, 3), "baseline_s": round(base_delta_ns / 1e9, 3),
               "till_http_s": round(sum(till.changes_ns) / 1e9, 3),
               "till_apply_s": round((delta_ns - sum(till.changes_ns)) / 1e9, 3),
               "json_kb": round(delta_size / 1e3, 1)})
    return [push, snapshot, delta]
