"""``POST /sync/push``: a device's events, applied exactly once.

A batch is **one transaction** (the caller's) holding the device's row lock, with a
**savepoint per event**: a bad event rolls back alone and the batch commits once.

For each event, in ``seq`` order, with ``expected`` = the device's ``last_applied_seq + 1``:

1. ``seq > expected`` → ``gap{expected}`` (and so is every later event of the batch).
2. Insert the ``received_events`` row. Its unique constraints decide, never a prior look-up:
   the ``event_id`` exists with the same hash → ``duplicate`` (with what the first copy got);
   with another hash → ``payload_mismatch`` (the original is kept, an alert is raised); the
   ``(device, seq)`` exists under another event, or ``seq`` is below ``expected`` → the
   device's database was cloned or restored: ``rejected`` (``seq_backwards``), the device is
   **suspended** and the batch stops there.
3. Validate the payload and apply it under a nested savepoint. A payload that does not fit,
   a document number outside the device's series or another outlet's event → ``rejected``
   (kept in quarantine: the row stays, the queue moves on). A document number already used by
   another event → ``rejected`` (``invoice_reused``) and the device is **suspended**. A
   return or void whose sale has not arrived → ``parked``; it is linked when the sale comes.
   Otherwise ``applied``, with flags for what needs a person: negative stock, a price not the
   catalogue's, a late arrival after head office locked the day, and any difference between
   the till's arithmetic and head office's own recomputation with ``pos.domain``.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError
from sqlalchemy import Connection, and_, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from headoffice import catalog
from headoffice.db import schema as t
from headoffice.devices import Device, lock_device, outlet_of, set_status
from headoffice.stock import StockEntry, apply_stock
from pos.domain.cart import CartLine, price_lines
from pos.domain.catalog import ProductSnapshot
from pos.domain.codec import discount_from_data
from pos.domain.numbering import FinancialYear, Series, SeriesError, is_valid_document_number
from pos.domain.returns import ReturnError, ReturnTooMuch, SoldLine, credit_note
from pos.domain.tax import LineTax, NoTaxRule, Supply, TaxRule, select_rule
from pos.sync.protocol import (
    EVENT_ID_PATTERN,
    MAX_BATCH_EVENTS,
    PAYLOAD_MODELS,
    CashMovementPayload,
    CreditNotePayload,
    DayClosePayload,
    DayOpenPayload,
    DeviceStatus,
    EventFlag,
    EventResult,
    EventStatus,
    FlagCode,
    OutletData,
    PushEvent,
    PushResponse,
    RejectReason,
    SalePayload,
    StockMovePayload,
    VoidPayload,
    canonical_json,
    payload_sha256,
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


def _flag(code: FlagCode, detail: str = "", line_no: int | None = None) -> EventFlag:
    return EventFlag(code=code, line_no=line_no, detail=detail)


def _dump_flags(flags: Sequence[EventFlag]) -> list[dict[str, Any]]:
    return [f.model_dump(mode="json") for f in flags]


def _load_flags(data: Any) -> list[EventFlag]:
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
    pending_lines: list[dict[str, Any]] = field(default_factory=list)
    pending_tenders: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)  # sale lines to write
    tenders: list[dict[str, Any]] = field(default_factory=list)
    _locks: dict[tuple[str, date], bool] = field(default_factory=dict)
    _mrp: dict[str, int | None] = field(default_factory=dict)

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
        """Catalogue MRPs (None: not in the catalogue), read once a batch."""
        missing = sorted(product_ids - self._mrp.keys())
        if missing:
            found = dict(self.conn.execute(select(t.products.c.product_id, t.products.c.mrp)
                                           .where(t.products.c.product_id.in_(missing)))
                         .tuples().all())
            for product_id in missing:
                self._mrp[product_id] = found.get(product_id)
        return {product_id: self._mrp[product_id] for product_id in product_ids}


# -- the batch ---------------------------------------------------------------------------------


def push(conn: Connection, device_id: str, events: Sequence[LooseEvent], *, now: datetime,
         clock_skew: timedelta) -> PushResponse:
    """Apply a batch in the caller's transaction (commit it after, once)."""
    device = lock_device(conn, device_id)
    results: list[EventResult] = []
    if device.status is not DeviceStatus.ACTIVE:
        return PushResponse(results=results, device_status=device.status,
                            last_applied_seq=device.last_applied_seq, server_time=now)
    ctx = Ctx(conn, device, outlet_of(conn, device), now, clock_skew)
    expected = device.last_applied_seq + 1
    status = DeviceStatus.ACTIVE
    for raw in events:
        if raw.seq > expected:
            results.append(EventResult(seq=raw.seq, event_id=raw.event_id,
                                       status=EventStatus.GAP, expected=expected))
            continue
        result, suspended = _one(ctx, raw, expected)
        results.append(result)
        if raw.seq == expected and result.status is not EventStatus.GAP:
            # Every answer but a gap moves the queue on, a mismatch or a duplicate stored
            # under another seq too: else the till would resend the same event forever.
            expected += 1
        if suspended:
            status = DeviceStatus.SUSPENDED
            break
    _flush_lines(ctx)
    _link_arrived(ctx)
    for day_id in sorted(ctx.touched_days):
        reconcile(conn, day_id, now)
    _flag_negative_stock(ctx)
    conn.execute(update(t.devices).where(t.devices.c.device_id == device.device_id)
                 .values(last_applied_seq=expected - 1, last_seen_at=now))
    return PushResponse(results=results, device_status=status,
                        last_applied_seq=expected - 1, server_time=now)


