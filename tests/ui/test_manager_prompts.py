"""The manager's prompts (F10) by keyboard: cash paid in and out, voiding a bill, opening the
day, the X report. A mistake asks again with what was typed; each prompt says what it is for
in its own label (a kiosk session shows no title bar); every banner is said again on F9."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts
from pos.domain.payments import Tender
from pos.ui.dialogs.void import VoidConfirmDialog
from pos.ui.main_window import MainWindow
from tests.services.fakes import FixedClock
from tests.ui.conftest import when_dialog_opens
from tests.ui.test_billing_flow import SAREE, key, login, rows, scan
from tests.ui.test_manager_flows import (
    answer,
    choose,
    focus_in,
    in_turn,
    pin,
    press,
    says,
    sell_one,
)

BILL = "BPL1A/2627/00001"


def watch(seen: list[str]) -> list[bool]:
    """Note any dialog that opens (there should be none) and close it, until the list
    returned is given a value (the watch then leaves later tests' dialogs alone)."""
    stop: list[bool] = []

    def note(dialog: QWidget) -> None:
        if not stop:
            seen.append(type(dialog).__name__)
            dialog.close()
    when_dialog_opens(note, tries=20)
    return stop


# -- cash paid in and out ---------------------------------------------------------------------
def test_paid_out_without_a_reason_asks_again_and_keeps_the_amount(
        qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    login(qtbot, window)
    labels: list[str] = []
    kept: list[str] = []

    def amount_again(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        kept.append(dialog.textValue())
        answer(qtbot, "250", labels)(dialog)

    in_turn(answer(qtbot, "two fifty", labels), amount_again,
            answer(qtbot, "", labels),  # Enter with no reason
            answer(qtbot, "courier for the Delhi order", labels), pin(qtbot))
    choose(qtbot, window, "Cash paid out…")
    assert labels == [
        "Cash paid out — amount taken from the drawer",
        "Type an amount, like 500 or 1,250.50\n\nCash paid out — amount taken from the drawer",
        "Cash paid out: ₹250.00 — reason (what it paid for)",
        "Give a reason\n\nCash paid out: ₹250.00 — reason (what it paid for)",
    ]
    assert kept == ["two fifty"]  # what was typed, to correct
    assert rows(parts, "SELECT kind, amount, reason FROM cash_movements") == [
        ("paid_out", 25_000, "courier for the Delhi order")]
    says(qtbot, window, "Paid out ₹250.00 from the drawer: courier for the Delhi order",
         "दराज़ से ₹250.00 निकासी: courier for the Delhi order")


def test_paid_in_says_what_it_is_in_hindi(qtbot: QtBot, window: MainWindow,
                                          parts: TillParts) -> None:
    login(qtbot, window)
    key(qtbot, window, Qt.Key.Key_F9)
    labels: list[str] = []
    in_turn(answer(qtbot, "1000", labels), answer(qtbot, "change from the bank", labels),
            pin(qtbot))
    choose(qtbot, window, "नकद जमा…")
    assert labels == ["नकद जमा — दराज़ में रखी राशि", "नकद जमा: ₹1,000.00 — कारण (कहाँ से आया)"]
    assert window.billing_view.banner.text() == "दराज़ में ₹1,000.00 जमा: change from the bank"


def test_paying_out_more_than_the_drawer_holds_asks_the_amount_again(
        qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    login(qtbot, window)  # the drawer holds the ₹5,000 float
    labels: list[str] = []
    in_turn(answer(qtbot, "9000", labels), answer(qtbot, "tea", labels), pin(qtbot),
            answer(qtbot, "90", labels), answer(qtbot, "tea", labels), pin(qtbot))
    window.manager.cash("paid_out")
    assert labels[2].startswith("The drawer does not hold that much cash\n\n")
    assert rows(parts, "SELECT amount, reason FROM cash_movements") == [(9_000, "tea")]


# -- voiding a bill ---------------------------------------------------------------------------
def test_a_void_looks_the_bill_up_before_the_reason_and_confirms(
        qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    """Review: typing 4, then a reason, only then "No bill with number 4"; and once the
    reason was typed the bill was voided at once, with no look at it."""
    login(qtbot, window)
    sell_one(qtbot, window)
    labels: list[str] = []
    shown: dict[str, str] = {}

    def keep(dialog: QWidget) -> None:
        assert isinstance(dialog, VoidConfirmDialog)
        shown["heading"] = dialog.heading.text()
        shown["details"] = dialog.details.text()
        assert focus_in(dialog) is dialog.keep_button
        press(qtbot, dialog, Qt.Key.Key_Return)  # Enter: the default is not to void

    in_turn(answer(qtbot, "4", labels), answer(qtbot, BILL, labels),
            answer(qtbot, "", labels), answer(qtbot, "customer changed mind", labels), keep)
    choose(qtbot, window, "Void a bill of today…")
    assert labels == [
        "Void a bill of today — its number (or scan the receipt QR)",
        "No bill with number 4\n\nVoid a bill of today — its number (or scan the receipt QR)",
        f"Void bill {BILL} (₹6,850.00) — reason",
        f"Give a reason\n\nVoid bill {BILL} (₹6,850.00) — reason",
    ]
    assert shown["heading"] == f"Void bill {BILL}?"
    assert shown["details"] == ("Sold 22-11-2026 · 1 items · ₹6,850.00\nPaid by Cash ₹6,850.00\n"
                                "Reason: customer changed mind")
    assert rows(parts, "SELECT status FROM sales") == [("completed",)]
    assert window.billing_view.banner.text() == f"Bill {BILL} was not voided"

    def escape(dialog: QWidget) -> None:
        assert isinstance(dialog, VoidConfirmDialog)
        press(qtbot, dialog, Qt.Key.Key_Escape)

    in_turn(answer(qtbot, BILL), answer(qtbot, "customer changed mind"), escape)
    window.manager.void()
    assert rows(parts, "SELECT status FROM sales") == [("completed",)]

    def void_it(dialog: QWidget) -> None:
        assert isinstance(dialog, VoidConfirmDialog)
        press(qtbot, dialog, Qt.Key.Key_Tab)
        assert focus_in(dialog) is dialog.void_button
        press(qtbot, dialog, Qt.Key.Key_Return)

    in_turn(answer(qtbot, BILL), answer(qtbot, "customer changed mind"), void_it, pin(qtbot))
    window.manager.void()
    assert rows(parts, "SELECT status FROM sales") == [("voided",)]
    says(qtbot, window, f"Bill {BILL} voided. Give back ₹6,850.00 cash",
         f"बिल {BILL} रद्द। ₹6,850.00 नकद लौटाएँ")


def test_a_voided_split_bill_says_what_to_refund_each_way(qtbot: QtBot, window: MainWindow,
                                                         parts: TillParts) -> None:
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    window.billing.complete([Tender.upi(600_000, "412345678901"), Tender.cash(100_000)])

    def void_it(dialog: QWidget) -> None:
        assert isinstance(dialog, VoidConfirmDialog)
        assert "Paid by UPI ₹6,000.00 + Cash ₹850.00" in dialog.details.text()
        press(qtbot, dialog, Qt.Key.Key_Tab)
        press(qtbot, dialog, Qt.Key.Key_Return)

    in_turn(answer(qtbot, BILL), answer(qtbot, "billed twice"), void_it, pin(qtbot))
    window.manager.void()
    assert window.billing_view.banner.text() == (
        f"Bill {BILL} voided. Refund the UPI payment of ₹6,000.00 (ref. 412345678901); "
        "Give back ₹850.00 cash")


def test_an_already_voided_bill_is_said_before_any_reason(qtbot: QtBot, window: MainWindow,
                                                          parts: TillParts) -> None:
    login(qtbot, window)
    sell_one(qtbot, window)
    manager = next(s for s in parts.till.staff() if s.role.value == "manager")
    sale = parts.till.find_sale(BILL)
    parts.till.void(sale.sale_id, manager, "test")
    labels: list[str] = []

    def give_up(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        labels.append(dialog.labelText())
        assert dialog.textValue() == BILL
        press(qtbot, dialog, Qt.Key.Key_Escape)

    in_turn(answer(qtbot, BILL), give_up)
    window.manager.void()
    assert labels[0].startswith("This bill is already voided\n\n")


# -- opening the day --------------------------------------------------------------------------
def test_opening_an_open_day_says_so_at_once(qtbot: QtBot, window: MainWindow) -> None:
    """Review: it asked for a float and a manager's PIN, and only then said "already open"."""
    login(qtbot, window)
    seen: list[str] = []
    stop = watch(seen)
    window.manager.open_day()
    stop.append(True)
    assert seen == []  # no float, no PIN asked
    says(qtbot, window, "The day of 22-11-2026 is already open: nothing to do",
         "22-11-2026 का दिन पहले से खुला है: कुछ करना नहीं")


def test_opening_the_next_day_asks_the_float_again_when_it_is_not_an_amount(
        qtbot: QtBot, window: MainWindow, parts: TillParts) -> None:
    login(qtbot, window)
    manager = next(s for s in parts.till.staff() if s.role.value == "manager")
    parts.till.close_day(manager, {"note:50000": 10})  # the ₹5,000 float, as expected
    clock = parts.till.clock
    assert isinstance(clock, FixedClock)
    clock.advance(days=1)
    labels: list[str] = []
    in_turn(answer(qtbot, "five thousand", labels), answer(qtbot, "4500", labels), pin(qtbot))
    window.manager.open_day()
    assert labels == [
        "Open the day 23-11-2026 — opening cash (float) in the drawer",
        "Type an amount, like 500 or 1,250.50\n\nOpen the day 23-11-2026 — opening cash "
        "(float) in the drawer"]
    assert window.billing_view.banner.text() == "Day opened with ₹4,500.00"


# -- the X report -----------------------------------------------------------------------------
def test_the_x_report_has_a_heading_with_its_date_and_time(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    login(qtbot, window)
    sell_one(qtbot, window)
    shown: list[str] = []

    def report(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        shown.append(dialog.text())
        press(qtbot, dialog, Qt.Key.Key_Escape)

    in_turn(pin(qtbot), report)
    choose(qtbot, window, "X report (the day so far)")
    assert shown[0].startswith("<h2>X report — the day of 22-11-2026, as of 12:00</h2>")
    assert "Expected cash in drawer: ₹11,850.00" in shown[0]
