"""Plain-data forms round-trip exactly."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pos.domain.cart import Cart
from pos.domain.codec import cart_from_data, cart_to_data, sale_from_payload
from pos.domain.discounts import Discount, DiscountLimit, DiscountPolicy, Role
from pos.domain.documents import Customer, Sale, sale_payload
from pos.domain.payments import Tender, settle
from pos.domain.tax import Supply
from tests.domain.rules import AGARBATTI, APPAREL_62, SILK_FABRIC, snapshot

POLICY = DiscountPolicy({Role.MANAGER: DiscountLimit(3000, 3000)})


def _cart() -> Cart:
    cart = Cart(sale_date=date(2026, 11, 22), policy=POLICY)
    saree = cart.add(snapshot("saree", "500790", 472_500, SILK_FABRIC))
    cart.add(snapshot("kurta", "620520", 354_000, APPAREL_62))
    cart.add(snapshot("agarbatti", "330741", 10_100, AGARBATTI), 3000)
    cart.set_line_discount(saree.line_id, Discount.percent(1000), Role.MANAGER)
    cart.set_bill_discount(Discount.amount(101_500), Role.MANAGER)
    return cart


def test_cart_round_trip_keeps_lines_prices_and_discounts() -> None:
    cart = _cart()
    again = cart_from_data(cart_to_data(cart), POLICY)
    assert again.lines == cart.lines
    assert again.totals() == cart.totals()
    assert again.add(snapshot("x", "330741", 100, AGARBATTI)).line_id == 4


def test_sale_payload_round_trip_recomputes_the_same_totals() -> None:
    cart = _cart()
    totals = cart.totals()
    sale = Sale("s1", "BPL1A/2627/00001", "BPL1", "d1", date(2026, 11, 22),
                datetime(2026, 11, 22, 6, 30, tzinfo=UTC), "meena", Supply.INTRA_STATE, "23",
                totals, cart.bill_discount, settle(totals.payable, [Tender.cash(2_000_000)]),
                Customer("Asha", "", "Bhopal", "23"))
    back = sale_from_payload(sale_payload(sale))
    assert back == sale
    assert sale_payload(back) == sale_payload(sale)
