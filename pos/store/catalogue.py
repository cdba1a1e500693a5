"""The catalogue as the till keeps it: head office's changes and snapshots, applied atomically;
lookup by barcode or SKU; the tax rules; and search-as-you-type in Hindi and English.

Applying (DESIGN.md, "Sync protocol")
    :func:`apply_changes` applies one page of ``GET /catalog/changes`` inside the caller's
    transaction (under a savepoint) and stores the new cursor in ``settings`` with it.
    :func:`load_snapshot` streams a whole catalogue into TEMP staging tables *without* holding
    the database's write lock (a slow download never stops a sale from being saved), then swaps
    it in with one short ``BEGIN IMMEDIATE`` transaction; if the rows stop coming (a cut
    download: the iterable raises) the old catalogue is left exactly as it was.
    Every row is validated before anything is written: a bad row raises :class:`CatalogueError`
    naming the entity, the id and the reason, and nothing of the page or snapshot is applied.

Wire shape of ``data`` (money in paise, rates in basis points, dates ISO ``YYYY-MM-DD``)
    product   ``sku, name_en, name_hi, hsn, unit, mrp, is_handicraft, barcodes: [code, ...],
              category_id (or category), supplier_id, active`` (``product_id`` optional; if
              given it must equal the change's id). ``barcodes[0]`` is the primary barcode.
    tax_rule  ``hsn_prefix, handicraft (true | false | null), effective_from, effective_to,
              description`` and either ``rate_bp`` or ``band: {threshold, low_bp, high_bp,
              dead_band: "refuse" | "high"}``
    supplier  ``name_en, name_hi, kind, district, gstin``
    category  ``name_en, name_hi``
    Unknown keys are ignored (a newer head office may send more). Names are stored NFC-normalised
    with collapsed spaces (:func:`pos.domain.catalog.normalize_text`).

Reading
    :class:`SqlCatalogue` implements :class:`pos.domain.cart.ProductLookup` and adds
    :meth:`~SqlCatalogue.search`, :meth:`~SqlCatalogue.get_product` and
    :meth:`~SqlCatalogue.tax_rules`. Built on a :class:`~pos.store.database.Store` it reads
    through its own short *deferred* read transactions, so in WAL mode it never waits for a
    writer (``Store.reading()`` starts ``BEGIN IMMEDIATE``, which would queue behind a snapshot
    swap or a sale); built on a ``Connection`` it reads inside that connection's transaction.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, NoReturn, Protocol, cast

from sqlalchemy import Connection

from pos.domain.barcode import is_valid_gs1
from pos.domain.catalog import Product, Unit, normalize_text, valid_hsn
from pos.domain.gstin import is_valid_gstin
from pos.domain.tax import DeadBandPolicy, PriceBand, TaxRule
from pos.store import schema as t
from pos.store.database import Store, StoreError

CURSOR_KEY = "catalogue_cursor"
ENTITIES = ("product", "tax_rule", "supplier", "category")
SUPPLIER_KINDS = frozenset({"weaver_society", "artisan", "ssi_unit", "cooperative"})
MAX_ID = 64
MAX_BARCODE = 32
MAX_NAME = 500
MAX_AMOUNT = 10**13  # paise: ₹1 lakh crore, far beyond any MRP, far below SQLite's limit

Op = Literal["upsert", "delete"]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # category Cc, lone surrogates
_BARCODE = re.compile(r"[\x21-\x7e]+")  # printable ASCII, no space


class CatalogueError(StoreError):
    """A catalogue row (or page, or snapshot) that cannot be applied; nothing was applied."""

    code = "catalogue_error"

    def __init__(self, entity: str, entity_id: str, reason: str) -> None:
        super().__init__(f"catalogue {entity} {entity_id!r}: {reason}")
        self.entity = entity
        self.entity_id = entity_id
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CatalogueChange:
    """One entry of ``GET /catalog/changes`` (or one line of the snapshot, with ``op="upsert"``)."""

    entity: str  # product | tax_rule | supplier | category
    id: str
    op: Op
    change_seq: int
    data: Mapping[str, Any] | None = None

    @classmethod
    def from_wire(cls, item: Mapping[str, Any]) -> CatalogueChange:
        """Build a change from its decoded JSON, checking the envelope (not yet ``data``)."""
        entity, entity_id = item.get("entity"), item.get("id")
        op, seq, data = item.get("op", "upsert"), item.get("change_seq", 0), item.get("data")
        shown = str(entity_id)
        if not isinstance(entity, str) or entity not in ENTITIES:
            raise CatalogueError(str(entity), shown, "unknown entity")
        if not isinstance(entity_id, str):
            raise CatalogueError(entity, shown, "id must be a string")
        if op not in ("upsert", "delete"):
            raise CatalogueError(entity, entity_id, f"unknown op {op!r}")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise CatalogueError(entity, entity_id, "change_seq must be an integer")
        if data is not None and not isinstance(data, Mapping):
            raise CatalogueError(entity, entity_id, "data must be an object")
        return cls(entity, entity_id, cast(Op, op), seq, data)


@dataclass(frozen=True, slots=True)
class SnapshotResult:
    """What :func:`load_snapshot` did (for the sync log and the benchmark)."""

    products: int
    barcodes: int
    tax_rules: int
    suppliers: int
    categories: int
    added: int  # products new to this till
    removed: int  # products gone from the catalogue
    renamed: int  # products whose SKU or names changed (their search entry was redone)
    rebuilt_index: bool  # the search index was rebuilt in bulk instead of row by row
    staging_seconds: float
    swap_seconds: float


# -- validation -------------------------------------------------------------------------------

_PRODUCT_COLUMNS = ("product_id", "sku", "name_en", "name_hi", "hsn", "unit", "mrp",
                    "is_handicraft", "category_id", "supplier_id", "active", "change_seq")
assert set(_PRODUCT_COLUMNS) == set(t.products.c.keys()), "products changed: update this module"
_NAME_COLUMNS = ("sku", "name_en", "name_hi")  # what the search index holds
_OTHER_COLUMNS = tuple(c for c in _PRODUCT_COLUMNS if c not in ("product_id", *_NAME_COLUMNS))


@dataclass(frozen=True, slots=True)
class _ProductRow:
    values: tuple[Any, ...]  # in _PRODUCT_COLUMNS order
    barcodes: tuple[str, ...]

    @property
    def product_id(self) -> str:
        return str(self.values[0])

    @property
    def sku(self) -> str:
        return str(self.values[1])

    @property
    def change_seq(self) -> int:
        return int(self.values[-1])


class _Checker:
    """Reads one change's ``data``, raising :class:`CatalogueError` on the first problem."""

    def __init__(self, change: CatalogueChange) -> None:
        self.change = change
        if change.data is None:
            self.fail("upsert without data")
        self.data: Mapping[str, Any] = change.data or {}

    def fail(self, reason: str) -> NoReturn:
        raise CatalogueError(self.change.entity, self.change.id, reason)

    def text(self, key: str, *, required: bool = True, max_len: int = MAX_NAME,
             default: str = "", name: bool = False) -> str:
        value = self.data.get(key, None)
        if value is None:
            if required:
                self.fail(f"{key} is missing")
            return default
        if not isinstance(value, str):
            self.fail(f"{key} must be text")
        text = normalize_text(value) if name else value.strip()
        if required and not text:
            self.fail(f"{key} is empty")
        if len(text) > max_len:
            self.fail(f"{key} is longer than {max_len} characters")
        if _CONTROL.search(text):
            self.fail(f"{key} contains control characters or unpaired surrogates")
        return text

    def integer(self, key: str, *, required: bool = True, minimum: int = 0,
                maximum: int = MAX_AMOUNT) -> int | None:
        value = self.data.get(key, None)
        if value is None:
            if required:
                self.fail(f"{key} is missing")
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(f"{key} must be a whole number (paise / basis points)")
        if not minimum <= value <= maximum:
            self.fail(f"{key} must be between {minimum} and {maximum}")
        return int(value)

    def flag(self, key: str, *, default: bool | None = None, nullable: bool = False
             ) -> bool | None:
        if key not in self.data:
            if default is None and not nullable:
                self.fail(f"{key} is missing")
            return default
        value = self.data[key]
        if value is None and nullable:
            return None
        if not isinstance(value, bool):
            self.fail(f"{key} must be true or false")
        return bool(value)

    def day(self, key: str, *, required: bool = True) -> str | None:
        text = self.text(key, required=required, max_len=10)
        if not text:
            return None
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            self.fail(f"{key} must be a date YYYY-MM-DD")

    def same_id(self, key: str) -> None:
        given = self.data.get(key, self.change.id)
        if given != self.change.id:
            self.fail(f"{key} {given!r} in data differs from the change's id")


