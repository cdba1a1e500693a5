"""A receipt printer: a connection plus the paper width, darkness, cut and drawer settings.

The print-queue runner (in ``pos.services``) calls :meth:`ReceiptPrinter.print_job` with a
rendered image or stored job bytes, and gets either success or a :class:`PrinterError` with
a ``code`` it can show and decide on (retry later, ask for paper, mark the reprint DUPLICATE
when ``maybe_printed``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from PySide6.QtGui import QImage

from pos.printing.connections import PrinterConnection, PrinterError, PrinterStatus
from pos.printing.encode import DrawerPin, JobOptions, drawer_job, encode_job
from pos.printing.layout import Document
from pos.printing.receipt import TestPageData
from pos.printing.render import RenderOptions, render_document

__all__ = ["PrinterError", "PrinterSettings", "ReceiptPrinter"]


@dataclass(frozen=True, slots=True)
class PrinterSettings:
    width_dots: int = 576  # 384 for 58 mm
    render: RenderOptions = field(default_factory=RenderOptions)
    job: JobOptions = field(default_factory=JobOptions)
    timeout: float = 30.0  # seconds for one whole job
    status_timeout: float = 2.0


class ReceiptPrinter:
    def __init__(self, connection: PrinterConnection,
                 settings: PrinterSettings | None = None) -> None:
        self.connection = connection
        self.settings = settings or PrinterSettings()

    @property
    def name(self) -> str:
        return self.connection.name

    def render(self, doc: Document) -> QImage:
        """The document as this printer prints it (also the on-screen preview)."""
        return render_document(doc, self.settings.width_dots, self.settings.render)

    def encode(self, image: QImage, *, kick_drawer: bool = False) -> bytes:
        if image.width() > self.settings.width_dots:
            raise ValueError(f"image {image.width()} dots wide on {self.settings.width_dots}"
                             "-dot paper")
        options = self.settings.job
        if kick_drawer:
            options = replace(options, kick_drawer=True)
        return encode_job(image, options)

    def print_job(self, job: QImage | bytes, *, kick_drawer: bool = False) -> None:
        """Print a rendered image (encoded with this printer's settings) or job bytes as
        they are. Raises :class:`PrinterError`."""
        data = job if isinstance(job, bytes | bytearray) else self.encode(job,
                                                                          kick_drawer=kick_drawer)
        self.connection.send(bytes(data), self.settings.timeout)

    def print_document(self, doc: Document, *, kick_drawer: bool = False) -> QImage:
        """Render and print; returns the image (keep it for preview and reprint)."""
        image = self.render(doc)
        self.print_job(image, kick_drawer=kick_drawer)
        return image

    def print_test_page(self, label: str, *, shop: str = "",
                        now: datetime | None = None) -> QImage:
        """The setup screen's test print: width ruler, darkness, Hindi shaping, a QR."""
        page = TestPageData(printer=label, connection=self.name,
                            printed_at=now or datetime.now().astimezone(),
                            darkness=self.settings.render.darkness, shop=shop)
        return self.print_document(page)

    def open_drawer(self, pin: DrawerPin | None = None) -> None:
        self.connection.send(drawer_job(pin if pin is not None else self.settings.job.drawer_pin),
                             self.settings.timeout)

    def status(self) -> PrinterStatus:
        return self.connection.status(self.settings.status_timeout)

    def check(self) -> None:
        """Raise :class:`PrinterError` unless the printer says it is ready."""
        status = self.status()
        if status.known and not status.ready:
            raise PrinterError(status.code, "the printer is not ready")
