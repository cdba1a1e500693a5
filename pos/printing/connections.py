"""Printer connections: how job bytes get to a printer, and what the printer says back.

Every connection has ``send(data, timeout)`` and ``status(timeout)`` and fails only with
:class:`PrinterError`, whose ``code`` a print-queue runner and the UI can act on:

==============  ===================================================================
code            meaning
==============  ===================================================================
offline         the printer says it is offline (no cause given)
paper_out       the roll is empty
cover_open      the cover is open
printer_error   the printer reports an error (cutter jam, head too hot...)
timeout         no connection, no progress or no answer within the time allowed
refused         nothing listens there (wrong IP or port; printer still booting)
unreachable     no route to the address (wrong network, cable out)
not_found       no such host name, USB device, serial port or Windows printer
disconnected    the connection dropped in the middle of the job
no_access       the OS refused access to the device (USB permission, driver)
unsupported     this connection does not exist on this system (spooler off Windows)
io              any other input/output failure
==============  ===================================================================

``maybe_printed`` says whether some of the job may have reached paper, so a retry should
print it marked DUPLICATE.

Status comes from the printer itself through the real-time query ``DLE EOT n`` (n = 1
printer, 2 offline cause, 3 error cause, 4 roll paper sensor). Over LAN the connection asks
before sending (a printer without paper is not sent a job it would print later, surprising
everyone) and again after: the answer proves the printer read the whole job.

Implementations: :class:`FileConnection` (the demo and test printer: writes ``.bin`` and the
decoded ``.png``), :class:`LanConnection` (TCP 9100), :class:`UsbConnection` and
:class:`SerialConnection` (python-escpos, imported lazily), :class:`WindowsSpoolerConnection`
(RAW through ``win32print``, Windows only).
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

DLE = 0x10
EOT = 0x04


class PrinterError(Exception):
    """A print job or status query that failed; ``code`` is one of the table above."""

    def __init__(self, code: str, message: str = "", *, maybe_printed: bool = False) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message
        self.maybe_printed = maybe_printed

    @property
    def retryable(self) -> bool:
        """Worth retrying later without anyone changing a setting."""
        return self.code not in ("not_found", "no_access", "unsupported")


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What the printer said about itself. ``known`` is False when it cannot say (a file,
    the Windows spooler without a bidirectional driver)."""

    online: bool = True
    paper_out: bool = False
    paper_near_end: bool = False
    cover_open: bool = False
    error: bool = False
    known: bool = True

    @property
    def code(self) -> str:
        """``ok``, or the :class:`PrinterError` code that describes the problem."""
        if self.paper_out:
            return "paper_out"
        if self.cover_open:
            return "cover_open"
        if self.error:
            return "printer_error"
        if not self.online:
            return "offline"
        return "ok"

    @property
    def ready(self) -> bool:
        return self.code == "ok"


UNKNOWN_STATUS = PrinterStatus(known=False)


def status_query(n: int) -> bytes:
    """``DLE EOT n``: ask for status byte ``n`` (1 printer, 2 offline, 3 error, 4 paper)."""
    if n not in (1, 2, 3, 4):
        raise ValueError("DLE EOT n: n is 1-4")
    return bytes((DLE, EOT, n))


def is_status_byte(b: int) -> bool:
    """Status bytes have bits 0 and 7 clear and bits 1 and 4 set (``0xx1xx10``)."""
    return b & 0x93 == 0x12


def parse_status(printer: int, paper: int | None = None, offline: int | None = None,
                 error: int | None = None) -> PrinterStatus:
    """Combine the answers to ``DLE EOT`` 1, 4, 2 and 3 (Epson's bit layout, which the
    ESC/POS clones follow)."""
    is_offline = bool(printer & 0x08)
    paper_out = bool(paper is not None and paper & 0x60 == 0x60)
    near_end = bool(paper is not None and paper & 0x0C == 0x0C)
    cover = bool(offline is not None and offline & 0x04)
    if offline is not None and offline & 0x20:  # stopped because the paper ran out
        paper_out = True
    failed = bool(offline is not None and offline & 0x40)
    if error is not None and error & 0x68:  # cutter, unrecoverable, auto-recoverable
        failed = True
    return PrinterStatus(online=not is_offline, paper_out=paper_out, paper_near_end=near_end,
                         cover_open=cover, error=failed)


