"""The demo catalogue: real-looking, complete, and consistent with GST.md and the domain."""

from __future__ import annotations

import csv
import json
import re
import shutil
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from pos.demo import DemoCatalogue, DemoDataError, demo_data_dir, load_demo_catalogue
from pos.domain.barcode import is_valid_gs1
from pos.domain.catalog import Product, Unit, valid_hsn
from pos.domain.discounts import Role
from pos.domain.gstin import is_valid_gstin
from pos.domain.numbering import next_number
from pos.domain.outlet import OutletKind
from pos.domain.tax import (
    DeadBandPolicy,
    DeadBandPrice,
    NoTaxRule,
    TaxRule,
    rate_for,
    select_rule,
)

ON = date(2026, 1, 15)
FAIR_DAY = date(2026, 11, 20)
ONE = 1000  # one unit, in thousandths
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
NUKTA = "\u093c"


@pytest.fixture(scope="module")
def cat() -> DemoCatalogue:
    return load_demo_catalogue()


def rate(cat: DemoCatalogue, p: Product, on: date = ON) -> int:
    return rate_for(select_rule(cat.tax_rules, p.hsn, p.is_handicraft, on), p.mrp, ONE)[0]


def in_category(cat: DemoCatalogue, category: str) -> list[Product]:
    return [p for p in cat.products if p.category == category]


# ----------------------------------------------------------------------------- products


def test_at_least_300_products_in_every_category(cat: DemoCatalogue) -> None:
    assert len(cat.products) >= 300
    counts = Counter(p.category for p in cat.products)
    assert set(counts) == {c.category_id for c in cat.categories}
    assert min(counts.values()) >= 5


@pytest.mark.parametrize("words", [
    "chanderi saree", "maheshwari saree", "bagh print", "batik", "dupatta", "stole", "kurta",
    "shawl", "gond painting", "dhokra", "bell metal", "bamboo", "cane", "agarbatti",
    "leather toy", "leather handbag", "marble", "budni wooden", "silver filigree", "lac bangles",
    "teak", "candle",
])
def test_the_emporium_s_goods_are_there(cat: DemoCatalogue, words: str) -> None:
    assert any(all(w in p.name_en.lower() for w in words.split()) for p in cat.products)


def test_fabric_is_sold_by_the_metre(cat: DemoCatalogue) -> None:
    fabrics = in_category(cat, "fabrics")
    assert len(fabrics) >= 10
    assert all(p.unit is Unit.MTR for p in fabrics)
    assert {"Bagh", "Batik"} <= {p.name_en.split()[0] for p in fabrics}


def test_skus_and_product_ids_are_unique(cat: DemoCatalogue) -> None:
    assert len({p.sku for p in cat.products}) == len(cat.products)
    assert len({p.product_id for p in cat.products}) == len(cat.products)
    assert all(re.fullmatch(r"[A-Z]{3}(-[A-Z]{1,3})?-\d{4}", p.sku) for p in cat.products)


