"""Money, quantities, rates, integers and dates as printed on receipts and shown on screens."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from babel.numbers import format_currency, format_percent
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.catalog import Unit
from pos.domain.money import parse_money, to_decimal_string
from pos.locale import formatting
from pos.locale.formatting import (
    Lang,
    format_date,
    format_date_long,
    format_datetime,
    format_integer,
    format_money,
    format_quantity,
    format_rate,
    format_time,
    to_devanagari_digits,
    unit_label,
)

BOTH = pytest.mark.parametrize("lang", list(Lang))

MONEY_CASES = [
    (0, "₹0.00"),
    (1, "₹0.01"),
    (5, "₹0.05"),
    (10, "₹0.10"),
    (99, "₹0.99"),
    (100, "₹1.00"),
    (1_100, "₹11.00"),
    (99_999, "₹999.99"),
    (100_000, "₹1,000.00"),
    (157_500, "₹1,575.00"),
    (630_000, "₹6,300.00"),
    (1_000_000, "₹10,000.00"),
    (10_000_000, "₹1,00,000.00"),
    (12_345_650, "₹1,23,456.50"),
    (100_000_000, "₹10,00,000.00"),
    (1_000_000_000, "₹1,00,00,000.00"),
    (12_34_56_789_01, "₹12,34,56,789.01"),
    (99_99_99_999_99, "₹99,99,99,999.99"),
    (99_99_99_99_999_99, "₹99,99,99,99,999.99"),
    (-1, "-₹0.01"),
    (-50, "-₹0.50"),
    (-157_500, "-₹1,575.00"),
    (-12_345_650, "-₹1,23,456.50"),
]


@BOTH
@pytest.mark.parametrize(("paise", "expected"), MONEY_CASES)
def test_money_with_symbol(paise: int, expected: str, lang: Lang) -> None:
    assert format_money(paise, lang) == expected


@BOTH
@pytest.mark.parametrize(("paise", "expected"), MONEY_CASES)
def test_money_without_symbol(paise: int, expected: str, lang: Lang) -> None:
    assert format_money(paise, lang, symbol=False) == expected.replace("₹", "")


def test_hindi_money_uses_latin_digits_unless_asked() -> None:
    assert format_money(12_345_650, Lang.HI) == "₹1,23,456.50"
    assert format_money(12_345_650, Lang.HI, devanagari_digits=True) == "₹१,२३,४५६.५०"
    assert format_money(-157_500, Lang.HI, devanagari_digits=True) == "-₹१,५७५.००"
    assert format_money(0, Lang.HI, symbol=False, devanagari_digits=True) == "०.००"


def test_negative_sign_is_ascii_hyphen_minus_before_the_rupee_sign() -> None:
    for lang in Lang:
        text = format_money(-157_500, lang)
        assert text[0] == "-"
        assert text[1] == "₹"
        assert "\u2212" not in text


@pytest.mark.parametrize("bad", [1.5, 100.0, True, "100", None])
def test_money_refuses_anything_but_int(bad: object) -> None:
    with pytest.raises(TypeError):
        format_money(bad, Lang.EN)  # type: ignore[arg-type]


# Halves that Babel, left to itself, would round half-even: a formatter given the amount in
# paise never rounds, so there is nothing for Babel to round.
def test_babel_would_round_half_even_and_we_never_let_it() -> None:
    assert format_currency("1.005", "INR", locale="en_IN") == "₹1.00"  # half-even, not half-up
    assert format_currency("1.015", "INR", locale="en_IN") == "₹1.02"
    assert format_percent("0.025", locale="en_IN") == "2%"  # 2.5 % shown as 2 %
    assert format_rate(250) == "2.5%"


@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_money_has_exactly_two_decimals_and_the_exact_value(paise: int) -> None:
    for lang in Lang:
        text = format_money(paise, lang)
        frac = text.rpartition(".")[2]
        assert len(frac) == 2
        assert frac.isdigit()
        assert text.replace("₹", "").replace(",", "") == to_decimal_string(paise)
        assert parse_money(text) == paise
        assert parse_money(format_money(paise, lang, devanagari_digits=True)) == paise


@given(st.integers(min_value=0, max_value=10**18))
def test_indian_grouping(n: int) -> None:
    text = format_integer(n, Lang.EN)
    groups = text.split(",")
    assert "".join(groups) == str(n)
    assert all(len(g) == 2 for g in groups[1:-1])
    if len(groups) > 1:
        assert len(groups[-1]) == 3
        assert 1 <= len(groups[0]) <= 2
    else:
        assert len(groups[0]) <= 3


def test_beyond_the_default_decimal_precision() -> None:
    # Babel quantizes in the current decimal context; 28 digits would be the limit.
    assert format_money(10**40 + 1, Lang.EN) == "₹10" + ",00" * 17 + ",000.01"


@BOTH
@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1_000, "1,000"),
        (99_999, "99,999"),
        (100_000, "1,00,000"),
        (1_000_000, "10,00,000"),
        (10_000_000, "1,00,00,000"),
        (123_456_789, "12,34,56,789"),
        (-100_000, "-1,00,000"),
    ],
)
def test_integer(n: int, expected: str, lang: Lang) -> None:
    assert format_integer(n, lang) == expected


def test_integer_in_devanagari_digits() -> None:
    assert format_integer(100_000, Lang.HI, devanagari_digits=True) == "१,००,०००"


@BOTH
@pytest.mark.parametrize(
    ("qty_milli", "expected"),
    [
        (0, "0"),
        (1, "0.001"),
        (10, "0.01"),
        (250, "0.25"),
        (1_000, "1"),
        (2_000, "2"),
        (2_500, "2.5"),
        (1_250, "1.25"),
        (1_234_567, "1,234.567"),
        (100_000_000, "1,00,000"),
        (-2_500, "-2.5"),
    ],
)
def test_quantity(qty_milli: int, expected: str, lang: Lang) -> None:
    assert format_quantity(qty_milli, lang) == expected


def test_quantity_with_unit() -> None:
    assert format_quantity(2_500, Lang.EN, "MTR") == "2.5 MTR"
    assert format_quantity(2_000, Lang.EN, Unit.PCS) == "2 PCS"
    assert format_quantity(2_500, Lang.HI, "MTR") == "2.5 मीटर"
    assert format_quantity(3_000, Lang.HI, Unit.PCS) == "3 नग"
    assert format_quantity(1_500, Lang.HI, "KGS") == "1.5 कि.ग्रा."
    assert format_quantity(2_000, Lang.HI, "PRS") == "2 जोड़ी"
    assert format_quantity(2_500, Lang.HI, "MTR", devanagari_digits=True) == "२.५ मीटर"


def test_every_unit_has_a_label_in_both_languages() -> None:
    for unit in Unit:
        assert unit_label(unit, Lang.EN) == unit.value
        hindi = unit_label(unit, Lang.HI)
        assert hindi != unit.value
        assert hindi == unicodedata.normalize("NFC", hindi)


def test_an_unknown_unit_prints_as_its_code() -> None:
    assert format_quantity(1_000, Lang.HI, "DOZ") == "1 DOZ"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_quantity_is_exact_and_never_shows_trailing_zeros(qty_milli: int) -> None:
    text = format_quantity(qty_milli, Lang.EN).replace(",", "")
    assert not (("." in text) and text.endswith("0"))
    assert not text.endswith(".")
    whole, _, frac = text.lstrip("-").partition(".")
    assert int(whole) * 1000 + int((frac or "0").ljust(3, "0")) == abs(qty_milli)


@BOTH
@pytest.mark.parametrize(
    ("rate_bp", "expected"),
    [
        (0, "0%"),
        (25, "0.25%"),
        (250, "2.5%"),
        (300, "3%"),
        (500, "5%"),
        (1_200, "12%"),
        (1_800, "18%"),
        (2_800, "28%"),
        (10_000, "100%"),
    ],
)
def test_rate(rate_bp: int, expected: str, lang: Lang) -> None:
    assert format_rate(rate_bp, lang) == expected


def test_rate_devanagari() -> None:
    assert format_rate(250, Lang.HI, devanagari_digits=True) == "२.५%"


@given(st.integers(min_value=0, max_value=100_000))
def test_rate_is_exact(rate_bp: int) -> None:
    text = format_rate(rate_bp).removesuffix("%").replace(",", "")
    whole, _, frac = text.partition(".")
    assert len(frac) <= 2
    assert int(whole) * 100 + int((frac or "0").ljust(2, "0")) == rate_bp


NOV_22 = dt.date(2026, 11, 22)
AT_1405 = dt.datetime(2026, 11, 22, 14, 5, 59)


@BOTH
def test_invoice_date_and_time(lang: Lang) -> None:
    assert format_date(NOV_22, lang) == "22-11-2026"
    assert format_date(dt.date(2027, 3, 1), lang) == "01-03-2027"
    assert format_date(AT_1405, lang) == "22-11-2026"
    assert format_datetime(AT_1405, lang) == "22-11-2026 14:05"
    assert format_datetime(dt.datetime(2027, 1, 5, 0, 7), lang) == "05-01-2027 00:07"
    assert format_time(AT_1405, lang) == "14:05"
    assert format_time(dt.time(9, 3), lang) == "09:03"


def test_aware_datetime_prints_its_own_wall_clock() -> None:
    ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
    assert format_datetime(AT_1405.replace(tzinfo=ist), Lang.EN) == "22-11-2026 14:05"
    assert format_datetime(AT_1405.replace(tzinfo=dt.UTC), Lang.HI) == "22-11-2026 14:05"


def test_dates_in_devanagari_digits() -> None:
    assert format_date(NOV_22, Lang.HI, devanagari_digits=True) == "२२-११-२०२६"
    assert format_datetime(AT_1405, Lang.HI, devanagari_digits=True) == "२२-११-२०२६ १४:०५"
    assert format_date_long(NOV_22, Lang.HI, devanagari_digits=True) == "२२ नवंबर २०२६"


def test_long_date() -> None:
    assert format_date_long(NOV_22, Lang.EN) == "22 Nov 2026"
    assert format_date_long(NOV_22, Lang.HI) == "22 नवंबर 2026"
    assert format_date_long(AT_1405, Lang.EN) == "22 Nov 2026"
    assert format_date_long(dt.date(2027, 1, 5), Lang.EN) == "5 Jan 2027"
    assert format_date_long(dt.date(2027, 2, 5), Lang.HI) == "5 फ़रवरी 2027"
    # CLDR's en_IN abbreviates September with four letters; pinned so a data change shows.
    assert format_date_long(dt.date(2026, 9, 2), Lang.EN) == "2 Sept 2026"
    assert format_date_long(dt.date(2026, 9, 2), Lang.HI) == "2 सितंबर 2026"


def test_every_hindi_month_is_nfc_and_has_no_abbreviation_sign() -> None:
    for month in range(1, 13):
        text = format_date_long(dt.date(2026, month, 1), Lang.HI)
        assert text == unicodedata.normalize("NFC", text)
        assert "॰" not in text


def test_devanagari_digit_substitution_touches_only_digits() -> None:
    assert to_devanagari_digits("₹1,234.50 MTR") == "₹१,२३४.५० MTR"


def test_lang_from_settings_value() -> None:
    assert Lang("hi") is Lang.HI
    assert format_money(100, Lang("en")) == "₹1.00"
    assert Lang.HI.babel_locale == "hi_IN"
    assert formatting.__all__  # the module's public surface is declared