def _one(ctx: Ctx, raw: LooseEvent, expected: int) -> tuple[EventResult, bool]:
    """One event: ``(its result, whether the device was suspended)``."""
    conn = ctx.conn
    payload_text = canonical_json(raw.payload)
    sha = payload_sha256(raw.payload)
    event: PushEvent | None = None
    try:
        event = PushEvent.model_validate(raw.model_dump())
    except ValidationError as exc:
        problem = _first_error(exc)
    else:
        problem = ""
    business_date = event.business_date if event else None
    device_time = event.device_time if event else None

    if raw.seq < expected:
        # Below the queue's head nothing new may arrive: a resend, or a database restored.
        return _conflict(ctx, raw, sha, payload_text)
    received_id = _claim(conn, {
        "device_id": ctx.device.device_id, "seq": raw.seq, "event_id": raw.event_id,
        "type": str(raw.type)[:32], "business_date": business_date, "device_time": device_time,
        "sha256": sha, "payload": payload_text, "status": EventStatus.APPLIED.value,
        "flags": [], "received_at": ctx.now, "updated_at": ctx.now})
    if received_id is None:  # the constraints said no: this event id (or seq) is known
        return _conflict(ctx, raw, sha, payload_text)

    suspended = False
    if event is None:
        outcome = Outcome(EventStatus.REJECTED, RejectReason.MALFORMED.value, problem)
    elif event.sha256 != sha:
        outcome = Outcome(EventStatus.REJECTED, RejectReason.SHA256_MISMATCH.value,
                          "sha256 is not the SHA-256 of the payload's canonical JSON")
    elif event.type not in PAYLOAD_MODELS:
        outcome = Outcome(EventStatus.REJECTED, RejectReason.UNKNOWN_TYPE.value,
                          f"unknown event type {event.type!r}")
    else:
        applied = _apply(ctx, event, received_id)
        if isinstance(applied, Suspend):
            suspended = True
            _alert(ctx, applied.reason.value, raw, {"detail": applied.detail}, None)
            set_status(conn, ctx.device.device_id, DeviceStatus.SUSPENDED,
                       f"{applied.reason.value}: {applied.detail}", ctx.now)
            outcome = Outcome(EventStatus.REJECTED, applied.reason.value, applied.detail)
        else:
            outcome = applied
    conn.execute(update(t.received_events).where(t.received_events.c.id == received_id).values(
        status=outcome.status.value, reason=outcome.reason, detail=outcome.detail,
        flags=_dump_flags(outcome.flags), waits_for=outcome.waits_for))
    result = EventResult(seq=raw.seq, event_id=raw.event_id, status=outcome.status,
                         reason=outcome.reason, detail=outcome.detail, flags=outcome.flags)
    ctx.results[received_id] = result
    return result, suspended


def _claim(conn: Connection, values: dict[str, Any]) -> int | None:
    """Insert the received event unless a unique constraint (event id, or device and seq)
    already holds it: ``INSERT … ON CONFLICT DO NOTHING RETURNING id``, no look-up first."""
    stmt: Any
    if conn.dialect.name == "postgresql":
        stmt = postgresql.insert(t.received_events).values(**values).on_conflict_do_nothing()
    else:
        stmt = sqlite.insert(t.received_events).values(**values).on_conflict_do_nothing()
    found = conn.execute(stmt.returning(t.received_events.c.id)).scalar()
    return None if found is None else int(found)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(part) for part in err.get("loc", ()))
    return f"{where}: {err.get('msg', 'invalid')}"[:500]


def _conflict(ctx: Ctx, raw: LooseEvent, sha: str, payload_text: str
              ) -> tuple[EventResult, bool]:
    """The insert hit a unique constraint: a resend, a changed resend, or a reused seq."""
    re_ = t.received_events
    original = ctx.conn.execute(select(re_).where(re_.c.event_id == raw.event_id)).first()
    if original is None:
        return _suspend_backwards(ctx, raw, payload_text, f"a new event with seq {raw.seq}, "
                                  f"already past (last applied {ctx.device.last_applied_seq})")
    if original.sha256 == sha:
        return EventResult(seq=raw.seq, event_id=raw.event_id, status=EventStatus.DUPLICATE,
                           original_status=EventStatus(original.status), reason=original.reason,
                           detail=original.detail, flags=_load_flags(original.flags)), False
    _alert(ctx, EventStatus.PAYLOAD_MISMATCH.value, raw,
           {"original_sha256": original.sha256, "received_sha256": sha,
            "original_device_id": original.device_id}, payload_text)
    return EventResult(seq=raw.seq, event_id=raw.event_id, status=EventStatus.PAYLOAD_MISMATCH,
                       detail="this event id was received before with another payload; the "
                       "first one is kept"), False


def _suspend_backwards(ctx: Ctx, raw: LooseEvent, payload_text: str, detail: str
                       ) -> tuple[EventResult, bool]:
    _alert(ctx, RejectReason.SEQ_BACKWARDS.value, raw,
           {"detail": detail, "last_applied_seq": ctx.device.last_applied_seq}, payload_text)
    set_status(ctx.conn, ctx.device.device_id, DeviceStatus.SUSPENDED,
               f"{RejectReason.SEQ_BACKWARDS.value}: {detail}", ctx.now)
    return EventResult(seq=raw.seq, event_id=raw.event_id, status=EventStatus.REJECTED,
                       reason=RejectReason.SEQ_BACKWARDS.value, detail=detail), True


