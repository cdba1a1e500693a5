"""Work off the GUI thread: one serial worker thread for the database (writes never race),
results delivered back on the GUI thread through queued signals.

:class:`ThreadedRunner` is the real one; :class:`InlineRunner` runs each task at once on the
calling thread, for tests that want deterministic, synchronous flows (Picard's
``FakeThreadPool`` idea) — the widgets cannot tell the difference.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Runner(Protocol):
    def submit(self, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None: ...

    def pending(self) -> int: ...

    def shutdown(self) -> None: ...


@dataclass
class _Task:
    fn: Callable[[], Any]
    on_done: Done
    on_error: Failed
    result: Any = None
    error: BaseException | None = None


class _Worker(QObject):
    finished = Signal(object)

    @Slot(object)
    def run(self, task: _Task) -> None:
        try:
            task.result = task.fn()
        except Exception as exc:  # delivered to the GUI, which shows a message
            task.error = exc
        self.finished.emit(task)


class ThreadedRunner(QObject):
    """Runs tasks one after another on a dedicated thread; callbacks run on the GUI thread."""

    _submit = Signal(object)

    def __init__(self, name: str = "till-db") -> None:
        super().__init__()
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._deliver)
        self._count = 0
        self._thread.start()

    def submit(self, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        self._count += 1
        self._submit.emit(_Task(fn, on_done, on_error))

    def pending(self) -> int:
        return self._count

    @Slot(object)
    def _deliver(self, task: _Task) -> None:
        self._count -= 1
        if task.error is not None:
            task.on_error(task.error)
        else:
            task.on_done(task.result)

    def shutdown(self) -> None:
        """Finish queued work (a sale being saved completes) and stop the thread."""
        self._thread.quit()
        self._thread.wait()


class InlineRunner:
    """Runs each task immediately on the calling thread (tests)."""

    def __init__(self) -> None:
        self.count = 0

    def submit(self, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        self.count += 1
        try:
            result = fn()
        except Exception as exc:
            on_error(exc)
            return
        on_done(result)

    def pending(self) -> int:
        return 0

    def shutdown(self) -> None:
        return None
