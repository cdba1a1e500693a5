"""Scans typed while the focus is not in the scan box: told from people's typing by the key
events' own timestamps, taken out of the field they landed in, and brought to the bill once
the window over it closes. Real widgets offscreen; the keys are real QKeyEvents with the
timestamps a scanner (2 ms apart) or a person (150 ms apart) gives them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts
from pos.domain.payments import Tender
from pos.ui.dialogs.returns import ReturnDialog
from pos.ui.main_window import MainWindow
from pos.ui.payment_dialog import PaymentDialog
from pos.ui.scanner_wedge import ACCEPTS_SCANS, ScannerWedge
from tests.ui.conftest import when_dialog_opens
from tests.ui.test_billing_flow import SAREE, key, login, rows, scan

ELEPHANT = "2000000103198"  # Sheesham Carved Elephant, ₹1,450
SCANNER_MS = 2
PERSON_MS = 150


class Clock:
    """Key timestamps in ms, as the window system stamps them."""

    def __init__(self) -> None:
        self.now = 1_000_000

    def step(self, ms: int) -> int:
        self.now += ms
        return self.now


def _send(widget: QWidget, key: int, text: str, at: int, *, repeat: bool = False) -> bool:
    accepted = False
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text, repeat)
        event.setTimestamp(at)
        QApplication.sendEvent(widget, event)
        if kind == QEvent.Type.KeyPress:
            accepted = event.isAccepted()
    return accepted


def _key_of(char: str) -> int:
    return ord(char.upper())  # Qt's key codes for ASCII are the characters' own


def type_keys(clock: Clock, text: str, gap_ms: int, *, enter: bool = True,
              widget: QWidget | None = None) -> None:
    """Type into the focus widget (or ``widget``), ``gap_ms`` between keys, Enter last. A
    capital letter is Shift pressed first, as a scanner (a keyboard) sends it."""
    for char in text:
        target = widget or QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        if char.isupper():
            shift = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift,
                              Qt.KeyboardModifier.NoModifier, "")
            shift.setTimestamp(clock.step(1))
            QApplication.sendEvent(target, shift)
        _send(target, _key_of(char), char, clock.step(gap_ms))
    if enter:
        target = widget or QApplication.focusWidget()
        assert target is not None
        _send(target, int(Qt.Key.Key_Return), "\r", clock.step(gap_ms))


# -- the wedge on its own ------------------------------------------------------------------------

@pytest.fixture
def form(qtbot: QtBot) -> tuple[QWidget, QLineEdit, QSpinBox, ScannerWedge, list[str]]:
    window = QWidget()
    field = QLineEdit()
    spin = QSpinBox()
    spin.setRange(0, 10**6)
    layout = QVBoxLayout(window)
    layout.addWidget(field)
    layout.addWidget(spin)
    qtbot.addWidget(window)
    wedge = ScannerWedge(parent=window)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(wedge)
    codes: list[str] = []
    wedge.scanned.connect(lambda code, _widget: codes.append(code))
    window.show()
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    return window, field, spin, wedge, codes


def test_a_scanners_burst_leaves_the_field_as_it_was(form: Any) -> None:
    _window, field, _spin, _wedge, codes = form
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    clock = Clock()
    type_keys(clock, "ab", PERSON_MS, enter=False)  # the person had begun typing
    clock.step(PERSON_MS)
    type_keys(clock, SAREE, SCANNER_MS)
    assert codes == [SAREE]
    assert field.text() == "ab" and field.cursorPosition() == 2
    assert entered == []  # the scanner's Enter did not reach the field


def test_a_code_with_capitals_and_shift_presses_is_one_scan(form: Any) -> None:
    _window, field, _spin, _wedge, codes = form
    field.setText("Ravi")
    field.selectAll()  # what was selected stays selected, to be typed over
    type_keys(Clock(), "BPL1A/2526/00042", SCANNER_MS)
    assert codes == ["BPL1A/2526/00042"]
    assert field.text() == "Ravi" and field.selectedText() == "Ravi"
    type_keys(Clock(), "CHN-SAR-001", SCANNER_MS)
    assert codes[-1] == "CHN-SAR-001" and field.text() == "Ravi"


def test_a_person_typing_the_same_digits_keeps_them(form: Any) -> None:
    _window, field, _spin, _wedge, codes = form
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    type_keys(Clock(), SAREE, PERSON_MS)
    assert codes == []
    assert entered == [SAREE]


def test_short_bursts_a_late_enter_and_held_keys_are_typing(form: Any) -> None:
    _window, field, _spin, _wedge, codes = form
    clock = Clock()
    type_keys(clock, "1234", SCANNER_MS)  # shorter than any code scanned here
    type_keys(clock, "98765432", SCANNER_MS, enter=False)
    _send(field, int(Qt.Key.Key_Return), "\r", clock.step(400))  # Enter pressed by a person
    for _ in range(8):  # a key held down repeats fast: still a person
        _send(field, int(Qt.Key.Key_7), "7", clock.step(SCANNER_MS), repeat=True)
    _send(field, int(Qt.Key.Key_Return), "\r", clock.step(SCANNER_MS))
    assert codes == []
    assert field.text() == "12349876543277777777"


def test_keys_without_timestamps_are_never_a_scan(form: Any, qtbot: QtBot) -> None:
    _window, field, _spin, _wedge, codes = form
    qtbot.keyClicks(field, SAREE)  # QTest stamps its keys 0
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert codes == [] and field.text() == SAREE


def test_a_spin_box_gets_its_value_back(form: Any, qtbot: QtBot) -> None:
    _window, _field, spin, _wedge, codes = form
    spin.setValue(3)
    spin.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is spin)
    type_keys(Clock(), "20000001", SCANNER_MS)
    assert codes == ["20000001"]
    assert spin.value() == 3 and spin.text() == "3"


def test_fields_that_take_scans_are_left_alone(form: Any) -> None:
    _window, field, _spin, wedge, codes = form
    field.setProperty(ACCEPTS_SCANS, True)
    type_keys(Clock(), SAREE, SCANNER_MS)
    assert codes == [] and field.text() == SAREE
    field.setProperty(ACCEPTS_SCANS, False)
    field.clear()
    wedge.own.add(field)
    type_keys(Clock(), SAREE, SCANNER_MS)
    assert codes == [] and field.text() == SAREE


# -- the till -------------------------------------------------------------------------------------

def _focus_in(dialog: QWidget) -> QWidget:
    dialog.activateWindow()
    QApplication.processEvents()
    focus = QApplication.focusWidget()
    assert focus is not None and dialog.isAncestorOf(focus), "the dialog has no focus"
    return focus


def test_a_scan_into_the_quantity_box_goes_to_the_bill_after(qtbot: QtBot, window: MainWindow
                                                             ) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    seen: dict[str, object] = {}

    def in_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        field = _focus_in(dialog)
        clock = Clock()
        type_keys(clock, ELEPHANT, SCANNER_MS)
        seen["open"] = dialog.isVisible()
        seen["text"] = dialog.textValue()
        seen["held"] = list(window._held_scans)
        seen["said"] = ELEPHANT in window.billing_view.banner.text()
        field.selectAll() if isinstance(field, QLineEdit) else None
        type_keys(clock, "3", PERSON_MS)  # now the quantity, by hand: Enter accepts it

    when_dialog_opens(in_dialog)
    key(qtbot, window, Qt.Key.Key_F3)
    assert seen == {"open": True, "text": "1", "held": [ELEPHANT], "said": True}
    cart = window.billing.cart
    qtbot.waitUntil(lambda: len(cart.lines) == 2)
    assert [line.qty_milli for line in cart.lines] == [3000, 1000]
    assert cart.lines[1].product.barcode == ELEPHANT


def test_a_scan_during_payment_is_not_an_amount_and_starts_the_next_bill(
        qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    payable = window.billing.cart.totals().payable
    seen: dict[str, object] = {}

    def pay(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        field = _focus_in(dialog)
        before = field.text() if isinstance(field, QLineEdit) else None
        type_keys(Clock(), ELEPHANT, SCANNER_MS)  # the next customer's piece
        seen["open"] = dialog.isVisible()
        seen["unchanged"] = (field.text() if isinstance(field, QLineEdit) else None) == before
        seen["tenders"] = len(dialog.tenders)
        dialog.amount.setText(str(payable // 100))
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)

    when_dialog_opens(pay)
    key(qtbot, window, Qt.Key.Key_F12)
    assert seen == {"open": True, "unchanged": True, "tenders": 0}
    assert rows(parts, "SELECT COUNT(*) FROM sale_lines") == [(1,)]  # the sale: the saree only
    qtbot.waitUntil(lambda: len(window.billing.cart.lines) == 1)
    assert window.billing.cart.lines[0].product.barcode == ELEPHANT  # on the fresh bill


def test_a_scan_on_the_lock_screen_adds_nothing_and_says_why(qtbot: QtBot, window: MainWindow
                                                             ) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    qtbot.keyClick(window.billing_view.scan, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.login
    window.activateWindow()
    window.login.setFocus()
    QApplication.processEvents()
    type_keys(Clock(), ELEPHANT, SCANNER_MS, widget=QApplication.focusWidget()
              or window.login)
    assert "Log in first" in window.login.message.text()
    assert window.stack.currentWidget() is window.login  # no PIN was entered by the scan
    login(qtbot, window)
    assert [line.product.barcode for line in window.billing.cart.lines] == [SAREE]


class HeldRunner:
    """Keeps tasks until the test runs them: the database thread, slowed down at will."""

    def __init__(self) -> None:
        self.tasks: list[tuple[Callable[[], Any], Callable[[Any], None],
                               Callable[[BaseException], None]]] = []

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None]) -> None:
        self.tasks.append((fn, on_done, on_error))

    def pending(self) -> int:
        return len(self.tasks)

    def shutdown(self) -> None:
        return None

    def run_all(self) -> None:
        while self.tasks:
            fn, on_done, on_error = self.tasks.pop(0)
            try:
                result = fn()
            except Exception as exc:
                on_error(exc)
            else:
                on_done(result)


def test_a_scan_while_the_sale_is_being_saved_lands_on_the_next_bill(
        qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, ELEPHANT)  # now known in memory: its next scan needs no database
    scan(qtbot, window, SAREE)
    billing = window.billing
    payable = billing.cart.totals().payable
    held = HeldRunner()
    billing.runner = held
    billing.complete([Tender.cash(payable)])
    billing.scanned_elsewhere(ELEPHANT)  # the next customer's, while the sale is saved
    assert len(billing.cart.lines) == 2  # not added to the bill being sold
    held.run_all()
    assert rows(parts, "SELECT COUNT(*) FROM sale_lines") == [(2,)]
    assert [line.product.barcode for line in billing.cart.lines] == [ELEPHANT]
    assert "saved" in window.billing_view.banner.text()  # the sale's message stays in sight


def test_a_scan_while_a_failing_sale_is_saved_joins_the_bill_kept(
        qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, ELEPHANT)
    billing = window.billing
    held = HeldRunner()
    billing.runner = held
    billing.complete([Tender.cash(100)])  # ₹1 for ₹1,450: refused by the till
    billing.scanned_elsewhere(ELEPHANT)
    held.run_all()
    assert rows(parts, "SELECT COUNT(*) FROM sales") == [(0,)]
    assert [line.qty_milli for line in billing.cart.lines] == [2000]  # the same piece, twice
    assert window.billing_view.banner.text()  # the refusal was said



def test_a_receipt_scanned_into_the_return_prompt_is_its_answer(
        qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    window.billing.complete([Tender.cash(685_000)])
    opened: list[str] = []

    def number(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        _focus_in(dialog)
        when_dialog_opens(lines)
        type_keys(Clock(), "BPL1A/2627/00001", SCANNER_MS)  # Enter: the scanner's, answering

    def lines(dialog: QWidget) -> None:
        assert isinstance(dialog, ReturnDialog)
        opened.append(dialog.windowTitle())
        dialog.reject()

    when_dialog_opens(number)
    window.manager.take_return()
    assert len(opened) == 1 and "BPL1A/2627/00001" in opened[0]
    assert window._held_scans == [] and not window.billing.cart.lines


def test_a_scan_found_while_the_payment_window_is_open_waits_for_the_next_bill(
        qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    """The bill paid for is the bill the payment window showed, even when a lookup started
    before F12 comes back while the window is open."""
    login(qtbot, window)
    scan(qtbot, window, ELEPHANT)
    scan(qtbot, window, SAREE)
    billing = window.billing
    snapshot = billing.till.lookup(ELEPHANT)
    seen: dict[str, int] = {}

    def pay(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        billing.add_snapshot(snapshot)  # the lookup's answer arrives now
        billing.scanned_elsewhere(ELEPHANT)
        seen["lines"] = len(billing.cart.lines)
        seen["due"] = dialog.payable
        dialog.amount.setText(str(dialog.payable // 100))
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)

    when_dialog_opens(pay)
    key(qtbot, window, Qt.Key.Key_F12)
    paid = rows(parts, "SELECT payable FROM sales")
    assert seen["lines"] == 2 and paid == [(seen["due"],)]  # the bill as shown was sold
    assert rows(parts, "SELECT COUNT(*) FROM sale_lines") == [(2,)]
    assert [(line.product.barcode, line.qty_milli) for line in billing.cart.lines] == [
        (ELEPHANT, 2000)]  # both waited for the next customer's bill


def test_a_window_that_uses_scans_gets_them_instead_of_the_bill(qtbot: QtBot,
                                                               window: MainWindow) -> None:
    login(qtbot, window)
    taken: list[str] = []

    class Counting(QDialog):
        def take_scan(self, code: str) -> bool:
            taken.append(code)
            return True

    dialog = Counting(window)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)

    def scan_in(opened: QWidget) -> None:
        _focus_in(opened)
        type_keys(Clock(), ELEPHANT, SCANNER_MS)
        opened.close()

    when_dialog_opens(scan_in)
    dialog.exec()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert taken == [ELEPHANT] and window._held_scans == [] and not window.billing.cart.lines