def _alert(ctx: Ctx, kind: str, raw: LooseEvent, detail: dict[str, Any],
           payload_text: str | None) -> None:
    ctx.conn.execute(insert(t.sync_alerts).values(
        device_id=ctx.device.device_id, kind=kind, event_id=raw.event_id, seq=raw.seq,
        detail=detail, payload=payload_text, created_at=ctx.now))


# -- applying one event ------------------------------------------------------------------------

Applier = Callable[[Ctx, Any, PushEvent, int], Outcome]


def _apply(ctx: Ctx, event: PushEvent, received_id: int) -> Outcome | Suspend:
    model = PAYLOAD_MODELS[event.type]
    try:
        payload = model.model_validate(event.payload)
    except ValidationError as exc:
        return Outcome(EventStatus.REJECTED, RejectReason.MALFORMED.value, _first_error(exc))
    ctx.common = _common_flags(ctx, event, payload)
    if event.type in ("void", "credit_note"):
        _flush_lines(ctx)  # they read sale lines; outside their savepoint, which may roll back
    ctx.received_id, ctx.pending = received_id, []
    ctx.pending_lines, ctx.pending_tenders = [], []
    try:
        with ctx.conn.begin_nested():
            outcome = APPLIERS[event.type](ctx, payload, event, received_id)
        ctx.stock += ctx.pending  # only what a successful event did
        ctx.lines += ctx.pending_lines
        ctx.tenders += ctx.pending_tenders
    except Reject as exc:
        return Outcome(EventStatus.REJECTED, exc.reason.value, exc.detail or None)
    except Suspend as exc:
        return exc
    except IntegrityError as exc:
        number = _reused_number(event, payload, str(exc.orig))
        if number:
            return Suspend(RejectReason.INVOICE_REUSED,
                           f"{number} was already received in another event")
        return Outcome(EventStatus.REJECTED, RejectReason.CONFLICT.value,
                       "a document of this event was already received in another event")
    outcome.flags = ctx.common + outcome.flags
    return outcome


def _reused_number(event: PushEvent, payload: BaseModel, error: str) -> str:
    """The document number whose unique constraint refused the insert ('' if another one
    did). Both databases name the column in their message."""
    if isinstance(payload, SalePayload) and "invoice_no" in error:
        return payload.invoice_no
    if isinstance(payload, CreditNotePayload) and "credit_no" in error:
        return payload.credit_no
    del event
    return ""


def _common_flags(ctx: Ctx, event: PushEvent, payload: BaseModel) -> list[EventFlag]:
    flags: list[EventFlag] = []
    if event.device_time > ctx.now + ctx.clock_skew:
        flags.append(_flag(FlagCode.CLOCK_AHEAD, f"device time {event.device_time.isoformat()} "
                           f"is ahead of head office ({ctx.now.isoformat()})"))
    day = getattr(payload, "business_date", None)
    if isinstance(day, date) and day != event.business_date:
        flags.append(_flag(FlagCode.BUSINESS_DATE_MISMATCH,
                           f"event says {event.business_date}, document says {day}"))
    if ctx.day_locked(ctx.device.outlet_id, event.business_date):
        flags.append(_flag(FlagCode.LATE_ARRIVAL, f"head office had closed "
                           f"{ctx.device.outlet_id} {event.business_date}"))
    return flags


def _check_outlet(ctx: Ctx, outlet_id: str) -> None:
    if outlet_id != ctx.device.outlet_id:
        raise Reject(RejectReason.WRONG_OUTLET,
                     f"outlet {outlet_id} is not this device's outlet {ctx.device.outlet_id}")


def _check_number(number: str, prefix: str, kind: str) -> FinancialYear:
    if not is_valid_document_number(number):
        raise Reject(RejectReason.UNKNOWN_SERIES, f"{kind} number {number!r} is not valid")
    try:
        year, _counter = Series(prefix).parse(number)
    except SeriesError:
        raise Reject(RejectReason.UNKNOWN_SERIES,
                     f"{kind} number {number} is not in this device's series {prefix}") from None
    return year


# -- sales -------------------------------------------------------------------------------------


