"""The payment dialog driven by the keyboard only, the way a new cashier meets it: real
widgets, real key events, offscreen; the full flows go through F12 on a real seeded till."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts
from pos.domain.payments import Mode, Tender
from pos.domain.upi import UpiInvoice, upi_link
from pos.locale.formatting import format_money
from pos.locale.lang import Lang
from pos.ui.fonts import register_fonts
from pos.ui.i18n import Translator
from pos.ui.main_window import MainWindow
from pos.ui.payment_dialog import MAX_CHANGE, PaymentDialog
from pos.ui.theme import STYLESHEET
from tests.ui.conftest import when_dialog_opens
from tests.ui.test_billing_flow import SAREE, key, login, rows, scan
from tests.ui.test_language import DEVANAGARI

CTRL = Qt.KeyboardModifier.ControlModifier
DUE = 725_000  # ₹7,250
UTR = "123456789012"
ZBAR = shutil.which("zbarimg")  # installed by .ci/run (see tests/printing/test_sample.py)


def link(amount: int) -> str:
    return upi_link(UpiInvoice("mrignayani.bpl@sbi", "Mrignayani Emporium, Bhopal",
                               "BPL1A/2627/00001", date(2026, 11, 22), amount,
                               "23AAACM1234F1Z5", 10_000, 10_000))


def amount_in(upi: str) -> str:
    return parse_qs(urlsplit(upi).query)["am"][0]


def open_dialog(qtbot: QtBot, lang: Lang = Lang.EN, due: int = DUE
                ) -> tuple[PaymentDialog, Translator]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    register_fonts()
    app.setStyleSheet(STYLESHEET)
    translator = Translator(lang)
    dialog = PaymentDialog(translator, due, link)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, translator


def retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    """What a cashier does: select what is there, type over it."""
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, text)


def enter(qtbot: QtBot, field: QWidget) -> None:
    qtbot.keyClick(field, Qt.Key.Key_Return)


# -- the full flow through F12, saved in the database ---------------------------------------
def pay_by_keys(qtbot: QtBot, window: MainWindow,
                steps: Callable[[PaymentDialog], None]) -> int:
    """Log in, scan the saree, F12, and ``steps`` drive the dialog; the bill's payable."""
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    payable = window.billing.cart.totals().payable

    def pay(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        steps(dialog)

    when_dialog_opens(pay)
    key(qtbot, window, Qt.Key.Key_F12)
    return payable


def test_split_cash_then_upi_by_enter_only(qtbot: QtBot, window: MainWindow,
                                           parts: TillParts) -> None:
    seen: dict[str, object] = {}

    def pay(dialog: PaymentDialog) -> None:
        retype(qtbot, dialog.amount, "2000")
        enter(qtbot, dialog.amount)  # less than due: added, the dialog stays
        seen["open_after_part"] = dialog.isVisible()
        seen["box"] = dialog.amount.text()
        seen["paid"] = [dialog.added.item(i).text() for i in range(dialog.added.count())]
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F7)  # the rest by UPI
        seen["qr"] = amount_in(dialog.qr_link or "am=none")
        enter(qtbot, dialog.amount)  # the amount is right: on to the reference
        seen["open_before_utr"] = dialog.isVisible()
        qtbot.keyClicks(dialog.reference, UTR)
        enter(qtbot, dialog.reference)  # covered: completes

    payable = pay_by_keys(qtbot, window, pay)
    rest = payable - 200_000
    assert seen == {"open_after_part": True, "box": format_money(rest, Lang.EN, symbol=False),
                    "paid": ["Cash  ₹2,000.00"], "qr": f"{rest // 100}.00",
                    "open_before_utr": True}
    assert rows(parts, "SELECT mode, amount, tendered, reference FROM payments ORDER BY seq") \
        == [("upi", rest, rest, UTR), ("cash", 200_000, 200_000, "")]
    assert rows(parts, "SELECT payable FROM sales") == [(payable,)]


