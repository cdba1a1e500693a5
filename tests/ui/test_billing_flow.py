"""A cashier's flows in the real widgets, offscreen, on a real seeded SQLite till."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts
from pos.ui.main_window import MainWindow
from pos.ui.payment_dialog import PaymentDialog
from tests.ui.conftest import when_dialog_opens

SAREE = "2000000100012"  # Chanderi Silk Saree - Peacock Buti, ₹6,850
KURTA_SKU = "KUR-M-0006"  # Men's Chanderi Kurta - Gold Buti, ₹2,625 (5 %: the band's edge)


def login(qtbot: QtBot, window: MainWindow, pin: str = "1111") -> None:
    qtbot.keyClicks(window.login, pin)
    qtbot.keyClick(window.login, Qt.Key.Key_Return)


def scan(qtbot: QtBot, window: MainWindow, code: str) -> None:
    box = window.billing_view.scan
    qtbot.keyClicks(box, code)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def key(qtbot: QtBot, window: MainWindow, k: Qt.Key,
        mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.billing_view.scan, k, mods)


def answer_text(text: str) -> None:
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(text)
        dialog.accept()
    when_dialog_opens(fill)


def rows(parts: TillParts, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(parts.store.path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_login_scan_search_discount_split_payment(qtbot: QtBot, window: MainWindow,
                                                  parts: TillParts) -> None:
    login(qtbot, window)
    assert window.stack.currentWidget() is window.billing_view
    assert window.session is not None and window.session.name == "Meena"

    scan(qtbot, window, SAREE)
    scan(qtbot, window, KURTA_SKU.lower())  # SKUs in any case
    qtbot.keyClicks(window.billing_view.scan, "agarbatti")  # search as you type
    assert window.billing_view.results.isVisible()
    qtbot.keyClick(window.billing_view.scan, Qt.Key.Key_Return)  # the first result
    key(qtbot, window, Qt.Key.Key_Plus)  # two packs
    cart = window.billing.cart
    assert [line.qty_milli for line in cart.lines] == [1000, 1000, 2000]
    assert "Agarbatti" in cart.lines[2].product.name_en or "agarbatti" in \
        cart.lines[2].product.name_en.lower()

    window.billing_view.select_row(0)
    answer_text("5%")  # a cashier may give 5 %
    key(qtbot, window, Qt.Key.Key_F8)
    assert cart.lines[0].discount is not None
    totals = cart.totals()
    assert totals.discount == 34_250  # 5 % of ₹6,850

    payable = totals.payable

    def pay(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        qtbot.keyClick(dialog, Qt.Key.Key_F7)  # UPI for ₹1,000
        dialog.amount.setText("1000")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)  # the QR for ₹1,000, then its UTR
        qtbot.keyClicks(dialog.reference, "4321")
        qtbot.keyClick(dialog.reference, Qt.Key.Key_Return)
        assert dialog.remaining() == payable - 100_000
        dialog.amount.setText("20000")  # the rest in cash, with change
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)

    when_dialog_opens(pay)
    key(qtbot, window, Qt.Key.Key_F12)

    sales = rows(parts, "SELECT invoice_no, payable FROM sales")
    assert sales == [("BPL1A/2627/00001", payable)]
    payments = rows(parts, "SELECT mode, amount, tendered, reference FROM payments ORDER BY seq")
    assert payments == [("upi", 100_000, 100_000, "4321"),
                        ("cash", payable - 100_000, 2_000_000, "")]
    assert rows(parts, "SELECT kind, status FROM print_jobs") == [("invoice", "queued")]
    assert not window.billing.cart.lines  # a fresh bill is ready
    assert "BPL1A/2627/00001" in window.billing_view.banner.text()
    assert window.billing_view.scan.hasFocus() or not window.isActiveWindow()


def test_discount_above_the_limit_asks_a_manager(qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)

    def approve(dialog: QWidget) -> None:
        dialog.who.setCurrentIndex(dialog.who.findData("STF-RAMESH"))  # type: ignore[attr-defined]
        dialog.pin.setText("9999")  # type: ignore[attr-defined]
        assert isinstance(dialog, QDialog)
        dialog.accept()

    when_dialog_opens(lambda d: (d.setTextValue("20%"), d.accept(),  # type: ignore[attr-defined]
                                 when_dialog_opens(approve)))
    key(qtbot, window, Qt.Key.Key_F8)
    line = window.billing.cart.lines[0]
    assert line.discount is not None and line.discount.value == 2000


def test_hold_and_resume(qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    answer_text("Mrs Sharma")
    key(qtbot, window, Qt.Key.Key_F4)
    assert not window.billing.cart.lines
    assert [b.label for b in parts.till.held_bills()] == ["Mrs Sharma"]

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        dialog.accept()

    when_dialog_opens(choose)
    key(qtbot, window, Qt.Key.Key_F5)
    assert [line.product.barcode for line in window.billing.cart.lines] == [SAREE]
    assert parts.till.held_bills() == []


def test_unknown_barcode_is_said_clearly(qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)
    scan(qtbot, window, "8901234567894")
    banner = window.billing_view.banner
    assert banner.property("kind") == "error"
    assert "8901234567894" in banner.text()
    assert not window.billing.cart.lines


def test_dead_band_price_is_refused_with_the_reason(qtbot: QtBot, window: MainWindow,
                                                    parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    window.billing_view.select_row(0)
    # a manager reprices a kurta line into the dead band: the bill cannot be completed
    cart = window.billing.cart
    kurta = parts.till.lookup(KURTA_SKU)
    line = cart.add(kurta)
    cart.override_price(line.line_id, 280_000)
    window.billing.refresh()
    key(qtbot, window, Qt.Key.Key_F12)
    assert window.billing_view.banner.property("kind") == "error"
    assert rows(parts, "SELECT count(*) FROM sales") == [(0,)]


def test_wrong_pins_lock_out(qtbot: QtBot, window: MainWindow) -> None:
    for _ in range(5):
        login(qtbot, window, "0000")
    assert window.stack.currentWidget() is window.login
    assert "Too many" in window.login.message.text()


def test_lock_keeps_the_bill(qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    key(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.login
    assert "Meena" in window.login.hint.text()
    login(qtbot, window, "2222")  # another cashier cannot take over the bill
    assert window.stack.currentWidget() is window.login
    login(qtbot, window, "1111")
    assert window.stack.currentWidget() is window.billing_view
    assert len(window.billing.cart.lines) == 1


def test_enter_before_the_results_catch_up_takes_the_typed_code(qtbot: QtBot,
                                                                window: MainWindow) -> None:
    login(qtbot, window)
    qtbot.keyClicks(window.billing_view.scan, "KUR")  # results for "KUR" are on screen
    assert window.billing_view.results.isVisible()
    # the rest of the SKU arrives faster than its search (setText: no search is started)
    window.billing_view.scan.setText(KURTA_SKU)
    qtbot.keyClick(window.billing_view.scan, Qt.Key.Key_Return)
    assert [line.product.sku for line in window.billing.cart.lines] == [KURTA_SKU]
