"""Property tests of the GST engine against the arithmetic and invariants of shared/GST.md.

Every expected value is recomputed here independently with ``fractions.Fraction`` (exact
rationals); no float is used anywhere.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pos.domain.cart import PricedLine, RateRow, Totals
from pos.domain.discounts import Discount, DiscountKind, apportion
from pos.domain.money import div_round_half_up, parse_money, to_decimal_string
from pos.domain.returns import CreditNoteTotals, ReturnTooMuch, SoldLine, credit_note
from pos.domain.tax import (
    DeadBandPolicy,
    DeadBandPrice,
    LineTax,
    PriceBand,
    Supply,
    TaxRule,
    split_inclusive,
    tax_line,
)
from tests.domain.strategies import (
    FROM,
    MILLI,
    CartSpec,
    build_cart,
    cart_specs,
    supplies,
)

BP = 10_000  # basis points in one (rates: 500 = 5 %)
HALF = Fraction(1, 2)

CART_SETTINGS = settings(max_examples=80, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FAST = settings(max_examples=400, deadline=None)


# -- independent references --------------------------------------------------------------

def round_half_away(x: Fraction) -> int:
    """Nearest integer, halves away from zero (GST.md: one half-up rounding, mirrored)."""
    sign = -1 if x < 0 else 1
    return sign * math.floor(abs(x) + HALF)


def expected_rate(rule: TaxRule, net: int, qty_milli: int) -> tuple[int, bool] | None:
    """GST.md: ``(rate_bp, dead_band_flag)``, or ``None`` when the REFUSE policy refuses it.

    Sale value per piece = the line's value after the invoice's discounts / quantity; it is at
    the low rate when its taxable value at the low rate is ≤ threshold, at the high rate when
    its taxable value at the high rate is > threshold, otherwise in the dead band.
    """
    if rule.rate_bp is not None:
        return rule.rate_bp, False
    band = rule.band
    assert band is not None
    piece = Fraction(net * MILLI, qty_milli)
    taxable_at_low = piece / (1 + Fraction(band.low_bp, BP))
    taxable_at_high = piece / (1 + Fraction(band.high_bp, BP))
    if taxable_at_low <= band.threshold:
        return band.low_bp, False
    if taxable_at_high > band.threshold:
        return band.high_bp, False
    if band.dead_band is DeadBandPolicy.HIGH:
        return band.high_bp, True
    return None


def expected_discount(discount: Discount | None, base: int) -> int:
    if discount is None:
        return 0
    if discount.kind is DiscountKind.PERCENT:
        return round_half_away(Fraction(base * discount.value, BP))
    return min(discount.value, base)


def assert_split(tax: LineTax, gross: int, rate_bp: int, supply: Supply) -> None:
    """The per-line split of GST.md for an inclusive ``gross`` at ``rate_bp``."""
    rate = Fraction(rate_bp, BP)
    assert tax.gross == gross
    assert tax.rate_bp == rate_bp
    assert tax.taxable + tax.cgst + tax.sgst + tax.igst == gross
    if supply is Supply.INTRA_STATE:
        assert tax.cgst == tax.sgst
        assert tax.igst == 0
        # half = round(gross × (r/2) / (1 + r))
        assert tax.cgst == round_half_away(gross * (rate / 2) / (1 + rate))
        # each of CGST and SGST within one paisa of taxable × r/2
        assert abs(tax.cgst - tax.taxable * rate / 2) <= 1
        assert abs(tax.sgst - tax.taxable * rate / 2) <= 1
    else:
        assert tax.cgst == tax.sgst == 0
        assert tax.igst == round_half_away(gross * rate / (1 + rate))
        assert abs(tax.igst - tax.taxable * rate) <= 1


def assert_ints(obj: object, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        assert type(value) is int, f"{type(obj).__name__}.{name} = {value!r} is not an int"


LINE_TAX_FIELDS = ("gross", "rate_bp", "taxable", "cgst", "sgst", "igst", "tax")
RATE_ROW_FIELDS = ("rate_bp", "taxable", "cgst", "sgst", "igst", "gross")
PRICED_FIELDS = ("gross", "line_discount", "bill_discount", "net", "discount")
TOTALS_FIELDS = ("gross", "discount", "net", "taxable", "cgst", "sgst", "igst", "round_off",
                 "payable", "tax")
CREDIT_FIELDS = ("net", "taxable", "cgst", "sgst", "igst", "round_off", "refund", "tax")


def assert_by_rate(rows: tuple[RateRow, ...], taxes: list[LineTax],
                   totals: Totals | CreditNoteTotals) -> None:
    """The breakup by rate: one row per rate, ascending, each the sum of its lines, and the
    rows adding up to the document's totals."""
    expected: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for tax in taxes:
        row = expected[tax.rate_bp]
        for i, amount in enumerate((tax.taxable, tax.cgst, tax.sgst, tax.igst)):
            row[i] += amount
    assert [r.rate_bp for r in rows] == sorted(expected)
    for r in rows:
        assert_ints(r, *RATE_ROW_FIELDS)
        assert [r.taxable, r.cgst, r.sgst, r.igst] == expected[r.rate_bp]
    assert sum(r.taxable for r in rows) == totals.taxable
    assert sum(r.cgst for r in rows) == totals.cgst
    assert sum(r.sgst for r in rows) == totals.sgst
    assert sum(r.igst for r in rows) == totals.igst
    assert sum(r.gross for r in rows) == totals.taxable + totals.tax


