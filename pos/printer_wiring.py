"""Putting the till's printing together: the printer set up on this till (or the file printer
when none was), the receipt header from the outlet's settings, the durable print queue and
the setup screen's service.

Composition level, like :mod:`pos.print_adapter`: it may import the store and printing. The
composition root calls :func:`build_printing` once::

    wiring = build_printing(parts, data_dir)
    printing = PrintingController(wiring.runner, ThreadedRunner("till-printer"), translator,
                                  setup=wiring.setup)
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from pos.domain.outlet import Outlet
from pos.locale.lang import Lang
from pos.print_adapter import OutboxEvents, ReceiptDocumentPrinter
from pos.printing.connections import (
    FileConnection,
    LanConnection,
    PrinterConnection,
    PrinterError,
    SerialConnection,
    UsbConnection,
    WindowsSpoolerConnection,
)
from pos.printing.labels import label
from pos.printing.printer import PrinterSettings, ReceiptPrinter
from pos.printing.receipt import ReceiptHeader
from pos.printing.render import RenderOptions
from pos.services.clock import IST
from pos.services.print_queue import PrintFailure, PrintRunner
from pos.services.printer_settings import DEFAULT, PrinterConfig, PrinterSetup
from pos.store.database import Store
from pos.store.settings_repo import OUTLET_PROFILE, PRINTER, get_setting, set_setting

if TYPE_CHECKING:
    from pos.bootstrap import TillParts

log = logging.getLogger(__name__)


# -- settings -------------------------------------------------------------------------------


class SettingsPrinterStore:
    """:class:`~pos.services.printer_settings.PrinterSettingsStore` over the till database's
    settings table (key ``printer``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self) -> PrinterConfig | None:
        with self.store.reading() as conn:
            data = get_setting(conn, PRINTER)
        return None if data is None else PrinterConfig.from_data(data)

    def save(self, config: PrinterConfig) -> None:
        with self.store.transaction() as conn:
            set_setting(conn, PRINTER, config.to_data())


# -- the printer a config describes -----------------------------------------------------------


def connection_for(config: PrinterConfig, data_dir: Path) -> PrinterConnection:
    if config.kind == "lan":
        return LanConnection(config.host, config.port)
    if config.kind == "usb":
        return UsbConnection(config.usb_vendor, config.usb_product)
    if config.kind == "serial":
        return SerialConnection(config.serial_port, config.baud)
    if config.kind == "windows":
        return WindowsSpoolerConnection(config.windows_name)
    folder = Path(config.folder) if config.folder else data_dir / "printer"
    return FileConnection(folder, "receipt")


def printer_for(config: PrinterConfig, data_dir: Path) -> ReceiptPrinter:
    return ReceiptPrinter(connection_for(config, data_dir),
                          PrinterSettings(width_dots=config.width_dots,
                                          render=RenderOptions(darkness=config.darkness)))


def windows_printers() -> list[str]:
    """The printers installed in Windows, through pywin32 (imported only here, only on
    Windows); empty elsewhere or when pywin32 is missing."""
    if sys.platform != "win32":
        return []
    try:
        import win32print  # pywin32, Windows only
    except ImportError:
        return []
    flags = win32print.PRINTER_ENUM_LOCAL | win32print.PRINTER_ENUM_CONNECTIONS
    try:
        return sorted(str(p[2]) for p in win32print.EnumPrinters(flags))
    except Exception:  # the spooler service stopped: nothing to offer
        log.exception("could not list the Windows printers")
        return []


