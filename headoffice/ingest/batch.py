"""One push batch: claim each event, apply it under its own savepoint, finish the batch.

Runs of plain sales take a bulk path (:func:`headoffice.ingest.sales.apply_sales`): a
hundred sales cost a handful of statements. Anything a run cannot settle on its own (a
constraint saying no) sends the run back, event by event, through the path below."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from headoffice.db import schema as t
from headoffice.devices import lock_device, outlet_of, set_status
from headoffice.ingest.context import (
    Applier,
    Ctx,
    LooseEvent,
    Outcome,
    Reject,
    Suspend,
    alert,
    common_flags,
    dump_flags,
    first_error,
    flag_negative_stock,
    flush_lines,
    load_flags,
)
from headoffice.ingest.days import (
    apply_cash_movement,
    apply_day_close,
    apply_day_open,
    apply_stock_move,
)
from headoffice.ingest.reconcile import reconcile
from headoffice.ingest.returns import apply_credit_note, apply_void, link_arrived
from headoffice.ingest.sales import CleanSale, apply_sale, apply_sales, clean_sale
from pos.sync.protocol import (
    PAYLOAD_MODELS,
    CreditNotePayload,
    DeviceStatus,
    EventResult,
    EventStatus,
    PushEvent,
    PushResponse,
    RejectReason,
    SalePayload,
    canonical_json,
)

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
    index = 0
    one_by_one_until = 0  # events before this index take the event-by-event path
    while index < len(events):
        raw = events[index]
        if raw.seq > expected:
            results.append(EventResult(seq=raw.seq, event_id=raw.event_id,
                                       status=EventStatus.GAP, expected=expected))
            index += 1
            continue
        if index >= one_by_one_until:
            run = _sale_run(ctx, events, index, expected)
            if run:
                done = apply_sales(ctx, run)
                if done is not None:
                    results += done
                    expected += len(done)
                    index += len(done)
                    continue
                one_by_one_until = index + len(run)
        result, suspended = _one(ctx, raw, expected)
        results.append(result)
        index += 1
        if raw.seq == expected and result.status is not EventStatus.GAP:
            # Every answer but a gap moves the queue on, a mismatch or a duplicate stored
            # under another seq too: else the till would resend the same event forever.
            expected += 1
        if suspended:
            status = DeviceStatus.SUSPENDED
            break
    flush_lines(ctx)
    link_arrived(ctx)
    for day_id in sorted(ctx.touched_days):
        reconcile(conn, day_id, now)
    flag_negative_stock(ctx)
    conn.execute(update(t.devices).where(t.devices.c.device_id == device.device_id)
                 .values(last_applied_seq=expected - 1, last_seen_at=now))
    return PushResponse(results=results, device_status=status,
                        last_applied_seq=expected - 1, server_time=now)


def _hashed(raw: LooseEvent) -> tuple[str, str]:
    """The payload's canonical JSON and its SHA-256 (see ``protocol.payload_sha256``)."""
    payload_text = canonical_json(raw.payload)
    return payload_text, hashlib.sha256(payload_text.encode("utf-8")).hexdigest()


def _sale_run(ctx: Ctx, events: Sequence[LooseEvent], start: int, expected: int
              ) -> list[CleanSale]:
    """The clean sales from ``start`` on, with consecutive ``seq`` from ``expected``."""
    run: list[CleanSale] = []
    for raw in events[start:]:
        if raw.seq != expected + len(run):
            break
        sale = clean_sale(ctx, raw, *_hashed(raw))
        if sale is None:
            break
        run.append(sale)
    return run


def _one(ctx: Ctx, raw: LooseEvent, expected: int) -> tuple[EventResult, bool]:
    """One event: ``(its result, whether the device was suspended)``."""
    conn = ctx.conn
    payload_text, sha = _hashed(raw)
    event: PushEvent | None = None
    try:
        event = PushEvent.model_validate(dict(raw))
    except ValidationError as exc:
        problem = first_error(exc)
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
            alert(ctx, applied.reason.value, raw, {"detail": applied.detail}, None)
            set_status(conn, ctx.device.device_id, DeviceStatus.SUSPENDED,
                       f"{applied.reason.value}: {applied.detail}", ctx.now)
            outcome = Outcome(EventStatus.REJECTED, applied.reason.value, applied.detail)
        else:
            outcome = applied
    conn.execute(update(t.received_events).where(t.received_events.c.id == received_id).values(
        status=outcome.status.value, reason=outcome.reason, detail=outcome.detail,
        flags=dump_flags(outcome.flags), waits_for=outcome.waits_for))
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
                           detail=original.detail, flags=load_flags(original.flags)), False
    alert(ctx, EventStatus.PAYLOAD_MISMATCH.value, raw,
          {"original_sha256": original.sha256, "received_sha256": sha,
            "original_device_id": original.device_id}, payload_text)
    return EventResult(seq=raw.seq, event_id=raw.event_id, status=EventStatus.PAYLOAD_MISMATCH,
                       detail="this event id was received before with another payload; the "
                       "first one is kept"), False


def _suspend_backwards(ctx: Ctx, raw: LooseEvent, payload_text: str, detail: str
                       ) -> tuple[EventResult, bool]:
    alert(ctx, RejectReason.SEQ_BACKWARDS.value, raw,
          {"detail": detail, "last_applied_seq": ctx.device.last_applied_seq}, payload_text)
    set_status(ctx.conn, ctx.device.device_id, DeviceStatus.SUSPENDED,
               f"{RejectReason.SEQ_BACKWARDS.value}: {detail}", ctx.now)
    return EventResult(seq=raw.seq, event_id=raw.event_id, status=EventStatus.REJECTED,
                       reason=RejectReason.SEQ_BACKWARDS.value, detail=detail), True


# -- applying one event ------------------------------------------------------------------------




def _apply(ctx: Ctx, event: PushEvent, received_id: int) -> Outcome | Suspend:
    model = PAYLOAD_MODELS[event.type]
    try:
        payload = model.model_validate(event.payload)
    except ValidationError as exc:
        return Outcome(EventStatus.REJECTED, RejectReason.MALFORMED.value, first_error(exc))
    ctx.common = common_flags(ctx, event, payload)
    if event.type in ("void", "credit_note"):
        flush_lines(ctx)  # they read sale lines; outside their savepoint, which may roll back
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


APPLIERS: dict[str, Applier] = {
    "sale": cast(Applier, apply_sale), "void": cast(Applier, apply_void),
    "credit_note": cast(Applier, apply_credit_note), "day_open": cast(Applier, apply_day_open),
    "day_close": cast(Applier, apply_day_close),
    "cash_movement": cast(Applier, apply_cash_movement),
    "stock_move": cast(Applier, apply_stock_move),
}

