"""Money as integer paise.

No float ever touches money; text is parsed digit by digit and arithmetic is on ``int``
and every division goes through :func:`div_round_half_up`, the one rounding function.
Half-up here means *half away from zero*, so a credit note for a line is the exact mirror of
the line (−₹0.005 rounds to −₹0.01 just as ₹0.005 rounds to ₹0.01).
"""

from __future__ import annotations

import re
import unicodedata

Paise = int
"""An amount of money in paise (1 rupee = 100 paise). Always an ``int``."""

BASIS_POINTS = 10_000
"""Rates are basis points: 500 = 5 %, 1800 = 18 %."""


class MoneyParseError(ValueError):
    """Text that is not an amount of money. ``code`` names the problem for translated messages."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


def div_round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest integer, halves away from zero."""
    if denominator == 0:
        raise ZeroDivisionError("division by zero")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    sign = -1 if numerator < 0 else 1
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return sign * quotient


def rupees(amount: int) -> Paise:
    """Whole rupees to paise: ``rupees(4725) == 472_500``."""
    return amount * 100


def percent_of(amount: Paise, rate_bp: int) -> Paise:
    """``amount × rate`` (rate in basis points), rounded half-up."""
    return div_round_half_up(amount * rate_bp, BASIS_POINTS)


def round_to_rupee(amount: Paise) -> Paise:
    """Nearest whole rupee, 50 paise going away from zero."""
    return div_round_half_up(amount, 100) * 100


def to_decimal_string(amount: Paise) -> str:
    """Machine form with two decimals and no grouping: ``123450 -> '1234.50'``.

    For wire formats (UPI links, CSV, XML), never for people: people get the locale formatter.
    """
    sign = "-" if amount < 0 else ""
    whole, frac = divmod(abs(amount), 100)
    return f"{sign}{whole}.{frac:02d}"


_CURRENCY_MARKS = re.compile(r"^(?:₹|rs\.?|inr|रु\.?|रू\.?)\s*", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{2})*(?:,\d{3})$|^\d{1,3}(?:,\d{3})+$")


def parse_money(text: str) -> Paise:
    """Parse what a person types or a sheet holds into paise.

    Accepts ``₹1,23,456.50``, ``Rs. 1234.5``, ``1234``, ``-12.5``, Devanagari digits
    (``१२३४``) and other Unicode decimal digits, Indian (1,23,456) and international
    (123,456) grouping. Refuses more than two decimals, stray text and misplaced commas.
    """
    if not isinstance(text, str):
        raise MoneyParseError("not_text", repr(text))
    original = text
    s = unicodedata.normalize("NFKC", text).strip()
    # Unicode decimal digits of any script (Devanagari ०-९ included) to ASCII.
    s = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in s)
    negative = False
    if s.startswith(("-", "−")):
        negative, s = True, s[1:].lstrip()
    s = _CURRENCY_MARKS.sub("", s)
    if s.startswith(("-", "−")) and not negative:
        negative, s = True, s[1:].lstrip()
    s = s.replace(" ", "").replace("\u00a0", "")
    if s.endswith("/-"):  # "₹500/-" as written on Indian price tags
        s = s[:-2]
    if not s:
        raise MoneyParseError("empty", original)
    whole, dot, frac = s.partition(".")
    if "," in whole:
        if not _GROUPED.match(whole):
            raise MoneyParseError("bad_grouping", original)
        whole = whole.replace(",", "")
    if not whole:
        whole = "0"
    if not whole.isdigit() or (dot and not frac.isdigit() and frac != ""):
        raise MoneyParseError("not_a_number", original)
    if len(frac) > 2:
        raise MoneyParseError("too_many_decimals", original)
    paise = int(whole) * 100 + int(frac.ljust(2, "0"))  # exact at any size: no Decimal context
    return -paise if negative else paise
