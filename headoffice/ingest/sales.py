"""Sales: recomputed with ``pos.domain``, checked against the catalogue, written.

:func:`apply_sale` is one sale under its savepoint; :func:`apply_sales` a run of clean
sales with one statement per table and a savepoint for the run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from headoffice import catalog
from headoffice.db import schema as t
from headoffice.db.engine import bulk_insert, reserve_ids
from headoffice.ingest.context import (
    Ctx,
    LooseEvent,
    Outcome,
    Reject,
    check_number,
    check_outlet,
    common_flags,
    dump_flags,
    flag,
    queue_stock,
    stock_entries,
)
from pos.domain.cart import CartLine, price_lines
from pos.domain.catalog import ProductSnapshot
from pos.domain.codec import discount_from_data
from pos.domain.discounts import Discount
from pos.domain.numbering import FinancialYear
from pos.domain.tax import NoTaxRule, Supply, TaxRule, select_rule
from pos.sync.protocol import (
    DiscountData,
    EventFlag,
    EventResult,
    EventStatus,
    FlagCode,
    PushEvent,
    RejectReason,
    SaleLineData,
    SalePayload,
)

# -- sales -------------------------------------------------------------------------------------


# What the till says of a line, and head office's figure for each (in this order).
_LINE_FIGURES = ("gross", "line_discount_amount", "bill_discount_amount", "net", "rate_bp",
                 "taxable", "cgst", "sgst", "igst", "dead_band_flag")
_TOTAL_FIGURES = ("gross", "discount", "net", "taxable", "cgst", "sgst", "igst", "round_off",
                  "payable")

ProductKey = tuple[str, str, str, str, str, str, str, int, bool, str]


def recompute_sale(p: SalePayload, rules: dict[str, TaxRule],
                   chosen: dict[tuple[str, bool, date], str | None] | None = None,
                   products: dict[ProductKey, ProductSnapshot] | None = None
                   ) -> list[EventFlag]:
    """Price the sale again with ``pos.domain`` from its own lines (prices as billed, the rule
    each line names) and list every difference from what the till says. ``chosen`` remembers
    which rule applies to an HSN on a day (None: none does) and ``products`` the lines'
    product snapshots, across the sales of a batch."""
    chosen = {} if chosen is None else chosen
    products = {} if products is None else products
    missing = sorted({line.rule_id for line in p.lines} - rules.keys())
    if missing:
        return [flag(FlagCode.UNKNOWN_TAX_RULE, f"tax rules {', '.join(missing)} are not "
                     "known to head office: the sale could not be recomputed")]
    flags: list[EventFlag] = []
    try:
        lines = [CartLine(line.line_no, _snapshot(line, rules, products), line.qty_milli,
                          line.unit_price, _discount(line.line_discount),
                          line.price_overridden) for line in p.lines]
        totals = price_lines(lines, _discount(p.bill_discount), Supply(p.supply))
    except ValueError as exc:
        return [flag(FlagCode.RECOMPUTE_MISMATCH, f"could not be priced: {exc}")]
    in_force: tuple[TaxRule, ...] | None = None
    for priced, line in zip(totals.lines, p.lines, strict=True):
        if priced.problem is not None or priced.tax is None:
            flags.append(flag(FlagCode.RECOMPUTE_MISMATCH,
                              f"cannot be billed: {priced.problem}", line.line_no))
            continue
        tax = priced.tax
        ours = (priced.gross, priced.line_discount, priced.bill_discount, priced.net,
                tax.rate_bp, tax.taxable, tax.cgst, tax.sgst, tax.igst, tax.dead_band_flag)
        theirs = (line.gross, line.line_discount_amount, line.bill_discount_amount, line.net,
                  line.rate_bp, line.taxable, line.cgst, line.sgst, line.igst,
                  line.dead_band_flag)
        if ours != theirs:
            flags.append(flag(FlagCode.RECOMPUTE_MISMATCH, _differences(
                _LINE_FIGURES, theirs, ours), line.line_no))
        if line.dead_band_flag:
            flags.append(flag(FlagCode.DEAD_BAND_HIGH, "billed at the higher rate in the dead "
                              "band", line.line_no))
        key = (line.hsn, line.is_handicraft, p.business_date)
        if key not in chosen:
            in_force = tuple(rules.values()) if in_force is None else in_force
            try:
                chosen[key] = select_rule(in_force, *key).rule_id
            except NoTaxRule:
                chosen[key] = None
        rule_id = chosen[key]
        if rule_id is None:
            flags.append(flag(FlagCode.TAX_RULE_DIFFERS, f"no rule applies to HSN {line.hsn} "
                              f"on {p.business_date}", line.line_no))
        elif rule_id != line.rule_id:
            flags.append(flag(FlagCode.TAX_RULE_DIFFERS, f"billed under {line.rule_id}, "
                              f"head office applies {rule_id}", line.line_no))
    t = p.totals
    ours_total = (totals.gross, totals.discount, totals.net, totals.taxable, totals.cgst,
                  totals.sgst, totals.igst, totals.round_off, totals.payable)
    theirs_total = (t.gross, t.discount, t.net, t.taxable, t.cgst, t.sgst, t.igst, t.round_off,
                    t.payable)
    if ours_total != theirs_total:
        flags.append(flag(FlagCode.RECOMPUTE_MISMATCH, "totals: " + _differences(
            _TOTAL_FIGURES, theirs_total, ours_total)))
    paid = handed = cash = 0
    for x in p.tenders:
        paid += x.amount
        if x.mode == "cash":
            handed += x.tendered
            cash += x.amount
    if paid != t.payable or p.change != handed - cash:
        flags.append(flag(FlagCode.TENDER_MISMATCH, f"tenders {paid} for payable "
                          f"{t.payable}, change {p.change}"))
    return flags


def _differences(names: tuple[str, ...], theirs: tuple[Any, ...], ours: tuple[Any, ...]) -> str:
    return "; ".join(f"{name} {a} (head office {b})"
                     for name, a, b in zip(names, theirs, ours, strict=True) if a != b)


def _snapshot(line: SaleLineData, rules: dict[str, TaxRule],
              products: dict[ProductKey, ProductSnapshot]) -> ProductSnapshot:
    """The line's product as it was billed (its own copy of the catalogue's fields), made once
    a batch for the lines that bill the same product alike."""
    key = (line.product_id, line.sku, line.barcode, line.name_en, line.name_hi, line.hsn,
           line.unit.value, line.mrp, line.is_handicraft, line.rule_id)
    found = products.get(key)
    if found is None:
        found = products[key] = ProductSnapshot(
            line.product_id, line.sku, line.barcode, line.name_en, line.name_hi, line.hsn,
            line.unit, line.mrp, line.is_handicraft, rules[line.rule_id])
    return found


def _discount(data: DiscountData | None) -> Discount | None:
    return None if data is None else discount_from_data({"kind": data.kind,
                                                         "value": data.value})


def _catalogue_flags(ctx: Ctx, p: SalePayload) -> list[EventFlag]:
    mrp = ctx.mrps({line.product_id for line in p.lines})
    flags: list[EventFlag] = []
    for line in p.lines:
        if mrp[line.product_id] is None:
            flags.append(flag(FlagCode.UNKNOWN_PRODUCT, f"{line.sku} is not in the catalogue",
                              line.line_no))
        elif line.unit_price != mrp[line.product_id]:
            flags.append(flag(FlagCode.PRICE_DIFFERS, f"{line.sku} billed at "
                              f"{line.unit_price}, catalogue MRP {mrp[line.product_id]}",
                              line.line_no))
    return flags


def sale_flags(ctx: Ctx, p: SalePayload, year: FinancialYear) -> list[EventFlag]:
    """What a person should look at in this sale (besides the flags every event takes)."""
    flags: list[EventFlag] = []
    if year != FinancialYear.of(p.business_date):
        flags.append(flag(FlagCode.INVOICE_YEAR_MISMATCH, f"{p.invoice_no} is numbered in "
                          f"{year.code}, dated {p.business_date}"))
    if not catalog.business_date_ok(ctx.outlet, p.business_date):
        flags.append(flag(FlagCode.OUTSIDE_STALL_DATES, f"the stall sells from "
                          f"{ctx.outlet.valid_from} to {ctx.outlet.valid_to}"))
    flags += recompute_sale(p, ctx.rules, ctx.chosen_rules, ctx.products)
    flags += _catalogue_flags(ctx, p)
    return flags


def _sale_values(ctx: Ctx, p: SalePayload, received_id: int, flags: list[EventFlag]
                 ) -> dict[str, Any]:
    return {
        "sale_id": p.sale_id, "received_event_id": received_id,
        "device_id": ctx.device.device_id, "outlet_id": p.outlet_id, "day_id": p.day_id,
        "invoice_no": p.invoice_no, "business_date": p.business_date,
        "created_at": p.created_at, "staff_id": p.staff_id, "supply": p.supply,
        "place_of_supply": p.place_of_supply, "customer_name": p.customer.name,
        "customer_gstin": p.customer.gstin, "customer_address": p.customer.address,
        "customer_state": p.customer.state_code,
        "bill_discount_kind": p.bill_discount.kind if p.bill_discount else None,
        "bill_discount_value": p.bill_discount.value if p.bill_discount else None,
        **p.totals.model_dump(), "change": p.change, "line_count": len(p.lines),
        "status": "completed", "flags": dump_flags(flags), "received_at": ctx.now}


def _line_rows(p: SalePayload) -> list[tuple[Any, ...]]:
    """The sale's lines as rows of ``LINE_COLUMNS``."""
    rows = []
    for line in p.lines:
        discount = line.line_discount
        rows.append((
            p.sale_id, line.line_no, line.product_id, line.sku, line.barcode, line.name_en,
            line.name_hi, line.hsn, line.unit.value, line.is_handicraft, line.rule_id, line.mrp,
            line.unit_price, line.qty_milli, None if discount is None else discount.kind,
            None if discount is None else discount.value, line.price_overridden, line.gross,
            line.line_discount_amount, line.bill_discount_amount, line.net, line.rate_bp,
            line.taxable, line.cgst, line.sgst, line.igst, line.dead_band_flag))
    return rows


