"""Printing from the screen: after each sale the queue runs on its own thread (a slow or dead
printer never holds up billing), the status bar says what the printer needs, F11 reprints the
last bill as DUPLICATE and Ctrl+P tries the queue again."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from pos.services.print_queue import PrintRunner, RunResult
from pos.ui.i18n import Translator
from pos.ui.tasks import Runner

KNOWN = {"offline", "paper_out", "cover_open", "timeout", "unreachable", "refused",
         "disconnected", "unsupported"}
RETRY_MS = 15_000


class PrintingController(QObject):
    problem_changed = Signal(str)  # empty: the printer is fine
    notice = Signal(str)

    def __init__(self, queue: PrintRunner, runner: Runner, translator: Translator) -> None:
        super().__init__()
        self.queue, self.runner, self.t = queue, runner, translator
        self._problem_code = ""
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.run)
        translator.changed.connect(self._announce)

    def start(self) -> None:
        self.runner.submit(self.queue.recover, lambda _jobs: self.run(), self._failed)
        self.timer.start()

    def run(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.runner.submit(self.queue.run_pending, self._done, self._failed)

    def reprint_last(self) -> None:
        self.runner.submit(self.queue.reprint_last, self._queued, self._failed)

    def _queued(self, _job_id: int) -> None:
        self.notice.emit(self.t.t("printer.reprint_queued"))
        self.run()

    def _done(self, result: RunResult) -> None:
        self._busy = False
        self._problem_code = result.error if result.failed is not None else ""
        self._announce()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        code = getattr(error, "code", "")
        if code == "nothing_to_reprint":
            self.notice.emit(self.t.error(code))
            return
        self._problem_code = str(code) or type(error).__name__
        self._announce()

    def problem_text(self) -> str:
        code = self._problem_code
        if not code:
            return ""
        if code in KNOWN:
            return self.t.t(f"printer.{code}")
        return self.t.t("printer.other", code=code)

    def _announce(self) -> None:
        self.problem_changed.emit(self.problem_text())
