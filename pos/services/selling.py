"""Opening the day and completing a sale: one business event, one transaction.

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
from pos.domain.documents import Customer, Sale, sale_payload
from pos.domain.outlet import Outlet
from pos.domain.payments import Tender, settle
from pos.services.errors import ServiceError
from pos.services.ports import AuditEntry, Clock, DaySession, OutboxEvent, StockMove, UnitOfWork

UowFactory = Callable[[], UnitOfWork]
IdFactory = Callable[[], str]


def new_id() -> str:
    return str(uuid.uuid4())


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
        uow.commit()
    return day


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
                  ids: IdFactory = new_id) -> Sale:
    """Issue the invoice for ``cart`` paid by ``tenders``; returns the completed sale."""
    totals = cart.totals()
    if not totals.lines:
        raise ServiceError("empty_cart", "the bill has no items")
    if not totals.can_complete:
        problem = totals.problems[0]
        raise ServiceError("cannot_complete", str(problem.problem),
                           line_id=problem.line.line_id,
                           reason=getattr(problem.problem, "code", "tax_error"))
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
            customer=customer or Customer(),
        )
        uow.sales.add(sale)
        uow.stock.add([
            StockMove(p.line.product.product_id, -p.line.qty_milli, "sold", sale.sale_id,
                      staff_id, now)
            for p in totals.lines
        ])
        uow.audit.add(AuditEntry(now, staff_id, "sale.complete", invoice_no,
                                 {"sale_id": sale.sale_id, "payable": totals.payable}))
        uow.outbox.add(OutboxEvent(sale.sale_id, "sale", day.business_date, now,
                                   sale_payload(sale)))
        uow.commit()
    with uow_factory() as uow:
        uow.print_jobs.enqueue("invoice", sale.sale_id)
        uow.commit()
    return sale