def _check_id(change: CatalogueChange) -> None:
    if change.entity not in ENTITIES:
        raise CatalogueError(change.entity, change.id, "unknown entity")
    if not change.id or change.id != change.id.strip() or len(change.id) > MAX_ID:
        raise CatalogueError(change.entity, change.id,
                             f"id must be 1-{MAX_ID} characters without surrounding spaces")
    if change.op not in ("upsert", "delete"):
        raise CatalogueError(change.entity, change.id, f"unknown op {change.op!r}")
    if (not isinstance(change.change_seq, int) or isinstance(change.change_seq, bool)
            or change.change_seq < 0):
        raise CatalogueError(change.entity, change.id, "change_seq must be a whole number >= 0")


def _valid_barcode(code: str) -> bool:
    if not 1 <= len(code) <= MAX_BARCODE or not _BARCODE.fullmatch(code):
        return False
    # A GS1 number (EAN-8, UPC-A, EAN-13, GTIN-14) with a wrong check digit can never be scanned.
    return not (code.isdigit() and len(code) in (8, 12, 13, 14)) or is_valid_gs1(code)


_UNITS = frozenset(Unit.__members__)


def _plain_name(value: object) -> str | None:
    """``normalize_text(value)`` for the common case (ASCII, or Devanagari already in NFC),
    None for anything else (then the full check runs and says what is wrong)."""
    if type(value) is not str:
        return None
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        return None
    return " ".join(value.split())


def _product_row(change: CatalogueChange) -> _ProductRow:
    """A product change's row, every field checked. A well-formed row (the 200,000 of a
    snapshot) takes the fast path; anything unusual is checked field by field by
    :func:`_product_row_checked`, which also says what is wrong."""
    return _product_row_fast(change) or _product_row_checked(change)


def _product_row_fast(change: CatalogueChange) -> _ProductRow | None:
    """The same row as :func:`_product_row_checked` would give, or None when any field needs
    a closer look (a missing, mistyped, empty, too long or unusual value)."""
    d = change.data
    if type(d) is not dict or d.get("product_id", change.id) != change.id \
            or ("category" in d and "category_id" not in d):
        return None
    sku, name_en = _plain_name(d.get("sku")), _plain_name(d.get("name_en"))
    name_hi = _plain_name(d["name_hi"]) if "name_hi" in d else ""
    hsn, unit, mrp = d.get("hsn"), d.get("unit"), d.get("mrp")
    category, supplier = d.get("category_id", ""), d.get("supplier_id", "")
    handicraft, active, codes = d.get("is_handicraft"), d.get("active", True), d.get("barcodes")
    if (not sku or not name_en or name_hi is None or len(sku) > MAX_ID
            or len(name_en) > MAX_NAME or len(name_hi) > MAX_NAME
            or type(hsn) is not str or not valid_hsn(hsn) or not hsn.isascii()
            or type(unit) is not str or unit not in _UNITS
            or type(mrp) is not int or not 0 <= mrp <= MAX_AMOUNT
            or type(handicraft) is not bool or type(active) is not bool
            or type(category) is not str or type(supplier) is not str
            or category != category.strip() or supplier != supplier.strip()
            or len(category) > MAX_ID or len(supplier) > MAX_ID
            or type(codes) is not list):
        return None
    if _CONTROL.search(f"{sku} {name_en} {name_hi} {category} {supplier}"):
        return None
    for code in codes:
        if type(code) is not str or not _valid_barcode(code):
            return None
    if len(set(codes)) != len(codes):
        return None
    return _ProductRow((change.id, sku, name_en, name_hi, hsn, unit, mrp, handicraft, category,
                        supplier, active, change.change_seq), tuple(codes))