def recompute_sale(p: SalePayload, rules: dict[str, TaxRule]) -> list[EventFlag]:
    """Price the sale again with ``pos.domain`` from its own lines (prices as billed, the rule
    each line names) and list every difference from what the till says."""
    missing = sorted({line.rule_id for line in p.lines} - rules.keys())
    if missing:
        return [_flag(FlagCode.UNKNOWN_TAX_RULE, f"tax rules {', '.join(missing)} are not "
                      "known to head office: the sale could not be recomputed")]
    flags: list[EventFlag] = []
    try:
        lines = [CartLine(line.line_no, ProductSnapshot(
            line.product_id, line.sku, line.barcode, line.name_en, line.name_hi, line.hsn,
            line.unit, line.mrp, line.is_handicraft, rules[line.rule_id]), line.qty_milli,
            line.unit_price, discount_from_data(_dump(line.line_discount)),
            line.price_overridden) for line in p.lines]
        totals = price_lines(lines, discount_from_data(_dump(p.bill_discount)), Supply(p.supply))
    except ValueError as exc:
        return [_flag(FlagCode.RECOMPUTE_MISMATCH, f"could not be priced: {exc}")]
    in_force = tuple(rules.values())
    for priced, line in zip(totals.lines, p.lines, strict=True):
        if priced.problem is not None or priced.tax is None:
            flags.append(_flag(FlagCode.RECOMPUTE_MISMATCH,
                               f"cannot be billed: {priced.problem}", line.line_no))
            continue
        tax = priced.tax
        ours = {"gross": priced.gross, "line_discount_amount": priced.line_discount,
                "bill_discount_amount": priced.bill_discount, "net": priced.net,
                "rate_bp": tax.rate_bp, "taxable": tax.taxable, "cgst": tax.cgst,
                "sgst": tax.sgst, "igst": tax.igst, "dead_band_flag": tax.dead_band_flag}
        diffs = [f"{k} {getattr(line, k)} (head office {v})" for k, v in ours.items()
                 if getattr(line, k) != v]
        if diffs:
            flags.append(_flag(FlagCode.RECOMPUTE_MISMATCH, "; ".join(diffs), line.line_no))
        if line.dead_band_flag:
            flags.append(_flag(FlagCode.DEAD_BAND_HIGH, "billed at the higher rate in the dead "
                               "band", line.line_no))
        try:
            chosen = select_rule(in_force, line.hsn, line.is_handicraft, p.business_date)
        except NoTaxRule:
            flags.append(_flag(FlagCode.TAX_RULE_DIFFERS, f"no rule applies to HSN {line.hsn} "
                               f"on {p.business_date}", line.line_no))
        else:
            if chosen.rule_id != line.rule_id:
                flags.append(_flag(FlagCode.TAX_RULE_DIFFERS, f"billed under {line.rule_id}, "
                                   f"head office applies {chosen.rule_id}", line.line_no))
    ours_total = {"gross": totals.gross, "discount": totals.discount, "net": totals.net,
                  "taxable": totals.taxable, "cgst": totals.cgst, "sgst": totals.sgst,
                  "igst": totals.igst, "round_off": totals.round_off, "payable": totals.payable}
    diffs = [f"{k} {getattr(p.totals, k)} (head office {v})" for k, v in ours_total.items()
             if getattr(p.totals, k) != v]
    if diffs:
        flags.append(_flag(FlagCode.RECOMPUTE_MISMATCH, "totals: " + "; ".join(diffs)))
    paid = sum(x.amount for x in p.tenders)
    handed = sum(x.tendered for x in p.tenders if x.mode == "cash")
    cash = sum(x.amount for x in p.tenders if x.mode == "cash")
    if paid != p.totals.payable or p.change != handed - cash:
        flags.append(_flag(FlagCode.TENDER_MISMATCH, f"tenders {paid} for payable "
                           f"{p.totals.payable}, change {p.change}"))
    return flags


def _dump(model: BaseModel | None) -> dict[str, Any] | None:
    return None if model is None else model.model_dump(mode="json")


def _catalogue_flags(ctx: Ctx, p: SalePayload) -> list[EventFlag]:
    mrp = ctx.mrps({line.product_id for line in p.lines})
    flags: list[EventFlag] = []
    for line in p.lines:
        if mrp[line.product_id] is None:
            flags.append(_flag(FlagCode.UNKNOWN_PRODUCT, f"{line.sku} is not in the catalogue",
                               line.line_no))
        elif line.unit_price != mrp[line.product_id]:
            flags.append(_flag(FlagCode.PRICE_DIFFERS, f"{line.sku} billed at "
                               f"{line.unit_price}, catalogue MRP {mrp[line.product_id]}",
                               line.line_no))
    return flags


def apply_sale(ctx: Ctx, p: SalePayload, event: PushEvent, received_id: int) -> Outcome:
    if p.sale_id != event.event_id:
        raise Reject(RejectReason.EVENT_ID_MISMATCH, "a sale's event id must be its sale id")
    _check_outlet(ctx, p.outlet_id)
    year = _check_number(p.invoice_no, ctx.device.series_prefix, "invoice")
    flags: list[EventFlag] = []
    if year != FinancialYear.of(p.business_date):
        flags.append(_flag(FlagCode.INVOICE_YEAR_MISMATCH, f"{p.invoice_no} is numbered in "
                           f"{year.code}, dated {p.business_date}"))
    if not catalog.business_date_ok(ctx.outlet, p.business_date):
        flags.append(_flag(FlagCode.OUTSIDE_STALL_DATES, f"the stall sells from "
                           f"{ctx.outlet.valid_from} to {ctx.outlet.valid_to}"))
    flags += recompute_sale(p, ctx.rules)
    flags += _catalogue_flags(ctx, p)
    conn = ctx.conn
    # A reused invoice number fails this insert (unique constraint): see _apply.
    conn.execute(insert(t.sales).values(
                sale_id=p.sale_id, received_event_id=received_id,
                device_id=ctx.device.device_id, outlet_id=p.outlet_id, day_id=p.day_id,
                invoice_no=p.invoice_no, business_date=p.business_date,
                created_at=p.created_at, staff_id=p.staff_id, supply=p.supply,
                place_of_supply=p.place_of_supply, customer_name=p.customer.name,
                customer_gstin=p.customer.gstin, customer_address=p.customer.address,
                customer_state=p.customer.state_code,
                bill_discount_kind=p.bill_discount.kind if p.bill_discount else None,
                bill_discount_value=p.bill_discount.value if p.bill_discount else None,
                **p.totals.model_dump(), change=p.change, line_count=len(p.lines),
                status="completed", flags=_dump_flags([*ctx.common, *flags]),
                received_at=ctx.now))
    ctx.pending_lines += [{
        "sale_id": p.sale_id, "line_no": line.line_no, "product_id": line.product_id,
        "sku": line.sku, "barcode": line.barcode, "name_en": line.name_en,
        "name_hi": line.name_hi, "hsn": line.hsn, "unit": line.unit.value,
        "is_handicraft": line.is_handicraft, "rule_id": line.rule_id, "mrp": line.mrp,
        "unit_price": line.unit_price, "qty_milli": line.qty_milli,
        "line_discount_kind": line.line_discount.kind if line.line_discount else None,
        "line_discount_value": line.line_discount.value if line.line_discount else None,
        "price_overridden": line.price_overridden, "gross": line.gross,
        "line_discount": line.line_discount_amount, "bill_discount": line.bill_discount_amount,
        "net": line.net, "rate_bp": line.rate_bp, "taxable": line.taxable, "cgst": line.cgst,
        "sgst": line.sgst, "igst": line.igst, "dead_band_flag": line.dead_band_flag,
    } for line in p.lines]  # written with the batch's others (_flush_lines)
    ctx.pending_tenders += [
        {"sale_id": p.sale_id, "seq": i, "mode": x.mode, "amount": x.amount,
         "tendered": x.tendered, "reference": x.reference}
        for i, x in enumerate(p.tenders, start=1)]
    qty: dict[str, int] = defaultdict(int)
    for line in p.lines:
        qty[line.product_id] -= line.qty_milli
    _stock(ctx, p.outlet_id, qty, "sold", p.sale_id, track=False, fact=("sales", p.sale_id))
    ctx.arrived.append(p.sale_id)
    ctx.touched_days.add(p.day_id)
    return Outcome(EventStatus.APPLIED, flags=flags)


