"""Connections: a fake LAN printer on a free loopback port (a real socket server thread),
the file printer, status bytes, and the printer facade the print-queue runner will call.

No sleeps: servers signal with events and every wait is bounded.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from pos.printing.connections import (
    FileConnection,
    LanConnection,
    PrinterError,
    PrinterStatus,
    SerialConnection,
    UsbConnection,
    WindowsSpoolerConnection,
    is_status_byte,
    parse_status,
    status_query,
)
from pos.printing.decode import decode
from pos.printing.encode import JobOptions, encode_job
from pos.printing.printer import PrinterSettings, ReceiptPrinter
from pos.printing.render import RenderOptions, render_document
from tests.printing import samples
from tests.printing.fake_printer import (
    COVER_OPEN,
    OFFLINE,
    PAPER_END,
    PAPER_NEAR_END,
    QUERIES,
    READY,
    STOPPED_NO_PAPER,
    FakePrinter,
)


@pytest.fixture
def fake_printer() -> Iterator[type[FakePrinter]]:
    made: list[FakePrinter] = []

    class Tracked(FakePrinter):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append(self)

    yield Tracked
    for printer in made:
        printer.close()


@pytest.fixture(scope="module")
def job() -> bytes:
    return encode_job(render_document(samples.fixed_receipt(), 576))


@pytest.fixture(scope="module")
def big_job() -> bytes:
    return encode_job(render_document(samples.long_receipt(60), 576))


def lan(port: int, **kwargs: object) -> LanConnection:
    options: dict[str, object] = {"connect_timeout": 2.0, "status_timeout": 2.0, **kwargs}
    return LanConnection("127.0.0.1", port, **options)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- status


def test_status_bytes() -> None:
    assert status_query(4) == b"\x10\x04\x04"
    assert is_status_byte(READY) and is_status_byte(0x7E) and not is_status_byte(0x00)
    assert parse_status(READY, READY).ready
    near = parse_status(READY, PAPER_NEAR_END)
    assert near.ready and near.paper_near_end
    assert parse_status(OFFLINE, PAPER_END, STOPPED_NO_PAPER).code == "paper_out"
    assert parse_status(OFFLINE, READY, COVER_OPEN).code == "cover_open"
    assert parse_status(OFFLINE, READY, READY | 0x40, READY | 0x08).code == "printer_error"
    assert parse_status(OFFLINE, READY, READY).code == "offline"
    with pytest.raises(ValueError):
        status_query(5)


# -------------------------------------------------------------------------------- LAN


def test_lan_job_arrives_whole_between_two_status_checks(fake_printer: type[FakePrinter],
                                                         job: bytes) -> None:
    printer = fake_printer()
    lan(printer.port).send(job, timeout=10)
    assert printer.done.wait(10) and printer.error is None
    assert bytes(printer.received) == QUERIES + job + QUERIES
    decoded = decode(bytes(printer.received)[len(QUERIES):-len(QUERIES)])
    assert decoded.image() == render_document(samples.fixed_receipt(), 576)


def test_lan_without_status_sends_only_the_job(fake_printer: type[FakePrinter],
                                               job: bytes) -> None:
    printer = fake_printer(answer=False)
    lan(printer.port, check_status=False).send(job, timeout=10)
    assert printer.done.wait(10)
    assert bytes(printer.received) == job


def test_lan_status_query(fake_printer: type[FakePrinter]) -> None:
    printer = fake_printer({4: PAPER_NEAR_END})
    status = lan(printer.port).status(timeout=2)
    assert status == PrinterStatus(paper_near_end=True) and status.ready


@pytest.mark.parametrize(("answers", "code"), [
    ({1: OFFLINE, 4: PAPER_END, 2: STOPPED_NO_PAPER}, "paper_out"),
    ({1: OFFLINE, 2: COVER_OPEN}, "cover_open"),
    ({1: OFFLINE}, "offline"),
])
def test_lan_printer_not_ready_gets_no_job(fake_printer: type[FakePrinter], job: bytes,
                                          answers: dict[int, int], code: str) -> None:
    printer = fake_printer(answers)
    with pytest.raises(PrinterError) as failure:
        lan(printer.port).send(job, timeout=10)
    assert failure.value.code == code and not failure.value.maybe_printed
    assert printer.done.wait(10)
    assert job not in bytes(printer.received) and len(printer.received) <= 9


def test_lan_connection_dropped_mid_job(fake_printer: type[FakePrinter],
                                        big_job: bytes) -> None:
    printer = fake_printer(drop_after=30_000)
    with pytest.raises(PrinterError) as failure:
        lan(printer.port).send(big_job, timeout=10)
    assert failure.value.code == "disconnected"
    assert failure.value.maybe_printed  # part of it may be on paper: reprint as DUPLICATE
    assert printer.done.wait(10)
    assert 30_000 <= len(printer.received) < len(big_job)


def test_lan_refused() -> None:
    with socket.socket() as holder:  # bound, not listening: the port answers with RST
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        with pytest.raises(PrinterError) as failure:
            lan(port).send(b"\x1b@", timeout=5)
    assert failure.value.code == "refused" and failure.value.retryable


def test_lan_printer_that_never_answers_times_out(fake_printer: type[FakePrinter],
                                                  job: bytes) -> None:
    printer = fake_printer(answer=False)
    with pytest.raises(PrinterError) as failure:
        lan(printer.port, status_timeout=0.3).send(job, timeout=5)
    assert failure.value.code == "timeout" and not failure.value.maybe_printed
    assert job not in bytes(printer.received)


def test_lan_printer_that_stops_reading_times_out(fake_printer: type[FakePrinter]) -> None:
    printer = fake_printer(read=False)
    stuck = b"\x00" * (32 << 20)  # far more than the socket buffers hold
    with pytest.raises(PrinterError) as failure:
        lan(printer.port, check_status=False).send(stuck, timeout=0.5)
    assert failure.value.code == "timeout" and failure.value.maybe_printed


def test_lan_unknown_host() -> None:
    with pytest.raises(PrinterError) as failure:
        LanConnection("no-such-printer.invalid", connect_timeout=2).send(b"", timeout=2)
    assert failure.value.code in ("not_found", "timeout", "unreachable")


# ------------------------------------------------------------------------------- file


def test_file_printer_writes_bytes_and_the_decoded_png(tmp_path: Path, job: bytes) -> None:
    printer = FileConnection(tmp_path / "out", stem="receipt")
    printer.send(job)
    printer.send(job)
    assert printer.last is not None
    bin_path, png_path = printer.last
    assert bin_path.name == "receipt-00002.bin" and bin_path.read_bytes() == job
    assert png_path is not None and png_path.exists()
    png = QImage(str(png_path)).convertToFormat(QImage.Format.Format_Mono)
    assert png.width() == 576
    assert decode(job).image() == render_document(samples.fixed_receipt(), 576)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "receipt-00001.bin", "receipt-00001.png", "receipt-00002.bin", "receipt-00002.png"]
    assert printer.status().ready and printer.name.startswith("file://")


# ---------------------------------------------------------------------- the facade


def test_receipt_printer_prints_images_and_stored_bytes(tmp_path: Path) -> None:
    connection = FileConnection(tmp_path)
    printer = ReceiptPrinter(connection, PrinterSettings(
        width_dots=384, render=RenderOptions(darkness=70), job=JobOptions(feed_lines=3)))
    image = printer.print_document(samples.fixed_receipt(), kick_drawer=True)
    assert image.width() == 384
    assert connection.last is not None
    sent = connection.last[0].read_bytes()
    job = decode(sent)
    assert job.names()[:2] == ["init", "kick"] and job.image() == image
    printer.print_job(sent)  # a stored job goes out unchanged
    assert connection.last[0].read_bytes() == sent
    printer.open_drawer()
    assert decode(connection.last[0].read_bytes()).names() == ["init", "kick"]
    page = printer.print_test_page("Counter 1")
    assert page.width() == 384
    with pytest.raises(ValueError):
        printer.print_job(render_document(samples.page_data(), 576))  # wider than the paper


def test_receipt_printer_check_reports_the_printer_code(fake_printer: type[FakePrinter]) -> None:
    printer = fake_printer({1: OFFLINE, 2: COVER_OPEN})
    with pytest.raises(PrinterError) as failure:
        ReceiptPrinter(lan(printer.port)).check()
    assert failure.value.code == "cover_open"


# --------------------------------------------------- devices that cannot be exercised here


@pytest.mark.skipif(sys.platform == "win32", reason="the spooler exists on Windows")
def test_windows_spooler_elsewhere_is_unsupported() -> None:
    with pytest.raises(PrinterError) as failure:
        WindowsSpoolerConnection("EPSON TM-T82").send(b"\x1b@")
    assert failure.value.code == "unsupported" and not failure.value.retryable


def test_serial_port_that_does_not_exist() -> None:
    with pytest.raises(PrinterError) as failure:
        SerialConnection("/dev/no-such-printer").send(b"\x1b@", timeout=1)
    assert failure.value.code == "not_found"


def test_usb_printer_that_is_not_there() -> None:
    with pytest.raises(PrinterError) as failure:
        UsbConnection(0x0416, 0x5011).send(b"\x1b@", timeout=1)
    assert failure.value.code in ("not_found", "unsupported", "no_access")
