"""Stock at each outlet as head office learns it from the tills' events.

A push batch collects its movements and applies them once, at its end (:func:`apply_stock`):
one upsert per (outlet, product), always in that sorted order, so two tills of one outlet
pushing at the same moment never wait on each other's rows in a cycle (no deadlocks), and a
batch of a hundred sales costs a few statements, not a thousand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, or_
from sqlalchemy.dialects import postgresql, sqlite

from headoffice.db import schema as t


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


def _upsert(conn: Connection, outlet_id: str, product_id: str, delta: int,
            track: bool) -> tuple[int, bool]:
    sl = t.stock_levels
    stmt: Any
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(sl).values(outlet_id=outlet_id, product_id=product_id,
                                          qty_milli=delta, tracked=track)
        stmt = pg.on_conflict_do_update(
            index_elements=[sl.c.outlet_id, sl.c.product_id],
            set_={"qty_milli": sl.c.qty_milli + pg.excluded.qty_milli,
                  "tracked": or_(sl.c.tracked, pg.excluded.tracked)})
    else:
        lite = sqlite.insert(sl).values(outlet_id=outlet_id, product_id=product_id,
                                        qty_milli=delta, tracked=track)
        stmt = lite.on_conflict_do_update(
            index_elements=[sl.c.outlet_id, sl.c.product_id],
            set_={"qty_milli": sl.c.qty_milli + lite.excluded.qty_milli,
                  "tracked": or_(sl.c.tracked, lite.excluded.tracked)})
    level, tracked = conn.execute(stmt.returning(sl.c.qty_milli, sl.c.tracked)).one()
    return int(level), bool(tracked)


def apply_stock(conn: Connection, entries: list[StockEntry], at: datetime
                ) -> list[tuple[StockEntry, int]]:
    """Record ``entries`` (in event order) and update the levels; returns the entries that
    took a tracked level below zero, each with the level just after it."""
    if not entries:
        return []
    conn.execute(insert(t.stock_moves), [
        {"outlet_id": e.outlet_id, "product_id": e.product_id, "qty_milli": e.delta,
         "kind": e.kind, "ref": e.ref, "at": at} for e in entries])
    by_key: dict[tuple[str, str], list[StockEntry]] = defaultdict(list)
    for entry in entries:
        by_key[(entry.outlet_id, entry.product_id)].append(entry)
    negative: list[tuple[StockEntry, int]] = []
    for (outlet_id, product_id), moves in sorted(by_key.items()):
        total = sum(m.delta for m in moves)
        after, tracked = _upsert(conn, outlet_id, product_id, total,
                                 any(m.track for m in moves))
        if not tracked:
            continue  # head office does not know this product's stock here: no news
        level = after - total
        for move in moves:
            level += move.delta
            if move.delta < 0 and level < 0:
                negative.append((move, level))
    return negative