def _flush_lines(ctx: Ctx) -> None:
    """Write the sale lines and tenders of the batch's sales so far (one statement each)."""
    if ctx.lines:
        ctx.conn.execute(insert(t.sale_lines), ctx.lines)
        ctx.lines = []
    if ctx.tenders:
        ctx.conn.execute(insert(t.sale_tenders), ctx.tenders)
        ctx.tenders = []


def _stock(ctx: Ctx, outlet_id: str, deltas: dict[str, int], kind: str, ref: str, *,
           track: bool, fact: tuple[str, str] | None = None,
           received_id: int | None = None) -> None:
    """Queue stock movements of the event being applied (see :mod:`headoffice.stock`)."""
    for product_id, delta in sorted(deltas.items()):
        ctx.pending.append(StockEntry(outlet_id, product_id, delta, kind, ref, track,
                                      ctx.received_id if received_id is None else received_id,
                                      fact))


def _flag_negative_stock(ctx: Ctx) -> None:
    """Apply the batch's stock; flag each event that took a known level below zero, in its
    result, its stored row and its sale."""
    found: dict[int, list[EventFlag]] = defaultdict(list)
    facts: dict[int, tuple[str, str] | None] = {}
    for entry, level in apply_stock(ctx.conn, ctx.stock, ctx.now):
        found[entry.received_id].append(_flag(
            FlagCode.NEGATIVE_STOCK, f"{entry.product_id} at {entry.outlet_id}: "
            f"{level / 1000:g} on hand"))
        facts[entry.received_id] = entry.fact
    re_ = t.received_events
    for received_id, new in found.items():
        stored = ctx.conn.execute(select(re_.c.flags).where(re_.c.id == received_id)).scalar()
        ctx.conn.execute(update(re_).where(re_.c.id == received_id).values(
            flags=[*(stored or []), *_dump_flags(new)]))
        fact = facts[received_id]
        if fact is not None:
            table = t.sales if fact[0] == "sales" else t.credit_notes
            key = table.c.sale_id if fact[0] == "sales" else table.c.credit_id
            old = ctx.conn.execute(select(table.c.flags).where(key == fact[1])).scalar()
            ctx.conn.execute(update(table).where(key == fact[1]).values(
                flags=[*(old or []), *_dump_flags(new)]))
        if received_id in ctx.results:
            ctx.results[received_id].flags.extend(new)


# -- voids, returns and what waits for a sale --------------------------------------------------


def _sale(conn: Connection, sale_id: str) -> Any:
    return conn.execute(select(t.sales).where(t.sales.c.sale_id == sale_id)).first()


def apply_void(ctx: Ctx, p: VoidPayload, event: PushEvent, received_id: int) -> Outcome:
    del event
    sale = _sale(ctx.conn, p.sale_id)
    if sale is None:
        return Outcome(EventStatus.PARKED, "sale_not_received",
                       f"waiting for sale {p.sale_id} ({p.invoice_no})", waits_for=p.sale_id)
    _check_outlet(ctx, sale.outlet_id)
    return Outcome(EventStatus.APPLIED, flags=_void(ctx, p, sale, received_id))


def _void(ctx: Ctx, p: VoidPayload, sale: Any, received_id: int) -> list[EventFlag]:
    flags: list[EventFlag] = []
    if sale.invoice_no != p.invoice_no:
        flags.append(_flag(FlagCode.INVOICE_MISMATCH, f"the void cites {p.invoice_no}, the "
                           f"sale is {sale.invoice_no}"))
    if sale.status == "voided":
        flags.append(_flag(FlagCode.ALREADY_VOIDED, f"{sale.invoice_no} was already voided"))
        return flags
    ctx.conn.execute(update(t.sales).where(t.sales.c.sale_id == p.sale_id).values(
        status="voided", void_reason=p.reason, voided_by=p.voided_by, voided_at=p.voided_at))
    qty: dict[str, int] = defaultdict(int)
    for product_id, q in ctx.conn.execute(select(t.sale_lines.c.product_id,
                                                 t.sale_lines.c.qty_milli)
                                          .where(t.sale_lines.c.sale_id == p.sale_id)):
        qty[product_id] += int(q)
    _stock(ctx, sale.outlet_id, qty, "voided", p.sale_id, track=False, received_id=received_id)
    ctx.touched_days.add(sale.day_id)
    return flags


