"""Customer details, price override, scanner bursts over a search, and the notice when head
office changes prices while a bill is open: real widgets on the real seeded till."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts
from pos.domain.payments import Tender
from pos.domain.tax import QTY_SCALE
from pos.sync.protocol import SalePayload
from pos.ui.billing_controller import split_burst
from pos.ui.dialogs.customer import CustomerDialog
from pos.ui.main_window import MainWindow
from pos.ui.payment_dialog import PaymentDialog
from tests.ui.conftest import when_dialog_opens
from tests.ui.test_billing_flow import KURTA_SKU, SAREE, key, login, rows, scan

GSTIN = "27AAPFU0939F1ZV"  # Maharashtra


def pay_cash(qtbot: QtBot) -> None:
    def pay(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        dialog.amount.setText(str(dialog.remaining() // 100 + 1))
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    when_dialog_opens(pay)


def test_b2b_buyer_by_keyboard_is_stored_on_the_sale(qtbot: QtBot, window: MainWindow,
                                                     parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    seen: dict[str, object] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, CustomerDialog)
        qtbot.keyClicks(dialog.gstin, GSTIN.lower())  # typed in any case
        seen["state"] = dialog.state.currentData()
        seen["status"] = dialog.gstin_status.text()
        qtbot.keyClick(dialog.gstin, Qt.Key.Key_Return)  # Enter moves on
        assert dialog.name.hasFocus() or not dialog.isActiveWindow()
        qtbot.keyClicks(dialog.name, "Sharma Handlooms")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.address, "12 MG Road, Pune")
        qtbot.keyClick(dialog.address, Qt.Key.Key_Return)  # the last field saves

    when_dialog_opens(fill)
    key(qtbot, window, Qt.Key.Key_F6)
    assert seen == {"state": "27", "status": "Valid GSTIN · registered in Maharashtra"}
    buyer = window.billing.cart.customer
    assert (buyer.gstin, buyer.name, buyer.state_code) == (GSTIN, "Sharma Handlooms", "27")
    assert f"GSTIN {GSTIN}" in " ".join(window.billing_view.totals.texts())

    pay_cash(qtbot)
    key(qtbot, window, Qt.Key.Key_F12)
    assert rows(parts, "SELECT customer_name, customer_gstin, customer_address, customer_state,"
                       " place_of_supply FROM sales") == [
        ("Sharma Handlooms", GSTIN, "12 MG Road, Pune", "27", "23")]  # sold in Bhopal: CGST+SGST


def test_a_bad_gstin_is_refused_in_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    errors: list[str] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, CustomerDialog)
        dialog.gstin.setText("27AAPFU0939F1ZX")  # wrong check character
        dialog.name.setText("Sharma")
        dialog.address.setText("Pune")
        dialog.try_accept()
        errors.append(dialog.error.text())
        assert dialog.isVisible()
        dialog.reject()

    when_dialog_opens(fill)
    key(qtbot, window, Qt.Key.Key_F6)
    assert errors == ["That GSTIN is not valid: check the 15 characters"]
    assert window.billing.cart.customer.empty


def test_fifty_thousand_and_more_asks_the_buyer_before_payment(qtbot: QtBot,
                                                                window: MainWindow,
                                                                parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    cart = window.billing.cart
    cart.set_quantity(cart.lines[0].line_id, 8 * QTY_SCALE)  # 8 × ₹6,850: taxable ≥ ₹50,000
    window.billing.refresh()
    first_try: list[str] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, CustomerDialog)
        assert "₹50,000" in dialog.why.text()
        dialog.try_accept()  # nothing filled in: refused, the dialog stays
        first_try.append(dialog.error.text())
        dialog.name.setText("Anita Rao")
        dialog.address.setText("Arera Colony, Bhopal")
        dialog.state.setCurrentIndex(dialog.state.findData("23"))
        pay_cash(qtbot)  # the payment follows at once
        dialog.try_accept()

    when_dialog_opens(fill)
    key(qtbot, window, Qt.Key.Key_F12)
    assert first_try == ["Fill in the customer's name, address and state"]
    assert rows(parts, "SELECT customer_name, customer_state FROM sales") == [
        ("Anita Rao", "23")]


def test_without_the_buyer_a_large_bill_is_not_completed(qtbot: QtBot, window: MainWindow,
                                                         parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    cart = window.billing.cart
    cart.set_quantity(cart.lines[0].line_id, 8 * QTY_SCALE)
    window.billing.refresh()
    when_dialog_opens(lambda d: d.reject() if isinstance(d, QDialog) else None)
    key(qtbot, window, Qt.Key.Key_F12)
    assert rows(parts, "SELECT count(*) FROM sales") == [(0,)]
    assert "₹50,000" in window.billing_view.banner.text()
    assert len(window.billing.cart.lines) == 1  # nothing lost


def test_price_override_needs_a_manager_is_audited_and_retaxed(qtbot: QtBot,
                                                               window: MainWindow,
                                                               parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, KURTA_SKU)  # ₹2,625: 5 % (the band's edge)
    assert window.billing.cart.totals().lines[0].tax.rate_bp == 500  # type: ignore[union-attr]

    def approve(dialog: QWidget) -> None:
        dialog.who.setCurrentIndex(dialog.who.findData("STF-RAMESH"))  # type: ignore[attr-defined]
        dialog.pin.setText("9999")  # type: ignore[attr-defined]
        assert isinstance(dialog, QDialog)
        dialog.accept()

    def reason(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("tag shows the old price")
        when_dialog_opens(approve)
        dialog.accept()

    def price(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        assert "₹2,625.00" in dialog.labelText()
        dialog.setTextValue("3540")
        when_dialog_opens(reason)
        dialog.accept()

    when_dialog_opens(price)
    key(qtbot, window, Qt.Key.Key_F7)
    line = window.billing.cart.totals().lines[0]
    assert (line.line.unit_price, line.line.price_overridden) == (354_000, True)
    assert line.tax is not None and line.tax.rate_bp == 1800  # above the band: 18 %
    assert (line.tax.taxable, line.tax.cgst) == (300_000, 27_000)
    audit = rows(parts, "SELECT staff_id, action, ref, detail FROM audit_log "
                        "WHERE action = 'price.override'")
    assert [(a[0], a[1], a[2]) for a in audit] == [("STF-RAMESH", "price.override", KURTA_SKU)]
    detail = json.loads(str(audit[0][3]))
    assert (detail["old_price"], detail["new_price"], detail["reason"]) == (
        262_500, 354_000, "tag shows the old price")
    assert "₹3,540.00" in window.billing_view.banner.text()
    # the sale carries why and who, for head office's review of price differences
    window.billing.complete([Tender.cash(354_000)])
    payload = json.loads(str(rows(parts, "SELECT payload FROM outbox WHERE type = 'sale'")[0][0]))
    sold = SalePayload.model_validate(payload).lines[0]
    assert (sold.price_overridden, sold.override_reason, sold.override_by) == (
        True, "tag shows the old price", "STF-RAMESH")


def test_a_cashier_cannot_approve_a_price(qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)
    scan(qtbot, window, KURTA_SKU)
    answers = iter(["100", "friend"])

    def text(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(next(answers))
        when_dialog_opens(text if dialog.textValue() == "100" else reject_approval)
        dialog.accept()

    def reject_approval(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        # only managers are offered; Esc leaves the price as it was
        names = [dialog.who.itemData(i) for i in range(dialog.who.count())]  # type: ignore[attr-defined]
        assert "STF-MEENA" not in names
        dialog.reject()

    when_dialog_opens(text)
    key(qtbot, window, Qt.Key.Key_F7)
    assert window.billing.cart.lines[0].unit_price == 262_500


def test_a_scan_during_a_search_goes_to_the_bill(qtbot: QtBot, window: MainWindow) -> None:
    assert split_burst("agarb2000000100012") == ("agarb", "2000000100012")
    assert split_burst("2000000100012") is None and split_burst("KUR-M-0006") is None
    login(qtbot, window)
    box = window.billing_view.scan
    qtbot.keyClicks(box, "agarbatti")
    assert window.billing_view.results.isVisible()
    scan(qtbot, window, SAREE)  # the scanner types over the search and presses Enter
    assert [line.product.barcode for line in window.billing.cart.lines] == [SAREE]
    assert box.text() == "agarbatti"  # the cashier's words are kept, with their results
    assert window.billing_view.results.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # and the search goes on as before
    assert len(window.billing.cart.lines) == 2


def test_prices_changed_at_head_office_are_noticed_and_refreshed_on_request(
        qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    scan(qtbot, window, KURTA_SKU)
    con = sqlite3.connect(parts.store.path)
    with con:  # what an applied catalogue page does to the saree and the kurta
        con.execute("UPDATE products SET mrp = 700000 WHERE sku = (SELECT p.sku FROM products p"
                    " JOIN barcodes b ON b.product_id = p.product_id WHERE b.code = ?)", (SAREE,))
        con.execute("UPDATE products SET mrp = 250000 WHERE sku = ?", (KURTA_SKU,))
    con.close()
    window.billing.catalogue_changed()
    banner = window.billing_view.banner
    assert banner.property("kind") == "notice"
    assert banner.text().startswith("Prices of 2 items changed since this bill started")
    assert [line.unit_price for line in window.billing.cart.lines] == [685_000, 262_500]

    scan(qtbot, window, SAREE)  # a new scan takes today's price, as its own line
    assert [line.unit_price for line in window.billing.cart.lines] == [685_000, 262_500,
                                                                        700_000]
    key(qtbot, window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert [line.unit_price for line in window.billing.cart.lines] == [700_000, 250_000,
                                                                        700_000]
    assert banner.text() == "New prices billed for 2 items"


def test_no_notice_when_nothing_on_the_bill_changed(qtbot: QtBot, window: MainWindow) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    window.billing.catalogue_changed()
    assert window.billing_view.banner.property("kind") == "info"  # still "Added ..."