def test_every_barcode_is_a_valid_ean13_and_unique(cat: DemoCatalogue) -> None:
    codes = [code for p in cat.products for code in p.barcodes]
    assert all(p.barcodes for p in cat.products)
    assert all(len(code) == 13 and is_valid_gs1(code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert any(len(p.barcodes) == 2 for p in cat.products)


def test_names_are_english_and_real_hindi(cat: DemoCatalogue) -> None:
    for p in cat.products:
        assert re.search(r"[A-Za-z]{3}", p.name_en), p.sku
        assert not DEVANAGARI.search(p.name_en), p.sku
        hindi_letters = len(DEVANAGARI.findall(p.name_hi))
        assert hindi_letters >= len(p.name_hi.replace(" ", "")) // 2, p.sku
        assert p.name_hi == unicodedata.normalize("NFC", p.name_hi), p.sku
        assert (" - " in p.name_en) == (" - " in p.name_hi), p.sku


def test_hindi_names_exercise_nuktas_conjuncts_and_length(cat: DemoCatalogue) -> None:
    hindi = " ".join(p.name_hi for p in cat.products)
    assert "साड़ी" in hindi  # NFC keeps ड़ as ड + nukta: the form the search index uses
    assert "\u095c" not in hindi
    for letter in ("ड़", "ढ़", "ज़", "फ़", "ख़", "ग़", "क़"):
        assert unicodedata.normalize("NFC", letter) in hindi, letter
    assert hindi.count(NUKTA) > 50
    for conjunct in ("क्ष", "श्र", "ज्ञ"):
        assert conjunct in hindi, conjunct
    assert any(len(p.name_hi) > 60 for p in cat.products)
    assert any(len(p.name_en) > 80 for p in cat.products)


HSN_BY_CATEGORY = {
    "sarees": ("5007", "5208"), "fabrics": ("5007", "5208"), "dupattas": ("6214",),
    "stoles": ("6214",), "shawls": ("6214",), "kurtas": ("6203", "6204", "6205", "6206"),
    "home_textiles": ("63",), "paintings": ("9701",), "metal_craft": ("8306",),
    "bamboo_cane": ("4601", "4602"), "agarbatti": ("330741",), "leather": ("9503", "4202"),
    "stone_craft": ("6802",), "toys": ("9503",), "wood_craft": ("4420",),
    "jewellery": ("7113", "7114", "7117"), "furniture": ("9403",), "bags": ("4202",),
    "candles": ("3406",),
}


def test_hsn_codes_are_six_digits_and_fit_the_goods(cat: DemoCatalogue) -> None:
    assert set(HSN_BY_CATEGORY) == {c.category_id for c in cat.categories}
    for p in cat.products:
        assert valid_hsn(p.hsn) and len(p.hsn) == 6, p.sku
        assert p.hsn.startswith(HSN_BY_CATEGORY[p.category]), (p.sku, p.hsn)


def test_prices_are_realistic(cat: DemoCatalogue) -> None:
    for p in cat.products:
        assert 40_00 <= p.mrp <= 50_000_00, p.sku
    assert max(p.mrp for p in in_category(cat, "agarbatti")) <= 250_00
    assert min(p.mrp for p in in_category(cat, "furniture")) >= 2_000_00
    assert all(p.mrp <= 1_500_00 for p in in_category(cat, "fabrics"))  # per metre


# ----------------------------------------------------------------------------- tax


@pytest.mark.parametrize("on", [ON, FAIR_DAY])
def test_every_product_has_a_rule_and_a_billable_mrp(cat: DemoCatalogue, on: date) -> None:
    for p in cat.products:
        rule = select_rule(cat.tax_rules, p.hsn, p.is_handicraft, on)
        rate_for(rule, p.mrp, ONE)  # raises DeadBandPrice for an MRP in a dead band
        assert cat.rule_for(p, on) == rule


def _intended_rate(p: Product) -> int:
    """GST.md's table, written out independently of tax_rules.json."""
    band = 500 if p.mrp <= 2_625_00 else 1800
    if p.category == "shawls":
        return 500 if p.is_handicraft else band
    if p.category in ("kurtas", "dupattas", "stoles", "home_textiles"):
        return band
    if p.category == "jewellery":
        return 300
    if p.category == "furniture":
        return 1800
    return 500  # sarees, fabrics, agarbatti, notified handicrafts


def test_each_product_gets_the_rate_gst_md_intends(cat: DemoCatalogue) -> None:
    for p in cat.products:
        assert rate(cat, p) == _intended_rate(p), (p.sku, p.hsn, p.mrp)
    assert set(Counter(rate(cat, p) for p in cat.products)) == {300, 500, 1800}


def test_kurtas_in_both_bands(cat: DemoCatalogue) -> None:
    kurtas = [p for p in in_category(cat, "kurtas") if "Kurta" in p.name_en]
    low = [p for p in kurtas if p.mrp <= 2_625_00]
    high = [p for p in kurtas if p.mrp >= 2_950_01]
    assert len(low) >= 5 and len(high) >= 3
    assert {rate(cat, p) for p in low} == {500}
    assert {rate(cat, p) for p in high} == {1800}
    assert len(low) + len(high) == len(kurtas)  # none in between: the dead band


def test_hand_made_shawl_5_percent_machine_made_18_at_the_same_price(cat: DemoCatalogue) -> None:
    shawls = in_category(cat, "shawls")
    hand = {p.mrp for p in shawls if p.is_handicraft and p.mrp > 2_950_00}
    machine = {p.mrp for p in shawls if not p.is_handicraft and p.mrp > 2_950_00}
    same_price = hand & machine
    assert same_price
    for p in shawls:
        if p.mrp in same_price:
            rule = cat.rule_for(p, ON)
            if p.is_handicraft:
                assert (rule.rule_id, rate(cat, p)) == ("SHAWL-HANDMADE", 500)
            else:
                assert (rule.rule_id, rate(cat, p)) == ("APPAREL-62", 1800)
    # a hand-made shawl may sit at a price that would be in the apparel dead band
    assert any(p.is_handicraft and 2_625_00 < p.mrp <= 2_950_00 for p in shawls)


def rule(cat: DemoCatalogue, hsn: str, handicraft: bool = False,
         on: date = ON) -> TaxRule:
    return select_rule(cat.tax_rules, hsn, handicraft, on)


def test_tax_rules_are_gst_md_table(cat: DemoCatalogue) -> None:
    kurta = rule(cat, "620520")
    assert kurta.band is not None and kurta.band.threshold == 2_500_00
    assert (kurta.band.low_bp, kurta.band.high_bp) == (500, 1800)
    assert kurta.band.dead_band is DeadBandPolicy.REFUSE
    assert rate_for(kurta, 1_575_00, ONE) == (500, False)  # GST.md example 1
    assert rate_for(kurta, 2_625_00, ONE) == (500, False)  # example 2
    assert rate_for(kurta, 2_950_01, ONE) == (1800, False)
    with pytest.raises(DeadBandPrice):
        rate_for(kurta, 2_800_00, ONE)
    for hsn in ("610910", "630221", "621490"):  # Ch. 61, 63 and scarves share the band
        assert rule(cat, hsn).band == kurta.band
    for hsn, handicraft, expected in [
        ("500790", False, 500), ("520852", False, 500), ("330741", False, 500),
        ("621420", True, 500), ("970191", True, 500), ("830629", True, 500),
        ("460211", True, 500), ("460121", True, 500), ("680291", True, 500),
        ("442019", True, 500), ("950300", True, 500), ("420221", True, 500),
        ("340600", True, 500), ("711311", False, 300), ("711311", True, 300),
        ("711411", True, 300), ("711790", True, 300), ("940360", False, 1800),
        ("940360", True, 1800),
    ]:
        assert rule(cat, hsn, handicraft).rate_bp == expected, hsn
    # the handicraft rule is the most specific one, so no dead band for a hand-made shawl
    assert rate_for(rule(cat, "621420", True), 2_800_00, ONE) == (500, False)
    with pytest.raises(DeadBandPrice):
        rate_for(rule(cat, "621420", False), 2_800_00, ONE)
    # notified-handicraft rates need the flag: without it there is no rule, not a guess
    with pytest.raises(NoTaxRule):
        rule(cat, "970191", False)


def test_tax_rules_start_on_22_september_2025(cat: DemoCatalogue) -> None:
    assert {r.effective_from for r in cat.tax_rules} == {date(2025, 9, 22)}
    assert all(r.effective_to is None for r in cat.tax_rules)
    with pytest.raises(NoTaxRule):
        rule(cat, "500790", on=date(2025, 9, 21))
    assert cat.as_of == date(2025, 9, 22)


# ----------------------------------------------------------------------------- references


def test_suppliers(cat: DemoCatalogue) -> None:
    ids = {s.supplier_id for s in cat.suppliers}
    assert 20 <= len(cat.suppliers) == len(ids)
    assert {p.supplier_id for p in cat.products} <= ids
    assert {s.kind for s in cat.suppliers} == {"weaver_society", "artisan", "ssi_unit",
                                               "cooperative"}
    districts = " ".join(s.district for s in cat.suppliers)
    for place in ("Chanderi", "Maheshwar", "Bagh", "Tikamgarh", "Mandla", "Dindori", "Betul",
                  "Jhabua"):
        assert place in districts, place
    for s in cat.suppliers:
        assert DEVANAGARI.search(s.name_hi) and s.name_en
        assert s.gstin == "" or (is_valid_gstin(s.gstin) and s.gstin.startswith("23"))
    assert any(s.gstin == "" for s in cat.suppliers)  # unregistered artisans


def test_categories(cat: DemoCatalogue) -> None:
    assert len({c.category_id for c in cat.categories}) == len(cat.categories)
    for c in cat.categories:
        assert DEVANAGARI.search(c.name_hi) and c.name_en
        assert c.style in cat.styles
    assert cat.category("sarees").name_hi == "साड़ियाँ"


# ----------------------------------------------------------------------------- outlets, staff


def test_bhopal_outlet(cat: DemoCatalogue) -> None:
    bhopal = cat.outlet("BPL1")
    assert bhopal.kind is OutletKind.OUTLET and not bhopal.casual_taxable_person
    assert bhopal.state_code == "23" and bhopal.state_name_en == "Madhya Pradesh"
    assert is_valid_gstin(bhopal.gstin) and bhopal.gstin.startswith("23")
    assert bhopal.series_prefix == "BPL1A"
    outlet = bhopal.to_outlet()
    assert outlet.sells_on(date(2030, 1, 1))
    number, _ = next_number(outlet.invoice_series, None, date(2025, 10, 1))
    assert number == "BPL1A/2526/00001"


def test_delhi_fair_stall(cat: DemoCatalogue) -> None:
    stall = cat.outlet("IITF26")
    assert stall.kind is OutletKind.STALL and stall.casual_taxable_person
    assert stall.state_code == "07" and stall.state_name_hi == "दिल्ली"
    assert is_valid_gstin(stall.gstin) and stall.gstin.startswith("07")
    assert (stall.valid_from, stall.valid_to) == (date(2026, 11, 14), date(2026, 11, 27))
    outlet = stall.to_outlet()
    assert [outlet.sells_on(date(2026, 11, d)) for d in (13, 14, 27, 28)] == [
        False, True, True, False]
    number, _ = next_number(outlet.invoice_series, None, FAIR_DAY)
    assert number.startswith("IITF1/2627/") and len(number) <= 16
    credit, _ = next_number(outlet.credit_series, None, FAIR_DAY)
    assert credit.startswith(stall.credit_note_prefix)


def test_outlets_print_bilingual_receipts_and_take_upi(cat: DemoCatalogue) -> None:
    prefixes = [x for o in cat.outlets for x in (o.series_prefix, o.credit_note_prefix)]
    assert len(set(prefixes)) == len(prefixes)
    for o in cat.outlets:
        assert re.fullmatch(r"[a-zA-Z0-9._-]+@[a-zA-Z]+", o.upi_vpa)
        assert DEVANAGARI.search(o.receipt_footer_hi) and DEVANAGARI.search(o.receipt_header_hi)
        assert "7 days" in o.receipt_footer_en and "7 दिन" in o.receipt_footer_hi
        assert o.name_hi and o.address_hi and o.legal_name


def test_demo_staff(cat: DemoCatalogue) -> None:
    by_name = {s.name_en: s for s in cat.staff}
    assert {n: (s.role, s.pin) for n, s in by_name.items()} == {
        "Meena": (Role.CASHIER, "1111"),
        "Suresh": (Role.CASHIER, "2222"),
        "Ramesh": (Role.MANAGER, "9999"),
    }
    outlet_ids = {o.outlet_id for o in cat.outlets}
    for s in cat.staff:
        assert set(s.outlet_ids) <= outlet_ids
        assert s.pin not in repr(s)
    assert "IITF26" in by_name["Meena"].outlet_ids


def test_staff_file_says_its_pins_are_demo_only() -> None:
    text = demo_data_dir().joinpath("staff.json").read_text(encoding="utf-8")
    comment = " ".join(json.loads(text)["_comment"])
    assert "DEMO DATA ONLY" in comment and "hash" in comment


def test_the_default_catalogue_is_loaded_once(cat: DemoCatalogue) -> None:
    assert load_demo_catalogue() is cat


# ----------------------------------------------------------------------------- bad data


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    source = demo_data_dir()
    assert isinstance(source, Path)
    target = tmp_path / "demo"
    shutil.copytree(source, target)
    return target


def edit_product(directory: Path, sku: str, changes: dict[str, str]) -> int:
    """Change one product row; return its row number as a spreadsheet shows it."""
    path = directory / "products.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    index = next(i for i, r in enumerate(rows) if r["sku"] == sku)
    rows[index].update(changes)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return index + 2


def test_a_copy_of_the_data_loads(data_dir: Path) -> None:
    assert load_demo_catalogue(data_dir) == load_demo_catalogue()


@pytest.mark.parametrize(("sku", "changes", "reason"), [
    ("CHN-SAR-0003", {"barcodes": "2000000100037"}, "not an EAN-13 with a valid check digit"),
    ("KUR-M-0002", {"mrp_inr": "2800"}, "dead band of rule APPAREL-62: price it at most "
                                         "2625.00 or at least 2950.01"),
    ("DHK-0001", {"supplier": "SUP99"}, "unknown supplier 'SUP99'"),
    ("DHK-0001", {"category": "pottery"}, "unknown category 'pottery'"),
    ("AGR-0001", {"hsn": "3307"}, "HSN '3307' must be 6 or 8 digits"),
    ("AGR-0001", {"unit": "DOZEN"}, "unit 'DOZEN' is not one of"),
    ("AGR-0001", {"mrp_inr": "60.505"}, "is not an amount"),
    ("AGR-0001", {"handicraft": "maybe"}, "handicraft must be yes or no"),
    ("GND-PNT-0001", {"handicraft": "no"}, "no tax rule for HSN 970191 (non-handicraft)"),
    ("GND-PNT-0001", {"name_hi": "Gond Painting"}, "has no Devanagari"),
    ("GND-PNT-0001", {"barcodes": ""}, "at least one barcode"),
    ("GND-PNT-0001", {"sku": "chn sar 1"}, "SKU 'chn sar 1'"),
    ("FUR-0002", {"sku": "FUR-0001"}, "duplicate SKU FUR-0001 (first on row"),
])
def test_a_bad_row_names_file_row_and_reason(data_dir: Path, sku: str,
                                             changes: dict[str, str], reason: str) -> None:
    row = edit_product(data_dir, sku, changes)
    with pytest.raises(DemoDataError) as caught:
        load_demo_catalogue(data_dir)
    error = caught.value
    assert (error.file, error.row) == ("products.csv", row)
    assert reason in error.reason
    assert str(error).startswith(f"products.csv, row {row}: ")


def test_a_barcode_used_twice_is_refused_on_the_second_row(data_dir: Path) -> None:
    cat = load_demo_catalogue()
    first = cat.product("CHN-SAR-0001").barcodes[0]
    row = edit_product(data_dir, "CND-0005", {"barcodes": first})
    with pytest.raises(DemoDataError, match=rf"row {row}: barcode {first} is already used on "
                                            r"row 2"):
        load_demo_catalogue(data_dir)


def test_a_missing_column_is_reported_on_the_header(data_dir: Path) -> None:
    path = data_dir / "products.csv"
    text = path.read_text(encoding="utf-8").replace(",barcodes\n", ",barcode\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"products.csv, row 1: .*missing: \['barcodes'\]"):
        load_demo_catalogue(data_dir)


def edit_json(directory: Path, file: str, key: str, index: int, **changes: object) -> None:
    path = directory / file
    document = json.loads(path.read_text(encoding="utf-8"))
    document[key][index].update(changes)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(("file", "key", "index", "changes", "reason"), [
    ("outlets.json", "outlets", 1, {"gstin": "07AABCM4821N1ZC"}, "not a valid GSTIN"),
    ("outlets.json", "outlets", 0, {"gstin": "07AABCM4821N1ZB"}, "registered in state 07"),
    ("outlets.json", "outlets", 1, {"valid_to": None}, "a stall needs valid_from and valid_to"),
    ("outlets.json", "outlets", 1, {"series_prefix": "BPL1A"}, "duplicate series prefix"),
    ("outlets.json", "outlets", 0, {"series_prefix": "0BPL"}, "bad_prefix"),
    ("staff.json", "staff", 2, {"outlet_ids": ["GOA1"]}, "unknown outlet_ids ['GOA1']"),
    ("staff.json", "staff", 1, {"pin": "1111"}, "same PIN"),
    ("staff.json", "staff", 1, {"role": "owner"}, "role must be one of"),
    ("suppliers.json", "suppliers", 4, {"gstin": "23AAEAB7043M1ZX"}, "not a valid GSTIN"),
    ("suppliers.json", "suppliers", 4, {"kind": "trader"}, "kind 'trader'"),
    ("tax_rules.json", "tax_rules", 4, {"rate_bp": None}, "whole number"),
    ("tax_rules.json", "tax_rules", 4, {"hsn_prefix": "6"}, "HSN prefix must be 2-8 digits"),
    ("tax_rules.json", "tax_rules", 4, {"hsn_prefix": "6214", "handicraft": True},
     "same HSN prefix 6214"),
    ("categories.json", "categories", 2, {"style": "pottery"}, "style 'pottery'"),
])
def test_a_bad_json_entry_names_file_entry_and_reason(
        data_dir: Path, file: str, key: str, index: int, changes: dict[str, object],
        reason: str) -> None:
    edit_json(data_dir, file, key, index, **changes)
    with pytest.raises(DemoDataError) as caught:
        load_demo_catalogue(data_dir)
    assert (caught.value.file, caught.value.row) == (file, index + 1)
    assert reason in caught.value.reason
