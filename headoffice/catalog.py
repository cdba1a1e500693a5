"""The central catalogue: writes that publish, and the change feed and snapshot that tills read.

Every write goes through :class:`CatalogWriter` inside the caller's transaction. It updates the
entity's table, takes the next numbers of the **change sequence** (``catalog_state``, one row,
incremented with ``UPDATE … SET change_seq = change_seq + n``) and upserts the entity's row of
``catalog_changes`` (its published JSON, or a tombstone for a deletion) with that number, all in
that one transaction: a failed write leaves the sequence and the feed as they were.

The counter row is also what makes the cursor safe. Its row lock serialises catalogue writers,
so change numbers become visible in commit order: a till that has read up to ``n`` can never
later find a committed change below ``n`` that it missed (a database SEQUENCE would allow that,
as transactions commit out of order). ``updated_at`` plays no part.

A tombstone stays in the feed for the tombstone window; :func:`purge_tombstones` then drops it
and raises ``purged_through``, and a cursor below that gets 410 (take a snapshot).

What a device sees depends on its outlet: only its own ``outlet`` row, and ``staff`` only when
they may log in there (a person moved elsewhere reaches the till as a deletion).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from json.encoder import encode_basestring
from typing import IO, Any, Literal, cast

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Table, Text, delete, func, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from headoffice.clock import now_utc
from headoffice.db import schema as t
from pos.domain.barcode import is_valid_gs1
from pos.domain.catalog import valid_hsn
from pos.domain.gstin import STATES, is_valid_gstin
from pos.domain.numbering import Series, SeriesError
from pos.domain.tax import TaxRule
from pos.sync.protocol import (
    ENTITIES,
    ENTITY_MODELS,
    CatalogChange,
    CatalogChangesResponse,
    CategoryData,
    OutletData,
    ProductData,
    SnapshotEnd,
    SnapshotHeader,
    StaffData,
    SupplierData,
    TaxRuleData,
)

MAX_ID = 64


class CatalogError(ValueError):
    """A catalogue write that cannot be made; nothing of it was written (the caller's
    transaction must be rolled back: the database may have refused a statement)."""

    def __init__(self, entity: str, entity_id: str, reason: str) -> None:
        super().__init__(f"{entity} {entity_id!r}: {reason}")
        self.entity = entity
        self.entity_id = entity_id
        self.reason = reason


def upsert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]],
           keys: Sequence[str]) -> None:
    """``INSERT … ON CONFLICT (keys) DO UPDATE`` on PostgreSQL and SQLite alike."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect == "postgresql":
        pg = postgresql.insert(table)
        columns = {c: pg.excluded[c] for c in rows[0] if c not in keys}
        conn.execute(pg.on_conflict_do_update(index_elements=list(keys), set_=columns), rows)
    elif dialect == "sqlite":
        lite = sqlite.insert(table)
        columns = {c: lite.excluded[c] for c in rows[0] if c not in keys}
        conn.execute(lite.on_conflict_do_update(index_elements=list(keys), set_=columns), rows)
    else:  # pragma: no cover - only the two supported databases
        raise NotImplementedError(dialect)


# -- the change sequence -----------------------------------------------------------------------

def bump_sequence(conn: Connection, n: int = 1) -> int:
    """Take ``n`` change numbers; returns the last (they are ``last - n + 1 … last``). Holds
    the counter row's lock until the transaction ends."""
    conn.execute(update(t.catalog_state).where(t.catalog_state.c.id == 1)
                 .values(change_seq=t.catalog_state.c.change_seq + n))
    return int(conn.execute(select(t.catalog_state.c.change_seq)
                            .where(t.catalog_state.c.id == 1)).scalar_one())


def catalog_head(conn: Connection) -> tuple[int, int]:
    """``(latest change_seq, purged_through)``."""
    row = conn.execute(select(t.catalog_state.c.change_seq, t.catalog_state.c.purged_through)
                       .where(t.catalog_state.c.id == 1)).one()
    return int(row[0]), int(row[1])


