"""Printing from the screen: after each sale the queue runs on its own thread (a slow or dead
printer never holds up billing), the status bar says what the printer needs, F11 reprints the
last bill as DUPLICATE and Ctrl+P tries the queue again. The printer setup screen (manager
menu) works through :attr:`PrintingController.setup` on the same printing thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from pos.services.print_queue import PrintRunner, RunResult
from pos.services.printer_settings import PrinterConfig, PrinterSetup
from pos.ui.errors import describe
from pos.ui.i18n import Translator
from pos.ui.tasks import Runner

KNOWN = {"offline", "paper_out", "cover_open", "timeout", "unreachable", "refused",
         "disconnected", "unsupported", "not_found", "no_access", "printer_error"}


def problem_text(t: Translator, code: str, detail: str = "") -> str:
    """A printer problem ``code`` (a PrintFailure or PrinterError code) in words."""
    if code in KNOWN:
        return t.t(f"printer.{code}")
    if code == "io":
        return t.t("printer.io", detail=detail or code)
    return t.t("printer.other", code=code)
RETRY_MS = 15_000


class PrintingController(QObject):
    problem_changed = Signal(str)  # empty: the printer is fine
    notice = Signal(str)

    def __init__(self, queue: PrintRunner, runner: Runner, translator: Translator, *,
                 setup: PrinterSetup | None = None) -> None:
        super().__init__()
        self.queue, self.runner, self.t = queue, runner, translator
        self.setup = setup
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

    def enqueue(self, queue_job: Callable[[], object], notice_key: str) -> None:
        """Queue a document (``queue_job`` runs on the printing thread), say so, print."""
        def queued(_job: object) -> None:
            self.notice.emit(self.t.t(notice_key))
            self.run()

        self.runner.submit(queue_job, queued,
                           lambda error: self.notice.emit(describe(error, self.t)))

    def printer_changed(self, _config: PrinterConfig) -> None:
        """The setup screen saved a printer: forget the old one's problem, print what waits."""
        self._problem_code = ""
        self._announce()
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
        return problem_text(self.t, code)

    def _announce(self) -> None:
        self.problem_changed.emit(self.problem_text())
