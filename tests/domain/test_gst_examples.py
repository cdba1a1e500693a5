"""Every worked example of shared/GST.md, to the paisa."""

from __future__ import annotations

from datetime import date

import pytest

from pos.domain.cart import Cart
from pos.domain.discounts import Discount, DiscountLimit, DiscountPolicy, Role
from pos.domain.returns import SoldLine, credit_note
from pos.domain.tax import DeadBandPolicy, DeadBandPrice, Supply, select_rule, tax_line
from tests.domain.rules import (
    AGARBATTI,
    APPAREL_62,
    FURNITURE,
    RULES,
    SHAWL_HANDMADE,
    SHAWL_MACHINE,
    SILK_FABRIC,
    band_rule,
    snapshot,
)

DAY = date(2026, 11, 22)
GENEROUS = DiscountPolicy({Role.MANAGER: DiscountLimit(5000, 5000)})


def test_example_1_bhopal_saree_and_kurta() -> None:
    cart = Cart(sale_date=DAY)
    cart.add(snapshot("saree", "500790", 472_500, SILK_FABRIC))
    cart.add(snapshot("kurta", "620520", 157_500, APPAREL_62))
    totals = cart.totals()
    saree, kurta = (p.tax for p in totals.lines)
    assert saree is not None and kurta is not None
    assert (saree.taxable, saree.cgst, saree.sgst, saree.rate_bp) == (450_000, 11_250, 11_250, 500)
    assert (kurta.taxable, kurta.cgst, kurta.sgst, kurta.rate_bp) == (150_000, 3_750, 3_750, 500)
    assert (totals.taxable, totals.cgst, totals.sgst, totals.igst) == (600_000, 15_000, 15_000, 0)
    assert (totals.payable, totals.round_off) == (630_000, 0)
    assert [(r.rate_bp, r.taxable) for r in totals.by_rate] == [(500, 600_000)]


def test_example_2_band_edges_and_round_off() -> None:
    at_2625 = tax_line(APPAREL_62, 262_500, 1000, Supply.INTRA_STATE)
    assert (at_2625.rate_bp, at_2625.taxable, at_2625.cgst, at_2625.sgst) == (
        500, 250_000, 6_250, 6_250)

    with pytest.raises(DeadBandPrice) as dead:
        tax_line(APPAREL_62, 280_000, 1000, Supply.INTRA_STATE)
    assert (dead.value.max_low_price, dead.value.min_high_price) == (262_500, 295_001)

    cart = Cart(sale_date=DAY)
    cart.add(snapshot("kurta", "620520", 295_001, APPAREL_62))
    totals = cart.totals()
    line = totals.lines[0].tax
    assert line is not None
    assert (line.rate_bp, line.taxable, line.cgst, line.sgst) == (1800, 250_001, 22_500, 22_500)
    assert (totals.payable, totals.round_off) == (295_000, -1)


def test_band_edges_exactly() -> None:
    # the last low price and the first high price, and one paisa either side of the dead band
    assert tax_line(APPAREL_62, 262_500, 1000, Supply.INTRA_STATE).rate_bp == 500
    for price in (262_501, 295_000):
        with pytest.raises(DeadBandPrice):
            tax_line(APPAREL_62, price, 1000, Supply.INTRA_STATE)
    assert tax_line(APPAREL_62, 295_001, 1000, Supply.INTRA_STATE).rate_bp == 1800


def test_example_3_discount_moves_the_kurta_into_the_low_band() -> None:
    cart = Cart(sale_date=DAY, policy=GENEROUS)
    line = cart.add(snapshot("kurta", "620520", 354_000, APPAREL_62))
    plain = cart.totals().lines[0].tax
    assert plain is not None
    assert (plain.rate_bp, plain.taxable, plain.cgst, plain.sgst) == (1800, 300_000, 27_000, 27_000)

    cart.set_line_discount(line.line_id, Discount.amount(101_500), Role.MANAGER)
    totals = cart.totals()
    tax = totals.lines[0].tax
    assert tax is not None
    assert totals.lines[0].net == 252_500
    assert (tax.rate_bp, tax.taxable, tax.cgst, tax.sgst) == (500, 240_476, 6_012, 6_012)


