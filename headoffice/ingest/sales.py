"""Sales: recomputed with ``pos.domain``, checked against the catalogue, written.

:func:`apply_sale` is one sale under its savepoint; :func:`apply_sales` a run of clean
sales with one statement per table and a savepoint for the run."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert

from headoffice import catalog
from headoffice.db import schema as t
from headoffice.ingest.context import (
    Ctx,
    Outcome,
    Reject,
    check_number,
    check_outlet,
    dump_flags,
    flag,
    queue_stock,
)
from pos.domain.cart import CartLine, price_lines
from pos.domain.catalog import ProductSnapshot
from pos.domain.codec import discount_from_data
from pos.domain.numbering import FinancialYear
from pos.domain.tax import NoTaxRule, Supply, TaxRule, select_rule
from pos.sync.protocol import (
    EventFlag,
    EventStatus,
    FlagCode,
    PushEvent,
    RejectReason,
    SalePayload,
)

# -- sales -------------------------------------------------------------------------------------


def recompute_sale(p: SalePayload, rules: dict[str, TaxRule]) -> list[EventFlag]:
    """Price the sale again with ``pos.domain`` from its own lines (prices as billed, the rule
    each line names) and list every difference from what the till says."""
    missing = sorted({line.rule_id for line in p.lines} - rules.keys())
    if missing:
        return [flag(FlagCode.UNKNOWN_TAX_RULE, f"tax rules {', '.join(missing)} are not "
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
        return [flag(FlagCode.RECOMPUTE_MISMATCH, f"could not be priced: {exc}")]
    in_force = tuple(rules.values())
    for priced, line in zip(totals.lines, p.lines, strict=True):
        if priced.problem is not None or priced.tax is None:
            flags.append(flag(FlagCode.RECOMPUTE_MISMATCH,
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
            flags.append(flag(FlagCode.RECOMPUTE_MISMATCH, "; ".join(diffs), line.line_no))
        if line.dead_band_flag:
            flags.append(flag(FlagCode.DEAD_BAND_HIGH, "billed at the higher rate in the dead "
                              "band", line.line_no))
        try:
            chosen = select_rule(in_force, line.hsn, line.is_handicraft, p.business_date)
        except NoTaxRule:
            flags.append(flag(FlagCode.TAX_RULE_DIFFERS, f"no rule applies to HSN {line.hsn} "
                              f"on {p.business_date}", line.line_no))
        else:
            if chosen.rule_id != line.rule_id:
                flags.append(flag(FlagCode.TAX_RULE_DIFFERS, f"billed under {line.rule_id}, "
                                  f"head office applies {chosen.rule_id}", line.line_no))
    ours_total = {"gross": totals.gross, "discount": totals.discount, "net": totals.net,
                  "taxable": totals.taxable, "cgst": totals.cgst, "sgst": totals.sgst,
                  "igst": totals.igst, "round_off": totals.round_off, "payable": totals.payable}
    diffs = [f"{k} {getattr(p.totals, k)} (head office {v})" for k, v in ours_total.items()
             if getattr(p.totals, k) != v]
    if diffs:
        flags.append(flag(FlagCode.RECOMPUTE_MISMATCH, "totals: " + "; ".join(diffs)))
    paid = sum(x.amount for x in p.tenders)
    handed = sum(x.tendered for x in p.tenders if x.mode == "cash")
    cash = sum(x.amount for x in p.tenders if x.mode == "cash")
    if paid != p.totals.payable or p.change != handed - cash:
        flags.append(flag(FlagCode.TENDER_MISMATCH, f"tenders {paid} for payable "
                          f"{p.totals.payable}, change {p.change}"))
    return flags


def _dump(model: BaseModel | None) -> dict[str, Any] | None:
    return None if model is None else model.model_dump(mode="json")


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


def apply_sale(ctx: Ctx, p: SalePayload, event: PushEvent, received_id: int) -> Outcome:
    if p.sale_id != event.event_id:
        raise Reject(RejectReason.EVENT_ID_MISMATCH, "a sale's event id must be its sale id")
    check_outlet(ctx, p.outlet_id)
    year = check_number(p.invoice_no, ctx.device.series_prefix, "invoice")
    flags: list[EventFlag] = []
    if year != FinancialYear.of(p.business_date):
        flags.append(flag(FlagCode.INVOICE_YEAR_MISMATCH, f"{p.invoice_no} is numbered in "
                          f"{year.code}, dated {p.business_date}"))
    if not catalog.business_date_ok(ctx.outlet, p.business_date):
        flags.append(flag(FlagCode.OUTSIDE_STALL_DATES, f"the stall sells from "
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
                status="completed", flags=dump_flags([*ctx.common, *flags]),
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
    } for line in p.lines]  # written with the batch's others (flush_lines)
    ctx.pending_tenders += [
        {"sale_id": p.sale_id, "seq": i, "mode": x.mode, "amount": x.amount,
         "tendered": x.tendered, "reference": x.reference}
        for i, x in enumerate(p.tenders, start=1)]
    qty: dict[str, int] = defaultdict(int)
    for line in p.lines:
        qty[line.product_id] -= line.qty_milli
    queue_stock(ctx, p.outlet_id, qty, "sold", p.sale_id, track=False, fact=("sales", p.sale_id))
    ctx.arrived.append(p.sale_id)
    ctx.touched_days.add(p.day_id)
    return Outcome(EventStatus.APPLIED, flags=flags)

