"""Stock at each outlet as head office learns it from the tills' events.

A push batch collects its movements and applies them once, at its end (:func:`apply_stock`):
one upsert statement for all its (outlet, product) rows, in that sorted order, so two tills of
one outlet pushing at the same moment never wait on each other's rows in a cycle (no
deadlocks), and a batch of a hundred sales costs a few statements, not a thousand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, or_, text
from sqlalchemy.dialects import sqlite

from headoffice.db import schema as t
from headoffice.db.engine import bulk_insert


@dataclass(frozen=True, slots=True)
class StockEntry:
    outlet_id: str
    product_id: str
    delta: int  # thousandths: + in, - out
    kind: str  # sold | voided | returned | received | sent_to_fair | ...
    ref: str  # the sale, credit note or stock document
    track: bool  # a stock document: from now on this product's level here is known
    received_id: int  # the event it came from
    fact: tuple[str, str] | None = None  # ("sales" | "credit_notes", id) to flag as well


def _upsert(conn: Connection, rows: list[dict[str, Any]]
            ) -> dict[tuple[str, str], tuple[int, bool]]:
    """Add each row's ``qty_milli`` to its level (one statement for all, rows in key order);
    returns each key's level and whether it is tracked, after."""
    sl = t.stock_levels
    returning = (sl.c.outlet_id, sl.c.product_id, sl.c.qty_milli, sl.c.tracked)
    if conn.dialect.name == "postgresql":  # one statement of four arrays, parsed once
        found = conn.execute(text(
            "INSERT INTO stock_levels (outlet_id, product_id, qty_milli, tracked) "
            "SELECT * FROM unnest(CAST(:outlets AS TEXT[]), CAST(:products AS TEXT[]), "
            "CAST(:qty AS BIGINT[]), CAST(:tracked AS BOOLEAN[])) "
            "ON CONFLICT (outlet_id, product_id) DO UPDATE SET "
            "qty_milli = stock_levels.qty_milli + excluded.qty_milli, "
            "tracked = stock_levels.tracked OR excluded.tracked "
            "RETURNING outlet_id, product_id, qty_milli, tracked"),
            {"outlets": [r["outlet_id"] for r in rows],
             "products": [r["product_id"] for r in rows],
             "qty": [r["qty_milli"] for r in rows], "tracked": [r["tracked"] for r in rows]})
    else:
        stmt = sqlite.insert(sl)
        stmt = stmt.on_conflict_do_update(
            index_elements=[sl.c.outlet_id, sl.c.product_id],
            set_={"qty_milli": sl.c.qty_milli + stmt.excluded.qty_milli,
                  "tracked": or_(sl.c.tracked, stmt.excluded.tracked)})
        found = conn.execute(stmt.returning(*returning), rows)
    return {(outlet_id, product_id): (int(level), bool(tracked))
            for outlet_id, product_id, level, tracked in found}


def apply_stock(conn: Connection, entries: list[StockEntry], at: datetime
                ) -> list[tuple[StockEntry, int]]:
    """Record ``entries`` (in event order) and update the levels; returns the entries that
    took a tracked level below zero, each with the level just after it."""
    if not entries:
        return []
    bulk_insert(conn, t.stock_moves, [
        {"outlet_id": e.outlet_id, "product_id": e.product_id, "qty_milli": e.delta,
         "kind": e.kind, "ref": e.ref, "at": at} for e in entries])
    by_key: dict[tuple[str, str], list[StockEntry]] = defaultdict(list)
    for entry in entries:
        by_key[(entry.outlet_id, entry.product_id)].append(entry)
    keys = sorted(by_key)
    levels = _upsert(conn, [
        {"outlet_id": outlet_id, "product_id": product_id,
         "qty_milli": sum(m.delta for m in by_key[(outlet_id, product_id)]),
         "tracked": any(m.track for m in by_key[(outlet_id, product_id)])}
        for outlet_id, product_id in keys])
    negative: list[tuple[StockEntry, int]] = []
    for key in keys:
        moves = by_key[key]
        after, tracked = levels[key]
        if not tracked:
            continue  # head office does not know this product's stock here: no news
        level = after - sum(m.delta for m in moves)
        for move in moves:
            level += move.delta
            if move.delta < 0 and level < 0:
                negative.append((move, level))
    return negative
