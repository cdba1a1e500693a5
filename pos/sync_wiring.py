"""Composition of the till's sync: the store adapter, the token, the HTTP transport, the engine
and the worker, put together for :mod:`pos.app`, the benchmarks and the end-to-end tests
(all of them run the same wiring).

The HTTP side (requests, pydantic's wire models, the file lock, the OS keyring) is imported
only when a sync is built, and the till builds its sync on a thread of its own after the window
is up (:class:`LateSync`): none of it stands between starting the till and the first scan.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos.services.errors import ServiceError
from pos.services.sync_status import SyncIssue, SyncState, SyncStatus
from pos.store.sync_store import IssueRow, SqlSyncStore

if TYPE_CHECKING:
    from pos.services.till import Till
    from pos.store.database import Store
    from pos.sync.credentials import TokenStore
    from pos.sync.engine import SyncEngine
    from pos.sync.enrolment import Enrolment
    from pos.sync.transport import HttpTransport
    from pos.sync.worker import SyncWorker

LOCK_FILE = "sync.lock"
log = logging.getLogger("pos.sync")


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
    from pos.store.sync_store import Outcome
    from pos.sync.engine import SyncEngine

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
        from pos.sync.enrolment import forget_enrolment

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
    from pos.sync.credentials import TokenStore

    worker = open_worker(store, data_dir, **kw)
    if worker is None:
        return None
    return TillSync(worker, SqlSyncStore(store),
                    TokenStore(data_dir, use_keyring=kw.get("use_keyring")))


def open_worker(store: Store, data_dir: Path, *, use_keyring: bool | None = None,
                idle_seconds: float | None = None,
                transport_factory: Callable[[str, str], HttpTransport] | None = None,
                **engine_kw: Any) -> SyncWorker | None:
    """The sync worker of an enrolled till (not started), or None when it is not enrolled;
    ``idle_seconds`` between attempts while all is well (default: the worker's own)."""
    from pos.sync.credentials import TokenStore
    from pos.sync.transport import HttpTransport
    from pos.sync.worker import IDLE_SECONDS, SyncWorker

    sync_store = SqlSyncStore(store)
    state = sync_store.state()
    device_id = str(state.get("device_id") or "")
    if not device_id:
        return None
    token = TokenStore(data_dir, use_keyring=use_keyring).load(device_id) or ""
    make = transport_factory or HttpTransport
    engine = make_engine(sync_store, make(str(state["server_url"]), token), **engine_kw)
    return SyncWorker(engine, data_dir / LOCK_FILE,
                      idle_seconds=IDLE_SECONDS if idle_seconds is None else idle_seconds,
                      issues=lambda: [issue_of(r) for r in sync_store.issues()],
                      issue_count=sync_store.issue_count)


def enrolment(store: Store, data_dir: Path, *, use_keyring: bool | None = None,
              transport_factory: Callable[[str], HttpTransport] | None = None,
              **engine_kw: Any) -> Enrolment:
    from pos.sync.credentials import TokenStore
    from pos.sync.enrolment import Enrolment
    from pos.sync.transport import HttpTransport

    sync_store = SqlSyncStore(store)
    return Enrolment(sync_store, TokenStore(data_dir, use_keyring=use_keyring),
                     lambda transport: make_engine(sync_store, transport, **engine_kw),
                     has_pending=lambda: _has_pending(sync_store),
                     transport_factory=transport_factory or HttpTransport)


def _has_pending(sync_store: SqlSyncStore) -> bool:
    if not sync_store.state().get("device_id"):
        return False  # events made before any enrolment stay on the till, never sent
    return sync_store.pending_summary()[0] > 0


class LateSync:
    """The window's :class:`~pos.services.sync_status.SyncControl` for an enrolled till whose
    sync is still being built: :meth:`start` builds it (imports of HTTP, wire models, keyring;
    the token read) on a thread of its own, hands it the listeners the window registered, and
    starts its worker. Until then the chip says an attempt is under way (its first attempt
    runs as soon as it is started); issues and un-enrolment wait for it (they run on worker
    threads). A sync that could not be built is logged and shown as an error; selling goes
    on."""

    def __init__(self, build: Callable[[], TillSync | None], pending: Callable[[], int],
                 server_url: str = "") -> None:
        self._build = build
        self._pending = pending
        self._server_url = server_url
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._real: TillSync | None = None
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self._catalogue: list[Callable[[], None]] = []
        self._thread: threading.Thread | None = None

    @property
    def real(self) -> TillSync | None:
        return self._real

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._open, name="till-sync-open",
                                            daemon=True)
            self._thread.start()

    def _open(self) -> None:
        try:
            real = self._build()
        except Exception:  # selling never depends on sync
            log.exception("the sync worker could not be started")
            real = None
        with self._lock:
            if real is not None:
                for listener in self._listeners:
                    real.subscribe(listener)
                for catalogue in self._catalogue:
                    real.on_catalogue_changed(catalogue)
            self._real = real
            listeners = list(self._listeners)
        self._ready.set()
        if real is not None:
            real.worker.start()  # its first attempt runs at once
            log.info("syncing with %s", real.status().server_url)
        else:  # the chip said "syncing" until now: it says what happened
            failed = self.status()
            for listener in listeners:
                listener(failed)

    def wait(self, timeout: float | None = None) -> TillSync | None:
        """The built sync (None when it could not be built), once :meth:`start` finished."""
        self._ready.wait(timeout)
        return self._real

    def status(self) -> SyncStatus:
        real = self._real
        if real is not None:
            return real.status()
        failed = self._ready.is_set()  # built and failed (logged): say so, keep selling
        return SyncStatus(SyncState.ERROR if failed else SyncState.SYNCING,
                          pending=self._pending(), server_url=self._server_url,
                          error="sync_unavailable" if failed else "")

    def sync_now(self) -> None:
        real = self._real
        if real is not None:
            real.sync_now()  # before that, the worker's first attempt is at its start

    def issues(self) -> list[SyncIssue]:
        # Runs on the database thread: never wait there for the sync being built (a keyring
        # that does not answer would stop every sale); nothing to list until it is.
        real = self.wait(timeout=0) if self._ready.is_set() else None
        return [] if real is None else real.issues()

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        with self._lock:
            self._listeners.append(listener)
            if self._real is not None:
                self._real.subscribe(listener)

    def on_catalogue_changed(self, listener: Callable[[], None]) -> None:
        with self._lock:
            self._catalogue.append(listener)
            if self._real is not None:
                self._real.on_catalogue_changed(listener)

    def unenrol(self) -> None:
        real = self._real if self._ready.is_set() else None
        if real is None:
            raise ServiceError("sync_unavailable", "the sync worker is not running")
        real.unenrol()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the worker (after the build finished, if it was started); a build that hangs
        (a keyring that never answers) does not keep the till from closing: its thread is a
        daemon."""
        if self._thread is not None:
            self._thread.join(timeout)
        if self._real is not None:
            self._real.worker.stop()
