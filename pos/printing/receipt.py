"""What a printed document says, as plain data, and builders from the domain's documents.

:class:`ReceiptData` holds everything CGST Rule 46 (tax invoice) and Rule 53 (credit note)
want on paper, in integer paise and dates; no formatting happens here (the layout formats with
:mod:`pos.locale`). :class:`ReceiptHeader` is what the outlet's settings say about the seller;
the composition root fills it. :class:`DayReportData` (X and Z reports) and
:class:`TestPageData` are the other printable documents.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from pos.domain.cart import breakup_by_rate
from pos.domain.documents import Customer, Sale
from pos.domain.gstin import STATES
from pos.domain.money import Paise
from pos.domain.payments import Mode
from pos.domain.reports import CashCount, DayFigures
from pos.domain.tax import QTY_SCALE, LineTax, Supply
from pos.domain.upi import UpiInvoice, upi_link
from pos.locale import Lang

IST = timezone(timedelta(hours=5, minutes=30), "IST")
"""The wall clock receipts print (India Standard Time); sales are stored in UTC."""

BUYER_DETAILS_FROM: Paise = 5_000_000
"""Rule 46: an unregistered buyer's name, address and state are printed from a taxable value
of ₹50,000. Head office may publish another figure: pass it to the builders."""


class DocumentType(enum.Enum):
    TAX_INVOICE = "tax_invoice"
    CREDIT_NOTE = "credit_note"


@dataclass(frozen=True, slots=True)
class ReceiptHeader:
    """The seller as the outlet's settings describe it (the composition root fills it)."""

    legal_name_en: str
    gstin: str
    state_code: str
    legal_name_hi: str = ""
    trade_name_en: str = ""  # the outlet or stall: "Mrignayani Emporium, Bhopal"
    trade_name_hi: str = ""
    address_en: str = ""
    address_hi: str = ""
    phone: str = ""
    upi_vpa: str = ""
    upi_payee: str = ""
    upi_mcc: str = "5999"
    header_en: str = ""  # the shop's own heading, lines separated by "\n"
    header_hi: str = ""
    footer_en: str = ""  # exchange policy, thanks
    footer_hi: str = ""
    logo_png: bytes | None = None  # printed at the top, scaled to fit and made 1-bit

    @classmethod
    def from_settings(cls, settings: Any, *, logo_png: bytes | None = None) -> ReceiptHeader:
        """From any object with the outlet settings' attribute names (``legal_name``,
        ``name_en``, ``address_en``, ``upi_payee_name``, ``receipt_header_en``..., as
        ``pos.demo.DemoOutlet`` has them); missing ones print nothing."""

        def get(*names: str) -> str:
            for name in names:
                value = getattr(settings, name, None)
                if isinstance(value, str) and value:
                    return value
            return ""

        return cls(
            legal_name_en=get("legal_name_en", "legal_name"),
            legal_name_hi=get("legal_name_hi"),
            trade_name_en=get("trade_name_en", "name_en"),
            trade_name_hi=get("trade_name_hi", "name_hi"),
            gstin=get("gstin"),
            state_code=get("state_code"),
            address_en=get("address_en", "address"),
            address_hi=get("address_hi"),
            phone=get("phone"),
            upi_vpa=get("upi_vpa"),
            upi_payee=get("upi_payee", "upi_payee_name"),
            upi_mcc=get("upi_mcc") or "5999",
            header_en=get("header_en", "receipt_header_en"),
            header_hi=get("header_hi", "receipt_header_hi"),
            footer_en=get("footer_en", "receipt_footer_en"),
            footer_hi=get("footer_hi", "receipt_footer_hi"),
            logo_png=logo_png,
        )


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """One line as billed. Amounts are positive on both invoices and credit notes (the
    document type says which way the money goes)."""

    line_no: int
    name_en: str
    name_hi: str
    hsn: str
    unit: str  # UQC: PCS, MTR...
    qty_milli: int
    unit_price: Paise | None  # the tax-inclusive rate; None when not known (credit lines)
    gross: Paise  # before discounts
    discount: Paise
    amount: Paise  # after discounts: taxable + taxes
    rate_bp: int
    taxable: Paise
    cgst: Paise
    sgst: Paise
    igst: Paise