def test_split_upi_first_then_cash_with_change(qtbot: QtBot, window: MainWindow,
                                               parts: TillParts) -> None:
    seen: dict[str, object] = {}

    def pay(dialog: PaymentDialog) -> None:
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F7)
        retype(qtbot, dialog.amount, "1500")
        enter(qtbot, dialog.amount)  # shows the QR for ₹1,500 at once, asks the UTR
        seen["qr"] = amount_in(dialog.qr_link or "am=none")
        qtbot.keyClicks(dialog.reference, UTR)
        enter(qtbot, dialog.reference)
        seen["mode"] = dialog.mode
        retype(qtbot, dialog.amount, "6000")  # cash for the rest, with change
        seen["change"] = dialog.change.text()
        enter(qtbot, dialog.amount)

    payable = pay_by_keys(qtbot, window, pay)
    rest = payable - 150_000
    assert seen == {"qr": "1500.00", "mode": Mode.CASH,
                    "change": format_money(600_000 - rest, Lang.EN)}
    assert rows(parts, "SELECT mode, amount, tendered, reference FROM payments ORDER BY seq") \
        == [("upi", 150_000, 150_000, UTR), ("cash", rest, 600_000, "")]


# -- the dialog on its own ----------------------------------------------------------------
def test_enter_on_a_part_keeps_the_dialog_and_only_complete_is_default(qtbot: QtBot) -> None:
    dialog, _ = open_dialog(qtbot)
    buttons = dialog.findChildren(QPushButton)
    assert [b for b in buttons if b.isDefault() or b.autoDefault()] == [dialog.complete_button]
    assert not dialog.complete_button.autoDefault()
    retype(qtbot, dialog.amount, "2000")
    assert dialog.complete_button.text() == "Add ₹2,000.00, then the rest (Enter)"
    enter(qtbot, dialog.amount)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.tenders == [Tender.cash(200_000)]
    assert dialog.amount.text() == "5,250.00" and dialog.amount.selectedText() == "5,250.00"
    assert dialog.due.text() == "₹5,250.00"
    assert "₹5,250.00 still to pay" in dialog.message.text()
    assert dialog.added.item(0).text() == "Cash  ₹2,000.00"  # no key hint in the list
    enter(qtbot, dialog.amount)  # the rest, exact: done
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.tenders == [Tender.cash(200_000), Tender.cash(525_000)]


def test_quick_cash_keys(qtbot: QtBot) -> None:
    dialog, _ = open_dialog(qtbot)
    texts = [b.text() for b in dialog.quick_buttons]
    assert texts == ["Exact\nCtrl+1", "₹7,300.00\nCtrl+2", "₹7,400.00\nCtrl+3",
                     "₹7,500.00\nCtrl+4"]
    qtbot.keyClick(dialog.amount, Qt.Key.Key_3, CTRL)  # a ₹7,400 note bundle: change first
    assert dialog.amount.text() == "7,400.00" and dialog.isVisible()
    assert dialog.change.text() == "₹150.00"
    assert dialog.complete_button.text() == "Complete — give back ₹150.00 (Enter)"
    enter(qtbot, dialog.amount)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.tenders == [Tender.cash(740_000)] and dialog.change_due() == 15_000

    exact, _ = open_dialog(qtbot)
    qtbot.keyClick(exact.amount, Qt.Key.Key_1, CTRL)  # Exact: one key, done
    assert exact.result() == QDialog.DialogCode.Accepted
    assert exact.tenders == [Tender.cash(DUE)]


