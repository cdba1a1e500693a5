"""Cart operations: adding by code, quantities, discounts and limits, price overrides."""

from __future__ import annotations

from datetime import date

import pytest

from pos.domain.cart import BadPrice, BadQuantity, Cart, InactiveProduct, NoSuchLine, UnknownCode
from pos.domain.catalog import Product, Unit
from pos.domain.discounts import (
    BadDiscount,
    Discount,
    DiscountLimit,
    DiscountNotAllowed,
    DiscountPolicy,
    Role,
    apportion,
)
from pos.domain.tax import NoTaxRule
from tests.domain.rules import AGARBATTI, RULES, SILK_FABRIC, snapshot

DAY = date(2026, 11, 22)
POLICY = DiscountPolicy({
    Role.CASHIER: DiscountLimit(line_bp=500, bill_bp=500),
    Role.MANAGER: DiscountLimit(line_bp=3000, bill_bp=2000),
})


class Shelf:
    """A product lookup over a few products, as the store will provide."""

    def __init__(self, *products: Product) -> None:
        self.codes: dict[str, tuple[Product, str]] = {}
        for p in products:
            self.codes[p.sku] = (p, "")
            for code in p.barcodes:
                self.codes[code] = (p, code)

    def by_code(self, code: str) -> tuple[Product, str] | None:
        return self.codes.get(code)


SAREE = Product("p1", "CHN-SAR-0001", "Chanderi silk saree", "चंदेरी सिल्क साड़ी", "500790",
                Unit.PCS, 472_500, True, ("2000000000015", "8901234567894"))
FABRIC = Product("p2", "BAG-FAB-0001", "Bagh print cotton fabric", "बाग प्रिंट सूती कपड़ा",
                 "520812", Unit.MTR, 45_000, True, ("2000000000022",))
OLD = Product("p3", "OLD-0001", "Discontinued stole", "पुराना स्टोल", "621420", Unit.PCS,
              90_000, False, ("2000000000039",), active=False)
SHELF = Shelf(SAREE, FABRIC, OLD)
RULES_WITH_COTTON = (*RULES, SILK_FABRIC.__class__("cotton", "5208", SILK_FABRIC.effective_from,
                                                   rate_bp=500))


def test_scan_by_barcode_and_sku_keeps_a_snapshot() -> None:
    cart = Cart(sale_date=DAY, policy=POLICY)
    line = cart.add_code("8901234567894", SHELF, RULES)
    assert line.product.barcode == "8901234567894"
    assert line.product.name_hi == "चंदेरी सिल्क साड़ी"
    assert line.product.rule is SILK_FABRIC
    again = cart.add_code(" CHN-SAR-0001 ", SHELF, RULES)  # SKU typed, same product: merged
    assert again.line_id == line.line_id and again.qty_milli == 2000
    assert len(cart) == 1


def test_unknown_and_inactive_codes_are_refused() -> None:
    cart = Cart(sale_date=DAY)
    with pytest.raises(UnknownCode) as unknown:
        cart.add_code("1234567890128", SHELF, RULES)
    assert unknown.value.code_text == "1234567890128"
    with pytest.raises(UnknownCode):
        cart.add_code("   ", SHELF, RULES)
    with pytest.raises(InactiveProduct):
        cart.add_code("2000000000039", SHELF, RULES)
    with pytest.raises(NoTaxRule):  # cotton fabric has no rule in RULES
        cart.add_code("2000000000022", SHELF, RULES)
    assert len(cart) == 0


def test_metres_in_fractions_pieces_whole() -> None:
    cart = Cart(sale_date=DAY)
    fabric = cart.add_code("2000000000022", SHELF, RULES_WITH_COTTON, qty_milli=2_500)
    assert fabric.gross == 112_500  # 2.5 m at ₹450
    saree = cart.add_code("2000000000015", SHELF, RULES)
    with pytest.raises(BadQuantity):
        cart.set_quantity(saree.line_id, 1_500)
    with pytest.raises(BadQuantity):
        cart.set_quantity(saree.line_id, 0)
    with pytest.raises(BadQuantity):
        cart.set_quantity(saree.line_id, 10_000_000)
    assert cart.line(saree.line_id).qty_milli == 1000  # nothing half-applied
    cart.set_quantity(saree.line_id, 3000)
    assert cart.totals().gross == 112_500 + 3 * 472_500


def test_remove_and_missing_lines() -> None:
    cart = Cart(sale_date=DAY)
    line = cart.add(snapshot("a", "330741", 10_100, AGARBATTI))
    cart.remove(line.line_id)
    assert cart.totals().payable == 0 and not cart.totals().can_complete
    with pytest.raises(NoSuchLine):
        cart.remove(line.line_id)


def test_discount_limits_per_role() -> None:
    cart = Cart(sale_date=DAY, policy=POLICY)
    line = cart.add(snapshot("saree", "500790", 472_500, SILK_FABRIC))
    cart.set_line_discount(line.line_id, Discount.percent(500), Role.CASHIER)  # exactly 5 %
    with pytest.raises(DiscountNotAllowed) as over:
        cart.set_line_discount(line.line_id, Discount.amount(23_626), Role.CASHIER)
    assert over.value.limit_bp == 500 and over.value.asked_bp == 501
    assert cart.line(line.line_id).discount == Discount.percent(500)  # unchanged
    cart.set_line_discount(line.line_id, Discount.amount(100_000), Role.MANAGER)  # approved
    assert cart.totals().discount == 100_000
    with pytest.raises(DiscountNotAllowed):
        cart.set_bill_discount(Discount.percent(2100), Role.MANAGER)
    with pytest.raises(DiscountNotAllowed):  # a role with no limit may give nothing
        cart.set_bill_discount(Discount.amount(1), Role.ADMIN)
    with pytest.raises(BadDiscount):
        Discount.percent(10_001)
    with pytest.raises(BadDiscount):
        Discount.amount(-1)


def test_bill_discount_is_apportioned_exactly() -> None:
    cart = Cart(sale_date=DAY, policy=POLICY)
    for i, price in enumerate((33_300, 10_100, 10_100)):
        cart.add(snapshot(f"x{i}", "330741", price, AGARBATTI))
    cart.set_bill_discount(Discount.amount(1_001), Role.MANAGER)
    totals = cart.totals()
    shares = [p.bill_discount for p in totals.lines]
    assert sum(shares) == 1_001
    assert shares == [623, 189, 189]  # 623.04, 188.97, 188.97: leftovers to the largest remainders
    assert totals.net == 53_500 - 1_001
    assert totals.taxable + totals.tax == totals.net


def test_apportion_edges() -> None:
    assert apportion(0, [5, 5]) == [0, 0]
    assert apportion(10, [0, 0, 10]) == [0, 0, 10]
    assert apportion(3, [1, 1, 1]) == [1, 1, 1]
    assert apportion(1, [5, 5]) == [1, 0]  # a tie goes to the earlier line
    with pytest.raises(ValueError, match="apportion"):
        apportion(11, [5, 5])


def test_price_override_is_billed_and_marked() -> None:
    cart = Cart(sale_date=DAY)
    line = cart.add(snapshot("saree", "500790", 472_500, SILK_FABRIC))
    changed = cart.override_price(line.line_id, 420_000)
    assert changed.price_overridden and changed.product.mrp == 472_500
    assert cart.totals().payable == 420_000
    with pytest.raises(BadPrice):
        cart.override_price(line.line_id, 0)
    # scanning the product again starts a new line at the catalogue price
    other = cart.add(snapshot("saree", "500790", 472_500, SILK_FABRIC))
    assert other.line_id != line.line_id