# -- carts -------------------------------------------------------------------------------

@CART_SETTINGS
@given(cart_specs())
def test_random_cart_obeys_gst_md(spec: CartSpec) -> None:
    totals = build_cart(spec).totals()
    supply = spec.supply
    assert len(totals.lines) == len(spec.lines)
    assert_ints(totals, *TOTALS_FIELDS)

    # line gross and line discounts
    after_line: list[int] = []
    for priced, line_spec in zip(totals.lines, spec.lines, strict=True):
        assert_ints(priced, *PRICED_FIELDS)
        assert priced.gross == round_half_away(Fraction(line_spec.mrp * line_spec.qty_milli,
                                                        MILLI))
        assert priced.line_discount == expected_discount(line_spec.discount, priced.gross)
        assert 0 <= priced.line_discount <= priced.gross
        after_line.append(priced.gross - priced.line_discount)

    # the bill discount, apportioned exactly and in proportion
    base = sum(after_line)
    bill_total = expected_discount(spec.bill_discount, base)
    shares = [p.bill_discount for p in totals.lines]
    assert sum(shares) == bill_total
    for share, weight in zip(shares, after_line, strict=True):
        assert 0 <= share <= weight
        if base:
            assert abs(share - Fraction(bill_total * weight, base)) < 1

    # per line: rate (bands recomputed from the definition), split, problems
    refused = 0
    taxed: list[PricedLine] = []
    for priced in totals.lines:
        net = priced.gross - priced.line_discount - priced.bill_discount
        assert priced.net == net
        assert priced.discount == priced.line_discount + priced.bill_discount
        qty = priced.line.qty_milli
        expected = expected_rate(priced.line.product.rule, net, qty)
        if expected is None:
            refused += 1
            assert priced.tax is None
            assert isinstance(priced.problem, DeadBandPrice)
            check_dead_band_problem(priced.problem, priced.line.product.rule, net, qty)
            continue
        rate_bp, flagged = expected
        assert priced.problem is None
        assert priced.tax is not None
        assert_ints(priced.tax, *LINE_TAX_FIELDS)
        assert priced.tax.dead_band_flag is flagged
        assert_split(priced.tax, net, rate_bp, supply)
        taxed.append(priced)

    # bill totals
    assert totals.can_complete == (refused == 0)
    assert len(totals.problems) == refused
    assert totals.gross == sum(p.gross for p in totals.lines)
    assert totals.discount == sum(p.discount for p in totals.lines)
    assert totals.net == totals.gross - totals.discount
    assert totals.net == sum(p.net for p in totals.lines)
    assert totals.taxable + totals.tax == sum(p.net for p in taxed)
    if totals.can_complete:
        assert totals.taxable + totals.tax == totals.net
    if supply is Supply.INTRA_STATE:
        assert totals.cgst == totals.sgst
        assert totals.igst == 0
    else:
        assert totals.cgst == totals.sgst == 0
    assert_by_rate(totals.by_rate, [p.tax for p in taxed if p.tax is not None], totals)

    # round-off: nearest rupee, 50 paise up, only when paise remain
    assert totals.payable == totals.net + totals.round_off
    assert totals.payable % 100 == 0
    assert -50 <= totals.round_off <= 50
    assert totals.round_off > -50  # net ≥ 0, so half a rupee always goes up
    assert totals.payable == 100 * round_half_away(Fraction(totals.net, 100))
    if totals.net % 100 == 0:
        assert totals.round_off == 0


