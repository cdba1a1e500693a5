"""The fast path that checks a snapshot's product rows gives exactly what the field-by-field
check gives, or steps aside: for any data, ``_product_row`` accepts what
``_product_row_checked`` accepts, with the same row, and refuses what it refuses."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pos.store.catalogue import (
    CatalogueChange,
    CatalogueError,
    _product_row,
    _product_row_checked,
    _product_row_fast,
)

GOOD: dict[str, Any] = {
    "product_id": "p1", "sku": "CHN-SAR-000412", "name_en": "Chanderi Silk Saree - Lotus Buti",
    "name_hi": "चंदेरी सिल्क साड़ी - कमल बूटी", "hsn": "500790", "unit": "PCS", "mrp": 450_000,
    "is_handicraft": True, "category_id": "sarees", "supplier_id": "SUP-1", "active": True,
    "barcodes": ["2000000100012"],
}

ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-5, max_value=10**14),
    st.text(max_size=70), st.sampled_from(["", " x ", "PCS", "MTR", "500790", "5007900",
                                           "५००७९०", "a\x00b", "ड़", "ड़", "  two  spaces ",
                                           "x" * 65, "x" * 501, "2000000100012",
                                           "2000000100013", " 2000000100012"]),
    st.lists(st.sampled_from(["2000000100012", "2000000100012", "ABC-1", " ABC-1", "a b",
                              "2000000100013", ""]), max_size=3),
    st.just(("2000000100012",)), st.just([1]), st.just([[]]), st.just({}),
)


def outcome(fn: Any, change: CatalogueChange) -> Any:
    try:
        return fn(change)
    except CatalogueError:
        return "refused"


@settings(max_examples=3000, deadline=None)
@given(st.dictionaries(st.sampled_from([*GOOD, "category", "extra"]), ODD_VALUES, max_size=4),
       st.sets(st.sampled_from(list(GOOD)), max_size=3))
def test_the_fast_path_agrees_with_the_full_check(changes: dict[str, Any],
                                                  dropped: set[str]) -> None:
    data = {k: v for k, v in GOOD.items() if k not in dropped}
    data.update(changes)
    change = CatalogueChange("product", "p1", "upsert", 7, data)
    expected = outcome(_product_row_checked, change)
    assert outcome(_product_row, change) == expected
    fast = _product_row_fast(change)
    assert fast is None or fast == expected


def test_a_well_formed_row_takes_the_fast_path() -> None:
    change = CatalogueChange("product", "p1", "upsert", 7, dict(GOOD))
    assert _product_row_fast(change) == _product_row_checked(change)
    assert _product_row_fast(change) is not None
