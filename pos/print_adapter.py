"""The print queue's printer, as the composition root wires it: loads a job's document from
the till store, renders it with :mod:`pos.printing` and sends it to the configured printer.

It lives beside the composition root because it joins the store (documents) and printing,
which must not import each other.

Job kinds (``PrintJob.kind``; ``ref`` names the document):

* ``invoice``: a sale (``ref`` = sale id), from its stored sale event;
* ``credit_note``: a return (``ref`` = credit note id), from its credit-note event and the
  invoice's lines (names, HSN, unit);
* ``z_report``: a closed day (``ref`` = day id) with the manager's cash count;
* ``x_report``: the open day so far (``ref`` = day id), figures as of printing;
* ``test_page``: the printer test page (``ref`` is free text, printed as the label).

A job marked ``duplicate`` (F11, a reprint of an uncertain job) prints DUPLICATE / प्रतिलिपि
with when it was reprinted, and never opens the cash drawer.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import select

from pos.domain.codec import sale_from_payload
from pos.domain.payments import Mode
from pos.domain.reports import CashCount
from pos.domain.tax import LineTax, Supply
from pos.locale.lang import Lang
from pos.printing.connections import PrinterError
from pos.printing.layout import Document
from pos.printing.printer import ReceiptPrinter
from pos.printing.receipt import (
    Buyer,
    CreditedLine,
    CreditNoteInput,
    ReceiptHeader,
    TestPageData,
    day_report,
    receipt_for_credit_note,
    receipt_for_sale,
)
from pos.services.clock import IST
from pos.services.ports import PrintJob, UowFactory
from pos.services.print_queue import PrintFailure
from pos.store import schema as t
from pos.store.database import Store

KINDS = ("invoice", "credit_note", "z_report", "x_report", "test_page")


class DocumentEvents(Protocol):
    def payload(self, event_id: str, event_type: str) -> dict[str, Any] | None:
        """The plain data of a recorded business event (credit note, day close)."""
        ...


class OutboxEvents:
    """Business events as the till recorded them, read from its outbox (sale, credit note
    and day-close events carry everything their documents print)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def payload(self, event_id: str, event_type: str) -> dict[str, Any] | None:
        with self.store.reading() as conn:
            body = conn.execute(select(t.outbox.c.payload).where(
                t.outbox.c.event_id == event_id, t.outbox.c.type == event_type)).scalar()
        return None if body is None else dict(json.loads(body))


HeaderSource = ReceiptHeader | Callable[[], ReceiptHeader]