def check_dead_band_problem(problem: DeadBandPrice, rule: TaxRule, net: int, qty: int) -> None:
    band = rule.band
    assert band is not None
    assert band.dead_band is DeadBandPolicy.REFUSE
    assert problem.piece_price == round_half_away(Fraction(net * MILLI, qty))
    # nearest valid prices: the highest at the low rate and the lowest at the high rate
    low, high = 1 + Fraction(band.low_bp, BP), 1 + Fraction(band.high_bp, BP)
    assert problem.max_low_price / low <= band.threshold < (problem.max_low_price + 1) / low
    assert (problem.min_high_price - 1) / high <= band.threshold < problem.min_high_price / high


@st.composite
def price_bands(draw: st.DrawFn) -> PriceBand:
    low = draw(st.integers(0, 2_800))
    high = draw(st.integers(low + 1, 4_000))
    policy = draw(st.sampled_from(DeadBandPolicy))
    return PriceBand(draw(st.integers(1, 10_000_000)), low, high, policy)


@FAST
@given(price_bands(), st.data(), st.integers(1, 50_000), supplies)
def test_any_band_picks_the_rate_of_its_definition(band: PriceBand, data: st.DataObject,
                                                   qty: int, supply: Supply) -> None:
    rule = TaxRule("band", "62", FROM, band=band)
    # aim at the band's edges for this quantity as well as anywhere
    edge = data.draw(st.sampled_from((band.threshold * (BP + band.low_bp),
                                      band.threshold * (BP + band.high_bp))))
    near = round_half_away(Fraction(edge * qty, BP * MILLI)) + data.draw(st.integers(-2, 2))
    net = data.draw(st.one_of(st.integers(0, 10**9), st.just(max(near, 0))))
    expected = expected_rate(rule, net, qty)
    if expected is None:
        with pytest.raises(DeadBandPrice) as refused:
            tax_line(rule, net, qty, supply)
        check_dead_band_problem(refused.value, rule, net, qty)
        return
    tax = tax_line(rule, net, qty, supply)
    assert_ints(tax, *LINE_TAX_FIELDS)
    assert tax.dead_band_flag is expected[1]
    assert_split(tax, net, expected[0], supply)


@FAST
@given(st.integers(-(10**12), 10**12), st.integers(0, BP), supplies)
def test_split_inclusive_at_any_rate(gross: int, rate_bp: int, supply: Supply) -> None:
    """Also for negative amounts (credit notes): the split of −g is the mirror of that of g."""
    tax = split_inclusive(gross, rate_bp, supply)
    assert_ints(tax, *LINE_TAX_FIELDS)
    assert_split(tax, gross, rate_bp, supply)
    assert split_inclusive(-gross, rate_bp, supply) == tax.negated()


# -- apportion and rounding --------------------------------------------------------------

@FAST
@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=60), st.data())
def test_apportion_is_exact_and_proportional(weights: list[int], data: st.DataObject) -> None:
    whole = sum(weights)
    total = data.draw(st.one_of(st.integers(0, whole), st.sampled_from((0, whole))))
    shares = apportion(total, weights)
    assert len(shares) == len(weights)
    assert all(type(s) is int for s in shares)
    assert sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        assert 0 <= share <= weight
        if whole:
            assert abs(share - Fraction(total * weight, whole)) < 1


@FAST
@given(st.integers(1, 10**9), st.lists(st.integers(0, 10**6), min_size=0, max_size=10))
def test_apportion_never_silently_loses_money(total: int, weights: list[int]) -> None:
    """Asked to split more than the weights can hold, apportion must refuse (ValueError), not
    return shares that do not add up to ``total``."""
    try:
        shares = apportion(total, weights)
    except ValueError:
        assert total > sum(weights)
        return
    assert sum(shares) == total


@FAST
@given(st.integers(-(10**15), 10**15),
       st.integers(-(10**6), 10**6).filter(lambda d: d != 0))
def test_div_round_half_up_matches_fraction(numerator: int, denominator: int) -> None:
    result = div_round_half_up(numerator, denominator)
    assert type(result) is int
    assert result == round_half_away(Fraction(numerator, denominator))


@FAST
@given(st.integers(-(10**12), 10**12), st.integers(1, 10**6).map(lambda h: 2 * h),
       st.sampled_from((1, -1)), st.sampled_from((1, -1)))
def test_div_round_half_up_exact_halves_go_away_from_zero(q: int, d: int, sn: int,
                                                          sd: int) -> None:
    numerator = q * d + d // 2  # exactly q + ½
    expected = q + 1 if q >= 0 else q  # away from zero: 2.5 → 3, −2.5 → −3
    assert div_round_half_up(sn * numerator, sd * d) == sn * sd * expected