@dataclass(frozen=True, slots=True)
class TaxRow:
    rate_bp: int
    taxable: Paise
    cgst: Paise
    sgst: Paise
    igst: Paise

    @property
    def tax(self) -> Paise:
        return self.cgst + self.sgst + self.igst


@dataclass(frozen=True, slots=True)
class Payment:
    mode: str  # "cash" | "upi" | "card" (pos.domain.payments.Mode values)
    amount: Paise  # what it paid of the bill (or refunded)
    tendered: Paise = 0  # cash handed over (cash only may exceed ``amount``)
    reference: str = ""  # UPI UTR, card slip reference


@dataclass(frozen=True, slots=True)
class Buyer:
    name: str = ""
    gstin: str = ""
    address: str = ""
    state_code: str = ""


@dataclass(frozen=True, slots=True)
class ReceiptData:
    """A tax invoice or a credit note, ready to lay out."""

    kind: DocumentType
    header: ReceiptHeader
    number: str
    issued_at: datetime  # wall-clock time to print (already in the outlet's zone)
    place_of_supply: str  # state code
    inter_state: bool  # IGST instead of CGST + SGST
    lines: tuple[ReceiptLine, ...]
    tax_rows: tuple[TaxRow, ...]
    gross: Paise
    discount: Paise
    taxable: Paise
    cgst: Paise
    sgst: Paise
    igst: Paise
    round_off: Paise
    total: Paise  # payable (invoice) or refund (credit note), positive
    payments: tuple[Payment, ...] = ()
    change: Paise = 0
    cashier: str = ""
    qr_payload: str = ""  # the B2C dynamic QR: a UPI link (GST.md); empty for none
    buyer: Buyer | None = None
    buyer_required: bool = False  # print the buyer block even if empty (fill in by hand)
    reverse_charge: bool = False
    duplicate: bool = False  # a reprint: marked DUPLICATE / प्रतिलिपि
    reprinted_at: datetime | None = None
    original_no: str = ""  # credit note: the invoice it credits
    original_date: date | None = None
    reason: str = ""
    approved_by: str = ""  # credit note: the manager who approved the return
    langs: tuple[Lang, ...] = (Lang.EN, Lang.HI)  # printed languages, first is primary

    @property
    def paid(self) -> bool:
        """Paid in full before printing: the payment references satisfy the dynamic-QR rule."""
        return self.kind is DocumentType.TAX_INVOICE and self.total > 0 and (
            sum(p.amount for p in self.payments) >= self.total)

    @property
    def tax(self) -> Paise:
        return self.cgst + self.sgst + self.igst

    def as_duplicate(self, reprinted_at: datetime | None = None) -> ReceiptData:
        """The same document marked DUPLICATE / प्रतिलिपि, for a reprint."""
        return replace(self, duplicate=True, reprinted_at=reprinted_at)


def state_names(code: str) -> tuple[str, str]:
    """(English, Hindi) name of a GST state code; unknown codes print as they are."""
    return STATES.get(code, (code, code))


def _langs(lang: Lang, bilingual: bool) -> tuple[Lang, ...]:
    lang = Lang(lang)
    if not bilingual:
        return (lang,)
    return (lang, Lang.HI if lang is Lang.EN else Lang.EN)


def _tax_rows(taxes: Sequence[LineTax], negate: bool) -> tuple[TaxRow, ...]:
    sign = -1 if negate else 1
    return tuple(TaxRow(r.rate_bp, sign * r.taxable, sign * r.cgst, sign * r.sgst, sign * r.igst)
                 for r in breakup_by_rate(taxes))


def _buyer(customer: Customer) -> Buyer | None:
    if not (customer.name or customer.gstin or customer.address):
        return None
    return Buyer(customer.name, customer.gstin, customer.address, customer.state_code)


