"""What every repository shares: the connection of its unit of work, and the one JSON form."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table


def canonical_json(data: Any) -> str:
    """The one serialisation of event payloads: its SHA-256 is what head office compares."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class Repo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def insert_rows(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows`` (all with the same keys) in this unit of work's transaction.

        The hot path of a sale writes through the driver's ``executemany`` with SQL made
        from the table's declared columns: SQLAlchemy Core added ~0.1 ms a statement, which
        was most of a sale's cost beside the fsync (see ``python -m bench store``).
        """
        if not rows:
            return
        columns = tuple(rows[0])
        sql = _insert_sql(table, columns)
        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(sql, [tuple(row[c] for c in columns) for row in rows])
        finally:
            cursor.close()


@cache
def _insert_sql(table: Table, columns: tuple[str, ...]) -> str:
    unknown = set(columns) - set(table.c.keys())
    if unknown:
        raise KeyError(f"{table.name} has no columns {sorted(unknown)}")
    return (f"INSERT INTO {table.name} ({', '.join(columns)}) "  # noqa: S608 - declared names
            f"VALUES ({', '.join('?' for _ in columns)})")