# -- returns -----------------------------------------------------------------------------

@st.composite
def partitions(draw: st.DrawFn, qty_milli: int) -> list[int]:
    """Random parts (whole pieces when the quantity is whole) that add up to ``qty_milli``."""
    step = MILLI if qty_milli % MILLI == 0 else 1
    units = qty_milli // step
    cuts = draw(st.lists(st.integers(1, units - 1), max_size=min(units - 1, 8), unique=True)
                if units > 1 else st.just([]))
    bounds = [0, *sorted(cuts), units]
    return [(b - a) * step for a, b in itertools.pairwise(bounds)]


@CART_SETTINGS
@given(cart_specs(max_lines=6), st.data())
def test_partial_returns_credit_the_line_exactly(spec: CartSpec, data: st.DataObject) -> None:
    totals = build_cart(spec).totals()
    sold = [SoldLine(i + 1, p.line.qty_milli, p.tax)
            for i, p in enumerate(totals.lines) if p.tax is not None]
    assume(sold)
    plans = [data.draw(partitions(s.qty_milli)) for s in sold]
    credited: dict[int, list[LineTax]] = defaultdict(list)
    state = {s.line_no: s for s in sold}

    # credit note j returns part j of every line that has one
    for j in range(max(len(p) for p in plans)):
        asked = [(state[s.line_no], plan[j]) for s, plan in zip(sold, plans, strict=True)
                 if j < len(plan)]
        note = credit_note(asked, spec.supply)
        assert_ints(note, *CREDIT_FIELDS)
        for line, (before, qty) in zip(note.lines, asked, strict=True):
            assert line.line_no == before.line_no
            assert line.qty_milli == qty
            tax = line.tax
            assert_ints(tax, *LINE_TAX_FIELDS)
            assert tax.rate_bp == before.tax.rate_bp  # the original line's rate, never re-banded
            assert tax.gross <= 0
            assert tax.taxable + tax.cgst + tax.sgst + tax.igst == tax.gross
            if spec.supply is Supply.INTRA_STATE:
                assert tax.cgst == tax.sgst
                assert tax.igst == 0
            else:
                assert tax.cgst == tax.sgst == 0
            credited[line.line_no].append(tax)
            state[before.line_no] = SoldLine(before.line_no, before.qty_milli, before.tax,
                                             before.returned_milli + qty)
            check_cumulative_credit(state[before.line_no], credited[line.line_no], spec.supply)
        assert note.net == sum(line.tax.gross for line in note.lines)
        assert note.taxable + note.tax == note.net
        assert_by_rate(note.by_rate, [line.tax for line in note.lines], note)
        assert note.refund == -(note.net + note.round_off)
        assert note.refund % 100 == 0
        assert -50 <= note.round_off < 50  # net ≤ 0: half a rupee goes away from zero
        if note.net % 100 == 0:
            assert note.round_off == 0

    for s in sold:
        lines = credited[s.line_no]
        original = s.tax
        assert sum(t.gross for t in lines) == -original.gross
        assert sum(t.taxable for t in lines) == -original.taxable
        assert sum(t.cgst for t in lines) == -original.cgst
        assert sum(t.sgst for t in lines) == -original.sgst
        assert sum(t.igst for t in lines) == -original.igst
        # everything is back: nothing more can be returned
        with pytest.raises(ReturnTooMuch):
            credit_note([(state[s.line_no], 1)], spec.supply)


def check_cumulative_credit(after: SoldLine, credits: list[LineTax], supply: Supply) -> None:
    """What has been credited so far is the proportional share of the original line, itself
    a valid split: its gross is the original gross × returned / sold (rounded once) and each
    tax is within one paisa of its taxable value × rate."""
    original = after.tax
    gross = -sum(t.gross for t in credits)
    assert gross == round_half_away(Fraction(original.gross * after.returned_milli,
                                             after.qty_milli))
    cumulative = LineTax(gross, original.rate_bp, -sum(t.taxable for t in credits),
                         -sum(t.cgst for t in credits), -sum(t.sgst for t in credits),
                         -sum(t.igst for t in credits))
    assert_split(cumulative, gross, original.rate_bp, supply)


@FAST
@given(st.integers(1, 10**7), st.sampled_from((0, 300, 500, 1800)), supplies,
       st.integers(-1, 1), st.integers(1, 20_000), st.data())
