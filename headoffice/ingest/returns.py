"""Voids and credit notes, and what waits (parked) for a sale not arrived yet."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from headoffice import catalog
from headoffice.db import schema as t
from headoffice.devices import Device, outlet_of
from headoffice.ingest.context import (
    Ctx,
    Outcome,
    Reject,
    check_number,
    check_outlet,
    dump_flags,
    flag,
    load_flags,
    log,
    queue_stock,
    sale_row,
)
from headoffice.stock import StockEntry
from pos.domain.returns import ReturnError, ReturnTooMuch, SoldLine, credit_note
from pos.domain.tax import LineTax, Supply
from pos.sync.protocol import (
    CreditNotePayload,
    EventFlag,
    EventStatus,
    FlagCode,
    PushEvent,
    RejectReason,
    VoidPayload,
)

# -- voids, returns and what waits for a sale --------------------------------------------------


def _repeated_sale_line(p: CreditNotePayload) -> int | None:
    """A sale line the note names twice, if any. The till's note names each line once (one
    quantity per line, priced on what was returned before it): a line credited twice in one
    note would be priced on figures made for one return."""
    seen: set[int] = set()
    for line in p.lines:
        if line.sale_line_no in seen:
            return line.sale_line_no
        seen.add(line.sale_line_no)
    return None


def apply_void(ctx: Ctx, p: VoidPayload, event: PushEvent, received_id: int) -> Outcome:
    del event
    sale = sale_row(ctx.conn, p.sale_id)
    if sale is None:
        return Outcome(EventStatus.PARKED, "sale_not_received",
                       f"waiting for sale {p.sale_id} ({p.invoice_no})", waits_for=p.sale_id)
    check_outlet(ctx, sale.outlet_id)
    return Outcome(EventStatus.APPLIED, flags=_void(ctx, p, sale, received_id))


def _void(ctx: Ctx, p: VoidPayload, sale: Any, received_id: int) -> list[EventFlag]:
    flags: list[EventFlag] = []
    if sale.invoice_no != p.invoice_no:
        flags.append(flag(FlagCode.INVOICE_MISMATCH, f"the void cites {p.invoice_no}, the "
                          f"sale is {sale.invoice_no}"))
    if sale.status == "voided":
        flags.append(flag(FlagCode.ALREADY_VOIDED, f"{sale.invoice_no} was already voided"))
        return flags
    ctx.conn.execute(update(t.sales).where(t.sales.c.sale_id == p.sale_id).values(
        status="voided", void_reason=p.reason, voided_by=p.voided_by, voided_at=p.voided_at))
    qty: dict[str, int] = defaultdict(int)
    for product_id, q in ctx.conn.execute(select(t.sale_lines.c.product_id,
                                                 t.sale_lines.c.qty_milli)
                                          .where(t.sale_lines.c.sale_id == p.sale_id)):
        qty[product_id] += int(q)
    queue_stock(ctx, sale.outlet_id, qty, "voided", p.sale_id, track=False, received_id=received_id)
    ctx.touched_days.add(sale.day_id)
    return flags


def apply_credit_note(ctx: Ctx, p: CreditNotePayload, event: PushEvent,
                      received_id: int) -> Outcome:
    if p.credit_id != event.event_id:
        raise Reject(RejectReason.EVENT_ID_MISMATCH,
                     "a credit note's event id must be its credit id")
    repeated = _repeated_sale_line(p)
    if repeated is not None:
        raise Reject(RejectReason.MALFORMED, f"lines: sale line {repeated} is credited twice "
                     "in one credit note")
    check_number(p.credit_no, ctx.device.credit_prefix, "credit note")
    flags: list[EventFlag] = []
    if not catalog.business_date_ok(ctx.outlet, p.business_date):
        flags.append(flag(FlagCode.OUTSIDE_STALL_DATES, f"the stall sells from "
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
        flags.append(flag(FlagCode.RECOMPUTE_MISMATCH, f"lines {net} and round-off "
                          f"{p.round_off} do not make the refund {p.refund}"))
    sale = sale_row(conn, p.sale_id)
    if sale is None:
        conn.execute(update(t.credit_notes).where(t.credit_notes.c.credit_id == p.credit_id)
                     .values(flags=dump_flags([*ctx.common, *flags])))
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
        flags.append(flag(FlagCode.CROSS_OUTLET_RETURN, f"sale {sale.invoice_no} was made at "
                          f"{sale.outlet_id}"))
    if sale.invoice_no != p.invoice_no:
        flags.append(flag(FlagCode.INVOICE_MISMATCH, f"the credit note cites {p.invoice_no}, "
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
        flags.append(flag(FlagCode.RETURN_TOO_MUCH, f"the sale has no line {unknown[0]}"))
    else:
        sold = [(SoldLine(x.sale_line_no, int(lines[x.sale_line_no].qty_milli),
                          _line_tax(lines[x.sale_line_no]), returned[x.sale_line_no]),
                 x.qty_milli) for x in p.lines]
        try:
            ours = credit_note(sold, Supply(p.supply))
        except ReturnTooMuch as exc:
            flags.append(flag(FlagCode.RETURN_TOO_MUCH, f"line {exc.line_no}: "
                              f"{exc.returnable_milli / 1000:g} returnable, "
                              f"{exc.asked_milli / 1000:g} returned"))
        except ReturnError as exc:
            flags.append(flag(FlagCode.RECOMPUTE_MISMATCH, str(exc)))
        else:
            for mine, theirs in zip(ours.lines, p.lines, strict=True):
                want = {"rate_bp": mine.tax.rate_bp, "gross": mine.tax.gross,
                        "taxable": mine.tax.taxable, "cgst": mine.tax.cgst,
                        "sgst": mine.tax.sgst, "igst": mine.tax.igst}
                diffs = [f"{k} {getattr(theirs, k)} (head office {v})" for k, v in want.items()
                         if getattr(theirs, k) != v]
                if diffs:
                    flags.append(flag(FlagCode.RECOMPUTE_MISMATCH, "; ".join(diffs),
                                      theirs.sale_line_no))
            if ours.refund != p.refund or ours.round_off != p.round_off:
                flags.append(flag(FlagCode.RECOMPUTE_MISMATCH, f"refund {p.refund} (head "
                                  f"office {ours.refund})"))
    qty: dict[str, int] = defaultdict(int)
    for x in p.lines:
        if x.sale_line_no in lines:
            qty[lines[x.sale_line_no].product_id] += x.qty_milli
    queue_stock(ctx, ctx.device.outlet_id, qty, "returned", p.credit_id, track=False,
           received_id=received_id)
    conn.execute(update(cn).where(cn.c.credit_id == p.credit_id).values(
        link_status="linked", flags=dump_flags([*earlier, *flags])))
    return flags


def _line_tax(row: Any) -> LineTax:
    return LineTax(int(row.net), int(row.rate_bp), int(row.taxable), int(row.cgst),
                   int(row.sgst), int(row.igst), bool(row.dead_band_flag))


def link_arrived(ctx: Ctx) -> None:
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
    sale = sale_row(ctx.conn, sale_id)
    if row.type == "void":
        void = VoidPayload.model_validate(payload)
        if sale.outlet_id != owner.outlet_id:
            new = [flag(FlagCode.CROSS_OUTLET_RETURN, "a void from another outlet's device: "
                        "not applied")]
        else:
            new = _void(other, void, sale, row.id)
    else:
        note = CreditNotePayload.model_validate(payload)
        new = _link_credit(other, note, sale, load_flags(row.flags), row.id)
        ctx.touched_days.add(note.day_id)
    ctx.conn.execute(update(t.received_events).where(t.received_events.c.id == row.id).values(
        status=EventStatus.APPLIED.value, reason=None,
        detail=f"linked to sale {sale_id} on {ctx.now.isoformat()}",
        flags=[*row.flags, *dump_flags(new)], waits_for=None, updated_at=ctx.now))