# -- validation --------------------------------------------------------------------------------

def _check_id(entity: str, value: str) -> None:
    if not value or value != value.strip() or len(value) > MAX_ID:
        raise CatalogError(entity, value, f"id must be 1-{MAX_ID} characters, no outer spaces")


def valid_barcode(code: str) -> bool:
    """Printable ASCII without spaces, at most 32 characters; a GS1 number (8, 12, 13 or 14
    digits) must carry its check digit (the till applies the same rule)."""
    if not 1 <= len(code) <= 32 or not all(0x21 <= ord(ch) <= 0x7E for ch in code):
        return False
    return not (code.isdigit() and len(code) in (8, 12, 13, 14)) or is_valid_gs1(code)


def _check_product(p: ProductData) -> None:
    _check_id("product", p.product_id)
    if not valid_hsn(p.hsn):
        raise CatalogError("product", p.product_id, f"HSN {p.hsn!r} must be 6 or 8 digits")
    if not p.sku.strip() or len(p.sku) > 64:
        raise CatalogError("product", p.product_id, "SKU must be 1-64 characters")
    if not p.name_en.strip():
        raise CatalogError("product", p.product_id, "the English name is missing")
    for code in p.barcodes:
        if not valid_barcode(code):
            raise CatalogError("product", p.product_id, f"barcode {code!r} is not valid "
                               "(bad characters, too long, or a wrong GS1 check digit)")
    if len(set(p.barcodes)) != len(p.barcodes):
        raise CatalogError("product", p.product_id, "the same barcode is listed twice")


def _check_rule(r: TaxRuleData) -> TaxRule:
    _check_id("tax_rule", r.rule_id)
    try:
        return r.to_domain()
    except ValueError as exc:
        raise CatalogError("tax_rule", r.rule_id, str(exc)) from None


def _check_outlet(o: OutletData) -> None:
    _check_id("outlet", o.outlet_id)
    if o.state_code not in STATES:
        raise CatalogError("outlet", o.outlet_id, f"{o.state_code!r} is not a GST state code")
    if not is_valid_gstin(o.gstin) or o.gstin[:2] != o.state_code:
        raise CatalogError("outlet", o.outlet_id,
                           f"GSTIN {o.gstin!r} is not a valid GSTIN of state {o.state_code}")
    for prefix in (o.invoice_prefix, o.credit_prefix):
        try:
            Series(prefix)
        except SeriesError as exc:
            raise CatalogError("outlet", o.outlet_id, f"series prefix: {exc}") from None
    if o.kind == "stall" and (o.valid_from is None or o.valid_to is None):
        raise CatalogError("outlet", o.outlet_id, "a stall needs its registration dates")
    if o.valid_from and o.valid_to and o.valid_to < o.valid_from:
        raise CatalogError("outlet", o.outlet_id, "valid_to is before valid_from")


def _check_staff(s: StaffData) -> None:
    _check_id("staff", s.staff_id)
    if not s.pin_hash.startswith("scrypt$"):
        raise CatalogError("staff", s.staff_id, "pin_hash must be the till's scrypt form")


# -- rows <-> wire data ------------------------------------------------------------------------

def _row_of(entity: str, item: BaseModel, now: datetime) -> dict[str, Any]:
    if isinstance(item, ProductData):
        return {"product_id": item.product_id, "sku": item.sku, "name_en": item.name_en,
                "name_hi": item.name_hi, "hsn": item.hsn, "unit": item.unit.value,
                "mrp": item.mrp, "is_handicraft": item.is_handicraft,
                "category_id": item.category_id or None, "supplier_id": item.supplier_id or None,
                "active": item.active, "updated_at": now}
    if isinstance(item, TaxRuleData):
        band = item.band
        return {"rule_id": item.rule_id, "hsn_prefix": item.hsn_prefix,
                "handicraft": item.handicraft, "effective_from": item.effective_from,
                "effective_to": item.effective_to, "rate_bp": item.rate_bp,
                "band_threshold": band.threshold if band else None,
                "band_low_bp": band.low_bp if band else None,
                "band_high_bp": band.high_bp if band else None,
                "dead_band": band.dead_band if band else None,
                "description": item.description, "deleted_at": None}
    if isinstance(item, StaffData):
        return {**item.model_dump(), "outlet_ids": list(item.outlet_ids)}
    if isinstance(item, CategoryData | SupplierData | OutletData):
        return item.model_dump()
    raise TypeError(entity)  # pragma: no cover