def _product_row_checked(change: CatalogueChange) -> _ProductRow:
    c = _Checker(change)
    c.same_id("product_id")
    sku = c.text("sku", max_len=MAX_ID, name=True)
    name_en = c.text("name_en", name=True)
    name_hi = c.text("name_hi", name=True, required=False)
    hsn = c.text("hsn", max_len=8)
    if not valid_hsn(hsn):
        c.fail(f"HSN {hsn!r} must be 6 or 8 digits")
    unit = c.text("unit", max_len=8)
    if unit not in Unit.__members__:
        c.fail(f"unknown unit {unit!r}")
    mrp = c.integer("mrp")
    is_handicraft = c.flag("is_handicraft")
    category = c.text("category_id", required=False, max_len=MAX_ID) if "category_id" in c.data \
        else c.text("category", required=False, max_len=MAX_ID)
    supplier = c.text("supplier_id", required=False, max_len=MAX_ID)
    active = c.flag("active", default=True)
    codes = c.data.get("barcodes", [])
    if not isinstance(codes, list | tuple) or not all(isinstance(x, str) for x in codes):
        c.fail("barcodes must be a list of text")
    barcodes = tuple(code.strip() for code in codes)
    for code in barcodes:
        if not _valid_barcode(code):
            c.fail(f"barcode {code!r} is not valid (printable ASCII, no spaces, at most "
                   f"{MAX_BARCODE} characters, GS1 check digit)")
    if len(set(barcodes)) != len(barcodes):
        c.fail("the same barcode is listed twice")
    return _ProductRow((change.id, sku, name_en, name_hi, hsn, unit, mrp, is_handicraft, category,
                        supplier, active, change.change_seq), barcodes)


def _tax_rule_row(change: CatalogueChange) -> dict[str, Any]:
    c = _Checker(change)
    c.same_id("rule_id")
    values: dict[str, Any] = {
        "rule_id": change.id,
        "hsn_prefix": c.text("hsn_prefix", max_len=8),
        "handicraft": c.flag("handicraft", nullable=True),
        "effective_from": c.day("effective_from"),
        "effective_to": c.day("effective_to", required=False),
        "rate_bp": c.integer("rate_bp", required=False),
        "band_threshold": None, "band_low_bp": None, "band_high_bp": None, "dead_band": None,
        "description": c.text("description", required=False, max_len=2000, name=True),
    }
    band = c.data.get("band")
    if band is not None:
        if not isinstance(band, Mapping):
            c.fail("band must be an object")
        b = _Checker(CatalogueChange(change.entity, change.id, change.op, change.change_seq,
                                     band))
        values["band_threshold"] = b.integer("threshold")
        values["band_low_bp"] = b.integer("low_bp")
        values["band_high_bp"] = b.integer("high_bp")
        policy = b.text("dead_band", required=False, default=DeadBandPolicy.REFUSE.value)
        if policy not in {p.value for p in DeadBandPolicy}:
            c.fail(f"unknown dead_band policy {policy!r}")
        values["dead_band"] = policy
    try:
        _tax_rule(values)  # the domain's own checks (flat xor band, ranges, dates)
    except ValueError as exc:
        c.fail(str(exc))
    return values


def _supplier_row(change: CatalogueChange) -> dict[str, Any]:
    c = _Checker(change)
    c.same_id("supplier_id")
    kind = c.text("kind", max_len=32)
    if kind not in SUPPLIER_KINDS:
        c.fail(f"unknown supplier kind {kind!r}")
    gstin = c.text("gstin", required=False, max_len=15).upper()
    if gstin and not is_valid_gstin(gstin):
        c.fail(f"GSTIN {gstin!r} is not valid")
    return {"supplier_id": change.id, "name_en": c.text("name_en", name=True),
            "name_hi": c.text("name_hi", name=True, required=False), "kind": kind,
            "district": c.text("district", required=False, name=True), "gstin": gstin}


def _category_row(change: CatalogueChange) -> dict[str, Any]:
    c = _Checker(change)
    c.same_id("category_id")
    return {"category_id": change.id, "name_en": c.text("name_en", name=True),
            "name_hi": c.text("name_hi", name=True, required=False)}


def _tax_rule(row: Mapping[str, Any]) -> TaxRule:
    band = None
    if row["band_threshold"] is not None:
        band = PriceBand(row["band_threshold"], row["band_low_bp"], row["band_high_bp"],
                         DeadBandPolicy(row["dead_band"] or DeadBandPolicy.REFUSE.value))
    handicraft = row["handicraft"]
    return TaxRule(
        rule_id=row["rule_id"], hsn_prefix=row["hsn_prefix"],
        effective_from=date.fromisoformat(row["effective_from"]),
        effective_to=date.fromisoformat(row["effective_to"]) if row["effective_to"] else None,
        handicraft=None if handicraft is None else bool(handicraft),
        rate_bp=row["rate_bp"], band=band, description=row["description"],
    )


_SIMPLE = {"tax_rule": (t.tax_rules, _tax_rule_row), "supplier": (t.suppliers, _supplier_row),
           "category": (t.categories, _category_row)}


# -- database access (SQLAlchemy connection or a raw sqlite3 one) ------------------------------

class _Db(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def run(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def run_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None: ...


class _SaDb:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.conn.exec_driver_sql(sql, tuple(params))]

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.exec_driver_sql(sql, tuple(params))

    def run_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if params:
            self.conn.exec_driver_sql(sql, [tuple(p) for p in params])


class _RawDb:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, tuple(params))

    def run_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if params:
            self.conn.executemany(sql, params)


