"""Printer setup, as a manager uses it: switch to a network printer (a fake one on a free
loopback port), print a test page and open the drawer through the real connection on the
printing thread, save; the running printer switches at once and the settings survive a
restart. Reached from the manager menu behind a manager's PIN."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts, build_till
from pos.domain.payments import Tender
from pos.locale.lang import Lang
from pos.printer_wiring import PrinterWiring, SettingsPrinterStore, build_printing, printer_for
from pos.printing.decode import decode
from pos.printing.receipt import TestPageData
from pos.services.printer_settings import PrinterConfig
from pos.store.database import open_store
from pos.ui.dialogs.printer_setup import PrinterSetupDialog
from pos.ui.i18n import Translator
from pos.ui.main_window import MainWindow
from pos.ui.printing_controller import PrintingController
from pos.ui.tasks import InlineRunner, ThreadedRunner
from tests.printing.fake_printer import FakePrinter
from tests.services.fakes import FixedClock
from tests.ui.conftest import NOON, when_dialog_opens
from tests.ui.test_billing_flow import SAREE, login, scan
from tests.ui.test_manager_flows import approve_as_manager

PRINTED = datetime(2026, 11, 22, 13, 0, tzinfo=UTC)


@pytest.fixture
def printers() -> Iterator[list[FakePrinter]]:
    made: list[FakePrinter] = []
    yield made
    for printer in made:
        printer.close()


@pytest.fixture
def wiring(parts: TillParts, tmp_path: Path) -> PrinterWiring:
    return build_printing(parts, tmp_path, now=lambda: PRINTED)


@pytest.fixture
def controller(wiring: PrinterWiring) -> Iterator[PrintingController]:
    printing = PrintingController(wiring.runner, ThreadedRunner("till-printer"), Translator(),
                                  setup=wiring.setup)
    yield printing
    printing.runner.shutdown()


def open_dialog(qtbot: QtBot, controller: PrintingController,
                translator: Translator | None = None) -> PrinterSetupDialog:
    assert controller.setup is not None
    dialog = PrinterSetupDialog(None, translator or controller.t, controller.setup,
                                controller.runner, controller.setup.current(), [])
    dialog.saved.connect(controller.printer_changed)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose_lan(dialog: PrinterSetupDialog, port: int, width_mm: int = 58) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData("lan"))
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(port)
    dialog.width_mm.setCurrentIndex(dialog.width_mm.findData(width_mm))


def click_and_wait(qtbot: QtBot, dialog: PrinterSetupDialog, button: QWidget) -> None:
    button.click()  # type: ignore[attr-defined]
    assert dialog.busy  # the work went to the printing thread; the GUI thread is free
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)


def test_lan_test_page_drawer_save_and_restart(qtbot: QtBot, parts: TillParts, tmp_path: Path,
                                               wiring: PrinterWiring,
                                               controller: PrintingController,
                                               printers: list[FakePrinter]) -> None:
    assert wiring.where == f"file://{tmp_path / 'printer'}"  # nothing set up yet
    page_printer = FakePrinter()
    printers.append(page_printer)
    dialog = open_dialog(qtbot, controller)
    assert dialog.kind.currentData() == "file" and dialog.width_mm.currentData() == 80
    choose_lan(dialog, page_printer.port)

    click_and_wait(qtbot, dialog, dialog.test_button)
    where = f"lan://127.0.0.1:{page_printer.port}"
    assert dialog.message.text().startswith(f"Test page sent to {where}.")
    assert page_printer.done.wait(10) and page_printer.error is None
    job = decode(bytes(page_printer.received))
    assert job.width == 384  # 58 mm, as chosen, though not saved yet
    config = dialog.form_config()
    page = TestPageData(printer="Network / नेटवर्क", connection=where, printed_at=PRINTED,
                        darkness=55, shop="Mrignayani Emporium, Bhopal")
    assert job.image() == printer_for(config, tmp_path).render(page)

    drawer = FakePrinter()
    printers.append(drawer)
    dialog.port.setValue(drawer.port)
    click_and_wait(qtbot, dialog, dialog.drawer_button)
    assert drawer.done.wait(10)
    assert "kick" in decode(bytes(drawer.received)).names()
    assert dialog.message.text().startswith("Drawer kick sent to")

    counter = FakePrinter()  # the printer the till keeps
    printers.append(counter)
    dialog.port.setValue(counter.port)
    dialog.kick.setChecked(True)
    with qtbot.waitSignal(dialog.finished, timeout=15_000):
        dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert wiring.where == f"lan://127.0.0.1:{counter.port}"  # switched without a restart

    # the next sale prints there, drawer kick included
    till = parts.till
    cart = till.new_cart()
    till.scan(cart, SAREE)
    boss = next(s for s in till.staff() if s.role.value == "manager")
    till.complete(cart, [Tender.cash(685_000)], boss)
    assert wiring.runner.run_pending().printed == 1
    assert counter.done.wait(10)
    sale_job = decode(bytes(counter.received))
    assert sale_job.width == 384 and "kick" in sale_job.names()

    # restart: reopen the database; the settings are still there and used
    parts.store.close()
    store = open_store(parts.store.path)
    try:
        saved = SettingsPrinterStore(store).load()
        assert saved == PrinterConfig(kind="lan", host="127.0.0.1", port=counter.port,
                                      width_mm=58, kick_drawer=True)
        again = build_printing(build_till(store, "BPL1", FixedClock(NOON)), tmp_path)
        assert again.where == f"lan://127.0.0.1:{counter.port}"
        assert again.setup.current() == saved
    finally:
        store.close()


def test_a_dead_printer_is_a_clear_message_in_hindi(qtbot: QtBot,
                                                    controller: PrintingController) -> None:
    hindi = Translator(Lang.HI)
    dialog = open_dialog(qtbot, controller, hindi)
    assert dialog.test_button.text() == "टेस्ट पेज छापें"
    with socket.socket() as unused:  # a loopback port nobody listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    choose_lan(dialog, port)
    click_and_wait(qtbot, dialog, dialog.test_button)
    assert dialog.message.text() == "नहीं हुआ: कनेक्शन अस्वीकार किया"
    assert dialog.isVisible()  # nothing saved, the manager can correct it


def test_bad_settings_are_refused_before_anything_runs(qtbot: QtBot, wiring: PrinterWiring,
                                                       controller: PrintingController) -> None:
    dialog = open_dialog(qtbot, controller)
    dialog.kind.setCurrentIndex(dialog.kind.findData("usb"))
    dialog.usb_vendor.setText("zz")
    dialog.save_button.click()
    assert not dialog.busy
    assert dialog.message.text().startswith("Type the USB vendor and product ids in hex")
    dialog.kind.setCurrentIndex(dialog.kind.findData("lan"))
    dialog.host.setText("")
    click_and_wait(qtbot, dialog, dialog.save_button)
    assert dialog.message.text() == "Type the printer's IP address, like 192.168.1.50"
    assert wiring.setup.settings.load() is None  # nothing was saved
    dialog.kind.setCurrentIndex(dialog.kind.findData("windows"))
    dialog.windows_name.setCurrentText("TVS RP3160 Gold")
    click_and_wait(qtbot, dialog, dialog.test_button)
    assert dialog.message.text() == ("Did not work: Windows printers work only on Windows "
                                     "with pywin32 installed")


def test_reached_from_the_manager_menu_behind_a_manager_pin(qtbot: QtBot, parts: TillParts,
                                                            wiring: PrinterWiring) -> None:
    translator = Translator()
    printing = PrintingController(wiring.runner, InlineRunner(), translator, setup=wiring.setup)
    window = MainWindow(parts.till, InlineRunner(), translator, printing)
    qtbot.addWidget(window)
    window.show()
    login(qtbot, window)  # Meena, a cashier
    scan(qtbot, window, SAREE)
    titles = [a.text() for a in window.manager.menu().actions()]
    assert "Printer setup…" in titles and "Print the X report" in titles
    seen: list[QWidget] = []

    def setup_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, PrinterSetupDialog)
        seen.append(dialog)
        dialog.width_mm.setCurrentIndex(dialog.width_mm.findData(58))
        dialog.save_button.click()  # inline runner: saved at once

    def approve(dialog: QWidget) -> None:
        approve_as_manager(dialog)
        when_dialog_opens(setup_dialog)

    when_dialog_opens(approve)
    window.manager.printer_setup()
    assert seen and wiring.setup.current().width_mm == 58
    assert "58 mm" in window.billing_view.banner.text()
    assert window.model.rowCount() == 1  # the bill on screen is untouched


def test_help_lists_printer_setup(qtbot: QtBot) -> None:
    from pos.ui.dialogs.help import HelpDialog

    dialog = HelpDialog(None, Translator(Lang.HI))
    qtbot.addWidget(dialog)
    texts = " ".join(w.text() for w in dialog.findChildren(QWidget)
                     if hasattr(w, "text") and isinstance(w.text(), str))
    assert "प्रिंटर सेटअप" in texts
    assert QApplication.instance() is not None
