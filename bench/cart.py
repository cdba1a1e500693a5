"""``cart``: recompute a 100-line cart with mixed rates and a bill discount.

Baseline: summing 100 integers in a Python loop, measured in the same run, so the ratio says
how many "trivial loops" a full invoice recomputation costs on this machine.
"""

from __future__ import annotations

from datetime import date

from bench.harness import Figure, measure
from pos.domain.cart import Cart
from pos.domain.catalog import ProductSnapshot, Unit
from pos.domain.discounts import Discount, DiscountLimit, DiscountPolicy, Role
from pos.domain.tax import PriceBand, TaxRule

FROM = date(2025, 9, 22)
RULES = (
    TaxRule("apparel", "62", FROM, band=PriceBand(250_000, 500, 1800)),
    TaxRule("saree", "5007", FROM, rate_bp=500),
    TaxRule("furniture", "9403", FROM, rate_bp=1800),
    TaxRule("filigree", "7113", FROM, rate_bp=300),
)
HSN = ("620520", "500790", "940360", "711319")


def build_cart(lines: int = 100) -> Cart:
    policy = DiscountPolicy({Role.MANAGER: DiscountLimit(5000, 5000)})
    cart = Cart(sale_date=date(2026, 11, 22), policy=policy)
    for i in range(lines):
        rule = RULES[i % len(RULES)]
        price = 50_000 + (i * 7_919) % 400_000
        if rule.band is not None and rule.band.max_low_price < price < rule.band.min_high_price:
            price = rule.band.max_low_price
        product = ProductSnapshot(f"p{i}", f"SKU{i}", "", f"Item {i}", f"वस्तु {i}",
                                  HSN[i % len(HSN)], Unit.PCS, price, False, rule)
        line = cart.add(product, 1000 * (1 + i % 3))
        if i % 5 == 0:
            cart.set_line_discount(line.line_id, Discount.percent(1000), Role.MANAGER)
    cart.set_bill_discount(Discount.amount(123_456), Role.MANAGER)
    return cart


def run(*, quick: bool = False) -> list[Figure]:
    cart = build_cart()
    totals = cart.totals()
    assert totals.can_complete and totals.taxable + totals.tax == totals.net
    repeat = 200 if quick else 3000
    numbers = list(range(100))

    def baseline() -> int:
        total = 0
        for n in numbers:
            total += n
        return total

    return [
        Figure(
            name="cart.recompute_100_lines",
            what="price a 100-line cart (4 rates incl. a price band, line and bill discounts)",
            stats=measure(cart.totals, repeat=repeat),
            baseline_name="sum of 100 ints in a Python loop",
            baseline=measure(baseline, repeat=repeat),
        )
    ]
