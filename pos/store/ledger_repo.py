"""Stock ledger, audit log, outbox and print queue in SQLite."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from pos.services.ports import AuditEntry, Clock, OutboxEvent, PrintJob, StockMove
from pos.store import schema as t
from pos.store.repo_base import Repo, canonical_json

_INSERT_JOB = insert(t.print_jobs)


class SqlStock(Repo):
    def add(self, moves: list[StockMove]) -> None:
        if moves:
            self.insert_rows(t.stock_moves, [
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
        self.insert_rows(t.audit_log, [dict(
            at=entry.at.isoformat(), staff_id=entry.staff_id, action=entry.action,
            ref=entry.ref, detail=canonical_json(entry.detail))])


class SqlOutbox(Repo):
    def add(self, event: OutboxEvent) -> None:
        body = canonical_json(event.payload)
        self.insert_rows(t.outbox, [dict(
            event_id=event.event_id, type=event.type,
            business_date=event.business_date.isoformat(),
            device_time=event.device_time.isoformat(), payload=body,
            sha256=hashlib.sha256(body.encode()).hexdigest(), status="pending", result="",
            attempts=0)])

    def pending(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.outbox)
                                     .where(t.outbox.c.status == "pending")).scalar_one())


def _job(row: Any) -> PrintJob:
    return PrintJob(row.job_id, row.kind, row.ref, bool(row.duplicate), row.status,
                    row.attempts, row.last_error)


class SqlPrintQueue(Repo):
    def __init__(self, conn: Connection, clock: Clock) -> None:
        super().__init__(conn)
        self.clock = clock

    def enqueue(self, kind: str, ref: str, *, duplicate: bool = False) -> int:
        result = self.conn.execute(_INSERT_JOB, dict(
            created_at=self.clock.now().isoformat(), kind=kind, ref=ref, duplicate=duplicate))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def take_next(self) -> PrintJob | None:
        j = t.print_jobs
        row = self.conn.execute(select(j).where(j.c.status.in_(("queued", "failed")))
                                .order_by(j.c.job_id).limit(1)).first()
        if row is None:
            return None
        self.conn.execute(update(j).where(j.c.job_id == row.job_id)
                          .values(status="printing", attempts=row.attempts + 1))
        return _job(row)

    def finish(self, job_id: int, status: str, error: str = "") -> None:
        j = t.print_jobs
        self.conn.execute(update(j).where(j.c.job_id == job_id)
                          .values(status=status, last_error=error))

    def interrupted(self) -> list[PrintJob]:
        j = t.print_jobs
        rows = self.conn.execute(select(j).where(j.c.status == "printing")).all()
        if rows:
            self.conn.execute(update(j).where(j.c.status == "printing")
                              .values(status="uncertain",
                                      last_error="the till stopped while printing"))
        return [_job(r) for r in rows]

    def latest(self, kind: str) -> PrintJob | None:
        j = t.print_jobs
        row = self.conn.execute(select(j).where(j.c.kind == kind, j.c.duplicate.is_(False))
                                .order_by(j.c.job_id.desc()).limit(1)).first()
        return None if row is None else _job(row)

    def problems(self) -> list[PrintJob]:
        j = t.print_jobs
        rows = self.conn.execute(select(j).where(j.c.status.in_(("failed", "uncertain")))
                                 .order_by(j.c.job_id.desc())).all()
        return [_job(r) for r in rows]


class SqlDocuments(Repo):
    def sale_payload(self, sale_id: str) -> dict[str, Any] | None:
        body = self.conn.execute(select(t.outbox.c.payload).where(
            t.outbox.c.event_id == sale_id, t.outbox.c.type == "sale")).scalar()
        return None if body is None else dict(json.loads(body))
