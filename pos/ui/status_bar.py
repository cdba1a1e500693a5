"""The status bar: outlet or stall, business date, cashier, the sync chip, the printer."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from pos.ui.i18n import Translator


class TillStatusBar(QStatusBar):
    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self.t = translator
        self.outlet = QLabel()
        self.date = QLabel()
        self.cashier = QLabel()
        self.sync = QLabel()
        self.sync.setObjectName("Chip")
        self.printer = QLabel()
        self.printer.setObjectName("Chip")
        for label in (self.outlet, self.date, self.cashier):
            self.addWidget(label)
        self.addPermanentWidget(self.sync)
        self.addPermanentWidget(self.printer)
        self._pending = 0
        self._printer_problem = ""
        translator.changed.connect(self.refresh)

    def set_sync(self, pending: int) -> None:
        self._pending = pending
        self.refresh()

    def set_printer(self, problem: str) -> None:
        self._printer_problem = problem
        self.refresh()

    @staticmethod
    def _state(label: QLabel, state: str) -> None:
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)

    def refresh(self) -> None:
        t = self.t.t
        if self._pending:
            self.sync.setText("⟳ " + t("status.sync_pending", count=self._pending))
            self._state(self.sync, "warn")
        else:
            self.sync.setText("✓ " + t("status.sync_ok"))
            self._state(self.sync, "ok")
        if self._printer_problem:
            self.printer.setText("⚠ " + t("status.printer_problem",
                                          problem=self._printer_problem))
            self._state(self.printer, "error")
        else:
            self.printer.setText("● " + t("status.printer_ok"))
            self._state(self.printer, "ok")
