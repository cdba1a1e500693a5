"""The sync screen (Ctrl+S): where head office stands with this till, and every event head office
did not simply apply (flagged, parked, rejected, mismatched) with its reason in the user's
language. "Sync now" asks for an attempt at once; the screen follows the status live."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.locale.messages import MESSAGES
from pos.services.sync_status import SyncControl, SyncIssue, SyncState, SyncStatus
from pos.ui.errors import describe
from pos.ui.i18n import Translator
from pos.ui.status_bar import when_text
from pos.ui.tasks import Runner

COLUMNS = ("document", "kind", "date", "status", "reason")


def issue_reason(t: Translator, issue: SyncIssue) -> str:
    """Why head office did not simply apply ``issue``, in the user's language."""
    if issue.status == "flagged" and issue.flags:
        parts = []
        for code in issue.flags:
            key = f"sync.flag.{code}"
            parts.append(t.t(key) if key in MESSAGES else t.t("sync.flag.other", code=code))
        return "; ".join(dict.fromkeys(parts))
    if issue.status == "parked":
        return t.t("sync.reason.parked")
    if issue.status == "mismatch":
        return t.t("sync.status.mismatch")
    return t.t("sync.reason.other", detail=issue.detail or issue.reason or "?")


class SyncIssuesDialog(QDialog):
    def __init__(self, parent: QWidget | None, translator: Translator, control: SyncControl,
                 runner: Runner, *, may_unenrol: bool = False) -> None:
        super().__init__(parent)
        self.t, self.control, self.runner = translator, control, runner
        self.issues: list[SyncIssue] = []
        self.setWindowTitle(translator.t("sync.title"))
        self.title = QLabel()
        self.title.setObjectName("Title")
        self.server = QLabel()
        self.summary = QLabel()
        self.summary.setObjectName("Big")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setObjectName("Notice")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1,
                                                           QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(self.sync_now)
        self.sync_button.setDefault(True)  # Enter: sync now; Esc: close
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        self.unenrol_button = QPushButton()
        # Enter is "sync now" wherever the focus is; disconnecting is never one key away
        for button in (self.close_button, self.unenrol_button):
            button.setAutoDefault(False)
        self.unenrol_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.unenrol_button.setVisible(may_unenrol)
        self.unenrol_button.clicked.connect(self.unenrol)
        self.message = QLabel()
        self.message.setObjectName("Error")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unenrol_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        for label in (self.title, self.server, self.summary, self.state):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self.resize(980, 520)
        self.status = SyncStatus(SyncState.NOT_ENROLLED)
        self.retranslate()
        self.reload()
        self.sync_button.setFocus()

    def sync_now(self) -> None:
        self.control.sync_now()

    def unenrol(self) -> None:
        """Disconnect this till from head office, after a confirmation; refused (with the
        count) while events wait to be sent."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.t.t("sync.unenrol"),
                          self.t.t("sync.unenrol_confirm"), QMessageBox.StandardButton.NoButton,
                          self)
        keep = box.addButton(self.t.t("sync.unenrol_keep"), QMessageBox.ButtonRole.RejectRole)
        go = box.addButton(self.t.t("sync.unenrol_go"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        if chosen is not go:
            return
        self.runner.submit(self.control.unenrol, lambda _r: self._unenrolled(),
                           lambda error: self.message.setText(describe(error, self.t)))

    def _unenrolled(self) -> None:
        self.message.setText(self.t.t("sync.unenrolled"))
        self.unenrol_button.setEnabled(False)
        self.reload()

    def reload(self) -> None:
        """Read the status and the issues off the GUI thread."""
        self.runner.submit(lambda: (self.control.status(), self.control.issues()),
                           self._loaded, lambda _error: None)

    def _loaded(self, loaded: tuple[SyncStatus, list[SyncIssue]]) -> None:
        self.status, self.issues = loaded
        self.retranslate()

    def show_status(self, status: SyncStatus) -> None:
        """The status changed (from the bridge): show it, and read the issues again."""
        self.status = status
        self.retranslate()
        if status.state is not SyncState.SYNCING:
            self.reload()

    def retranslate(self) -> None:
        t = self.t.t
        now = datetime.now(UTC)
        status = self.status
        self.setWindowTitle(t("sync.title"))
        self.title.setText(t("sync.title"))
        self.sync_button.setText(t("sync.now"))
        self.close_button.setText(t("sync.close"))
        self.unenrol_button.setText(t("sync.unenrol"))
        self.server.setText(t("sync.server", url=status.server_url or "—"))
        self.server.setVisible(bool(status.server_url))
        when = when_text(self.t, status.last_success, now) if status.last_success \
            else t("sync.never")
        summary = t("sync.summary", pending=status.pending, when=when)
        if status.next_attempt is not None and status.state is not SyncState.ONLINE:
            summary += " · " + t("sync.next", when=when_text(self.t, status.next_attempt, now))
        self.summary.setText(summary)
        explain = {SyncState.UNAUTHORIZED: "sync.state.unauthorized",
                   SyncState.SUSPENDED: "sync.state.suspended",
                   SyncState.OFFLINE: "sync.state.offline"}.get(status.state)
        self.state.setText(t(explain) if explain else "")
        self.state.setVisible(explain is not None)
        self.table.setHorizontalHeaderLabels([t(f"sync.col.{c}") for c in COLUMNS])
        self.table.setRowCount(len(self.issues))
        for row, issue in enumerate(self.issues):
            kind_key = f"sync.kind.{issue.kind}"
            cells = (issue.document or issue.event_id[:8],
                     t(kind_key) if kind_key in MESSAGES else issue.kind,
                     issue.business_date, t(f"sync.status.{issue.status}"),
                     issue_reason(self.t, issue))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(issue.detail or value)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(self.issues))
        self.empty.setText(t("sync.no_issues"))
        self.empty.setVisible(not self.issues)
