"""Completing and voiding sales: one business event, one transaction.

Completing a sale writes the sale, its lines, its payments, the invoice number, the stock
movements, the audit entry and the outbox event through one :class:`UnitOfWork`, committed
once. The receipt's print job is queued only after that commit, in its own transaction, so a
printer can never hold up or undo a sale.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from pos.domain.cart import Cart
from pos.domain.customer import customer_problem, normalise
from pos.domain.discounts import Role
from pos.domain.documents import Customer, Sale, sale_payload
from pos.domain.outlet import Outlet
from pos.domain.payments import Tender, settle
from pos.services.auth import StaffSession
from pos.services.errors import ServiceError
from pos.services.ports import (
    AuditEntry,
    Clock,
    DaySession,
    OutboxEvent,
    StockMove,
    UowFactory,
)

IdFactory = Callable[[], str]


CURRENT_BILL = "current"  # the held-bill id of the bill on screen (see pos.services.holds)


def new_id() -> str:
    return str(uuid.uuid4())


def _check_can_sell(outlet: Outlet, day: DaySession | None, today: date) -> DaySession:
    if not outlet.sells_on(today):
        raise ServiceError("outside_stall_dates", "this stall may not sell today",
                           valid_from=outlet.valid_from, valid_to=outlet.valid_to)
    if day is None:
        raise ServiceError("day_not_open", "open the day before selling")
    if day.business_date != today:
        raise ServiceError("day_stale", "the open day is not today's: close it first",
                           business_date=day.business_date)
    return day


def complete_sale(uow_factory: UowFactory, clock: Clock, outlet: Outlet, staff_id: str,
                  cart: Cart, tenders: Sequence[Tender], customer: Customer | None = None,
                  ids: IdFactory = new_id, print_factory: UowFactory | None = None) -> Sale:
    """Issue the invoice for ``cart`` paid by ``tenders``; returns the completed sale.

    ``print_factory`` opens the (lighter) transaction that queues the receipt after the
    sale's commit; by default the same factory as the sale's."""
    totals = cart.totals()
    if not totals.lines:
        raise ServiceError("empty_cart", "the bill has no items")
    if not totals.can_complete:
        problem = totals.problems[0]
        raise ServiceError("cannot_complete", str(problem.problem),
                           line_id=problem.line.line_id,
                           reason=getattr(problem.problem, "code", "tax_error"))
    buyer = normalise(customer if customer is not None else cart.customer)
    missing = customer_problem(buyer, totals.taxable)
    if missing is not None:
        raise ServiceError(missing, "the buyer's details are needed on this invoice")
    settlement = settle(totals.payable, tenders)
    now = clock.now()
    with uow_factory() as uow:
        day = _check_can_sell(outlet, uow.days.current(outlet.outlet_id), clock.today())
        invoice_no = uow.series.next_number(outlet.invoice_series, day.business_date)
        sale = Sale(
            sale_id=ids(), invoice_no=invoice_no, outlet_id=outlet.outlet_id, day_id=day.day_id,
            business_date=day.business_date, created_at=now, staff_id=staff_id,
            supply=cart.supply, place_of_supply=outlet.state_code, totals=totals,
            bill_discount=cart.bill_discount, settlement=settlement,
            customer=buyer,
        )
        payload = sale_payload(sale)
        uow.sales.add(sale, payload)
        uow.stock.add([
            StockMove(p.line.product.product_id, -p.line.qty_milli, "sold", sale.sale_id,
                      staff_id, now)
            for p in totals.lines
        ])
        uow.audit.add(AuditEntry(now, staff_id, "sale.complete", invoice_no,
                                 {"sale_id": sale.sale_id, "payable": totals.payable}))
        uow.outbox.add(OutboxEvent(sale.sale_id, "sale", day.business_date, now, payload))
        uow.holds.discard(CURRENT_BILL)  # the bill on screen is now this sale
        uow.commit()
    with (print_factory or uow_factory)() as uow:
        uow.print_jobs.enqueue("invoice", sale.sale_id)
        uow.commit()
    return sale


def void_sale(uow_factory: UowFactory, clock: Clock, outlet: Outlet, manager: StaffSession,
              sale_id: str, reason: str) -> None:
    """Cancel a sale of the open day (a manager, with a reason). It keeps its number and is
    reported as cancelled; its stock comes back. A sale of an earlier day, or one with
    returns, is refused: take a return against it instead."""
    if not manager.role.at_least(Role.MANAGER):
        raise ServiceError("not_allowed", "a manager must void", needed=Role.MANAGER.value)
    if not reason.strip():
        raise ServiceError("reason_required", "say why the sale is voided")
    now = clock.now()
    with uow_factory() as uow:
        sale = uow.sales.get(sale_id)
        if sale is None:
            raise ServiceError("no_such_sale", "no such sale")
        if sale.status != "completed":
            raise ServiceError("already_voided", "this sale is already voided")
        day = uow.days.current(outlet.outlet_id)
        if day is None or sale.day_id != day.day_id:
            raise ServiceError("void_closed_day", "only sales of the open day can be voided")
        if any(line.returned_milli for line in sale.lines):
            raise ServiceError("void_has_returns", "goods of this sale were returned")
        uow.sales.void(sale_id, manager.staff_id, reason.strip(), now)
        uow.stock.add([StockMove(line.product_id, line.qty_milli, "voided", sale_id,
                                 manager.staff_id, now, reason.strip()) for line in sale.lines])
        uow.audit.add(AuditEntry(now, manager.staff_id, "sale.void", sale.invoice_no,
                                 {"sale_id": sale_id, "reason": reason.strip()}))
        uow.outbox.add(OutboxEvent(f"{sale_id}-void", "void", sale.business_date, now, {
            "sale_id": sale_id, "invoice_no": sale.invoice_no, "reason": reason.strip(),
            "voided_by": manager.staff_id, "voided_at": now.isoformat()}))
        uow.commit()
