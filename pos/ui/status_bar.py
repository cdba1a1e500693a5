"""The status bar: outlet or stall, business date, cashier, the sync chip, the printer."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QLabel, QStatusBar

from pos.locale.formatting import format_datetime, format_time
from pos.services.clock import IST
from pos.services.sync_status import SyncState, SyncStatus
from pos.ui.i18n import Translator


def age_text(t: Translator, since: datetime, now: datetime) -> str:
    """How long ago, in the coarsest unit that says it: "just now", "12 min", "3 h", "2 days"."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 1:
        return t.t("sync.age.now")
    if minutes < 120:
        return t.t("sync.age.minutes", n=minutes)
    if minutes < 48 * 60:
        return t.t("sync.age.hours", n=minutes // 60)
    return t.t("sync.age.days", n=minutes // (24 * 60))


def when_text(t: Translator, moment: datetime, now: datetime) -> str:
    """A moment as the cashier reads it: the time today, else date and time (IST)."""
    local, today = moment.astimezone(IST), now.astimezone(IST)
    if local.date() == today.date():
        return format_time(local, t.lang)
    return format_datetime(local, t.lang)


def sync_chip(t: Translator, status: SyncStatus, now: datetime) -> tuple[str, str]:
    """The sync chip's text and state (ok / warn / error) for ``status``."""
    count = status.pending
    last = when_text(t, status.last_success, now) if status.last_success else ""
    state = status.state
    if state is SyncState.UNAUTHORIZED:
        return "⛔ " + t.t("sync.chip.unauthorized"), "error"
    if state is SyncState.SUSPENDED:
        return "⛔ " + t.t("sync.chip.suspended"), "error"
    if state is SyncState.ELSEWHERE:
        return "⇄ " + t.t("sync.chip.elsewhere"), "warn"
    if state is SyncState.NOT_ENROLLED:
        return "○ " + t.t("sync.chip.not_enrolled", count=count), "warn"
    if state is SyncState.OFFLINE:
        text = t.t("sync.chip.offline", count=count, when=last) if last \
            else t.t("sync.chip.offline_never", count=count)
        return "⚠ " + text, "warn"
    if state is SyncState.ERROR:
        return "⚠ " + t.t("sync.chip.error", count=count), "warn"
    if state is SyncState.SYNCING and count:
        return "⟳ " + t.t("sync.chip.syncing"), "ok"
    if count:
        oldest = age_text(t, status.oldest_pending, now) if status.oldest_pending \
            else t.t("sync.age.now")
        return "⟳ " + t.t("sync.chip.pending", count=count, age=oldest), "warn"
    text = t.t("sync.chip.ok", when=last) if last else t.t("sync.chip.ok_never")
    return "✓ " + text, "ok"


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
        self._sync = SyncStatus(SyncState.NOT_ENROLLED)
        self._printer_problem = ""
        translator.changed.connect(self.refresh)

    def set_sync(self, status: SyncStatus) -> None:
        self._sync = status
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
        text, state = sync_chip(self.t, self._sync, datetime.now(UTC))
        if self._sync.issues:
            text += " · " + t("sync.chip.issues", count=self._sync.issues)
            state = "error" if state == "ok" else state
        self.sync.setText(text)
        self._state(self.sync, state)
        if self._printer_problem:
            self.printer.setText("⚠ " + t("status.printer_problem",
                                          problem=self._printer_problem))
            self._state(self.printer, "error")
        else:
            self.printer.setText("● " + t("status.printer_ok"))
            self._state(self.printer, "ok")
