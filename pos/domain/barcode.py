"""Barcode check digits (EAN-13, EAN-8, UPC-A) and in-store code generation."""

from __future__ import annotations


def gs1_check_digit(digits: str) -> int:
    """The GS1 mod-10 check digit for ``digits`` (the code without its check digit)."""
    if not digits.isdigit():
        raise ValueError("GS1 codes are digits only")
    total = 0
    for position, ch in enumerate(reversed(digits)):
        total += int(ch) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_valid_gs1(code: str) -> bool:
    """True for an EAN-13, EAN-8, UPC-A (12) or GTIN-14 code with a correct check digit."""
    if not code.isascii() or not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    return gs1_check_digit(code[:-1]) == int(code[-1])


def ean13(prefix_and_number: str) -> str:
    """Complete a 12-digit body with its check digit."""
    if len(prefix_and_number) != 12:
        raise ValueError("an EAN-13 body has 12 digits")
    return prefix_and_number + str(gs1_check_digit(prefix_and_number))


def in_store_ean13(number: int, prefix: str = "20") -> str:
    """An EAN-13 in the GS1 in-store range (prefixes 20-29) for goods that carry no barcode
    of their own, as most handloom and handicraft pieces do not."""
    if not (len(prefix) == 2 and prefix.isdigit() and 20 <= int(prefix) <= 29):
        raise ValueError("in-store EAN-13 prefixes are 20-29")
    if not 0 <= number < 10**10:
        raise ValueError("in-store number out of range")
    return ean13(f"{prefix}{number:010d}")
