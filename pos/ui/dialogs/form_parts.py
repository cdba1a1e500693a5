"""Pieces the manager's dialogs share: a dialog that switches Hindi ⇄ English on F9, count
boxes that select their content on focus (typing 52 gives 52, never 520), the heading that
says what a dialog is (a kiosk session shows no title bar), and the red line that says what
is missing without closing anything."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from pos.ui.i18n import Translator

Text = Callable[[], str]  # a sentence made again in the language of the moment (F9)


def _select_on_focus(box: QAbstractSpinBox, event: QFocusEvent) -> None:
    box.selectAll()
    if event.reason() == Qt.FocusReason.MouseFocusReason:
        # the click places the cursor after the focus arrives: select once it has
        QTimer.singleShot(0, box.selectAll)


class CountBox(QSpinBox):
    """A whole number (notes, coins) whose content is selected whenever it gets the focus."""

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        _select_on_focus(self, event)


class QuantityBox(QDoubleSpinBox):
    """A quantity (pieces, or metres with decimals), selected whenever it gets the focus."""

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        _select_on_focus(self, event)


def heading() -> QLabel:
    """The dialog's first line, in the theme's title style."""
    label = QLabel()
    label.setObjectName("DialogTitle")
    label.setWordWrap(True)
    return label


class Problem(QLabel):
    """What keeps a form from finishing, in red above its buttons; empty when nothing does.
    Kept as a function so F9 says it again in the other language."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Error")
        self.setWordWrap(True)
        self._said: Text | None = None
        self.hide()

    def say(self, text: Text | None) -> None:
        self._said = text
        self.retranslate()

    def retranslate(self) -> None:
        said = self._said() if self._said is not None else ""
        self.setText(said)
        self.setVisible(bool(said))


class SwitchingDialog(QDialog):
    """A dialog whose texts all come from :meth:`retranslate`, said again in the other
    language when F9 is pressed in it (the window under a modal dialog never sees that key)
    or the language changes elsewhere."""

    def __init__(self, parent: QWidget | None, translator: Translator) -> None:
        super().__init__(parent)
        self.t = translator
        translator.changed.connect(self.retranslate)

    def retranslate(self) -> None:
        raise NotImplementedError

    def ok_cancel(self) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
        """OK (the default: Enter) and Cancel (Esc), wired to accept and reject."""
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
        ok.setDefault(True)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        return box, ok, cancel

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_F9:
            self.t.toggle()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.t.changed.disconnect(self.retranslate)
        super().done(result)
