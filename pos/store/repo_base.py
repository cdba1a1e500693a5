"""What every repository shares: the connection of its unit of work, and the one JSON form."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection


def canonical_json(data: Any) -> str:
    """The one serialisation of event payloads: its SHA-256 is what head office compares."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class Repo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
