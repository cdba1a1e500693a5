"""Outlets and fair stalls as the till stores them (published by head office)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from pos.domain.numbering import DocumentKind, Series
from pos.domain.outlet import Outlet, OutletKind
from pos.store import schema as t


def save_outlet(conn: Connection, outlet: Outlet) -> None:
    values: dict[str, Any] = {
        "kind": outlet.kind.value, "name_en": outlet.name_en, "name_hi": outlet.name_hi,
        "address": outlet.address, "gstin": outlet.gstin, "state_code": outlet.state_code,
        "valid_from": outlet.valid_from.isoformat() if outlet.valid_from else None,
        "valid_to": outlet.valid_to.isoformat() if outlet.valid_to else None,
        "invoice_prefix": outlet.invoice_series.prefix,
        "credit_prefix": outlet.credit_series.prefix, "upi_vpa": outlet.upi_vpa,
    }
    conn.execute(insert(t.outlets).values(outlet_id=outlet.outlet_id, **values)
                 .on_conflict_do_update(index_elements=["outlet_id"], set_=values))


def load_outlet(conn: Connection, outlet_id: str) -> Outlet | None:
    row = conn.execute(select(t.outlets).where(t.outlets.c.outlet_id == outlet_id)).first()
    if row is None:
        return None
    return Outlet(
        outlet_id=row.outlet_id, kind=OutletKind(row.kind), name_en=row.name_en,
        name_hi=row.name_hi, gstin=row.gstin, state_code=row.state_code,
        invoice_series=Series(row.invoice_prefix),
        credit_series=Series(row.credit_prefix, DocumentKind.CREDIT_NOTE),
        valid_from=date.fromisoformat(row.valid_from) if row.valid_from else None,
        valid_to=date.fromisoformat(row.valid_to) if row.valid_to else None,
        address=row.address, upi_vpa=row.upi_vpa,
    )
