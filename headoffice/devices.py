"""Devices: one-time enrolment codes, enrolment, tokens, series prefixes, revoke and suspend.

* An enrolment code is bound to one outlet, expires (30 minutes by default) and is used once:
  the ``UPDATE … WHERE used_at IS NULL AND expires_at > now`` that consumes it is the check, so
  two tills racing with the same code cannot both enrol.
* Each device gets an invoice series and a credit-note series of its own, never handed out
  before (``series_prefixes`` is the register). The first device of an outlet takes the
  outlet's published prefixes (``BPL1A``, ``BPL1C``); the next ones add a character
  (``BPL1A2``, ``BPL1C2``...), as long as the prefix leaves room for a counter (16 characters
  in all). A re-enrolled laptop gets a new series: numbers of the old one may still be unsent.
* The device token is returned once; head office keeps its SHA-256.
* A replacement (a new laptop for a broken one) enrols with a code made for the old device:
  the old device is revoked in the same transaction, so the outlet never has both, nor none.
  A device has at most one live replacement code: making one expires the others. When the old
  device may still hold unsent events (it last reported some, never reported, or has not been
  heard from since its last push), the code is made only when the person says the old laptop
  is lost (``lost_confirmed``): its unsent sales are lost with it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from headoffice import security
from headoffice.catalog import outlet_data
from headoffice.clock import india_date
from headoffice.db import schema as t
from pos.domain.numbering import DocumentKind, Series, SeriesError
from pos.sync.protocol import DeviceStatus, EnrollResponse, OutletData

SUFFIXES = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LAST_SEEN_RESOLUTION = timedelta(seconds=30)


class DeviceError(Exception):
    """A refusal with an HTTP status and a machine code for the till's translated message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Device:
    device_id: str
    outlet_id: str
    label: str
    status: DeviceStatus
    series_prefix: str
    credit_prefix: str
    last_applied_seq: int
    last_seen_at: datetime | None

    @classmethod
    def of(cls, row: Any) -> Device:
        return cls(row.device_id, row.outlet_id, row.label, DeviceStatus(row.status),
                   row.series_prefix, row.credit_prefix, int(row.last_applied_seq),
                   row.last_seen_at)


# -- enrolment codes ---------------------------------------------------------------------------

def device_row(conn: Connection, device_id: str) -> Any:
    """The ``devices`` row of ``device_id``, or None."""
    return conn.execute(select(t.devices).where(t.devices.c.device_id == device_id)).first()


def unsent_risk(conn: Connection, device: Any) -> str | None:
    """Whether the device (a ``devices`` row) may still hold events head office has not got:
    ``"pending"`` (its last report said so), ``"unknown"`` (it never reported, or its last
    word came with a push, so what was left after it is not known), or None."""
    if device.reported_pending is None:
        return "unknown"
    if device.reported_pending > 0:
        return "pending"
    re_ = t.received_events
    last_event = conn.execute(select(re_.c.received_at).where(
        re_.c.device_id == device.device_id).order_by(re_.c.seq.desc()).limit(1)).scalar()
    if last_event is not None and (device.last_seen_at is None
                                   or last_event >= device.last_seen_at):
        return "unknown"
    return None


def cancel_replacement_codes(conn: Connection, device_id: str, now: datetime) -> int:
    """Expire the unused replacement codes of ``device_id``; returns how many."""
    ec = t.enrol_codes
    return int(conn.execute(update(ec).where(
        ec.c.replaces_device_id == device_id, ec.c.used_at.is_(None), ec.c.expires_at > now)
        .values(expires_at=now)).rowcount)