def apply_credit_note(ctx: Ctx, p: CreditNotePayload, event: PushEvent,
                      received_id: int) -> Outcome:
    if p.credit_id != event.event_id:
        raise Reject(RejectReason.EVENT_ID_MISMATCH,
                     "a credit note's event id must be its credit id")
    _check_number(p.credit_no, ctx.device.credit_prefix, "credit note")
    flags: list[EventFlag] = []
    if not catalog.business_date_ok(ctx.outlet, p.business_date):
        flags.append(_flag(FlagCode.OUTSIDE_STALL_DATES, f"the stall sells from "
                           f"{ctx.outlet.valid_from} to {ctx.outlet.valid_to}"))
    net = sum(line.gross for line in p.lines)
    conn = ctx.conn
    # A reused credit-note number fails this insert (unique constraint): see _apply.
    conn.execute(insert(t.credit_notes).values(
                credit_id=p.credit_id, received_event_id=received_id, credit_no=p.credit_no,
                device_id=ctx.device.device_id, outlet_id=ctx.device.outlet_id,
                sale_id=p.sale_id, invoice_no=p.invoice_no, invoice_date=p.invoice_date,
                day_id=p.day_id, business_date=p.business_date, created_at=p.created_at,
                staff_id=p.staff_id, approved_by=p.approved_by, reason=p.reason,
                supply=p.supply, net=net, taxable=sum(x.taxable for x in p.lines),
                cgst=sum(x.cgst for x in p.lines), sgst=sum(x.sgst for x in p.lines),
                igst=sum(x.igst for x in p.lines), round_off=p.round_off, refund=p.refund,
                refund_mode=p.refund_mode, refund_reference=p.refund_reference,
                link_status="parked", flags=[], received_at=ctx.now))
    conn.execute(insert(t.credit_note_lines), [
        {"credit_id": p.credit_id, "line_no": i, "sale_line_no": x.sale_line_no,
         "qty_milli": x.qty_milli, "rate_bp": x.rate_bp, "gross": x.gross,
         "taxable": x.taxable, "cgst": x.cgst, "sgst": x.sgst, "igst": x.igst}
        for i, x in enumerate(p.lines, start=1)])
    if net + p.round_off != -p.refund:
        flags.append(_flag(FlagCode.RECOMPUTE_MISMATCH, f"lines {net} and round-off "
                           f"{p.round_off} do not make the refund {p.refund}"))
    sale = _sale(conn, p.sale_id)
    if sale is None:
        conn.execute(update(t.credit_notes).where(t.credit_notes.c.credit_id == p.credit_id)
                     .values(flags=_dump_flags([*ctx.common, *flags])))
        ctx.touched_days.add(p.day_id)
        return Outcome(EventStatus.PARKED, "sale_not_received",
                       f"waiting for sale {p.sale_id} ({p.invoice_no})", flags=flags,
                       waits_for=p.sale_id)
    flags += _link_credit(ctx, p, sale, [*ctx.common, *flags], received_id)
    ctx.touched_days.add(p.day_id)
    return Outcome(EventStatus.APPLIED, flags=flags)


def _link_credit(ctx: Ctx, p: CreditNotePayload, sale: Any, earlier: list[EventFlag],
                 received_id: int) -> list[EventFlag]:
    """Check a credit note against its sale (recomputing it with ``pos.domain.returns``), put
    the goods back in stock and mark it linked. Returns the new flags."""
    conn = ctx.conn
    flags: list[EventFlag] = []
    if sale.outlet_id != ctx.device.outlet_id:
        flags.append(_flag(FlagCode.CROSS_OUTLET_RETURN, f"sale {sale.invoice_no} was made at "
                           f"{sale.outlet_id}"))
    if sale.invoice_no != p.invoice_no:
        flags.append(_flag(FlagCode.INVOICE_MISMATCH, f"the credit note cites {p.invoice_no}, "
                           f"the sale is {sale.invoice_no}"))
    sl = t.sale_lines
    lines = {row.line_no: row for row in conn.execute(select(sl).where(sl.c.sale_id
                                                                       == p.sale_id))}
    cn, cnl = t.credit_notes, t.credit_note_lines
    returned: dict[int, int] = defaultdict(int)
    for line_no, q in conn.execute(
            select(cnl.c.sale_line_no, func.sum(cnl.c.qty_milli))
            .join(cn, cn.c.credit_id == cnl.c.credit_id)
            .where(cn.c.sale_id == p.sale_id, cn.c.link_status == "linked",
                   cn.c.credit_id != p.credit_id).group_by(cnl.c.sale_line_no)):
        returned[int(line_no)] = int(q)
    unknown = [x.sale_line_no for x in p.lines if x.sale_line_no not in lines]
    if unknown:
        flags.append(_flag(FlagCode.RETURN_TOO_MUCH, f"the sale has no line {unknown[0]}"))
    else:
        sold = [(SoldLine(x.sale_line_no, int(lines[x.sale_line_no].qty_milli),
                          _line_tax(lines[x.sale_line_no]), returned[x.sale_line_no]),
                 x.qty_milli) for x in p.lines]
        try:
            ours = credit_note(sold, Supply(p.supply))
        except ReturnTooMuch as exc:
            flags.append(_flag(FlagCode.RETURN_TOO_MUCH, f"line {exc.line_no}: "
                               f"{exc.returnable_milli / 1000:g} returnable, "
                               f"{exc.asked_milli / 1000:g} returned"))
        except ReturnError as exc:
            flags.append(_flag(FlagCode.RECOMPUTE_MISMATCH, str(exc)))
        else:
            for mine, theirs in zip(ours.lines, p.lines, strict=True):
                want = {"rate_bp": mine.tax.rate_bp, "gross": mine.tax.gross,
                        "taxable": mine.tax.taxable, "cgst": mine.tax.cgst,
                        "sgst": mine.tax.sgst, "igst": mine.tax.igst}
                diffs = [f"{k} {getattr(theirs, k)} (head office {v})" for k, v in want.items()
                         if getattr(theirs, k) != v]
                if diffs:
                    flags.append(_flag(FlagCode.RECOMPUTE_MISMATCH, "; ".join(diffs),
                                       theirs.sale_line_no))
            if ours.refund != p.refund or ours.round_off != p.round_off:
                flags.append(_flag(FlagCode.RECOMPUTE_MISMATCH, f"refund {p.refund} (head "
                                   f"office {ours.refund})"))
    qty: dict[str, int] = defaultdict(int)
    for x in p.lines:
        if x.sale_line_no in lines:
            qty[lines[x.sale_line_no].product_id] += x.qty_milli
    _stock(ctx, ctx.device.outlet_id, qty, "returned", p.credit_id, track=False,
           received_id=received_id)
    conn.execute(update(cn).where(cn.c.credit_id == p.credit_id).values(
        link_status="linked", flags=_dump_flags([*earlier, *flags])))
    return flags


