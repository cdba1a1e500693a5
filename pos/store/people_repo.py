"""Staff (PIN hashes, lockouts) and held bills in SQLite."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.sqlite import insert

from pos.domain.discounts import Role
from pos.services.ports import HeldBill, StaffMember
from pos.store import schema as t
from pos.store.repo_base import Repo, canonical_json


class SqlStaff(Repo):
    @staticmethod
    def _member(row: Any) -> StaffMember:
        return StaffMember(row.staff_id, row.name, Role(row.role), row.pin_hash,
                           bool(row.active), row.failed_attempts,
                           datetime.fromisoformat(row.locked_until) if row.locked_until
                           else None)

    def get(self, staff_id: str) -> StaffMember | None:
        row = self.conn.execute(select(t.staff).where(t.staff.c.staff_id == staff_id)).first()
        return None if row is None else self._member(row)

    def active(self) -> list[StaffMember]:
        rows = self.conn.execute(select(t.staff).where(t.staff.c.active.is_(True))
                                 .order_by(t.staff.c.name))
        return [self._member(r) for r in rows]

    def record_attempt(self, staff_id: str, failed_attempts: int,
                       locked_until: datetime | None) -> None:
        self.conn.execute(update(t.staff).where(t.staff.c.staff_id == staff_id).values(
            failed_attempts=failed_attempts,
            locked_until=locked_until.isoformat() if locked_until else None))

    def save(self, member: StaffMember) -> None:
        values = {"name": member.name, "role": member.role.value, "pin_hash": member.pin_hash,
                  "active": member.active}
        self.conn.execute(insert(t.staff).values(staff_id=member.staff_id, **values)
                          .on_conflict_do_update(index_elements=["staff_id"], set_=values))


_HELD = select(t.held_bills).where(t.held_bills.c.hold_id == bindparam("hold_id"))
_DELETE_HELD = delete(t.held_bills).where(t.held_bills.c.hold_id == bindparam("hold_id"))


class SqlHolds(Repo):
    def save(self, bill: HeldBill) -> None:
        values = {"created_at": bill.created_at.isoformat(),
                  "updated_at": bill.created_at.isoformat(), "staff_id": bill.staff_id,
                  "label": bill.label, "cart_json": canonical_json(bill.cart),
                  "is_current": bill.is_current}
        self.conn.execute(insert(t.held_bills).values(hold_id=bill.hold_id, **values)
                          .on_conflict_do_update(index_elements=["hold_id"], set_=values))

    @staticmethod
    def _bill(row: Any) -> HeldBill:
        return HeldBill(row.hold_id, row.staff_id, row.label,
                        datetime.fromisoformat(row.created_at), json.loads(row.cart_json),
                        bool(row.is_current))

    def all(self) -> list[HeldBill]:
        rows = self.conn.execute(select(t.held_bills).order_by(t.held_bills.c.created_at))
        return [self._bill(r) for r in rows]

    def take(self, hold_id: str) -> HeldBill | None:
        row = self.conn.execute(_HELD, {"hold_id": hold_id}).first()
        if row is None:
            return None
        self.conn.execute(_DELETE_HELD, {"hold_id": hold_id})
        return self._bill(row)

    def discard(self, hold_id: str) -> None:
        self.conn.execute(_DELETE_HELD, {"hold_id": hold_id})