class LivePrinterControl:
    """:class:`~pos.services.printer_settings.PrinterControl`: switches the queue's printer
    and prints the setup screen's test page and drawer kick on the printer being set up."""

    def __init__(self, document_printer: ReceiptDocumentPrinter, data_dir: Path,
                 now: Callable[[], datetime] | None = None) -> None:
        self.document_printer = document_printer
        self.data_dir = data_dir
        self.now = now or (lambda: datetime.now(IST))

    def apply(self, config: PrinterConfig) -> None:
        self.document_printer.use(printer_for(config, self.data_dir), config.kick_drawer)
        log.info("printing to %s, %d mm", config.where(), config.width_mm)

    def test_page(self, config: PrinterConfig) -> None:
        printer = printer_for(config, self.data_dir)
        header = self.document_printer.current_header()
        try:
            printer.print_test_page(label(f"printer_{config.kind}", (Lang.EN, Lang.HI)),
                                    shop=header.trade_name_en
                                    or header.legal_name_en, now=self.now())
        except PrinterError as exc:
            raise PrintFailure(exc.code, exc.message, maybe_printed=exc.maybe_printed) from exc

    def open_drawer(self, config: PrinterConfig) -> None:
        try:
            printer_for(config, self.data_dir).open_drawer()
        except PrinterError as exc:
            raise PrintFailure(exc.code, exc.message) from exc

    def windows_printers(self) -> list[str]:
        return windows_printers()


# -- the receipt header ------------------------------------------------------------------------


def fallback_header(outlet: Outlet) -> ReceiptHeader:
    """Before head office sent the outlet's profile: the demo catalogue's outlet of that id
    (the demo), else what the till knows of its outlet."""
    from pos.demo import load_demo_catalogue

    try:
        return ReceiptHeader.from_settings(load_demo_catalogue().outlet(outlet.outlet_id))
    except (KeyError, OSError, ValueError):
        header = ReceiptHeader.from_settings(outlet)
        return header if header.legal_name_en else ReceiptHeader.from_settings(
            SimpleNamespace(legal_name=outlet.name_en, name_hi=outlet.name_hi,
                            gstin=outlet.gstin, state_code=outlet.state_code,
                            address=outlet.address, upi_vpa=outlet.upi_vpa))


def header_from_profile(profile: Any) -> ReceiptHeader | None:
    """The header from head office's outlet record (``OutletData`` as JSON), or None when
    the record is missing or unusable (no GSTIN: a receipt without one is not an invoice)."""
    if not isinstance(profile, dict) or not profile.get("gstin"):
        return None
    return ReceiptHeader.from_settings(SimpleNamespace(**{
        k: v for k, v in profile.items() if isinstance(k, str) and k.isidentifier()}))


def outlet_header(store: Store, outlet: Outlet) -> Callable[[], ReceiptHeader]:
    """A function giving the header to print now: the ``outlet_profile`` setting, read fresh
    each time (head office's change shows on the next receipt), else the fallback."""
    fallback: list[ReceiptHeader] = []

    def header() -> ReceiptHeader:
        with store.reading() as conn:
            found = header_from_profile(get_setting(conn, OUTLET_PROFILE))
        if found is not None:
            return found
        if not fallback:
            fallback.append(fallback_header(outlet))
        return fallback[0]

    return header


# -- all of it --------------------------------------------------------------------------------


@dataclass
class PrinterWiring:
    runner: PrintRunner  # the durable queue (what PrintingController drives)
    setup: PrinterSetup  # the setup screen's use cases
    document_printer: ReceiptDocumentPrinter
    config: PrinterConfig  # what it prints with at start

    @property
    def where(self) -> str:
        return self.document_printer.printer.name


def build_printing(parts: TillParts, data_dir: Path, *, lang: Lang = Lang.EN,
                   now: Callable[[], datetime] | None = None) -> PrinterWiring:
    """The print queue on the printer saved on this till (settings key ``printer``), or on
    the file printer in ``<data_dir>/printer`` at 80 mm when none was ever set up."""
    settings = SettingsPrinterStore(parts.store)
    config = settings.load() or DEFAULT
    till = parts.till

    def names() -> dict[str, str]:
        return {s.staff_id: s.name for s in till.staff()}

    document_printer = ReceiptDocumentPrinter(
        till.uow_factory, printer_for(config, data_dir), outlet_header(parts.store, till.outlet),
        names, lang, now, events=OutboxEvents(parts.store), kick_drawer=config.kick_drawer)
    control = LivePrinterControl(document_printer, data_dir, now)
    return PrinterWiring(PrintRunner(till.uow_factory, document_printer),
                         PrinterSetup(settings, control, DEFAULT), document_printer, config)
