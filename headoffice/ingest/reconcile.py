"""Reconciling a closed till day with its Z report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, func, select, update

from headoffice.db import schema as t
from headoffice.ingest.context import (
    day_row,
)

# -- reconciling a day with its Z report -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayTotals:
    sales_count: int
    voided_count: int
    credit_notes_count: int
    payable: int
    taxable: int
    cgst: int
    sgst: int
    igst: int
    refunds: int
    first_invoice: str
    last_invoice: str


def day_totals(conn: Connection, day_id: str) -> DayTotals:
    """What head office holds for one till day, added up the way the till's Z report is."""
    s, cn = t.sales, t.credit_notes
    done = and_(s.c.day_id == day_id, s.c.status == "completed")
    sums = conn.execute(select(func.count(), *[func.coalesce(func.sum(s.c[c]), 0) for c in
                                               ("payable", "taxable", "cgst", "sgst", "igst")])
                        .where(done)).one()
    voided = conn.execute(select(func.count()).where(s.c.day_id == day_id,
                                                     s.c.status == "voided")).scalar_one()
    first, last = conn.execute(select(func.min(s.c.invoice_no), func.max(s.c.invoice_no))
                               .where(s.c.day_id == day_id)).one()
    notes = conn.execute(select(func.count(), func.coalesce(func.sum(cn.c.refund), 0))
                         .where(cn.c.day_id == day_id)).one()
    return DayTotals(int(sums[0]), int(voided), int(notes[0]), int(sums[1]), int(sums[2]),
                     int(sums[3]), int(sums[4]), int(sums[5]), int(notes[1]), first or "",
                     last or "")


def reconcile(conn: Connection, day_id: str, now: datetime) -> str | None:
    """Compare a closed till day with what arrived: ``reconciled``, ``awaiting`` (documents
    still to come) or ``mismatch``. Nothing to do for a day not closed yet (None)."""
    day = day_row(conn, day_id)
    if day is None or day.close_report is None:
        return None
    report = day.close_report
    ours = day_totals(conn, day_id)
    diffs = {k: {"till": report.get(k), "head_office": v}
             for k, v in asdict(ours).items() if k in report and report[k] != v}
    if not diffs:
        status = "reconciled"
    elif (ours.sales_count + ours.voided_count < report["sales_count"] + report["voided_count"]
          or ours.voided_count < report["voided_count"]
          or ours.credit_notes_count < report["credit_notes_count"]):
        status = "awaiting"
    else:
        status = "mismatch"
    missing = max(0, report["sales_count"] + report["voided_count"]
                  + report["credit_notes_count"] - ours.sales_count - ours.voided_count
                  - ours.credit_notes_count)
    conn.execute(update(t.business_days).where(t.business_days.c.day_id == day_id).values(
        recon_status=status, recon_detail={"missing_documents": missing, "differences": diffs},
        updated_at=now))
    return status
