"""The UPI payment link printed as the B2C invoice's dynamic QR (GST.md, NPCI linking spec),
and reading an invoice number back from it (a return: scan the QR on the customer's receipt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, quote, urlsplit

from pos.domain.money import Paise, to_decimal_string


@dataclass(frozen=True, slots=True)
class UpiInvoice:
    vpa: str
    payee: str
    invoice_no: str
    invoice_date: date
    amount: Paise
    gstin: str
    cgst: Paise = 0
    sgst: Paise = 0
    igst: Paise = 0
    mcc: str = "5999"  # miscellaneous retail


def upi_link(inv: UpiInvoice) -> str:
    """``upi://pay?pa=…&pn=…&mc=…&tr=…&am=…&cu=INR`` plus the GST fields, URL-encoded."""
    if inv.igst:
        breakup = f"GST:{to_decimal_string(inv.igst)}|IGST:{to_decimal_string(inv.igst)}"
    else:
        breakup = (f"GST:{to_decimal_string(inv.cgst + inv.sgst)}|"
                   f"CGST:{to_decimal_string(inv.cgst)}|SGST:{to_decimal_string(inv.sgst)}")
    params = [
        ("pa", inv.vpa), ("pn", inv.payee), ("mc", inv.mcc), ("tr", inv.invoice_no),
        ("am", to_decimal_string(inv.amount)), ("cu", "INR"), ("gstIn", inv.gstin),
        ("invoiceNo", inv.invoice_no), ("invoiceDate", inv.invoice_date.isoformat()),
        ("gstBrkUp", breakup),
    ]
    # '@' stays literal: UPI apps read the VPA as written (pa=name@bank).
    return "upi://pay?" + "&".join(f"{k}={quote(v, safe='@')}" for k, v in params)


def invoice_number_from_scan(text: str) -> str:
    """The invoice number in what a scanner read: a receipt's UPI QR or the number itself."""
    value = text.strip()
    if value.lower().startswith("upi://"):
        query = parse_qs(urlsplit(value).query)
        for key in ("invoiceNo", "tr"):
            if query.get(key):
                return query[key][0].strip().upper()
        return ""
    return value.upper()
