"""A USB barcode scanner is a keyboard: it types the code in a burst and presses Enter. This
tells such a burst from a person's typing wherever the keyboard focus is, so a scan never
lands in a quantity, a PIN, a buyer's name or a tender amount (where its Enter would even
confirm the dialog with a 13-digit "amount").

Every key still reaches its widget as it arrives: a person's typing is never delayed or
swallowed. When an Enter closes a burst (at least ``MIN_LENGTH`` characters, each within
``MAX_GAP_MS`` of the one before, the Enter too), the widget's text is put back as it was
before the burst, the Enter is kept from it, and :attr:`ScannerWedge.scanned` carries the
code. Key timestamps come from the events themselves, so the decision does not depend on
how busy the GUI thread was when the keys were delivered; a key without a timestamp (0, as
synthesised keys have) is never taken for a scanner's.

Widgets that handle scans themselves are left alone: the billing screen's scan box, and any
widget with the property ``acceptsScans`` set (a field where scanning the code *is* the
input, such as the invoice number on the returns screen).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

MAX_GAP_MS = 50  # scanners type a character every 1–30 ms; people take 80 ms and more
MIN_LENGTH = 6  # the shortest code scanned here (SKUs); EAN-8/13 are longer
ACCEPTS_SCANS = "acceptsScans"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Keys a scanner presses around characters (Shift for a capital letter): neither typing nor
# the end of a burst.
_NEUTRAL = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr,
            Qt.Key.Key_Meta, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock)
_COMMAND = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier \
    | Qt.KeyboardModifier.MetaModifier


@dataclass
class _Burst:
    widget: QWidget
    before: object  # the widget's state before the burst's first key (see _state)
    last_ms: int
    chars: list[str] = field(default_factory=list)


def _line_edit(widget: QWidget) -> QLineEdit | None:
    if isinstance(widget, QLineEdit):
        return widget
    if isinstance(widget, QAbstractSpinBox | QComboBox):
        return widget.findChild(QLineEdit)
    return None


def _state(widget: QWidget) -> object:
    edit = _line_edit(widget)
    if edit is not None:
        return edit.text(), edit.cursorPosition(), edit.selectionStart(), \
            len(edit.selectedText())
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    return None


def _restore(widget: QWidget, before: object) -> None:
    edit = _line_edit(widget)
    if edit is not None and isinstance(before, tuple):
        text, cursor, selected_from, selected = before
        edit.setText(text)
        if selected:  # what was selected stays so: the cashier types over it as before
            edit.setSelection(selected_from, selected)
        else:
            edit.setCursorPosition(cursor)
    elif isinstance(widget, QComboBox) and isinstance(before, int):
        widget.setCurrentIndex(before)
    elif isinstance(widget, QPlainTextEdit | QTextEdit) and isinstance(before, str):
        widget.setPlainText(before)


class ScannerWedge(QObject):
    """An application-wide key filter; install with ``QApplication.installEventFilter``."""

    scanned = Signal(str, QObject)  # the code, and the widget it was typed into

    def __init__(self, *, max_gap_ms: int = MAX_GAP_MS, min_length: int = MIN_LENGTH,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.own: set[QWidget] = set()  # widgets that take scans themselves (the scan box)
        self._burst: _Burst | None = None

    def takes_scans(self, widget: QWidget) -> bool:
        return widget in self.own or bool(widget.property(ACCEPTS_SCANS))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        # A key event travels from the focus widget up to its parents; look at it once, at
        # the widget it was typed into (a popup menu takes the keys while it is open).
        if watched is not QApplication.focusWidget() \
                and watched is not QApplication.activePopupWidget():
            return False
        assert isinstance(event, QKeyEvent)
        if self.takes_scans(watched):
            self._burst = None
            return False
        return self._key(watched, event)

    def _key(self, widget: QWidget, event: QKeyEvent) -> bool:
        now = event.timestamp()
        if now == 0:
            self._burst = None
            return False
        if event.key() in _NEUTRAL:
            return False
        burst = self._burst
        fresh = burst is not None and burst.widget is widget \
            and 0 <= now - burst.last_ms <= self.max_gap_ms
        if event.key() in _ENTER or event.text() in ("\r", "\n"):  # CR or LF suffix
            self._burst = None
            if burst is None or not fresh or len(burst.chars) < self.min_length:
                return False
            _restore(widget, burst.before)
            self.scanned.emit("".join(burst.chars), widget)
            return True  # the Enter is the scanner's, not the dialog's
        text = event.text()
        if event.isAutoRepeat() or len(text) != 1 or not text.isprintable() \
                or event.modifiers() & _COMMAND:
            self._burst = None  # arrows, Backspace, Tab, shortcuts: a person at work
            return False
        if burst is None or not fresh:
            burst = self._burst = _Burst(widget, _state(widget), now)
        burst.chars.append(text)
        burst.last_ms = now
        return False