def _tender_rows(p: SalePayload) -> list[tuple[Any, ...]]:
    """The sale's tenders as rows of ``TENDER_COLUMNS``."""
    return [(p.sale_id, i, x.mode, x.amount, x.tendered, x.reference)
            for i, x in enumerate(p.tenders, start=1)]


def _sold(p: SalePayload) -> dict[str, int]:
    qty: dict[str, int] = defaultdict(int)
    for line in p.lines:
        qty[line.product_id] -= line.qty_milli
    return qty


def _repeated_line_no(p: SalePayload) -> int | None:
    """A line number used twice (the lines are stored under it), if any."""
    seen: set[int] = set()
    for line in p.lines:
        if line.line_no in seen:
            return line.line_no
        seen.add(line.line_no)
    return None


def apply_sale(ctx: Ctx, p: SalePayload, event: PushEvent, received_id: int) -> Outcome:
    if p.sale_id != event.event_id:
        raise Reject(RejectReason.EVENT_ID_MISMATCH, "a sale's event id must be its sale id")
    repeated = _repeated_line_no(p)
    if repeated is not None:  # else the batch's lines, written at its end, would fail
        raise Reject(RejectReason.MALFORMED, f"lines: line_no {repeated} is used twice")
    check_outlet(ctx, p.outlet_id)
    year = check_number(p.invoice_no, ctx.device.series_prefix, "invoice")
    flags = sale_flags(ctx, p, year)
    # A reused invoice number fails this insert (unique constraint): see batch._apply.
    ctx.conn.execute(insert(t.sales), _sale_values(ctx, p, received_id, [*ctx.common, *flags]))
    ctx.pending_lines += _line_rows(p)  # written with the batch's others (flush_lines)
    ctx.pending_tenders += _tender_rows(p)
    queue_stock(ctx, p.outlet_id, _sold(p), "sold", p.sale_id, track=False,
                fact=("sales", p.sale_id))
    ctx.arrived.append(p.sale_id)
    ctx.touched_days.add(p.day_id)
    return Outcome(EventStatus.APPLIED, flags=flags)


