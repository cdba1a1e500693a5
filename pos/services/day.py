"""The business day: open with a float, paid-in/paid-out, X report, close with a cash count.

Closing writes the count by denomination, the expected cash, the variance and its reason, and
the day-close event in one transaction; after it no sale is accepted on that day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pos.domain.outlet import Outlet
from pos.domain.reports import CashCount, DayFigures, cash_count
from pos.services.auth import StaffSession
from pos.services.errors import ServiceError
from pos.services.ports import (
    AuditEntry,
    CashMovement,
    Clock,
    DayClose,
    DaySession,
    OutboxEvent,
    UowFactory,
)
from pos.services.selling import IdFactory, new_id


@dataclass(frozen=True, slots=True)
class DayReport:
    """An X report (the day so far) or, with ``count``, a Z report (the day closed)."""

    day: DaySession
    figures: DayFigures
    count: CashCount | None = None
    variance_reason: str = ""


def open_day(uow_factory: UowFactory, clock: Clock, outlet: Outlet, staff_id: str,
             opening_float: int, ids: IdFactory = new_id) -> DaySession:
    """Open today's business day with a cash float. One day per outlet per date."""
    today = clock.today()
    if opening_float < 0:
        raise ServiceError("bad_float", "the opening float cannot be negative")
    with uow_factory() as uow:
        current = uow.days.current(outlet.outlet_id)
        if current is not None:
            raise ServiceError("day_already_open", "a day is already open",
                               business_date=current.business_date)
        if uow.days.for_date(outlet.outlet_id, today) is not None:
            raise ServiceError("day_already_closed", "today was already closed",
                               business_date=today)
        day = DaySession(ids(), outlet.outlet_id, today, staff_id, opening_float)
        now = clock.now()
        uow.days.add(day, now)
        uow.audit.add(AuditEntry(now, staff_id, "day.open", day.day_id,
                                 {"business_date": today.isoformat(), "float": opening_float}))
        uow.outbox.add(OutboxEvent(day.day_id, "day_open", today, now, {
            "day_id": day.day_id, "outlet_id": outlet.outlet_id,
            "business_date": today.isoformat(), "opened_by": staff_id,
            "opening_float": opening_float}))
        uow.commit()
    return day


def cash_movement(uow_factory: UowFactory, clock: Clock, outlet: Outlet, who: StaffSession,
                  kind: str, amount: int, reason: str, ids: IdFactory = new_id) -> CashMovement:
    """Paid-in (cash put into the drawer) or paid-out (cash taken out, e.g. tea, courier)."""
    if kind not in ("paid_in", "paid_out"):
        raise ServiceError("bad_movement", f"unknown cash movement {kind}")
    if amount <= 0:
        raise ServiceError("bad_amount", "the amount must be more than zero")
    if not reason.strip():
        raise ServiceError("reason_required", "say why the cash moved")
    now = clock.now()
    with uow_factory() as uow:
        day = uow.days.current(outlet.outlet_id)
        if day is None:
            raise ServiceError("day_not_open", "open the day first")
        if kind == "paid_out" and amount > uow.days.figures(day.day_id).expected_cash:
            raise ServiceError("not_enough_cash", "the drawer does not hold that much")
        movement = CashMovement(ids(), day.day_id, kind, amount, reason.strip(), who.staff_id,
                                now)
        uow.cash.add(movement)
        uow.audit.add(AuditEntry(now, who.staff_id, f"cash.{kind}", movement.movement_id,
                                 {"amount": amount, "reason": movement.reason}))
        uow.outbox.add(OutboxEvent(movement.movement_id, "cash_movement", day.business_date, now,
                                   {"movement_id": movement.movement_id, "day_id": day.day_id,
                                    "kind": kind, "amount": amount, "reason": movement.reason,
                                    "staff_id": who.staff_id}))
        uow.commit()
    return movement


def print_x_report(uow_factory: UowFactory, outlet: Outlet,
                   print_factory: UowFactory | None = None) -> int:
    """Queue the open day's X report (figures as of printing) for the printer."""
    report = x_report(uow_factory, outlet)
    with (print_factory or uow_factory)() as uow:
        job_id = uow.print_jobs.enqueue("x_report", report.day.day_id)
        uow.commit()
    return job_id


def x_report(uow_factory: UowFactory, outlet: Outlet) -> DayReport:
    """The open day so far; changes nothing."""
    with uow_factory() as uow:
        day = uow.days.current(outlet.outlet_id)
        if day is None:
            raise ServiceError("day_not_open", "no day is open")
        return DayReport(day, uow.days.figures(day.day_id))


def close_day(uow_factory: UowFactory, clock: Clock, outlet: Outlet, manager: StaffSession,
              counts: Mapping[str, int], variance_reason: str = "",
              print_factory: UowFactory | None = None) -> DayReport:
    """Count the cash, record the variance (a reason is required when there is one), lock
    the day and record its day-close event in one transaction; then queue its Z report
    through ``print_factory`` (as a sale's invoice is queued)."""
    now = clock.now()
    with uow_factory() as uow:
        day = uow.days.current(outlet.outlet_id)
        if day is None:
            raise ServiceError("day_not_open", "no day is open")
        figures = uow.days.figures(day.day_id)
        count = cash_count(figures, counts)
        if count.variance and not variance_reason.strip():
            raise ServiceError("variance_reason_required", "the cash does not match: say why",
                               variance=count.variance)
        uow.days.close(DayClose(day.day_id, manager.staff_id, now, dict(counts), count.expected,
                                count.counted, variance_reason.strip()))
        uow.audit.add(AuditEntry(now, manager.staff_id, "day.close", day.day_id, {
            "expected": count.expected, "counted": count.counted,
            "variance": count.variance, "reason": variance_reason.strip()}))
        uow.outbox.add(OutboxEvent(f"{day.day_id}-close", "day_close", day.business_date, now, {
            "day_id": day.day_id, "outlet_id": outlet.outlet_id,
            "business_date": day.business_date.isoformat(), "closed_by": manager.staff_id,
            "sales_count": figures.sales_count, "payable": figures.payable,
            "taxable": figures.taxable, "cgst": figures.cgst, "sgst": figures.sgst,
            "igst": figures.igst, "refunds": figures.refunds,
            "credit_notes_count": figures.credit_notes_count,
            "voided_count": figures.voided_count, "sales_by_mode": dict(figures.sales_by_mode),
            "refunds_by_mode": dict(figures.refunds_by_mode), "paid_in": figures.paid_in,
            "paid_out": figures.paid_out, "opening_float": figures.opening_float,
            "expected_cash": count.expected, "counted_cash": count.counted,
            "counts": dict(counts), "variance_reason": variance_reason.strip(),
            "first_invoice": figures.first_invoice, "last_invoice": figures.last_invoice}))
        uow.commit()
    with (print_factory or uow_factory)() as uow:
        uow.print_jobs.enqueue("z_report", day.day_id)
        uow.commit()
    closed = DaySession(day.day_id, day.outlet_id, day.business_date, day.opened_by,
                        day.opening_float, closed=True)
    return DayReport(closed, figures, count, variance_reason.strip())