@contextmanager
def _raw(store: Store) -> Iterator[sqlite3.Connection]:
    """A pooled connection used directly: no ``BEGIN IMMEDIATE`` is issued behind our back."""
    fairy = store.engine.raw_connection()
    try:
        conn = cast(sqlite3.Connection, fairy.driver_connection)
        previous = conn.isolation_level
        conn.isolation_level = None  # as the store sets it: we issue BEGIN ourselves
        try:
            yield conn
        finally:
            conn.isolation_level = previous
    finally:
        fairy.close()


def _placeholders(n: int) -> str:
    return ", ".join("?" * n)


def catalogue_cursor(conn: Connection) -> int | None:
    """The cursor of the catalogue this till holds (``None`` before the first snapshot)."""
    return _cursor(_SaDb(conn))


def _cursor(db: _Db) -> int | None:
    found = db.rows("SELECT value FROM settings WHERE key = ?", (CURSOR_KEY,))
    return int(found[0][0]) if found else None


def _set_cursor(db: _Db, cursor: int) -> None:
    db.run("INSERT INTO settings (key, value) VALUES (?, ?) "
           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (CURSOR_KEY, str(cursor)))


# -- one page of changes ----------------------------------------------------------------------

def apply_changes(conn: Connection, changes: Iterable[CatalogueChange], cursor: int) -> None:
    """Apply one page of catalogue changes and store ``cursor``, in the caller's transaction.

    Everything is validated first; a bad row raises :class:`CatalogueError` and nothing is
    written. The writes run under a savepoint, so even an unexpected database error leaves the
    caller's transaction as it was. Changes at or below the stored cursor were applied before
    (a page fetched twice) and are skipped; within the page the highest ``change_seq`` of an
    entity wins. Upserting a product replaces its barcodes; deleting one deletes them too.

    A SKU or barcode that an *older* version of another product still holds moved with a newer
    change (the other product's own change is on a later page): the barcode is taken from it,
    and a product whose SKU was taken is removed until its newer version arrives. A clash
    with a product changed at or after this change is an error.
    """
    db = _SaDb(conn)
    page = list(changes)
    stored = _cursor(db)
    if isinstance(cursor, bool) or not isinstance(cursor, int) or cursor < 0:
        raise CatalogueError("page", str(cursor), "the cursor must be a whole number >= 0")
    if stored is not None and cursor < stored:
        raise CatalogueError("page", str(cursor),
                             f"the cursor goes backwards (this till is at {stored})")
    latest: dict[tuple[str, str], CatalogueChange] = {}
    for change in page:
        _check_id(change)
        if change.change_seq > cursor:
            raise CatalogueError(change.entity, change.id,
                                 f"change_seq {change.change_seq} is beyond the page's cursor "
                                 f"{cursor}")
        if stored is not None and change.change_seq <= stored:
            continue  # already applied
        key = (change.entity, change.id)
        if key not in latest or change.change_seq >= latest[key].change_seq:
            latest[key] = change

    products: list[_ProductRow] = []
    product_deletes: list[str] = []
    simple: dict[str, tuple[list[dict[str, Any]], list[str]]] = {e: ([], []) for e in _SIMPLE}
    for (entity, entity_id), change in latest.items():
        if entity == "product":
            if change.op == "delete":
                product_deletes.append(entity_id)
            else:
                products.append(_product_row(change))
        else:
            upserts, deletes = simple[entity]
            if change.op == "delete":
                deletes.append(entity_id)
            else:
                upserts.append(_SIMPLE[entity][1](change))
    _check_unique(products)

    with conn.begin_nested():
        _write_products(db, products, product_deletes)
        for entity, (upserts, deletes) in simple.items():
            table = _SIMPLE[entity][0]
            key_column = next(iter(table.primary_key.columns)).name
            db.run_many(f"DELETE FROM {table.name} WHERE {key_column} = ?",  # noqa: S608
                        [(i,) for i in deletes])
            if upserts:
                columns = list(upserts[0])
                update = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key_column)
                db.run_many(
                    f"INSERT INTO {table.name} ({', '.join(columns)}) "  # noqa: S608
                    f"VALUES ({_placeholders(len(columns))}) "
                    f"ON CONFLICT ({key_column}) DO UPDATE SET {update}",
                    [tuple(row[c] for c in columns) for row in upserts])
        _set_cursor(db, cursor)