def receipt_for_sale(
    sale: Sale,
    header: ReceiptHeader,
    lang: Lang = Lang.EN,
    *,
    bilingual: bool = True,
    cashier: str = "",
    tz: timezone = IST,
    duplicate: bool = False,
    reprinted_at: datetime | None = None,
    buyer_details_from: Paise = BUYER_DETAILS_FROM,
) -> ReceiptData:
    """The tax invoice of a completed sale.

    The B2C dynamic QR (a UPI link with the invoice number, date, amount and GST breakup)
    is included when the buyer has no GSTIN and the outlet has a UPI id.
    """
    t = sale.totals
    lines: list[ReceiptLine] = []
    for number, p in enumerate(t.lines, start=1):
        if p.tax is None:
            raise ValueError(f"line {number} of {sale.invoice_no} has no tax: not a completed sale")
        product = p.line.product
        lines.append(ReceiptLine(
            line_no=number, name_en=product.name_en, name_hi=product.name_hi, hsn=product.hsn,
            unit=product.unit.value, qty_milli=p.line.qty_milli, unit_price=p.line.unit_price,
            gross=p.gross, discount=p.discount, amount=p.net, rate_bp=p.tax.rate_bp,
            taxable=p.tax.taxable, cgst=p.tax.cgst, sgst=p.tax.sgst, igst=p.tax.igst,
        ))
    buyer = _buyer(sale.customer)
    qr = ""
    if header.upi_vpa and not sale.customer.gstin:
        qr = upi_link(UpiInvoice(
            vpa=header.upi_vpa, payee=header.upi_payee or header.legal_name_en,
            invoice_no=sale.invoice_no, invoice_date=sale.business_date, amount=t.payable,
            gstin=header.gstin, cgst=t.cgst, sgst=t.sgst, igst=t.igst, mcc=header.upi_mcc,
        ))
    payments = tuple(Payment(x.mode.value, x.amount, x.tendered, x.reference)
                     for x in sale.settlement.tenders)
    return ReceiptData(
        kind=DocumentType.TAX_INVOICE,
        header=header,
        number=sale.invoice_no,
        issued_at=sale.created_at.astimezone(tz) if sale.created_at.tzinfo else sale.created_at,
        place_of_supply=sale.place_of_supply,
        inter_state=sale.supply is Supply.INTER_STATE,
        lines=tuple(lines),
        tax_rows=tuple(TaxRow(r.rate_bp, r.taxable, r.cgst, r.sgst, r.igst) for r in t.by_rate),
        gross=t.gross, discount=t.discount, taxable=t.taxable, cgst=t.cgst, sgst=t.sgst,
        igst=t.igst, round_off=t.round_off, total=t.payable,
        payments=payments, change=sale.settlement.change,
        cashier=cashier or sale.staff_id,
        qr_payload=qr,
        buyer=buyer,
        buyer_required=bool(sale.customer.gstin) or t.taxable >= buyer_details_from,
        duplicate=duplicate, reprinted_at=reprinted_at,
        langs=_langs(lang, bilingual),
    )


@dataclass(frozen=True, slots=True)
class CreditedLine:
    """A returned invoice line as the credit note prints it; ``tax`` is the domain's credit
    (negative amounts, :func:`pos.domain.tax.credit_line`)."""

    line_no: int  # the invoice line it credits
    name_en: str
    name_hi: str
    hsn: str
    unit: str
    qty_milli: int
    tax: LineTax


@dataclass(frozen=True, slots=True)
class CreditNoteInput:
    """What a credit note prints (the services' credit-note record joined with the invoice's
    line names); the composition root builds it."""

    credit_no: str
    created_at: datetime
    invoice_no: str
    invoice_date: date
    supply: Supply
    place_of_supply: str
    lines: tuple[CreditedLine, ...]
    round_off: Paise  # as the domain computed it (sign of the credit)
    refund: Paise  # positive: what the customer gets back
    refund_mode: str = Mode.CASH.value
    refund_reference: str = ""
    reason: str = ""
    staff: str = ""
    buyer: Buyer | None = None
    approved_by: str = ""