def query_status(ask: Callable[[int], int]) -> PrinterStatus:
    """Ask the printer (``ask(n)`` sends ``DLE EOT n`` and returns the answer byte)."""
    printer = ask(1)
    paper = ask(4)
    offline = ask(2) if printer & 0x08 else None
    error = ask(3) if offline is not None and offline & 0x40 else None
    return parse_status(printer, paper, offline, error)


class PrinterConnection(Protocol):
    """How a print job reaches a printer (the print-queue runner's port implements this)."""

    @property
    def name(self) -> str:
        """Where it prints, for people: ``lan://192.168.1.50:9100``."""
        ...

    def send(self, data: bytes, timeout: float = 30.0) -> None:
        """Deliver a whole job within ``timeout`` seconds or raise :class:`PrinterError`."""
        ...

    def status(self, timeout: float = 2.0) -> PrinterStatus:
        """Ask the printer how it is; raise :class:`PrinterError` if it cannot be reached."""
        ...


# --------------------------------------------------------------------------------- file


class FileConnection:
    """The demo and test printer: each job becomes ``<stem>-NNNNN.bin`` (the exact bytes)
    and ``<stem>-NNNNN.png`` (what a printer would print, decoded back from those bytes)."""

    def __init__(self, folder: Path, stem: str = "job", *, png: bool = True) -> None:
        self.folder = Path(folder)
        self.stem = stem
        self.png = png
        self.last: tuple[Path, Path | None] | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return f"file://{self.folder}"

    def _claim(self) -> tuple[Path, int]:
        """The next free job number; ``open(..., 'xb')`` so two tills never share one."""
        existing = [p.stem.rsplit("-", 1)[-1] for p in self.folder.glob(f"{self.stem}-*.bin")]
        number = max((int(n) for n in existing if n.isdigit()), default=0) + 1
        for candidate in range(number, number + 1000):
            path = self.folder / f"{self.stem}-{candidate:05d}.bin"
            try:
                with path.open("xb"):
                    return path, candidate
            except FileExistsError:
                continue
        raise PrinterError("io", f"no free job file name in {self.folder}")

    def send(self, data: bytes, timeout: float = 30.0) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self._lock:
                path, _ = self._claim()
            tmp = path.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        except PrinterError:
            raise
        except PermissionError as exc:
            raise PrinterError("no_access", str(exc)) from exc
        except OSError as exc:
            raise PrinterError("io", str(exc)) from exc
        png_path: Path | None = None
        if self.png:
            from pos.printing.decode import decode
            from pos.printing.render import save_png

            png_path = path.with_suffix(".png")
            image = decode(data).image()
            if not image.isNull():
                try:
                    save_png(image, png_path)
                except OSError as exc:
                    raise PrinterError("io", str(exc), maybe_printed=True) from exc
        self.last = (path, png_path)

    def status(self, timeout: float = 2.0) -> PrinterStatus:
        target = self.folder if self.folder.exists() else self.folder.parent
        if not os.access(target, os.W_OK):
            return PrinterStatus(online=False)
        return PrinterStatus()


# ---------------------------------------------------------------------------------- LAN


def _network_error(exc: BaseException, *, maybe_printed: bool = False,
                   doing: str = "") -> PrinterError:
    where = f" while {doing}" if doing else ""
    if isinstance(exc, TimeoutError | socket.timeout):
        return PrinterError("timeout", f"no answer{where}", maybe_printed=maybe_printed)
    if isinstance(exc, ConnectionRefusedError):
        return PrinterError("refused", f"connection refused{where}")
    if isinstance(exc, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
        return PrinterError("disconnected", f"connection dropped{where}",
                            maybe_printed=maybe_printed)
    if isinstance(exc, socket.gaierror):
        return PrinterError("not_found", f"unknown host{where}: {exc}")
    if isinstance(exc, OSError) and exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH,
                                                  errno.EHOSTDOWN, errno.ENETDOWN):
        return PrinterError("unreachable", f"{exc.strerror}{where}")
    return PrinterError("io", f"{exc}{where}", maybe_printed=maybe_printed)