# -- a run of sales at once --------------------------------------------------------------------


class SaleEvent(PushEvent):
    """A sale event and its payload, validated in one call (as ``PushEvent``, then
    ``SalePayload``, would)."""

    payload: SalePayload  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class CleanSale:
    """A sale event that passed every check made without the database."""

    raw: LooseEvent
    event: PushEvent
    payload: SalePayload
    payload_text: str
    sha256: str
    year: FinancialYear


def clean_sale(ctx: Ctx, raw: LooseEvent, payload_text: str, sha: str) -> CleanSale | None:
    """The event as a :class:`CleanSale`, or None when the event-by-event path must decide
    it (malformed, wrong hash, not a sale, another outlet, a number not in the series...)."""
    if raw.type != "sale":
        return None
    try:
        event = SaleEvent.model_validate({
            "seq": raw.seq, "event_id": raw.event_id, "type": raw.type,
            "business_date": raw.business_date, "device_time": raw.device_time,
            "sha256": raw.sha256, "payload": raw.payload})
    except ValidationError:
        return None
    payload = event.payload
    if event.sha256 != sha or payload.sale_id != event.event_id \
            or payload.outlet_id != ctx.device.outlet_id \
            or _repeated_line_no(payload) is not None:
        return None
    try:
        year = check_number(payload.invoice_no, ctx.device.series_prefix, "invoice")
    except Reject:
        return None
    return CleanSale(raw, event, payload, payload_text, sha, year)