def test_the_qr_always_carries_the_upi_amount(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, _ = open_dialog(qtbot)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_F7)
    assert dialog.qr_link is not None and amount_in(dialog.qr_link) == "7250.00"
    assert dialog.qr_caption.text() == "Customer scans to pay ₹7,250.00"
    retype(qtbot, dialog.amount, "1500")
    # while the new QR is being made, none is shown: never one for another amount
    assert dialog.qr_link is None and dialog.qr.pixmap().isNull()
    assert "₹7,250" not in dialog.qr_caption.text()
    qtbot.waitUntil(lambda: dialog.qr_link is not None)
    assert dialog.qr_link is not None and amount_in(dialog.qr_link) == "1500.00"
    assert dialog.qr_link == link(150_000)
    assert dialog.qr_caption.text() == "Customer scans to pay ₹1,500.00"
    # and the picture says the same, read the way a phone reads it
    png = tmp_path / "qr.png"
    assert dialog.qr.pixmap().save(str(png))
    assert ZBAR is not None, "zbarimg missing: apt-get install zbar-tools"
    out = subprocess.run([ZBAR, "--raw", "-q", str(png)], capture_output=True, text=True,
                         timeout=60, check=False)
    assert out.stdout.splitlines() == [link(150_000)]
    # more than is due: no QR at all, and Enter says why
    retype(qtbot, dialog.amount, "9000")
    enter(qtbot, dialog.amount)
    assert dialog.qr_link is None and dialog.qr.pixmap().isNull()
    assert "cannot pay more than the ₹7,250.00 still due" in dialog.message.text()
    assert not dialog.tenders


def test_f9_switches_language_and_card_is_f8(qtbot: QtBot) -> None:
    dialog, translator = open_dialog(qtbot)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_F9)
    assert translator.lang is Lang.HI and dialog.mode is Mode.CASH
    assert dialog.mode_buttons[Mode.CASH].text() == "नकद (F6)"
    assert dialog.windowTitle() == "भुगतान"
    qtbot.keyClick(dialog.amount, Qt.Key.Key_F8)
    assert dialog.mode is Mode.CARD
    assert [m for m, b in dialog.mode_buttons.items() if b.isChecked()] == [Mode.CARD]
    assert dialog.mode_buttons[Mode.CARD].text() == "कार्ड (F8)"
    # every visible sentence is Hindi (key names, money and digits may stay as they are)
    neutral = re.compile(r"\b(F\d{1,2}|Esc|Enter|Ctrl\+\d(–\d)?|English)\b|[\d₹,.:·()/%+\-—–\s]")
    shown = [w.text() for kind in (QLabel, QPushButton) for w in dialog.findChildren(kind)
             if w.isVisible()]
    left = [text for text in shown if neutral.sub("", text) and not DEVANAGARI.search(text)]
    assert left == []
    qtbot.keyClick(dialog.reference, Qt.Key.Key_F9)
    assert translator.lang is Lang.EN and dialog.mode_buttons[Mode.CARD].text() == "Card (F8)"


def test_a_twelve_digit_utr_shows_whole_and_the_size_never_jumps(qtbot: QtBot) -> None:
    dialog, _ = open_dialog(qtbot)
    size = dialog.size()
    qtbot.keyClick(dialog.amount, Qt.Key.Key_F7)
    qtbot.keyClicks(dialog.reference, UTR)
    field = dialog.reference
    assert field.fontMetrics().horizontalAdvance(UTR) + 24 < field.width()
    field.setCursorPosition(0)
    start = field.cursorRect().x()
    field.setCursorPosition(len(UTR))
    assert field.cursorRect().x() - start >= field.fontMetrics().horizontalAdvance(UTR) - 2
    sizes = {(dialog.width(), dialog.height())}
    for mode_key in (Qt.Key.Key_F8, Qt.Key.Key_F6, Qt.Key.Key_F9, Qt.Key.Key_F7):
        qtbot.keyClick(dialog.amount, mode_key)
        retype(qtbot, dialog.amount, "abc")
        enter(qtbot, dialog.amount)  # an error message shows too
        sizes.add((dialog.width(), dialog.height()))
    assert sizes == {(size.width(), size.height())}


