"""The snapshot file is written without a model per row: every row, of every entity kind, is
exactly what ``CatalogChange(...).model_dump(mode="json")`` gives, with the same keys in the
same order (on SQLite byte for byte the JSON the model-per-row code wrote; on PostgreSQL
``data`` keeps JSONB's own spacing)."""

from __future__ import annotations

import gzip
import io
import json
from typing import Any

import pytest
from pydantic_core import from_json
from sqlalchemy import select

from headoffice.catalog import CatalogWriter, _snapshot_lines, _visible, write_snapshot
from headoffice.db import schema as t
from headoffice.db.engine import snapshot_read
from pos.sync.protocol import ENTITIES, CatalogChange, ProductData
from tests.headoffice.conftest import HQ


def reference_lines(hq: HQ, outlet_id: str) -> list[bytes]:
    """The rows as the snapshot wrote them before: a model per row, dumped, then JSON."""
    cc = t.catalog_changes
    lines = []
    for entity, entity_id, seq, data in hq.q(
            select(cc.c.entity, cc.c.entity_id, cc.c.change_seq, cc.c.data)
            .where(cc.c.op == "upsert").order_by(cc.c.change_seq)):
        seen = _visible(outlet_id, entity, entity_id, "upsert", data)
        if seen is not None and seen[0] == "upsert":
            change = CatalogChange(entity=entity, id=entity_id, op="upsert",
                                   change_seq=int(seq), data=seen[1])
            lines.append(json.dumps(change.model_dump(mode="json"), ensure_ascii=False,
                                    separators=(",", ":")).encode())
    return lines


def ordered(line: bytes | str) -> Any:
    """A JSON line as nested lists of (key, value) pairs: equal only in the same key order."""
    return json.loads(line, object_pairs_hook=list)


def add_a_product_with_three_barcodes(hq: HQ) -> None:
    with hq.engine.connect() as conn:
        products = [ProductData.model_validate(data) for data in conn.execute(
            select(t.catalog_changes.c.data).where(t.catalog_changes.c.entity == "product",
                                                   t.catalog_changes.c.op == "upsert")
            .order_by(t.catalog_changes.c.change_seq)).scalars()]
    several = next(p for p in products if len(p.barcodes) > 1)
    with hq.engine.begin() as conn:
        CatalogWriter(conn).put("product", [several.model_copy(update={
            "product_id": "SNAP-FAST-1", "sku": "SNAP-FAST-1",
            "name_hi": "खादी \"कुर्ता\"\\ नया\tटैब",  # quotes, a backslash and a tab
            "barcodes": []})])


@pytest.mark.parametrize("outlet_id", ["BPL1", "IITF26"])
def test_every_fast_row_is_the_models_dump(hq: HQ, outlet_id: str) -> None:
    hq.open_stall()  # the stall's dates are set
    add_a_product_with_three_barcodes(hq)
    with snapshot_read(hq.engine) as conn:
        lines = list(_snapshot_lines(conn, outlet_id))
    rows = [json.loads(line) for line in lines]
    assert {row["entity"] for row in rows} == set(ENTITIES)
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_kind.setdefault(row["entity"], []).append(row["data"])
    assert any(len(p["barcodes"]) > 1 for p in by_kind["product"])
    assert any(p["barcodes"] == [] for p in by_kind["product"])
    assert any(r["band"] is not None for r in by_kind["tax_rule"])
    assert [o["outlet_id"] for o in by_kind["outlet"]] == [outlet_id]
    if outlet_id == "IITF26":
        assert by_kind["outlet"][0]["valid_from"] and by_kind["outlet"][0]["valid_to"]
    assert all(outlet_id in s["outlet_ids"] for s in by_kind["staff"])
    for line, row in zip(lines, rows, strict=True):
        assert "\n" not in line
        dumped = CatalogChange.model_validate(row).model_dump(mode="json")
        assert row == dumped
        assert ordered(line) == ordered(json.dumps(dumped))  # the same keys in the same order


@pytest.mark.parametrize("outlet_id", ["BPL1", "IITF26"])
def test_the_snapshot_file_holds_the_models_json(hq: HQ, outlet_id: str) -> None:
    hq.open_stall()
    add_a_product_with_three_barcodes(hq)
    out = io.BytesIO()
    with snapshot_read(hq.engine) as conn:
        header = write_snapshot(conn, outlet_id, out)
    lines = gzip.decompress(out.getvalue()).split(b"\n")
    assert lines[-1] == b""  # every line ends with a newline
    rows = lines[1:-2]
    assert json.loads(lines[0])["rows"] == header.rows == len(rows)
    assert json.loads(lines[-2]) == {"kind": "end", "rows": header.rows}
    reference = reference_lines(hq, outlet_id)
    assert [ordered(line) for line in rows] == [ordered(line) for line in reference]
    if hq.engine.dialect.name == "sqlite":
        assert rows == reference
    for line in rows:  # the till's parser reads them
        assert CatalogChange.model_validate(from_json(line)).op == "upsert"
