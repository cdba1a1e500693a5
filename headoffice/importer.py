"""Importing products from a CSV or Excel sheet, with a validation report.

The sheet has the columns of ``resources/demo/products.csv``: ``sku, name_en, name_hi,
category, hsn, unit, mrp_inr, handicraft, supplier, barcodes`` (header on row 1; barcodes
separated by spaces or ``|``). Every row is checked the way the tills would need it: SKU, names,
known category and supplier, 6- or 8-digit HSN, unit, an MRP that is money, a GST rule for the
HSN and handicraft flag today, an MRP outside a price band's dead band (the report names the
nearest valid prices), EAN-13 check digits, and barcodes and SKUs used twice in the sheet or
held by another product. Rows are numbered as a spreadsheet shows them.

Nothing is applied while any row is bad, unless ``clean_only`` is asked for: then the clean
rows are applied and the bad ones listed. Either way it is one transaction, and unchanged rows
publish nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from headoffice.catalog import CatalogWriter, tax_rules, valid_barcode
from headoffice.db import schema as t
from pos.demo.catalogue import product_id_for
from pos.domain.catalog import Unit, normalize_text, valid_hsn
from pos.domain.money import MoneyParseError, parse_money, to_decimal_string
from pos.domain.tax import QTY_SCALE, DeadBandPrice, NoTaxRule, rate_for, select_rule
from pos.sync.protocol import ProductData

COLUMNS = ("sku", "name_en", "name_hi", "category", "hsn", "unit", "mrp_inr", "handicraft",
           "supplier", "barcodes")
_SKU = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,31}$")


@dataclass(frozen=True, slots=True)
class BadRow:
    row: int
    sku: str
    reasons: tuple[str, ...]


@dataclass
class ImportReport:
    rows: int = 0
    bad: list[BadRow] = field(default_factory=list)
    clean: list[ProductData] = field(default_factory=list)
    applied: int = 0  # products published (changed or new)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.bad and not self.file_error

    def lines(self) -> list[str]:
        if self.file_error:
            return [f"the file cannot be read: {self.file_error}"]
        out = [f"row {b.row} ({b.sku or 'no SKU'}): {'; '.join(b.reasons)}" for b in self.bad]
        out.append(f"{self.rows} rows: {len(self.clean)} clean, {len(self.bad)} with errors; "
                   f"{self.applied} products published")
        return out


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """``(spreadsheet row number, {column: text})`` from a .csv or .xlsx file."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(c or "").strip().lower() for c in next(rows, ())]
        _check_header(header)
        for number, values in enumerate(rows, start=2):
            cells = ["" if v is None else _cell(v) for v in values]
            if any(cells):
                yield number, dict(zip(header, cells, strict=False))
        book.close()
        return
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    _check_header(header)
    for values in reader:
        if any(v.strip() for v in values):
            yield reader.line_num, dict(zip(header, (v.strip() for v in values), strict=False))


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps 4725 as 4725.0 and a barcode as a number
    return str(value).strip()


def _check_header(header: list[str]) -> None:
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)} (need {', '.join(COLUMNS)})")


