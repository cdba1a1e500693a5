"""Catalogue import from Excel and CSV: 3,000 products, eleven bad rows, nothing applied until
the sheet is clean or the clean rows are asked for (STORIES.md, the catalogue team)."""

from __future__ import annotations

import csv
import itertools
import subprocess
import sys
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from headoffice.catalog import CatalogWriter, catalog_head
from headoffice.clock import india_date, now_utc
from headoffice.importer import COLUMNS, import_products
from pos.demo import generate_catalogue
from pos.domain.barcode import in_store_ean13
from pos.domain.catalog import Unit
from pos.domain.money import to_decimal_string
from pos.sync.protocol import ProductData
from tests.headoffice.conftest import HQ, ROOT

TAKEN = in_store_ean13(424242, "29")  # a barcode head office already gave EXTRA-0001


def hold_a_barcode(hq: HQ) -> None:
    with hq.engine.begin() as conn:
        CatalogWriter(conn).put("product", [ProductData(
            product_id="extra-1", sku="EXTRA-0001", name_en="Extra", name_hi="अतिरिक्त",
            hsn="500720", unit=Unit.PCS, mrp=100_000, is_handicraft=False, barcodes=[TAKEN],
            category_id="sarees", supplier_id="SUP01")])


def sheet_rows() -> tuple[list[list[Any]], dict[int, str]]:
    """3,000 generated products as sheet rows, with eleven broken on purpose: spreadsheet row
    number → a word the reason must contain."""
    rows = []
    for p in itertools.islice(generate_catalogue(3000, seed=11), 3000):
        rows.append([p.sku, p.name_en, p.name_hi, p.category, p.hsn, p.unit.value,
                     to_decimal_string(p.mrp), "yes" if p.is_handicraft else "no",
                     p.supplier_id, " ".join(p.barcodes)])
    kurta = next(i for i, r in enumerate(rows) if r[4].startswith("62") and i > 100)
    broken = {
        10: (8, "SUP99", "unknown supplier"),
        50: (9, rows[50][9][:-1] + str((int(rows[50][9][-1]) + 1) % 10), "check digit"),
        kurta: (6, "2800", "dead band"),
        300: (4, "5007", "HSN"),
        400: (9, rows[401][9], "also on row"),
        500: (3, "no-such-category", "unknown category"),
        600: (6, "12,34.5", "not an amount"),
        700: (7, "maybe", "handicraft"),
        800: (0, rows[801][0], "SKU also on row"),
        900: (9, TAKEN, "belongs to EXTRA-0001"),
        1000: (4, "999999", "no GST rule"),
    }
    expected: dict[int, str] = {}
    for index, (column, value, reason) in broken.items():
        rows[index][column] = value
        expected[index + 2 if index not in (400, 800) else index + 3] = reason
    return rows, expected


def write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for row in rows:
        # Excel holds MRPs as numbers, as a person types them in
        sheet.append([*row[:6], float(row[6]) if row[6].replace(".", "").isdigit() else row[6],
                      *row[7:]])
    book.save(path)


def write_csv(path: Path, rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        out.writerows(rows)


def head(hq: HQ) -> int:
    with hq.engine.connect() as conn:
        return catalog_head(conn)[0]


def test_a_sheet_with_bad_rows_applies_nothing_until_asked(hq: HQ, tmp_path: Path) -> None:
    hold_a_barcode(hq)
    rows, expected = sheet_rows()
    path = tmp_path / "new-products.xlsx"
    write_xlsx(path, rows)
    before, products = head(hq), hq.scalar("SELECT count(*) FROM products")
    today = india_date(now_utc())
    with hq.engine.begin() as conn:
        report = import_products(conn, path, today)
    assert report.rows == 3000 and not report.ok
    found = {bad.row: bad.text() for bad in report.bad}
    assert set(found) == set(expected), (found, expected)
    for row, word in expected.items():
        assert word in found[row], (row, found[row])
    assert "price it at most 2625.00 or at least 2950.01" in " ".join(found.values())
    assert report.applied == 0 and head(hq) == before
    assert hq.scalar("SELECT count(*) FROM products") == products

    existing = {sku for (sku,) in hq.rows("SELECT sku FROM products")}
    with hq.engine.begin() as conn:
        report = import_products(conn, path, today, clean_only=True)
    assert len(report.clean) == 3000 - 11
    # The generated sheet starts with the demo products themselves: those publish nothing.
    assert report.applied >= 3000 - 11 - len(existing)
    assert head(hq) == before + report.applied
    assert hq.scalar("SELECT count(*) FROM products") == \
        products + len({p.sku for p in report.clean} - existing)
    with hq.engine.begin() as conn:
        again = import_products(conn, path, today, clean_only=True)
    assert again.applied == 0 and head(hq) == before + report.applied  # nothing changed


def test_import_from_the_command_line(hq: HQ, tmp_path: Path) -> None:
    rows, expected = sheet_rows()
    bad = len([row for row in expected if row <= 201])
    path = tmp_path / "new-products.csv"
    write_csv(path, rows[:200])

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "headoffice", "import", str(path), *extra],
                              cwd=ROOT, env=hq.backend.env, capture_output=True, text=True,
                              timeout=120, check=False)

    refused = run()
    assert refused.returncode == 1
    assert "row 12 (" in refused.stdout and "unknown supplier 'SUP99'" in refused.stdout
    assert "nothing was applied" in refused.stdout
    applied = run("--clean-only")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert f"200 rows: {200 - bad} clean, {bad} with errors" in applied.stdout
    write_csv(path, [])
    path.write_text("sku,name\nX,Y\n", encoding="utf-8")
    assert run().returncode == 2