def apply_sales(ctx: Ctx, run: Sequence[CleanSale]) -> list[EventResult] | None:
    """Apply a run of clean sales (consecutive ``seq``, from the expected one) with one
    statement per table, under one savepoint. Each gets exactly the outcome and the rows
    :func:`apply_sale` would give it. None when a unique constraint refused something (the
    savepoint is rolled back, nothing of the run is kept): the caller then takes the run
    event by event."""
    conn = ctx.conn
    ctx.mrps({line.product_id for sale in run for line in sale.payload.lines})  # one query
    flags = []
    for sale in run:
        common = common_flags(ctx, sale.event, sale.payload)
        flags.append([*common, *sale_flags(ctx, sale.payload, sale.year)])
    re_ = t.received_events
    try:
        with conn.begin_nested():
            events = [{
                "device_id": ctx.device.device_id, "seq": sale.raw.seq,
                "event_id": sale.raw.event_id, "type": "sale",
                "business_date": sale.event.business_date,
                "device_time": sale.event.device_time, "sha256": sale.sha256,
                "payload": sale.payload_text, "status": EventStatus.APPLIED.value,
                "reason": None, "detail": None, "flags": dump_flags(f), "waits_for": None,
                "received_at": ctx.now, "updated_at": ctx.now}
                for sale, f in zip(run, flags, strict=True)]
            if conn.dialect.name == "postgresql":  # ids first, then one COPY
                ids = reserve_ids(conn, re_.c.id, len(events))
                bulk_insert(conn, re_, [{"id": i, **row} for i, row in zip(ids, events,
                                                                            strict=True)])
            else:
                ids = [int(i) for i in conn.execute(
                    insert(re_).returning(re_.c.id, sort_by_parameter_order=True),
                    events).scalars()]
            bulk_insert(conn, t.sales, [_sale_values(ctx, sale.payload, received_id, f)
                                        for sale, received_id, f in zip(run, ids, flags,
                                                                        strict=True)])
    except IntegrityError:
        return None
    results = []
    for sale, received_id, f in zip(run, ids, flags, strict=True):
        p = sale.payload
        ctx.lines += _line_rows(p)
        ctx.tenders += _tender_rows(p)
        ctx.stock += stock_entries(p.outlet_id, _sold(p), "sold", p.sale_id, track=False,
                                   received_id=received_id, fact=("sales", p.sale_id))
        ctx.arrived.append(p.sale_id)
        ctx.touched_days.add(p.day_id)
        result = EventResult(seq=sale.raw.seq, event_id=sale.raw.event_id,
                             status=EventStatus.APPLIED, flags=f)
        ctx.results[received_id] = result
        results.append(result)
    return results
