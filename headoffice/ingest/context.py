"""What every part of a push shares: the batch as received, outcomes and flags, the batch's
context (:class:`Ctx`: its connection, device, caches and what it writes at its end), the
checks every document takes and the stock it queues."""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import psycopg
from psycopg import sql
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError
from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from headoffice import catalog
from headoffice.db import schema as t
from headoffice.devices import Device
from headoffice.stock import StockEntry, apply_stock
from pos.domain.catalog import ProductSnapshot
from pos.domain.numbering import FinancialYear, Series, SeriesError, is_valid_document_number
from pos.domain.tax import TaxRule
from pos.sync.protocol import (
    EVENT_ID_PATTERN,
    MAX_BATCH_EVENTS,
    EventFlag,
    EventResult,
    EventStatus,
    FlagCode,
    OutletData,
    PushEvent,
    RejectReason,
)

log = logging.getLogger("headoffice.ingest")


# -- the batch as received: strict where an event is identified, loose elsewhere ---------------


class LooseEvent(BaseModel):
    """What must hold for an event to be identified at all (else the whole batch is 422); the
    rest is checked per event, so one malformed event is quarantined on its own."""

    model_config = ConfigDict(extra="ignore")

    seq: StrictInt = Field(ge=1)
    event_id: str = Field(pattern=EVENT_ID_PATTERN)
    type: Any = None
    business_date: Any = None
    device_time: Any = None
    sha256: Any = None
    payload: Any = None


class LoosePush(BaseModel):
    model_config = ConfigDict(extra="ignore")

    events: list[LooseEvent] = Field(min_length=1, max_length=MAX_BATCH_EVENTS)


class BatchError(ValueError):
    """The batch as a whole is not protocol v1 (422)."""


def check_batch(batch: LoosePush) -> None:
    seqs = [e.seq for e in batch.events]
    if any(b <= a for a, b in itertools.pairwise(seqs)):
        raise BatchError("events must be in strictly increasing seq order")
    ids = [e.event_id for e in batch.events]
    if len(set(ids)) != len(ids):
        raise BatchError("the same event_id twice in one batch")


# -- outcomes ----------------------------------------------------------------------------------


class Reject(Exception):
    def __init__(self, reason: RejectReason, detail: str = "") -> None:
        super().__init__(detail or reason.value)
        self.reason = reason
        self.detail = detail


class Suspend(Exception):
    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass
class Outcome:
    status: EventStatus
    reason: str | None = None
    detail: str | None = None
    flags: list[EventFlag] = field(default_factory=list)
    waits_for: str | None = None


def flag(code: FlagCode, detail: str = "", line_no: int | None = None) -> EventFlag:
    return EventFlag(code=code, line_no=line_no, detail=detail)


def dump_flags(flags: Sequence[EventFlag]) -> list[dict[str, Any]]:
    return [f.model_dump(mode="json") for f in flags]


def load_flags(data: Any) -> list[EventFlag]:
    return [EventFlag.model_validate(f) for f in (data or [])]


# -- context of one batch ----------------------------------------------------------------------