def create_enrol_code(conn: Connection, outlet_id: str, *, now: datetime, ttl: timedelta,
                      created_by: str = "", replaces_device_id: str | None = None,
                      lost_confirmed: bool = False) -> str:
    """A fresh one-time code for ``outlet_id``; only its hash is stored. With
    ``replaces_device_id`` (a device of that outlet, not revoked), the till that enrols with
    the code replaces that device: it is revoked in the enrolment's transaction. The device's
    earlier unused replacement codes stop working. A device that may hold unsent events
    (:func:`unsent_risk`) is replaced only with ``lost_confirmed``."""
    if replaces_device_id is not None:
        old = device_row(conn, replaces_device_id)
        if old is None or old.outlet_id != outlet_id:
            raise DeviceError(404, "unknown_device", f"no device {replaces_device_id!r} at "
                              f"outlet {outlet_id!r}")
        if old.status == DeviceStatus.REVOKED.value:
            raise DeviceError(409, "device_revoked", "that device is already revoked: make "
                              "an ordinary enrolment code")
        if not lost_confirmed and unsent_risk(conn, old) is not None:
            raise DeviceError(409, "unsent_events", "that device may still hold unsent "
                              "events: confirm it is lost, or let it sync first")
    outlet = outlet_data(conn, outlet_id)
    if outlet is None:
        raise DeviceError(404, "unknown_outlet", f"no outlet {outlet_id!r}")
    if not outlet.active:
        raise DeviceError(409, "outlet_inactive", f"outlet {outlet_id} is not active")
    if replaces_device_id is not None:
        cancel_replacement_codes(conn, replaces_device_id, now)
    code = security.new_enrol_code()
    conn.execute(insert(t.enrol_codes).values(
        code_sha256=security.enrol_code_hash(code), outlet_id=outlet_id, created_at=now,
        expires_at=now + ttl, created_by=created_by, replaces_device_id=replaces_device_id))
    return code


def _prefix_candidates(stem: str) -> Iterator[str]:
    yield stem
    for a in SUFFIXES:
        yield stem + a
    for a in SUFFIXES:
        for b in SUFFIXES:
            yield stem + a + b


def _usable(prefix: str, kind: DocumentKind) -> bool:
    try:
        Series(prefix, kind)
    except SeriesError:
        return False
    return len(prefix) <= 10


def allocate_prefix(conn: Connection, stem: str, kind: DocumentKind, outlet_id: str,
                    device_id: str, now: datetime) -> str:
    """Register and return the first prefix built on ``stem`` not handed out before."""
    taken = set(conn.execute(select(t.series_prefixes.c.prefix)
                             .where(t.series_prefixes.c.prefix.like(f"{stem}%"))).scalars())
    others = conn.execute(select(t.outlets.c.invoice_prefix, t.outlets.c.credit_prefix)
                          .where(t.outlets.c.outlet_id != outlet_id)).all()
    taken |= {p for row in others for p in row}
    for prefix in _prefix_candidates(stem):
        if prefix in taken or not _usable(prefix, kind):
            continue
        try:
            with conn.begin_nested():
                conn.execute(insert(t.series_prefixes).values(
                    prefix=prefix, kind=kind.value, outlet_id=outlet_id, device_id=device_id,
                    created_at=now))
        except IntegrityError:
            continue  # registered meanwhile by another enrolment: the constraint decides
        return prefix
    raise DeviceError(409, "series_exhausted",
                      f"no series prefix left on {stem!r}: give the outlet a shorter prefix")


# -- enrolment ---------------------------------------------------------------------------------

def enrol(conn: Connection, *, code: str, label: str, app_version: str,
          expected_outlet: str | None, now: datetime) -> EnrollResponse:
    """Exchange a one-time code for a device token (all in the caller's transaction)."""
    code_hash = security.enrol_code_hash(code)
    ec = t.enrol_codes
    row = conn.execute(select(ec).where(ec.c.code_sha256 == code_hash)).first()
    if row is None:
        raise DeviceError(403, "enrol_code_unknown", "this enrolment code is not valid")
    if row.used_at is not None:
        raise DeviceError(403, "enrol_code_used", "this enrolment code was already used")
    if row.expires_at <= now:
        raise DeviceError(403, "enrol_code_expired", "this enrolment code has expired")
    if expected_outlet is not None and expected_outlet != row.outlet_id:
        raise DeviceError(403, "enrol_code_other_outlet",
                          "this enrolment code is for another outlet")
    outlet = outlet_data(conn, row.outlet_id)
    if outlet is None or not outlet.active:
        raise DeviceError(403, "outlet_inactive", "the outlet of this code is not active")
    if outlet.valid_to is not None and india_date(now) > outlet.valid_to:
        raise DeviceError(403, "outlet_closed", "this fair stall's registration has ended")
    device_id = str(uuid.uuid4())
    consumed = conn.execute(update(ec).where(
        ec.c.code_sha256 == code_hash, ec.c.used_at.is_(None), ec.c.expires_at > now)
        .values(used_at=now, device_id=device_id)).rowcount
    if consumed != 1:  # another till used it a moment ago
        raise DeviceError(403, "enrol_code_used", "this enrolment code was already used")
    invoice = allocate_prefix(conn, outlet.invoice_prefix, DocumentKind.INVOICE,
                              outlet.outlet_id, device_id, now)
    credit = allocate_prefix(conn, outlet.credit_prefix, DocumentKind.CREDIT_NOTE,
                             outlet.outlet_id, device_id, now)
    token = security.new_device_token()
    conn.execute(insert(t.devices).values(
        device_id=device_id, outlet_id=outlet.outlet_id, label=label.strip(),
        app_version=app_version.strip(), token_sha256=security.sha256_hex(token),
        status=DeviceStatus.ACTIVE.value, series_prefix=invoice, credit_prefix=credit,
        enrolled_at=now, last_seen_at=now, last_applied_seq=0))
    if row.replaces_device_id is not None:
        set_status(conn, row.replaces_device_id, DeviceStatus.REVOKED,
                   f"replaced by {label.strip()}"[:200], now)
    return EnrollResponse(device_id=device_id, outlet=outlet, series_prefix=invoice,
                          credit_series_prefix=credit, token=token)


