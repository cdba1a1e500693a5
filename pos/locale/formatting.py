"""Numbers, money, quantities, rates and dates as people in India read them.

Everything is built on Babel with the ``en_IN`` and ``hi_IN`` locales and explicit Indian
patterns (``#,##,##0``: 1,23,45,678), so a change of CLDR data cannot silently switch a receipt
to international grouping.

Decisions:

* **Digits.** Hindi text uses Latin digits (Babel's default numbering system for ``hi_IN`` is
  ``latn``, and Indian shops, price tags, GST invoices and UPI apps print Latin digits in Hindi).
  Every formatter takes ``devanagari_digits=True`` for the few places that want ०-९; it is a
  plain digit substitution after formatting. Babel's own ``numbering_system="deva"`` does *not*
  do this: it only swaps separators, the digits stay Latin.
* **Negative amounts** are ``-₹1,575.00``: an ASCII hyphen-minus before the rupee sign, the same
  in both languages (Babel's standard pattern for both locales). Not the accounting form
  ``(₹1,575.00)``, which ``en_IN`` has and ``hi_IN`` has not, and which a customer reading a
  credit note may not know.
* **No rounding here.** Money is integer paise, quantities integer thousandths, rates integer
  basis points: each is turned into a ``Decimal`` exactly (never through ``float``) with no more
  decimals than the pattern shows, so Babel's half-even rounding never gets a chance to act.
  Anything that needs rounding is rounded half-up in :mod:`pos.domain` before it gets here.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from functools import cache, lru_cache

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from pos.domain.catalog import Unit
from pos.locale.lang import Lang

__all__ = [
    "Lang",
    "format_date",
    "format_date_long",
    "format_datetime",
    "format_integer",
    "format_money",
    "format_quantity",
    "format_rate",
    "format_time",
    "to_devanagari_digits",
    "unit_label",
]

_MONEY = babel_numbers.parse_pattern("¤#,##,##0.00")
_MONEY_PLAIN = babel_numbers.parse_pattern("#,##,##0.00")
_QUANTITY = babel_numbers.parse_pattern("#,##,##0.###")
_INTEGER = babel_numbers.parse_pattern("#,##,##0")
_RATE = babel_numbers.parse_pattern("#,##,##0.##%")

_DATE = "dd-MM-yyyy"
# English keeps CLDR's abbreviated month (en_IN: "Nov", and "Sept" for September); Hindi uses
# the full name, because CLDR's Hindi abbreviations carry the abbreviation sign (नव॰) that
# reads badly on a receipt.
_DATE_LONG = {Lang.EN: "d MMM yyyy", Lang.HI: "d MMMM yyyy"}

_DEVANAGARI_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")

# Enough digits for any amount a till or a head-office report can hold; Babel quantizes in the
# current decimal context, whose default 28 digits would be the limit otherwise.
_PRECISION = 60

_UNIT_LABELS: dict[Lang, dict[str, str]] = {
    # English: the GST unit quantity codes themselves, as Indian tax invoices print them
    # (no plural to get wrong: "2 PCS", "2.5 MTR").
    Lang.EN: {unit.value: unit.value for unit in Unit},
    Lang.HI: {
        Unit.PCS.value: "नग",
        Unit.MTR.value: "मीटर",
        Unit.SET.value: "सेट",
        Unit.KGS.value: "कि.ग्रा.",
        Unit.GMS.value: "ग्रा.",
        Unit.PRS.value: "जोड़ी",
        Unit.BOX.value: "डिब्बा",
        Unit.PAC.value: "पैकेट",
        Unit.NOS.value: "नग",
    },
}


@cache
def _locale(lang: Lang) -> Locale:
    return Locale.parse(Lang(lang).babel_locale)


def _require_int(value: object, what: str) -> int:
    # bool is an int subclass; float must never reach a money formatter.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return value


def _exact(units: int, places: int) -> Decimal:
    """``units × 10**-places`` as an exact Decimal, whatever the context precision."""
    digits = tuple(int(c) for c in str(abs(units)))
    return Decimal((1 if units < 0 else 0, digits, -places))


def _apply(
    pattern: babel_numbers.NumberPattern,
    value: Decimal,
    lang: Lang,
    devanagari_digits: bool,
    currency: str | None = None,
) -> str:
    with decimal.localcontext(prec=_PRECISION):
        if currency is None:
            text = babel_numbers.format_decimal(value, format=pattern, locale=_locale(lang))
        else:
            text = babel_numbers.format_currency(
                value, currency, format=pattern, locale=_locale(lang)
            )
    return to_devanagari_digits(text) if devanagari_digits else text


def to_devanagari_digits(text: str) -> str:
    """Replace the Latin digits 0-9 in ``text`` by Devanagari ०-९; nothing else changes."""
    return text.translate(_DEVANAGARI_DIGITS)


def format_money(
    paise: int, lang: Lang, *, symbol: bool = True, devanagari_digits: bool = False
) -> str:
    """``12345650 -> '₹1,23,456.50'``; ``-157500 -> '-₹1,575.00'``; ``0 -> '₹0.00'``.

    Always two decimals and Indian grouping. ``symbol=False`` drops the rupee sign
    (``'1,23,456.50'``, ``'-1,575.00'``) for columns whose heading says ₹.
    """
    return _money(_require_int(paise, "paise"), lang, symbol, devanagari_digits)


@lru_cache(maxsize=8192)  # a till shows the same few hundred amounts all day
def _money(paise: int, lang: Lang, symbol: bool, devanagari_digits: bool) -> str:
    value = _exact(paise, 2)
    if symbol:
        return _apply(_MONEY, value, lang, devanagari_digits, currency="INR")
    return _apply(_MONEY_PLAIN, value, lang, devanagari_digits)


def format_integer(n: int, lang: Lang, *, devanagari_digits: bool = False) -> str:
    """A whole number with Indian grouping: ``100000 -> '1,00,000'``."""
    return _apply(_INTEGER, _exact(_require_int(n, "n"), 0), lang, devanagari_digits)


def unit_label(unit_code: str | Unit, lang: Lang) -> str:
    """How a unit is written after a quantity: ``'MTR'`` in English, ``'मीटर'`` in Hindi.

    An unknown code is shown as it is, so a new catalogue unit still prints.
    """
    code = unit_code.value if isinstance(unit_code, Unit) else unit_code
    return _UNIT_LABELS[Lang(lang)].get(code, code)


def format_quantity(
    qty_milli: int,
    lang: Lang,
    unit_code: str | Unit | None = None,
    *,
    devanagari_digits: bool = False,
) -> str:
    """Thousandths of a unit, without needless zeros: ``2000 -> '2'``, ``2500 -> '2.5'``.

    ``1250 -> '1.25'``, ``1234567 -> '1,234.567'``; with a unit ``'2.5 MTR'`` / ``'2.5 मीटर'``.
    """
    value = _exact(_require_int(qty_milli, "qty_milli"), 3)
    text = _apply(_QUANTITY, value, lang, devanagari_digits)
    if unit_code is None:
        return text
    return f"{text} {unit_label(unit_code, lang)}"


def format_rate(rate_bp: int, lang: Lang = Lang.EN, *, devanagari_digits: bool = False) -> str:
    """Basis points as a percentage: ``500 -> '5%'``, ``250 -> '2.5%'``, ``25 -> '0.25%'``.

    Not Babel's locale percent pattern, which shows no decimals and rounds half-even
    (``format_percent(0.025)`` is ``'2%'``).
    """
    value = _exact(_require_int(rate_bp, "rate_bp"), 4)
    return _apply(_RATE, value, lang, devanagari_digits)


def format_date(d: dt.date, lang: Lang, *, devanagari_digits: bool = False) -> str:
    """The invoice date form, day first: ``'22-11-2026'``. A datetime prints its date."""
    if isinstance(d, dt.datetime):
        d = d.date()
    text = babel_dates.format_date(d, _DATE, locale=_locale(lang))
    return to_devanagari_digits(text) if devanagari_digits else text


def format_time(t: dt.time | dt.datetime, lang: Lang, *, devanagari_digits: bool = False) -> str:
    """24-hour wall-clock time as given (no time-zone conversion): ``'14:05'``."""
    moment = t.time() if isinstance(t, dt.datetime) else t
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    return to_devanagari_digits(text) if devanagari_digits else text


def format_datetime(moment: dt.datetime, lang: Lang, *, devanagari_digits: bool = False) -> str:
    """``'22-11-2026 14:05'``: the wall-clock time of ``moment`` as given, never converted.

    An aware datetime prints in its own offset; convert it to the outlet's zone first if needed.
    """
    return (
        f"{format_date(moment, lang, devanagari_digits=devanagari_digits)} "
        f"{format_time(moment, lang, devanagari_digits=devanagari_digits)}"
    )


def format_date_long(d: dt.date, lang: Lang, *, devanagari_digits: bool = False) -> str:
    """With the month's name: ``'22 Nov 2026'`` / ``'22 नवंबर 2026'``."""
    if isinstance(d, dt.datetime):
        d = d.date()
    text = babel_dates.format_date(d, _DATE_LONG[Lang(lang)], locale=_locale(lang))
    return to_devanagari_digits(text) if devanagari_digits else text
