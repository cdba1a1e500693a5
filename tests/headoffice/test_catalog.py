"""The catalogue: the change sequence, tombstones, the change feed (cursor, ETag/304, 410) and
the snapshot, on the real server, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import io
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from headoffice.catalog import (
    CatalogError,
    CatalogWriter,
    catalog_head,
    purge_tombstones,
    read_snapshot,
)
from headoffice.clock import now_utc
from headoffice.db import schema as t
from headoffice.demo import load_demo
from pos.sync.protocol import CategoryData, ProductData, StaffData
from tests.headoffice.conftest import HQ
from tests.headoffice.tillsim import SAREE, SimTill


def head(hq: HQ) -> int:
    with hq.engine.connect() as conn:
        return catalog_head(conn)[0]


def product(hq: HQ, sku: str) -> ProductData:
    with hq.engine.connect() as conn:
        for data in conn.execute(select(t.catalog_changes.c.data).where(
                t.catalog_changes.c.entity == "product")).scalars():
            if data["sku"] == sku:
                return ProductData.model_validate(data)
    raise KeyError(sku)


def all_changes(hq: HQ, token: str, since: int = 0, limit: int = 100
                ) -> tuple[list[dict[str, Any]], int]:
    changes: list[dict[str, Any]] = []
    while True:
        r = hq.get("/catalog/changes", token, params={"since": since, "limit": limit})
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["changes"]) <= limit
        seqs = [c["change_seq"] for c in page["changes"]]
        assert seqs == sorted(seqs) and all(s > since for s in seqs)
        assert page["next_cursor"] >= since
        changes += page["changes"]
        since = page["next_cursor"]
        if not page["has_more"]:
            return changes, since


def test_every_write_bumps_the_sequence_in_its_own_transaction(hq: HQ) -> None:
    before = head(hq)
    saree = product(hq, SAREE)
    with hq.engine.begin() as conn:
        seqs = CatalogWriter(conn).put("product", [saree.model_copy(update={"mrp": 700_000})])
    assert seqs == [before + 1] and head(hq) == before + 1
    assert hq.scalar("SELECT change_seq FROM catalog_changes WHERE entity_id = :p",
                     p=saree.product_id) == before + 1
    assert hq.scalar("SELECT mrp FROM products WHERE product_id = :p",
                     p=saree.product_id) == 700_000

    other = product(hq, "CHN-SAR-0002")
    stolen = saree.model_copy(update={"barcodes": [*saree.barcodes, other.barcodes[0]]})
    with pytest.raises(CatalogError, match="barcode"), hq.engine.begin() as conn:
        CatalogWriter(conn).put("product", [stolen])
    unknown = saree.model_copy(update={"category_id": "no-such-category", "mrp": 1})
    with pytest.raises(CatalogError, match="unknown"), hq.engine.begin() as conn:
        CatalogWriter(conn).put("product", [unknown])
    with pytest.raises(CatalogError), hq.engine.begin() as conn:  # fails after the bump
        CatalogWriter(conn).put("category", [CategoryData(category_id="new", name_en="New")])
        CatalogWriter(conn).delete("supplier", "SUP01")  # still used by products
    assert head(hq) == before + 1  # the failed writes left the sequence alone
    assert hq.scalar("SELECT mrp FROM products WHERE product_id = :p",
                     p=saree.product_id) == 700_000
    assert hq.scalar("SELECT count(*) FROM categories WHERE category_id = 'new'") == 0
    assert hq.scalar("SELECT max(change_seq) FROM catalog_changes") == before + 1


def test_invalid_entries_are_refused_before_anything_is_written(hq: HQ) -> None:
    saree = product(hq, SAREE)
    before = head(hq)
    for bad, reason in [({"hsn": "5007"}, "HSN"), ({"barcodes": ["2000000100013"]}, "barcode"),
                        ({"barcodes": ["X", "X"]}, "twice")]:
        with pytest.raises(CatalogError, match=reason), hq.engine.begin() as conn:
            CatalogWriter(conn).put("product", [saree.model_copy(update=bad)])
    assert head(hq) == before


def test_concurrent_writers_get_distinct_numbers_in_commit_order(hq: HQ) -> None:
    skus = [p.sku for p in SimTill.enrol(hq).catalogue.products[:40]]
    before = head(hq)
    errors: list[BaseException] = []

    def write(part: list[str]) -> None:
        try:
            for sku in part:
                item = product(hq, sku)
                with hq.engine.begin() as conn:
                    CatalogWriter(conn).put("product", [item.model_copy(
                        update={"mrp": item.mrp + 100})])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(skus[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    seqs = sorted(hq.q(select(t.catalog_changes.c.change_seq).where(
        t.catalog_changes.c.change_seq > before)))
    assert [s[0] for s in seqs] == list(range(before + 1, before + 41))


def test_loading_the_same_catalogue_again_publishes_nothing(hq: HQ) -> None:
    before = head(hq)
    with hq.engine.begin() as conn:
        loaded = load_demo(conn, pin_hashes=hq.backend.pin_hashes)
    assert set(loaded.published.values()) == {0}
    assert head(hq) == before


def test_the_change_feed_pages_through_everything_by_cursor(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    changes, cursor = all_changes(hq, till.token, limit=97)
    assert cursor == head(hq) == till.meta()["catalog_cursor"]
    by_entity: dict[str, int] = {}
    for change in changes:
        by_entity[change["entity"]] = by_entity.get(change["entity"], 0) + 1
    assert by_entity == {"category": 19, "supplier": 30, "tax_rule": 20, "outlet": 1,
                         "staff": 3, "product": 363}
    assert [c["id"] for c in changes if c["entity"] == "outlet"] == ["BPL1"]  # its own only
    saree = next(c for c in changes if c["entity"] == "product" and c["data"]["sku"] == SAREE)
    assert ProductData.model_validate(saree["data"]).mrp == 685_000
    assert saree["data"]["barcodes"] == ["2000000100012"]
    rule = next(c for c in changes if c["id"] == "APPAREL-62")
    assert rule["data"]["band"] == {"threshold": 250_000, "low_bp": 500, "high_bp": 1800,
                                    "dead_band": "refuse"}
    staff = next(c for c in changes if c["id"] == "STF-MEENA")
    assert staff["data"]["pin_hash"].startswith("scrypt$") and "1111" not in str(staff["data"])
    # Nothing new: an empty page at the same cursor.
    empty = hq.get("/catalog/changes", till.token, params={"since": cursor}).json()
    assert empty == {"changes": [], "next_cursor": cursor, "has_more": False}
    # A price change and a deletion arrive as two changes after the cursor.
    saree_data, gone = product(hq, SAREE), product(hq, "CHN-SAR-0003")
    with hq.engine.begin() as conn:
        writer = CatalogWriter(conn)
        writer.put("product", [saree_data.model_copy(update={"mrp": 690_000})])
        writer.delete("product", gone.product_id)
    newer, cursor2 = all_changes(hq, till.token, since=cursor)
    assert [(c["op"], c["data"]["mrp"] if c["data"] else None) for c in newer] == \
        [("upsert", 690_000), ("delete", None)]
    assert cursor2 == cursor + 2


def test_etag_gives_304_until_the_catalogue_changes(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    first = hq.get("/catalog/changes", till.token, params={"since": 0, "limit": 50})
    etag = first.headers["ETag"]
    again = hq.get("/catalog/changes", till.token, params={"since": 0, "limit": 50},
                   headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag and not again.content
    other_page = hq.get("/catalog/changes", till.token, params={"since": 0, "limit": 51},
                        headers={"If-None-Match": etag})
    assert other_page.status_code == 200
    with hq.engine.begin() as conn:
        CatalogWriter(conn).put("category", [CategoryData(category_id="gifts", name_en="Gifts",
                                                          name_hi="उपहार")])
    changed = hq.get("/catalog/changes", till.token, params={"since": 0, "limit": 50},
                     headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_cursor_older_than_the_tombstone_window_gets_410(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    _changes, cursor = all_changes(hq, till.token)
    saree = product(hq, SAREE)
    with hq.engine.begin() as conn:
        CatalogWriter(conn).delete("product", saree.product_id)
    with hq.engine.begin() as conn:  # a window of zero: every tombstone is old
        assert purge_tombstones(conn, now_utc() + timedelta(seconds=1)) == 1
    stale = hq.get("/catalog/changes", till.token, params={"since": cursor})
    assert stale.status_code == 410 and stale.json()["detail"]["code"] == "cursor_too_old"
    assert hq.get("/catalog/changes", till.token, params={"since": 0}).status_code == 410
    assert hq.get("/catalog/changes", till.token, params={"since": cursor + 1}).status_code \
        == 200
    future = hq.get("/catalog/changes", till.token, params={"since": cursor + 50})
    assert future.status_code == 410  # head office was restored: start again


def test_the_snapshot_is_the_whole_catalogue_at_its_cursor(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    saree = product(hq, SAREE)
    with hq.engine.begin() as conn:
        CatalogWriter(conn).delete("product", saree.product_id)
    r = hq.get("/catalog/snapshot", till.token)
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/gzip"
    assert int(r.headers["Content-Length"]) == len(r.content)
    header, rows = read_snapshot(io.BytesIO(gzip.decompress(r.content)))
    assert header.cursor == int(r.headers["X-Catalog-Cursor"]) == head(hq)
    assert header.rows == int(r.headers["X-Catalog-Rows"]) == len(rows) == 362 + 19 + 30 + 20 \
        + 1 + 3
    assert header.counts["product"] == 362 and header.counts["outlet"] == 1
    assert all(row.op == "upsert" and row.change_seq <= header.cursor for row in rows)
    assert SAREE not in {row.data["sku"] for row in rows if row.entity == "product"
                         and row.data}
    # Continuing from the snapshot's cursor there is nothing to fetch.
    after = hq.get("/catalog/changes", till.token, params={"since": header.cursor}).json()
    assert after["changes"] == []
    unchanged = hq.get("/catalog/snapshot", till.token,
                       headers={"If-None-Match": r.headers["ETag"]})
    assert unchanged.status_code == 304
    # A cut download is detectable: the end line is missing.
    cut = gzip.decompress(r.content)[: len(gzip.decompress(r.content)) * 8 // 10]
    with pytest.raises(ValueError, match="incomplete"):
        read_snapshot(io.BytesIO(cut))


def test_a_stall_sees_its_own_outlet_and_its_own_staff(hq: HQ) -> None:
    stall = SimTill.enrol(hq, "IITF26", label="stall")
    changes, _cursor = all_changes(hq, stall.token)
    assert [c["id"] for c in changes if c["entity"] == "outlet"] == ["IITF26"]
    visible = {c["id"]: c["op"] for c in changes if c["entity"] == "staff"}
    # Suresh works only at Bhopal: the stall's till gets his entry as a deletion.
    assert visible == {"STF-MEENA": "upsert", "STF-RAMESH": "upsert", "STF-SURESH": "delete"}
    r = hq.get("/catalog/snapshot", stall.token)
    _header, rows = read_snapshot(io.BytesIO(gzip.decompress(r.content)))
    assert sorted(row.id for row in rows if row.entity in ("staff", "outlet")) == \
        ["IITF26", "STF-MEENA", "STF-RAMESH"]
    # Meena is moved to Bhopal only: the stall's till hears of it as a deletion.
    bhopal = SimTill.enrol(hq)
    _c, cursor = all_changes(hq, stall.token)
    _c, bhopal_cursor = all_changes(hq, bhopal.token)
    with hq.engine.begin() as conn:
        meena = conn.execute(select(t.staff).where(t.staff.c.staff_id == "STF-MEENA")).one()
        moved = StaffData.model_validate(dict(meena._mapping)).model_copy(
            update={"outlet_ids": ["BPL1"]})
        CatalogWriter(conn).put("staff", [moved])
    stall_sees, _ = all_changes(hq, stall.token, since=cursor)
    bhopal_sees, _ = all_changes(hq, bhopal.token, since=bhopal_cursor)
    assert [(c["id"], c["op"]) for c in stall_sees] == [("STF-MEENA", "delete")]
    assert [(c["id"], c["op"]) for c in bhopal_sees] == [("STF-MEENA", "upsert")]


def test_a_snapshot_is_built_once_per_outlet_and_cursor(hq: HQ) -> None:
    from pathlib import Path

    folder = Path(hq.backend.env["EMPORIUM_HQ_DATA_DIR"]) / "snapshots"
    till = SimTill.enrol(hq)
    first = hq.get("/catalog/snapshot", till.token)
    cursor = int(first.headers["X-Catalog-Cursor"])
    built = folder / f"catalog-BPL1-{cursor}.ndjson.gz"
    stamp = built.stat().st_mtime_ns
    again = hq.get("/catalog/snapshot", till.token)
    assert again.content == first.content and built.stat().st_mtime_ns == stamp
    with hq.engine.begin() as conn:
        CatalogWriter(conn).put("category", [CategoryData(category_id="gifts", name_en="Gifts",
                                                          name_hi="उपहार")])
    newer = hq.get("/catalog/snapshot", till.token)
    assert int(newer.headers["X-Catalog-Cursor"]) == cursor + 1
    assert not built.exists()  # the old one is gone, the new one is served
    _header, rows = read_snapshot(io.BytesIO(gzip.decompress(newer.content)))
    assert "gifts" in {row.id for row in rows}