def test_absurd_cash_is_refused_and_esc_goes_back(qtbot: QtBot) -> None:
    dialog, _ = open_dialog(qtbot)
    retype(qtbot, dialog.amount, str((DUE + MAX_CHANGE) // 100 + 1))  # ₹2,00,001 too much
    assert dialog.change.property("tone") == "bad"
    enter(qtbot, dialog.amount)
    assert dialog.isVisible() and not dialog.tenders
    assert "check the amount" in dialog.message.text()
    retype(qtbot, dialog.amount, str((DUE + MAX_CHANGE) // 100))  # exactly the limit is fine
    enter(qtbot, dialog.amount)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.change_due() == MAX_CHANGE

    back, _ = open_dialog(qtbot)
    qtbot.keyClick(back.amount, Qt.Key.Key_Escape)
    assert back.result() == QDialog.DialogCode.Rejected and not back.isVisible()


def test_upi_needs_its_reference_before_it_counts(qtbot: QtBot) -> None:
    dialog, _ = open_dialog(qtbot)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_F7)
    assert dialog.complete_button.text() == "Next: the reference (Enter)"
    enter(qtbot, dialog.amount)
    enter(qtbot, dialog.reference)  # nothing typed: still nothing counts
    assert not dialog.tenders and dialog.isVisible()
    qtbot.keyClicks(dialog.reference, "12")
    enter(qtbot, dialog.reference)
    assert not dialog.tenders and "reference" in dialog.message.text()
    qtbot.keyClicks(dialog.reference, "34")
    enter(qtbot, dialog.reference)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.tenders == [Tender.upi(DUE, "1234")]


def test_f9_in_the_dialog_switches_the_whole_till_once(qtbot: QtBot, window: MainWindow,
                                                       parts: TillParts) -> None:
    seen: dict[str, object] = {}

    def pay(dialog: PaymentDialog) -> None:
        qtbot.keyClick(dialog.amount, Qt.Key.Key_F9)
        seen["dialog"] = dialog.mode_buttons[Mode.CASH].text()
        seen["till"] = window.billing_view.buttons["pay"].text()
        enter(qtbot, dialog.amount)

    pay_by_keys(qtbot, window, pay)
    assert seen == {"dialog": "नकद (F6)", "till": "भुगतान (F12)"}
    assert rows(parts, "SELECT count(*) FROM sales") == [(1,)]


def test_esc_after_a_upi_part_asks_and_staying_is_the_default(qtbot: QtBot) -> None:
    dialog, _ = open_dialog(qtbot)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_F7)
    retype(qtbot, dialog.amount, "1000")
    enter(qtbot, dialog.amount)
    qtbot.keyClicks(dialog.reference, "412345678901")
    enter(qtbot, dialog.reference)
    assert dialog.tenders == [Tender.upi(100_000, "412345678901")]
    asked: list[str] = []

    def answer(choice: str) -> Callable[[QWidget], None]:
        def press(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            if choice == "esc":
                qtbot.keyClick(box, Qt.Key.Key_Escape)
            else:
                leave = next(b for b in box.buttons() if "without paying" in b.text())
                leave.click()
        return press

    when_dialog_opens(answer("esc"))
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.tenders  # Esc twice does not lose the UPI payment
    assert "UPI ₹1,000.00 (412345678901)" in asked[0]
    when_dialog_opens(answer("leave"))
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_a_upi_amount_edited_after_the_qr_counts_only_with_its_own_qr(qtbot: QtBot) -> None:
    dialog, _ = open_dialog(qtbot)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_F7)
    retype(qtbot, dialog.amount, "1000")
    enter(qtbot, dialog.amount)  # the QR for ₹1,000 is shown; on to the reference
    assert dialog.qr_amount == 100_000
    dialog.amount.setText("1500")  # edited afterwards (a click, Shift+Tab)
    dialog._qr_timer.stop()  # the debounced remake has not fired yet
    dialog.qr_amount = 100_000
    qtbot.keyClicks(dialog.reference, "412345678901")
    enter(qtbot, dialog.reference)
    assert dialog.tenders == [] and "new QR" in dialog.message.text()
    assert dialog.qr_amount == 150_000 and amount_in(str(dialog.qr_link)) == "1500.00"
    enter(qtbot, dialog.reference)  # paid by the new QR
    assert dialog.tenders == [Tender.upi(150_000, "412345678901")]
    qtbot.keyClick(dialog.reference, Qt.Key.Key_F6)  # the rest in cash: the bill is paid
    enter(qtbot, dialog.amount)
    assert dialog.result() == QDialog.DialogCode.Accepted