@dataclass
class Ctx:
    conn: Connection
    device: Device
    outlet: OutletData
    now: datetime
    clock_skew: timedelta
    _rules: dict[str, TaxRule] | None = None
    common: list[EventFlag] = field(default_factory=list)  # flags of the event being applied
    received_id: int = 0  # the event being applied
    pending: list[StockEntry] = field(default_factory=list)  # its stock, until it succeeds
    stock: list[StockEntry] = field(default_factory=list)  # the batch's, applied at its end
    results: dict[int, EventResult] = field(default_factory=dict)  # by received event id
    arrived: list[str] = field(default_factory=list)  # sales applied: link what waits for them
    touched_days: set[str] = field(default_factory=set)  # till days to reconcile at the end
    pending_lines: list[tuple[Any, ...]] = field(default_factory=list)  # LINE_COLUMNS
    pending_tenders: list[tuple[Any, ...]] = field(default_factory=list)  # TENDER_COLUMNS
    lines: list[tuple[Any, ...]] = field(default_factory=list)  # sale lines to write
    tenders: list[tuple[Any, ...]] = field(default_factory=list)
    _locks: dict[tuple[str, date], bool] = field(default_factory=dict)
    _mrp: dict[str, int | None] = field(default_factory=dict)
    # the rule head office applies to (HSN, handicraft, day), None for none: see recompute_sale
    chosen_rules: dict[tuple[str, bool, date], str | None] = field(default_factory=dict)
    # the lines' products as billed, made once a batch: see recompute_sale
    products: dict[Any, ProductSnapshot] = field(default_factory=dict)

    @property
    def rules(self) -> dict[str, TaxRule]:
        if self._rules is None:
            self._rules = catalog.tax_rules(self.conn)
        return self._rules

    def day_locked(self, outlet_id: str, day: date) -> bool:
        key = (outlet_id, day)
        if key not in self._locks:
            self._locks[key] = self.conn.execute(select(t.day_locks.c.outlet_id).where(
                t.day_locks.c.outlet_id == outlet_id,
                t.day_locks.c.business_date == day)).first() is not None
        return self._locks[key]

    def mrps(self, product_ids: set[str]) -> dict[str, int | None]:
        """Catalogue MRPs (None: not in the catalogue), read once a batch: a mapping that
        holds at least ``product_ids``."""
        missing = sorted(product_ids - self._mrp.keys())
        if missing:
            found = dict(self.conn.execute(select(t.products.c.product_id, t.products.c.mrp)
                                           .where(t.products.c.product_id.in_(missing)))
                         .tuples().all())
            for product_id in missing:
                self._mrp[product_id] = found.get(product_id)
        return self._mrp


def first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(part) for part in err.get("loc", ()))
    return f"{where}: {err.get('msg', 'invalid')}"[:500]


def alert(ctx: Ctx, kind: str, raw: LooseEvent, detail: dict[str, Any],
          payload_text: str | None) -> None:
    ctx.conn.execute(insert(t.sync_alerts).values(
        device_id=ctx.device.device_id, kind=kind, event_id=raw.event_id, seq=raw.seq,
        detail=detail, payload=payload_text, created_at=ctx.now))


Applier = Callable[[Ctx, Any, PushEvent, int], Outcome]

def common_flags(ctx: Ctx, event: PushEvent, payload: BaseModel) -> list[EventFlag]:
    flags: list[EventFlag] = []
    if event.device_time > ctx.now + ctx.clock_skew:
        flags.append(flag(FlagCode.CLOCK_AHEAD, f"device time {event.device_time.isoformat()} "
                          f"is ahead of head office ({ctx.now.isoformat()})"))
    day = getattr(payload, "business_date", None)
    if isinstance(day, date) and day != event.business_date:
        flags.append(flag(FlagCode.BUSINESS_DATE_MISMATCH,
                          f"event says {event.business_date}, document says {day}"))
    if ctx.day_locked(ctx.device.outlet_id, event.business_date):
        flags.append(flag(FlagCode.LATE_ARRIVAL, f"head office had closed "
                          f"{ctx.device.outlet_id} {event.business_date}"))
    return flags


def check_outlet(ctx: Ctx, outlet_id: str) -> None:
    if outlet_id != ctx.device.outlet_id:
        raise Reject(RejectReason.WRONG_OUTLET,
                     f"outlet {outlet_id} is not this device's outlet {ctx.device.outlet_id}")


def check_number(number: str, prefix: str, kind: str) -> FinancialYear:
    if not is_valid_document_number(number):
        raise Reject(RejectReason.UNKNOWN_SERIES, f"{kind} number {number!r} is not valid")
    try:
        year, _counter = Series(prefix).parse(number)
    except SeriesError:
        raise Reject(RejectReason.UNKNOWN_SERIES,
                     f"{kind} number {number} is not in this device's series {prefix}") from None
    return year


