"""Documents to drawable blocks, for a paper width in dots (384: 58 mm, 576: 80 mm).

Pure: no Qt. Numbers, dates and words come from :mod:`pos.locale`; labels from
:mod:`pos.printing.labels`. The order follows what a GST officer looks for first (seller,
GSTIN, document, number, date, place of supply) and what a customer looks for (items, total,
payment, exchange policy).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from pos.domain.cart import RateRow
from pos.domain.money import Paise
from pos.domain.payments import Mode
from pos.domain.reports import denomination_value
from pos.locale import (
    Lang,
    amount_in_words,
    format_date,
    format_datetime,
    format_integer,
    format_money,
    format_quantity,
    format_rate,
)
from pos.printing.blocks import (
    FIT,
    FLEX,
    Align,
    Block,
    Cell,
    Picture,
    Qr,
    Row,
    Rule,
    Ruler,
    Size,
    Space,
    Text,
)
from pos.printing.labels import label, one
from pos.printing.receipt import (
    DayReportData,
    DocumentType,
    ReceiptData,
    ReceiptHeader,
    ReceiptLine,
    TaxRow,
    TestPageData,
    state_names,
)

MARGIN = 4
"""Dots left white at each side (the printable width already excludes the paper's edge)."""

Document = ReceiptData | DayReportData | TestPageData


def content_width(width_dots: int) -> int:
    return width_dots - 2 * MARGIN


def layout(doc: Document, width_dots: int) -> list[Block]:
    """The blocks of any printable document."""
    if width_dots < 256 or width_dots % 8:
        raise ValueError(f"paper width {width_dots} dots: use 384 (58 mm) or 576 (80 mm)")
    if isinstance(doc, ReceiptData):
        return _Receipt(doc, width_dots).blocks()
    if isinstance(doc, DayReportData):
        return _DayReport(doc, width_dots).blocks()
    return _test_page(doc, width_dots)


class _Base:
    def __init__(self, langs: Sequence[Lang], width_dots: int) -> None:
        self.langs = tuple(langs)
        self.lang = self.langs[0]
        self.width = width_dots
        self.cw = content_width(width_dots)
        self.wide = width_dots >= 512
        self.amount_w = 136 if self.wide else 124
        self.out: list[Block] = []

    # -- formatting ----------------------------------------------------------------------
    def L(self, key: str) -> str:  # noqa: N802 - reads like the label it prints
        return label(key, self.langs)

    def money(self, paise: Paise) -> str:
        return format_money(paise, self.lang, symbol=False)

    def rupees(self, paise: Paise) -> str:
        return format_money(paise, self.lang)

    def both(self, en: str, hi: str, sep: str = " / ") -> str:
        texts = [en if lang is Lang.EN else hi for lang in self.langs]
        return sep.join(dict.fromkeys(t for t in texts if t))

    def each(self, en: str, hi: str) -> list[str]:
        """The non-empty texts in the document's languages, in order, without repeats."""
        texts = [en if lang is Lang.EN else hi for lang in self.langs]
        return list(dict.fromkeys(t for t in texts if t))

    # -- block helpers -------------------------------------------------------------------
    def add(self, *blocks: Block) -> None:
        self.out.extend(blocks)

    def text(self, text: str, **kw: object) -> None:
        if text:
            self.out.append(Text(text, **kw))  # type: ignore[arg-type]

    def pair(self, left: str, right: str, *, size: Size = Size.NORMAL, bold: bool = False,
             right_bold: bool | None = None) -> None:
        """Label on the left (wraps), value on the right (its own width, one line)."""
        self.out.append(Row((
            Cell(left, FLEX, Align.LEFT, size, bold),
            Cell(right, FIT, Align.RIGHT, size, bold if right_bold is None else right_bold,
                 wrap=False),
        ), stack=True))

    def amount(self, left: str, paise: Paise, *, size: Size = Size.NORMAL,
               bold: bool = False) -> None:
        """Label and an amount in the amount column, so amounts line up down the paper."""
        self.out.append(Row((
            Cell(left, FLEX, Align.LEFT, size, bold),
            Cell(self.money(paise), self.amount_w, Align.RIGHT, size, bold, wrap=False),
        )))

    def rule(self, *, dashed: bool = False, double: bool = False, thick: bool = False) -> None:
        self.out.append(Rule(thickness=3 if thick else 2, dash=6 if dashed else 0,
                             double=double))

    def title_bar(self, key: str) -> None:
        self.out.append(Text(self.L(key), Align.CENTER, Size.LARGE, bold=True, inverse=True))

    def seller(self, h: ReceiptHeader) -> None:
        if h.logo_png:
            self.add(Picture(h.logo_png, max_width=self.cw * 2 // 3))
        for heading in self.each(h.header_en, h.header_hi):
            first, _, rest = heading.partition("\n")
            self.text(first, align=Align.CENTER, size=Size.LARGE, bold=True)
            self.text(rest, align=Align.CENTER)
        self.add(Space(4))
        for name in self.each(h.legal_name_en, h.legal_name_hi):
            self.text(name, align=Align.CENTER, bold=True)
        for name in self.each(h.trade_name_en, h.trade_name_hi):
            self.text(name, align=Align.CENTER)
        for address in self.each(h.address_en, h.address_hi):
            self.text(address, align=Align.CENTER, size=Size.SMALL)
        if h.phone:
            self.text(f"{self.L('phone')} {h.phone}", align=Align.CENTER, size=Size.SMALL)
        self.text(f"{one('gstin', Lang.EN)} {h.gstin}", align=Align.CENTER, bold=True)


class _Receipt(_Base):
    def __init__(self, doc: ReceiptData, width_dots: int) -> None:
        super().__init__(doc.langs, width_dots)
        self.doc = doc
        self.invoice = doc.kind is DocumentType.TAX_INVOICE

    def blocks(self) -> list[Block]:
        d = self.doc
        if d.duplicate:
            self.duplicate_mark()
        self.seller(d.header)
        self.add(Space(6))
        self.title_bar("tax_invoice" if self.invoice else "credit_note")
        self.add(Space(4))
        self.document_block()
        if d.buyer is not None or d.buyer_required:
            self.buyer_block()
        self.rule()
        self.items()
        self.totals()
        self.tax_summary()
        self.payments()
        if d.qr_payload:
            self.qr()
        self.footer()
        if d.duplicate:
            self.add(Space(6))
            self.duplicate_mark()
        return self.out

    def duplicate_mark(self) -> None:
        self.out.extend(duplicate_mark(self.langs, self.doc.reprinted_at))

    def document_block(self) -> None:
        d = self.doc
        self.pair(self.L("invoice_no" if self.invoice else "credit_no"), d.number, bold=True)
        self.pair(self.L("date"), format_datetime(d.issued_at, self.lang))
        if not self.invoice:
            self.pair(self.L("against_invoice"), d.original_no, right_bold=True)
            if d.original_date is not None:
                self.pair(self.L("invoice_date"), format_date(d.original_date, self.lang))
            if d.reason:
                self.pair(self.L("reason"), "")
                self.text(d.reason, indent=16, size=Size.SMALL)
        en, hi = state_names(d.place_of_supply)
        self.pair(self.L("place_of_supply"), f"{d.place_of_supply} - {self.both(en, hi)}")
        self.pair(self.L("reverse_charge"), self.L("yes" if d.reverse_charge else "no"))
        if d.cashier:
            self.pair(self.L("cashier"), d.cashier)
        if d.approved_by and d.approved_by != d.cashier:
            self.pair(self.L("approved_by"), d.approved_by)

    def buyer_block(self) -> None:
        b = self.doc.buyer
        blank = "_" * (26 if self.wide else 18)  # a line to write on by hand
        self.rule(dashed=True)
        self.text(self.L("buyer"), bold=True)
        rows = [
            (self.L("name"), b.name if b else ""),
            (one("gstin", Lang.EN), b.gstin if b else ""),
            (self.L("address"), b.address if b else ""),
        ]
        if b and b.state_code:
            en, hi = state_names(b.state_code)
            rows.append((self.L("state"), f"{b.state_code} - {self.both(en, hi)}"))
        else:
            rows.append((self.L("state"), ""))
        for key, value in rows:
            if not value and b is not None and key == one("gstin", Lang.EN):
                continue  # an unregistered buyer has no GSTIN: nothing to fill in
            self.out.append(Row((
                Cell(key, 150 if self.wide else 136, size=Size.SMALL),
                Cell(value, FLEX, size=Size.SMALL, bold=True) if value
                else Cell(blank, FLEX, size=Size.SMALL, wrap=False),
            )))

    # -- lines ---------------------------------------------------------------------------
    def items(self) -> None:
        stacked = "\n"
        small = Size.SMALL
        if self.wide:
            self.out.append(Row((
                Cell(label("hsn", self.langs, stacked), 84, size=small, bold=True),
                Cell(label("qty", self.langs, stacked), FLEX, Align.RIGHT, small, True),
                Cell(label("rate", self.langs, stacked) + " ₹", 112, Align.RIGHT, small, True),
                Cell(label("gst", self.langs, stacked), 64, Align.RIGHT, small, True),
                Cell(label("amount", self.langs, stacked) + " ₹", self.amount_w, Align.RIGHT,
                     small, True),
            )))
        else:
            self.out.append(Row((
                Cell(f"{label('qty', self.langs)} × {label('rate', self.langs)}", FLEX,
                     Align.LEFT, small, True),
                Cell(label("amount", self.langs, stacked) + " ₹", self.amount_w, Align.RIGHT,
                     small, True),
            )))
        self.rule()
        for i, line in enumerate(self.doc.lines):
            if i:
                self.rule(dashed=True)
            self.item(line)
        self.rule()

    def item(self, line: ReceiptLine) -> None:
        number = f"{line.line_no}. "
        indent = 24 if line.line_no < 10 else 34
        names = self.each(line.name_en, line.name_hi)
        if names:
            self.out.append(Row((Cell(number, indent, bold=True),
                                 Cell(names[0], FLEX, bold=True)), gap=0))
        for name in names[1:]:
            self.add(Text(name, indent=indent))
        qty = format_quantity(line.qty_milli, self.lang, line.unit)
        rate = self.money(line.unit_price) if line.unit_price is not None else ""
        gst = format_rate(line.rate_bp, self.lang)
        if self.wide:
            self.out.append(Row((
                Cell(line.hsn, 84 - indent, size=Size.SMALL, wrap=False),
                Cell(qty, FLEX, Align.RIGHT, wrap=False),
                Cell(rate, 112, Align.RIGHT, wrap=False),
                Cell(gst, 64, Align.RIGHT, wrap=False),
                Cell(self.money(line.gross), self.amount_w, Align.RIGHT, bold=True, wrap=False),
            ), indent=indent))
        else:
            qty_rate = f"{qty} × {rate}" if rate else qty
            self.out.append(Row((
                Cell(qty_rate, FLEX, Align.LEFT, wrap=False),
                Cell(self.money(line.gross), self.amount_w, Align.RIGHT, bold=True,
                     wrap=False),
            ), indent=indent))
        if line.discount:
            self.out.append(Row((
                Cell(self.L("discount"), FLEX, size=Size.SMALL),
                Cell(self.money(-line.discount), self.amount_w, Align.RIGHT, Size.SMALL,
                     wrap=False),
            ), indent=indent))
        self.out.append(Row((Cell(self.line_tax(line), FLEX, size=Size.SMALL),),
                            indent=indent))

    def line_tax(self, line: ReceiptLine) -> str:
        """Rule 46 wants each line's taxable value and tax amounts, not only the summary.
        On 58 mm the HSN and GST rate lead it (80 mm has columns for them). Parts are kept
        whole with no-break spaces, so a line wraps only between them."""
        parts = []
        if not self.wide:
            parts.append(f"HSN {line.hsn}")
            parts.append(f"GST {format_rate(line.rate_bp, self.lang)}")
        parts.append(f"{one('taxable', Lang.EN)} {self.money(line.taxable)}")
        half = format_rate(line.rate_bp // 2, self.lang)
        if self.doc.inter_state:
            parts.append(f"IGST {format_rate(line.rate_bp, self.lang)} {self.money(line.igst)}")
        else:
            parts.append(f"CGST {half} {self.money(line.cgst)}")
            parts.append(f"SGST {half} {self.money(line.sgst)}")
        return " · ".join(part.replace(" ", "\u00a0") for part in parts)

    # -- totals --------------------------------------------------------------------------
    def totals(self) -> None:
        d = self.doc
        count = f"{self.L('items_count')}: {format_integer(len(d.lines), self.lang)}"
        units = {line.unit for line in d.lines}
        if len(units) == 1:  # a total quantity means something only in one unit
            qty = sum(line.qty_milli for line in d.lines)
            self.pair(count, f"{self.L('qty')}: "
                      f"{format_quantity(qty, self.lang, units.pop())}", size=Size.SMALL)
        else:
            self.text(count, size=Size.SMALL)
        if d.discount:
            self.amount(self.L("gross_value"), d.gross)
            self.amount(self.L("discount"), -d.discount)
        self.amount(self.L("taxable_value"), d.taxable)
        if d.inter_state:
            self.amount(self.L("igst"), d.igst)
        else:
            self.amount(self.L("cgst"), d.cgst)
            self.amount(self.L("sgst"), d.sgst)
        if d.round_off:
            self.amount(self.L("round_off"), d.round_off)
        self.rule(double=True)
        self.out.append(Row((
            Cell(self.L("total" if self.invoice else "refund_total"), FLEX, Align.LEFT,
                 Size.LARGE, True),
            Cell(self.rupees(d.total), FIT, Align.RIGHT, Size.HUGE, True, wrap=False),
        )))
        self.rule(double=True)
        for lang in self.langs:
            self.text(amount_in_words(d.total, lang), size=Size.SMALL)

    def tax_summary(self) -> None:
        d = self.doc
        if not d.tax_rows:
            return
        self.rule()
        small = Size.SMALL
        rate_w = 64 if self.wide else 48
        taxable_w = (self.cw - rate_w) // 3 if not d.inter_state else (self.cw - rate_w) // 2
        head = [Cell(self.L("tax_summary"), FLEX, size=small, bold=True)]
        self.out.append(Row(tuple(head)))
        cols = ["igst"] if d.inter_state else ["cgst", "sgst"]
        self.out.append(Row((
            Cell(one("gst", Lang.EN), rate_w, size=small, bold=True),
            Cell(one("taxable", Lang.EN), taxable_w, Align.RIGHT, small, True),
            *(Cell(one(c, Lang.EN), FLEX, Align.RIGHT, small, True) for c in cols),
        )))

        def row(rate: str, r: TaxRow, bold: bool = False) -> Row:
            amounts = [r.igst] if d.inter_state else [r.cgst, r.sgst]
            return Row((
                Cell(rate, rate_w, size=small, bold=bold, wrap=False),
                Cell(self.money(r.taxable), taxable_w, Align.RIGHT, small, bold, wrap=False),
                *(Cell(self.money(a), FLEX, Align.RIGHT, small, bold, wrap=False)
                  for a in amounts),
            ))

        for r in d.tax_rows:
            self.out.append(row(format_rate(r.rate_bp, self.lang), r))
        if len(d.tax_rows) > 1:
            total = TaxRow(0, d.taxable, d.cgst, d.sgst, d.igst)
            self.out.append(row(one("tax_total", self.lang), total, bold=True))

    def payments(self) -> None:
        d = self.doc
        if not d.payments:
            return
        self.rule()
        self.text(self.L("payment" if self.invoice else "refunded_by"), bold=True)
        for p in d.payments:
            mode = self.L(p.mode) if p.mode in ("cash", "upi", "card") else p.mode
            self.amount(mode, p.amount)
            if p.reference:
                self.text(f"{one('ref', Lang.EN)} {p.reference}", size=Size.SMALL, indent=16)
        cash_in = sum(p.tendered for p in d.payments if p.mode == Mode.CASH.value)
        if self.invoice and d.change:
            self.amount(self.L("tendered"), cash_in)
            self.amount(self.L("change"), d.change, bold=True)

    def paid_by(self, lang: Lang = Lang.EN) -> str:
        """"Paid by Cash, UPI ref 4123…": the cross-reference of an earlier payment."""
        parts = []
        for p in self.doc.payments:
            name = one(p.mode, lang) if p.mode in ("cash", "upi", "card") else p.mode
            parts.append(f"{name} {one('ref', lang)} {p.reference}" if p.reference else name)
        return f"{one('paid_by', lang)} " + ", ".join(parts)

    def qr(self) -> None:
        d = self.doc
        self.rule()
        # 5 dots (0.6 mm) per module on both papers for the usual UPI link (version 12)
        self.add(Qr(d.qr_payload, max_width=min(self.cw, 400)))
        if d.paid:
            for lang in self.langs:
                self.text(self.paid_by(lang), align=Align.CENTER, size=Size.SMALL, bold=True)
            for lang in self.langs:
                self.text(one("paid_note", lang), align=Align.CENTER, size=Size.SMALL,
                          bold=True)
        else:
            for lang in self.langs:
                self.text(one("scan_to_pay", lang), align=Align.CENTER, size=Size.SMALL)
        self.text(f"{self.doc.number} · {self.rupees(d.total)}", align=Align.CENTER,
                  size=Size.SMALL)

    def footer(self) -> None:
        h = self.doc.header
        texts = self.each(h.footer_en, h.footer_hi)
        if texts:
            self.rule()
            for text in texts:
                self.text(text, align=Align.CENTER, size=Size.SMALL)
        self.add(Space(8))


class _DayReport(_Base):
    def __init__(self, doc: DayReportData, width_dots: int) -> None:
        super().__init__(doc.langs, width_dots)
        self.doc = doc

    def blocks(self) -> list[Block]:
        d = self.doc
        f = d.figures
        h = d.header
        if d.duplicate:
            self.out.extend(duplicate_mark(self.langs, d.reprinted_at))
        for name in self.each(h.trade_name_en, h.trade_name_hi) or self.each(
                h.legal_name_en, h.legal_name_hi):
            self.text(name, align=Align.CENTER, bold=True)
        self.text(f"{one('gstin', Lang.EN)} {h.gstin}", align=Align.CENTER, size=Size.SMALL)
        self.add(Space(6))
        self.title_bar("z_report" if d.closing else "x_report")
        self.add(Space(4))
        self.pair(self.L("business_date"), format_date(d.business_date, self.lang), bold=True)
        self.pair(self.L("printed_at"), format_datetime(d.printed_at, self.lang))
        if d.staff:
            self.pair(self.L("closed_by" if d.closing else "cashier"), d.staff)
        self.rule()
        self.pair(self.L("invoices"), format_integer(f.sales_count, self.lang), bold=True)
        if f.first_invoice:
            self.pair(self.L("first_last"), "")
            self.text(f"{f.first_invoice} - {f.last_invoice}", align=Align.RIGHT,
                      size=Size.SMALL)
        self.amount(self.L("gross_sales"), f.gross)
        self.amount(self.L("discount"), -f.discount)
        self.amount(self.L("net_sales"), f.net)
        self.amount(self.L("taxable_value"), f.taxable)
        if f.igst:
            self.amount(self.L("igst"), f.igst)
        self.amount(self.L("cgst"), f.cgst)
        self.amount(self.L("sgst"), f.sgst)
        self.amount(self.L("round_off"), f.round_off)
        self.amount(self.L("sales_total"), f.payable, bold=True)
        self.rate_table(self.L("tax_summary"), f.by_rate)
        self.rule()
        self.pair(self.L("voided"), f"{format_integer(f.voided_count, self.lang)} · "
                  f"{self.money(f.voided_amount)}")
        self.pair(self.L("credit_notes"), format_integer(f.credit_notes_count, self.lang))
        self.amount(self.L("refunds"), -f.refunds)
        if f.returns_by_rate:
            self.rate_table(self.L("returns_tax"), f.returns_by_rate)
        self.rule(double=True)
        self.out.append(Row((
            Cell(self.L("day_net"), FLEX, size=Size.LARGE, bold=True),
            Cell(self.rupees(f.net_sales), FIT, Align.RIGHT, Size.LARGE, True, wrap=False),
        )))
        self.rule(double=True)
        self.by_mode(self.L("by_mode"), f.sales_by_mode, every_mode=True)
        if any(f.refunds_by_mode.values()):
            self.by_mode(self.L("refunds_by_mode"), f.refunds_by_mode)
        self.rule()
        self.text(self.L("cash_drawer"), bold=True)
        cash = Mode.CASH.value
        self.amount(self.L("opening_float"), f.opening_float)
        self.amount(self.L("cash_sales"), f.sales_by_mode.get(cash, 0))
        self.amount(self.L("cash_refunds"), -f.refunds_by_mode.get(cash, 0))
        self.amount(self.L("paid_in"), f.paid_in)
        self.amount(self.L("paid_out"), -f.paid_out)
        self.amount(self.L("expected_cash"), f.expected_cash, bold=True)
        count = d.cash_count
        if count is not None:
            self.rule(dashed=True)
            self.text(self.L("denominations"), bold=True, size=Size.SMALL)
            # highest first, a note before a coin of the same value, whatever order the
            # count was stored in
            for key, n in sorted(count.counts.items(), key=lambda kv: (
                    -denomination_value(kv[0]), not kv[0].startswith("note"))):
                if not n:
                    continue
                kind = one("note" if key.startswith("note") else "coin", self.lang)
                value = denomination_value(key)
                rupees = f"₹{format_integer(value // 100, self.lang)}"
                self.out.append(Row((
                    Cell(f"{rupees} {kind}", FLEX, size=Size.SMALL),
                    Cell(f"× {format_integer(n, self.lang)}", 80, Align.RIGHT, Size.SMALL),
                    Cell(self.money(value * n), self.amount_w, Align.RIGHT, Size.SMALL,
                         wrap=False),
                )))
            self.amount(self.L("counted_cash"), count.counted, bold=True)
            self.amount(self.L("variance"), count.variance, bold=True)
            if d.variance_reason:
                self.pair(self.L("reason"), "")
                self.text(d.variance_reason, indent=16, size=Size.SMALL)
        if d.closing:
            self.add(Space(40))
            self.pair(self.L("signature"), "_" * (20 if self.wide else 14))
        self.add(Space(8))
        if d.duplicate:
            self.out.extend(duplicate_mark(self.langs, d.reprinted_at))
        return self.out

    def rate_table(self, title: str, rows: Sequence[RateRow]) -> None:
        self.text(title, size=Size.SMALL, bold=True)
        for r in rows:
            tax = r.cgst + r.sgst + r.igst
            self.out.append(Row((
                Cell(format_rate(r.rate_bp, self.lang), 56, size=Size.SMALL, wrap=False),
                Cell(f"{one('taxable', Lang.EN)} {self.money(r.taxable)}", FLEX, Align.RIGHT,
                     Size.SMALL, wrap=False),
                Cell(f"{one('gst', Lang.EN)} {self.money(tax)}", FLEX, Align.RIGHT, Size.SMALL,
                     wrap=False),
            )))

    def by_mode(self, title: str, amounts: Mapping[str, Paise], *,
                every_mode: bool = False) -> None:
        """Cash, UPI, card (all three when ``every_mode``, else those with an amount), then
        any other mode as it is named."""
        self.text(title, size=Size.SMALL, bold=True)
        known = (Mode.CASH.value, Mode.UPI.value, Mode.CARD.value)
        for mode in known:
            if every_mode or amounts.get(mode, 0):
                self.amount(self.L(mode), int(amounts.get(mode, 0)))
        for mode, value in amounts.items():
            if mode not in known and value:
                self.amount(str(mode), int(value))


def duplicate_mark(langs: Sequence[Lang], reprinted_at: datetime | None = None) -> list[Block]:
    """The DUPLICATE / प्रतिलिपि bar of a reprint, with when it was reprinted."""
    out: list[Block] = [Text(label("duplicate", langs), Align.CENTER, Size.HUGE, bold=True,
                             inverse=True)]
    if reprinted_at is not None:
        when = format_datetime(reprinted_at, Lang(langs[0]))
        out.append(Text(f"{label('reprinted', langs)} {when}", Align.CENTER, Size.SMALL))
    out.append(Space(6))
    return out


def _test_page(doc: TestPageData, width_dots: int) -> list[Block]:
    b = _Base(doc.langs, width_dots)
    b.title_bar("test_page")
    b.add(Space(4))
    if doc.shop:
        b.text(doc.shop, align=Align.CENTER, bold=True)
    b.pair(b.L("printer"), doc.printer)
    b.pair("", doc.connection, size=Size.SMALL)
    mm = 58 if width_dots <= 384 else 80
    b.pair(b.L("paper"), f"{mm} mm · {width_dots} {one('dots', Lang.EN)}")
    b.pair(b.L("darkness"), f"{doc.darkness} / 100")
    b.pair(b.L("printed_at"), format_datetime(doc.printed_at, b.lang))
    b.add(Space(8))
    b.text(b.L("edges"), align=Align.CENTER, size=Size.SMALL)
    b.add(Ruler())
    b.add(Space(8))
    b.text(b.L("font_sample"), bold=True)
    for size in (Size.SMALL, Size.NORMAL, Size.LARGE):
        b.text("क्षत्रिय श्रीफल बुद्ध ज्ञान कर्म किताब ₹1,23,456.50", size=size)
    b.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789", size=Size.SMALL)
    b.text("हथकरघा · हस्तशिल्प · खादी · चंदेरी · माहेश्वरी", bold=True)
    b.add(Space(8))
    b.text(b.L("lines_sample"), size=Size.SMALL)
    for thickness in (1, 2, 3, 4):
        b.add(Rule(thickness=thickness, space=4))
    b.add(Space(8))
    b.text(b.L("qr_sample"), align=Align.CENTER, size=Size.SMALL)
    b.add(Qr(doc.qr_payload, max_width=b.cw // 2))
    b.add(Space(8))
    return b.out


__all__ = ["MARGIN", "Document", "content_width", "duplicate_mark", "layout"]
