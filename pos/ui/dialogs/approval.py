"""A manager's (or supervisor's) PIN approving one action: pick the name, type the PIN."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pos.services.auth import StaffSession
from pos.ui.i18n import Translator


class ApprovalDialog(QDialog):
    def __init__(self, parent: QWidget | None, translator: Translator, reason: str,
                 approvers: list[StaffSession]) -> None:
        super().__init__(parent)
        t = translator.t
        self.setWindowTitle(t("approve.title"))
        self.who = QComboBox()
        for member in approvers:
            self.who.addItem(f"{member.name} · {t('role.' + member.role.value)}", member.staff_id)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(t("approve.pin"))
        heading = QLabel(t("approve.title"))
        heading.setObjectName("DialogTitle")
        self.message = QLabel(reason)
        self.message.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("Error")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("dialog.ok"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("dialog.cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addWidget(self.who)
        layout.addWidget(self.pin)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.pin.setFocus()

    def show_error(self, text: str, staff_id: str | None = None) -> None:
        """Ask again after a wrong PIN: say so, with the same approver chosen."""
        self.error.setText(text)
        self.error.show()
        if staff_id is not None:
            found = self.who.findData(staff_id)
            if found >= 0:
                self.who.setCurrentIndex(found)
        self.pin.setFocus()

    def staff_id(self) -> str:
        return str(self.who.currentData())
