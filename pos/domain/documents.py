"""Completed documents (a sale with its lines and payments) and their plain-data form.

A :class:`Sale` is immutable once completed. :func:`sale_payload` turns it into JSON-safe
plain data: the body of the ``sale`` event the till stores in its outbox and head office
receives, and from which head office recomputes the totals with this same domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pos.domain.cart import CartLine, PricedLine, Totals
from pos.domain.codec import discount_to_data, rule_to_data
from pos.domain.customer import Customer
from pos.domain.discounts import Discount
from pos.domain.payments import Settlement, Tender
from pos.domain.tax import Supply

__all__ = ["Customer", "Sale", "sale_payload"]


@dataclass(frozen=True, slots=True)
class Sale:
    sale_id: str  # a UUID made by the till: the sync event id de-duplicates on it
    invoice_no: str
    outlet_id: str
    day_id: str
    business_date: date
    created_at: datetime  # aware, UTC
    staff_id: str
    supply: Supply
    place_of_supply: str  # state code
    totals: Totals
    bill_discount: Discount | None
    settlement: Settlement
    customer: Customer = field(default_factory=Customer)


def _line(number: int, p: PricedLine) -> dict[str, Any]:
    line: CartLine = p.line
    product = line.product
    assert p.tax is not None, "a completed sale has every line taxed"
    return {
        "line_no": number,
        "product_id": product.product_id,
        "sku": product.sku,
        "barcode": product.barcode,
        "name_en": product.name_en,
        "name_hi": product.name_hi,
        "hsn": product.hsn,
        "unit": product.unit.value,
        "is_handicraft": product.is_handicraft,
        "rule_id": product.rule.rule_id,
        "rule": rule_to_data(product.rule),  # as applied: head office recomputes with it
        "mrp": product.mrp,
        "unit_price": line.unit_price,
        "qty_milli": line.qty_milli,
        "line_discount": discount_to_data(line.discount),
        "price_overridden": line.price_overridden,
        "override_reason": line.override_reason,
        "override_by": line.override_by,
        "gross": p.gross,
        "line_discount_amount": p.line_discount,
        "bill_discount_amount": p.bill_discount,
        "net": p.net,
        "rate_bp": p.tax.rate_bp,
        "taxable": p.tax.taxable,
        "cgst": p.tax.cgst,
        "sgst": p.tax.sgst,
        "igst": p.tax.igst,
        "dead_band_flag": p.tax.dead_band_flag,
    }


def _tender(t: Tender) -> dict[str, Any]:
    return {"mode": t.mode.value, "amount": t.amount, "tendered": t.tendered,
            "reference": t.reference}


def sale_payload(sale: Sale) -> dict[str, Any]:
    """The sale as plain data (ints, strings, bools, lists, dicts): stable, JSON-safe."""
    t = sale.totals
    return {
        "sale_id": sale.sale_id,
        "invoice_no": sale.invoice_no,
        "outlet_id": sale.outlet_id,
        "day_id": sale.day_id,
        "business_date": sale.business_date.isoformat(),
        "created_at": sale.created_at.isoformat(),
        "staff_id": sale.staff_id,
        "supply": sale.supply.value,
        "place_of_supply": sale.place_of_supply,
        "customer": {
            "name": sale.customer.name, "gstin": sale.customer.gstin,
            "address": sale.customer.address, "state_code": sale.customer.state_code,
        },
        "bill_discount": discount_to_data(sale.bill_discount),
        "lines": [_line(i, p) for i, p in enumerate(t.lines, start=1)],
        "totals": {
            "gross": t.gross, "discount": t.discount, "net": t.net, "taxable": t.taxable,
            "cgst": t.cgst, "sgst": t.sgst, "igst": t.igst, "round_off": t.round_off,
            "payable": t.payable,
        },
        "tenders": [_tender(x) for x in sale.settlement.tenders],
        "change": sale.settlement.change,
    }
