"""The one composition root of the till: wires adapters into services and services into the UI.

``emporium-pos demo`` opens the till on a demo database (created and seeded on first run, with
the demo catalogue, the Bhopal outlet, its staff and an opened day), so a new user can log in
with a demo PIN from the README and bill at once. With ``--server URL --code CODE`` (what
``./dev run`` does) it first enrols with that head office, takes its catalogue, staff and
invoice series, and syncs from then on.

``emporium-pos run`` is the real till: the enrolment screen on first start, then billing.

Start-up is on the clock (issue #4: ready to scan within 2 s on a cheap laptop): only what the
first scan needs comes before the window; the printer queue starts and the sync worker is built
(HTTP, wire models, keyring) on their own threads once the window is up. :data:`STARTUP` keeps
the time at the end of each phase (``bench/ui.py`` prints them; the log has the total).
"""

from __future__ import annotations

import argparse
import logging
import socket
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos import __version__

if TYPE_CHECKING:
    from pos.bootstrap import TillParts
    from pos.services.print_queue import PrintRunner
    from pos.store.database import Store
    from pos.sync_wiring import LateSync

log = logging.getLogger("pos")
DEMO_OUTLET = "BPL1"
STARTUP: list[tuple[str, float]] = []  # (phase, time.perf_counter() at its end), in order


def mark(phase: str) -> None:
    """Note that start-up phase ``phase`` just ended."""
    STARTUP.append((phase, time.perf_counter()))


def startup_summary() -> str:
    """Each start-up phase's milliseconds, from the first one noted."""
    spans = [f"{name} {1000 * (at - STARTUP[i - 1][1]):.0f} ms"
             for i, (name, at) in enumerate(STARTUP) if i]
    return "; ".join(spans) if spans else "not timed"


def default_data_dir(name: str = "demo") -> Path:
    from platformdirs import user_data_path

    return user_data_path("emporium-pos", appauthor=False) / name