def receipt_for_credit_note(
    note: CreditNoteInput,
    header: ReceiptHeader,
    lang: Lang = Lang.EN,
    *,
    bilingual: bool = True,
    tz: timezone = IST,
    duplicate: bool = False,
    reprinted_at: datetime | None = None,
) -> ReceiptData:
    """A credit note (Rule 53) citing the original invoice; amounts print positive."""
    lines = []
    for cl in note.lines:
        t = cl.tax
        amount = -t.gross
        unit_price = None
        if cl.qty_milli and (amount * QTY_SCALE) % cl.qty_milli == 0:
            unit_price = amount * QTY_SCALE // cl.qty_milli
        lines.append(ReceiptLine(
            line_no=cl.line_no, name_en=cl.name_en, name_hi=cl.name_hi, hsn=cl.hsn,
            unit=cl.unit, qty_milli=cl.qty_milli, unit_price=unit_price, gross=amount,
            discount=0, amount=amount, rate_bp=t.rate_bp, taxable=-t.taxable, cgst=-t.cgst,
            sgst=-t.sgst, igst=-t.igst,
        ))
    rows = _tax_rows([cl.tax for cl in note.lines], negate=True)
    return ReceiptData(
        kind=DocumentType.CREDIT_NOTE,
        header=header,
        number=note.credit_no,
        issued_at=note.created_at.astimezone(tz) if note.created_at.tzinfo else note.created_at,
        place_of_supply=note.place_of_supply,
        inter_state=note.supply is Supply.INTER_STATE,
        lines=tuple(lines),
        tax_rows=rows,
        gross=sum(x.amount for x in lines), discount=0,
        taxable=sum(r.taxable for r in rows), cgst=sum(r.cgst for r in rows),
        sgst=sum(r.sgst for r in rows), igst=sum(r.igst for r in rows),
        round_off=-note.round_off, total=note.refund,
        payments=(Payment(note.refund_mode, note.refund, note.refund, note.refund_reference),),
        cashier=note.staff,
        buyer=note.buyer,
        buyer_required=bool(note.buyer and note.buyer.gstin),
        duplicate=duplicate, reprinted_at=reprinted_at,
        original_no=note.invoice_no, original_date=note.invoice_date, reason=note.reason,
        approved_by=note.approved_by, langs=_langs(lang, bilingual),
    )


@dataclass(frozen=True, slots=True)
class DayReportData:
    """An X (mid-day, changes nothing) or Z (day close) report."""

    closing: bool  # True: Z report
    header: ReceiptHeader
    business_date: date
    printed_at: datetime  # wall clock
    figures: DayFigures
    cash_count: CashCount | None = None  # Z: the manager's count
    staff: str = ""
    langs: tuple[Lang, ...] = (Lang.EN, Lang.HI)
    duplicate: bool = False  # a reprint: marked DUPLICATE / प्रतिलिपि
    reprinted_at: datetime | None = None
    variance_reason: str = ""  # Z: why the counted cash differs from the expected


def day_report(
    figures: DayFigures,
    header: ReceiptHeader,
    *,
    business_date: date,
    printed_at: datetime,
    closing: bool = False,
    cash_count: CashCount | None = None,
    staff: str = "",
    lang: Lang = Lang.EN,
    bilingual: bool = True,
    tz: timezone = IST,
    duplicate: bool = False,
    reprinted_at: datetime | None = None,
    variance_reason: str = "",
) -> DayReportData:
    return DayReportData(
        closing=closing, header=header, business_date=business_date,
        printed_at=printed_at.astimezone(tz) if printed_at.tzinfo else printed_at,
        figures=figures, cash_count=cash_count, staff=staff, langs=_langs(lang, bilingual),
        duplicate=duplicate,
        reprinted_at=(reprinted_at.astimezone(tz) if reprinted_at is not None
                      and reprinted_at.tzinfo else reprinted_at),
        variance_reason=variance_reason,
    )


@dataclass(frozen=True, slots=True)
class TestPageData:
    """The printer test page: what the setup screen prints to check width, darkness,
    Hindi shaping and QR reading."""

    printer: str  # a name people recognise: "Counter 1 (LAN 192.168.1.50)"
    connection: str  # "lan://192.168.1.50:9100"
    printed_at: datetime
    darkness: int = 55
    shop: str = ""
    qr_payload: str = "EMPORIUM-POS TEST"
    langs: tuple[Lang, ...] = field(default=(Lang.EN, Lang.HI))

    __test__ = False  # not a pytest test class, whatever its name says