def _line_tax(row: Any) -> LineTax:
    return LineTax(int(row.net), int(row.rate_bp), int(row.taxable), int(row.cgst),
                   int(row.sgst), int(row.igst), bool(row.dead_band_flag))


def _link_arrived(ctx: Ctx) -> None:
    """Sales arrived in this batch: apply the voids and link the credit notes that were
    parked for them (possibly sent by other devices), in the order they arrived. Each link
    has its own savepoint: one that cannot be made stays parked, the batch goes on."""
    re_ = t.received_events
    for start in range(0, len(ctx.arrived), 500):
        waiting = ctx.conn.execute(select(re_).where(
            re_.c.waits_for.in_(ctx.arrived[start:start + 500]),
            re_.c.status == EventStatus.PARKED.value).order_by(re_.c.id)).all()
        for row in waiting:
            pending: list[StockEntry] = []
            try:
                with ctx.conn.begin_nested():
                    _link_one(ctx, row, pending)
            except (ValidationError, IntegrityError):
                log.exception("parked event %s could not be linked", row.event_id)
                continue
            ctx.stock += pending


def _link_one(ctx: Ctx, row: Any, pending: list[StockEntry]) -> None:
    sale_id = str(row.waits_for)
    payload = json.loads(row.payload)
    owner = Device.of(ctx.conn.execute(select(t.devices).where(
        t.devices.c.device_id == row.device_id)).one())
    other = Ctx(ctx.conn, owner, ctx.outlet if owner.outlet_id == ctx.device.outlet_id
                else outlet_of(ctx.conn, owner), ctx.now, ctx.clock_skew, _rules=ctx._rules,
                received_id=row.id, pending=pending, touched_days=ctx.touched_days)
    sale = _sale(ctx.conn, sale_id)
    if row.type == "void":
        void = VoidPayload.model_validate(payload)
        if sale.outlet_id != owner.outlet_id:
            new = [_flag(FlagCode.CROSS_OUTLET_RETURN, "a void from another outlet's device: "
                         "not applied")]
        else:
            new = _void(other, void, sale, row.id)
    else:
        note = CreditNotePayload.model_validate(payload)
        new = _link_credit(other, note, sale, _load_flags(row.flags), row.id)
        ctx.touched_days.add(note.day_id)
    ctx.conn.execute(update(t.received_events).where(t.received_events.c.id == row.id).values(
        status=EventStatus.APPLIED.value, reason=None,
        detail=f"linked to sale {sale_id} on {ctx.now.isoformat()}",
        flags=[*row.flags, *_dump_flags(new)], waits_for=None, updated_at=ctx.now))


# -- the day, cash and stock -------------------------------------------------------------------


def _day_row(conn: Connection, day_id: str) -> Any:
    return conn.execute(select(t.business_days).where(t.business_days.c.day_id
                                                      == day_id)).first()


def apply_day_open(ctx: Ctx, p: DayOpenPayload, event: PushEvent, received_id: int) -> Outcome:
    del event, received_id
    _check_outlet(ctx, p.outlet_id)
    values = {"opened_by": p.opened_by, "opening_float": p.opening_float, "updated_at": ctx.now}
    if _day_row(ctx.conn, p.day_id) is None:
        ctx.conn.execute(insert(t.business_days).values(
            day_id=p.day_id, outlet_id=p.outlet_id, device_id=ctx.device.device_id,
            business_date=p.business_date, recon_status="open", **values))
    else:
        ctx.conn.execute(update(t.business_days).where(t.business_days.c.day_id == p.day_id)
                         .values(**values))
    return Outcome(EventStatus.APPLIED)


