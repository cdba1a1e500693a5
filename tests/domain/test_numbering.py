from __future__ import annotations

from datetime import date

import pytest

from pos.domain.numbering import (
    Counter,
    DocumentKind,
    FinancialYear,
    Series,
    SeriesError,
    is_valid_document_number,
    next_number,
)


def test_financial_year_turns_on_1_april() -> None:
    assert FinancialYear.of(date(2026, 3, 31)).code == "2526"
    assert FinancialYear.of(date(2026, 4, 1)).code == "2627"
    assert FinancialYear.of(date(2099, 12, 31)).code == "9900"
    assert FinancialYear(2025).first_day == date(2025, 4, 1)
    assert FinancialYear(2025).last_day == date(2026, 3, 31)


def test_numbers_are_consecutive_and_restart_every_april() -> None:
    series = Series("BPL1A")
    number, counter = next_number(series, None, date(2026, 3, 30))
    assert number == "BPL1A/2526/00001"
    number, counter = next_number(series, Counter(counter.year, 41), date(2026, 3, 31))
    assert number == "BPL1A/2526/00042"
    number, counter = next_number(series, counter, date(2026, 4, 1))
    assert number == "BPL1A/2627/00001"
    assert counter == Counter(FinancialYear(2026), 1)
    assert series.parse(number) == (FinancialYear(2026), 1)


def test_every_number_obeys_rule_46() -> None:
    for prefix in ("BPL1A", "IITF1", "B", "DEL-ST2"):
        series = Series(prefix)
        number = series.format(FinancialYear(2026), series.capacity)
        assert len(number) <= 16
        assert is_valid_document_number(number)


@pytest.mark.parametrize("prefix", ["0BPL", "-BPL", "/BPL", "bpl1a", "BPL 1", "BPL/1", "BPL#1",
                                    "VERYLONGPREFIX"])
def test_bad_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(SeriesError):
        Series(prefix)


def test_credit_notes_have_their_own_series() -> None:
    invoice = Series("BPL1A")
    credit = Series("BPL1R", DocumentKind.CREDIT_NOTE)
    assert invoice.format(FinancialYear(2026), 1) != credit.format(FinancialYear(2026), 1)
    with pytest.raises(SeriesError):
        credit.parse("BPL1A/2627/00001")


def test_exhausted_series_and_clock_going_back_are_refused() -> None:
    series = Series("ABCDEFG")  # leaves 3 digits
    assert series.capacity == 999
    with pytest.raises(SeriesError) as full:
        next_number(series, Counter(FinancialYear(2026), 999), date(2026, 5, 1))
    assert full.value.code == "series_exhausted"
    with pytest.raises(SeriesError) as back:
        next_number(series, Counter(FinancialYear(2026), 5), date(2026, 3, 31))
    assert back.value.code == "clock_went_back"


@pytest.mark.parametrize("number", ["0BPL/2526/1", "-A", "/A", "a/2526/1", "ABCDEFGHIJKLMNOPQ",
                                    "A B", ""])
def test_invalid_document_numbers(number: str) -> None:
    assert not is_valid_document_number(number)