class LanConnection:
    """A network printer on raw TCP (port 9100), one connection per job.

    Connect within ``connect_timeout``; ask the status (``check_status``); write in chunks,
    each of which must go out before the job's deadline (a printer that stops reading, out
    of paper mid-job, times out instead of hanging the queue); ask the status again, which
    also proves the printer read the last byte; close. Printers that do not answer
    ``DLE EOT`` on the network need ``check_status=False`` (set up on the printer screen).
    """

    CHUNK = 16_384

    def __init__(self, host: str, port: int = 9100, *, connect_timeout: float = 3.0,
                 status_timeout: float = 2.0, check_status: bool = True) -> None:
        self.host = host
        self.port = port
        self.connect_timeout = connect_timeout
        self.status_timeout = status_timeout
        self.check_status = check_status

    @property
    def name(self) -> str:
        return f"lan://{self.host}:{self.port}"

    def _connect(self, timeout: float) -> socket.socket:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=timeout)
        except OSError as exc:
            raise _network_error(exc, doing=f"connecting to {self.name}") from exc
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    @staticmethod
    def _drain(sock: socket.socket) -> None:
        """Drop bytes the printer sent unasked (a ``DLE EOT`` pattern inside raster data is
        answered too), so the next byte read answers our question."""
        sock.setblocking(False)
        try:
            for _ in range(64):
                if not sock.recv(4096):
                    return  # closed: the next read says so
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            sock.setblocking(True)

    @classmethod
    def _ask(cls, sock: socket.socket, n: int, timeout: float, *, maybe_printed: bool) -> int:
        deadline = time.monotonic() + timeout
        try:
            cls._drain(sock)
            sock.sendall(status_query(n))
            for _ in range(64):  # bounded: skip at most 64 unsolicited bytes
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                sock.settimeout(left)
                got = sock.recv(1)
                if not got:
                    raise PrinterError("disconnected", "the printer closed the connection",
                                       maybe_printed=maybe_printed)
                if is_status_byte(got[0]):
                    return got[0]
            raise PrinterError("io", "no status byte in the printer's answer",
                               maybe_printed=maybe_printed)
        except PrinterError:
            raise
        except OSError as exc:
            raise _network_error(exc, maybe_printed=maybe_printed,
                                 doing="waiting for the printer's status") from exc

    def _status(self, sock: socket.socket, timeout: float, *,
                maybe_printed: bool = False) -> PrinterStatus:
        return query_status(lambda n: self._ask(sock, n, timeout, maybe_printed=maybe_printed))

    def send(self, data: bytes, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        sock = self._connect(min(self.connect_timeout, timeout))
        try:
            if self.check_status:
                status = self._status(sock, min(self.status_timeout, timeout))
                if not status.ready:
                    raise PrinterError(status.code, "the printer is not ready")
            view = memoryview(data)
            sent = 0
            try:
                while sent < len(view):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    sock.settimeout(left)
                    chunk = view[sent:sent + self.CHUNK]
                    sock.sendall(chunk)
                    sent += len(chunk)
            except OSError as exc:
                raise _network_error(exc, maybe_printed=sent > 0,
                                     doing=f"sending the job ({sent} of {len(data)} bytes)"
                                     ) from exc
            if self.check_status:
                # The printer answers once it has read up to here: wait for what is left of
                # the job's time (it may still be printing), at least the status timeout.
                wait = max(self.status_timeout, deadline - time.monotonic())
                status = self._status(sock, wait, maybe_printed=True)
                if not status.ready:  # a second opinion: a stray answer may have crossed ours
                    status = self._status(sock, self.status_timeout, maybe_printed=True)
                if not status.ready:
                    raise PrinterError(status.code, "the printer stopped during the job",
                                       maybe_printed=True)
        finally:
            sock.close()

    def status(self, timeout: float = 2.0) -> PrinterStatus:
        sock = self._connect(min(self.connect_timeout, timeout))
        try:
            return self._status(sock, timeout)
        finally:
            sock.close()


# ---------------------------------------------------------------- USB and serial (escpos)


def escpos_printers(cache_dir: Path | None = None) -> ModuleType:
    """``escpos.printer``, imported on first use, with its capabilities cache in a kept
    folder (else every import makes a new temporary directory: DESIGN.md pitfalls)."""
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        folder = cache_dir or Path(tempfile.gettempdir()) / "emporium-pos-escpos"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)
    import escpos.printer

    module: ModuleType = escpos.printer
    return module


