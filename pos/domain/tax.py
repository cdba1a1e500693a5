"""GST on prices that include tax, exactly as ``shared/GST.md`` describes.

Tax rules are data published by head office (HSN prefix, handicraft flag, effective dates,
and either a flat rate or a per-piece price band with a dead-band policy); no rate is a
literal in code. Per line, in integer paise, with one half-up rounding:

* intra-state: ``half = round(gross × (r/2) / (1 + r))``; CGST = SGST = half;
  ``taxable = gross − 2 × half``
* inter-state: ``IGST = round(gross × r / (1 + r))``; ``taxable = gross − IGST``

so ``taxable + taxes == gross`` always, and the customer pays exactly the shelf price.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from pos.domain.money import BASIS_POINTS, Paise, div_round_half_up

QTY_SCALE = 1000
"""Quantities are integers in thousandths of the unit (1 piece = 1000, 2.5 m = 2500)."""


class Supply(enum.Enum):
    """Where the supply happens relative to the seller's registration."""

    INTRA_STATE = "intra"  # CGST + SGST
    INTER_STATE = "inter"  # IGST


class DeadBandPolicy(enum.Enum):
    """What to do with an inclusive price that is in neither band (GST.md, price bands)."""

    REFUSE = "refuse"  # default: the line cannot be billed at that price
    HIGH = "high"  # charge the higher rate and flag the line


class TaxError(ValueError):
    """A line that cannot be taxed; ``code`` names the reason for a translated message."""

    code = "tax_error"


class NoTaxRule(TaxError):
    code = "no_tax_rule"

    def __init__(self, hsn: str, on: date) -> None:
        super().__init__(f"no tax rule for HSN {hsn} on {on.isoformat()}")
        self.hsn = hsn
        self.on = on


class DeadBandPrice(TaxError):
    """The per-piece price sits in the dead band of a price band and the policy refuses it.

    ``max_low_price`` is the highest inclusive per-piece price billed at the low rate and
    ``min_high_price`` the lowest billed at the high rate: the nearest valid prices.
    """

    code = "dead_band"

    def __init__(self, piece_price: Paise, max_low_price: Paise, min_high_price: Paise) -> None:
        super().__init__(
            f"price {piece_price} paise per piece is in the dead band "
            f"(valid: up to {max_low_price} or from {min_high_price})"
        )
        self.piece_price = piece_price
        self.max_low_price = max_low_price
        self.min_high_price = min_high_price


@dataclass(frozen=True, slots=True)
class PriceBand:
    """Rate chosen by the sale value per piece: ``low_bp`` when the taxable value per piece is
    at most ``threshold``, ``high_bp`` when it is above (GST.md: ₹2,500, 5 %, 18 %)."""

    threshold: Paise
    low_bp: int
    high_bp: int
    dead_band: DeadBandPolicy = DeadBandPolicy.REFUSE

    def __post_init__(self) -> None:
        if not 0 <= self.low_bp < self.high_bp:
            raise ValueError("a price band needs 0 <= low rate < high rate")
        if self.threshold <= 0:
            raise ValueError("a price band needs a positive threshold")

    @property
    def max_low_price(self) -> Paise:
        """Highest inclusive per-piece price whose taxable value at the low rate is ≤ threshold."""
        return self.threshold * (BASIS_POINTS + self.low_bp) // BASIS_POINTS

    @property
    def min_high_price(self) -> Paise:
        """Lowest inclusive per-piece price whose taxable value at the high rate is > threshold."""
        return self.threshold * (BASIS_POINTS + self.high_bp) // BASIS_POINTS + 1


@dataclass(frozen=True, slots=True)
class TaxRule:
    """One published tax rule. Exactly one of ``rate_bp`` (flat) and ``band`` is set.

    ``handicraft`` is ``None`` when the rule applies whatever the product's handicraft flag,
    ``True``/``False`` when it applies only to products with that flag. ``effective_to`` is
    inclusive; ``None`` means open-ended.
    """

    rule_id: str
    hsn_prefix: str
    effective_from: date
    effective_to: date | None = None
    handicraft: bool | None = None
    rate_bp: int | None = None
    band: PriceBand | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if (self.rate_bp is None) == (self.band is None):
            raise ValueError(f"tax rule {self.rule_id}: give either a flat rate or a band")
        if self.rate_bp is not None and not 0 <= self.rate_bp <= BASIS_POINTS:
            raise ValueError(f"tax rule {self.rule_id}: rate out of range")
        if not self.hsn_prefix.isdigit() or not 2 <= len(self.hsn_prefix) <= 8:
            raise ValueError(f"tax rule {self.rule_id}: HSN prefix must be 2-8 digits")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"tax rule {self.rule_id}: ends before it starts")

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def matches(self, hsn: str, is_handicraft: bool, on: date) -> bool:
        return (
            hsn.startswith(self.hsn_prefix)
            and (self.handicraft is None or self.handicraft == is_handicraft)
            and self.in_force(on)
        )


def select_rule(rules: tuple[TaxRule, ...] | list[TaxRule], hsn: str, is_handicraft: bool,
                on: date) -> TaxRule:
    """The rule for a product on a date: the most specific matching HSN prefix wins; among
    equals, a rule for the product's own handicraft flag beats one for any product, then the
    most recently effective one."""
    best: TaxRule | None = None
    best_key: tuple[int, int, date] | None = None
    for rule in rules:
        if not rule.matches(hsn, is_handicraft, on):
            continue
        key = (len(rule.hsn_prefix), 0 if rule.handicraft is None else 1, rule.effective_from)
        if best_key is None or key > best_key:
            best, best_key = rule, key
    if best is None:
        raise NoTaxRule(hsn, on)
    return best


