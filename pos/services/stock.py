"""Stock: receive goods, send them to a fair stall on a delivery challan and take them back,
adjust with a reason, and stock on hand. Every movement is a row in the stock ledger and an
event for head office, written in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from pos.domain.discounts import Role
from pos.domain.outlet import Outlet
from pos.services.auth import StaffSession
from pos.services.errors import ServiceError
from pos.services.ports import AuditEntry, Clock, OutboxEvent, StockMove, UowFactory
from pos.services.selling import IdFactory, new_id

KINDS = {"received": 1, "sent_to_fair": -1, "returned_from_fair": 1}


def move_stock(uow_factory: UowFactory, clock: Clock, outlet: Outlet, who: StaffSession,
               kind: str, items: Sequence[tuple[str, int]], reference: str = "",
               reason: str = "", ids: IdFactory = new_id) -> str:
    """Record a movement of several products; returns its document id.

    ``kind`` is ``received``, ``sent_to_fair`` (a challan prints), ``returned_from_fair`` or
    ``adjusted`` (a manager, with a reason; quantities signed). Quantities are thousandths.
    """
    if kind == "adjusted":
        if not who.role.at_least(Role.MANAGER):
            raise ServiceError("not_allowed", "a manager must adjust stock",
                               needed=Role.MANAGER.value)
        if not reason.strip():
            raise ServiceError("reason_required", "say why the stock is adjusted")
        sign = 1
    elif kind in KINDS:
        sign = KINDS[kind]
        if any(qty <= 0 for _, qty in items):
            raise ServiceError("bad_quantity", "quantities must be more than zero")
    else:
        raise ServiceError("bad_movement", f"unknown stock movement {kind}")
    if not items or any(qty == 0 for _, qty in items):
        raise ServiceError("bad_quantity", "give each product a quantity")
    if kind in ("sent_to_fair", "returned_from_fair") and not reference.strip():
        raise ServiceError("stall_required", "name the fair stall")
    now = clock.now()
    doc_id = ids()
    with uow_factory() as uow:
        moves = [StockMove(pid, sign * qty, kind, doc_id, who.staff_id, now,
                           reason.strip() or reference.strip()) for pid, qty in items]
        uow.stock.add(moves)
        uow.audit.add(AuditEntry(now, who.staff_id, f"stock.{kind}", doc_id,
                                 {"reference": reference, "lines": len(items)}))
        uow.outbox.add(OutboxEvent(doc_id, "stock_move", clock.today(), now, {
            "doc_id": doc_id, "outlet_id": outlet.outlet_id, "kind": kind,
            "reference": reference.strip(), "reason": reason.strip(),
            "staff_id": who.staff_id,
            "lines": [{"product_id": m.product_id, "qty_milli": m.qty_milli} for m in moves]}))
        uow.commit()
    if kind == "sent_to_fair":
        with uow_factory() as uow:
            uow.print_jobs.enqueue("challan", doc_id)
            uow.commit()
    return doc_id


def on_hand(uow_factory: UowFactory, product_id: str) -> int:
    with uow_factory() as uow:
        return uow.stock.on_hand(product_id)
