"""Importing products from a CSV or Excel sheet, with a validation report.

The sheet has the columns of ``resources/demo/products.csv``: ``sku, name_en, name_hi,
category, hsn, unit, mrp_inr, handicraft, supplier, barcodes`` (header on row 1; barcodes
separated by spaces or ``|``). Every row is checked the way the tills would need it: SKU, names,
known category and supplier, 6- or 8-digit HSN, unit, an MRP that is money, a GST rule for the
HSN and handicraft flag today, an MRP outside a price band's dead band (the report names the
nearest valid prices), EAN-13 check digits, and barcodes and SKUs used twice in the sheet or
held by another product. Rows are numbered as a spreadsheet shows them. Each problem is a code
with its values (:class:`Problem`), put into English or Hindi words where it is shown.

Nothing is applied while any row is bad, unless ``clean_only`` is asked for: then the clean
rows are applied and the bad ones listed. Either way it is one transaction, and unchanged rows
publish nothing.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
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


# Every problem the report can name, by code: (English, Hindi) with ``{values}``. The codes
# are what the dashboard and tests rely on; the words may change.
PROBLEMS: dict[str, tuple[str, str]] = {
    # the file as a whole
    "missing_columns": ("missing columns: {missing} (need {columns})",
                        "ये कॉलम नहीं हैं: {missing} (चाहिए: {columns})"),
    "not_utf8": ("the CSV file is not UTF-8 text: save it as \"CSV UTF-8\"",
                 "CSV फ़ाइल UTF-8 पाठ नहीं है: इसे \"CSV UTF-8\" के रूप में सहेजें"),
    "not_xlsx": ("not an Excel workbook (.xlsx)", "यह Excel वर्कबुक (.xlsx) नहीं है"),
    "unreadable": ("{error}", "{error}"),
    "bad_suffix": ("{suffix}: send a .csv or .xlsx file", "{suffix}: .csv या .xlsx फ़ाइल भेजें"),
    "no_suffix": ("the file name has no extension: send a .csv or .xlsx file",
                  "फ़ाइल के नाम में एक्सटेंशन नहीं है: .csv या .xlsx फ़ाइल भेजें"),
    "too_large": ("larger than {mb} MB", "{mb} MB से बड़ी"),
    # one row
    "sku_format": ("SKU '{sku}': 3-32 characters of A-Z, 0-9 and '-'",
                   "एसकेयू '{sku}': A-Z, 0-9 और '-' के 3 से 32 अक्षर होने चाहिए"),
    "sku_twice": ("SKU also on row {row}", "यही एसकेयू पंक्ति {row} पर भी है"),
    "name_en_missing": ("English name missing", "अंग्रेज़ी नाम नहीं है"),
    "name_hi_missing": ("Hindi name missing (Devanagari)", "हिन्दी नाम (देवनागरी में) नहीं है"),
    "unknown_category": ("unknown category '{category}'", "अज्ञात श्रेणी '{category}'"),
    "unknown_supplier": ("unknown supplier '{supplier}'", "अज्ञात आपूर्तिकर्ता '{supplier}'"),
    "bad_hsn": ("bad HSN '{hsn}': 6 or 8 digits", "गलत एचएसएन '{hsn}': 6 या 8 अंक होने चाहिए"),
    "unknown_unit": ("unknown unit '{unit}' (use {units})",
                     "अज्ञात इकाई '{unit}' ({units} में से एक लिखें)"),
    "mrp_empty": ("MRP missing", "एमआरपी नहीं है"),
    "mrp_not_amount": ("MRP '{text}' is not an amount", "एमआरपी '{text}' कोई राशि नहीं है"),
    "mrp_bad_grouping": ("MRP '{text}' is not an amount (commas in the wrong places)",
                         "एमआरपी '{text}' कोई राशि नहीं है (अल्पविराम गलत जगह हैं)"),
    "mrp_too_many_decimals": ("MRP '{text}' is not an amount (at most 2 decimals)",
                              "एमआरपी '{text}' कोई राशि नहीं है (दशमलव के बाद अधिकतम 2 अंक)"),
    "mrp_not_positive": ("MRP must be more than zero", "एमआरपी शून्य से अधिक होनी चाहिए"),
    "handicraft_flag": ("handicraft must be yes or no, not '{value}'",
                        "handicraft में yes या no लिखें, '{value}' नहीं"),
    "no_barcode": ("no barcode", "कोई बारकोड नहीं"),
    "barcode_check_digit": ("barcode {code}: bad check digit or characters",
                            "बारकोड {code}: जाँच अंक या अक्षर गलत हैं"),
    "barcode_twice": ("barcode {code} also on row {row}",
                      "बारकोड {code} पंक्ति {row} पर भी है"),
    "barcode_taken": ("barcode {code} belongs to {owner}", "बारकोड {code} {owner} का है"),
    "no_rule_handicraft": ("no GST rule for HSN {hsn} (handicraft)",
                           "एचएसएन {hsn} (हस्तशिल्प) के लिए कोई जीएसटी नियम नहीं"),
    "no_rule": ("no GST rule for HSN {hsn} (not handicraft)",
                "एचएसएन {hsn} (हस्तशिल्प नहीं) के लिए कोई जीएसटी नियम नहीं"),
    "dead_band": ("MRP in the dead band of {rule}: price it at most {low} or at least {high}",
                  "एमआरपी {rule} की दो दरों के बीच के अमान्य क्षेत्र (डेड बैंड) में है: मूल्य "
                  "अधिकतम {low} या कम से कम {high} रखें"),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a row or the file: a code of :data:`PROBLEMS` and its values,
    put into words in either language when shown."""

    code: str
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, which: str, /, **values: object) -> Problem:
        assert which in PROBLEMS, which
        return cls(which, tuple((k, str(v)) for k, v in values.items()))

    def text(self, locale: str = "en") -> str:
        en, hi = PROBLEMS[self.code]
        return (hi if locale == "hi" else en).format(**dict(self.values))

    def __str__(self) -> str:
        return self.text("en")