def test_example_3_bill_discount_counts_for_the_band_too() -> None:
    cart = Cart(sale_date=DAY, policy=GENEROUS)
    cart.add(snapshot("kurta", "620520", 354_000, APPAREL_62))
    cart.set_bill_discount(Discount.amount(101_500), Role.MANAGER)
    tax = cart.totals().lines[0].tax
    assert tax is not None
    assert (tax.rate_bp, tax.taxable, tax.cgst) == (500, 240_476, 6_012)


def test_example_4_two_rates() -> None:
    cart = Cart(sale_date=DAY)
    cart.add(snapshot("chair", "940360", 33_300, FURNITURE))
    cart.add(snapshot("agarbatti", "330741", 10_100, AGARBATTI))
    totals = cart.totals()
    chair, sticks = (p.tax for p in totals.lines)
    assert chair is not None and sticks is not None
    assert (chair.taxable, chair.cgst, chair.sgst) == (28_220, 2_540, 2_540)
    assert (sticks.taxable, sticks.cgst, sticks.sgst) == (9_620, 240, 240)
    assert (totals.payable, totals.round_off) == (43_400, 0)
    assert [(r.rate_bp, r.taxable, r.cgst) for r in totals.by_rate] == [
        (500, 9_620, 240), (1800, 28_220, 2_540)]


def test_example_5_return_of_the_kurta() -> None:
    cart = Cart(sale_date=DAY)
    cart.add(snapshot("saree", "500790", 472_500, SILK_FABRIC))
    cart.add(snapshot("kurta", "620520", 157_500, APPAREL_62))
    kurta = cart.totals().lines[1]
    assert kurta.tax is not None
    note = credit_note([(SoldLine(2, 1000, kurta.tax), 1000)], Supply.INTRA_STATE)
    assert (note.taxable, note.cgst, note.sgst, note.net) == (-150_000, -3_750, -3_750, -157_500)
    assert note.refund == 157_500 and note.round_off == 0
    assert [(r.rate_bp, r.taxable) for r in note.by_rate] == [(500, -150_000)]


def test_inter_state_igst() -> None:
    saree = tax_line(SILK_FABRIC, 472_500, 1000, Supply.INTER_STATE)
    assert (saree.taxable, saree.igst, saree.cgst, saree.sgst) == (450_000, 22_500, 0, 0)
    chair = tax_line(FURNITURE, 33_300, 1000, Supply.INTER_STATE)
    assert (chair.taxable, chair.igst) == (28_220, 5_080)


def test_per_piece_value_uses_quantity() -> None:
    # three kurtas for ₹7,875 are ₹2,625 each: low band, although the line is above ₹2,500
    three = tax_line(APPAREL_62, 787_500, 3000, Supply.INTRA_STATE)
    assert three.rate_bp == 500
    assert three.taxable == 750_000


def test_dead_band_policy_high_flags_the_line() -> None:
    rule = band_rule(DeadBandPolicy.HIGH)
    tax = tax_line(rule, 280_000, 1000, Supply.INTRA_STATE)
    assert tax.rate_bp == 1800 and tax.dead_band_flag
    cart = Cart(sale_date=DAY)
    cart.add(snapshot("kurta", "620520", 280_000, band_rule(DeadBandPolicy.REFUSE)))
    totals = cart.totals()
    assert not totals.can_complete
    assert isinstance(totals.problems[0].problem, DeadBandPrice)


def test_rule_selection_most_specific_and_handicraft_flag() -> None:
    # a hand-made shawl above ₹2,500 is 5 %; a machine-made one at the same price 18 %
    hand = select_rule(RULES, "621420", True, DAY)
    machine = select_rule(RULES, "621420", False, DAY)
    assert hand is SHAWL_HANDMADE and machine is SHAWL_MACHINE
    assert tax_line(hand, 400_000, 1000, Supply.INTRA_STATE).rate_bp == 500
    assert tax_line(machine, 400_000, 1000, Supply.INTRA_STATE).rate_bp == 1800
    # the 4-digit apparel prefix loses to nothing here: 62 matches a kurta
    assert select_rule(RULES, "620520", False, DAY) is APPAREL_62


def test_rule_selection_respects_effective_dates() -> None:
    assert select_rule(RULES, "940360", False, date(2025, 9, 21)).rate_bp == 1200
    assert select_rule(RULES, "940360", False, date(2025, 9, 22)).rate_bp == 1800
