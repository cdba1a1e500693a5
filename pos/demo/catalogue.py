"""The demo catalogue: products, suppliers, categories, GST rules, outlets and staff.

Everything is data under ``resources/demo/`` (see its README): ``products.csv`` and small JSON
files. :func:`load_demo_catalogue` reads and checks all of it the way a catalogue import would:
a bad row raises :class:`DemoDataError` naming the file, the row and the reason, so nothing half
loaded ever reaches a till.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pos.domain.barcode import is_valid_gs1
from pos.domain.catalog import Product, Supplier, Unit, normalize_text, valid_hsn
from pos.domain.discounts import Role
from pos.domain.gstin import STATES, is_valid_gstin
from pos.domain.money import MoneyParseError, parse_money, to_decimal_string
from pos.domain.numbering import DocumentKind, Series, SeriesError
from pos.domain.outlet import Outlet, OutletKind
from pos.domain.tax import (
    QTY_SCALE,
    DeadBandPolicy,
    DeadBandPrice,
    NoTaxRule,
    PriceBand,
    TaxRule,
    rate_for,
    select_rule,
)

PRODUCTS_FILE = "products.csv"
SUPPLIERS_FILE = "suppliers.json"
CATEGORIES_FILE = "categories.json"
TAX_RULES_FILE = "tax_rules.json"
OUTLETS_FILE = "outlets.json"
STAFF_FILE = "staff.json"
VARIANTS_FILE = "variants.json"

PRODUCT_COLUMNS = ("sku", "name_en", "name_hi", "category", "hsn", "unit", "mrp_inr",
                   "handicraft", "supplier", "barcodes")
SUPPLIER_KINDS = frozenset({"weaver_society", "artisan", "ssi_unit", "cooperative"})

PRODUCT_ID_NAMESPACE = uuid.UUID("6f1c2a4e-8d3b-5e7f-9a0b-1c2d3e4f5a6b")
"""Product ids are ``uuid5(PRODUCT_ID_NAMESPACE, sku)``: stable across loads and machines."""

_SKU = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,31}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
_PIN = re.compile(r"^[0-9]{4,6}$")


def _has_devanagari(text: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in text)


def _has_latin(text: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in text)


def product_id_for(sku: str) -> str:
    """The stable product id of a demo (or generated) SKU."""
    return str(uuid.uuid5(PRODUCT_ID_NAMESPACE, sku))


class DemoDataError(ValueError):
    """A bad row in a demo data file. ``row`` is the line number for the CSV (the header is
    row 1, as a spreadsheet shows it) and the 1-based entry number for a JSON list."""

    def __init__(self, file: str, row: int, reason: str) -> None:
        super().__init__(f"{file}, row {row}: {reason}")
        self.file = file
        self.row = row
        self.reason = reason


# --------------------------------------------------------------------------- data types


@dataclass(frozen=True, slots=True)
class Category:
    category_id: str
    name_en: str
    name_hi: str
    style: str  # the generator's vocabulary for names in this category (variants.json)


@dataclass(frozen=True, slots=True)
class DemoOutlet:
    """An outlet or fair stall with what its receipts print. :meth:`to_outlet` gives the
    domain's :class:`~pos.domain.outlet.Outlet`."""

    outlet_id: str
    kind: OutletKind
    name_en: str
    name_hi: str
    legal_name: str
    state_code: str
    gstin: str
    casual_taxable_person: bool
    address_en: str
    address_hi: str
    phone: str
    series_prefix: str
    credit_note_prefix: str
    valid_from: date | None
    valid_to: date | None
    upi_vpa: str
    upi_payee_name: str
    upi_mcc: str
    receipt_header_en: str
    receipt_header_hi: str
    receipt_footer_en: str
    receipt_footer_hi: str

    @property
    def state_name_en(self) -> str:
        return STATES[self.state_code][0]

    @property
    def state_name_hi(self) -> str:
        return STATES[self.state_code][1]

    def to_outlet(self) -> Outlet:
        return Outlet(
            outlet_id=self.outlet_id,
            kind=self.kind,
            name_en=self.name_en,
            name_hi=self.name_hi,
            gstin=self.gstin,
            state_code=self.state_code,
            invoice_series=Series(self.series_prefix, DocumentKind.INVOICE),
            credit_series=Series(self.credit_note_prefix, DocumentKind.CREDIT_NOTE),
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            address=self.address_en,
            upi_vpa=self.upi_vpa,
        )