def apply_day_close(ctx: Ctx, p: DayClosePayload, event: PushEvent, received_id: int
                    ) -> Outcome:
    del event, received_id
    _check_outlet(ctx, p.outlet_id)
    report = p.model_dump(mode="json")
    if _day_row(ctx.conn, p.day_id) is None:
        ctx.conn.execute(insert(t.business_days).values(
            day_id=p.day_id, outlet_id=p.outlet_id, device_id=ctx.device.device_id,
            business_date=p.business_date, opening_float=p.opening_float,
            closed_by=p.closed_by, close_report=report, recon_status="awaiting",
            updated_at=ctx.now))
    else:
        ctx.conn.execute(update(t.business_days).where(t.business_days.c.day_id == p.day_id)
                         .values(closed_by=p.closed_by, close_report=report,
                                 updated_at=ctx.now))
    ctx.touched_days.add(p.day_id)
    return Outcome(EventStatus.APPLIED)


def apply_cash_movement(ctx: Ctx, p: CashMovementPayload, event: PushEvent,
                        received_id: int) -> Outcome:
    del received_id
    day = _day_row(ctx.conn, p.day_id)
    if day is not None:
        _check_outlet(ctx, day.outlet_id)
    ctx.conn.execute(insert(t.cash_movements).values(
        movement_id=p.movement_id, day_id=p.day_id, device_id=ctx.device.device_id,
        outlet_id=ctx.device.outlet_id, kind=p.kind, amount=p.amount, reason=p.reason,
        staff_id=p.staff_id, at=event.device_time))
    return Outcome(EventStatus.APPLIED)


def apply_stock_move(ctx: Ctx, p: StockMovePayload, event: PushEvent, received_id: int
                     ) -> Outcome:
    del event, received_id
    _check_outlet(ctx, p.outlet_id)
    known = set(ctx.conn.execute(select(t.products.c.product_id).where(
        t.products.c.product_id.in_({x.product_id for x in p.lines}))).scalars())
    flags = [_flag(FlagCode.UNKNOWN_PRODUCT, f"{x.product_id} is not in the catalogue")
             for x in p.lines if x.product_id not in known]
    qty: dict[str, int] = defaultdict(int)
    for x in p.lines:
        qty[x.product_id] += x.qty_milli
    _stock(ctx, p.outlet_id, qty, p.kind, p.doc_id, track=True)
    return Outcome(EventStatus.APPLIED, flags=flags)


APPLIERS: dict[str, Applier] = {
    "sale": cast(Applier, apply_sale), "void": cast(Applier, apply_void),
    "credit_note": cast(Applier, apply_credit_note), "day_open": cast(Applier, apply_day_open),
    "day_close": cast(Applier, apply_day_close),
    "cash_movement": cast(Applier, apply_cash_movement),
    "stock_move": cast(Applier, apply_stock_move),
}


# -- reconciling a day with its Z report -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayTotals:
    sales_count: int
    voided_count: int
    credit_notes_count: int
    payable: int
    taxable: int
    cgst: int
    sgst: int
    igst: int
    refunds: int
    first_invoice: str
    last_invoice: str


def day_totals(conn: Connection, day_id: str) -> DayTotals:
    """What head office holds for one till day, added up the way the till's Z report is."""
    s, cn = t.sales, t.credit_notes
    done = and_(s.c.day_id == day_id, s.c.status == "completed")
    sums = conn.execute(select(func.count(), *[func.coalesce(func.sum(s.c[c]), 0) for c in
                                               ("payable", "taxable", "cgst", "sgst", "igst")])
                        .where(done)).one()
    voided = conn.execute(select(func.count()).where(s.c.day_id == day_id,
                                                     s.c.status == "voided")).scalar_one()
    first, last = conn.execute(select(func.min(s.c.invoice_no), func.max(s.c.invoice_no))
                               .where(s.c.day_id == day_id)).one()
    notes = conn.execute(select(func.count(), func.coalesce(func.sum(cn.c.refund), 0))
                         .where(cn.c.day_id == day_id)).one()
    return DayTotals(int(sums[0]), int(voided), int(notes[0]), int(sums[1]), int(sums[2]),
                     int(sums[3]), int(sums[4]), int(sums[5]), int(notes[1]), first or "",
                     last or "")


def reconcile(conn: Connection, day_id: str, now: datetime) -> str | None:
    """Compare a closed till day with what arrived: ``reconciled``, ``awaiting`` (documents
    still to come) or ``mismatch``. Nothing to do for a day not closed yet (None)."""
    day = _day_row(conn, day_id)
    if day is None or day.close_report is None:
        return None
    report = day.close_report
    ours = day_totals(conn, day_id)
    diffs = {k: {"till": report.get(k), "head_office": v}
             for k, v in asdict(ours).items() if k in report and report[k] != v}
    if not diffs:
        status = "reconciled"
    elif (ours.sales_count + ours.voided_count < report["sales_count"] + report["voided_count"]
          or ours.voided_count < report["voided_count"]
          or ours.credit_notes_count < report["credit_notes_count"]):
        status = "awaiting"
    else:
        status = "mismatch"
    missing = max(0, report["sales_count"] + report["voided_count"]
                  + report["credit_notes_count"] - ours.sales_count - ours.voided_count
                  - ours.credit_notes_count)
    conn.execute(update(t.business_days).where(t.business_days.c.day_id == day_id).values(
        recon_status=status, recon_detail={"missing_documents": missing, "differences": diffs},
        updated_at=now))
    return status