# The columns of the rows in ``Ctx.lines`` and ``Ctx.tenders``, in their order.
LINE_COLUMNS = ("sale_id", "line_no", "product_id", "sku", "barcode", "name_en", "name_hi",
                "hsn", "unit", "is_handicraft", "rule_id", "mrp", "unit_price", "qty_milli",
                "line_discount_kind", "line_discount_value", "price_overridden", "gross",
                "line_discount", "bill_discount", "net", "rate_bp", "taxable", "cgst", "sgst",
                "igst", "dead_band_flag")
TENDER_COLUMNS = ("sale_id", "seq", "mode", "amount", "tendered", "reference")


def flush_lines(ctx: Ctx) -> None:
    """Write the sale lines and tenders of the batch's sales so far (one statement each)."""
    copy_rows(ctx.conn, t.sale_lines, LINE_COLUMNS, ctx.lines)
    copy_rows(ctx.conn, t.sale_tenders, TENDER_COLUMNS, ctx.tenders)
    ctx.lines, ctx.tenders = [], []


def copy_rows(conn: Connection, table: Table, columns: Sequence[str],
              rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows given as tuples in ``columns`` order (no JSON columns): one ``COPY`` on
    PostgreSQL, one ``executemany`` on SQLite. :func:`~headoffice.db.engine.bulk_insert` for
    a thousand lines a batch without a dict per row."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns)))
    driver = conn.connection.driver_connection
    assert driver is not None
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.IntegrityError as exc:
        raise IntegrityError(statement.as_string(driver), None, exc) from exc


def stock_entries(outlet_id: str, deltas: dict[str, int], kind: str, ref: str, *, track: bool,
                  received_id: int, fact: tuple[str, str] | None = None) -> list[StockEntry]:
    """One event's stock movements, one per product in product order."""
    return [StockEntry(outlet_id, product_id, delta, kind, ref, track, received_id, fact)
            for product_id, delta in sorted(deltas.items())]


def queue_stock(ctx: Ctx, outlet_id: str, deltas: dict[str, int], kind: str, ref: str, *,
                track: bool, fact: tuple[str, str] | None = None,
                received_id: int | None = None) -> None:
    """Queue stock movements of the event being applied (see :mod:`headoffice.stock`)."""
    ctx.pending += stock_entries(
        outlet_id, deltas, kind, ref, track=track, fact=fact,
        received_id=ctx.received_id if received_id is None else received_id)


def flag_negative_stock(ctx: Ctx) -> None:
    """Apply the batch's stock; flag each event that took a known level below zero, in its
    result, its stored row and its sale."""
    found: dict[int, list[EventFlag]] = defaultdict(list)
    facts: dict[int, tuple[str, str] | None] = {}
    for entry, level in apply_stock(ctx.conn, ctx.stock, ctx.now):
        found[entry.received_id].append(flag(
            FlagCode.NEGATIVE_STOCK, f"{entry.product_id} at {entry.outlet_id}: "
            f"{level / 1000:g} on hand"))
        facts[entry.received_id] = entry.fact
    re_ = t.received_events
    for received_id, new in found.items():
        stored = ctx.conn.execute(select(re_.c.flags).where(re_.c.id == received_id)).scalar()
        ctx.conn.execute(update(re_).where(re_.c.id == received_id).values(
            flags=[*(stored or []), *dump_flags(new)]))
        fact = facts[received_id]
        if fact is not None:
            table = t.sales if fact[0] == "sales" else t.credit_notes
            key = table.c.sale_id if fact[0] == "sales" else table.c.credit_id
            old = ctx.conn.execute(select(table.c.flags).where(key == fact[1])).scalar()
            ctx.conn.execute(update(table).where(key == fact[1]).values(
                flags=[*(old or []), *dump_flags(new)]))
        if received_id in ctx.results:
            ctx.results[received_id].flags.extend(new)


def sale_row(conn: Connection, sale_id: str) -> Any:
    return conn.execute(select(t.sales).where(t.sales.c.sale_id == sale_id)).first()


def day_row(conn: Connection, day_id: str) -> Any:
    return conn.execute(select(t.business_days).where(t.business_days.c.day_id
                                                      == day_id)).first()

