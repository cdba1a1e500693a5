"""Staff log in with a PIN; repeated failures lock the PIN for a while.

PINs are stored only as salted scrypt hashes (:mod:`pos.domain.pins`, shared with head office).
A manager's approval (void, return, discount above a cashier's limit) is the same check
with a required role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pos.domain.discounts import Role
from pos.domain.pins import hash_pin, valid_pin_format, verify_pin
from pos.services.errors import ServiceError
from pos.services.ports import Clock, StaffMember, UnitOfWork, UowFactory

__all__ = ["MAX_ATTEMPTS", "StaffSession", "approve", "hash_pin", "login",
           "valid_pin_format", "verify_pin"]

MAX_ATTEMPTS = 5
LOCK_FOR = timedelta(minutes=5)
@dataclass(frozen=True, slots=True)
class StaffSession:
    staff_id: str
    name: str
    role: Role


def _check(uow: UnitOfWork, clock: Clock, staff_id: str, pin: str) -> StaffMember:
    member = uow.staff.get(staff_id)
    if member is None or not member.active:
        raise ServiceError("unknown_staff", "no such staff member")
    now = clock.now()
    if member.locked_until is not None and member.locked_until > now:
        raise ServiceError("pin_locked", "too many wrong PINs: wait", until=member.locked_until)
    if verify_pin(pin, member.pin_hash):
        if member.failed_attempts or member.locked_until:
            uow.staff.record_attempt(staff_id, 0, None)
        return member
    attempts = member.failed_attempts + 1
    locked = now + LOCK_FOR if attempts >= MAX_ATTEMPTS else None
    uow.staff.record_attempt(staff_id, 0 if locked else attempts, locked)
    uow.commit()  # a failure is recorded even though the login fails
    if locked:
        raise ServiceError("pin_locked", "too many wrong PINs: wait", until=locked)
    raise ServiceError("wrong_pin", "wrong PIN", attempts_left=MAX_ATTEMPTS - attempts)


def login(uow_factory: UowFactory, clock: Clock, staff_id: str, pin: str) -> StaffSession:
    """Check a PIN; counts failures and locks the PIN after :data:`MAX_ATTEMPTS`."""
    with uow_factory() as uow:
        member = _check(uow, clock, staff_id, pin)
        uow.commit()
    return StaffSession(member.staff_id, member.name, member.role)


def approve(uow_factory: UowFactory, clock: Clock, staff_id: str, pin: str,
            needed: Role) -> StaffSession:
    """A supervisor's or manager's PIN approving an action that needs ``needed``."""
    session = login(uow_factory, clock, staff_id, pin)
    if not session.role.at_least(needed):
        raise ServiceError("not_allowed", f"needs a {needed.value}", needed=needed.value)
    return session