def run_till(data_dir: Path, lang: str, qt_args: Sequence[str], *, demo: bool,
             server: str = "", code: str = "", label: str = "") -> int:
    """Open the till on ``data_dir``: the enrolment screen first when this till is not yet
    connected to head office (and a server was given, or this is not the offline demo),
    then the billing window with its sync worker and printer."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QMessageBox

    mark("command line read")
    from pos.locale.lang import Lang
    from pos.store.database import StoreError, open_store
    from pos.sync_wiring import enrolled
    from pos.ui.fonts import register_fonts
    from pos.ui.i18n import Translator
    from pos.ui.tasks import ThreadedRunner
    from pos.ui.theme import STYLESHEET

    mark("imports: Qt, the store, the screens' base")
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("Emporium POS")
    app.setFont(QFont(register_fonts(), 11))
    app.setStyleSheet(STYLESHEET)
    translator = Translator(Lang(lang))
    mark("Qt application, font, stylesheet")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        store = open_store(data_dir / "till.db")
        if demo and not server:
            from pos.bootstrap import seed_demo

            seed_demo(store)  # the offline demo: its own catalogue, outlet and staff
    except (StoreError, OSError) as exc:
        QMessageBox.critical(None, "Emporium POS", str(exc))
        return 1
    mark("database opened (migrated only when behind)")
    runner = ThreadedRunner()
    opened: list[TillSession] = []

    def open_till() -> None:
        try:
            opened.append(TillSession.open(store, data_dir, runner, translator, demo=demo))
        except Exception as exc:
            log.exception("the till could not start")
            QMessageBox.critical(None, "Emporium POS", str(exc))
            app.exit(1)

    view: Any = None
    if not enrolled(store) and (server or not demo):
        from pos.sync_wiring import enrolment
        from pos.ui.enrolment_view import EnrolmentView

        view = EnrolmentView(translator, enrolment(store, data_dir), runner)
        view.fill(server, code, label or socket.gethostname()[:40])
        view.resize(1366, 768)

        def switch_to_till() -> None:
            if view is not None:
                view.close()
            open_till()

        def after_enrolment(_done: object) -> None:
            QTimer.singleShot(1200, switch_to_till)  # long enough to read "Connected to …"

        view.enrolled.connect(after_enrolment)
        view.show()
        if demo and server and code:
            QTimer.singleShot(300, view.submit)  # the demo connects by itself
    else:
        open_till()
    code_ = app.exec()
    for session in opened:
        session.close()
    runner.shutdown()
    store.close()
    return code_


@dataclass
class TillSession:
    """A running till: the services, the window, the printer and the sync worker."""

    parts: TillParts
    window: Any
    printing: Any
    sync: LateSync | None

    @classmethod
    def open(cls, store: Store, data_dir: Path, runner: Any, translator: Any, *,
             demo: bool) -> TillSession:
        from pos.bootstrap import build_till
        from pos.printer_wiring import build_printing
        from pos.services.errors import ServiceError
        from pos.store.sync_store import SqlSyncStore
        from pos.sync_wiring import LateSync, keep_outlet_fresh, open_sync
        from pos.ui.main_window import MainWindow
        from pos.ui.printing_controller import PrintingController
        from pos.ui.tasks import ThreadedRunner

        mark("imports: services, screens, printing")
        sync_state = SqlSyncStore(store).state()
        outlet_id = str(sync_state.get("outlet_id") or DEMO_OUTLET)
        parts = build_till(store, outlet_id)
        till = parts.till
        recovered = till.recover_interrupted_bill()
        if recovered is not None:
            log.info("the bill on screen when the till stopped is held as %r", recovered.label)
        if demo:
            try:
                log.info("business day %s is open", till.x_report().day.business_date)
            except ServiceError:
                manager = next(s for s in till.staff() if s.role.value == "manager")
                till.open_day(manager, 500_000)  # the demo opens its day with a ₹5,000 float
        wiring = build_printing(parts, data_dir)
        printing = PrintingController(wiring.runner, ThreadedRunner("till-printer"), translator,
                                      setup=wiring.setup)
        mark("services and print queue wired")
        sync: LateSync | None = None
        if sync_state.get("device_id"):
            def build() -> Any:
                opened = open_sync(store, data_dir)
                if opened is not None:
                    keep_outlet_fresh(opened, store, till)
                return opened

            sync = LateSync(build, till.pending_events, str(sync_state.get("server_url", "")))
        window = MainWindow(till, runner, translator, printing, sync=sync)
        mark("window built")
        window.show()
        window.activateWindow()
        mark("window shown")
        printing.start()  # on the printing thread
        if sync is not None:
            sync.start()  # built and started on its own thread
        log.info("receipts print to %s", wiring.where)
        log.info("start-up: %s", startup_summary())
        return cls(parts, window, printing, sync)

    def close(self) -> None:
        if self.sync is not None:
            self.sync.stop()
        self.printing.runner.shutdown()


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
    demo.add_argument("--server", default="",
                      help="a head office to enrol with (e.g. http://127.0.0.1:8700); without "
                           "it the demo runs offline on its own catalogue")
    demo.add_argument("--code", default="", help="the enrolment code head office printed")
    till = commands.add_parser("run", help="open the till (enrols with head office first)")
    till.add_argument("--data", type=Path, default=None,
                      help="folder of the till's database (default: the user data folder)")
    till.add_argument("--lang", choices=("en", "hi"), default="en")
    till.add_argument("--server", default="", help="head office's address, to prefill")
    sample = commands.add_parser("receipt-sample",
                                 help="write a sample bill as printer bytes (.bin) and PNG")
    sample.add_argument("--width", type=int, choices=(58, 80), default=80)
    sample.add_argument("--out", type=Path, default=Path("."))
    known, rest = parser.parse_known_args(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if known.command == "demo":
        return run_till(known.data or default_data_dir(), known.lang, rest, demo=True,
                        server=known.server, code=known.code)
    if known.command == "run":
        return run_till(known.data or default_data_dir("till"), known.lang, rest, demo=False,
                        server=known.server)
    if known.command == "receipt-sample":
        return receipt_sample(known.width, known.out)
    return 2  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":
    sys.exit(main())