_TABLES: dict[str, tuple[Table, str]] = {
    "product": (t.products, "product_id"), "tax_rule": (t.tax_rules, "rule_id"),
    "supplier": (t.suppliers, "supplier_id"), "category": (t.categories, "category_id"),
    "outlet": (t.outlets, "outlet_id"), "staff": (t.staff, "staff_id"),
}


def _entity_id(entity: str, item: BaseModel) -> str:
    return str(getattr(item, _TABLES[entity][1]))


def rule_from_row(row: Any) -> TaxRule:
    """A ``tax_rules`` row as the domain's rule."""
    data = {
        "rule_id": row.rule_id, "hsn_prefix": row.hsn_prefix, "handicraft": row.handicraft,
        "effective_from": row.effective_from, "effective_to": row.effective_to,
        "rate_bp": row.rate_bp, "description": row.description,
        "band": None if row.band_threshold is None else {
            "threshold": row.band_threshold, "low_bp": row.band_low_bp,
            "high_bp": row.band_high_bp, "dead_band": row.dead_band or "refuse"},
    }
    return TaxRuleData.model_validate(data).to_domain()


# -- writing -----------------------------------------------------------------------------------

class CatalogWriter:
    """Catalogue writes in the caller's transaction; each returns the change numbers taken."""

    def __init__(self, conn: Connection, *, now: datetime | None = None) -> None:
        self.conn = conn
        self.now = now or now_utc()

    def put(self, entity: str, items: Sequence[BaseModel], *,
            skip_unchanged: bool = False) -> list[int]:
        """Insert or replace ``items`` (all of ``entity``'s model) and publish them. With
        ``skip_unchanged``, items identical to what is published are left alone (a file
        imported twice publishes nothing the second time)."""
        if entity not in ENTITIES:
            raise CatalogError(entity, "", "unknown entity")
        model = ENTITY_MODELS[entity]
        ids: set[str] = set()
        for item in items:
            if not isinstance(item, model):
                raise TypeError(f"{entity} needs {model.__name__}, got {type(item).__name__}")
            entity_id = _entity_id(entity, item)
            if entity_id in ids:
                raise CatalogError(entity, entity_id, "appears twice in one write")
            ids.add(entity_id)
            self._check(entity, item)
        if skip_unchanged and items:
            published = self.published(entity, sorted(ids))
            items = [item for item in items if published.get(_entity_id(entity, item))
                     != item.model_dump(mode="json")]
        if not items:
            return []
        ids = {_entity_id(entity, item) for item in items}
        table, key = _TABLES[entity]
        last = bump_sequence(self.conn, len(items))
        seqs = list(range(last - len(items) + 1, last + 1))
        try:
            upsert(self.conn, table, [_row_of(entity, item, self.now) for item in items], [key])
            if entity == "product":
                products = cast(Sequence[ProductData], items)
                self.conn.execute(delete(t.barcodes).where(t.barcodes.c.product_id.in_(
                    [p.product_id for p in products])))
                codes = [{"code": code, "product_id": p.product_id, "position": i}
                         for p in products for i, code in enumerate(p.barcodes)]
                if codes:
                    self.conn.execute(t.barcodes.insert(), codes)
        except IntegrityError as exc:
            raise CatalogError(entity, ", ".join(sorted(ids))[:200],
                               _integrity_reason(entity, exc)) from exc
        self._publish([(entity, _entity_id(entity, item), "upsert",
                        item.model_dump(mode="json"), seq)
                       for item, seq in zip(items, seqs, strict=True)])
        return seqs

    def published(self, entity: str, ids: Sequence[str]) -> dict[str, Any]:
        """The published data of these entities (those not deleted)."""
        cc = t.catalog_changes
        found: dict[str, Any] = {}
        for start in range(0, len(ids), 500):
            found.update(self.conn.execute(select(cc.c.entity_id, cc.c.data).where(
                cc.c.entity == entity, cc.c.op == "upsert",
                cc.c.entity_id.in_(ids[start:start + 500]))).tuples().all())
        return found

    def delete(self, entity: str, entity_id: str) -> int:
        """Delete one entity and publish its tombstone. A tax rule is only withdrawn (kept
        here for recomputing the sales made under it)."""
        if entity not in ENTITIES:
            raise CatalogError(entity, entity_id, "unknown entity")
        table, key = _TABLES[entity]
        try:
            if entity == "tax_rule":
                done = self.conn.execute(update(table).where(
                    table.c[key] == entity_id, table.c.deleted_at.is_(None))
                    .values(deleted_at=self.now)).rowcount
            else:
                done = self.conn.execute(delete(table).where(table.c[key] == entity_id)).rowcount
        except IntegrityError as exc:
            raise CatalogError(entity, entity_id, "still in use (products, devices...)") from exc
        if not done:
            raise CatalogError(entity, entity_id, "no such entry")
        seq = bump_sequence(self.conn)
        self._publish([(entity, entity_id, "delete", None, seq)])
        return seq

    def _check(self, entity: str, item: BaseModel) -> None:
        if isinstance(item, ProductData):
            _check_product(item)
        elif isinstance(item, TaxRuleData):
            _check_rule(item)
        elif isinstance(item, OutletData):
            _check_outlet(item)
        elif isinstance(item, StaffData):
            _check_staff(item)
        else:
            _check_id(entity, _entity_id(entity, item))

    def _publish(self, changes: Sequence[tuple[str, str, str, Any, int]]) -> None:
        upsert(self.conn, t.catalog_changes, [
            {"entity": entity, "entity_id": entity_id, "op": op, "change_seq": seq,
             "data": data, "changed_at": self.now}
            for entity, entity_id, op, data, seq in changes], ["entity", "entity_id"])