def _device_error(exc: BaseException, *, maybe_printed: bool = False) -> PrinterError:
    """python-escpos, pyusb and pyserial failures as :class:`PrinterError`."""
    name = type(exc).__name__
    code = getattr(exc, "errno", None) or getattr(exc, "backend_error_code", None)
    if name in ("DeviceNotFoundError", "USBNotFoundError"):
        return PrinterError("not_found", str(exc))
    if name == "NoBackendError":  # no libusb (or, on Windows, no WinUSB driver)
        return PrinterError("unsupported", f"USB printing needs libusb: {exc}")
    if isinstance(exc, TimeoutError) or name in ("USBTimeoutError", "SerialTimeoutException") \
            or code in (errno.ETIMEDOUT, -7):
        return PrinterError("timeout", str(exc), maybe_printed=maybe_printed)
    if code in (errno.EACCES, errno.EPERM, -3) or isinstance(exc, PermissionError):
        return PrinterError("no_access", str(exc))
    if code in (errno.ENODEV, errno.EPIPE, errno.EIO, -4):
        return PrinterError("disconnected", str(exc), maybe_printed=maybe_printed)
    return PrinterError("io", f"{name}: {exc}", maybe_printed=maybe_printed)


class _EscposConnection:
    """Shared by USB and serial: open, write in chunks, read status bytes, close."""

    CHUNK = 4096

    def _printer(self, timeout: float) -> Any:
        raise NotImplementedError

    def send(self, data: bytes, timeout: float = 30.0) -> None:
        sent = 0
        printer = None
        try:
            printer = self._printer(timeout)
            printer.open()
            for start in range(0, len(data), self.CHUNK):
                printer._raw(data[start:start + self.CHUNK])
                sent = start + self.CHUNK
        except Exception as exc:
            raise _device_error(exc, maybe_printed=sent > 0) from exc
        finally:
            if printer is not None:
                with contextlib.suppress(Exception):  # a dead device must not mask the error
                    printer.close()

    def status(self, timeout: float = 2.0) -> PrinterStatus:
        printer = None
        try:
            printer = self._printer(timeout)
            printer.open()

            def ask(n: int) -> int:
                answer = bytes(printer.query_status(status_query(n)))
                for b in answer:
                    if is_status_byte(b):
                        return b
                raise PrinterError("timeout", "no status answer")

            return query_status(ask)
        except PrinterError:
            raise
        except Exception as exc:
            raise _device_error(exc) from exc
        finally:
            if printer is not None:
                with contextlib.suppress(Exception):
                    printer.close()


class UsbConnection(_EscposConnection):
    """A USB printer through pyusb (python-escpos). On Windows it needs a WinUSB driver
    swap; with the vendor's driver use :class:`WindowsSpoolerConnection`."""

    def __init__(self, vendor_id: int, product_id: int, *, in_ep: int = 0x82,
                 out_ep: int = 0x01) -> None:
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.in_ep = in_ep
        self.out_ep = out_ep

    @property
    def name(self) -> str:
        return f"usb://{self.vendor_id:04x}:{self.product_id:04x}"

    def _printer(self, timeout: float) -> Any:
        return escpos_printers().Usb(self.vendor_id, self.product_id,
                                     timeout=int(timeout * 1000), in_ep=self.in_ep,
                                     out_ep=self.out_ep)