def validate(conn: Connection, path: Path, on: date) -> ImportReport:
    report = ImportReport()
    try:
        rows = list(read_rows(path))
    except (ValueError, OSError, KeyError) as exc:
        report.file_error = str(exc)
        return report
    report.rows = len(rows)
    categories = set(conn.execute(select(t.categories.c.category_id)).scalars())
    suppliers = set(conn.execute(select(t.suppliers.c.supplier_id)).scalars())
    rules = tuple(tax_rules(conn, include_withdrawn=False).values())
    ids_by_sku = dict(conn.execute(select(t.products.c.sku, t.products.c.product_id))
                      .tuples().all())
    sku_of_id = {pid: sku for sku, pid in ids_by_sku.items()}
    held = dict(conn.execute(select(t.barcodes.c.code, t.barcodes.c.product_id)).tuples().all())
    seen_sku: dict[str, int] = {}
    seen_code: dict[str, int] = {}
    for number, row in rows:
        reasons: list[str] = []
        sku = row.get("sku", "").strip().upper()
        if not _SKU.match(sku):
            reasons.append(f"SKU {sku!r}: 3-32 characters of A-Z, 0-9 and '-'")
        elif sku in seen_sku:
            reasons.append(f"SKU also on row {seen_sku[sku]}")
        seen_sku.setdefault(sku, number)
        product_id = ids_by_sku.get(sku) or product_id_for(sku)
        name_en, name_hi = normalize_text(row.get("name_en", "")), normalize_text(
            row.get("name_hi", ""))
        if not name_en:
            reasons.append("English name missing")
        if not any("\u0900" <= ch <= "\u097f" for ch in name_hi):
            reasons.append("Hindi name missing (Devanagari)")
        category, supplier = row.get("category", "").strip(), row.get("supplier", "").strip()
        if category not in categories:
            reasons.append(f"unknown category {category!r}")
        if supplier not in suppliers:
            reasons.append(f"unknown supplier {supplier!r}")
        hsn = row.get("hsn", "").strip()
        if not valid_hsn(hsn):
            reasons.append(f"bad HSN {hsn!r}: 6 or 8 digits")
        unit_text = row.get("unit", "").strip().upper()
        unit = Unit(unit_text) if unit_text in Unit.__members__ else None
        if unit is None:
            reasons.append(f"unknown unit {unit_text!r}")
        mrp: int | None = None
        try:
            mrp = parse_money(row.get("mrp_inr", ""))
            if mrp <= 0:
                reasons.append("MRP must be more than zero")
                mrp = None
        except MoneyParseError as exc:
            reasons.append(f"MRP {row.get('mrp_inr', '')!r} is not an amount ({exc.code})")
        flag = row.get("handicraft", "").strip().lower()
        if flag not in ("yes", "no"):
            reasons.append(f"handicraft must be yes or no, not {flag!r}")
        codes = row.get("barcodes", "").replace("|", " ").split()
        if not codes:
            reasons.append("no barcode")
        for code in codes:
            if not valid_barcode(code):
                reasons.append(f"barcode {code}: bad check digit or characters")
            elif code in seen_code:
                reasons.append(f"barcode {code} also on row {seen_code[code]}")
            elif held.get(code, product_id) != product_id:
                reasons.append(f"barcode {code} belongs to {sku_of_id.get(held[code], '?')}")
            seen_code.setdefault(code, number)
        if valid_hsn(hsn) and flag in ("yes", "no") and mrp is not None:
            try:
                rule = select_rule(rules, hsn, flag == "yes", on)
                rate_for(rule, mrp, QTY_SCALE)
            except NoTaxRule:
                reasons.append(f"no GST rule for HSN {hsn} "
                               f"({'handicraft' if flag == 'yes' else 'not handicraft'})")
            except DeadBandPrice as exc:
                reasons.append(f"MRP in the dead band of {rule.rule_id}: price it at most "
                               f"{to_decimal_string(exc.max_low_price)} or at least "
                               f"{to_decimal_string(exc.min_high_price)}")
        if reasons or unit is None or mrp is None:
            report.bad.append(BadRow(number, sku, tuple(reasons)))
            continue
        report.clean.append(ProductData(
            product_id=product_id, sku=sku, name_en=name_en, name_hi=name_hi, hsn=hsn,
            unit=unit, mrp=mrp, is_handicraft=flag == "yes", barcodes=codes,
            category_id=category, supplier_id=supplier))
    return report


def import_products(conn: Connection, path: Path, on: date, *,
                    clean_only: bool = False, dry_run: bool = False) -> ImportReport:
    """Validate ``path`` and, if allowed, publish its products in the caller's transaction."""
    report = validate(conn, path, on)
    if report.file_error or dry_run or (report.bad and not clean_only):
        return report
    report.applied = len(CatalogWriter(conn).put("product", report.clean, skip_unchanged=True))
    return report