def _check_unique(products: Sequence[_ProductRow]) -> None:
    skus: dict[str, str] = {}
    codes: dict[str, str] = {}
    for row in products:
        other = skus.setdefault(row.sku, row.product_id)
        if other != row.product_id:
            raise CatalogueError("product", row.product_id,
                                 f"SKU {row.sku!r} is also given to product {other!r}")
        for code in row.barcodes:
            other = codes.setdefault(code, row.product_id)
            if other != row.product_id:
                raise CatalogueError("product", row.product_id,
                                     f"barcode {code!r} is also given to product {other!r}")


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _write_products(db: _Db, upserts: Sequence[_ProductRow], deletes: Sequence[str]) -> None:
    """Write a page's products. One whose SKU and names are unchanged is updated in place, so
    a price change leaves the search index alone; the others are deleted and inserted again
    (the index follows by trigger), since a SKU or barcode may move between products."""
    ids = [row.product_id for row in upserts]
    indexed: dict[str, tuple[Any, ...]] = {}
    for chunk in _chunks(ids):
        for pid, *names in db.rows(f"SELECT product_id, {', '.join(_NAME_COLUMNS)} "  # noqa: S608
                                   f"FROM products WHERE product_id IN "
                                   f"({_placeholders(len(chunk))})", chunk):
            indexed[pid] = tuple(names)
    in_place = [row for row in upserts if indexed.get(row.product_id) == row.values[1:4]]
    replaced = [row for row in upserts if indexed.get(row.product_id) != row.values[1:4]]

    db.run_many("DELETE FROM barcodes WHERE product_id = ?", [(pid,) for pid in [*ids, *deletes]])
    db.run_many("DELETE FROM products WHERE product_id = ?",  # search index: by trigger
                [(pid,) for pid in [*(row.product_id for row in replaced), *deletes]])
    others = ", ".join(f"{c} = ?" for c in _OTHER_COLUMNS)
    db.run_many(f"UPDATE products SET {others} WHERE product_id = ?",  # noqa: S608
                [(*row.values[4:], row.product_id) for row in in_place])

    def stale(holder: str, held_seq: int, row: _ProductRow, what: str) -> None:
        if held_seq >= row.change_seq:
            raise CatalogueError("product", row.product_id,
                                 f"{what} belongs to product {holder!r}, changed later "
                                 f"(change {held_seq})")

    by_sku = {row.sku: row for row in replaced}
    for chunk in _chunks(list(by_sku)):
        for holder, sku, held_seq in db.rows(
                "SELECT product_id, sku, change_seq FROM products WHERE sku IN "  # noqa: S608
                f"({_placeholders(len(chunk))})", chunk):
            stale(holder, held_seq, by_sku[sku], f"SKU {sku!r}")
            db.run("DELETE FROM barcodes WHERE product_id = ?", (holder,))
            db.run("DELETE FROM products WHERE product_id = ?", (holder,))
    by_code = {code: row for row in upserts for code in row.barcodes}
    for chunk in _chunks(list(by_code)):
        for code, holder, held_seq in db.rows(
                "SELECT b.code, b.product_id, p.change_seq FROM barcodes AS b "  # noqa: S608
                "JOIN products AS p ON p.product_id = b.product_id WHERE b.code IN "
                f"({_placeholders(len(chunk))})", chunk):
            stale(holder, held_seq, by_code[code], f"barcode {code!r}")
            db.run("DELETE FROM barcodes WHERE code = ?", (code,))
    db.run_many(f"INSERT INTO products ({', '.join(_PRODUCT_COLUMNS)}) "  # noqa: S608
                f"VALUES ({_placeholders(len(_PRODUCT_COLUMNS))})",
                [row.values for row in replaced])
    db.run_many("INSERT INTO barcodes (code, product_id) VALUES (?, ?)",
                [(code, row.product_id) for row in upserts for code in row.barcodes])


# -- a whole snapshot -------------------------------------------------------------------------

_STAGED = ("products", "barcodes", "tax_rules", "suppliers", "categories")
BULK_MIN_ROWS = 2_000
"""A swap touching more search entries than this and than 1/8 of the catalogue rebuilds the
search index in one pass instead of row by row through its triggers (measured: a trigger costs
about five times what a rebuild costs per row)."""


def _create_staging(conn: sqlite3.Connection) -> None:
    _drop_staging(conn)
    for name in _STAGED:
        # Same columns and affinities as the real table; no constraints (checked in Python).
        conn.execute(f"CREATE TEMP TABLE staging_{name} AS "  # noqa: S608
                     f"SELECT * FROM main.{name} WHERE 0")


def _drop_staging(conn: sqlite3.Connection) -> None:
    for name in _STAGED:
        conn.execute(f"DROP TABLE IF EXISTS temp.staging_{name}")


class _Stager:
    """Validates snapshot rows and streams them into the staging tables in batches."""

    def __init__(self, conn: sqlite3.Connection, cursor: int, batch_size: int) -> None:
        self.conn = conn
        self.cursor = cursor
        self.batch_size = batch_size
        self.seen: dict[str, set[str]] = {e: set() for e in ENTITIES}
        self.skus: dict[str, str] = {}
        self.codes: dict[str, str] = {}
        self.products: list[tuple[Any, ...]] = []
        self.barcodes: list[tuple[str, str]] = []
        self.simple: dict[str, list[dict[str, Any]]] = {e: [] for e in _SIMPLE}
        self.counts = dict.fromkeys((*ENTITIES, "barcode"), 0)
        self.rows = 0

    def add(self, change: CatalogueChange) -> None:
        _check_id(change)
        self.rows += 1
        if change.op != "upsert":
            raise CatalogueError(change.entity, change.id, "a snapshot holds only upserts")
        if change.change_seq > self.cursor:
            raise CatalogueError(change.entity, change.id,
                                 f"change_seq {change.change_seq} is beyond the snapshot's "
                                 f"cursor {self.cursor}")
        seen = self.seen[change.entity]
        if change.id in seen:
            raise CatalogueError(change.entity, change.id, "appears twice in the snapshot")
        seen.add(change.id)
        if change.entity == "product":
            row = _product_row(change)
            pid = change.id  # row.product_id
            other = self.skus.setdefault(row.values[1], pid)
            if other != pid:
                raise CatalogueError("product", pid,
                                     f"SKU {row.sku!r} is also given to product {other!r}")
            for code in row.barcodes:
                other = self.codes.setdefault(code, pid)
                if other != pid:
                    raise CatalogueError("product", pid,
                                         f"barcode {code!r} is also given to product {other!r}")
                self.barcodes.append((code, pid))
            self.products.append(row.values)
            if len(self.products) >= self.batch_size:
                self.flush()
        else:
            self.simple[change.entity].append(_SIMPLE[change.entity][1](change))

    def flush(self) -> None:
        self.conn.executemany(
            f"INSERT INTO staging_products ({', '.join(_PRODUCT_COLUMNS)}) "  # noqa: S608
            f"VALUES ({_placeholders(len(_PRODUCT_COLUMNS))})", self.products)
        self.conn.executemany("INSERT INTO staging_barcodes (code, product_id) VALUES (?, ?)",
                              self.barcodes)
        self.counts["product"] += len(self.products)
        self.counts["barcode"] += len(self.barcodes)
        self.products.clear()
        self.barcodes.clear()
        for entity, rows in self.simple.items():
            if rows:
                table = _SIMPLE[entity][0].name
                columns = list(rows[0])
                self.conn.executemany(
                    f"INSERT INTO staging_{table} ({', '.join(columns)}) "  # noqa: S608
                    f"VALUES ({_placeholders(len(columns))})",
                    [tuple(row[c] for c in columns) for row in rows])
                self.counts[entity] += len(rows)
                rows.clear()