class ImportFileError(ValueError):
    """The file cannot be read as a product sheet."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True, slots=True)
class BadRow:
    row: int
    sku: str
    reasons: tuple[Problem, ...]

    def text(self, locale: str = "en") -> str:
        return "; ".join(p.text(locale) for p in self.reasons)


@dataclass
class ImportReport:
    rows: int = 0
    bad: list[BadRow] = field(default_factory=list)
    clean: list[ProductData] = field(default_factory=list)
    applied: int = 0  # products published (changed or new)
    file_error: Problem | None = None

    @property
    def ok(self) -> bool:
        return not self.bad and self.file_error is None

    def lines(self) -> list[str]:
        if self.file_error is not None:
            return [f"the file cannot be read: {self.file_error}"]
        out = [f"row {b.row} ({b.sku or 'no SKU'}): {b.text()}" for b in self.bad]
        out.append(f"{self.rows} rows: {len(self.clean)} clean, {len(self.bad)} with errors; "
                   f"{self.applied} products published")
        return out


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """``(spreadsheet row number, {column: text})`` from a .csv or .xlsx file (raises
    :class:`ImportFileError`)."""
    from openpyxl.utils.exceptions import InvalidFileException  # only when importing

    try:
        yield from _read_rows(path)
    except ImportFileError:
        raise
    except UnicodeDecodeError:
        raise ImportFileError(Problem.of("not_utf8")) from None
    except (zipfile.BadZipFile, InvalidFileException):
        raise ImportFileError(Problem.of("not_xlsx")) from None
    except (ValueError, OSError, KeyError) as exc:
        raise ImportFileError(Problem.of("unreadable", error=exc)) from None


def _read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
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
        raise ImportFileError(Problem.of("missing_columns", missing=", ".join(missing),
                                         columns=", ".join(COLUMNS)))


def _mrp_problem(text: str, exc: MoneyParseError) -> Problem:
    if exc.code == "empty":
        return Problem.of("mrp_empty")
    code = f"mrp_{exc.code}"
    return Problem.of(code if code in PROBLEMS else "mrp_not_amount", text=text)


def validate(conn: Connection, path: Path, on: date) -> ImportReport:
    report = ImportReport()
    try:
        rows = list(read_rows(path))
    except ImportFileError as exc:
        report.file_error = exc.problem
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
        reasons: list[Problem] = []
        sku = row.get("sku", "").strip().upper()
        if not _SKU.match(sku):
            reasons.append(Problem.of("sku_format", sku=sku))
        elif sku in seen_sku:
            reasons.append(Problem.of("sku_twice", row=seen_sku[sku]))
        seen_sku.setdefault(sku, number)
        product_id = ids_by_sku.get(sku) or product_id_for(sku)
        name_en, name_hi = normalize_text(row.get("name_en", "")), normalize_text(
            row.get("name_hi", ""))
        if not name_en:
            reasons.append(Problem.of("name_en_missing"))
        if not any("\u0900" <= ch <= "\u097f" for ch in name_hi):
            reasons.append(Problem.of("name_hi_missing"))
        category, supplier = row.get("category", "").strip(), row.get("supplier", "").strip()
        if category not in categories:
            reasons.append(Problem.of("unknown_category", category=category))
        if supplier not in suppliers:
            reasons.append(Problem.of("unknown_supplier", supplier=supplier))
        hsn = row.get("hsn", "").strip()
        if not valid_hsn(hsn):
            reasons.append(Problem.of("bad_hsn", hsn=hsn))
        unit_text = row.get("unit", "").strip().upper()
        unit = Unit(unit_text) if unit_text in Unit.__members__ else None
        if unit is None:
            reasons.append(Problem.of("unknown_unit", unit=unit_text,
                                      units=", ".join(Unit.__members__)))
        mrp: int | None = None
        mrp_text = row.get("mrp_inr", "")
        try:
            mrp = parse_money(mrp_text)
            if mrp <= 0:
                reasons.append(Problem.of("mrp_not_positive"))
                mrp = None
        except MoneyParseError as exc:
            reasons.append(_mrp_problem(mrp_text, exc))
        flag = row.get("handicraft", "").strip().lower()
        if flag not in ("yes", "no"):
            reasons.append(Problem.of("handicraft_flag", value=flag))
        codes = row.get("barcodes", "").replace("|", " ").split()
        if not codes:
            reasons.append(Problem.of("no_barcode"))
        for code in codes:
            if not valid_barcode(code):
                reasons.append(Problem.of("barcode_check_digit", code=code))
            elif code in seen_code:
                reasons.append(Problem.of("barcode_twice", code=code, row=seen_code[code]))
            elif held.get(code, product_id) != product_id:
                reasons.append(Problem.of("barcode_taken", code=code,
                                          owner=sku_of_id.get(held[code], "?")))
            seen_code.setdefault(code, number)
        if valid_hsn(hsn) and flag in ("yes", "no") and mrp is not None:
            try:
                rule = select_rule(rules, hsn, flag == "yes", on)
                rate_for(rule, mrp, QTY_SCALE)
            except NoTaxRule:
                reasons.append(Problem.of("no_rule_handicraft" if flag == "yes" else "no_rule",
                                          hsn=hsn))
            except DeadBandPrice as exc:
                reasons.append(Problem.of("dead_band", rule=rule.rule_id,
                                          low=to_decimal_string(exc.max_low_price),
                                          high=to_decimal_string(exc.min_high_price)))
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
    if report.file_error is not None or dry_run or (report.bad and not clean_only):
        return report
    report.applied = len(CatalogWriter(conn).put("product", report.clean, skip_unchanged=True))
    return report
