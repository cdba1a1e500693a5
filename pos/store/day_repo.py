"""Business days, cash movements and the day's figures (X/Z reports) in SQLite."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from pos.domain.cart import RateRow
from pos.domain.reports import DayFigures
from pos.services.ports import CashMovement, DayClose, DaySession
from pos.store import schema as t
from pos.store.repo_base import Repo, canonical_json


def _rate_rows(rows: Any) -> tuple[RateRow, ...]:
    return tuple(RateRow(int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows)


_OPEN_DAY = (select(t.day_sessions)
             .where(t.day_sessions.c.outlet_id == bindparam("outlet_id"),
                    t.day_sessions.c.closed_at.is_(None))
             .order_by(t.day_sessions.c.business_date.desc()))


class SqlDays(Repo):
    @staticmethod
    def _day(row: Any) -> DaySession:
        return DaySession(row.day_id, row.outlet_id, date.fromisoformat(row.business_date),
                          row.opened_by, row.opening_float, row.closed_at is not None)

    def current(self, outlet_id: str) -> DaySession | None:
        row = self.conn.execute(_OPEN_DAY, {"outlet_id": outlet_id}).first()
        return None if row is None else self._day(row)

    def for_date(self, outlet_id: str, business_date: date) -> DaySession | None:
        row = self.conn.execute(
            select(t.day_sessions).where(t.day_sessions.c.outlet_id == outlet_id,
                                         t.day_sessions.c.business_date
                                         == business_date.isoformat())
        ).first()
        return None if row is None else self._day(row)

    def get(self, day_id: str) -> DaySession | None:
        row = self.conn.execute(select(t.day_sessions)
                                .where(t.day_sessions.c.day_id == day_id)).first()
        return None if row is None else self._day(row)

    def add(self, day: DaySession, opened_at: datetime) -> None:
        self.conn.execute(insert(t.day_sessions).values(
            day_id=day.day_id, outlet_id=day.outlet_id,
            business_date=day.business_date.isoformat(), opened_at=opened_at.isoformat(),
            opened_by=day.opened_by, opening_float=day.opening_float))

    def close(self, close: DayClose) -> None:
        self.conn.execute(update(t.day_sessions).where(t.day_sessions.c.day_id == close.day_id)
                          .values(closed_at=close.closed_at.isoformat(), closed_by=close.closed_by,
                                  counted_json=canonical_json(close.counts),
                                  expected_cash=close.expected, counted_cash=close.counted,
                                  variance_reason=close.variance_reason))

    def figures(self, day_id: str) -> DayFigures:
        s, sl, p = t.sales, t.sale_lines, t.payments
        cn, cnl = t.credit_notes, t.credit_note_lines
        done = (s.c.day_id == day_id) & (s.c.status == "completed")
        money = ("gross", "discount", "net", "taxable", "cgst", "sgst", "igst", "round_off",
                 "payable")
        sums = self.conn.execute(select(func.count(), *[
            func.coalesce(func.sum(s.c[name]), 0) for name in money]).where(done)).one()
        invoices = self.conn.execute(select(func.min(s.c.invoice_no), func.max(s.c.invoice_no))
                                     .where(s.c.day_id == day_id)).one()
        voided = self.conn.execute(select(func.count(), func.coalesce(func.sum(s.c.payable), 0))
                                   .where(s.c.day_id == day_id, s.c.status == "voided")).one()
        by_rate = self.conn.execute(
            select(sl.c.rate_bp, func.sum(sl.c.taxable), func.sum(sl.c.cgst),
                   func.sum(sl.c.sgst), func.sum(sl.c.igst))
            .join(s, s.c.sale_id == sl.c.sale_id).where(done)
            .group_by(sl.c.rate_bp).order_by(sl.c.rate_bp)).all()
        by_mode = self.conn.execute(select(p.c.mode, func.sum(p.c.amount))
                                    .join(s, s.c.sale_id == p.c.sale_id).where(done)
                                    .group_by(p.c.mode)).tuples().all()
        notes = self.conn.execute(select(func.count(), func.coalesce(func.sum(cn.c.refund), 0))
                                  .where(cn.c.day_id == day_id)).one()
        refunds_by_mode = self.conn.execute(select(cn.c.refund_mode, func.sum(cn.c.refund))
                                            .where(cn.c.day_id == day_id)
                                            .group_by(cn.c.refund_mode)).tuples().all()
        returns_by_rate = self.conn.execute(
            select(cnl.c.rate_bp, func.sum(cnl.c.taxable), func.sum(cnl.c.cgst),
                   func.sum(cnl.c.sgst), func.sum(cnl.c.igst))
            .join(cn, cn.c.credit_id == cnl.c.credit_id).where(cn.c.day_id == day_id)
            .group_by(cnl.c.rate_bp).order_by(cnl.c.rate_bp)).all()
        cash = dict(self.conn.execute(
            select(t.cash_movements.c.kind, func.sum(t.cash_movements.c.amount))
            .where(t.cash_movements.c.day_id == day_id)
            .group_by(t.cash_movements.c.kind)).tuples().all())
        opening = self.conn.execute(select(t.day_sessions.c.opening_float)
                                    .where(t.day_sessions.c.day_id == day_id)).scalar() or 0
        return DayFigures(
            sales_count=sums[0], **{name: int(sums[i + 1]) for i, name in enumerate(money)},
            by_rate=_rate_rows(by_rate), voided_count=voided[0], voided_amount=int(voided[1]),
            credit_notes_count=notes[0], refunds=int(notes[1]),
            returns_by_rate=_rate_rows(returns_by_rate),
            sales_by_mode={mode: int(v) for mode, v in by_mode},
            refunds_by_mode={mode: int(v) for mode, v in refunds_by_mode},
            opening_float=int(opening), paid_in=int(cash.get("paid_in", 0)),
            paid_out=int(cash.get("paid_out", 0)),
            first_invoice=invoices[0] or "", last_invoice=invoices[1] or "",
        )


class SqlCash(Repo):
    def add(self, movement: CashMovement) -> None:
        self.conn.execute(insert(t.cash_movements).values(
            movement_id=movement.movement_id, day_id=movement.day_id, kind=movement.kind,
            amount=movement.amount, reason=movement.reason, staff_id=movement.staff_id,
            at=movement.at.isoformat()))