def load_snapshot(store: Store, rows: Iterable[CatalogueChange], cursor: int, *,
                  expected_rows: int | None = None, batch_size: int = 5_000) -> SnapshotResult:
    """Replace the whole catalogue (products with their barcodes, tax rules, suppliers,
    categories) by the snapshot ``rows`` taken at ``cursor``.

    The rows are validated and streamed into TEMP staging tables first, in batches, without
    taking the database's write lock; if the iterable raises (a cut download), a row is bad
    (:class:`CatalogueError`) or ``expected_rows`` is given and does not match, nothing changes.
    Then one ``BEGIN IMMEDIATE`` transaction swaps the catalogue by difference (only products
    that changed are touched, so the search index is updated for them alone, or rebuilt in one
    pass when much changed) and stores the cursor.
    """
    if isinstance(cursor, bool) or not isinstance(cursor, int) or cursor < 0:
        raise CatalogueError("snapshot", str(cursor), "the cursor must be a whole number >= 0")
    started = time.perf_counter()
    with _raw(store) as conn:
        try:
            _create_staging(conn)
            stager = _Stager(conn, cursor, batch_size)
            conn.execute("BEGIN")  # writes only TEMP tables: the database stays unlocked
            for change in rows:
                stager.add(change)
            stager.flush()
            conn.execute("CREATE UNIQUE INDEX temp.ix_staging_products "
                         "ON staging_products (product_id)")
            conn.execute("COMMIT")
            if expected_rows is not None and stager.rows != expected_rows:
                raise CatalogueError("snapshot", str(cursor),
                                     f"{stager.rows} rows received, {expected_rows} announced")
            staged = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            added, removed, renamed, rebuilt = _swap(conn)
            _set_cursor(_RawDb(conn), cursor)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            _drop_staging(conn)
    counts = stager.counts
    return SnapshotResult(
        products=counts["product"], barcodes=counts["barcode"], tax_rules=counts["tax_rule"],
        suppliers=counts["supplier"], categories=counts["category"], added=added,
        removed=removed, renamed=renamed, rebuilt_index=rebuilt,
        staging_seconds=staged - started, swap_seconds=time.perf_counter() - staged)


def _swap(conn: sqlite3.Connection) -> tuple[int, int, int, bool]:
    """Make the real tables equal the staging ones; returns (added, removed, renamed, bulk)."""
    same = "s.product_id = products.product_id"
    names_differ = " OR ".join(f"products.{c} IS NOT s.{c}" for c in _NAME_COLUMNS[1:])
    others_differ = " OR ".join(f"products.{c} IS NOT s.{c}" for c in _OTHER_COLUMNS)

    def count(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    total = count("SELECT count(*) FROM staging_products")
    removed = count(f"SELECT count(*) FROM products WHERE NOT EXISTS "  # noqa: S608
                    f"(SELECT 1 FROM staging_products s WHERE {same})")
    added = count("SELECT count(*) FROM staging_products s WHERE NOT EXISTS "
                  "(SELECT 1 FROM products p WHERE p.product_id = s.product_id)")
    renamed = count(f"SELECT count(*) FROM products JOIN staging_products s "  # noqa: S608
                    f"ON {same} WHERE products.sku IS NOT s.sku OR {names_differ}")
    touched = removed + added + renamed
    bulk = touched > BULK_MIN_ROWS and touched * 8 > total
    triggers: list[tuple[str, str]] = []
    if bulk:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND tbl_name = 'products'").fetchall()
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')

    conn.execute("DELETE FROM barcodes")
    conn.execute(f"DELETE FROM products WHERE NOT EXISTS "  # noqa: S608
                 f"(SELECT 1 FROM staging_products s WHERE {same})")
    # A changed SKU is deleted and inserted again: two products may swap SKUs.
    conn.execute(f"DELETE FROM products WHERE EXISTS (SELECT 1 FROM staging_products s "  # noqa: S608
                 f"WHERE {same} AND products.sku IS NOT s.sku)")
    everything = ", ".join(f"{c} = s.{c}" for c in (*_NAME_COLUMNS[1:], *_OTHER_COLUMNS))
    conn.execute(f"UPDATE products SET {everything} FROM staging_products s "  # noqa: S608
                 f"WHERE {same} AND ({names_differ})")
    # Not naming the indexed columns keeps their update trigger (and the index) out of it.
    rest = ", ".join(f"{c} = s.{c}" for c in _OTHER_COLUMNS)
    conn.execute(f"UPDATE products SET {rest} FROM staging_products s "  # noqa: S608
                 f"WHERE {same} AND ({others_differ})")
    columns = ", ".join(_PRODUCT_COLUMNS)
    conn.execute(f"INSERT INTO products ({columns}) "  # noqa: S608
                 f"SELECT {columns} FROM staging_products s WHERE NOT EXISTS "
                 f"(SELECT 1 FROM products p WHERE p.product_id = s.product_id) ORDER BY s.rowid")
    conn.execute("INSERT INTO barcodes (code, product_id) "
                 "SELECT code, product_id FROM staging_barcodes ORDER BY rowid")
    if bulk:
        conn.execute("INSERT INTO product_search(product_search) VALUES ('rebuild')")
        for _name, sql in triggers:
            conn.execute(sql)
    for table, _row in _SIMPLE.values():
        conn.execute(f"DELETE FROM {table.name}")  # noqa: S608
        columns = ", ".join(table.c.keys())
        conn.execute(f"INSERT INTO {table.name} ({columns}) "  # noqa: S608
                     f"SELECT {columns} FROM staging_{table.name}")
    return added, removed, renamed, bulk


# -- reading ----------------------------------------------------------------------------------

_SELECT = ", ".join(f"p.{c}" for c in ("product_id", "sku", "name_en", "name_hi", "hsn", "unit",
                                       "mrp", "is_handicraft", "category_id", "supplier_id",
                                       "active"))
_FTS_FROM = ("FROM product_search CROSS JOIN products AS p ON p.rowid = product_search.rowid "
             "WHERE product_search MATCH ?")
_WORD_SEPARATORS = (" ", "-", "(")  # a word of a name starts after one of these (or at its start)
_LIKE_ESCAPE = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})
MIN_TRIGRAM = 3
DEFAULT_CANDIDATES = 300
EXAMINE = 2_000


