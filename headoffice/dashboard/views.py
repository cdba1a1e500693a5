"""What the dashboard shows, read from the facts: today's sales by outlet and stall, device
health, the sync issues list, alerts, and the reconciliation of recent days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from headoffice.dashboard.i18n import text, tr
from headoffice.db import schema as t


@dataclass(frozen=True, slots=True)
class OutletDay:
    outlet_id: str
    name_en: str
    name_hi: str
    kind: str
    bills: int
    sales: int  # payable of completed sales, paise
    tax: int
    refunds: int
    voided: int

    @property
    def net(self) -> int:
        return self.sales - self.refunds


def sales_by_outlet(conn: Connection, day: date) -> list[OutletDay]:
    s, cn, o = t.sales, t.credit_notes, t.outlets
    done = and_(s.c.business_date == day, s.c.status == "completed")
    totals = {row.outlet_id: row for row in conn.execute(
        select(s.c.outlet_id, func.count().label("bills"),
               func.coalesce(func.sum(s.c.payable), 0).label("sales"),
               func.coalesce(func.sum(s.c.cgst + s.c.sgst + s.c.igst), 0).label("tax"))
        .where(done).group_by(s.c.outlet_id))}
    voided = dict(conn.execute(select(s.c.outlet_id, func.count()).where(
        s.c.business_date == day, s.c.status == "voided").group_by(s.c.outlet_id)
    ).tuples().all())
    refunds = dict(conn.execute(select(cn.c.outlet_id, func.coalesce(func.sum(cn.c.refund), 0))
                                .where(cn.c.business_date == day).group_by(cn.c.outlet_id)
                                ).tuples().all())
    result = []
    for outlet in conn.execute(select(o).order_by(o.c.kind, o.c.outlet_id)):
        row = totals.get(outlet.outlet_id)
        result.append(OutletDay(
            outlet.outlet_id, outlet.name_en, outlet.name_hi, outlet.kind,
            int(row.bills) if row else 0, int(row.sales) if row else 0,
            int(row.tax) if row else 0, int(refunds.get(outlet.outlet_id, 0)),
            int(voided.get(outlet.outlet_id, 0))))
    return result


def device_health(conn: Connection) -> list[Any]:
    d = t.devices
    return list(conn.execute(select(d).order_by(d.c.outlet_id, d.c.enrolled_at)))


def _flagged(conn: Connection) -> Any:
    flags = t.received_events.c.flags
    if conn.dialect.name == "postgresql":
        return func.jsonb_array_length(flags) > 0
    return func.json_array_length(flags) > 0


def sync_issues(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    """Rejected, parked and flagged events, newest first."""
    re_, d = t.received_events, t.devices
    rows = conn.execute(
        select(re_.c.id, re_.c.seq, re_.c.event_id, re_.c.type, re_.c.status, re_.c.reason,
               re_.c.detail, re_.c.flags, re_.c.received_at, re_.c.business_date,
               d.c.label, d.c.outlet_id, d.c.series_prefix)
        .join(d, d.c.device_id == re_.c.device_id)
        .where(or_(re_.c.status != "applied", _flagged(conn)))
        .order_by(re_.c.id.desc()).limit(limit))
    return [{**row._mapping, "codes": sorted({f["code"] for f in row.flags or []})}
            for row in rows]


def alerts(conn: Connection, limit: int = 50) -> list[Any]:
    a = t.sync_alerts
    return list(conn.execute(select(a.c.kind, a.c.event_id, a.c.seq, a.c.device_id,
                                    a.c.created_at, a.c.detail)
                             .where(a.c.resolved_at.is_(None))
                             .order_by(a.c.id.desc()).limit(limit)))


@dataclass(frozen=True, slots=True)
class DayRow:
    """One till day for the reconciliation table: who (outlet, device and its series), what
    head office received (completed sales and their payable) and, once the day is closed, the
    till's Z report (its own count, payable and the cash expected and counted)."""

    day_id: str
    business_date: date
    outlet_id: str
    label: str
    series_prefix: str
    recon_status: str
    recon_detail: dict[str, Any]
    bills: int  # completed sales head office holds for the day
    payable: int
    close: dict[str, Any] | None  # the day-close (Z report) figures, None while open

    @property
    def differences(self) -> list[str]:
        return sorted((self.recon_detail or {}).get("differences", {}))

    def till(self, key: str) -> int | None:
        """A figure of the Z report, None while the day is open (or the till did not say)."""
        value = (self.close or {}).get(key)
        return int(value) if isinstance(value, int) else None


