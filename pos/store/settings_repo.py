"""The till's own settings: small JSON values by key, in the ``settings`` table.

Known keys (one owner each):

- ``outlet_profile``: head office's whole record of this till's outlet or stall (the
  ``OutletData`` wire model as JSON: legal name, Hindi address, UPI payee, receipt header and
  footer...). Written by enrolment and by every catalogue ``outlet`` change; read for receipts.
- ``sync``: the device's enrolment and sync state (server URL, device id, seq base...).
- ``printer``: the printer set up on this till.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from pos.store import schema as t

OUTLET_PROFILE = "outlet_profile"
SYNC = "sync"
PRINTER = "printer"


def get_setting(conn: Connection, key: str) -> Any | None:
    """The stored value of ``key`` (decoded JSON), or None when it was never set."""
    value = conn.execute(select(t.settings.c.value).where(t.settings.c.key == key)).scalar()
    return None if value is None else json.loads(value)


def set_setting(conn: Connection, key: str, value: Any) -> None:
    """Store ``value`` (anything JSON can hold) under ``key``, in the caller's transaction."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    conn.execute(insert(t.settings).values(key=key, value=text)
                 .on_conflict_do_update(index_elements=["key"], set_={"value": text}))
