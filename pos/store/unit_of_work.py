"""The SQLite unit of work: the services' ports over one ``BEGIN IMMEDIATE`` transaction."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, func, insert, select, update

from pos.domain.documents import Sale, sale_payload
from pos.domain.numbering import Counter, FinancialYear, Series, next_number
from pos.services.ports import AuditEntry, Clock, DaySession, OutboxEvent, StockMove
from pos.store import schema as t
from pos.store.database import Store


def canonical_json(data: dict[str, Any]) -> str:
    """The one serialisation of event payloads: its SHA-256 is what head office compares."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class _Repo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn


class SqlSeries(_Repo):
    def next_number(self, series: Series, day: date) -> str:
        row = self.conn.execute(
            select(t.number_series.c.fy_start, t.number_series.c.last)
            .where(t.number_series.c.prefix == series.prefix)
        ).first()
        counter = None if row is None else Counter(FinancialYear(row.fy_start), row.last)
        number, advanced = next_number(series, counter, day)
        values = {"fy_start": advanced.year.start_year, "last": advanced.last}
        if row is None:
            self.conn.execute(insert(t.number_series).values(
                prefix=series.prefix, kind=series.kind.value, **values))
        else:
            self.conn.execute(update(t.number_series)
                              .where(t.number_series.c.prefix == series.prefix).values(**values))
        return number


class SqlSales(_Repo):
    def add(self, sale: Sale) -> None:
        data = sale_payload(sale)
        totals = data["totals"]
        customer = data["customer"]
        bill = data["bill_discount"] or {}
        self.conn.execute(insert(t.sales).values(
            sale_id=sale.sale_id, invoice_no=sale.invoice_no, day_id=sale.day_id,
            business_date=data["business_date"], created_at=data["created_at"],
            staff_id=sale.staff_id, outlet_id=sale.outlet_id, supply=data["supply"],
            place_of_supply=sale.place_of_supply, customer_name=customer["name"],
            customer_gstin=customer["gstin"], customer_address=customer["address"],
            customer_state=customer["state_code"], bill_discount_kind=bill.get("kind"),
            bill_discount_value=bill.get("value"), line_count=len(data["lines"]), **totals,
        ))
        lines = []
        for line in data["lines"]:
            discount = line["line_discount"] or {}
            lines.append({
                "sale_id": sale.sale_id, "line_no": line["line_no"],
                "product_id": line["product_id"], "sku": line["sku"],
                "barcode": line["barcode"], "name_en": line["name_en"],
                "name_hi": line["name_hi"], "hsn": line["hsn"], "unit": line["unit"],
                "is_handicraft": line["is_handicraft"], "rule_id": line["rule_id"],
                "mrp": line["mrp"], "unit_price": line["unit_price"],
                "qty_milli": line["qty_milli"], "line_discount_kind": discount.get("kind"),
                "line_discount_value": discount.get("value"), "gross": line["gross"],
                "line_discount": line["line_discount_amount"],
                "bill_discount": line["bill_discount_amount"], "net": line["net"],
                "rate_bp": line["rate_bp"], "taxable": line["taxable"], "cgst": line["cgst"],
                "sgst": line["sgst"], "igst": line["igst"],
                "price_overridden": line["price_overridden"],
                "dead_band_flag": line["dead_band_flag"],
            })
        self.conn.execute(insert(t.sale_lines), lines)
        self.conn.execute(insert(t.payments), [
            {"sale_id": sale.sale_id, "seq": i, **tender}
            for i, tender in enumerate(data["tenders"], start=1)
        ])

    def get(self, sale_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(select(t.sales).where(t.sales.c.sale_id == sale_id)).first()
        return None if row is None else dict(row._mapping)


class SqlDays(_Repo):
    @staticmethod
    def _day(row: Any) -> DaySession:
        return DaySession(row.day_id, row.outlet_id, date.fromisoformat(row.business_date),
                          row.opened_by, row.opening_float, row.closed_at is not None)

    def current(self, outlet_id: str) -> DaySession | None:
        row = self.conn.execute(
            select(t.day_sessions).where(t.day_sessions.c.outlet_id == outlet_id,
                                         t.day_sessions.c.closed_at.is_(None))
            .order_by(t.day_sessions.c.business_date.desc())
        ).first()
        return None if row is None else self._day(row)

    def for_date(self, outlet_id: str, business_date: date) -> DaySession | None:
        row = self.conn.execute(
            select(t.day_sessions).where(t.day_sessions.c.outlet_id == outlet_id,
                                         t.day_sessions.c.business_date
                                         == business_date.isoformat())
        ).first()
        return None if row is None else self._day(row)

    def add(self, day: DaySession, opened_at: datetime) -> None:
        self.conn.execute(insert(t.day_sessions).values(
            day_id=day.day_id, outlet_id=day.outlet_id,
            business_date=day.business_date.isoformat(), opened_at=opened_at.isoformat(),
            opened_by=day.opened_by, opening_float=day.opening_float))


class SqlStock(_Repo):
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


class SqlAudit(_Repo):
    def add(self, entry: AuditEntry) -> None:
        self.conn.execute(insert(t.audit_log).values(
            at=entry.at.isoformat(), staff_id=entry.staff_id, action=entry.action,
            ref=entry.ref, detail=canonical_json(entry.detail)))


class SqlOutbox(_Repo):
    def add(self, event: OutboxEvent) -> None:
        body = canonical_json(event.payload)
        self.conn.execute(insert(t.outbox).values(
            event_id=event.event_id, type=event.type,
            business_date=event.business_date.isoformat(),
            device_time=event.device_time.isoformat(), payload=body,
            sha256=hashlib.sha256(body.encode()).hexdigest()))


class SqlPrintQueue(_Repo):
    def __init__(self, conn: Connection, clock: Clock) -> None:
        super().__init__(conn)
        self.clock = clock

    def enqueue(self, kind: str, ref: str, *, duplicate: bool = False) -> int:
        result = self.conn.execute(insert(t.print_jobs).values(
            created_at=self.clock.now().isoformat(), kind=kind, ref=ref, duplicate=duplicate))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


class SqlUnitOfWork:
    """One transaction over the till store, exposing the repositories the services use."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._conn: Connection | None = None

    def __enter__(self) -> Self:
        conn = self._store.engine.connect()
        conn.begin()
        self._conn = conn
        self.series = SqlSeries(conn)
        self.sales = SqlSales(conn)
        self.days = SqlDays(conn)
        self.stock = SqlStock(conn)
        self.audit = SqlAudit(conn)
        self.outbox = SqlOutbox(conn)
        self.print_jobs = SqlPrintQueue(conn, self._clock)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        conn = self._conn
        self._conn = None
        if conn is not None:
            conn.rollback()  # no-op after commit
            conn.close()

    def commit(self) -> None:
        assert self._conn is not None, "commit outside the unit of work"
        self._conn.commit()
