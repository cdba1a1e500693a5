from __future__ import annotations

import pytest

from pos.domain.money import (
    MoneyParseError,
    div_round_half_up,
    parse_money,
    percent_of,
    round_to_rupee,
    to_decimal_string,
)


@pytest.mark.parametrize(
    ("text", "paise"),
    [
        ("₹1,23,456.50", 12_345_650),
        ("1234.5", 123_450),
        ("१२३४", 123_400),
        ("₹ १,२३४.५०", 123_450),
        ("Rs. 500/-", 50_000),
        ("rs 12", 1_200),
        ("INR 99.99", 9_999),
        ("-12.5", -1_250),
        ("−₹1,575.00", -157_500),
        ("123,456", 12_345_600),
        (".5", 50),
        ("  42  ", 4_200),
        ("0", 0),
    ],
)
def test_parse_money_accepts(text: str, paise: int) -> None:
    assert parse_money(text) == paise


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("₹", "empty"),
        ("1.234", "too_many_decimals"),
        ("12a", "not_a_number"),
        ("1,2,3", "bad_grouping"),
        ("12,34,5", "bad_grouping"),
        ("1.2.3", "not_a_number"),
        ("abc", "not_a_number"),
    ],
)
def test_parse_money_refuses_with_a_reason(text: str, code: str) -> None:
    with pytest.raises(MoneyParseError) as err:
        parse_money(text)
    assert err.value.code == code


def test_rounding_is_half_away_from_zero() -> None:
    assert div_round_half_up(5, 2) == 3
    assert div_round_half_up(-5, 2) == -3
    assert div_round_half_up(7, 3) == 2
    assert div_round_half_up(-7, 3) == -2
    assert div_round_half_up(5, -2) == -3
    assert percent_of(1_015, 500) == 51  # 50.75
    assert round_to_rupee(295_001) == 295_000
    assert round_to_rupee(150) == 200  # 50 paise go up
    assert round_to_rupee(-150) == -200
    with pytest.raises(ZeroDivisionError):
        div_round_half_up(1, 0)


def test_decimal_string_for_wire_formats() -> None:
    assert to_decimal_string(630_000) == "6300.00"
    assert to_decimal_string(5) == "0.05"
    assert to_decimal_string(-157_500) == "-1575.00"