@dataclass(frozen=True, slots=True)
class DemoStaff:
    """A demo login. ``pin`` is in clear text ONLY because this is demo data: whoever seeds a
    database from it must store a salted slow hash and never the PIN itself."""

    staff_id: str
    name_en: str
    name_hi: str
    role: Role
    pin: str
    outlet_ids: tuple[str, ...]

    def __repr__(self) -> str:  # keep the PIN out of logs and tracebacks
        return (f"DemoStaff(staff_id={self.staff_id!r}, name_en={self.name_en!r}, "
                f"role={self.role.value!r}, outlet_ids={self.outlet_ids!r})")


@dataclass(frozen=True, slots=True)
class VariantAxis:
    """One way the generator varies names (colour, motif, size...): (English, Hindi) pairs."""

    name: str
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class DemoCatalogue:
    products: tuple[Product, ...]
    suppliers: tuple[Supplier, ...]
    categories: tuple[Category, ...]
    tax_rules: tuple[TaxRule, ...]
    outlets: tuple[DemoOutlet, ...]
    staff: tuple[DemoStaff, ...]
    styles: Mapping[str, tuple[VariantAxis, ...]]  # generator vocabulary by category style
    as_of: date  # the date every product was checked to have a rule and a billable MRP

    def rule_for(self, product: Product, on: date | None = None) -> TaxRule:
        """The GST rule of ``product`` on ``on`` (default: :attr:`as_of`)."""
        return select_rule(self.tax_rules, product.hsn, product.is_handicraft, on or self.as_of)

    def product(self, sku: str) -> Product:
        for p in self.products:
            if p.sku == sku:
                return p
        raise KeyError(sku)

    def outlet(self, outlet_id: str) -> DemoOutlet:
        for o in self.outlets:
            if o.outlet_id == outlet_id:
                return o
        raise KeyError(outlet_id)

    def category(self, category_id: str) -> Category:
        for c in self.categories:
            if c.category_id == category_id:
                return c
        raise KeyError(category_id)


# --------------------------------------------------------------------------- locating files


def demo_data_dir() -> Traversable:
    """``resources/demo``: next to the ``pos`` package in a checkout and in the wheel (which
    force-includes ``resources`` as a top-level folder), else found through importlib."""
    beside = Path(__file__).resolve().parents[2] / "resources" / "demo"
    if beside.is_dir():
        return beside
    try:
        found = importlib.resources.files("resources").joinpath("demo")
    except ModuleNotFoundError:
        found = None
    if found is None or not found.is_dir():
        raise FileNotFoundError(f"demo data not found (looked in {beside} and via importlib)")
    return found


# --------------------------------------------------------------------------- JSON helpers


class _Entry:
    """One JSON object of a list, with typed getters that fail with file and entry number."""

    def __init__(self, file: str, row: int, data: object) -> None:
        self.file = file
        self.row = row
        if not isinstance(data, dict):
            raise self.error("expected an object")
        self.data: dict[str, Any] = data

    def error(self, reason: str) -> DemoDataError:
        return DemoDataError(self.file, self.row, reason)

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str):
            raise self.error(f"{key} must be text")
        value = "\n".join(normalize_text(line) for line in value.strip().split("\n"))
        if required and not value:
            raise self.error(f"{key} is missing")
        return value

    def ident(self, key: str) -> str:
        value = self.text(key)
        if not _ID.match(value):
            raise self.error(f"{key} {value!r}: use letters, digits, '-' and '_'")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.error(f"{key} must be true or false")
        return value

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(f"{key} must be a whole number")
        return value

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(f"{key} must be a date (YYYY-MM-DD) or null")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.error(f"{key} {value!r} is not a date (YYYY-MM-DD)") from None

    def names(self) -> tuple[str, str]:
        name_en, name_hi = self.text("name_en"), self.text("name_hi")
        if not _has_devanagari(name_hi):
            raise self.error(f"name_hi {name_hi!r} has no Devanagari")
        return name_en, name_hi


