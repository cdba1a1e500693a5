"""One sync attempt: push the outbox in ``seq`` order, then pull the catalogue.

Everything here is synchronous and single-threaded; the worker (:mod:`pos.sync.worker`)
decides *when* to run an attempt. Each server answer is handled as DESIGN.md says:

=====================  ===================================================================
push answer            what the till does
=====================  ===================================================================
``applied``            ``sent`` (``flagged`` when head office attached flags)
``duplicate``          as the first copy's status: the acknowledgement had been lost
``parked``             ``parked``: head office links it when what it refers to arrives
``rejected``           ``rejected``: quarantined at head office; the queue moves on
``payload_mismatch``   ``mismatch``: head office keeps its original; shown as an issue
``gap{expected}``      head office lost events (restored from a backup): send again from there
device ``suspended``   stop pushing; show it (selling goes on)
HTTP 413               halve the batch (down to one event)
HTTP 422               halve the batch; one event alone is quarantined on the till
=====================  ===================================================================

The device's sequence numbers are the outbox's minus ``seq_base`` (the outbox may hold
events from before this device was enrolled: they stay on the till, never sent).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from pos.sync.protocol import (
    MAX_BATCH_BYTES,
    MAX_BATCH_EVENTS,
    MAX_CHANGES_LIMIT,
    DeviceStatus,
    EventResult,
    EventStatus,
    MetaResponse,
    PushResponse,
)
from pos.sync.transport import (
    ChangesPage,
    CursorGone,
    PushBody,
    ServerError,
    Snapshot,
    TooLarge,
)

log = logging.getLogger("pos.sync")

RAW_BATCH_BYTES = 4 * MAX_BATCH_BYTES  # uncompressed; gzip brings a batch well under the limit
PAGE_LIMIT = MAX_CHANGES_LIMIT


class OutboxRowLike(Protocol):
    @property
    def seq(self) -> int: ...
    @property
    def event_id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def business_date(self) -> str: ...
    @property
    def device_time(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def payload(self) -> str: ...


class SyncStore(Protocol):
    """What the engine needs of the till's database (:class:`pos.store.sync_store.SqlSyncStore`
    implements it; tests may use a fake)."""

    def state(self) -> dict[str, Any]: ...
    def update_state(self, **changes: Any) -> dict[str, Any]: ...
    def pending(self, limit: int, after_seq: int = 0) -> Sequence[OutboxRowLike]: ...
    def pending_summary(self) -> tuple[int, str | None]: ...
    def record(self, outcomes: Sequence[Any]) -> None: ...
    def resend_from(self, seq: int) -> int: ...
    def catalogue_cursor(self) -> int | None: ...
    def apply_page(self, changes: Sequence[Mapping[str, Any]], cursor: int) -> int: ...
    def load_snapshot(self, rows: Iterable[Mapping[str, Any]], cursor: int,
                      expected_rows: int | None = None) -> Any: ...


class Transport(Protocol):
    def meta(self, pending: int | None = None,
             oldest: datetime | None = None) -> MetaResponse: ...
    def push(self, body: PushBody, pending: int | None = None,
             oldest: datetime | None = None) -> PushResponse: ...
    def changes(self, since: int, limit: int, etag: str = "") -> ChangesPage: ...
    def snapshot(self) -> Snapshot: ...


OutcomeFactory = Callable[[int, str, Mapping[str, Any]], Any]


@dataclass
class Tally:
    """What one attempt did."""

    sent: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    catalogue_changes: int = 0
    snapshot_rows: int = 0
    suspended: bool = False

    def count(self, status: str) -> None:
        self.by_status[status] = self.by_status.get(status, 0) + 1


def local_status(result: EventResult) -> str | None:
    """The outbox status for head office's answer (None: still pending)."""
    status = result.status
    if status is EventStatus.DUPLICATE:
        status = result.original_status or EventStatus.APPLIED
    if status is EventStatus.APPLIED:
        return "flagged" if result.flags else "sent"
    if status is EventStatus.PARKED:
        return "parked"
    if status is EventStatus.REJECTED:
        return "rejected"
    if status is EventStatus.PAYLOAD_MISMATCH:
        return "mismatch"
    return None  # a gap, or a duplicate of something that was itself a gap (never stored)


