"""Login and lock screen: the staff list and a PIN pad usable by touch and by keyboard.

Up/Down pick a name, digits type the PIN wherever focus is, Backspace erases, Enter logs in.
When the screen is locked (Ctrl+L), only the same person's PIN (or a manager's) unlocks it and
the bill on screen waits untouched behind it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.services.auth import StaffSession
from pos.ui.i18n import Translator

MAX_PIN = 8


class LoginView(QWidget):
    login_requested = Signal(str, str)  # staff_id, pin

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self.t = translator
        self._locked_for: StaffSession | None = None
        self._staff: list[StaffSession] = []
        self._error: Callable[[], str] | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 28px; font-weight: 700;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.staff_list = QListWidget()
        self.staff_list.setObjectName("StaffList")
        self.staff_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pin = QLineEdit()
        self.pin.setObjectName("PinField")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(MAX_PIN)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.setReadOnly(True)  # keys reach it through keyPressEvent, pads through clicks
        self.pin.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message = QLabel()
        self.message.setObjectName("Banner")
        self.message.setWordWrap(True)
        self.message.hide()

        pad = QWidget()
        pad.setObjectName("PinPad")
        grid = QGridLayout(pad)
        for i in range(9):
            self._digit_button(grid, str(i + 1), i // 3, i % 3)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.pin.clear)
        grid.addWidget(self.clear_button, 3, 0)
        self._digit_button(grid, "0", 3, 1)
        self.ok_button = QPushButton()
        self.ok_button.clicked.connect(self.submit)
        grid.addWidget(self.ok_button, 3, 2)
        for button in pad.findChildren(QPushButton):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        right = QVBoxLayout()
        right.addWidget(self.pin)
        right.addWidget(pad)
        right.addWidget(self.message)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(self.staff_list, 3)
        columns.addSpacing(24)
        columns.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        outer.addWidget(self.title)
        outer.addWidget(self.hint)
        outer.addSpacing(12)
        outer.addLayout(columns, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        translator.changed.connect(self.retranslate)
        self.retranslate()

    def _digit_button(self, grid: QGridLayout, digit: str, row: int, col: int) -> None:
        button = QPushButton(digit)
        button.clicked.connect(lambda: self.type_digit(digit))
        grid.addWidget(button, row, col)

    # -- data -----------------------------------------------------------------------------
    def set_staff(self, staff: list[StaffSession]) -> None:
        """The people who may log in; the one chosen stays chosen when the list is renewed."""
        chosen = self.selected_staff()
        self._staff = list(staff)
        ids = [member.staff_id for member in self._staff]
        self._fill_staff(ids.index(chosen) if chosen in ids else 0)

    def _fill_staff(self, row: int) -> None:
        self.staff_list.clear()
        for member in self._staff:
            item = QListWidgetItem(f"{member.name}  ·  {self.t.t('role.' + member.role.value)}")
            item.setData(Qt.ItemDataRole.UserRole, member.staff_id)
            self.staff_list.addItem(item)
        if self._staff:
            self.staff_list.setCurrentRow(max(0, min(row, len(self._staff) - 1)))

    def selected_staff(self) -> str | None:
        item = self.staff_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def lock_for(self, session: StaffSession | None) -> None:
        """Show as a lock screen for ``session`` (``None``: a plain login screen)."""
        self._locked_for = session
        if session is not None:
            for row in range(self.staff_list.count()):
                item = self.staff_list.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == session.staff_id:
                    self.staff_list.setCurrentRow(row)
        self.pin.clear()
        self.message.hide()
        self.retranslate()

    # -- input ----------------------------------------------------------------------------
    def type_digit(self, digit: str) -> None:
        if len(self.pin.text()) < MAX_PIN:
            self.pin.setText(self.pin.text() + digit)
        self.message.hide()

    def submit(self) -> None:
        staff_id = self.selected_staff()
        if staff_id and self.pin.text():
            pin = self.pin.text()
            self.pin.clear()
            self.login_requested.emit(staff_id, pin)

    def show_error(self, text: str | Callable[[], str]) -> None:
        """Say what went wrong; given as a function, it is said again in the other language
        when the language is switched while it shows."""
        self._error = text if callable(text) else None
        self.message.setProperty("kind", "error")
        self.message.setText(text() if callable(text) else text)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if event.text().isdigit() and event.text().isascii():
            self.type_digit(event.text())
        elif key == Qt.Key.Key_Backspace:
            self.pin.setText(self.pin.text()[:-1])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            row = max(0, min(self.staff_list.count() - 1, self.staff_list.currentRow() + step))
            self.staff_list.setCurrentRow(row)
            self.pin.clear()
        elif key == Qt.Key.Key_Escape:
            self.pin.clear()
        else:
            super().keyPressEvent(event)

    def retranslate(self) -> None:
        t = self.t.t
        self._fill_staff(self.staff_list.currentRow())
        if self._error is not None and not self.message.isHidden():
            self.message.setText(self._error())
        if self._locked_for is not None:
            self.title.setText(t("login.locked_title"))
            self.hint.setText(t("login.locked_screen", name=self._locked_for.name))
        else:
            self.title.setText(t("login.title"))
            self.hint.setText(t("login.choose"))
        self.pin.setPlaceholderText(t("login.pin"))
        self.clear_button.setText(t("login.clear"))
        self.ok_button.setText(t("login.ok"))