def _integrity_reason(entity: str, exc: IntegrityError) -> str:
    text = str(exc.orig).lower()
    if entity == "product" and ("barcode" in text or ".code" in text):
        return "a barcode is already used by another product"
    if "sku" in text:
        return "the SKU is already used by another product"
    if "foreign key" in text:
        return "refers to an unknown category, supplier or outlet"
    if "prefix" in text:
        return "a series prefix is already used by another outlet"
    return "conflicts with the catalogue (duplicate or unknown reference)"


def purge_tombstones(conn: Connection, older_than: datetime) -> int:
    """Drop tombstones changed before ``older_than``; a cursor below the newest dropped one
    must take a snapshot from now on. Returns how many were dropped."""
    cc = t.catalog_changes
    old = (cc.c.op == "delete") & (cc.c.changed_at < older_than)
    newest = conn.execute(select(func.max(cc.c.change_seq)).where(old)).scalar()
    if newest is None:
        return 0
    # Take the counter row's lock first, like every catalogue write.
    conn.execute(update(t.catalog_state).where(t.catalog_state.c.id == 1).values(
        purged_through=func.max(t.catalog_state.c.purged_through, newest)
        if conn.dialect.name == "sqlite"
        else func.greatest(t.catalog_state.c.purged_through, newest)))
    return int(conn.execute(delete(cc).where(old, cc.c.change_seq <= newest)).rowcount)


# -- reading: what a device sees ---------------------------------------------------------------

class StaleCursor(Exception):
    """The cursor is older than the tombstone window (or newer than head office): 410."""


Op = Literal["upsert", "delete"]


