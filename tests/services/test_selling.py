"""Opening the day and completing sales, over fake ports."""

from __future__ import annotations

from datetime import date

import pytest

from pos.domain.cart import Cart
from pos.domain.numbering import DocumentKind, Series
from pos.domain.outlet import Outlet, OutletKind
from pos.domain.payments import Tender, Underpaid
from pos.services.day import open_day
from pos.services.errors import ServiceError
from pos.services.selling import complete_sale
from tests.domain.rules import AGARBATTI, APPAREL_62, SILK_FABRIC, snapshot
from tests.services.fakes import FakeState, FakeUnitOfWork, FixedClock, start_of

DAY = date(2026, 11, 22)
BHOPAL = Outlet("bpl", OutletKind.OUTLET, "Mrignayani Bhopal", "मृगनयनी भोपाल",
                "23AAACM1234A1Z5", "23", Series("BPL1A"),
                Series("BPL1R", DocumentKind.CREDIT_NOTE))
STALL = Outlet("iitf", OutletKind.STALL, "IITF stall", "आईआईटीएफ स्टॉल", "07AAACM1234A1Z7",
               "07", Series("IITF1"), Series("IITF1R", DocumentKind.CREDIT_NOTE),
               valid_from=date(2026, 11, 14), valid_to=date(2026, 11, 27))


class Till:
    def __init__(self, outlet: Outlet = BHOPAL, day: date = DAY) -> None:
        self.state = FakeState()
        self.clock = FixedClock(start_of(day))
        self.outlet = outlet
        self.uows: list[FakeUnitOfWork] = []

    def uow(self) -> FakeUnitOfWork:
        uow = FakeUnitOfWork(self.state)
        self.uows.append(uow)
        return uow

    def cart(self) -> Cart:
        cart = Cart(sale_date=self.clock.today())
        cart.add(snapshot("saree", "500790", 472_500, SILK_FABRIC))
        cart.add(snapshot("kurta", "620520", 157_500, APPAREL_62))
        cart.add(snapshot("agarbatti", "330741", 10_100, AGARBATTI), 2000)
        return cart

    def open(self) -> None:
        open_day(self.uow, self.clock, self.outlet, "ramesh", 500_000)

    def sell(self, tenders: list[Tender] | None = None, cart: Cart | None = None):  # type: ignore[no-untyped-def]
        cart = cart if cart is not None else self.cart()
        return complete_sale(self.uow, self.clock, self.outlet, "meena", cart,
                             tenders or [Tender.cash(700_000)])


def test_a_sale_writes_everything_in_one_commit_then_queues_its_receipt() -> None:
    till = Till()
    till.open()
    sale = till.sell([Tender.upi(200_000, "412345678901"), Tender.cash(500_000)])
    state = till.state
    assert sale.invoice_no == "BPL1A/2627/00001"
    assert sale.totals.payable == 650_200
    assert sale.settlement.change == 50_000 - 200  # ₹5,000 cash for ₹4,502 due
    stored = state.sales[sale.sale_id]
    assert [line["sku"] for line in stored["lines"]] == ["SAREE", "KURTA", "AGARBATTI"]
    assert [(m.product_id, m.qty_milli, m.kind) for m in state.moves] == [
        ("saree", -1000, "sold"), ("kurta", -1000, "sold"), ("agarbatti", -2000, "sold")]
    assert [e.action for e in state.audit] == ["day.open", "sale.complete"]
    assert [e.type for e in state.outbox] == ["day_open", "sale"]
    assert state.outbox[1].event_id == sale.sale_id
    assert {**state.outbox[1].payload, "status": "completed"} == stored
    assert state.print_jobs == [("invoice", sale.sale_id, False)]
    sale_uow, print_uow = till.uows[-2:]
    assert sale_uow.commits == 1 and print_uow.commits == 1


def test_invoice_numbers_are_consecutive() -> None:
    till = Till()
    till.open()
    numbers = [till.sell().invoice_no for _ in range(3)]
    assert numbers == ["BPL1A/2627/00001", "BPL1A/2627/00002", "BPL1A/2627/00003"]


def test_refusals_write_nothing() -> None:
    till = Till()
    with pytest.raises(ServiceError) as closed:
        till.sell()
    assert closed.value.code == "day_not_open"
    till.open()
    with pytest.raises(Underpaid):
        till.sell([Tender.cash(100)])
    dead = Cart(sale_date=DAY)
    dead.add(snapshot("kurta", "620520", 280_000, APPAREL_62))
    with pytest.raises(ServiceError) as band:
        till.sell(cart=dead)
    assert band.value.code == "cannot_complete" and band.value.details["reason"] == "dead_band"
    with pytest.raises(ServiceError) as empty:
        till.sell(cart=Cart(sale_date=DAY))
    assert empty.value.code == "empty_cart"
    assert till.state.sales == {} and till.state.moves == []
    assert [e.type for e in till.state.outbox] == ["day_open"]
    assert till.state.counters == {}  # no number was used up
    assert till.sell().invoice_no == "BPL1A/2627/00001"


def test_a_stall_sells_only_between_its_dates() -> None:
    till = Till(STALL, date(2026, 11, 27))
    till.open()
    assert till.sell().invoice_no == "IITF1/2627/00001"
    late = Till(STALL, date(2026, 11, 28))
    late.open()
    with pytest.raises(ServiceError) as refused:
        late.sell()
    assert refused.value.code == "outside_stall_dates"


def test_a_day_left_open_must_be_closed_before_selling_the_next_day() -> None:
    till = Till()
    till.open()
    till.clock.advance(days=1)
    with pytest.raises(ServiceError) as stale:
        till.sell()
    assert stale.value.code == "day_stale"
    with pytest.raises(ServiceError) as again:
        till.open()
    assert again.value.code == "day_already_open"
