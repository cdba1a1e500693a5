"""The one composition root of the till: wires adapters into services and services into the UI.

``emporium-pos demo`` opens the till on a demo database (created and seeded on first run, with
the demo catalogue, the Bhopal outlet, its staff and an opened day), so a new user can log in
with a demo PIN from the README and bill at once.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pos import __version__

if TYPE_CHECKING:
    from pos.bootstrap import TillParts
    from pos.services.print_queue import PrintRunner

log = logging.getLogger("pos")


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("emporium-pos", appauthor=False) / "demo"


def run_demo(data_dir: Path, lang: str, qt_args: Sequence[str]) -> int:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QMessageBox

    from pos.bootstrap import open_demo_till
    from pos.locale.lang import Lang
    from pos.services.errors import ServiceError
    from pos.store.database import StoreError
    from pos.ui.fonts import register_fonts
    from pos.ui.i18n import Translator
    from pos.ui.main_window import MainWindow
    from pos.ui.printing_controller import PrintingController
    from pos.ui.tasks import ThreadedRunner
    from pos.ui.theme import STYLESHEET

    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("Emporium POS")
    app.setFont(QFont(register_fonts(), 11))
    app.setStyleSheet(STYLESHEET)
    try:
        parts = open_demo_till(data_dir)
    except StoreError as exc:
        QMessageBox.critical(None, "Emporium POS", str(exc))
        return 1
    till = parts.till
    recovered = till.recover_interrupted_bill()
    if recovered is not None:
        log.info("the bill on screen when the till stopped is held as %r", recovered.label)
    try:
        day = till.x_report().day
        log.info("business day %s is open", day.business_date)
    except ServiceError:
        manager = next(s for s in till.staff() if s.role.value == "manager")
        till.open_day(manager, 500_000)  # the demo opens its day with a ₹5,000 float
    translator = Translator(Lang(lang))
    printing = PrintingController(demo_print_runner(parts, data_dir),
                                  ThreadedRunner("till-printer"), translator)
    runner = ThreadedRunner()
    window = MainWindow(till, runner, translator, printing)
    window.show()
    window.activateWindow()
    printing.start()
    log.info("receipts print to %s", data_dir / "printer")
    code = app.exec()
    printing.runner.shutdown()
    parts.store.close()
    return code


def demo_print_runner(parts: TillParts, data_dir: Path) -> PrintRunner:
    """The demo prints to files: each receipt's exact printer bytes and its PNG."""
    from pos.demo import load_demo_catalogue
    from pos.print_adapter import ReceiptDocumentPrinter
    from pos.printing.connections import FileConnection
    from pos.printing.printer import PrinterSettings, ReceiptPrinter
    from pos.printing.receipt import ReceiptHeader
    from pos.services.print_queue import PrintRunner

    header = ReceiptHeader.from_settings(load_demo_catalogue().outlet(
        parts.till.outlet.outlet_id))
    printer = ReceiptPrinter(FileConnection(data_dir / "printer", "receipt"),
                             PrinterSettings(width_dots=576))
    names = {s.staff_id: s.name for s in parts.till.staff()}
    document_printer = ReceiptDocumentPrinter(parts.till.uow_factory, printer, header,
                                              lambda: names)
    return PrintRunner(parts.till.uow_factory, document_printer)


def receipt_sample(width_mm: int, out: Path) -> int:
    """Write a realistic sample bill as the exact printer bytes and the rendered PNG."""
    from pos.demo import load_demo_catalogue
    from pos.printing.receipt import ReceiptHeader
    from pos.printing.sample import sample_receipt, write_sample

    catalogue = load_demo_catalogue()
    header = ReceiptHeader.from_settings(catalogue.outlet("BPL1"))
    data = sample_receipt(catalogue.products, catalogue.tax_rules, header, on=catalogue.as_of)
    binary, png = write_sample(width_mm, out, data)
    print(f"{binary}\n{png}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="emporium-pos", description="Emporium POS till")
    parser.add_argument("--version", action="version", version=f"emporium-pos {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="open the till on the demo database")
    demo.add_argument("--data", type=Path, default=None,
                      help="folder of the demo database (default: the user data folder)")
    demo.add_argument("--lang", choices=("en", "hi"), default="en")
    sample = commands.add_parser("receipt-sample",
                                 help="write a sample bill as printer bytes (.bin) and PNG")
    sample.add_argument("--width", type=int, choices=(58, 80), default=80)
    sample.add_argument("--out", type=Path, default=Path("."))
    known, rest = parser.parse_known_args(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if known.command == "demo":
        return run_demo(known.data or default_data_dir(), known.lang, rest)
    if known.command == "receipt-sample":
        return receipt_sample(known.width, known.out)
    return 2  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":
    sys.exit(main())
