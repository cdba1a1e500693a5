"""Manager actions from the billing screen (F10): return against a bill, close the day."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts
from pos.domain.payments import Tender
from pos.ui.dialogs.approval import ApprovalDialog
from pos.ui.dialogs.close_day import CloseDayDialog
from pos.ui.dialogs.returns import ReturnDialog
from pos.ui.main_window import MainWindow
from tests.ui.conftest import when_dialog_opens
from tests.ui.test_billing_flow import SAREE, login, rows, scan


def sell_one(qtbot: QtBot, window: MainWindow) -> None:
    scan(qtbot, window, SAREE)
    window.billing.complete([Tender.cash(685_000)])


def approve_as_manager(dialog: QWidget) -> None:
    assert isinstance(dialog, ApprovalDialog)
    dialog.who.setCurrentIndex(dialog.who.findData("STF-RAMESH"))
    dialog.pin.setText("9999")
    dialog.accept()


def test_return_against_a_bill_by_its_number(qtbot: QtBot, window: MainWindow,
                                             parts: TillParts) -> None:
    login(qtbot, window)
    sell_one(qtbot, window)

    def number(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("BPL1A/2627/00001")
        dialog.accept()
        when_dialog_opens(choose_lines)

    def choose_lines(dialog: QWidget) -> None:
        assert isinstance(dialog, ReturnDialog)
        dialog.spins[0].setValue(1)
        dialog.reason.setText("colour not liked")
        dialog.accept()
        when_dialog_opens(approve_as_manager)

    when_dialog_opens(number)
    window.manager.take_return()
    assert rows(parts, "SELECT credit_no, refund, refund_mode FROM credit_notes") == [
        ("BPL1C/2627/00001", 685_000, "cash")]
    assert "BPL1C/2627/00001" in window.billing_view.banner.text()


def test_close_the_day_with_a_short_drawer(qtbot: QtBot, window: MainWindow,
                                           parts: TillParts) -> None:
    login(qtbot, window)
    sell_one(qtbot, window)  # expected cash: ₹5,000 float + ₹6,850

    def count(dialog: QWidget) -> None:
        assert isinstance(dialog, CloseDayDialog)
        dialog.counts["note:50000"].setValue(23)  # ₹11,500
        dialog.counts["note:10000"].setValue(2)  # ₹200 → ₹11,700: ₹150 short
        assert "-₹150.00" in dialog.summary.text()
        dialog.reason.setText("change given twice")
        dialog.accept()
        when_dialog_opens(approve_as_manager)

    when_dialog_opens(count)
    window.manager.close_day()
    assert rows(parts, "SELECT expected_cash, counted_cash, variance_reason FROM day_sessions"
                ) == [(1_185_000, 1_170_000, "change given twice")]
    assert "-₹150.00" in window.billing_view.banner.text()
