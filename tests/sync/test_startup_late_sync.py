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


def test_a_failed_build_is_told_to_the_chip_and_in_words() -> None:
    from pos.locale.lang import Lang
    from pos.locale.messages import error_text
    from pos.services.errors import ServiceError

    def broken() -> None:
        raise OSError("keyring gone")

    late = LateSync(broken, lambda: 2)
    seen: list[SyncStatus] = []
    late.subscribe(seen.append)  # the window's chip, registered before the build
    late.start()
    assert late.wait(10) is None
    late.stop()
    assert [s.state for s in seen] == [SyncState.ERROR] and seen[0].pending == 2
    try:
        late.unenrol()
    except ServiceError as refused:
        assert refused.code == "sync_unavailable"
    else:
        raise AssertionError("un-enrolled without a sync")
    assert "not running" in error_text("sync_unavailable", Lang.EN)


def test_while_the_sync_is_built_the_database_thread_never_waits_for_it() -> None:
    """Ctrl+S lists issues on the database thread: with a build that hangs (a keyring prompt
    nobody answers) it must answer at once, not stop every sale behind it."""
    import threading

    from pos.services.errors import ServiceError

    release = threading.Event()

    def hangs() -> FakeSync:
        release.wait(30)
        return FakeSync()

    late = LateSync(hangs, lambda: 0)  # type: ignore[arg-type,return-value]
    late.start()
    try:
        assert late.issues() == []  # at once, while the build hangs
        try:
            late.unenrol()
        except ServiceError as refused:
            assert refused.code == "sync_unavailable"
        else:
            raise AssertionError("un-enrolled without a sync")
    finally:
        release.set()
    assert late.wait(10) is not None
    late.stop()
