"""Day open and close (the Z report), cash paid in and out, stock documents."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import insert, select, update

from headoffice.db import schema as t
from headoffice.ingest.context import (
    Ctx,
    Outcome,
    check_outlet,
    day_row,
    flag,
    queue_stock,
)
from pos.sync.protocol import (
    CashMovementPayload,
    DayClosePayload,
    DayOpenPayload,
    EventStatus,
    FlagCode,
    PushEvent,
    StockMovePayload,
)

# -- the day, cash and stock -------------------------------------------------------------------




def apply_day_open(ctx: Ctx, p: DayOpenPayload, event: PushEvent, received_id: int) -> Outcome:
    del event, received_id
    check_outlet(ctx, p.outlet_id)
    values = {"opened_by": p.opened_by, "opening_float": p.opening_float, "updated_at": ctx.now}
    if day_row(ctx.conn, p.day_id) is None:
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
    check_outlet(ctx, p.outlet_id)
    report = p.model_dump(mode="json")
    if day_row(ctx.conn, p.day_id) is None:
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
    day = day_row(ctx.conn, p.day_id)
    if day is not None:
        check_outlet(ctx, day.outlet_id)
    ctx.conn.execute(insert(t.cash_movements).values(
        movement_id=p.movement_id, day_id=p.day_id, device_id=ctx.device.device_id,
        outlet_id=ctx.device.outlet_id, kind=p.kind, amount=p.amount, reason=p.reason,
        staff_id=p.staff_id, at=event.device_time))
    return Outcome(EventStatus.APPLIED)


def apply_stock_move(ctx: Ctx, p: StockMovePayload, event: PushEvent, received_id: int
                     ) -> Outcome:
    del event, received_id
    check_outlet(ctx, p.outlet_id)
    known = set(ctx.conn.execute(select(t.products.c.product_id).where(
        t.products.c.product_id.in_({x.product_id for x in p.lines}))).scalars())
    flags = [flag(FlagCode.UNKNOWN_PRODUCT, f"{x.product_id} is not in the catalogue")
             for x in p.lines if x.product_id not in known]
    qty: dict[str, int] = defaultdict(int)
    for x in p.lines:
        qty[x.product_id] += x.qty_milli
    queue_stock(ctx, p.outlet_id, qty, p.kind, p.doc_id, track=True)
    return Outcome(EventStatus.APPLIED, flags=flags)

