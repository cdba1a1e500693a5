"""The print queue's printer, as the composition root wires it: loads a job's document from
the till store, renders it with :mod:`pos.printing` and sends it to the configured printer.

It lives beside the composition root because it joins the store (documents) and printing,
which must not import each other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pos.domain.codec import sale_from_payload
from pos.locale.lang import Lang
from pos.printing.connections import PrinterError
from pos.printing.printer import ReceiptPrinter
from pos.printing.receipt import ReceiptHeader, receipt_for_sale
from pos.services.clock import IST
from pos.services.ports import PrintJob, UowFactory
from pos.services.print_queue import PrintFailure


class ReceiptDocumentPrinter:
    def __init__(self, uow_factory: UowFactory, printer: ReceiptPrinter, header: ReceiptHeader,
                 staff_names: Callable[[], dict[str, str]], lang: Lang = Lang.EN,
                 now: Callable[[], datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.printer = printer
        self.header = header
        self.staff_names = staff_names
        self.lang = lang
        self.now = now or (lambda: datetime.now(IST))

    def print_document(self, job: PrintJob) -> None:
        if job.kind != "invoice":
            # credit notes, Z reports and challans have their layouts in pos.printing but are
            # not yet loaded from the store here: the job waits, visibly, instead of vanishing
            raise PrintFailure("unsupported", f"{job.kind} printing is not wired yet")
        with self.uow_factory() as uow:
            payload = uow.documents.sale_payload(job.ref)
        if payload is None:
            raise PrintFailure("not_found", f"no sale {job.ref}")
        sale = sale_from_payload(payload)
        data = receipt_for_sale(sale, self.header, self.lang,
                                cashier=self.staff_names().get(sale.staff_id, sale.staff_id),
                                duplicate=job.duplicate,
                                reprinted_at=self.now() if job.duplicate else None)
        try:
            self.printer.print_document(data)
        except PrinterError as exc:
            raise PrintFailure(exc.code, exc.message, maybe_printed=exc.maybe_printed) from exc
