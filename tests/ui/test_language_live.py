"""What is on screen when the language is switched says itself again in the new language: the
message above the bill, the login screen's error, the prompts' buttons, the help. And the
screens a cashier meets around the bill: lock screen, X report behind a manager's PIN."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts
from pos.ui.dialogs.approval import ApprovalDialog
from pos.ui.dialogs.held_bills import HeldBillsDialog
from pos.ui.dialogs.help import HelpDialog
from pos.ui.main_window import MainWindow
from tests.sync.scenario import counts_for
from tests.ui.conftest import when_dialog_opens
from tests.ui.test_billing_flow import SAREE, key, login, scan
from tests.ui.test_language import DEVANAGARI, latin_words, visible_texts
from tests.ui.test_manager_flows import approve_as_manager


def test_the_message_above_the_bill_is_said_again_in_hindi(qtbot: QtBot, window: MainWindow
                                                            ) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    banner = window.billing_view.banner
    assert banner.text() == "Added Chanderi Silk Saree - Peacock Buti"
    key(qtbot, window, Qt.Key.Key_F9)
    assert banner.text() == "चंदेरी सिल्क साड़ी - मोर बूटी जोड़ा गया"
    scan(qtbot, window, "9999999999999")  # unknown: an error, said in Hindi, then English
    hindi = banner.text()
    assert DEVANAGARI.search(hindi) and banner.kind() == "error"
    key(qtbot, window, Qt.Key.Key_F9)
    assert banner.text() != hindi and not DEVANAGARI.search(banner.text())


def test_a_held_bill_brought_back_says_so(qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)

    def label(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("blue shawl lady")
        dialog.accept()

    when_dialog_opens(label)
    key(qtbot, window, Qt.Key.Key_F4)
    assert window.billing_view.banner.text() == "Bill held"
    listed: list[str] = []

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, HeldBillsDialog)
        listed.append(dialog.list.item(0).text())
        dialog.accept()

    when_dialog_opens(choose)
    key(qtbot, window, Qt.Key.Key_F5)
    assert "blue shawl lady" in listed[0] and "12:00" in listed[0]  # held at noon in India
    assert "₹6,850.00" in listed[0]  # and what it comes to
    assert window.billing_view.banner.text() == "Held bill back on screen (lines: 1)"


def test_the_login_error_is_said_again_and_the_lock_screen_says_locked(
        qtbot: QtBot, window: MainWindow) -> None:
    assert window.lock_button.isHidden()  # nobody to lock out yet
    login(qtbot, window, pin="0000")
    english = window.login.message.text()
    assert english and not DEVANAGARI.search(english)
    qtbot.keyClick(window.login, Qt.Key.Key_F9)
    assert DEVANAGARI.search(window.login.message.text())
    qtbot.keyClick(window.login, Qt.Key.Key_F9)
    login(qtbot, window)
    assert not window.lock_button.isHidden()
    key(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.login.title.text() == "Screen locked"
    assert window.lock_button.isHidden()


def test_prompts_and_help_speak_hindi(qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    key(qtbot, window, Qt.Key.Key_F9)
    seen: dict[str, list[str]] = {}

    def quantity(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        seen["buttons"] = [b.text() for b in buttons.buttons()]
        dialog.reject()

    when_dialog_opens(quantity)
    key(qtbot, window, Qt.Key.Key_F3)
    assert sorted(seen["buttons"]) == ["ठीक है (Enter)", "वापस (Esc)"]

    def help_(dialog: QWidget) -> None:
        assert isinstance(dialog, HelpDialog)
        seen["help"] = visible_texts(dialog)
        dialog.reject()

    when_dialog_opens(help_)
    key(qtbot, window, Qt.Key.Key_F1)
    text = " ".join(seen["help"])
    assert "Ctrl+S" in text and text.count("<b>F10</b>") == 1
    english_left = [t for t in seen["help"] if latin_words(t) and not DEVANAGARI.search(t)]
    assert english_left == []


def test_a_cashier_needs_a_managers_pin_for_the_x_report(qtbot: QtBot, window: MainWindow
                                                        ) -> None:
    login(qtbot, window)  # Meena, a cashier
    shown: list[str] = []

    def refuse(dialog: QWidget) -> None:
        assert isinstance(dialog, ApprovalDialog)
        dialog.reject()

    when_dialog_opens(refuse)
    window.manager.x_report()
    assert shown == []

    def report(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        shown.append(dialog.text())
        dialog.accept()

    def approve(dialog: QWidget) -> None:
        approve_as_manager(dialog)
        when_dialog_opens(report)

    when_dialog_opens(approve)
    window.manager.x_report()
    assert len(shown) == 1 and "₹" in shown[0]


def test_the_approval_says_the_discount_and_the_limit_and_whose_pin(
        qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    seen: list[str] = []

    def approve(dialog: QWidget) -> None:
        assert isinstance(dialog, ApprovalDialog)
        seen.extend([dialog.message.text(), dialog.pin.placeholderText()])
        dialog.reject()

    def amount(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("20%")
        dialog.accept()
        when_dialog_opens(approve)

    when_dialog_opens(amount)
    key(qtbot, window, Qt.Key.Key_F8)
    message, placeholder = seen
    assert message.startswith("A discount of 20% is above your limit of ")
    assert placeholder == "The approver's PIN (not yours)"
    assert window.billing.cart.lines[0].discount is None  # refused: nothing given


def test_another_cashier_cannot_take_up_a_locked_bill_a_manager_can(
        qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)  # Meena
    scan(qtbot, window, SAREE)
    key(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    for _ in range(2):
        qtbot.keyClick(window.login, Qt.Key.Key_Down)  # Suresh, a cashier, with his own PIN
    login(qtbot, window, "2222")
    assert window.stack.currentWidget() is window.login
    assert window.login.message.text() == "This bill is Meena's: Meena or a manager unlocks it."
    qtbot.keyClick(window.login, Qt.Key.Key_Up)  # Ramesh, the manager
    login(qtbot, window, "9999")
    assert window.stack.currentWidget() is window.billing_view
    assert window.session is not None and window.session.name == "Ramesh"
    assert len(window.billing.cart.lines) == 1


def test_a_wrong_approval_pin_asks_again_and_keeps_the_discount(
        qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    errors: list[str] = []

    def approve(pin: str, then: object) -> Callable[[QWidget], None]:
        def answer(dialog: QWidget) -> None:
            assert isinstance(dialog, ApprovalDialog)
            if not dialog.error.isHidden():
                errors.append(dialog.error.text())
            dialog.who.setCurrentIndex(dialog.who.findData("STF-RAMESH"))
            dialog.pin.setText(pin)
            if callable(then):
                when_dialog_opens(then)
            dialog.accept()
        return answer

    def amount(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("20%")
        dialog.accept()
        when_dialog_opens(approve("1234", approve("9999", None)))

    when_dialog_opens(amount)
    key(qtbot, window, Qt.Key.Key_F8)
    assert len(errors) == 1 and "Wrong PIN" in errors[0]
    line = window.billing.cart.lines[0]
    assert line.discount is not None and line.discount.value == 2000


def test_with_the_day_closed_a_scan_says_so_at_once(qtbot: QtBot, window: MainWindow,
                                                     parts: TillParts) -> None:
    """Review: after closing the day the bill still took scans, and only F12 then Enter said
    the day was closed."""
    login(qtbot, window)
    manager = next(s for s in parts.till.staff() if s.role.value == "manager")
    parts.till.close_day(manager, counts_for(500_000))  # the ₹5,000 float, as expected
    window.manager.day_changed.emit()
    assert "The day is closed" in window.billing_view.banner.text()
    scan(qtbot, window, SAREE)
    assert not window.billing.cart.lines
    assert window.billing_view.banner.kind() == "error"
