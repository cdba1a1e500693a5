"""Hypothesis strategies for the GST engine: tax rules, product snapshots, random carts.

Rules are built directly (``TaxRule``/``PriceBand``) with the rates of GST.md: flat 0/3/5/18 %
and the apparel band {₹2,500, 5 %, 18 %} under both dead-band policies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hypothesis import strategies as st

from pos.domain.cart import Cart
from pos.domain.catalog import ProductSnapshot, Unit
from pos.domain.discounts import Discount, DiscountLimit, DiscountPolicy, Role
from pos.domain.tax import DeadBandPolicy, PriceBand, Supply, TaxRule

MILLI = 1000  # quantities are thousandths of a unit (GST.md: MTR sold in fractions)
FROM = date(2025, 9, 22)
SALE_DAY = date(2026, 1, 15)

FLAT_RATES_BP = (0, 300, 500, 1800)
FLAT_RULES = tuple(TaxRule(f"flat-{bp}", "50", FROM, rate_bp=bp) for bp in FLAT_RATES_BP)
BAND_RULES = tuple(
    TaxRule(f"band-{policy.value}", "62", FROM, band=PriceBand(250_000, 500, 1800, policy))
    for policy in DeadBandPolicy
)
ALL_RULES = FLAT_RULES + BAND_RULES

# Inclusive per-piece prices around the edges of {₹2,500, 5 %, 18 %}: ₹2,625.00 is the last
# price at 5 %, ₹2,950.00 the last one in the dead band (₹2,950.01 is the first at 18 %).
BAND_EDGES = (262_500, 295_000)

ADMIN_POLICY = DiscountPolicy({Role.ADMIN: DiscountLimit(10_000, 10_000)})

supplies = st.sampled_from(Supply)
rules = st.sampled_from(ALL_RULES)

edge_prices = st.builds(lambda edge, delta: edge + delta,
                        st.sampled_from(BAND_EDGES), st.integers(-3, 3))
mrps = st.one_of(
    st.integers(0, 500_000),
    edge_prices,
    st.integers(500_000, 20_000_000),
)

whole_qty = st.one_of(
    st.integers(1, 12).map(lambda n: n * MILLI),
    st.integers(1, 9_999).map(lambda n: n * MILLI),
)
metre_qty = st.one_of(
    st.integers(1, 60_000),
    st.sampled_from((250, 500, 1_000, 1_500, 2_500, 3_333, 5_500)),
)


def discounts(max_amount: int) -> st.SearchStrategy[Discount | None]:
    return st.one_of(
        st.none(),
        st.integers(0, max_amount).map(Discount.amount),
        st.sampled_from((0, 1, 500, 1_000, 3_333, 5_000, 9_999, 10_000)).map(Discount.percent),
        st.integers(0, 10_000).map(Discount.percent),
    )


@dataclass(frozen=True)
class LineSpec:
    rule: TaxRule
    unit: Unit
    mrp: int
    qty_milli: int
    discount: Discount | None


@dataclass(frozen=True)
class CartSpec:
    supply: Supply
    lines: tuple[LineSpec, ...]
    bill_discount: Discount | None


@st.composite
def line_specs(draw: st.DrawFn) -> LineSpec:
    rule = draw(rules)
    unit = draw(st.sampled_from((Unit.PCS, Unit.MTR, Unit.SET)))
    qty = draw(metre_qty if unit is Unit.MTR else whole_qty)
    mrp = draw(mrps)
    return LineSpec(rule, unit, mrp, qty, draw(discounts(3_000_000)))


@st.composite
def cart_specs(draw: st.DrawFn, max_lines: int = 100) -> CartSpec:
    size = draw(st.integers(1, max_lines))  # spread over the whole range, big carts included
    lines = draw(st.lists(line_specs(), min_size=size, max_size=size))
    return CartSpec(draw(supplies), tuple(lines), draw(discounts(50_000_000)))


def snapshot(index: int, spec: LineSpec) -> ProductSnapshot:
    hsn = "620520" if spec.rule.band is not None else "500790"
    pid = f"p{index}"
    return ProductSnapshot(pid, pid.upper(), "", pid, pid, hsn, spec.unit, spec.mrp, False,
                           spec.rule)


def build_cart(spec: CartSpec) -> Cart:
    """The cart a cashier (with an admin's discount rights) would build from ``spec``."""
    cart = Cart(supply=spec.supply, sale_date=SALE_DAY, policy=ADMIN_POLICY)
    for i, line_spec in enumerate(spec.lines):
        line = cart.add(snapshot(i, line_spec), line_spec.qty_milli)
        if line_spec.discount is not None:
            cart.set_line_discount(line.line_id, line_spec.discount, Role.ADMIN)
    if spec.bill_discount is not None:
        cart.set_bill_discount(spec.bill_discount, Role.ADMIN)
    return cart