class SerialConnection(_EscposConnection):
    """A serial (RS-232 or USB-serial) printer through pyserial (python-escpos)."""

    def __init__(self, port: str, baudrate: int = 9600, *, rtscts: bool = False) -> None:
        self.port = port
        self.baudrate = baudrate
        self.rtscts = rtscts

    @property
    def name(self) -> str:
        return f"serial://{self.port}?baud={self.baudrate}"

    def _printer(self, timeout: float) -> Any:
        return escpos_printers().Serial(self.port, baudrate=self.baudrate, timeout=timeout,
                                        dsrdtr=not self.rtscts)


# ------------------------------------------------------------------ Windows spooler (RAW)

# winspool.h PRINTER_STATUS_* and PRINTER_ATTRIBUTE_WORK_OFFLINE
_WIN_OFFLINE = 0x00000080
_WIN_PAPER_OUT = 0x00000010
_WIN_PAPER_PROBLEM = 0x00000040
_WIN_DOOR_OPEN = 0x00400000
_WIN_ERROR = 0x00000002
_WIN_NOT_AVAILABLE = 0x00001000
_WIN_ATTR_WORK_OFFLINE = 0x00000400


class WindowsSpoolerConnection:
    """A printer installed in Windows with its vendor driver; the job goes to the spooler
    as RAW data (the driver passes it through untouched). Status is what the spooler
    knows, which with many thermal drivers is little."""

    def __init__(self, printer_name: str) -> None:
        self.printer_name = printer_name

    @property
    def name(self) -> str:
        return f"spooler://{self.printer_name}"

    @staticmethod
    def _win32print() -> Any:
        if sys.platform != "win32":
            raise PrinterError("unsupported", "the Windows spooler exists only on Windows")
        try:
            import win32print  # pywin32, Windows only
        except ImportError as exc:
            raise PrinterError("unsupported", "pywin32 is not installed") from exc
        return win32print

    def send(self, data: bytes, timeout: float = 30.0) -> None:
        win32print = self._win32print()
        try:
            handle = win32print.OpenPrinter(self.printer_name)
        except Exception as exc:
            raise PrinterError("not_found", f"{self.printer_name}: {exc}") from exc
        try:
            win32print.StartDocPrinter(handle, 1, ("Emporium POS receipt", None, "RAW"))
            try:
                win32print.StartPagePrinter(handle)
                written = win32print.WritePrinter(handle, data)
                win32print.EndPagePrinter(handle)
            finally:
                win32print.EndDocPrinter(handle)
            if written != len(data):
                raise PrinterError("io", f"spooler took {written} of {len(data)} bytes",
                                   maybe_printed=True)
        except PrinterError:
            raise
        except Exception as exc:
            raise PrinterError("io", f"spooler: {exc}") from exc
        finally:
            win32print.ClosePrinter(handle)

    def status(self, timeout: float = 2.0) -> PrinterStatus:
        win32print = self._win32print()
        try:
            handle = win32print.OpenPrinter(self.printer_name)
        except Exception as exc:
            raise PrinterError("not_found", f"{self.printer_name}: {exc}") from exc
        try:
            info = win32print.GetPrinter(handle, 2)
        except Exception as exc:
            raise PrinterError("io", f"spooler: {exc}") from exc
        finally:
            win32print.ClosePrinter(handle)
        flags = int(info.get("Status", 0))
        attributes = int(info.get("Attributes", 0))
        return PrinterStatus(
            online=not (flags & (_WIN_OFFLINE | _WIN_NOT_AVAILABLE)
                        or attributes & _WIN_ATTR_WORK_OFFLINE),
            paper_out=bool(flags & (_WIN_PAPER_OUT | _WIN_PAPER_PROBLEM)),
            cover_open=bool(flags & _WIN_DOOR_OPEN),
            error=bool(flags & _WIN_ERROR),
        )