def _read_list(directory: Traversable, file: str, key: str) -> Iterator[_Entry]:
    try:
        document = json.loads(directory.joinpath(file).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DemoDataError(file, exc.lineno, f"not valid JSON: {exc.msg}") from None
    items = document.get(key) if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise DemoDataError(file, 1, f"expected an object with a list {key!r}")
    for row, data in enumerate(items, start=1):
        yield _Entry(file, row, data)


def _unique(entry: _Entry, seen: set[str], value: str, what: str) -> None:
    if value in seen:
        raise entry.error(f"duplicate {what} {value!r}")
    seen.add(value)


# --------------------------------------------------------------------------- loaders


def _load_suppliers(directory: Traversable) -> tuple[Supplier, ...]:
    suppliers: list[Supplier] = []
    seen: set[str] = set()
    for e in _read_list(directory, SUPPLIERS_FILE, "suppliers"):
        supplier_id = e.ident("supplier_id")
        _unique(e, seen, supplier_id, "supplier_id")
        name_en, name_hi = e.names()
        kind = e.text("kind")
        if kind not in SUPPLIER_KINDS:
            raise e.error(f"kind {kind!r} is not one of {', '.join(sorted(SUPPLIER_KINDS))}")
        gstin = e.text("gstin", required=False).upper()
        if gstin and not is_valid_gstin(gstin):
            raise e.error(f"gstin {gstin!r} is not a valid GSTIN")
        suppliers.append(Supplier(supplier_id, name_en, name_hi, kind,
                                  e.text("district", required=False), gstin))
    return tuple(suppliers)


def _parse_axes(file: str, row: int, style: str, axes: object) -> tuple[VariantAxis, ...]:
    if not isinstance(axes, dict) or not axes:
        raise DemoDataError(file, row, f"{style!r}: expected an object of axes")
    parsed: list[VariantAxis] = []
    for axis, values in axes.items():
        pairs: list[tuple[str, str]] = []
        for value in values if isinstance(values, list) and values else [None]:
            if not (isinstance(value, list) and len(value) == 2
                    and all(isinstance(v, str) and v.strip() for v in value)):
                raise DemoDataError(file, row, f"{style!r}, axis {axis!r}: each value must "
                                    "be [English, Hindi]")
            en, hi = normalize_text(value[0]), normalize_text(value[1])
            if not _has_devanagari(hi):
                raise DemoDataError(file, row, f"{style!r}, axis {axis!r}: {hi!r} has no "
                                    "Devanagari")
            pairs.append((en, hi))
        parsed.append(VariantAxis(axis, tuple(pairs)))
    return tuple(parsed)


def _load_styles(directory: Traversable) -> Mapping[str, tuple[VariantAxis, ...]]:
    """Each style's axes followed by the ``common`` axes. ``row`` in errors counts styles."""
    file = VARIANTS_FILE
    document = json.loads(directory.joinpath(file).read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("styles"), dict):
        raise DemoDataError(file, 1, "expected an object with an object 'styles'")
    common = document.get("common")
    common_axes = () if common is None else _parse_axes(file, 1, "common", common)
    result: dict[str, tuple[VariantAxis, ...]] = {}
    for row, (style, axes) in enumerate(document["styles"].items(), start=1):
        result[style] = _parse_axes(file, row, style, axes) + common_axes
    if not result:
        raise DemoDataError(file, 1, "no styles")
    return MappingProxyType(result)


def _load_categories(directory: Traversable,
                     styles: Mapping[str, tuple[VariantAxis, ...]]) -> tuple[Category, ...]:
    categories: list[Category] = []
    seen: set[str] = set()
    for e in _read_list(directory, CATEGORIES_FILE, "categories"):
        category_id = e.ident("category_id")
        _unique(e, seen, category_id, "category_id")
        name_en, name_hi = e.names()
        style = e.text("style")
        if style not in styles:
            raise e.error(f"style {style!r} is not defined in {VARIANTS_FILE}")
        categories.append(Category(category_id, name_en, name_hi, style))
    return tuple(categories)


def _load_tax_rules(directory: Traversable) -> tuple[TaxRule, ...]:
    rules: list[TaxRule] = []
    seen: set[str] = set()
    keys: set[tuple[str, bool | None, date]] = set()
    for e in _read_list(directory, TAX_RULES_FILE, "tax_rules"):
        rule_id = e.ident("rule_id")
        _unique(e, seen, rule_id, "rule_id")
        handicraft = e.data.get("handicraft")
        if handicraft is not None and not isinstance(handicraft, bool):
            raise e.error("handicraft must be true, false or null")
        effective_from = e.day("effective_from")
        if effective_from is None:
            raise e.error("effective_from is missing")
        band: PriceBand | None = None
        band_data = e.data.get("band")
        if band_data is not None:
            b = _Entry(e.file, e.row, band_data)
            try:
                threshold = parse_money(b.text("threshold"))
                policy = DeadBandPolicy(b.text("dead_band"))
                band = PriceBand(threshold, b.integer("low_bp"), b.integer("high_bp"), policy)
            except (MoneyParseError, ValueError) as exc:
                raise e.error(f"band: {exc}") from None
        rate_bp = e.integer("rate_bp") if "rate_bp" in e.data else None
        hsn_prefix = e.text("hsn_prefix")
        try:
            rule = TaxRule(rule_id, hsn_prefix, effective_from, e.day("effective_to"),
                           handicraft, rate_bp, band, e.text("description", required=False))
        except ValueError as exc:
            raise e.error(str(exc)) from None
        key = (hsn_prefix, handicraft, effective_from)
        if key in keys:
            raise e.error(f"another rule has the same HSN prefix {hsn_prefix}, handicraft "
                          f"flag and start date: which one applies would be arbitrary")
        keys.add(key)
        rules.append(rule)
    return tuple(rules)


def _load_outlets(directory: Traversable) -> tuple[DemoOutlet, ...]:
    outlets: list[DemoOutlet] = []
    seen: set[str] = set()
    prefixes: set[str] = set()
    for e in _read_list(directory, OUTLETS_FILE, "outlets"):
        outlet_id = e.ident("outlet_id")
        _unique(e, seen, outlet_id, "outlet_id")
        try:
            kind = OutletKind(e.text("kind"))
        except ValueError:
            raise e.error(f"kind must be one of {[k.value for k in OutletKind]}") from None
        name_en, name_hi = e.names()
        state_code = e.text("state_code")
        if state_code not in STATES:
            raise e.error(f"state_code {state_code!r} is not a GST state code")
        gstin = e.text("gstin").upper()
        if not is_valid_gstin(gstin):
            raise e.error(f"gstin {gstin!r} is not a valid GSTIN (shape or check character)")
        if gstin[:2] != state_code:
            raise e.error(f"gstin {gstin} is registered in state {gstin[:2]}, "
                          f"not in the outlet's state {state_code}")
        series_prefix, credit_prefix = e.text("series_prefix"), e.text("credit_note_prefix")
        for prefix in (series_prefix, credit_prefix):
            try:
                Series(prefix)
            except SeriesError as exc:
                raise e.error(f"series prefix: {exc}") from None
            _unique(e, prefixes, prefix, "series prefix")
        valid_from, valid_to = e.day("valid_from"), e.day("valid_to")
        if kind is OutletKind.STALL and (valid_from is None or valid_to is None):
            raise e.error("a stall needs valid_from and valid_to (its temporary registration)")
        if valid_from and valid_to and valid_to < valid_from:
            raise e.error("valid_to is before valid_from")
        outlets.append(DemoOutlet(
            outlet_id=outlet_id, kind=kind, name_en=name_en, name_hi=name_hi,
            legal_name=e.text("legal_name"), state_code=state_code, gstin=gstin,
            casual_taxable_person=e.flag("casual_taxable_person"),
            address_en=e.text("address_en"), address_hi=e.text("address_hi"),
            phone=e.text("phone", required=False), series_prefix=series_prefix,
            credit_note_prefix=credit_prefix, valid_from=valid_from, valid_to=valid_to,
            upi_vpa=e.text("upi_vpa"), upi_payee_name=e.text("upi_payee_name"),
            upi_mcc=e.text("upi_mcc"),
            receipt_header_en=e.text("receipt_header_en"),
            receipt_header_hi=e.text("receipt_header_hi"),
            receipt_footer_en=e.text("receipt_footer_en"),
            receipt_footer_hi=e.text("receipt_footer_hi"),
        ))
    return tuple(outlets)


def _load_staff(directory: Traversable, outlet_ids: set[str]) -> tuple[DemoStaff, ...]:
    staff: list[DemoStaff] = []
    seen: set[str] = set()
    pins: set[str] = set()
    for e in _read_list(directory, STAFF_FILE, "staff"):
        staff_id = e.ident("staff_id")
        _unique(e, seen, staff_id, "staff_id")
        name_en, name_hi = e.names()
        try:
            role = Role(e.text("role"))
        except ValueError:
            raise e.error(f"role must be one of {[r.value for r in Role]}") from None
        pin = e.data.get("pin")
        if not isinstance(pin, str) or not _PIN.match(pin):
            raise e.error("pin must be 4 to 6 digits, written as text")
        if pin in pins:  # the reason must not repeat the PIN
            raise e.error("two staff members have the same PIN")
        pins.add(pin)
        ids = e.data.get("outlet_ids")
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise e.error("outlet_ids must be a non-empty list of outlet ids")
        unknown = [i for i in ids if i not in outlet_ids]
        if unknown:
            raise e.error(f"unknown outlet_ids {unknown}")
        staff.append(DemoStaff(staff_id, name_en, name_hi, role, pin, tuple(ids)))
    return tuple(staff)


def _load_products(directory: Traversable, suppliers: set[str], categories: set[str],
                   rules: tuple[TaxRule, ...], as_of: date) -> tuple[Product, ...]:
    file = PRODUCTS_FILE
    text = directory.joinpath(file).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header = tuple(reader.fieldnames or ())
    missing = [c for c in PRODUCT_COLUMNS if c not in header]
    unknown = [c for c in header if c not in PRODUCT_COLUMNS]
    if missing or unknown:
        raise DemoDataError(file, 1, f"columns must be {', '.join(PRODUCT_COLUMNS)} "
                            f"(missing: {missing or 'none'}; unknown: {unknown or 'none'})")
    products: list[Product] = []
    skus: dict[str, int] = {}
    barcodes: dict[str, int] = {}
    rule_cache: dict[tuple[str, bool], TaxRule] = {}
    records = iter(reader)
    while True:
        try:
            raw = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DemoDataError(file, reader.line_num, f"malformed CSV: {exc}") from None
        line = reader.line_num
        if None in raw or any(v is None for v in raw.values()):
            raise DemoDataError(file, line, f"expected {len(header)} fields")
        row = {k: v.strip() for k, v in raw.items()}

        def bad(reason: str, line: int = line) -> DemoDataError:
            return DemoDataError(file, line, reason)

        sku = row["sku"]
        if not _SKU.match(sku):
            raise bad(f"SKU {sku!r}: 3-32 characters of A-Z, 0-9 and '-'")
        if sku in skus:
            raise bad(f"duplicate SKU {sku} (first on row {skus[sku]})")
        skus[sku] = line
        name_en, name_hi = normalize_text(row["name_en"]), normalize_text(row["name_hi"])
        if not _has_latin(name_en):
            raise bad("name_en must be an English name")
        if not _has_devanagari(name_hi):
            raise bad(f"name_hi {name_hi!r} has no Devanagari")
        if row["category"] not in categories:
            raise bad(f"unknown category {row['category']!r}")
        if row["supplier"] not in suppliers:
            raise bad(f"unknown supplier {row['supplier']!r}")
        hsn = row["hsn"]
        if not valid_hsn(hsn):
            raise bad(f"HSN {hsn!r} must be 6 or 8 digits")
        try:
            unit = Unit(row["unit"].upper())
        except ValueError:
            raise bad(f"unit {row['unit']!r} is not one of "
                      f"{', '.join(u.value for u in Unit)}") from None
        try:
            mrp = parse_money(row["mrp_inr"])
        except MoneyParseError as exc:
            raise bad(f"MRP {row['mrp_inr']!r} is not an amount ({exc.code})") from None
        if mrp <= 0:
            raise bad("MRP must be positive")
        flag = row["handicraft"].lower()
        if flag not in ("yes", "no"):
            raise bad(f"handicraft must be yes or no, not {row['handicraft']!r}")
        is_handicraft = flag == "yes"
        codes = tuple(row["barcodes"].replace("|", " ").split())
        if not codes:
            raise bad("at least one barcode is needed")
        for code in codes:
            if len(code) != 13 or not is_valid_gs1(code):
                raise bad(f"barcode {code!r} is not an EAN-13 with a valid check digit")
            if code in barcodes:
                raise bad(f"barcode {code} is already used on row {barcodes[code]}")
            barcodes[code] = line
        key = (hsn, is_handicraft)
        rule = rule_cache.get(key)
        if rule is None:
            try:
                rule = rule_cache[key] = select_rule(rules, hsn, is_handicraft, as_of)
            except NoTaxRule:
                kind = "handicraft" if is_handicraft else "non-handicraft"
                raise bad(f"no tax rule for HSN {hsn} ({kind}) on {as_of.isoformat()}") from None
        try:
            rate_for(rule, mrp, QTY_SCALE)
        except DeadBandPrice as exc:
            raise bad(f"MRP {row['mrp_inr']} is in the dead band of rule {rule.rule_id}: "
                      f"price it at most {to_decimal_string(exc.max_low_price)} or at least "
                      f"{to_decimal_string(exc.min_high_price)}") from None
        products.append(Product(
            product_id=product_id_for(sku), sku=sku, name_en=name_en, name_hi=name_hi,
            hsn=hsn, unit=unit, mrp=mrp, is_handicraft=is_handicraft, barcodes=codes,
            category=row["category"], supplier_id=row["supplier"],
        ))
    if not products:
        raise DemoDataError(file, 2, "no products")
    return tuple(products)


def load_demo_catalogue(directory: Traversable | None = None, *,
                        as_of: date | None = None) -> DemoCatalogue:
    """Read and check the demo data in ``directory`` (default: :func:`demo_data_dir`).

    Every product must find a tax rule in force on ``as_of`` (default: the latest
    ``effective_from`` of the rules, i.e. the rules as last published) and its MRP must be
    billable for one unit (not in a price band's dead band). The default catalogue is read
    once and shared: it is immutable.
    """
    if directory is None and as_of is None:
        return _default_catalogue()
    return _load(directory or demo_data_dir(), as_of)


@functools.cache
def _default_catalogue() -> DemoCatalogue:
    return _load(demo_data_dir(), None)


def _load(directory: Traversable, as_of: date | None) -> DemoCatalogue:
    suppliers = _load_suppliers(directory)
    styles = _load_styles(directory)
    categories = _load_categories(directory, styles)
    rules = _load_tax_rules(directory)
    if not rules:
        raise DemoDataError(TAX_RULES_FILE, 1, "no tax rules")
    on = as_of or max(r.effective_from for r in rules)
    outlets = _load_outlets(directory)
    staff = _load_staff(directory, {o.outlet_id for o in outlets})
    products = _load_products(directory, {s.supplier_id for s in suppliers},
                              {c.category_id for c in categories}, rules, on)
    return DemoCatalogue(products, suppliers, categories, rules, outlets, staff, styles, on)
