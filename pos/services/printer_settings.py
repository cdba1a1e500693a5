"""The printer set up on this till: which connection, paper width, darkness, drawer kick.

The settings are plain data (:class:`PrinterConfig`), kept in the till database behind the
:class:`PrinterSettingsStore` port, and applied to the running printer through the
:class:`PrinterControl` port without a restart. The setup screen talks only to
:class:`PrinterSetup`, never to the store or to :mod:`pos.printing`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Protocol

from pos.services.errors import ServiceError

KINDS = ("file", "lan", "usb", "serial", "windows")
WIDTHS_MM = (58, 80)
BAUDS = (9600, 19200, 38400, 57600, 115200)
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-]{0,252})$")


@dataclass(frozen=True, slots=True)
class PrinterConfig:
    """One printer's settings. Only the fields of ``kind`` matter; the others are kept so
    switching back and forth in the setup screen loses nothing."""

    kind: str = "file"  # file | lan | usb | serial | windows
    folder: str = ""  # file: where jobs go ("" = <data>/printer)
    host: str = ""  # lan
    port: int = 9100
    usb_vendor: int = 0  # usb: vendor and product ids (shown as hex: 04b8:0202)
    usb_product: int = 0
    serial_port: str = ""  # serial: COM3, /dev/ttyUSB0
    baud: int = 9600
    windows_name: str = ""  # windows: the printer's name in Windows
    width_mm: int = 80  # 58 or 80
    darkness: int = 55  # 0-100
    kick_drawer: bool = False  # open the cash drawer for a bill paid (partly) in cash

    @property
    def width_dots(self) -> int:
        return 384 if self.width_mm == 58 else 576

    def where(self) -> str:
        """Where it prints, for people: ``lan://192.168.1.50:9100``."""
        if self.kind == "lan":
            return f"lan://{self.host}:{self.port}"
        if self.kind == "usb":
            return f"usb://{self.usb_vendor:04x}:{self.usb_product:04x}"
        if self.kind == "serial":
            return f"serial://{self.serial_port}?baud={self.baud}"
        if self.kind == "windows":
            return f"spooler://{self.windows_name}"
        return f"file://{self.folder}" if self.folder else "file://"

    def validated(self) -> PrinterConfig:
        """This config with its text fields trimmed, or a :class:`ServiceError` naming the
        first field that is wrong (``printer_bad_<field>``)."""
        c = replace(self, folder=self.folder.strip(), host=self.host.strip(),
                    serial_port=self.serial_port.strip(),
                    windows_name=self.windows_name.strip())
        if c.kind not in KINDS:
            raise ServiceError("printer_bad_kind", f"unknown connection {c.kind!r}")
        if c.width_mm not in WIDTHS_MM:
            raise ServiceError("printer_bad_width", "paper is 58 or 80 mm")
        if not 0 <= c.darkness <= 100:
            raise ServiceError("printer_bad_darkness", "darkness is 0-100")
        if c.kind == "lan":
            if not c.host or not _HOST.match(c.host):
                raise ServiceError("printer_bad_host", f"not a host name or address: {c.host!r}")
            if not 1 <= c.port <= 65535:
                raise ServiceError("printer_bad_port", f"not a TCP port: {c.port}")
        elif c.kind == "usb":
            if not (0 < c.usb_vendor <= 0xFFFF and 0 < c.usb_product <= 0xFFFF):
                raise ServiceError("printer_bad_usb", "give the vendor and product ids")
        elif c.kind == "serial":
            if not c.serial_port:
                raise ServiceError("printer_bad_serial", "give the serial port")
            if c.baud not in BAUDS:
                raise ServiceError("printer_bad_baud", f"unusual baud rate {c.baud}")
        elif c.kind == "windows" and not c.windows_name:
            raise ServiceError("printer_bad_windows", "give the Windows printer name")
        return c

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: Any) -> PrinterConfig:
        """From stored JSON; unknown keys are ignored and missing ones take their defaults,
        so settings written by an older or newer till still load."""
        if not isinstance(data, dict):
            return cls()
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            # the stored value must have the field's type (bool is not taken for an int)
            if type(value) is type(getattr(defaults, f.name)):
                values[f.name] = value
        return cls(**values)


DEFAULT = PrinterConfig()
"""What a till prints with before anyone set up a printer: the file printer, 80 mm."""


def parse_usb_id(text: str) -> int:
    """``"04b8"`` or ``"0x04B8"`` → 0x04B8; raises ``ValueError``."""
    value = int(text.strip().lower().removeprefix("0x") or "x", 16)
    if not 0 < value <= 0xFFFF:
        raise ValueError(f"USB id out of range: {text}")
    return value


class PrinterSettingsStore(Protocol):
    """Where the till keeps its printer settings (the till database's settings table)."""

    def load(self) -> PrinterConfig | None:
        """The saved settings, or None when no printer was ever set up."""
        ...

    def save(self, config: PrinterConfig) -> None: ...


class PrinterControl(Protocol):
    """The printer as the setup screen uses it (the composition root implements it over
    :mod:`pos.printing`). Methods raise :class:`~pos.services.print_queue.PrintFailure`."""

    def apply(self, config: PrinterConfig) -> None:
        """From now on the print queue prints with ``config``."""
        ...

    def test_page(self, config: PrinterConfig) -> None:
        """Print the test page on the printer ``config`` describes (saved or not)."""
        ...

    def open_drawer(self, config: PrinterConfig) -> None:
        """Kick the cash drawer attached to that printer."""
        ...

    def windows_printers(self) -> list[str]:
        """Printers installed in Windows (empty elsewhere)."""
        ...


class PrinterSetup:
    """The use cases of the printer setup screen. Run them off the GUI thread: they touch
    the database and the printer."""

    def __init__(self, settings: PrinterSettingsStore, control: PrinterControl,
                 default: PrinterConfig = DEFAULT) -> None:
        self.settings = settings
        self.control = control
        self.default = default

    def current(self) -> PrinterConfig:
        """The saved settings, or the default when none were saved."""
        return self.settings.load() or self.default

    def save(self, config: PrinterConfig) -> PrinterConfig:
        """Check, store (survives restarts) and switch the running printer to ``config``."""
        good = config.validated()
        self.settings.save(good)
        self.control.apply(good)
        return good

    def test_page(self, config: PrinterConfig) -> PrinterConfig:
        good = config.validated()
        self.control.test_page(good)
        return good

    def open_drawer(self, config: PrinterConfig) -> PrinterConfig:
        good = config.validated()
        self.control.open_drawer(good)
        return good

    def windows_printers(self) -> list[str]:
        return self.control.windows_printers()
