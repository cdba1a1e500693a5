"""The till's sync is built on its own thread after the window is up (pos.sync_wiring.LateSync):
what the window registered before it was ready reaches the real worker, which is started."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos.services.sync_status import SyncState, SyncStatus
from pos.sync_wiring import LateSync


class FakeWorker:
    def __init__(self) -> None:
        self.started = self.stopped = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True


class FakeSync:
    def __init__(self) -> None:
        self.worker = FakeWorker()
        self.listeners: list[Callable[[SyncStatus], None]] = []
        self.catalogue: list[Callable[[], None]] = []
        self.nudged = 0

    def status(self) -> SyncStatus:
        return SyncStatus(SyncState.ONLINE, server_url="http://hq")

    def sync_now(self) -> None:
        self.nudged += 1

    def issues(self) -> list[Any]:
        return ["issue"]

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        self.listeners.append(listener)

    def on_catalogue_changed(self, listener: Callable[[], None]) -> None:
        self.catalogue.append(listener)


def test_listeners_registered_early_reach_the_worker_which_is_started() -> None:
    real = FakeSync()
    late = LateSync(lambda: real, lambda: 7, "http://hq")  # type: ignore[arg-type,return-value]
    seen: list[SyncStatus] = []
    late.subscribe(seen.append)
    late.on_catalogue_changed(lambda: None)
    before = late.status()
    assert before.state is SyncState.SYNCING and before.pending == 7
    late.sync_now()  # nothing to nudge yet: the worker's first attempt runs at its start
    late.start()
    assert late.wait(10) is real  # type: ignore[comparison-overlap]
    assert real.worker.started and len(real.listeners) == 1 and len(real.catalogue) == 1
    assert late.status().state is SyncState.ONLINE
    assert late.issues() == real.issues()
    late.subscribe(seen.append)  # after it is ready: straight to the worker
    late.sync_now()
    assert len(real.listeners) == 2 and real.nudged == 1
    late.stop()
    assert real.worker.stopped


def test_a_sync_that_cannot_be_built_leaves_selling_alone() -> None:
    def broken() -> None:
        raise OSError("keyring gone")

    late = LateSync(broken, lambda: 0)
    late.start()
    assert late.wait(10) is None
    assert late.status().state is SyncState.ERROR  # the chip says so; billing goes on
    assert not late.issues()
    late.stop()
