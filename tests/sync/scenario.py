"""What the fault scenarios share: tills that talk to head office through the fault proxy, a
counter day in a few calls, driving the worker until it has nothing left, and the one check
every scenario ends with: head office's totals are the till's, to the paisa."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from headoffice.db import schema as hq_t
from pos.domain.documents import Sale
from pos.domain.payments import Tender
from pos.domain.reports import COINS, NOTES
from pos.services.ports import Clock
from pos.services.sync_status import SyncIssue
from pos.store import schema as till_t
from pos.store.sync_store import SqlSyncStore
from pos.sync.protocol import canonical_json, payload_sha256
from pos.sync.transport import HttpTransport
from tests.headoffice.conftest import HQ
from tests.sync.conftest import SyncedTill, enrol_till
from tests.sync.faultproxy import FaultProxy

PUSH = "/api/v1/sync/push"
META = "/api/v1/sync/meta"
CHANGES = "/api/v1/catalog/changes"
SNAPSHOT = "/api/v1/catalog/snapshot"

SAREE = "2000000100012"  # Chanderi saree (demo catalogue)
KURTA = "KUR-M-0003"
# The till's statuses of events head office holds, each once. A ``mismatch`` is held too: as
# the first copy head office received under that id (its own, from this device).
ACCEPTED = ("sent", "flagged", "parked", "mismatch")


def via(proxy: FaultProxy, **transport_kw: Any) -> Callable[[str, str], HttpTransport]:
    """A transport factory for :func:`pos.sync_wiring.open_worker`: through the proxy."""
    return lambda _url, token: HttpTransport(proxy.url, token, **transport_kw)


def till_via(hq: HQ, proxy: FaultProxy, folder: Path, outlet_id: str = "BPL1",
             label: str = "counter", *, clock: Clock | None = None,
             transport_kw: dict[str, Any] | None = None, **engine_kw: Any) -> SyncedTill:
    """A till enrolled directly, syncing through the proxy."""
    return enrol_till(hq, folder, outlet_id, label, clock=clock,
                      transport_factory=via(proxy, **(transport_kw or {})), **engine_kw)


def counts_for(amount: int) -> dict[str, int]:
    """The notes and coins of ``amount`` paise (whole rupees)."""
    counts: dict[str, int] = {}
    for kind, values in (("note", NOTES), ("coin", COINS)):
        for value in values:
            if amount >= value:
                counts[f"{kind}:{value}"], amount = divmod(amount, value)
    assert amount == 0, "cash is in whole rupees"
    return counts


def open_day(synced: SyncedTill, opening_float: int = 500_000) -> None:
    till = synced.till
    till.open_day(till.login("STF-RAMESH", "9999"), opening_float)


def sell(synced: SyncedTill, *codes: str, qty_milli: int = 1000) -> Sale:
    """One cash sale of ``codes`` (one line each), paid exactly."""
    till = synced.till
    cart = till.new_cart()
    for code in codes:
        till.scan(cart, code, qty_milli)
    return till.complete(cart, [Tender.cash(cart.totals().payable)], synced.login())


def close_day(synced: SyncedTill) -> None:
    till = synced.till
    till.close_day(till.login("STF-RAMESH", "9999"),
                   counts_for(till.x_report().figures.expected_cash))


def outbox(synced: SyncedTill) -> list[Any]:
    """The till's outbox rows, in ``seq`` order."""
    o = till_t.outbox
    with synced.parts.store.reading() as conn:
        return list(conn.execute(select(o).order_by(o.c.seq)).all())


def statuses(synced: SyncedTill) -> dict[str, str]:
    return {row.event_id: row.status for row in outbox(synced)}


def pending(synced: SyncedTill) -> int:
    return SqlSyncStore(synced.parts.store).pending_summary()[0]


def device_id(synced: SyncedTill) -> str:
    return str(SqlSyncStore(synced.parts.store).state()["device_id"])


def drain(synced: SyncedTill, attempts: int = 50) -> int:
    """Run sync attempts until one succeeds with nothing left to send; returns how many it
    took. Fails when it never gets there."""
    for n in range(1, attempts + 1):
        delay = synced.worker.attempt()
        if delay == synced.worker.idle_seconds and pending(synced) == 0:
            return n
        assert delay is not None, f"the worker stopped: {synced.worker.status()}"
    raise AssertionError(f"still {pending(synced)} pending after {attempts} attempts: "
                         f"{synced.worker.status()}")


@dataclass(frozen=True)
class Totals:
    events: int  # events head office holds (applied or parked), each once
    event_ids: frozenset[str]
    sales: int  # sales received
    payable: int  # paise, sales not voided
    voided: int
    refunds: int  # paise


def till_totals(tills: Sequence[SyncedTill]) -> Totals:
    """What the tills recorded, from their outboxes: the events head office acknowledged."""
    ids: set[str] = set()
    payable: dict[str, int] = {}
    voided: set[str] = set()
    refunds = 0
    for synced in tills:
        for row in outbox(synced):
            if row.status not in ACCEPTED:
                continue
            ids.add(row.event_id)
            payload = json.loads(row.payload)
            if row.type == "sale":
                payable[payload["sale_id"]] = payload["totals"]["payable"]
            elif row.type == "void":
                voided.add(payload["sale_id"])
            elif row.type == "credit_note":
                refunds += payload["refund"]
    return Totals(len(ids), frozenset(ids), len(payable),
                  sum(v for k, v in payable.items() if k not in voided), len(voided), refunds)


def hq_totals(hq: HQ, devices: Sequence[str]) -> Totals:
    r, s, c = hq_t.received_events, hq_t.sales, hq_t.credit_notes
    ids = [row[0] for row in hq.q(select(r.c.event_id).where(
        r.c.device_id.in_(devices), r.c.status.in_(("applied", "parked"))))]
    sales = hq.q(select(s.c.payable, s.c.status).where(s.c.device_id.in_(devices)))
    refunds = hq.q(select(func.coalesce(func.sum(c.c.refund), 0))
                   .where(c.c.device_id.in_(devices)))[0][0]
    return Totals(len(ids), frozenset(ids), len(sales),
                  sum(p for p, status in sales if status == "completed"),
                  sum(1 for _p, status in sales if status == "voided"), int(refunds))


def assert_head_office_agrees(hq: HQ, *tills: SyncedTill) -> Totals:
    """Nothing waits on any till, and head office holds exactly the events the tills had
    acknowledged, each once: sales, their payable sum, voids and refunds to the paisa."""
    for synced in tills:
        assert pending(synced) == 0, f"{pending(synced)} events still wait on {synced.folder}"
    mine = till_totals(tills)
    theirs = hq_totals(hq, [device_id(synced) for synced in tills])
    assert theirs == mine
    return mine


def rewrite_outbox(synced: SyncedTill, event_id: str, payload: dict[str, Any], *,
                   status: str = "pending") -> None:
    """Store another payload (and its true SHA-256) under an outbox event, as a damaged or
    tampered database would hold it."""
    o = till_t.outbox
    with synced.parts.store.transaction() as conn:
        done = conn.execute(update(o).where(o.c.event_id == event_id).values(
            payload=canonical_json(payload), sha256=payload_sha256(payload), status=status))
        assert done.rowcount == 1


def issues(synced: SyncedTill) -> dict[str, SyncIssue]:
    return {issue.event_id: issue for issue in synced.worker.issues()}
