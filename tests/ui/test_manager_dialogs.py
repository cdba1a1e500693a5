"""The manager's dialogs on their own: a scanner inside the return screen, count boxes that
select their content however the focus came, printer setup's heading and F9, and no English
sentence left on any of them in Hindi (a kiosk session shows no title bar: each says what it
is in its own heading)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts
from pos.domain.payments import Tender
from pos.locale.lang import Lang
from pos.printer_wiring import PrinterWiring, build_printing
from pos.ui.dialogs.close_day import CloseDayDialog
from pos.ui.dialogs.form_parts import CountBox, QuantityBox
from pos.ui.dialogs.printer_setup import PrinterSetupDialog
from pos.ui.dialogs.returns import ReturnDialog
from pos.ui.dialogs.void import VoidConfirmDialog
from pos.ui.i18n import Translator
from pos.ui.main_window import MainWindow
from pos.ui.tasks import InlineRunner
from tests.ui.test_billing_flow import KURTA_SKU, SAREE, key, login, scan
from tests.ui.test_language import DEVANAGARI, latin_words, visible_texts
from tests.ui.test_manager_flows import answer, focus_in, in_turn, press, selected
from tests.ui.test_scanner_wedge import ELEPHANT, SCANNER_MS, Clock, type_keys

BILL = "BPL1A/2627/00001"


def sell_saree_and_two_kurtas(qtbot: QtBot, window: MainWindow) -> None:
    scan(qtbot, window, SAREE)
    scan(qtbot, window, KURTA_SKU)
    key(qtbot, window, Qt.Key.Key_Plus)
    window.billing.complete([Tender.cash(685_000 + 2 * 262_500)])


# -- scans in the return screen ---------------------------------------------------------------
def test_a_scanned_item_comes_back_one_more(qtbot: QtBot, window: MainWindow) -> None:
    """ReturnDialog.take_scan, reached as the main window hands it a scanner's burst typed
    into the quantity box: one more of that line, or a red line saying why not."""
    login(qtbot, window)
    sell_saree_and_two_kurtas(qtbot, window)
    seen: list[tuple[float, float, str]] = []

    def lines(dialog: QWidget) -> None:
        assert isinstance(dialog, ReturnDialog)
        saree, kurtas = dialog.spins
        for code in (SAREE, SAREE, KURTA_SKU, KURTA_SKU.lower(), ELEPHANT):
            focus_in(dialog)
            type_keys(Clock(), code, SCANNER_MS)
            seen.append((saree.value(), kurtas.value(), dialog.problem.text()))
        assert dialog.isVisible()  # the scanner's Enter did not finish the return
        assert focus_in(dialog) is saree and saree.text() == "1"
        press(qtbot, dialog, Qt.Key.Key_Escape)

    in_turn(answer(qtbot, BILL), lines)
    window.manager.take_return()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert seen == [
        (1, 0, ""),
        (1, 0, "All of Chanderi Silk Saree - Peacock Buti is already coming back"),
        (1, 1, ""),
        (1, 2, ""),
        (1, 2, f"Scanned {ELEPHANT}: that item is not on this bill"),
    ]
    assert window._held_scans == [] and not window.billing.cart.lines  # none for the bill


def test_take_scan_answers_false_once_closed(qtbot: QtBot, window: MainWindow,
                                             parts: TillParts) -> None:
    login(qtbot, window)
    sell_saree_and_two_kurtas(qtbot, window)
    dialog = ReturnDialog(None, Translator(), parts.till.find_sale(BILL),
                          lookup=lambda code: parts.till.lookup(code).product_id,
                          runner=InlineRunner())
    qtbot.addWidget(dialog)
    assert dialog.take_scan(f"  {SAREE} ") and dialog.spins[0].value() == 1
    assert not dialog.take_scan("")
    dialog.reject()
    assert not dialog.take_scan(KURTA_SKU) and dialog.spins[1].value() == 0


# -- count boxes ------------------------------------------------------------------------------
@pytest.mark.parametrize("reason", [Qt.FocusReason.OtherFocusReason,
                                    Qt.FocusReason.ActiveWindowFocusReason,
                                    Qt.FocusReason.TabFocusReason])
def test_a_count_box_selects_its_number_however_the_focus_came(
        qtbot: QtBot, reason: Qt.FocusReason) -> None:
    form = QWidget()
    other, count, quantity = CountBox(form), CountBox(form), QuantityBox(form)
    count.setValue(5)
    quantity.setMaximum(9)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    for box, typed_text, value in ((count, "52", 52), (quantity, "2", 2)):
        other.setFocus()
        QApplication.processEvents()
        box.setFocus(reason)
        QApplication.processEvents()
        assert selected(box) == box.text()
        qtbot.keyClicks(box, typed_text)
        assert box.value() == value


# -- printer setup ----------------------------------------------------------------------------
@pytest.fixture
def wiring(parts: TillParts, tmp_path: Path) -> PrinterWiring:
    return build_printing(parts, tmp_path)


@pytest.fixture
def hindi() -> Iterator[Translator]:
    yield Translator(Lang.HI)


def setup_dialog(qtbot: QtBot, wiring: PrinterWiring, translator: Translator
                 ) -> PrinterSetupDialog:
    dialog = PrinterSetupDialog(None, translator, wiring.setup, InlineRunner(),
                                wiring.setup.current(), [])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def english_left(root: QWidget) -> list[str]:
    return [text for text in visible_texts(root)
            if latin_words(text) and not DEVANAGARI.search(text)]


def test_printer_setup_says_what_it_is_and_f9_switches_it(qtbot: QtBot,
                                                          wiring: PrinterWiring) -> None:
    translator = Translator()
    dialog = setup_dialog(qtbot, wiring, translator)
    assert dialog.heading.text() == "Printer setup" and dialog.heading.isVisible()
    dialog.test_button.click()  # the file printer: a result to say again in Hindi
    assert dialog.message.text().startswith("Test page sent to")
    press(qtbot, dialog, Qt.Key.Key_F9)
    assert translator.lang is Lang.HI
    assert dialog.heading.text() == "प्रिंटर सेटअप"
    assert dialog.test_button.text() == "टेस्ट पेज छापें"
    assert dialog.kind.currentText() == "फ़ाइल (डेमो: हर रसीद चित्र के रूप में सहेजता है)"
    assert dialog.message.text().startswith("टेस्ट पेज")
    assert english_left(dialog) == []
    press(qtbot, dialog, Qt.Key.Key_F9)
    assert dialog.save_button.text() == "Save"


# -- every dialog in Hindi --------------------------------------------------------------------
def test_the_managers_dialogs_leave_no_english_in_hindi(qtbot: QtBot, parts: TillParts,
                                                         wiring: PrinterWiring,
                                                         hindi: Translator) -> None:
    till = parts.till
    cart = till.new_cart()
    till.scan(cart, SAREE)
    boss = next(s for s in till.staff() if s.role.value == "manager")
    till.complete(cart, [Tender.cash(685_000)], boss)
    sale = till.find_sale(BILL)
    dialogs: list[QWidget] = [
        ReturnDialog(None, hindi, sale),
        CloseDayDialog(None, hindi, 1_185_000, business_date=sale.business_date),
        VoidConfirmDialog(None, hindi, sale, "ग्राहक ने मन बदला"),
        setup_dialog(qtbot, wiring, hindi),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        left = [text for text in english_left(dialog)
                if "Chanderi" not in text]  # the item's name, shown in both scripts
        assert left == [], type(dialog).__name__
    returns = dialogs[0]
    assert isinstance(returns, ReturnDialog)
    table: QTableWidget = returns.table
    assert table.horizontalHeaderItem(1).text() == "लौट सकता है"
    assert returns.heading.text() == f"बिल {BILL} (22-11-2026, ₹6,850.00) पर वापसी"
