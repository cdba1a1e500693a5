"""What the sync engine reads and writes in the till's database: the outbox queue and its
results, the device's sync state, and head office's catalogue (products and the rest through
:mod:`pos.store.catalogue`; this till's outlet and its staff here).

Plain types only cross this boundary (dicts, tuples, dataclasses of this module): the sync
package may not import the store, nor the store the sync package (import-linter).

Outbox statuses
    ``pending`` not yet acknowledged; ``sent`` applied by head office (or a duplicate of an
    applied one); ``flagged`` applied with flags a person should see; ``parked`` head office
    keeps it until what it refers to arrives; ``rejected`` quarantined at head office;
    ``mismatch`` head office holds another payload under this event id; ``local`` made
    before this till was enrolled (no device series): kept, never sent. Only ``pending``
    events are ever sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from pos.domain.discounts import Role
from pos.domain.numbering import DocumentKind, Series
from pos.domain.outlet import Outlet, OutletKind
from pos.services.ports import StaffMember
from pos.store import schema as t
from pos.store.catalogue import (
    CatalogueChange,
    CatalogueError,
    SnapshotResult,
    apply_changes,
    catalogue_cursor,
    load_snapshot,
)
from pos.store.database import Store
from pos.store.outlets import load_outlet, save_outlet
from pos.store.people_repo import SqlStaff
from pos.store.settings_repo import OUTLET_PROFILE, SYNC, get_setting, set_setting

ISSUE_STATUSES = ("flagged", "parked", "rejected", "mismatch")
PEOPLE_ENTITIES = ("outlet", "staff")


@dataclass(frozen=True)
class OutboxRow:
    seq: int  # the till's own sequence number (head office's is seq - seq_base)
    event_id: str
    type: str
    business_date: str
    device_time: str
    sha256: str
    payload: str  # the exact canonical JSON stored when the event happened


@dataclass(frozen=True)
class Outcome:
    """What head office answered for one event, as the till keeps it."""

    seq: int
    status: str  # one of the outbox statuses
    result: Mapping[str, Any]  # head office's EventResult as JSON


@dataclass(frozen=True)
class IssueRow:
    seq: int
    event_id: str
    type: str
    business_date: str
    status: str
    result: Mapping[str, Any]
    document: str  # the invoice or credit-note number, when the event has one


class SqlSyncStore:
    """The sync engine's view of one till database."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- device state ---------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        with self.store.transaction() as conn:
            found = get_setting(conn, SYNC)
        return dict(found) if isinstance(found, dict) else {}

    def update_state(self, **changes: Any) -> dict[str, Any]:
        with self.store.transaction() as conn:
            found = get_setting(conn, SYNC)
            state = dict(found) if isinstance(found, dict) else {}
            state.update(changes)
            set_setting(conn, SYNC, state)
        return state

    def enrol(self, state: Mapping[str, Any], outlet: Mapping[str, Any]) -> None:
        """Record the enrolment: the device's state, its outlet (with this device's own
        series) and the outlet's full profile, in one transaction. The device's sequence
        numbers start after every event already in the outbox (``seq_base``)."""
        with self.store.transaction() as conn:
            top = conn.execute(select(func.max(t.outbox.c.seq))).scalar() or 0
            # Events from before enrolment belong to no device's series: kept, never sent.
            conn.execute(update(t.outbox).where(t.outbox.c.status == "pending")
                         .values(status="local"))
            set_setting(conn, SYNC, {**state, "seq_base": int(top)})
            self._save_outlet(conn, outlet, str(state["series_prefix"]),
                              str(state["credit_series_prefix"]))

    def outlet_id(self) -> str | None:
        state = self.state()
        value = state.get("outlet_id")
        return str(value) if value else None

    # -- the outbox -----------------------------------------------------------------------------

    def pending(self, limit: int, after_seq: int = 0) -> list[OutboxRow]:
        o = t.outbox
        with self.store.reading() as conn:
            rows = conn.execute(
                select(o.c.seq, o.c.event_id, o.c.type, o.c.business_date, o.c.device_time,
                       o.c.sha256, o.c.payload)
                .where(o.c.status == "pending", o.c.seq > after_seq)
                .order_by(o.c.seq).limit(limit)).all()
        return [OutboxRow(*row) for row in rows]

    def pending_summary(self) -> tuple[int, str | None]:
        """How many events wait to be sent, and the device time of the oldest."""
        o = t.outbox
        with self.store.reading() as conn:
            count = conn.execute(select(func.count()).select_from(o)
                                 .where(o.c.status == "pending")).scalar_one()
            oldest = conn.execute(select(o.c.device_time).where(o.c.status == "pending")
                                  .order_by(o.c.seq).limit(1)).scalar()
        return int(count), oldest

    def record(self, outcomes: Sequence[Outcome]) -> None:
        """Store head office's answers, all in one transaction. An answer for an event that
        is no longer pending (a duplicate reply) changes nothing."""
        if not outcomes:
            return
        o = t.outbox
        statement = update(o).where(o.c.seq == bindparam("b_seq")).values(
            status=bindparam("b_status"), result=bindparam("b_result"),
            attempts=o.c.attempts + 1)
        with self.store.transaction() as conn:
            # One statement for the batch (executemany): building one UPDATE per event cost
            # more than the batch's durable commit.
            conn.execute(statement, [
                {"b_seq": outcome.seq, "b_status": outcome.status,
                 "b_result": json.dumps(outcome.result, ensure_ascii=False, sort_keys=True)}
                for outcome in outcomes])

    def count_attempt(self, seqs: Sequence[int]) -> None:
        o = t.outbox
        with self.store.transaction() as conn:
            conn.execute(update(o).where(o.c.seq.in_(list(seqs)))
                         .values(attempts=o.c.attempts + 1))

    def resend_from(self, seq: int) -> int:
        """Head office lost events from ``seq`` on (its database was restored): queue every
        event from there again. Returns how many were re-queued."""
        o = t.outbox
        sent_since = (o.c.seq >= seq) & (o.c.status != "pending")
        with self.store.reading() as conn:  # the usual answer is "none": no write, no fsync
            if conn.execute(select(o.c.seq).where(sent_since).limit(1)).first() is None:
                return 0
        with self.store.transaction() as conn:
            done = conn.execute(update(o).where(sent_since).values(status="pending"))
        return int(done.rowcount or 0)

    def issue_count(self) -> int:
        """How many events :meth:`issues` would list (for the status chip)."""
        o = t.outbox
        with self.store.reading() as conn:
            return int(conn.execute(select(func.count()).select_from(o)
                                    .where(o.c.status.in_(ISSUE_STATUSES))).scalar_one())

    def issues(self, limit: int = 500) -> list[IssueRow]:
        """Events a person should look at: flagged, parked, rejected, mismatched; newest first."""
        o = t.outbox
        with self.store.reading() as conn:
            rows = conn.execute(
                select(o.c.seq, o.c.event_id, o.c.type, o.c.business_date, o.c.status,
                       o.c.result, o.c.payload)
                .where(o.c.status.in_(ISSUE_STATUSES)).order_by(o.c.seq.desc())
                .limit(limit)).all()
        issues = []
        for seq, event_id, type_, business_date, status, result, payload in rows:
            try:
                data = json.loads(payload)
            except ValueError:
                data = {}
            document = ""
            if isinstance(data, dict):
                document = str(data.get("credit_no") or data.get("invoice_no") or "")
            issues.append(IssueRow(seq, event_id, type_, business_date, status,
                                   json.loads(result) if result else {}, document))
        return issues

    # -- the catalogue --------------------------------------------------------------------------

    def catalogue_cursor(self) -> int | None:
        with self.store.reading() as conn:
            return catalogue_cursor(conn)

    def apply_page(self, changes: Sequence[Mapping[str, Any]], cursor: int) -> int:
        """Apply one page of the change feed atomically (catalogue, outlet and staff in one
        transaction). Returns how many changes it held."""
        catalogue, people = _split(changes)
        with self.store.transaction() as conn:
            apply_changes(conn, catalogue, cursor)
            self._apply_people(conn, people, snapshot=False)
        return len(changes)

    def load_snapshot(self, rows: Iterable[Mapping[str, Any]], cursor: int,
                      expected_rows: int | None = None) -> SnapshotResult:
        """Replace the whole catalogue by a snapshot (a cut download changes nothing). The
        outlet and staff rows are applied just before the catalogue is swapped in."""
        people: list[CatalogueChange] = []
        counted = 0

        def catalogue_rows() -> Iterator[CatalogueChange]:
            nonlocal counted
            for item in rows:
                counted += 1
                change = _change(item)
                if change.entity in PEOPLE_ENTITIES:
                    people.append(change)
                else:
                    yield change
            if expected_rows is not None and counted != expected_rows:
                raise CatalogueError("snapshot", str(cursor),
                                     f"{counted} rows received, {expected_rows} announced")
            with self.store.transaction() as conn:
                self._apply_people(conn, people, snapshot=True)

        return load_snapshot(self.store, catalogue_rows(), cursor)

    # -- this till's outlet and people -----------------------------------------------------------

    def _apply_people(self, conn: Connection, changes: Sequence[CatalogueChange], *,
                      snapshot: bool) -> None:
        state = get_setting(conn, SYNC) or {}
        outlet_id = str(state.get("outlet_id", ""))
        staff = SqlStaff(conn)
        seen_staff: set[str] = set()
        for change in changes:
            if change.entity == "outlet":
                if change.id == outlet_id and change.op == "upsert" and change.data:
                    self._save_outlet(conn, change.data, str(state.get("series_prefix", "")),
                                      str(state.get("credit_series_prefix", "")))
                continue
            seen_staff.add(change.id)
            data = change.data or {}
            here = outlet_id in (data.get("outlet_ids") or [outlet_id])
            active = change.op == "upsert" and bool(data.get("active", True)) and here
            existing = staff.get(change.id)
            if change.op == "delete" or not data:
                if existing is not None:
                    staff.save(replace(existing, active=False))
                continue
            try:
                member = StaffMember(change.id, str(data.get("name_en") or change.id),
                                     Role(str(data["role"])), str(data["pin_hash"]), active)
            except (KeyError, ValueError) as exc:
                raise CatalogueError("staff", change.id, f"not a staff record: {exc}") from None
            staff.save(member)
        if snapshot:  # whoever the snapshot does not list may no longer log in here
            for member in staff.active():
                if member.staff_id not in seen_staff:
                    staff.save(replace(member, active=False))

    @staticmethod
    def _save_outlet(conn: Connection, data: Mapping[str, Any], series_prefix: str,
                     credit_prefix: str) -> None:
        try:
            outlet = Outlet(
                outlet_id=str(data["outlet_id"]), kind=OutletKind(str(data["kind"])),
                name_en=str(data["name_en"]), name_hi=str(data.get("name_hi", "")),
                gstin=str(data["gstin"]), state_code=str(data["state_code"]),
                invoice_series=Series(series_prefix or str(data["invoice_prefix"])),
                credit_series=Series(credit_prefix or str(data["credit_prefix"]),
                                     DocumentKind.CREDIT_NOTE),
                valid_from=_day(data.get("valid_from")), valid_to=_day(data.get("valid_to")),
                address=str(data.get("address_en", "")), upi_vpa=str(data.get("upi_vpa", "")))
        except (KeyError, ValueError) as exc:
            raise CatalogueError("outlet", str(data.get("outlet_id", "?")),
                                 f"not an outlet record: {exc}") from None
        save_outlet(conn, outlet)
        set_setting(conn, OUTLET_PROFILE, dict(data))

    def outlet(self, outlet_id: str) -> Outlet | None:
        with self.store.reading() as conn:
            return load_outlet(conn, outlet_id)


def _day(value: Any) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _split(changes: Sequence[Mapping[str, Any]]
           ) -> tuple[list[CatalogueChange], list[CatalogueChange]]:
    catalogue: list[CatalogueChange] = []
    people: list[CatalogueChange] = []
    for item in changes:
        change = _change(item)
        (people if change.entity in PEOPLE_ENTITIES else catalogue).append(change)
    return catalogue, people


def _change(item: Mapping[str, Any]) -> CatalogueChange:
    """A wire change; the outlet and staff entities are this module's, the rest the
    catalogue's (which checks them)."""
    entity, entity_id = item.get("entity"), item.get("id")
    if entity not in PEOPLE_ENTITIES:
        return CatalogueChange.from_wire(item)
    op, seq, data = item.get("op", "upsert"), item.get("change_seq", 0), item.get("data")
    if not isinstance(entity_id, str) or not entity_id or op not in ("upsert", "delete") \
            or not isinstance(seq, int) or (data is not None and not isinstance(data, Mapping)):
        raise CatalogueError(str(entity), str(entity_id), "not a valid change")
    return CatalogueChange(str(entity), entity_id, op, seq, data)