class SyncEngine:
    def __init__(self, store: SyncStore, transport: Transport, outcome: OutcomeFactory, *,
                 batch_events: int = MAX_BATCH_EVENTS, raw_batch_bytes: int = RAW_BATCH_BYTES,
                 page_limit: int = PAGE_LIMIT,
                 on_catalogue: Callable[[], None] | None = None,
                 on_progress: Callable[[str, int, int], None] | None = None) -> None:
        self.store = store
        self.transport = transport
        self.outcome = outcome
        self.batch_events = batch_events
        self.raw_batch_bytes = raw_batch_bytes
        self.page_limit = page_limit
        self.on_catalogue = on_catalogue
        self.on_progress = on_progress
        self._etag = ("", -1)  # (ETag, the cursor it was for)

    # -- one attempt --------------------------------------------------------------------------

    def run_once(self) -> Tally:
        """Meta, push everything pending, pull the catalogue. Raises a
        :class:`~pos.sync.transport.TransportError` when head office cannot be used."""
        tally = Tally()
        base = int(self.store.state().get("seq_base", 0))
        meta = self.transport.meta(*self._pending_headers())
        self.store.update_state(device_status=meta.device_status.value,
                                server_cursor=meta.catalog_cursor)
        if meta.device_status is DeviceStatus.ACTIVE:
            self._catch_up(meta.last_applied_seq, base)
            self.push_all(tally, base)
        else:
            tally.suspended = True
        self.pull(tally, meta.catalog_cursor)
        return tally

    def _pending_headers(self) -> tuple[int, datetime | None]:
        count, oldest = self.store.pending_summary()
        return count, datetime.fromisoformat(oldest) if oldest else None

    def _catch_up(self, last_applied: int, base: int) -> None:
        """Head office says it has everything up to ``last_applied``: if the till thinks it
        sent more (head office restored from a backup), queue those events again."""
        first = self.store.pending(1, after_seq=base)
        resend_from = last_applied + 1 + base
        if not first or first[0].seq > resend_from:
            again = self.store.resend_from(resend_from)
            if again:
                log.warning("head office has events only up to %d: %d events queued again",
                            last_applied, again)

    # -- pushing ------------------------------------------------------------------------------

    def push_all(self, tally: Tally, base: int) -> None:
        limit = self.batch_events
        while True:
            rows = self._batch(limit, base)
            if not rows:
                return
            response: PushResponse | None
            try:
                response = self.transport.push(self._body(rows, base), *self._pending_headers())
            except TooLarge:
                if len(rows) == 1:
                    response = self._unsendable(rows[0], "too_large", "head office refuses "
                                                "this event as too large", tally, base)
                else:
                    limit = max(1, len(rows) // 2)
                    continue
            except ServerError as exc:
                if exc.status != 422:
                    raise
                if len(rows) == 1:
                    response = self._unsendable(rows[0], "malformed", exc.detail, tally, base)
                else:
                    limit = max(1, len(rows) // 2)
                    continue
            if response is None:
                return  # an event the queue cannot pass: it stays on the till, shown
            progressed = self._record(rows, response, tally, base)
            limit = self.batch_events
            if response.device_status is not DeviceStatus.ACTIVE:
                tally.suspended = True
                self.store.update_state(device_status=response.device_status.value)
                return
            if not progressed:
                return  # nothing moved (a gap we could not resolve): try again later

    def _batch(self, limit: int, base: int) -> list[OutboxRowLike]:
        rows = list(self.store.pending(limit, after_seq=base))
        size = 0
        for i, row in enumerate(rows):
            size += len(row.payload) + 200
            if size > self.raw_batch_bytes and i > 0:
                return rows[:i]
        return rows

    @staticmethod
    def _body(rows: Sequence[OutboxRowLike], base: int) -> PushBody:
        return PushBody(
            events=[{"seq": row.seq - base, "event_id": row.event_id, "type": row.type,
                     "business_date": row.business_date, "device_time": row.device_time,
                     "sha256": row.sha256} for row in rows],
            payloads=[row.payload for row in rows])

    def _record(self, rows: Sequence[OutboxRowLike], response: PushResponse, tally: Tally,
                base: int) -> bool:
        by_seq = {row.seq - base: row for row in rows}
        outcomes = []
        gap_expected: int | None = None
        for result in response.results:
            row = by_seq.get(result.seq)
            if row is None or row.event_id != result.event_id:
                continue  # not an answer to what we sent: ignore it
            status = local_status(result)
            tally.count(result.status.value)
            if status is None:
                if result.status is EventStatus.GAP and result.expected is not None:
                    gap_expected = result.expected if gap_expected is None \
                        else min(gap_expected, result.expected)
                continue
            outcomes.append(self.outcome(row.seq, status, result.model_dump(mode="json")))
        self.store.record(outcomes)
        tally.sent += len(outcomes)
        if gap_expected is not None and gap_expected < rows[0].seq - base:
            again = self.store.resend_from(gap_expected + base)
            log.warning("head office expects seq %d: %d events queued again", gap_expected,
                        again)
            return again > 0 or bool(outcomes)
        return bool(outcomes)

    def _unsendable(self, row: OutboxRowLike, reason: str, detail: str, tally: Tally,
                    base: int) -> PushResponse | None:
        """Head office refuses the request that carries this one event (its stored payload
        is not JSON, or too big). Head office numbers events without gaps, so the event must
        still take its place there: send a stand-in under the same envelope, whose payload
        (what the till holds, cut short) cannot match the SHA-256, so head office quarantines
        it and the queue moves on. Only when even that is refused is the event kept on the
        till alone (None: stop this attempt; the queue cannot pass it)."""
        stand_in = json.dumps({"unsendable": reason, "detail": detail[:500],
                               "stored_payload": row.payload[:4000]},
                              ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        body = PushBody(events=[{"seq": row.seq - base, "event_id": row.event_id,
                                 "type": row.type, "business_date": row.business_date,
                                 "device_time": row.device_time, "sha256": row.sha256}],
                        payloads=[stand_in])
        try:
            return self.transport.push(body, *self._pending_headers())
        except (TooLarge, ServerError) as exc:
            if isinstance(exc, ServerError) and exc.status != 422:
                raise
            self._quarantine(row, reason, detail, tally)
            return None

    def _quarantine(self, row: OutboxRowLike, reason: str, detail: str, tally: Tally) -> None:
        """Keep on the till an event head office cannot take at all, and move on."""
        log.error("event %s (seq %d) cannot be sent: %s", row.event_id, row.seq, detail)
        tally.count("rejected")
        self.store.record([self.outcome(row.seq, "rejected", {
            "status": "rejected", "reason": reason, "detail": detail, "local": True})])

    # -- pulling the catalogue ----------------------------------------------------------------

    def pull(self, tally: Tally, server_cursor: int | None = None) -> None:
        cursor = self.store.catalogue_cursor()
        if cursor is None:
            self.load_snapshot(tally)
            return
        if server_cursor is not None and server_cursor == cursor:
            return  # nothing new: no request at all
        while True:
            etag = self._etag[0] if self._etag[1] == cursor else ""
            try:
                page = self.transport.changes(cursor, self.page_limit, etag)
            except CursorGone:
                log.info("catalogue cursor %d is too old: loading a snapshot", cursor)
                self.load_snapshot(tally)
                return
            if page.response is None:
                return
            response = page.response
            if response.changes or response.next_cursor != cursor:
                self.store.apply_page([c.model_dump(mode="json") for c in response.changes],
                                      response.next_cursor)
                tally.catalogue_changes += len(response.changes)
                if self.on_catalogue is not None:
                    self.on_catalogue()
            self._etag = (page.etag, cursor)
            if not response.has_more or response.next_cursor == cursor:
                return
            cursor = response.next_cursor

    def load_snapshot(self, tally: Tally) -> None:
        snapshot = self.transport.snapshot()
        header = snapshot.header
        progress = self.on_progress

        def rows() -> Iterator[Mapping[str, Any]]:
            for done, change in enumerate(snapshot.rows, 1):
                if progress is not None and (done % 2000 == 0 or done == header.rows):
                    progress("snapshot", done, header.rows)
                yield change  # a plain dict, its envelope checked by the transport

        if progress is not None:
            progress("snapshot", 0, header.rows)
        self.store.load_snapshot(rows(), header.cursor, expected_rows=header.rows)
        tally.snapshot_rows = header.rows
        if self.on_catalogue is not None:
            self.on_catalogue()