# -- authentication and status -----------------------------------------------------------------

def authenticate(conn: Connection, token: str) -> Device:
    """The device holding ``token``; a revoked one is refused (401) like an unknown token."""
    row = conn.execute(select(t.devices).where(
        t.devices.c.token_sha256 == security.sha256_hex(token))).first()
    if row is None:
        raise DeviceError(401, "unknown_token", "this device is not enrolled")
    device = Device.of(row)
    if device.status is DeviceStatus.REVOKED:
        raise DeviceError(401, "device_revoked", "this device was revoked: enrol it again")
    return device


def lock_device(conn: Connection, device_id: str) -> Device:
    """Re-read the device holding its row lock until the transaction ends (one push at a
    time per device)."""
    query = select(t.devices).where(t.devices.c.device_id == device_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return Device.of(conn.execute(query).one())


def touch(conn: Connection, device_id: str, now: datetime) -> None:
    """Record that the device was seen (at most one write per 30 s per device)."""
    d = t.devices
    conn.execute(update(d).where(d.c.device_id == device_id,
                                 (d.c.last_seen_at.is_(None))
                                 | (d.c.last_seen_at < now - LAST_SEEN_RESOLUTION))
                 .values(last_seen_at=now))


def report(conn: Connection, device_id: str, now: datetime, pending: int,
           oldest: datetime | None) -> None:
    """The device was seen and said how many events it still has to send."""
    conn.execute(update(t.devices).where(t.devices.c.device_id == device_id).values(
        last_seen_at=now, reported_pending=pending, oldest_pending_at=oldest))


def set_status(conn: Connection, device_id: str, status: DeviceStatus, reason: str,
               now: datetime) -> bool:
    """Suspend, revoke or reinstate a device. Revoked is final (enrol again)."""
    d = t.devices
    return bool(conn.execute(update(d).where(d.c.device_id == device_id,
                                             d.c.status != DeviceStatus.REVOKED.value)
                             .values(status=status.value, status_reason=reason,
                                     status_changed_at=now)).rowcount)


def outlet_of(conn: Connection, device: Device) -> OutletData:
    outlet = outlet_data(conn, device.outlet_id)
    assert outlet is not None, "a device's outlet cannot be deleted (foreign key)"
    return outlet


# -- rate limiting -----------------------------------------------------------------------------

def rate_wait(conn: Connection, scope: str, key: str, *, limit: int, window: timedelta,
              now: datetime) -> int | None:
    """The seconds ``key`` must wait when it made ``limit`` attempts in ``scope`` within
    ``window``, else None. Attempts are kept in the database, so every web process shares
    them."""
    r = t.rate_events
    start = now - window
    conn.execute(delete(r).where(r.c.scope == scope, r.c.at < start))
    rows = conn.execute(select(func.count(), func.min(r.c.at)).where(
        r.c.scope == scope, r.c.key == key[:128], r.c.at >= start)).one()
    if int(rows[0]) >= limit:
        oldest: datetime = rows[1]
        return max(1, int((oldest + window - now).total_seconds()) + 1)
    return None


def rate_count(conn: Connection, scope: str, key: str, now: datetime) -> None:
    """Count one attempt."""
    conn.execute(insert(t.rate_events).values(scope=scope, key=key[:128], at=now))


def rate_limit(conn: Connection, scope: str, key: str, *, limit: int, window: timedelta,
               now: datetime) -> int | None:
    """Count an attempt unless over the limit; the seconds to wait if it is (see
    :func:`rate_wait`)."""
    wait = rate_wait(conn, scope, key, limit=limit, window=window, now=now)
    if wait is None:
        rate_count(conn, scope, key, now)
    return wait
