"""Composition of the till's sync: the store adapter, the token, the HTTP transport, the engine
and the worker, put together for :mod:`pos.app`, the benchmarks and the end-to-end tests
(all of them run the same wiring)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pos.services.sync_status import SyncIssue, SyncState, SyncStatus
from pos.services.till import Till
from pos.store.database import Store
from pos.store.sync_store import IssueRow, Outcome, SqlSyncStore
from pos.sync.credentials import TokenStore
from pos.sync.engine import SyncEngine
from pos.sync.enrolment import Enrolment, forget_enrolment
from pos.sync.transport import HttpTransport
from pos.sync.worker import IDLE_SECONDS, SyncWorker

LOCK_FILE = "sync.lock"


def issue_of(row: IssueRow) -> SyncIssue:
    result = row.result
    flags = tuple(str(f.get("code", "")) for f in result.get("flags") or []
                  if isinstance(f, dict))
    return SyncIssue(seq=row.seq, event_id=row.event_id, kind=row.type,
                     business_date=row.business_date, status=row.status,
                     reason=str(result.get("reason") or ""),
                     detail=str(result.get("detail") or ""), flags=flags,
                     document=row.document)


def make_engine(sync_store: SqlSyncStore, transport: HttpTransport, **kw: Any) -> SyncEngine:
    return SyncEngine(sync_store, transport, Outcome, **kw)


def enrolled(store: Store) -> bool:
    return bool(SqlSyncStore(store).state().get("device_id"))


class TillSync:
    """The screens' :class:`~pos.services.sync_status.SyncControl`: the worker, plus
    un-enrolment (refused while events wait to be sent)."""

    def __init__(self, worker: SyncWorker, sync_store: SqlSyncStore, tokens: TokenStore) -> None:
        self.worker, self.sync_store, self.tokens = worker, sync_store, tokens

    def status(self) -> SyncStatus:
        return self.worker.status()

    def sync_now(self) -> None:
        self.worker.sync_now()

    def issues(self) -> list[SyncIssue]:
        return self.worker.issues()

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        self.worker.subscribe(listener)

    def on_catalogue_changed(self, listener: Callable[[], None]) -> None:
        self.worker.on_catalogue_changed(listener)

    def unenrol(self) -> None:
        forget_enrolment(self.sync_store, self.tokens, self.sync_store.pending_summary()[0])
        self.worker.stop()
        self.worker.publish_state(SyncState.NOT_ENROLLED)


def keep_outlet_fresh(sync: TillSync | SyncWorker, store: Store, till: Till) -> None:
    """When head office's catalogue changes, the till takes its outlet's record again (a fair
    stall's dates extended, a new address): the next sale checks the new dates."""
    sync_store = SqlSyncStore(store)

    def refresh() -> None:
        outlet = sync_store.outlet(till.outlet.outlet_id)
        if outlet is not None:
            till.outlet = outlet

    sync.on_catalogue_changed(refresh)


def open_sync(store: Store, data_dir: Path, **kw: Any) -> TillSync | None:
    """The till's sync (its worker not started), or None when it is not enrolled."""
    worker = open_worker(store, data_dir, **kw)
    if worker is None:
        return None
    return TillSync(worker, SqlSyncStore(store),
                    TokenStore(data_dir, use_keyring=kw.get("use_keyring")))


def open_worker(store: Store, data_dir: Path, *, use_keyring: bool | None = None,
                idle_seconds: float = IDLE_SECONDS,
                transport_factory: Callable[[str, str], HttpTransport] | None = None,
                **engine_kw: Any) -> SyncWorker | None:
    """The sync worker of an enrolled till (not started), or None when it is not enrolled."""
    sync_store = SqlSyncStore(store)
    state = sync_store.state()
    device_id = str(state.get("device_id") or "")
    if not device_id:
        return None
    token = TokenStore(data_dir, use_keyring=use_keyring).load(device_id) or ""
    make = transport_factory or HttpTransport
    engine = make_engine(sync_store, make(str(state["server_url"]), token), **engine_kw)
    return SyncWorker(engine, data_dir / LOCK_FILE, idle_seconds=idle_seconds,
                      issues=lambda: [issue_of(r) for r in sync_store.issues()],
                      issue_count=sync_store.issue_count)


def enrolment(store: Store, data_dir: Path, *, use_keyring: bool | None = None,
              transport_factory: Callable[[str], HttpTransport] = HttpTransport,
              **engine_kw: Any) -> Enrolment:
    sync_store = SqlSyncStore(store)
    return Enrolment(sync_store, TokenStore(data_dir, use_keyring=use_keyring),
                     lambda transport: make_engine(sync_store, transport, **engine_kw),
                     has_pending=lambda: _has_pending(sync_store),
                     transport_factory=transport_factory)


def _has_pending(sync_store: SqlSyncStore) -> bool:
    if not sync_store.state().get("device_id"):
        return False  # events made before any enrolment stay on the till, never sent
    return sync_store.pending_summary()[0] > 0
