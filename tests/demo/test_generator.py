"""The catalogue generator: many unique, valid, billable, varied products, reproducibly."""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from datetime import date

import pytest

from pos.demo import DemoCatalogue, generate_catalogue, load_demo_catalogue
from pos.demo.generator import shelf_price
from pos.domain.barcode import is_valid_gs1
from pos.domain.catalog import Product
from pos.domain.tax import DeadBandPrice, TaxRule, rate_for, select_rule

ON = date(2026, 1, 15)


@pytest.fixture(scope="module")
def cat() -> DemoCatalogue:
    return load_demo_catalogue()


def check_billable(cat: DemoCatalogue, products: list[Product]) -> None:
    rules: dict[tuple[str, bool], TaxRule] = {}
    for p in products:
        key = (p.hsn, p.is_handicraft)
        if key not in rules:
            rules[key] = select_rule(cat.tax_rules, p.hsn, p.is_handicraft, ON)
        rate_for(rules[key], p.mrp, 1000)  # raises DeadBandPrice


def test_the_demo_comes_first(cat: DemoCatalogue) -> None:
    assert tuple(generate_catalogue(10)) == cat.products[:10]
    assert tuple(generate_catalogue(len(cat.products))) == cat.products
    assert list(generate_catalogue(0)) == []


def test_same_seed_same_products_other_seed_other_products(cat: DemoCatalogue) -> None:
    n = len(cat.products) + 3000
    first = list(generate_catalogue(n, seed=42))
    assert first == list(generate_catalogue(n, seed=42))
    other = list(generate_catalogue(n, seed=43))
    assert len(first) == len(other) == n
    generated = slice(len(cat.products), None)
    assert {p.name_en for p in first[generated]} != {p.name_en for p in other[generated]}
    assert not {p.barcodes for p in first[generated]} & {p.barcodes for p in other[generated]}


def test_generated_products_are_valid_varied_and_billable(cat: DemoCatalogue) -> None:
    products = list(generate_catalogue(20_000, seed=7, include_demo=False))
    assert len(products) == 20_000
    demo_skus = {p.sku for p in cat.products}
    demo_codes = {c for p in cat.products for c in p.barcodes}
    for p in products:
        assert p.sku not in demo_skus and not set(p.barcodes) & demo_codes
        assert len(p.barcodes) == 1 and is_valid_gs1(p.barcodes[0])
        assert p.barcodes[0].startswith("21") and len(p.barcodes[0]) == 13
        assert any("\u0900" <= ch <= "\u097f" for ch in p.name_hi)
        assert p.name_hi == unicodedata.normalize("NFC", p.name_hi)
        assert " - " in p.name_en and " - " in p.name_hi
        assert p.supplier_id and p.category
    check_billable(cat, products)
    # variety for search: almost every name differs, every demo family and category appears
    assert len({p.name_en for p in products}) > 0.9 * len(products)
    assert len({p.name_hi for p in products}) > 0.9 * len(products)
    assert {p.category for p in products} == {c.category_id for c in cat.categories}
    assert len({p.sku.rsplit("-", 1)[0] for p in products}) == len(
        {p.sku.rsplit("-", 1)[0] for p in cat.products})
    # the generated mix follows the demo's: sarees are the biggest category in both
    assert Counter(p.category for p in products).most_common(1)[0][0] == "sarees"


def test_generated_kurtas_stay_out_of_the_dead_band(cat: DemoCatalogue) -> None:
    kurtas = [p for p in itertools.islice(generate_catalogue(60_000, seed=3), 60_000)
              if p.category == "kurtas"]
    low = [p for p in kurtas if p.mrp <= 2_625_00]
    high = [p for p in kurtas if p.mrp > 2_950_00]
    assert low and high and len(low) + len(high) == len(kurtas)


def test_shelf_price_moves_out_of_the_dead_band(cat: DemoCatalogue) -> None:
    band_rule = select_rule(cat.tax_rules, "620520", False, ON)
    assert shelf_price(2_700_00, band_rule) == 2_600_00
    assert shelf_price(2_900_00, band_rule) == 3_000_00
    assert shelf_price(1_577_00, band_rule) == 1_600_00
    assert shelf_price(4_12, band_rule) == 5_00
    with pytest.raises(DeadBandPrice):
        rate_for(band_rule, 2_700_00, 1000)
    flat = select_rule(cat.tax_rules, "500790", False, ON)
    assert shelf_price(2_700_00, flat) == 2_700_00


def test_negative_n_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="negative"):
        generate_catalogue(-1)


@pytest.mark.slow
def test_200_000_unique_products(cat: DemoCatalogue) -> None:
    skus: set[str] = set()
    codes: set[str] = set()
    ids: set[str] = set()
    count = 0
    for p in generate_catalogue(200_000, seed=2026):
        count += 1
        skus.add(p.sku)
        ids.add(p.product_id)
        codes.update(p.barcodes)
    demo_extra_codes = sum(len(p.barcodes) - 1 for p in cat.products)
    assert count == len(skus) == len(ids) == 200_000
    assert len(codes) == 200_000 + demo_extra_codes
    assert all(is_valid_gs1(code) for code in codes)