def _product(row: Sequence[Any], barcodes: tuple[str, ...]) -> Product:
    return Product(product_id=row[0], sku=row[1], name_en=row[2], name_hi=row[3], hsn=row[4],
                   unit=Unit(row[5]), mrp=row[6], is_handicraft=bool(row[7]),
                   barcodes=barcodes, category=row[8], supplier_id=row[9],
                   active=bool(row[10]))


def normalize_query(text: str) -> str:
    """What a search typed into the till means: NFC, control characters dropped, spaces
    collapsed (the same normalisation as stored names)."""
    return normalize_text(_CONTROL.sub(" ", text))


def _fts_phrase(text: str) -> str:
    """User text as one FTS5 string: every character is literal inside double quotes."""
    return '"' + text.replace('"', '""') + '"'


def _like_prefix(text: str) -> str:
    return text.translate(_LIKE_ESCAPE) + "%"


def _word_starts(words: Sequence[str]) -> tuple[str, list[str]]:
    """SQL (ANDed to a WHERE) keeping rows in which each word starts a word of the English
    or Hindi name or of the SKU. ``LIKE`` ignores the case of ASCII letters."""
    sql, params = "", []
    for word in words:
        starts = _like_prefix(word)
        inner = ["%" + _like_prefix(sep + word) for sep in _WORD_SEPARATORS]
        tests = [("p.name_en", starts), ("p.name_hi", starts), ("p.sku", starts)]
        tests += [(column, pattern) for column in ("p.name_en", "p.name_hi") for pattern in inner]
        tests.append(("p.sku", "%" + _like_prefix("-" + word)))
        sql += " AND (" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c, _p in tests) + ")"
        params += [pattern for _c, pattern in tests]
    return sql, params


def _next_char(ch: str) -> str:
    code = ord(ch) + 1
    return chr(0xE000 if 0xD800 <= code <= 0xDFFF else min(code, 0x10FFFF))


