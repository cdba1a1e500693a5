"""Applying head office's catalogue: pages of changes, snapshots through staging tables, cut
downloads, validation, lookup by code and the tax rules, on real migrated SQLite files."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection

from pos.domain.cart import Cart, ProductLookup
from pos.domain.catalog import Unit
from pos.domain.gstin import gstin_check_char
from pos.domain.tax import DeadBandPolicy, PriceBand, TaxRule
from pos.store import catalogue as catalogue_module
from pos.store.catalogue import (
    CURSOR_KEY,
    CatalogueChange,
    CatalogueError,
    SqlCatalogue,
    apply_changes,
    catalogue_cursor,
    load_snapshot,
)
from pos.store.database import Store, open_store

DAY = date(2026, 1, 15)
GSTIN = "23ABCDE1234F1Z" + gstin_check_char("23ABCDE1234F1Z")


def product(pid: str, seq: int = 1, *, op: str = "upsert", **data: Any) -> CatalogueChange:
    if op == "delete":
        return CatalogueChange("product", pid, "delete", seq)
    values: dict[str, Any] = {
        "sku": f"SKU-{pid}", "name_en": f"Product {pid}", "name_hi": f"उत्पाद {pid}",
        "hsn": "500720", "unit": "PCS", "mrp": 100_000, "is_handicraft": False,
        "barcodes": [], "category_id": "sarees", "supplier_id": "SUP01", "active": True,
    }
    values.update(data)
    return CatalogueChange("product", pid, "upsert", seq, values)


def tax_rule(rule_id: str, seq: int = 1, **data: Any) -> CatalogueChange:
    values: dict[str, Any] = {"hsn_prefix": "50", "handicraft": None,
                              "effective_from": "2025-09-22", "effective_to": None,
                              "rate_bp": 500, "description": "Silk fabrics: 5 %"}
    values.update(data)
    return CatalogueChange("tax_rule", rule_id, "upsert", seq, values)


def band_rule(rule_id: str, seq: int = 1) -> CatalogueChange:
    return tax_rule(rule_id, seq, hsn_prefix="62", rate_bp=None, band={
        "threshold": 250_000, "low_bp": 500, "high_bp": 1800, "dead_band": "refuse"})


def supplier(sid: str, seq: int = 1, **data: Any) -> CatalogueChange:
    values: dict[str, Any] = {"name_en": "Chanderi Handloom Weavers' Cooperative Society",
                              "name_hi": "चंदेरी हाथकरघा बुनकर सहकारी समिति",
                              "kind": "weaver_society", "district": "Ashoknagar",
                              "gstin": GSTIN}
    values.update(data)
    return CatalogueChange("supplier", sid, "upsert", seq, values)


def category(cid: str, seq: int = 1, **data: Any) -> CatalogueChange:
    values: dict[str, Any] = {"name_en": "Sarees", "name_hi": "साड़ियाँ"}
    values.update(data)
    return CatalogueChange("category", cid, "upsert", seq, values)


BASE = [
    product("p1", barcodes=["2000000100012", "8901030865275"], sku="CHN-SAR-0001",
            name_en="Chanderi Silk Saree - Peacock Buti", name_hi="चंदेरी सिल्क साड़ी - मोर बूटी"),
    product("p2", barcodes=["2000000100029"], sku="GND-PNT-0001", hsn="970110",
            is_handicraft=True, name_en="Gond Painting - Tree of Life",
            name_hi="गोंड चित्र - जीवन वृक्ष"),
    product("p3", sku="Mhs-Fab-07", unit="MTR", name_en="Maheshwari Cotton Fabric",
            name_hi="माहेश्वरी सूती कपड़ा", hsn="520851"),
    product("p4", sku="OLD-0001", active=False, barcodes=["2000000100036"],
            name_en="Old Saree", name_hi="पुरानी साड़ी"),
    tax_rule("FABRIC-SILK-50"), band_rule("APPAREL-62"),
    tax_rule("HC-PAINTINGS-9701", hsn_prefix="9701", handicraft=True, rate_bp=500),
    tax_rule("COTTON-52", hsn_prefix="52", effective_from="2026-04-01"),
    supplier("SUP01"), supplier("SUP02", kind="artisan", gstin="", name_hi=""),
    category("sarees"), category("paintings", name_en="Paintings", name_hi="चित्र"),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "till.db")
    load_snapshot(store, BASE, cursor=100)
    yield store
    store.close()


def rows(store: Store, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(store.path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def index_is_consistent(store: Store) -> None:
    con = sqlite3.connect(store.path)
    try:
        con.execute("INSERT INTO product_search(product_search, rank) "
                    "VALUES ('integrity-check', 1)")
        (products,) = con.execute("SELECT count(*) FROM products").fetchone()
        (indexed,) = con.execute("SELECT count(*) FROM product_search_docsize").fetchone()
        assert products == indexed
    finally:
        con.close()


def cursor_of(store: Store) -> int | None:
    with store.reading() as conn:
        return catalogue_cursor(conn)


def apply(store: Store, changes: list[CatalogueChange], cursor: int) -> None:
    with store.transaction() as conn:
        apply_changes(conn, changes, cursor)


def product_ids(store: Store) -> set[str]:
    return {pid for (pid,) in rows(store, "SELECT product_id FROM products")}


# -- a snapshot -----------------------------------------------------------------------------------

def test_snapshot_loads_every_entity(store: Store) -> None:
    assert product_ids(store) == {"p1", "p2", "p3", "p4"}
    assert rows(store, "SELECT code, product_id FROM barcodes ORDER BY rowid") == [
        ("2000000100012", "p1"), ("8901030865275", "p1"), ("2000000100029", "p2"),
        ("2000000100036", "p4")]
    assert len(rows(store, "SELECT * FROM tax_rules")) == 4
    assert rows(store, "SELECT supplier_id, kind, gstin FROM suppliers ORDER BY 1") == [
        ("SUP01", "weaver_society", GSTIN), ("SUP02", "artisan", "")]
    assert rows(store, "SELECT category_id, name_hi FROM categories ORDER BY 1") == [
        ("paintings", "चित्र"), ("sarees", "साड़ियाँ")]
    assert rows(store, "SELECT value FROM settings WHERE key = ?", CURSOR_KEY) == [("100",)]
    assert cursor_of(store) == 100
    index_is_consistent(store)


def test_snapshot_result_counts(tmp_path: Path) -> None:
    store = open_store(tmp_path / "till.db")
    try:
        result = load_snapshot(store, BASE, cursor=100)
        assert (result.products, result.barcodes, result.tax_rules, result.suppliers,
                result.categories) == (4, 4, 4, 2, 2)
        assert (result.added, result.removed, result.renamed) == (4, 0, 0)
        again = load_snapshot(store, BASE, cursor=101)
        assert (again.added, again.removed, again.renamed, again.rebuilt_index) == (0, 0, 0,
                                                                                    False)
    finally:
        store.close()


@pytest.mark.parametrize("bulk", [False, True], ids=["row-by-row", "bulk-rebuild"])
def test_second_snapshot_swaps_by_difference(store: Store, bulk: bool,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    if bulk:
        monkeypatch.setattr(catalogue_module, "BULK_MIN_ROWS", 0)
    search = SqlCatalogue(store)
    assert [p.sku for p in search.search("peacock")] == ["CHN-SAR-0001"]
    new = [
        # p1 renamed and repriced, its second barcode moved to p5
        product("p1", 150, barcodes=["2000000100012"], sku="CHN-SAR-0001",
                name_en="Chanderi Silk Saree - Lotus Buti", name_hi="चंदेरी सिल्क साड़ी - कमल बूटी",
                mrp=120_000),
        # p2 and p3 swap SKUs
        product("p2", 150, barcodes=["2000000100029"], sku="Mhs-Fab-07", hsn="970110",
                is_handicraft=True, name_en="Gond Painting - Tree of Life",
                name_hi="गोंड चित्र - जीवन वृक्ष"),
        product("p3", 150, sku="GND-PNT-0001", unit="MTR", name_en="Maheshwari Cotton Fabric",
                name_hi="माहेश्वरी सूती कपड़ा", hsn="520851"),
        # p4 is gone; p5 is new
        product("p5", 150, barcodes=["8901030865275"], sku="BGH-0001",
                name_en="Bagh Print Bedsheet", name_hi="बाग़ प्रिंट चादर", hsn="630222"),
        tax_rule("FABRIC-SILK-50", rate_bp=1200), category("sarees"),
        supplier("SUP01"),
    ]
    result = load_snapshot(store, new, cursor=150)
    assert result.rebuilt_index is bulk
    assert (result.added, result.removed) == (1, 1)
    assert product_ids(store) == {"p1", "p2", "p3", "p5"}
    assert rows(store, "SELECT code, product_id FROM barcodes ORDER BY code") == [
        ("2000000100012", "p1"), ("2000000100029", "p2"), ("8901030865275", "p5")]
    assert rows(store, "SELECT product_id, sku FROM products WHERE product_id IN ('p2', 'p3') "
                "ORDER BY 1") == [("p2", "Mhs-Fab-07"), ("p3", "GND-PNT-0001")]
    assert rows(store, "SELECT mrp, change_seq FROM products WHERE product_id = 'p1'") == [
        (120_000, 150)]
    assert rows(store, "SELECT rule_id, rate_bp FROM tax_rules") == [("FABRIC-SILK-50", 1200)]
    assert rows(store, "SELECT supplier_id FROM suppliers") == [("SUP01",)]
    assert cursor_of(store) == 150
    # the search index follows: new names found, old ones not
    assert search.search("peacock") == []
    assert [p.sku for p in search.search("lotus")] == ["CHN-SAR-0001"]
    assert [p.sku for p in search.search("कमल")] == ["CHN-SAR-0001"]
    assert [p.sku for p in search.search("bedsheet")] == ["BGH-0001"]
    assert search.search("old saree") == []
    assert [p.product_id for p in search.search("gnd-pnt")] == ["p3"]
    assert search.tax_rules(DAY)[0].rate_bp == 1200
    index_is_consistent(store)


def test_triggers_survive_a_bulk_swap(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue_module, "BULK_MIN_ROWS", 0)
    before = rows(store, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY 1")
    load_snapshot(store, [product("p9", 5, name_en="Dhokra Horse")], cursor=200)
    assert rows(store, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "ORDER BY 1") == before
    apply(store, [product("p10", 201, name_en="Budni Rattle")], 201)  # kept by the trigger
    assert [p.product_id for p in SqlCatalogue(store).search("rattle")] == ["p10"]
    index_is_consistent(store)


def cut_download(changes: list[CatalogueChange], fraction: float) -> Iterator[CatalogueChange]:
    stop = int(len(changes) * fraction)
    for i, change in enumerate(changes):
        if i == stop:
            raise ConnectionResetError("connection reset by peer")
        yield change


def many_products(count: int, seq: int, prefix: str) -> list[CatalogueChange]:
    return [product(f"{prefix}{i}", seq, sku=f"{prefix.upper()}-{i:05d}",
                    name_en=f"{prefix} Brass Lamp {i}", name_hi=f"पीतल दीपक {i}")
            for i in range(count)]


@pytest.mark.parametrize("bulk", [False, True], ids=["row-by-row", "bulk-rebuild"])
def test_cut_download_leaves_the_old_catalogue(store: Store, bulk: bool,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    if bulk:
        monkeypatch.setattr(catalogue_module, "BULK_MIN_ROWS", 0)
    before = {table: rows(store, f"SELECT * FROM {table} ORDER BY 1")
              for table in ("products", "barcodes", "tax_rules", "suppliers", "categories",
                            "settings")}
    incoming = [tax_rule("NEW-RULE", 300, hsn_prefix="44"), *many_products(500, 300, "new")]
    with pytest.raises(ConnectionResetError):
        load_snapshot(store, cut_download(incoming, 0.8), cursor=300, batch_size=64)
    after = {table: rows(store, f"SELECT * FROM {table} ORDER BY 1") for table in before}
    assert after == before
    catalogue = SqlCatalogue(store)
    found = catalogue.by_code("2000000100012")
    assert found is not None
    assert found[0].sku == "CHN-SAR-0001"
    assert catalogue.search("lamp") == []
    assert [p.sku for p in catalogue.search("peacock")] == ["CHN-SAR-0001"]
    assert cursor_of(store) == 100
    index_is_consistent(store)
    # the same connection is reused and loads the full snapshot afterwards
    result = load_snapshot(store, incoming, cursor=300)
    assert result.products == 500
    assert len(catalogue.search("lamp", limit=1000)) == 500
    index_is_consistent(store)


def test_staging_does_not_lock_the_till(store: Store, tmp_path: Path) -> None:
    """A slow download must not stop a sale from being saved meanwhile."""
    saved: list[str] = []

    def slow_download() -> Iterator[CatalogueChange]:
        for i, change in enumerate(many_products(200, 300, "lamp")):
            if i == 100:
                other = sqlite3.connect(store.path, timeout=0.5, isolation_level=None)
                try:
                    other.execute("BEGIN IMMEDIATE")
                    other.execute("INSERT INTO settings (key, value) VALUES ('sale', 'saved')")
                    other.execute("COMMIT")
                    saved.append("yes")
                finally:
                    other.close()
            yield change

    load_snapshot(store, slow_download(), cursor=300)
    assert saved == ["yes"]
    assert rows(store, "SELECT value FROM settings WHERE key = 'sale'") == [("saved",)]


def test_readers_are_not_blocked_by_a_writer(store: Store) -> None:
    catalogue = SqlCatalogue(store)
    with store.transaction() as conn:  # holds the write lock, as a snapshot swap would
        conn.exec_driver_sql("UPDATE products SET mrp = 1 WHERE product_id = 'p1'")
        result: list[object] = []
        reader = threading.Thread(target=lambda: result.append(catalogue.by_code("CHN-SAR-0001")))
        reader.start()
        reader.join(timeout=5)
        assert not reader.is_alive()
        found = result[0]
        assert isinstance(found, tuple)
        assert found[0].mrp == 100_000  # the committed catalogue, not the pending write


@pytest.mark.parametrize("bad", [
    product("p9", sku=""),
    product("p9", hsn="5007"),
    CatalogueChange("product", "p9", "delete", 1),
    CatalogueChange("product", "p9", "upsert", 101, {"sku": "X"}),
])
def test_bad_snapshot_row_changes_nothing(store: Store, bad: CatalogueChange) -> None:
    before = rows(store, "SELECT * FROM products ORDER BY 1")
    with pytest.raises(CatalogueError) as caught:
        load_snapshot(store, [*many_products(50, 1, "lamp"), bad], cursor=100)
    assert caught.value.entity == "product"
    assert caught.value.entity_id == "p9"
    assert rows(store, "SELECT * FROM products ORDER BY 1") == before


@pytest.mark.parametrize("rows_", [
    [product("p9", sku="A"), product("p9", sku="B")],
    [product("p8", sku="SAME"), product("p9", sku="SAME")],
    [product("p8", barcodes=["2000000100012"]), product("p9", barcodes=["2000000100012"])],
    [tax_rule("R"), tax_rule("R")],
], ids=["same-id", "same-sku", "same-barcode", "same-rule"])
def test_snapshot_duplicates_are_refused(store: Store, rows_: list[CatalogueChange]) -> None:
    with pytest.raises(CatalogueError):
        load_snapshot(store, rows_, cursor=200)
    assert cursor_of(store) == 100


def test_snapshot_row_count_is_checked(store: Store) -> None:
    with pytest.raises(CatalogueError, match="3 announced"):
        load_snapshot(store, [product("p9"), product("p10")], cursor=200, expected_rows=3)
    assert product_ids(store) == {"p1", "p2", "p3", "p4"}
    load_snapshot(store, [product("p9"), product("p10")], cursor=200, expected_rows=2)
    assert product_ids(store) == {"p9", "p10"}


# -- pages of changes -----------------------------------------------------------------------------

def test_page_applies_upserts_and_tombstones(store: Store) -> None:
    apply(store, [
        product("p1", 101, barcodes=["2000000100043"], sku="CHN-SAR-0001",
                name_en="Chanderi Silk Saree - Swan Buti", name_hi="चंदेरी सिल्क साड़ी - हंस बूटी",
                mrp=99_900),
        product("p2", 102, op="delete"),
        product("p6", 103, barcodes=["2000000100050"], name_en="Dhokra Elephant"),
        tax_rule("FABRIC-SILK-50", 104, rate_bp=1200),
        CatalogueChange("tax_rule", "APPAREL-62", "delete", 105),
        supplier("SUP03", 106, kind="ssi_unit", gstin=""),
        CatalogueChange("supplier", "SUP02", "delete", 107),
        category("toys", 108, name_en="Toys", name_hi="खिलौने"),
        CatalogueChange("category", "paintings", "delete", 109),
    ], cursor=110)
    assert product_ids(store) == {"p1", "p3", "p4", "p6"}
    # upserting a product replaced its barcodes; the tombstone took p2's with it
    assert rows(store, "SELECT code, product_id FROM barcodes ORDER BY code") == [
        ("2000000100036", "p4"), ("2000000100043", "p1"), ("2000000100050", "p6")]
    assert rows(store, "SELECT rule_id, rate_bp FROM tax_rules ORDER BY 1") == [
        ("COTTON-52", 500), ("FABRIC-SILK-50", 1200), ("HC-PAINTINGS-9701", 500)]
    assert rows(store, "SELECT supplier_id FROM suppliers ORDER BY 1") == [("SUP01",),
                                                                          ("SUP03",)]
    assert rows(store, "SELECT category_id FROM categories ORDER BY 1") == [("sarees",),
                                                                           ("toys",)]
    assert cursor_of(store) == 110
    catalogue = SqlCatalogue(store)
    assert catalogue.by_code("2000000100012") is None
    assert catalogue.by_code("2000000100029") is None
    assert [p.sku for p in catalogue.search("swan")] == ["CHN-SAR-0001"]
    assert catalogue.search("peacock") == []
    assert catalogue.search("gond") == []
    index_is_consistent(store)


def test_tombstone_keeps_sale_history(store: Store) -> None:
    with store.transaction() as conn:
        conn.exec_driver_sql(
            "INSERT INTO outlets (outlet_id, kind, name_en, name_hi, gstin, state_code, "
            "invoice_prefix, credit_prefix) VALUES ('BPL1', 'outlet', 'Bhopal', 'भोपाल', "
            "?, '23', 'BPL1A', 'BPL1C')", (GSTIN,))
        conn.exec_driver_sql(
            "INSERT INTO day_sessions (day_id, outlet_id, business_date, opened_at, opened_by) "
            "VALUES ('d1', 'BPL1', '2026-01-15', '2026-01-15T04:00:00+00:00', 'st1')")
        conn.exec_driver_sql(
            "INSERT INTO sales (sale_id, invoice_no, day_id, business_date, created_at, "
            "staff_id, outlet_id, supply, place_of_supply, line_count) VALUES ('s1', "
            "'BPL1A/2526/00001', 'd1', '2026-01-15', '2026-01-15T05:00:00+00:00', 'st1', "
            "'BPL1', 'intra', '23', 1)")
        conn.exec_driver_sql(
            "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, barcode, name_en, "
            "name_hi, hsn, unit, is_handicraft, rule_id, qty_milli, rate_bp) VALUES ('s1', 1, "
            "'p1', 'CHN-SAR-0001', '2000000100012', 'Chanderi Silk Saree - Peacock Buti', "
            "'चंदेरी सिल्क साड़ी - मोर बूटी', '500720', 'PCS', 0, 'FABRIC-SILK-50', 1000, 500)")
    line = rows(store, "SELECT * FROM sale_lines")
    apply(store, [product("p1", 101, op="delete")], 101)
    assert "p1" not in product_ids(store)
    assert rows(store, "SELECT * FROM sale_lines") == line


def test_price_change_leaves_the_search_entry_alone(store: Store) -> None:
    before = dict(rows(store, "SELECT product_id, rowid FROM products"))
    apply(store, [
        product("p1", 101, barcodes=["2000000100012"], sku="CHN-SAR-0001",
                name_en="Chanderi Silk Saree - Peacock Buti", name_hi="चंदेरी सिल्क साड़ी - मोर बूटी",
                mrp=75_000, active=False),
        product("p2", 102, barcodes=["2000000100029"], sku="GND-PNT-0001", hsn="970110",
                is_handicraft=True, name_en="Gond Painting - Deer",
                name_hi="गोंड चित्र - हिरण"),
    ], 102)
    after = dict(rows(store, "SELECT product_id, rowid FROM products"))
    assert after["p1"] == before["p1"]  # updated in place: no trigger, same index entry
    assert rows(store, "SELECT mrp, active, change_seq FROM products WHERE product_id = 'p1'") \
        == [(75_000, 0, 101)]
    assert rows(store, "SELECT code FROM barcodes WHERE product_id = 'p1'") == [
        ("2000000100012",)]
    catalogue = SqlCatalogue(store)
    assert catalogue.search("peacock") == []  # inactive now
    assert [p.product_id for p in catalogue.search("deer")] == ["p2"]
    assert catalogue.search("tree of life") == []
    index_is_consistent(store)


def test_cursor_is_stored_in_the_callers_transaction(store: Store) -> None:
    with pytest.raises(RuntimeError, match="caller fails later"), store.transaction() as conn:
        apply_changes(conn, [product("p9", 101)], 101)
        assert catalogue_cursor(conn) == 101
        raise RuntimeError("caller fails later")
    assert cursor_of(store) == 100
    assert "p9" not in product_ids(store)
    index_is_consistent(store)


def test_a_database_error_mid_page_rolls_back_to_the_savepoint(store: Store) -> None:
    with store.transaction() as conn:
        conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('mine', 'kept')")
        conn.exec_driver_sql(
            "CREATE TEMP TRIGGER refuse AFTER INSERT ON barcodes WHEN new.code = '2000000100067' "
            "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
        with pytest.raises(Exception, match="disk says no"):
            apply_changes(conn, [product("p1", 101, op="delete"),
                                 product("p9", 102, barcodes=["2000000100067"])], 102)
        conn.exec_driver_sql("DROP TRIGGER temp.refuse")
    assert rows(store, "SELECT value FROM settings WHERE key = 'mine'") == [("kept",)]
    assert product_ids(store) == {"p1", "p2", "p3", "p4"}
    assert cursor_of(store) == 100
    index_is_consistent(store)


def test_changes_already_applied_are_skipped(store: Store) -> None:
    apply(store, [product("p1", 101, name_en="New Name")], 101)
    # the same page again, then an older change that arrives late: nothing goes backwards
    apply(store, [product("p1", 101, name_en="New Name"),
                  product("p1", 90, name_en="Ancient Name")], 101)
    apply(store, [product("p1", 95, name_en="Ancient Name"), product("p2", 99, op="delete"),
                  tax_rule("FABRIC-SILK-50", 100, rate_bp=1)], 101)
    assert rows(store, "SELECT name_en FROM products WHERE product_id = 'p1'") == [("New Name",)]
    assert "p2" in product_ids(store)
    assert rows(store, "SELECT rate_bp FROM tax_rules WHERE rule_id = 'FABRIC-SILK-50'") == [
        (500,)]
    assert cursor_of(store) == 101


def test_within_a_page_the_latest_change_wins(store: Store) -> None:
    apply(store, [product("p9", 103, name_en="Third"), product("p9", 101, name_en="First"),
                  product("p8", 102, op="delete"), product("p8", 101, name_en="Gone later")],
          103)
    assert rows(store, "SELECT name_en FROM products WHERE product_id = 'p9'") == [("Third",)]
    assert "p8" not in product_ids(store)


def test_skus_and_barcodes_may_swap_within_a_page(store: Store) -> None:
    apply(store, [
        product("p1", 101, sku="GND-PNT-0001", barcodes=["2000000100029"]),
        product("p2", 102, sku="CHN-SAR-0001", barcodes=["2000000100012"], hsn="970110"),
    ], 102)
    catalogue = SqlCatalogue(store)
    found = catalogue.by_code("2000000100029")
    assert found is not None
    assert (found[0].product_id, found[0].sku) == ("p1", "GND-PNT-0001")
    index_is_consistent(store)


def test_newer_change_takes_a_barcode_or_sku_from_an_older_product(store: Store) -> None:
    # p1's own change (dropping the barcode) is on the next page; p5's newer change wins now
    apply(store, [product("p5", 101, barcodes=["8901030865275"])], 101)
    assert rows(store, "SELECT product_id FROM barcodes WHERE code = '8901030865275'") == [
        ("p5",)]
    assert rows(store, "SELECT code FROM barcodes WHERE product_id = 'p1'") == [
        ("2000000100012",)]
    # a SKU taken by a newer change: the older holder waits for its own change
    apply(store, [product("p6", 102, sku="GND-PNT-0001")], 102)
    assert "p2" not in product_ids(store)
    apply(store, [product("p2", 103, sku="GND-PNT-0002")], 103)
    assert {"p2", "p6"} <= product_ids(store)
    index_is_consistent(store)


def test_clash_with_a_newer_product_is_refused(store: Store) -> None:
    # Cannot happen with a consistent server (the holder would be newer than the cursor);
    # if it does, the page is refused rather than guessing.
    with store.transaction() as conn:
        conn.exec_driver_sql("UPDATE products SET change_seq = 999 WHERE product_id = 'p2'")
    with pytest.raises(CatalogueError, match="changed later"):
        apply(store, [product("p6", 101, sku="GND-PNT-0001")], 101)
    with pytest.raises(CatalogueError, match="changed later"):
        apply(store, [product("p6", 101, barcodes=["2000000100029"])], 101)
    assert "p6" not in product_ids(store)
    assert cursor_of(store) == 100


def test_names_are_stored_nfc(store: Store) -> None:
    apply(store, [product("p9", 101, name_hi="चंदेरी सा\u095cी", name_en="  Chanderi   Saree ")],
          101)
    assert rows(store, "SELECT name_en, name_hi FROM products WHERE product_id = 'p9'") == [
        ("Chanderi Saree", "चंदेरी सा\u0921\u093cी")]


BAD_ROWS = [
    (product("p9", sku=""), "sku is empty"),
    (product("p9", sku=None), "sku is missing"),
    (product("p9", name_en="   "), "name_en is empty"),
    (product("p9", name_en=42), "name_en must be text"),
    (product("p9", name_en="Tab\there"), None),  # whitespace collapses: accepted
    (product("p9", name_en="Bell\x07"), "control characters"),
    (product("p9", hsn="5007"), "HSN"),
    (product("p9", unit="DOZEN"), "unknown unit"),
    (product("p9", mrp=-1), "mrp must be between 0 and"),
    (product("p9", mrp=2**70), "mrp must be between 0 and"),
    (product("p9", mrp=999.5), "whole number"),
    (product("p9", mrp="999"), "whole number"),
    (product("p9", mrp=True), "whole number"),
    (product("p9", is_handicraft="yes"), "true or false"),
    (product("p9", barcodes="2000000100012"), "list of text"),
    (product("p9", barcodes=["2000000100013"]), "not valid"),  # bad check digit
    (product("p9", barcodes=["ABC 123"]), "not valid"),
    (product("p9", barcodes=["A" * 33]), "not valid"),
    (product("p9", barcodes=["INTERNAL-7", "INTERNAL-7"]), "twice"),
    (product("p9", product_id="p10"), "differs"),
    (CatalogueChange("product", "p9", "upsert", 101, None), "without data"),
    (CatalogueChange("product", " p9", "upsert", 101, {}), "surrounding spaces"),
    (CatalogueChange("product", "", "delete", 101), "id must be"),
    (CatalogueChange("outlet", "o1", "upsert", 101, {}), "unknown entity"),
    (CatalogueChange("product", "p9", "merge", 101, {}), "unknown op"),  # type: ignore[arg-type]
    (tax_rule("R9", rate_bp=500, band={"threshold": 250_000, "low_bp": 500, "high_bp": 1800}),
     "either a flat rate or a band"),
    (tax_rule("R9", rate_bp=None), "either a flat rate or a band"),
    (tax_rule("R9", rate_bp=None, band={"threshold": 250_000, "low_bp": 1800, "high_bp": 500}),
     "low rate < high rate"),
    (tax_rule("R9", rate_bp=None, band={"threshold": "2500.00", "low_bp": 5, "high_bp": 18}),
     "whole number"),
    (tax_rule("R9", rate_bp=None, band={"threshold": 1, "low_bp": 5, "high_bp": 18,
                                        "dead_band": "split"}), "dead_band"),
    (tax_rule("R9", rate_bp=20_000), "rate out of range"),
    (tax_rule("R9", hsn_prefix="5"), "HSN prefix"),
    (tax_rule("R9", effective_from="22/09/2025"), "YYYY-MM-DD"),
    (tax_rule("R9", effective_to="2025-01-01"), "ends before it starts"),
    (tax_rule("R9", handicraft="no"), "true or false"),
    (supplier("S9", kind="trader"), "unknown supplier kind"),
    (supplier("S9", gstin="23ABCDE1234F1Z0"), "GSTIN"),
    (category("c9", name_en=""), "name_en is empty"),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_ROWS,
                         ids=[f"{i}-{r}" for i, (_b, r) in enumerate(BAD_ROWS)])
def test_bad_row_refuses_the_whole_page(store: Store, bad: CatalogueChange,
                                        reason: str | None) -> None:
    bad = CatalogueChange(bad.entity, bad.id, bad.op, 105, bad.data)
    page = [product("p1", 101, op="delete"), product("p7", 102, name_en="Good Row"), bad,
            tax_rule("GOOD", 106)]
    before = {table: rows(store, f"SELECT * FROM {table} ORDER BY 1")
              for table in ("products", "barcodes", "tax_rules", "suppliers", "categories",
                            "settings")}
    if reason is None:
        apply(store, page, 110)
        return
    with pytest.raises(CatalogueError) as caught:
        apply(store, page, 110)
    assert caught.value.entity == bad.entity
    assert caught.value.entity_id == bad.id
    assert reason in caught.value.reason
    assert bad.entity in str(caught.value)
    assert repr(bad.id) in str(caught.value)
    after = {table: rows(store, f"SELECT * FROM {table} ORDER BY 1") for table in before}
    assert after == before


@pytest.mark.parametrize(("changes", "cursor", "reason"), [
    ([product("p9", 120)], 110, "beyond the page's cursor"),
    ([], 90, "goes backwards"),
    ([], -1, "whole number"),
])
def test_bad_page_is_refused(store: Store, changes: list[CatalogueChange], cursor: int,
                             reason: str) -> None:
    with pytest.raises(CatalogueError, match=reason):
        apply(store, changes, cursor)
    assert cursor_of(store) == 100


def test_clash_inside_a_page_is_refused(store: Store) -> None:
    with pytest.raises(CatalogueError, match="also given to product"):
        apply(store, [product("p8", 101, sku="SAME"), product("p9", 102, sku="SAME")], 102)
    with pytest.raises(CatalogueError, match="also given to product"):
        apply(store, [product("p8", 101, barcodes=["2000000100074"]),
                      product("p9", 102, barcodes=["2000000100074"])], 102)


def test_from_wire() -> None:
    change = CatalogueChange.from_wire({"entity": "product", "id": "p1", "op": "delete",
                                        "change_seq": 7, "data": None})
    assert change == CatalogueChange("product", "p1", "delete", 7)
    for bad in ({"entity": "outlet", "id": "x"}, {"entity": "product", "id": 5},
                {"entity": "product", "id": "p1", "op": "patch"},
                {"entity": "product", "id": "p1", "change_seq": "7"},
                {"entity": "product", "id": "p1", "data": [1, 2]}):
        with pytest.raises(CatalogueError):
            CatalogueChange.from_wire(bad)


# -- lookup and tax rules -------------------------------------------------------------------------

def test_by_code_barcode_then_sku(store: Store) -> None:
    catalogue = SqlCatalogue(store)
    found = catalogue.by_code("8901030865275")
    assert found is not None
    p1, code = found
    assert code == "8901030865275"
    assert p1.product_id == "p1"
    assert p1.barcodes == ("2000000100012", "8901030865275")
    assert p1.unit is Unit.PCS
    assert p1.category == "sarees"
    assert p1.supplier_id == "SUP01"
    assert catalogue.by_code(" CHN-SAR-0001\n") == (p1, "")
    assert catalogue.by_code("chn-sar-0001") == (p1, "")
    p3 = catalogue.get_product("p3")
    assert p3 is not None
    assert p3.unit is Unit.MTR
    for code in ("Mhs-Fab-07", "MHS-FAB-07", "mhs-fab-07", "mHS-fAB-07"):
        assert catalogue.by_code(code) == (p3, ""), code
    assert catalogue.by_code("2000000100098") is None
    assert catalogue.by_code("") is None
    assert catalogue.by_code("   ") is None
    assert catalogue.by_code("MHS-FAB-0") is None
    assert catalogue.get_product("nope") is None


def test_inactive_products_are_found_by_code_but_not_searched(store: Store) -> None:
    catalogue = SqlCatalogue(store)
    found = catalogue.by_code("2000000100036")
    assert found is not None
    assert found[0].active is False
    assert catalogue.search("old saree") == []


def test_sql_catalogue_is_a_product_lookup_for_the_cart(store: Store) -> None:
    catalogue = SqlCatalogue(store)
    lookup: ProductLookup = catalogue
    cart = Cart(sale_date=DAY)
    line = cart.add_code("2000000100012", lookup, catalogue.tax_rules(DAY))
    assert line.product.rule.rule_id == "FABRIC-SILK-50"
    assert line.product.barcode == "2000000100012"
    line = cart.add_code("gnd-pnt-0001", lookup, catalogue.tax_rules(DAY))
    assert line.product.rule.rule_id == "HC-PAINTINGS-9701"


def test_tax_rules_round_trip_and_filter_by_date(store: Store) -> None:
    catalogue = SqlCatalogue(store)
    rules = {rule.rule_id: rule for rule in catalogue.tax_rules(DAY)}
    assert set(rules) == {"FABRIC-SILK-50", "APPAREL-62", "HC-PAINTINGS-9701"}  # not COTTON yet
    assert rules["APPAREL-62"] == TaxRule(
        "APPAREL-62", "62", date(2025, 9, 22), None, None, None,
        PriceBand(250_000, 500, 1800, DeadBandPolicy.REFUSE), "Silk fabrics: 5 %")
    assert rules["HC-PAINTINGS-9701"].handicraft is True
    assert {r.rule_id for r in catalogue.tax_rules(date(2026, 4, 1))} >= {"COTTON-52"}


def test_tax_rules_are_cached_and_reloaded_after_a_change(store: Store) -> None:
    catalogue = SqlCatalogue(store)
    first = catalogue.tax_rules(DAY)
    assert catalogue.tax_rules(DAY) == first
    cached = catalogue._rules
    catalogue.tax_rules(DAY)
    assert catalogue._rules is cached  # not reloaded
    apply(store, [tax_rule("FABRIC-SILK-50", 101, rate_bp=1200)], 101)
    rates = {r.rule_id: r.rate_bp for r in catalogue.tax_rules(DAY)}
    assert rates["FABRIC-SILK-50"] == 1200
    load_snapshot(store, [tax_rule("ONLY", 5)], cursor=200)
    assert [r.rule_id for r in catalogue.tax_rules(DAY)] == ["ONLY"]


def test_catalogue_on_a_connection_sees_its_transaction(store: Store) -> None:
    with store.transaction() as conn:
        apply_changes(conn, [product("p9", 101, name_en="Dhokra Horse",
                                     barcodes=["2000000100081"])], 101)
        inside = SqlCatalogue(conn)
        found = inside.by_code("2000000100081")
        assert found is not None
        assert [p.product_id for p in inside.search("dhokra")] == ["p9"]
        assert [p.product_id for p in inside.search("dh")] == ["p9"]
        assert [p.product_id for p in inside.search("h")] == []
        assert isinstance(conn, Connection)
    assert SqlCatalogue(store).by_code("2000000100081") is not None
