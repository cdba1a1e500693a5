"""Returns against an invoice: found by its number or by the QR on the receipt, partial lines,
never more than was sold, a credit note in its own series, a refund tender.

Everything (credit note, its number, stock back in, audit, outbox event) is one transaction;
the credit note's print job is queued after the commit.
"""

from __future__ import annotations

from collections.abc import Mapping

from pos.domain.discounts import Role
from pos.domain.outlet import Outlet
from pos.domain.payments import Mode
from pos.domain.returns import ReturnTooMuch, SoldLine, credit_note
from pos.domain.tax import Supply
from pos.domain.upi import invoice_number_from_scan
from pos.services.auth import StaffSession
from pos.services.errors import ServiceError
from pos.services.ports import (
    AuditEntry,
    Clock,
    CreditNoteRecord,
    OutboxEvent,
    StockMove,
    StoredSale,
    UowFactory,
)
from pos.services.selling import IdFactory, new_id


def find_sale(uow_factory: UowFactory, scanned: str) -> StoredSale:
    """The sale whose invoice number was typed, or read from the receipt's QR."""
    number = invoice_number_from_scan(scanned)
    if not number:
        raise ServiceError("not_an_invoice", "this code is not an invoice")
    with uow_factory() as uow:
        sale_id = uow.sales.id_for_invoice(number)
        sale = uow.sales.get(sale_id) if sale_id else None
    if sale is None:
        raise ServiceError("no_such_invoice", "no invoice with this number", invoice_no=number)
    return sale


def _payload(note: CreditNoteRecord, supply: str) -> dict[str, object]:
    return {
        "credit_id": note.credit_id, "credit_no": note.credit_no, "sale_id": note.sale_id,
        "invoice_no": note.invoice_no, "invoice_date": note.invoice_date.isoformat(),
        "day_id": note.day_id, "business_date": note.business_date.isoformat(),
        "created_at": note.created_at.isoformat(), "staff_id": note.staff_id,
        "approved_by": note.approved_by, "reason": note.reason, "supply": supply,
        "lines": [
            {"sale_line_no": line_no, "qty_milli": qty, "rate_bp": tax.rate_bp,
             "gross": tax.gross, "taxable": tax.taxable, "cgst": tax.cgst, "sgst": tax.sgst,
             "igst": tax.igst}
            for line_no, qty, tax in note.lines
        ],
        "round_off": note.round_off, "refund": note.refund, "refund_mode": note.refund_mode,
        "refund_reference": note.refund_reference,
    }


def return_items(uow_factory: UowFactory, clock: Clock, outlet: Outlet, cashier: StaffSession,
                 approver: StaffSession, sale_id: str, quantities: Mapping[int, int],
                 refund_mode: Mode, reason: str, refund_reference: str = "",
                 ids: IdFactory = new_id,
                 print_factory: UowFactory | None = None) -> CreditNoteRecord:
    """Take goods back: ``quantities`` maps invoice line numbers to thousandths returned.

    The credit note's print job is queued after the commit, through ``print_factory`` (as a
    sale's invoice is: bookkeeping that need not wait for a disk flush)."""
    if not approver.role.at_least(Role.MANAGER):
        raise ServiceError("not_allowed", "a manager must approve returns",
                           needed=Role.MANAGER.value)
    if not reason.strip():
        raise ServiceError("reason_required", "say why the goods came back")
    wanted = {line_no: qty for line_no, qty in quantities.items() if qty}
    if not wanted:
        raise ServiceError("nothing_to_return", "choose what comes back")
    if refund_mode is not Mode.CASH and not refund_reference.strip():
        raise ServiceError("reference_required", "give the UPI or card refund reference")
    now = clock.now()
    with uow_factory() as uow:
        day = uow.days.current(outlet.outlet_id)
        if day is None or day.business_date != clock.today():
            raise ServiceError("day_not_open", "open today's day before taking returns")
        sale = uow.sales.get(sale_id)
        if sale is None:
            raise ServiceError("no_such_sale", "no such sale")
        if sale.status != "completed":
            raise ServiceError("sale_voided", "this sale was voided: nothing to return")
        lines = {line.line_no: line for line in sale.lines}
        unknown = sorted(set(wanted) - set(lines))
        if unknown:
            raise ServiceError("no_such_line", "the invoice has no such line", line=unknown[0])
        sold = [(SoldLine(n, lines[n].qty_milli, lines[n].tax, lines[n].returned_milli), qty)
                for n, qty in sorted(wanted.items())]
        try:
            totals = credit_note(sold, Supply(sale.supply))
        except ReturnTooMuch as exc:
            raise ServiceError("return_too_much", "more than was sold (or already returned)",
                               line=exc.line_no, returnable=exc.returnable_milli) from exc
        if refund_mode is Mode.CASH and totals.refund > uow.days.figures(day.day_id).expected_cash:
            raise ServiceError("not_enough_cash", "the drawer does not hold the refund")
        credit_no = uow.series.next_number(outlet.credit_series, day.business_date)
        note = CreditNoteRecord(
            credit_id=ids(), credit_no=credit_no, sale_id=sale.sale_id,
            invoice_no=sale.invoice_no, invoice_date=sale.business_date, day_id=day.day_id,
            business_date=day.business_date, created_at=now, staff_id=cashier.staff_id,
            approved_by=approver.staff_id, reason=reason.strip(),
            lines=tuple((c.line_no, c.qty_milli, c.tax) for c in totals.lines),
            round_off=totals.round_off, refund=totals.refund, refund_mode=refund_mode.value,
            refund_reference=refund_reference.strip(),
        )
        uow.credit_notes.add(note)
        uow.stock.add([StockMove(lines[n].product_id, qty, "returned", note.credit_id,
                                 cashier.staff_id, now, reason.strip())
                       for n, qty in sorted(wanted.items())])
        uow.audit.add(AuditEntry(now, cashier.staff_id, "return", credit_no, {
            "sale_id": sale.sale_id, "invoice_no": sale.invoice_no, "refund": totals.refund,
            "approved_by": approver.staff_id}))
        uow.outbox.add(OutboxEvent(note.credit_id, "credit_note", day.business_date, now,
                                   _payload(note, sale.supply)))
        uow.commit()
    with (print_factory or uow_factory)() as uow:
        uow.print_jobs.enqueue("credit_note", note.credit_id)
        uow.commit()
    return note