@dataclass(frozen=True, slots=True)
class LineTax:
    """The tax split of one line whose customer-facing amount (``gross``, tax included, after
    every discount) is fixed. ``taxable + cgst + sgst + igst == gross`` always."""

    gross: Paise
    rate_bp: int
    taxable: Paise
    cgst: Paise
    sgst: Paise
    igst: Paise
    dead_band_flag: bool = False  # billed at the high rate under the ``HIGH`` dead-band policy

    @property
    def tax(self) -> Paise:
        return self.cgst + self.sgst + self.igst

    def negated(self) -> LineTax:
        return LineTax(-self.gross, self.rate_bp, -self.taxable, -self.cgst, -self.sgst,
                       -self.igst, self.dead_band_flag)


def split_inclusive(gross: Paise, rate_bp: int, supply: Supply) -> LineTax:
    """Split a tax-inclusive amount at a known rate (the MRP-exact arithmetic of GST.md)."""
    if supply is Supply.INTRA_STATE:
        half = div_round_half_up(gross * rate_bp, 2 * (BASIS_POINTS + rate_bp))
        return LineTax(gross, rate_bp, gross - 2 * half, half, half, 0)
    igst = div_round_half_up(gross * rate_bp, BASIS_POINTS + rate_bp)
    return LineTax(gross, rate_bp, gross - igst, 0, 0, igst)


def rate_for(rule: TaxRule, gross: Paise, qty_milli: int) -> tuple[int, bool]:
    """The rate of a line under ``rule``: ``(rate_bp, dead_band_flag)``.

    For a band the sale value per piece is the line's value after the discounts shown on the
    invoice divided by the quantity; the comparison is done in exact integers, no rounding.
    Raises :class:`DeadBandPrice` when the policy refuses the price.
    """
    if rule.rate_bp is not None:
        return rule.rate_bp, False
    band = rule.band
    assert band is not None  # guaranteed by TaxRule.__post_init__
    if qty_milli <= 0 or gross <= 0:
        return band.low_bp, False  # nothing is sold: keep the low rate for display
    # taxable per piece at rate r = gross / qty × 1 / (1 + r); compare without dividing.
    # gross / (qty_milli / 1000) × 10000 / (10000 + r)  <=>  gross × 1000 × 10000 vs ...
    scaled = gross * QTY_SCALE * BASIS_POINTS
    if scaled <= band.threshold * (BASIS_POINTS + band.low_bp) * qty_milli:
        return band.low_bp, False
    if scaled > band.threshold * (BASIS_POINTS + band.high_bp) * qty_milli:
        return band.high_bp, False
    if band.dead_band is DeadBandPolicy.HIGH:
        return band.high_bp, True
    piece = div_round_half_up(gross * QTY_SCALE, qty_milli)
    raise DeadBandPrice(piece, band.max_low_price, band.min_high_price)


def tax_line(rule: TaxRule, gross: Paise, qty_milli: int, supply: Supply) -> LineTax:
    """Tax one line of ``gross`` paise (tax included, after discounts) for ``qty_milli``."""
    rate_bp, flagged = rate_for(rule, gross, qty_milli)
    split = split_inclusive(gross, rate_bp, supply)
    if flagged:
        return LineTax(split.gross, split.rate_bp, split.taxable, split.cgst, split.sgst,
                       split.igst, True)
    return split


def credit_line(original: LineTax, qty_sold_milli: int, returned_before_milli: int,
                returning_milli: int, supply: Supply) -> LineTax:
    """The (negative) credit-note line for returning part of an invoice line.

    Taxed at the original line's rate and split (GST.md, Rule 53), never re-evaluated
    against a band. Amounts are allocated cumulatively: the credit for the first *k* pieces
    returned is the proportional share of the original line, so returns that together give
    back everything credit exactly the original amounts, to the paisa.
    """
    if returning_milli <= 0:
        raise ValueError("return quantity must be positive")
    if returned_before_milli < 0 or returned_before_milli + returning_milli > qty_sold_milli:
        raise ValueError("cannot return more than was sold")

    def share(total: Paise, qty: int) -> Paise:
        return div_round_half_up(total * qty, qty_sold_milli)

    done, after = returned_before_milli, returned_before_milli + returning_milli
    gross = share(original.gross, after) - share(original.gross, done)
    if supply is Supply.INTRA_STATE:
        half_after = split_inclusive(share(original.gross, after), original.rate_bp, supply).cgst
        half_done = split_inclusive(share(original.gross, done), original.rate_bp, supply).cgst
        if after == qty_sold_milli:
            half_after = original.cgst
        half = half_after - half_done
        taxes = LineTax(gross, original.rate_bp, gross - 2 * half, half, half, 0)
    else:
        igst_after = split_inclusive(share(original.gross, after), original.rate_bp, supply).igst
        igst_done = split_inclusive(share(original.gross, done), original.rate_bp, supply).igst
        if after == qty_sold_milli:
            igst_after = original.igst
        igst = igst_after - igst_done
        taxes = LineTax(gross, original.rate_bp, gross - igst, 0, 0, igst)
    return taxes.negated()
