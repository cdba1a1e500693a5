"""The arithmetic of the X (mid-day) and Z (day-close) reports and of the cash count."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pos.domain.cart import RateRow
from pos.domain.money import Paise
from pos.domain.payments import Mode

# Indian currency in circulation, in paise, largest first. A count is keyed "note:50000"
# (a ₹500 note) or "coin:1000" (a ₹10 coin): ₹20 and ₹10 exist as both notes and coins.
NOTES: tuple[Paise, ...] = (50_000, 20_000, 10_000, 5_000, 2_000, 1_000)
COINS: tuple[Paise, ...] = (2_000, 1_000, 500, 200, 100)
DENOMINATIONS: tuple[str, ...] = (tuple(f"note:{n}" for n in NOTES)
                                  + tuple(f"coin:{c}" for c in COINS))


class CashCountError(ValueError):
    code = "bad_cash_count"


def denomination_value(key: str) -> Paise:
    """``"note:50000"`` → 50,000 paise (₹500 note); ``"coin:1000"`` → ₹10 coin."""
    kind, _, value = key.partition(":")
    if kind not in ("note", "coin") or not value.isdigit():
        raise CashCountError(f"unknown denomination {key!r}")
    paise = int(value)
    if paise not in (NOTES if kind == "note" else COINS):
        raise CashCountError(f"unknown denomination {key!r}")
    return paise


def counted_cash(counts: Mapping[str, int]) -> Paise:
    """The cash in the drawer from a count by denomination."""
    total = 0
    for key, count in counts.items():
        if count < 0:
            raise CashCountError(f"negative count for {key}")
        total += denomination_value(key) * count
    return total


@dataclass(frozen=True, slots=True)
class DayFigures:
    """What the store adds up for one business day (completed, not voided, documents)."""

    sales_count: int = 0
    gross: Paise = 0
    discount: Paise = 0
    net: Paise = 0
    taxable: Paise = 0
    cgst: Paise = 0
    sgst: Paise = 0
    igst: Paise = 0
    round_off: Paise = 0
    payable: Paise = 0
    by_rate: tuple[RateRow, ...] = ()
    voided_count: int = 0
    voided_amount: Paise = 0
    credit_notes_count: int = 0
    refunds: Paise = 0  # positive: money given back on credit notes
    returns_by_rate: tuple[RateRow, ...] = ()  # negative amounts
    sales_by_mode: Mapping[str, Paise] = field(default_factory=dict)
    refunds_by_mode: Mapping[str, Paise] = field(default_factory=dict)
    opening_float: Paise = 0
    paid_in: Paise = 0
    paid_out: Paise = 0
    first_invoice: str = ""
    last_invoice: str = ""

    @property
    def expected_cash(self) -> Paise:
        """Float + cash sales − cash refunds + paid-in − paid-out."""
        cash = Mode.CASH.value
        return (self.opening_float + self.sales_by_mode.get(cash, 0)
                - self.refunds_by_mode.get(cash, 0) + self.paid_in - self.paid_out)

    @property
    def net_sales(self) -> Paise:
        """Sales less refunds: what the day took in."""
        return self.payable - self.refunds


@dataclass(frozen=True, slots=True)
class CashCount:
    expected: Paise
    counted: Paise
    counts: Mapping[str, int]

    @property
    def variance(self) -> Paise:
        """Counted − expected: negative when the drawer is short."""
        return self.counted - self.expected


def cash_count(figures: DayFigures, counts: Mapping[str, int]) -> CashCount:
    return CashCount(figures.expected_cash, counted_cash(counts), dict(counts))
