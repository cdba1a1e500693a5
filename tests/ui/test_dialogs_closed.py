"""A till runs all day: every window opened over the bill is gone once answered (a payment
window per sale, kept hidden under the till, would pile up by the hundred)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from pos.ui.main_window import MainWindow
from pos.ui.payment_dialog import PaymentDialog
from tests.ui.conftest import when_dialog_opens
from tests.ui.test_billing_flow import SAREE, key, login, scan


def test_windows_over_the_bill_are_deleted_once_answered(qtbot: QtBot, window: MainWindow
                                                         ) -> None:
    login(qtbot, window)
    for _ in range(3):
        scan(qtbot, window, SAREE)

        def pay(dialog: QWidget) -> None:
            assert isinstance(dialog, PaymentDialog)
            qtbot.keyClick(dialog, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # exact

        when_dialog_opens(pay)
        key(qtbot, window, Qt.Key.Key_F12)
    assert not window.billing.cart.lines
    for open_it in (Qt.Key.Key_F1, Qt.Key.Key_F3):
        scan(qtbot, window, SAREE)
        when_dialog_opens(lambda dialog: dialog.reject())  # type: ignore[attr-defined]
        key(qtbot, window, open_it)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(QDialog) == []