def _visible(outlet_id: str, entity: str, entity_id: str, op: Op,
             data: dict[str, Any] | None) -> tuple[Op, dict[str, Any] | None] | None:
    """``(op, data)`` as the device of ``outlet_id`` must see this change, or None to skip."""
    if entity == "outlet":
        return (op, data) if entity_id == outlet_id else None
    if entity == "staff" and op == "upsert" and data is not None \
            and outlet_id not in data.get("outlet_ids", []):
        return "delete", None  # moved to other outlets: gone from this till
    return op, data


@dataclass(frozen=True, slots=True)
class ChangesPage:
    response: CatalogChangesResponse
    etag: str


def changes_etag(outlet_id: str, since: int, limit: int, head: int, purged: int) -> str:
    key = f"v1|{outlet_id}|{since}|{limit}|{head}|{purged}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def read_changes(conn: Connection, outlet_id: str, since: int, limit: int) -> ChangesPage:
    """One page of the change feed after ``since`` (raises :class:`StaleCursor`)."""
    head, purged = catalog_head(conn)
    if since < purged or since > head:
        raise StaleCursor(since)
    cc = t.catalog_changes
    rows = conn.execute(select(cc.c.entity, cc.c.entity_id, cc.c.op, cc.c.change_seq,
                               cc.c.data).where(cc.c.change_seq > since)
                        .order_by(cc.c.change_seq).limit(limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    changes: list[CatalogChange] = []
    for entity, entity_id, op, seq, data in rows:
        seen = _visible(outlet_id, entity, entity_id, cast(Op, op), data)
        if seen is not None:
            changes.append(CatalogChange(entity=entity, id=entity_id, op=seen[0],
                                         change_seq=int(seq), data=seen[1]))
    next_cursor = int(rows[-1].change_seq) if rows else since
    return ChangesPage(CatalogChangesResponse(changes=changes, next_cursor=next_cursor,
                                              has_more=has_more),
                       changes_etag(outlet_id, since, limit, head, purged))


# The file is built once per outlet and cursor, for every till of the outlet: level 3 takes
# about 40 % of level 6's time for some 20 % more bytes (200,000 products: 0.7 s and 17.8 MB
# against 1.6 s and 14.7 MB).
SNAPSHOT_GZIP_LEVEL = 3
_FILTERED = ("outlet", "staff")  # which of these a device sees depends on its outlet


def _snapshot_lines(conn: Connection, outlet_id: str) -> Iterator[str]:
    """The snapshot's rows as JSON lines (without their newline), each the JSON of
    ``CatalogChange(...).model_dump(mode="json")`` with the same keys in the same order, made
    without a model per row. ``data`` is the entity's published JSON as stored, which the
    model passes through: on PostgreSQL its text is spliced in as the database writes it
    (JSONB's text: the same keys in the same order as parsing it gives, a space after ``:``
    and ``,``), so only the rows filtered by outlet are parsed at all."""
    cc = t.catalog_changes
    as_text = conn.dialect.name == "postgresql"
    data = sql_cast(cc.c.data, Text) if as_text else cc.c.data
    result = conn.execution_options(yield_per=2000).execute(
        select(cc.c.entity, cc.c.entity_id, cc.c.change_seq, data)
        .where(cc.c.op == "upsert").order_by(cc.c.change_seq))
    heads = {entity: f'{{"entity":"{entity}","id":' for entity in ENTITIES}
    for entity, entity_id, seq, stored in result:
        if entity in _FILTERED:
            value = json.loads(stored) if as_text else stored
            seen = _visible(outlet_id, entity, entity_id, "upsert", value)
            if seen is None or seen[0] != "upsert":
                continue
        if entity not in heads or not (stored.startswith("{") if as_text
                                       else isinstance(stored, dict)):
            raise ValueError(f"catalogue change {entity} {entity_id} is not a snapshot row")
        text = stored if as_text else _ROW_JSON.encode(stored)
        yield (f'{heads[entity]}{encode_basestring(entity_id)},"op":"upsert",'
               f'"change_seq":{int(seq)},"data":{text}}}')


_ROW_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def write_snapshot(conn: Connection, outlet_id: str, out: IO[bytes]) -> SnapshotHeader:
    """Write the whole catalogue as the device of ``outlet_id`` sees it to ``out`` as gzip
    NDJSON: a header (cursor, row counts), one line per row, an end line. ``conn`` must hold
    one consistent snapshot (:func:`headoffice.db.engine.snapshot_read`)."""
    head, _purged = catalog_head(conn)
    counts = dict.fromkeys(ENTITIES, 0)
    cc = t.catalog_changes
    for entity, n in conn.execute(select(cc.c.entity, func.count()).where(
            cc.c.op == "upsert", cc.c.entity.not_in(_FILTERED)).group_by(cc.c.entity)):
        counts[entity] = int(n)
    for entity, entity_id, data in conn.execute(select(cc.c.entity, cc.c.entity_id, cc.c.data)
                                                .where(cc.c.op == "upsert",
                                                       cc.c.entity.in_(_FILTERED))):
        seen = _visible(outlet_id, entity, entity_id, "upsert", data)
        if seen is not None and seen[0] == "upsert":
            counts[entity] += 1
    header = SnapshotHeader(cursor=head, rows=sum(counts.values()), counts=counts,
                            generated_at=now_utc())
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=SNAPSHOT_GZIP_LEVEL,
                       mtime=0) as gz:
        gz.write(header.model_dump_json().encode() + b"\n")
        written = 0
        chunk: list[str] = []
        for line in _snapshot_lines(conn, outlet_id):
            chunk.append(line)
            if len(chunk) == 1000:
                gz.write(("\n".join(chunk) + "\n").encode())
                written += len(chunk)
                chunk = []
        if chunk:
            gz.write(("\n".join(chunk) + "\n").encode())
            written += len(chunk)
        assert written == header.rows, "the snapshot changed while it was being written"
        gz.write(SnapshotEnd(rows=written).model_dump_json().encode() + b"\n")
    return header


def read_snapshot(lines: Iterable[bytes]) -> tuple[SnapshotHeader, list[CatalogChange]]:
    """Parse a decompressed snapshot (for tests and tools); checks the end line."""
    it = iter(lines)
    header = SnapshotHeader.model_validate_json(next(it))
    rows: list[CatalogChange] = []
    end: SnapshotEnd | None = None
    for line in it:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            raise ValueError("the snapshot is incomplete (a cut line)") from None
        if item.get("kind") == "end":
            end = SnapshotEnd.model_validate(item)
            break
        rows.append(CatalogChange.model_validate(item))
    if end is None or end.rows != header.rows or len(rows) != header.rows:
        raise ValueError("the snapshot is incomplete")
    return header, rows


# -- reading: head office's own use ------------------------------------------------------------

def tax_rules(conn: Connection, *, include_withdrawn: bool = True) -> dict[str, TaxRule]:
    """All tax rules by id (withdrawn ones too: old sales are recomputed with them)."""
    query = select(t.tax_rules)
    if not include_withdrawn:
        query = query.where(t.tax_rules.c.deleted_at.is_(None))
    return {row.rule_id: rule_from_row(row) for row in conn.execute(query)}


def parse_entity(entity: str, data: dict[str, Any]) -> BaseModel:
    """Validate ``data`` as ``entity``'s wire model (raises :class:`CatalogError`)."""
    try:
        return ENTITY_MODELS[entity].model_validate(data)
    except KeyError:
        raise CatalogError(entity, "", "unknown entity") from None
    except ValidationError as exc:
        raise CatalogError(entity, str(data.get(_TABLES[entity][1], "")),
                           exc.errors()[0]["msg"]) from None


def outlet_data(conn: Connection, outlet_id: str) -> OutletData | None:
    row = conn.execute(select(t.outlets).where(t.outlets.c.outlet_id == outlet_id)).first()
    return None if row is None else OutletData.model_validate(dict(row._mapping))


def business_date_ok(outlet: OutletData, day: date) -> bool:
    """A stall sells only between its registration dates; an outlet always."""
    if outlet.valid_from is not None and day < outlet.valid_from:
        return False
    return not (outlet.valid_to is not None and day > outlet.valid_to)