class ReceiptDocumentPrinter:
    def __init__(self, uow_factory: UowFactory, printer: ReceiptPrinter, header: HeaderSource,
                 staff_names: Callable[[], dict[str, str]], lang: Lang = Lang.EN,
                 now: Callable[[], datetime] | None = None, *,
                 events: DocumentEvents | None = None, kick_drawer: bool = False) -> None:
        """``header`` may be a function: it is called for every job, so a change of the
        outlet's settings shows on the next receipt. Without ``events`` only invoices,
        X reports and test pages can be printed."""
        self.uow_factory = uow_factory
        self.header = header
        self.staff_names = staff_names
        self.lang = lang
        self.now = now or (lambda: datetime.now(IST))
        self.events = events
        self._lock = threading.Lock()
        self._current = (printer, kick_drawer)

    # -- the printer in use (switched by the setup screen without a restart) ---------------
    @property
    def printer(self) -> ReceiptPrinter:
        return self._current[0]

    @property
    def kick_drawer(self) -> bool:
        return self._current[1]

    def use(self, printer: ReceiptPrinter, kick_drawer: bool) -> None:
        """Print the next job on ``printer`` (a job already printing finishes where it
        started)."""
        with self._lock:
            self._current = (printer, kick_drawer)

    def current_header(self) -> ReceiptHeader:
        return self.header() if callable(self.header) else self.header

    # -- jobs -------------------------------------------------------------------------------
    def print_document(self, job: PrintJob) -> None:
        printer, kick = self._current
        builders = {"invoice": self._invoice, "credit_note": self._credit_note,
                    "z_report": self._z_report, "x_report": self._x_report,
                    "test_page": self._test_page}
        build = builders.get(job.kind)
        if build is None:
            raise PrintFailure("unsupported", f"no layout for {job.kind} documents")
        doc, opens_drawer = build(job, printer)
        try:
            printer.print_document(doc, kick_drawer=kick and opens_drawer and not job.duplicate)
        except PrinterError as exc:
            raise PrintFailure(exc.code, exc.message, maybe_printed=exc.maybe_printed) from exc

    def _reprinted_at(self, job: PrintJob) -> datetime | None:
        return self.now() if job.duplicate else None

    def _name(self, staff_id: str) -> str:
        return self.staff_names().get(staff_id, staff_id)

    def _invoice(self, job: PrintJob, _printer: ReceiptPrinter) -> tuple[Document, bool]:
        with self.uow_factory() as uow:
            payload = uow.documents.sale_payload(job.ref)
        if payload is None:
            raise PrintFailure("not_found", f"no sale {job.ref}")
        sale = sale_from_payload(payload)
        data = receipt_for_sale(sale, self.current_header(), self.lang,
                                cashier=self._name(sale.staff_id), duplicate=job.duplicate,
                                reprinted_at=self._reprinted_at(job))
        cash = any(x.mode is Mode.CASH for x in sale.settlement.tenders)
        return data, cash

    def _event(self, event_id: str, event_type: str) -> dict[str, Any]:
        if self.events is None:
            raise PrintFailure("unsupported", f"{event_type} documents need the event store")
        payload = self.events.payload(event_id, event_type)
        if payload is None:
            raise PrintFailure("not_found", f"no {event_type} {event_id}")
        return payload

    def _credit_note(self, job: PrintJob, _printer: ReceiptPrinter) -> tuple[Document, bool]:
        note = self._event(job.ref, "credit_note")
        with self.uow_factory() as uow:
            sale = uow.sales.get(note["sale_id"])
            sale_data = uow.documents.sale_payload(note["sale_id"])
        if sale is None:
            raise PrintFailure("not_found", f"no sale {note['sale_id']} for {note['credit_no']}")
        sold = {line.line_no: line for line in sale.lines}
        lines = []
        for item in note["lines"]:
            line = sold[item["sale_line_no"]]
            lines.append(CreditedLine(
                line_no=line.line_no, name_en=line.name_en, name_hi=line.name_hi, hsn=line.hsn,
                unit=line.unit, qty_milli=item["qty_milli"],
                tax=LineTax(item["gross"], item["rate_bp"], item["taxable"], item["cgst"],
                            item["sgst"], item["igst"])))
        buyer = None
        place = self.current_header().state_code
        if sale_data is not None:
            place = sale_data.get("place_of_supply") or place
            customer = sale_data.get("customer") or {}
            if customer.get("name") or customer.get("gstin") or customer.get("address"):
                buyer = Buyer(customer.get("name", ""), customer.get("gstin", ""),
                              customer.get("address", ""), customer.get("state_code", ""))
        data = receipt_for_credit_note(CreditNoteInput(
            credit_no=note["credit_no"], created_at=datetime.fromisoformat(note["created_at"]),
            invoice_no=note["invoice_no"], invoice_date=date.fromisoformat(note["invoice_date"]),
            supply=Supply(note["supply"]), place_of_supply=place, lines=tuple(lines),
            round_off=note["round_off"], refund=note["refund"],
            refund_mode=note["refund_mode"], refund_reference=note["refund_reference"],
            reason=note["reason"], staff=self._name(note["staff_id"]), buyer=buyer,
            approved_by=self._name(note["approved_by"]),
        ), self.current_header(), self.lang, duplicate=job.duplicate,
            reprinted_at=self._reprinted_at(job))
        return data, note["refund_mode"] == Mode.CASH.value

    def _z_report(self, job: PrintJob, _printer: ReceiptPrinter) -> tuple[Document, bool]:
        close = self._event(f"{job.ref}-close", "day_close")
        with self.uow_factory() as uow:
            figures = uow.days.figures(job.ref)
        count = CashCount(close["expected_cash"], close["counted_cash"], dict(close["counts"]))
        data = day_report(figures, self.current_header(),
                          business_date=date.fromisoformat(close["business_date"]),
                          printed_at=self.now(), closing=True, cash_count=count,
                          staff=self._name(close["closed_by"]), lang=self.lang,
                          duplicate=job.duplicate, reprinted_at=self._reprinted_at(job),
                          variance_reason=close.get("variance_reason", ""))
        return data, False

    def _x_report(self, job: PrintJob, _printer: ReceiptPrinter) -> tuple[Document, bool]:
        with self.uow_factory() as uow:
            day = uow.days.get(job.ref)
            figures = uow.days.figures(job.ref) if day is not None else None
        if day is None or figures is None:
            raise PrintFailure("not_found", f"no business day {job.ref}")
        data = day_report(figures, self.current_header(), business_date=day.business_date,
                          printed_at=self.now(), lang=self.lang)
        return data, False

    def _test_page(self, job: PrintJob, printer: ReceiptPrinter) -> tuple[Document, bool]:
        header = self.current_header()
        page = TestPageData(printer=job.ref or printer.name, connection=printer.name,
                            printed_at=self.now(), darkness=printer.settings.render.darkness,
                            shop=header.trade_name_en or header.legal_name_en)
        return page, False
