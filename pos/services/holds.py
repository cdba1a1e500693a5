"""Held (parked) bills, and the bill on screen kept safe against a power cut.

Held bills are drafts: they never sync and never take a number. The bill being built is saved
as the till's *current* bill after every change, so a laptop whose battery dies comes back
with it; :func:`recover_current` turns it into a held bill at the next start.
"""

from __future__ import annotations

from pos.domain.cart import Cart
from pos.domain.codec import cart_from_data, cart_to_data
from pos.domain.discounts import DiscountPolicy
from pos.services.auth import StaffSession
from pos.services.errors import ServiceError
from pos.services.ports import Clock, HeldBill, UowFactory
from pos.services.selling import CURRENT_BILL, IdFactory, new_id


def hold(uow_factory: UowFactory, clock: Clock, who: StaffSession, cart: Cart,
         label: str = "", ids: IdFactory = new_id) -> HeldBill:
    if not cart.lines:
        raise ServiceError("empty_cart", "there is nothing to hold")
    bill = HeldBill(ids(), who.staff_id, label.strip(), clock.now(), cart_to_data(cart))
    with uow_factory() as uow:
        uow.holds.save(bill)
        uow.holds.discard(CURRENT_BILL)
        uow.commit()
    return bill


def held_bills(uow_factory: UowFactory) -> list[HeldBill]:
    with uow_factory() as uow:
        return [b for b in uow.holds.all() if b.hold_id != CURRENT_BILL]


def resume(uow_factory: UowFactory, hold_id: str, policy: DiscountPolicy | None = None) -> Cart:
    """Take a held bill back onto the screen, exactly as it was (prices as scanned)."""
    with uow_factory() as uow:
        bill = uow.holds.take(hold_id)
        if bill is None:
            raise ServiceError("no_such_hold", "this bill is no longer held")
        cart = cart_from_data(bill.cart, policy)
        uow.holds.save(HeldBill(CURRENT_BILL, bill.staff_id, bill.label, bill.created_at,
                                bill.cart, is_current=True))
        uow.commit()
    return cart


def save_current(uow_factory: UowFactory, clock: Clock, who: StaffSession, cart: Cart) -> None:
    """Keep the bill on screen (called after each change; an empty bill clears it)."""
    with uow_factory() as uow:
        if cart.lines:
            uow.holds.save(HeldBill(CURRENT_BILL, who.staff_id, "", clock.now(),
                                    cart_to_data(cart), is_current=True))
        else:
            uow.holds.discard(CURRENT_BILL)
        uow.commit()


def recover_current(uow_factory: UowFactory, ids: IdFactory = new_id) -> HeldBill | None:
    """At start-up: an interrupted bill becomes a held bill, labelled so, nothing lost."""
    with uow_factory() as uow:
        bill = uow.holds.take(CURRENT_BILL)
        if bill is None:
            return None
        recovered = HeldBill(ids(), bill.staff_id, bill.label or "recovered", bill.created_at,
                             bill.cart)
        uow.holds.save(recovered)
        uow.commit()
    return recovered