def test_returns_of_any_issued_line_add_up_to_it(gross: int, rate_bp: int, supply: Supply,
                                                  skew: int, qty: int,
                                                  data: st.DataObject) -> None:
    """An issued invoice is never edited: even a line whose split is a paisa off today's
    rounding (issued by an older version) is credited back exactly by its returns."""
    canonical = split_inclusive(gross, rate_bp, supply)
    if supply is Supply.INTRA_STATE:
        half = canonical.cgst + skew
        original = LineTax(gross, rate_bp, gross - 2 * half, half, half, 0)
    else:
        igst = canonical.igst + skew
        original = LineTax(gross, rate_bp, gross - igst, 0, 0, igst)
    returned = 0
    credits: list[LineTax] = []
    for part in data.draw(partitions(qty)):
        note = credit_note([(SoldLine(1, qty, original, returned), part)], supply)
        (line,) = note.lines
        assert line.tax.taxable + line.tax.tax == line.tax.gross
        credits.append(line.tax)
        returned += part
    for name in ("gross", "taxable", "cgst", "sgst", "igst"):
        assert sum(getattr(t, name) for t in credits) == -getattr(original, name), name


@FAST
@given(st.integers(1, 10**7), st.sampled_from((0, 300, 500, 1800)), supplies,
       st.integers(1, 20_000), st.data())
def test_returning_more_than_remains_is_refused(gross: int, rate_bp: int, supply: Supply,
                                               qty: int, data: st.DataObject) -> None:
    returned = data.draw(st.integers(0, qty))
    sold = SoldLine(1, qty, split_inclusive(gross, rate_bp, supply), returned)
    too_much = data.draw(st.one_of(st.integers(qty - returned + 1, qty + 10_000),
                                   st.integers(-10_000, 0)))
    with pytest.raises(ReturnTooMuch):
        credit_note([(sold, too_much)], supply)


@FAST
@given(st.integers(1, 10**7), st.sampled_from((0, 300, 500, 1800)), supplies,
       st.integers(2, 20_000), st.data())
def test_one_note_cannot_return_a_line_twice_over(gross: int, rate_bp: int, supply: Supply,
                                                  qty: int, data: st.DataObject) -> None:
    """Two pairs for the same invoice line in one credit note that together exceed what
    remains are a return of more than remains: ReturnTooMuch, not a refund of twice the line."""
    sold = SoldLine(1, qty, split_inclusive(gross, rate_bp, supply))
    first = data.draw(st.integers(1, qty))
    second = data.draw(st.integers(qty - first + 1, qty))
    with pytest.raises(ReturnTooMuch):
        credit_note([(sold, first), (sold, second)], supply)


# -- parsing and printing money ----------------------------------------------------------

DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
amounts = st.integers(-(10**15), 10**15)


def indian_grouping(whole: int) -> str:
    digits = str(whole)
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        head, group = head[:-2], head[-2:]
        groups.insert(0, group)
    return ",".join([head, *groups, tail])


def international_grouping(whole: int) -> str:
    return f"{whole:,}"


@FAST
@given(amounts)
def test_to_decimal_string_round_trips(paise: int) -> None:
    text = to_decimal_string(paise)
    assert type(parse_money(text)) is int
    assert parse_money(text) == paise


@FAST
@given(amounts, st.sampled_from(("", "₹", "₹ ", "Rs.", "Rs. ", "rs ", "INR ", "रु ", "रु.")),
       st.sampled_from((indian_grouping, international_grouping, str)),
       st.booleans(), st.booleans(), st.booleans())
def test_parse_money_reads_what_people_write(paise: int, mark: str, group, devanagari: bool,
                                             sign_first: bool, short_fraction: bool) -> None:
    whole, frac = divmod(abs(paise), 100)
    if frac == 0 and short_fraction:
        fraction = ""  # "₹1,23,456"
    elif frac % 10 == 0 and short_fraction:
        fraction = f".{frac // 10}"  # "₹1,23,456.5"
    else:
        fraction = f".{frac:02d}"
    number = group(whole) + fraction
    if paise < 0:
        text = f"-{mark}{number}" if sign_first else f"{mark}-{number}"
    else:
        text = f"{mark}{number}"
    if devanagari:
        text = text.translate(DEVANAGARI)
    assert parse_money(text) == paise, text


@pytest.mark.parametrize(("text", "paise"), [
    ("₹1,23,456.50", 12_345_650),
    ("१,२३,४५६.५०", 12_345_650),
    ("₹१२,३४,५६,७८९", 123_456_789_00),
    ("Rs. 1234.5", 123_450),
    ("-12.5", -1_250),
])
def test_parse_money_examples(text: str, paise: int) -> None:
    assert parse_money(text) == paise