def recent_days(conn: Connection, today: date, days: int = 14) -> list[DayRow]:
    b, d, s = t.business_days, t.devices, t.sales
    rows = conn.execute(
        select(b.c.day_id, b.c.business_date, b.c.outlet_id, b.c.recon_status,
               b.c.recon_detail, b.c.close_report, d.c.label, d.c.series_prefix)
        .join(d, d.c.device_id == b.c.device_id, isouter=True)
        .where(b.c.business_date >= today - timedelta(days=days))
        .order_by(b.c.business_date.desc(), b.c.outlet_id, d.c.series_prefix)).all()
    totals: dict[str, tuple[int, int]] = {}
    ids = [row.day_id for row in rows]
    for start in range(0, len(ids), 500):
        for day_id, bills, payable in conn.execute(
                select(s.c.day_id, func.count(), func.coalesce(func.sum(s.c.payable), 0))
                .where(s.c.day_id.in_(ids[start:start + 500]), s.c.status == "completed")
                .group_by(s.c.day_id)):
            totals[day_id] = (int(bills), int(payable))
    return [DayRow(row.day_id, row.business_date, row.outlet_id, row.label or "",
                   row.series_prefix or "", row.recon_status, row.recon_detail or {},
                   *totals.get(row.day_id, (0, 0)), row.close_report)
            for row in rows]


def ago(moment: datetime | None, now: datetime, locale: str = "en") -> str:
    """How long ago, in the visitor's language: ``4 h ago`` / ``4 घंटे पहले``."""
    if moment is None:
        return "—"
    seconds = max(int((now - moment).total_seconds()), 0)
    if seconds < 10:
        return tr("just_now", locale)
    if seconds < 90:
        return text("ago_s", locale, n=seconds)
    if seconds < 90 * 60:
        return text("ago_min", locale, n=seconds // 60)
    if seconds < 48 * 3600:
        return text("ago_h", locale, n=seconds // 3600)
    return text("ago_d", locale, n=seconds // 86400)


# -- the catalogue -----------------------------------------------------------------------------

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class ProductRow:
    sku: str
    name_en: str
    name_hi: str
    hsn: str
    unit: str
    mrp: int
    active: bool
    barcode: str  # the primary one, '' if none


@dataclass(frozen=True, slots=True)
class ProductPage:
    rows: list[ProductRow]
    total: int  # products matching the search
    page: int  # from 1
    pages: int


def products(conn: Connection, query: str, page: int) -> ProductPage:
    """A page of the catalogue, by SKU, matching ``query`` in the SKU, either name or a
    barcode (case-insensitive; an empty query matches everything)."""
    p, b = t.products, t.barcodes
    match = None
    text = query.strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        match = or_(p.c.sku.ilike(pattern, escape="\\"), p.c.name_en.ilike(pattern, escape="\\"),
                    p.c.name_hi.like(pattern, escape="\\"),
                    p.c.product_id.in_(select(b.c.product_id)
                                       .where(b.c.code.like(pattern, escape="\\"))))
    counted = select(func.count()).select_from(p)
    total = int(conn.execute(counted if match is None else counted.where(match)).scalar_one())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    primary = (select(b.c.code).where(b.c.product_id == p.c.product_id, b.c.position == 0)
               .scalar_subquery())
    listed = select(p.c.sku, p.c.name_en, p.c.name_hi, p.c.hsn, p.c.unit, p.c.mrp, p.c.active,
                    func.coalesce(primary, "")).order_by(p.c.sku)
    if match is not None:
        listed = listed.where(match)
    rows = [ProductRow(*row) for row in conn.execute(
        listed.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))]
    return ProductPage(rows, total, page, pages)
