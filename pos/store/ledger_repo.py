"""Stock ledger, audit log, outbox and print queue in SQLite."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, func, insert, select

from pos.services.ports import AuditEntry, Clock, OutboxEvent, StockMove
from pos.store import schema as t
from pos.store.repo_base import Repo, canonical_json


class SqlStock(Repo):
    def add(self, moves: list[StockMove]) -> None:
        if moves:
            self.conn.execute(insert(t.stock_moves), [
                {"product_id": m.product_id, "qty_milli": m.qty_milli, "kind": m.kind,
                 "ref": m.ref, "reason": m.reason, "staff_id": m.staff_id,
                 "at": m.at.isoformat()} for m in moves
            ])

    def on_hand(self, product_id: str) -> int:
        total = self.conn.execute(
            select(func.coalesce(func.sum(t.stock_moves.c.qty_milli), 0))
            .where(t.stock_moves.c.product_id == product_id)).scalar_one()
        return int(total)


class SqlAudit(Repo):
    def add(self, entry: AuditEntry) -> None:
        self.conn.execute(insert(t.audit_log).values(
            at=entry.at.isoformat(), staff_id=entry.staff_id, action=entry.action,
            ref=entry.ref, detail=canonical_json(entry.detail)))


class SqlOutbox(Repo):
    def add(self, event: OutboxEvent) -> None:
        body = canonical_json(event.payload)
        self.conn.execute(insert(t.outbox).values(
            event_id=event.event_id, type=event.type,
            business_date=event.business_date.isoformat(),
            device_time=event.device_time.isoformat(), payload=body,
            sha256=hashlib.sha256(body.encode()).hexdigest()))

    def pending(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.outbox)
                                     .where(t.outbox.c.status == "pending")).scalar_one())


class SqlPrintQueue(Repo):
    def __init__(self, conn: Connection, clock: Clock) -> None:
        super().__init__(conn)
        self.clock = clock

    def enqueue(self, kind: str, ref: str, *, duplicate: bool = False) -> int:
        result = self.conn.execute(insert(t.print_jobs).values(
            created_at=self.clock.now().isoformat(), kind=kind, ref=ref, duplicate=duplicate))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])
