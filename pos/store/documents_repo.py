"""Invoice series, sales and credit notes in SQLite."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from pos.domain.documents import Sale, sale_payload
from pos.domain.numbering import Counter, FinancialYear, Series, next_number
from pos.domain.tax import LineTax
from pos.services.ports import CreditNoteRecord, StoredLine, StoredSale
from pos.store import schema as t
from pos.store.repo_base import Repo

# Statements built once: the sale path then only binds values (SQLAlchemy caches the SQL).
_SERIES = select(t.number_series.c.fy_start, t.number_series.c.last).where(
    t.number_series.c.prefix == bindparam("prefix"))
_SERIES_UPDATE = update(t.number_series).where(
    t.number_series.c.prefix == bindparam("series_prefix"))


class SqlSeries(Repo):
    def _counter(self, series: Series) -> Counter | None:
        row = self.conn.execute(_SERIES, {"prefix": series.prefix}).first()
        return None if row is None else Counter(FinancialYear(row.fy_start), row.last)

    def peek(self, series: Series, day: date) -> str:
        return next_number(series, self._counter(series), day)[0]

    def next_number(self, series: Series, day: date) -> str:
        counter = self._counter(series)
        number, advanced = next_number(series, counter, day)
        values = {"fy_start": advanced.year.start_year, "last": advanced.last}
        if counter is None:
            self.conn.execute(insert(t.number_series).values(
                prefix=series.prefix, kind=series.kind.value, **values))
        else:
            self.conn.execute(_SERIES_UPDATE, {"series_prefix": series.prefix, **values})
        return number


class SqlSales(Repo):
    def add(self, sale: Sale, data: dict[str, Any] | None = None) -> None:
        """Store a completed sale; ``data`` is its :func:`sale_payload` if already made."""
        data = data or sale_payload(sale)
        totals = data["totals"]
        customer = data["customer"]
        bill = data["bill_discount"] or {}
        self.insert_rows(t.sales, [dict(
            sale_id=sale.sale_id, invoice_no=sale.invoice_no, day_id=sale.day_id,
            business_date=data["business_date"], created_at=data["created_at"],
            staff_id=sale.staff_id, outlet_id=sale.outlet_id, supply=data["supply"],
            place_of_supply=sale.place_of_supply, customer_name=customer["name"],
            customer_gstin=customer["gstin"], customer_address=customer["address"],
            customer_state=customer["state_code"], bill_discount_kind=bill.get("kind"),
            bill_discount_value=bill.get("value"), line_count=len(data["lines"]), **totals,
            status="completed", void_reason=None, voided_by=None, voided_at=None,
        )])
        lines = []
        for line in data["lines"]:
            discount = line["line_discount"] or {}
            lines.append({
                "sale_id": sale.sale_id, "line_no": line["line_no"],
                "product_id": line["product_id"], "sku": line["sku"],
                "barcode": line["barcode"], "name_en": line["name_en"],
                "name_hi": line["name_hi"], "hsn": line["hsn"], "unit": line["unit"],
                "is_handicraft": line["is_handicraft"], "rule_id": line["rule_id"],
                "mrp": line["mrp"], "unit_price": line["unit_price"],
                "qty_milli": line["qty_milli"], "line_discount_kind": discount.get("kind"),
                "line_discount_value": discount.get("value"), "gross": line["gross"],
                "line_discount": line["line_discount_amount"],
                "bill_discount": line["bill_discount_amount"], "net": line["net"],
                "rate_bp": line["rate_bp"], "taxable": line["taxable"], "cgst": line["cgst"],
                "sgst": line["sgst"], "igst": line["igst"],
                "price_overridden": line["price_overridden"],
                "dead_band_flag": line["dead_band_flag"],
            })
        self.insert_rows(t.sale_lines, lines)
        self.insert_rows(t.payments, [
            {"sale_id": sale.sale_id, "seq": i, **tender}
            for i, tender in enumerate(data["tenders"], start=1)
        ])

    def get(self, sale_id: str) -> StoredSale | None:
        sale = self.conn.execute(select(t.sales).where(t.sales.c.sale_id == sale_id)).first()
        if sale is None:
            return None
        returned = dict(self.conn.execute(
            select(t.credit_note_lines.c.sale_line_no, func.sum(t.credit_note_lines.c.qty_milli))
            .join(t.credit_notes,
                  t.credit_notes.c.credit_id == t.credit_note_lines.c.credit_id)
            .where(t.credit_notes.c.sale_id == sale_id)
            .group_by(t.credit_note_lines.c.sale_line_no)).tuples().all())
        lines = tuple(
            StoredLine(
                line_no=r.line_no, product_id=r.product_id, sku=r.sku, name_en=r.name_en,
                name_hi=r.name_hi, hsn=r.hsn, unit=r.unit, qty_milli=r.qty_milli,
                tax=LineTax(r.net, r.rate_bp, r.taxable, r.cgst, r.sgst, r.igst,
                            bool(r.dead_band_flag)),
                returned_milli=int(returned.get(r.line_no, 0)),
            )
            for r in self.conn.execute(select(t.sale_lines)
                                       .where(t.sale_lines.c.sale_id == sale_id)
                                       .order_by(t.sale_lines.c.line_no))
        )
        tenders = tuple(
            (p.mode, p.amount, p.reference)
            for p in self.conn.execute(select(t.payments).where(t.payments.c.sale_id == sale_id)
                                       .order_by(t.payments.c.seq))
        )
        return StoredSale(sale.sale_id, sale.invoice_no, date.fromisoformat(sale.business_date),
                          sale.status, sale.supply, sale.payable, sale.day_id, lines, tenders)

    def id_for_invoice(self, invoice_no: str) -> str | None:
        return self.conn.execute(select(t.sales.c.sale_id)
                                 .where(t.sales.c.invoice_no == invoice_no)).scalar()

    def void(self, sale_id: str, by: str, reason: str, at: datetime) -> None:
        self.conn.execute(update(t.sales).where(t.sales.c.sale_id == sale_id).values(
            status="voided", void_reason=reason, voided_by=by, voided_at=at.isoformat()))


class SqlCreditNotes(Repo):
    def add(self, note: CreditNoteRecord) -> None:
        taxes = [tax for _, _, tax in note.lines]
        self.conn.execute(insert(t.credit_notes).values(
            credit_id=note.credit_id, credit_no=note.credit_no, sale_id=note.sale_id,
            invoice_no=note.invoice_no, invoice_date=note.invoice_date.isoformat(),
            day_id=note.day_id, business_date=note.business_date.isoformat(),
            created_at=note.created_at.isoformat(), staff_id=note.staff_id,
            approved_by=note.approved_by, reason=note.reason,
            net=sum(x.gross for x in taxes), taxable=sum(x.taxable for x in taxes),
            cgst=sum(x.cgst for x in taxes), sgst=sum(x.sgst for x in taxes),
            igst=sum(x.igst for x in taxes), round_off=note.round_off, refund=note.refund,
            refund_mode=note.refund_mode, refund_reference=note.refund_reference))
        self.conn.execute(insert(t.credit_note_lines), [
            {"credit_id": note.credit_id, "line_no": i, "sale_line_no": line_no,
             "qty_milli": qty, "rate_bp": tax.rate_bp, "gross": tax.gross,
             "taxable": tax.taxable, "cgst": tax.cgst, "sgst": tax.sgst, "igst": tax.igst}
            for i, (line_no, qty, tax) in enumerate(note.lines, start=1)
        ])
