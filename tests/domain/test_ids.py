"""GSTIN and barcode check digits."""

from __future__ import annotations

import pytest

from pos.domain.barcode import ean13, gs1_check_digit, in_store_ean13, is_valid_gs1
from pos.domain.gstin import STATES, gstin_check_char, gstin_state, is_valid_gstin


def test_gstin_checksum() -> None:
    assert is_valid_gstin("27AAPFU0939F1ZV")
    assert not is_valid_gstin("27AAPFU0939F1ZX")  # wrong check character
    assert not is_valid_gstin("99AAPFU0939F1ZV")  # no such state
    assert not is_valid_gstin("27AAPFU0939F1Z")  # too short
    assert is_valid_gstin(" 27aapfu0939f1zv ")
    body = "23AAACM1234A1Z"
    assert is_valid_gstin(body + gstin_check_char(body))
    assert gstin_state("07AAACM1234A1ZT") == "07"
    assert STATES["23"][0] == "Madhya Pradesh" and STATES["07"][1] == "दिल्ली"


def test_gs1_check_digits() -> None:
    assert is_valid_gs1("4006381333931")  # a real EAN-13
    assert not is_valid_gs1("4006381333932")
    assert is_valid_gs1("73513537")  # EAN-8
    assert is_valid_gs1("036000291452")  # UPC-A
    assert not is_valid_gs1("40063813339a1")
    assert not is_valid_gs1("١٢٣٤٥٦٧٨")  # non-ASCII digits are not barcodes
    assert gs1_check_digit("400638133393") == 1
    assert ean13("400638133393") == "4006381333931"


def test_in_store_codes() -> None:
    code = in_store_ean13(42)
    assert code.startswith("20") and len(code) == 13 and is_valid_gs1(code)
    with pytest.raises(ValueError, match="20-29"):
        in_store_ean13(1, "30")