class SqlCatalogue:
    """The catalogue read from the till database: ``ProductLookup`` and search.

    ``candidates`` bounds how many matches of each kind a search reads before ranking them.
    With very common text ("sar" among 200,000 sarees) the result is the best ``limit`` of
    those candidates (all products starting with the text, if that many exist, then others),
    not of every match: a keystroke stays in milliseconds whatever the catalogue's size.
    """

    def __init__(self, source: Store | Connection, *,
                 candidates: int = DEFAULT_CANDIDATES) -> None:
        self._store = source if isinstance(source, Store) else None
        self._conn = source if isinstance(source, Connection) else None
        self._candidates = candidates
        self._lock = threading.Lock()
        self._rules: tuple[int | None, tuple[TaxRule, ...]] | None = None

    @contextmanager
    def _reading(self) -> Iterator[_Db]:
        if self._conn is not None:
            yield _SaDb(self._conn)
            return
        assert self._store is not None
        with _raw(self._store) as conn:
            conn.execute("BEGIN")  # deferred: a consistent view, never waits for a writer
            try:
                yield _RawDb(conn)
            finally:
                conn.execute("ROLLBACK")

    # -- lookup --------------------------------------------------------------------------------

    def by_code(self, code: str) -> tuple[Product, str] | None:
        """The product with this barcode (exactly), else this SKU (any letter case), with the
        barcode that matched (empty for a SKU). Inactive products are returned too: the cart
        tells the cashier they are no longer sold rather than unknown."""
        text = normalize_query(code)
        if not text:
            return None
        with self._reading() as db:
            found = self._by_code(db, text, any_case=True)
            if found is None:
                return None
            row, barcode = found
            return _product(row, self._barcodes(db, [row[0]])[row[0]]), barcode

    def _by_code(self, db: _Db, text: str, *, any_case: bool
                 ) -> tuple[tuple[Any, ...], str] | None:
        if len(text) <= MAX_BARCODE:
            rows = db.rows(f"SELECT {_SELECT} FROM barcodes AS b JOIN products AS p "  # noqa: S608
                           "ON p.product_id = b.product_id WHERE b.code = ?", (text,))
            if rows:
                return rows[0], text
        for variant in dict.fromkeys((text, text.upper(), text.lower())):
            rows = db.rows(f"SELECT {_SELECT} FROM products AS p WHERE p.sku = ?",  # noqa: S608
                           (variant,))
            if rows:
                return rows[0], ""
        if (any_case and len(text) >= MIN_TRIGRAM and any(ch.isdigit() for ch in text)
                and any(ch.isalpha() for ch in text)):
            # A SKU stored in mixed case ("Chn-Sar-01"): the trigram index ignores case. Only
            # for SKU-like text (letters and digits): common words would walk long doclists.
            folded = text.casefold()
            for row in db.rows(f"SELECT {_SELECT} {_FTS_FROM} LIMIT 50",
                               (f"sku : ^ {_fts_phrase(text)}",)):
                if row[1].casefold() == folded:
                    return row, ""
        return None

    def _barcodes(self, db: _Db, product_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {pid: [] for pid in product_ids}
        if product_ids:
            for pid, code in db.rows(
                    "SELECT product_id, code FROM barcodes WHERE product_id IN "  # noqa: S608
                    f"({_placeholders(len(product_ids))}) ORDER BY rowid", product_ids):
                found[pid].append(code)
        return {pid: tuple(codes) for pid, codes in found.items()}

    def get_product(self, product_id: str) -> Product | None:
        with self._reading() as db:
            rows = db.rows(f"SELECT {_SELECT} FROM products AS p "  # noqa: S608
                           "WHERE p.product_id = ?", (product_id,))
            if not rows:
                return None
            return _product(rows[0], self._barcodes(db, [product_id])[product_id])

    # -- tax rules -----------------------------------------------------------------------------

    def tax_rules(self, on: date) -> tuple[TaxRule, ...]:
        """The published rules in force on ``on``. All rules are cached and reloaded whenever
        the stored catalogue cursor moves (every applied page or snapshot moves it)."""
        with self._reading() as db:
            cursor = _cursor(db)
            cached = self._rules
            if cached is None or cached[0] != cursor:
                columns = list(t.tax_rules.c.keys())
                rules = tuple(
                    _tax_rule(dict(zip(columns, row, strict=True)))
                    for row in db.rows(f"SELECT {', '.join(columns)} FROM tax_rules "  # noqa: S608
                                       "ORDER BY rule_id"))
                with self._lock:
                    self._rules = cached = (cursor, rules)
        return tuple(rule for rule in cached[1] if rule.in_force(on))

    def invalidate(self) -> None:
        """Forget cached tax rules (only needed after writing tax_rules by other means)."""
        with self._lock:
            self._rules = None

    # -- search --------------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[Product]:
        """Active products whose SKU or English or Hindi name contains every word of ``text``.

        Words of three characters or more are found anywhere (English case-insensitive, Hindi
        NFC, so both encodings of a nukta letter match); shorter words must start a word of a
        name or of the SKU, and text of single characters must start a name or the SKU
        (trigrams need three characters). Ranked: exact SKU or barcode, then a name (or SKU)
        starting with the text, then those where every word starts a word, then the rest; by
        English name (case-insensitive) within a rank.
        """
        query = normalize_query(text)
        if not query or limit <= 0:
            return []
        words = list(dict.fromkeys(query.split(" ")))
        bound = max(self._candidates, limit)
        with self._reading() as db:
            exact = self._by_code(db, query, any_case=False) if " " not in query else None
            pairs = {w: self._starting(db, w) for w in words if len(w) == MIN_TRIGRAM - 1}
            matches = [_fts_phrase(w) if len(w) >= MIN_TRIGRAM else
                       " OR ".join([_fts_phrase(sep + w) for sep in _WORD_SEPARATORS] + pairs[w])
                       for w in words if len(w) >= MIN_TRIGRAM - 1]
            if matches:
                filters, params = _word_starts([w for w in words if len(w) < MIN_TRIGRAM - 1])
                found = self._fts(db, " AND ".join(f"({m})" for m in matches), filters, params,
                                  bound)
                starting = (["^ " + _fts_phrase(query[:MIN_TRIGRAM])]
                            if len(query) >= MIN_TRIGRAM else pairs.get(query, []))
                if len(found) >= bound and starting:
                    # More matches than read: make sure those starting with the text are in.
                    starts = _like_prefix(query)
                    found += self._fts(
                        db, " OR ".join(starting),
                        filters + " AND (p.name_en LIKE ? ESCAPE '\\' OR p.name_hi LIKE ? "
                        "ESCAPE '\\' OR p.sku LIKE ? ESCAPE '\\')",
                        [*params, starts, starts, starts], bound)
            else:
                # Only single characters: names or SKUs starting with the text. No index on
                # products serves this; the scan stops once ``bound`` rows are found.
                starts = _like_prefix(query)
                found = db.rows(
                    f"SELECT {_SELECT} FROM products AS p WHERE p.active = 1 AND "  # noqa: S608
                    "(p.name_en LIKE ? ESCAPE '\\' OR p.name_hi LIKE ? ESCAPE '\\' "
                    "OR p.sku LIKE ? ESCAPE '\\') LIMIT ?", (starts, starts, starts, bound))
            best = self._rank(query, [exact[0]] if exact and exact[0][10] else [], found, limit)
            barcodes = self._barcodes(db, [row[0] for row in best])
        return [_product(row, barcodes[row[0]]) for row in best]

    @staticmethod
    def _fts(db: _Db, match: str, filters: str, params: Sequence[Any], bound: int
             ) -> list[tuple[Any, ...]]:
        """Active products matching ``match`` and ``filters``, at most ``bound`` of them, from
        at most ``EXAMINE`` index matches (what keeps a rare filter on a common word cheap)."""
        return db.rows(
            f"SELECT {_SELECT} FROM (SELECT rowid AS hit FROM product_search "  # noqa: S608
            "WHERE product_search MATCH ? LIMIT ?) AS m CROSS JOIN products AS p "
            f"ON p.rowid = m.hit WHERE p.active = 1{filters} LIMIT ?",
            (match, max(EXAMINE, bound), *params, bound))

    @staticmethod
    def _starting(db: _Db, pair: str) -> list[str]:
        """FTS5 phrases for "a name or the SKU starts with these two characters": the index's
        own trigrams beginning with them say which third characters exist (``^ "sar"``, ...).
        (After a separator a two-character word is a trigram itself: " sa", "-sa", "(sa".)"""
        db.run("CREATE VIRTUAL TABLE IF NOT EXISTS temp.product_search_terms "
               "USING fts5vocab(main, product_search, row)")
        folded = pair.lower()  # the index folds case like this
        return ["^ " + _fts_phrase(term) for (term,) in db.rows(
            "SELECT term FROM temp.product_search_terms WHERE term >= ? AND term < ? LIMIT 400",
            (folded, folded[:-1] + _next_char(folded[-1])))]

    @staticmethod
    def _rank(query: str, exact: Sequence[tuple[Any, ...]], rows: Sequence[tuple[Any, ...]],
              limit: int) -> list[tuple[Any, ...]]:
        folded = query.casefold()
        word_starts = [[sep + w for sep in _WORD_SEPARATORS] for w in folded.split(" ")]
        ranked: dict[str, tuple[tuple[int, str, str, str], tuple[Any, ...]]] = {}
        for row in exact:
            ranked[row[0]] = ((0, row[2].casefold(), row[3], row[0]), row)
        for row in rows:
            if row[0] in ranked:
                continue
            sku, name_en, name_hi = row[1].casefold(), row[2].casefold(), row[3]
            if name_en.startswith(folded) or name_hi.startswith(folded) or sku.startswith(folded):
                tier = 1
            else:
                text = f" {name_en} {name_hi} {sku}"
                tier = 2 if all(any(s in text for s in starts) for starts in word_starts) else 3
            ranked[row[0]] = ((tier, name_en, name_hi, row[0]), row)
        return [row for _key, row in sorted(ranked.values(), key=lambda item: item[0])[:limit]]
