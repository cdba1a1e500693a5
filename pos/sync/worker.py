"""The sync worker: one background thread per device that runs sync attempts
(:class:`pos.sync.engine.SyncEngine`) and decides when the next one happens.

- **One per device.** A file lock beside the database: a second till process on the same
  data folder does not sync (it shows "syncing in another window") and takes over when the
  first one exits.
- **When.** At start, then every ``idle_seconds`` while all is well; at once when asked
  (:meth:`SyncWorker.sync_now`: after a sale, when the network comes back, before the day is
  closed). After a failure, exponential backoff with full jitter, 1 s to 5 min; a 429/503
  waits at least its ``Retry-After``.
- **401** (token revoked or unknown) stops syncing until someone asks again (enrolling
  again, or "sync now" from the sync screen). Selling never depends on any of this.

The thread loop is thin: :meth:`SyncWorker.attempt` runs one attempt synchronously and
returns the delay before the next, which is what the tests drive.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from pos.services.sync_status import SyncIssue, SyncState, SyncStatus
from pos.sync.engine import SyncEngine
from pos.sync.transport import (
    Forbidden,
    Offline,
    Throttled,
    TransportError,
    Unauthorized,
)

log = logging.getLogger("pos.sync")

BACKOFF_MIN = 1.0
BACKOFF_MAX = 300.0
IDLE_SECONDS = 30.0
LOCK_RETRY_SECONDS = 15.0
NEVER = None  # wait for sync_now()


def backoff_delay(failures: int, rng: random.Random, *, low: float = BACKOFF_MIN,
                  high: float = BACKOFF_MAX) -> float:
    """Full jitter: uniform between ``low`` and ``low · 2^(failures-1)``, capped at ``high``."""
    ceiling = min(high, low * 2 ** max(0, failures - 1))
    return rng.uniform(low, ceiling) if ceiling > low else low


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SyncWorker:
    def __init__(self, engine: SyncEngine, lock_path: Path, *,
                 issues: Callable[[], list[SyncIssue]] = list,
                 issue_count: Callable[[], int] | None = None,
                 idle_seconds: float = IDLE_SECONDS, rng: random.Random | None = None,
                 now: Callable[[], datetime] = _utc_now) -> None:
        self.engine = engine
        self.lock = FileLock(str(lock_path))
        self.idle_seconds = idle_seconds
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not secrets
        self.now = now
        self._issues = issues
        self._issue_count = issue_count or (lambda: len(issues()))
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self._catalogue_listeners: list[Callable[[], None]] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self.failures = 0
        self.holds_lock = False
        state = engine.store.state()
        last = state.get("last_success")
        self._status = SyncStatus(
            SyncState.ONLINE if last else SyncState.OFFLINE,
            last_success=datetime.fromisoformat(last) if last else None,
            server_url=str(state.get("server_url", "")))
        engine.on_catalogue = self._catalogue_changed

    # -- the port the screens use -------------------------------------------------------------

    def status(self) -> SyncStatus:
        with self._guard:
            return self._status

    def sync_now(self) -> None:
        self._wake.set()

    def issues(self) -> list[SyncIssue]:
        return self._issues()

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        self._listeners.append(listener)

    def on_catalogue_changed(self, listener: Callable[[], None]) -> None:
        self._catalogue_listeners.append(listener)

    # -- the thread ---------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="till-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.release()

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self.attempt()
            self._wake.wait(delay)
            self._wake.clear()

    def release(self) -> None:
        if self.holds_lock:
            self.lock.release()
            self.holds_lock = False

    # -- one attempt --------------------------------------------------------------------------

    def attempt(self) -> float | None:
        """Run one sync attempt now; returns the seconds to wait before the next one (None:
        until :meth:`sync_now`)."""
        if not self.holds_lock:
            try:
                self.lock.acquire(timeout=0)
                self.holds_lock = True
            except Timeout:
                self._publish(SyncState.ELSEWHERE, next_in=LOCK_RETRY_SECONDS)
                return LOCK_RETRY_SECONDS
        self._publish(SyncState.SYNCING)
        try:
            tally = self.engine.run_once()
        except Unauthorized as exc:
            log.warning("head office refused the token: syncing stops (%s)", exc.detail)
            self.failures = 0
            self._publish(SyncState.UNAUTHORIZED, error=exc.code, detail=exc.detail)
            return NEVER
        except Forbidden as exc:
            return self._failed(SyncState.SUSPENDED if "suspend" in exc.server_code
                                else SyncState.ERROR, exc)
        except Throttled as exc:
            self.failures += 1
            delay = max(exc.retry_after, backoff_delay(self.failures, self.rng))
            self._publish(SyncState.ERROR if exc.status == 503 else SyncState.OFFLINE,
                          error=exc.code, detail=exc.detail, next_in=delay)
            return delay
        except Offline as exc:
            return self._failed(SyncState.OFFLINE, exc)
        except TransportError as exc:
            return self._failed(SyncState.ERROR, exc)
        except Exception as exc:
            log.exception("sync attempt failed")
            return self._failed(SyncState.ERROR, exc)
        self.failures = 0
        now = self.now()
        self.engine.store.update_state(last_success=now.isoformat())
        state = SyncState.SUSPENDED if tally.suspended else SyncState.ONLINE
        self._publish(state, last_success=now, next_in=self.idle_seconds)
        return self.idle_seconds

    def _failed(self, state: SyncState, exc: BaseException) -> float:
        self.failures += 1
        delay = backoff_delay(self.failures, self.rng)
        code = exc.code if isinstance(exc, TransportError) else "unexpected"
        detail = exc.detail if isinstance(exc, TransportError) else f"{type(exc).__name__}: {exc}"
        log.info("sync attempt failed (%s), next in %.1f s: %s", code, delay, detail)
        self._publish(state, error=code, detail=detail, next_in=delay)
        return delay

    def publish_state(self, state: SyncState) -> None:
        """Tell the screens ``state`` (e.g. not enrolled any more) without an attempt."""
        self._publish(state)

    def _publish(self, state: SyncState, *, error: str = "", detail: str = "",
                 last_success: datetime | None = None, next_in: float | None = None) -> None:
        try:
            pending, oldest = self.engine.store.pending_summary()
            issues = self._issue_count()
            cursor = self.engine.store.catalogue_cursor()
        except Exception:
            log.exception("could not read the outbox for the sync status")
            pending, oldest, issues, cursor = self._status.pending, None, 0, None
        with self._guard:
            previous = self._status
            self._status = SyncStatus(
                state, pending=pending,
                oldest_pending=datetime.fromisoformat(oldest) if oldest else None,
                last_success=last_success or previous.last_success, issues=issues,
                error=error, detail=detail,
                next_attempt=None if next_in is None else self.now() + timedelta(
                    seconds=next_in),
                catalogue_cursor=cursor, server_url=previous.server_url)
            status = self._status
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:
                log.exception("a sync status listener failed")

    def _catalogue_changed(self) -> None:
        for listener in list(self._catalogue_listeners):
            try:
                listener()
            except Exception:
                log.exception("a catalogue listener failed")

    # -- for the screens and tests ------------------------------------------------------------

    def describe(self) -> dict[str, Any]:
        status = self.status()
        return {"state": status.state.value, "pending": status.pending,
                "failures": self.failures, "error": status.error}
