"""Receipt data and layout: what is printed, before any pixel (pure, no Qt needed)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from pos.domain.upi import UpiInvoice, invoice_number_from_scan, upi_link
from pos.locale import Lang, amount_in_words, format_money
from pos.printing.blocks import Block, Qr, Row, Ruler, Text
from pos.printing.layout import layout
from pos.printing.receipt import DocumentType, ReceiptHeader, receipt_for_sale
from tests.printing import samples

WIDTHS = (384, 576)


def texts(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Text):
            out.append(b.text)
        elif isinstance(b, Row):
            out.extend(c.text for c in b.cells)
    return out


def flat(blocks: list[Block]) -> str:
    return "\n".join(texts(blocks)).replace("\u00a0", " ")


@pytest.mark.parametrize("width", WIDTHS)
def test_tax_invoice_carries_rule_46_contents(width: int) -> None:
    data = samples.fixed_receipt()
    blocks = layout(data, width)
    text = flat(blocks)
    h = samples.HEADER
    for must in (h.legal_name_en, h.legal_name_hi, h.address_en, h.address_hi,
                 f"GSTIN {h.gstin}", "TAX INVOICE / कर बीजक", data.number,
                 "22-11-2026 14:05",  # 08:35 UTC on the wall clock of India
                 "Place of supply / आपूर्ति का स्थान", "23 - Madhya Pradesh / मध्य प्रदेश",
                 "Reverse charge / रिवर्स चार्ज", "No / नहीं",
                 "Cashier / कैशियर", "Asha Verma / आशा वर्मा",
                 "Taxable value / कर योग्य मूल्य", "CGST / सीजीएसटी", "SGST / एसजीएसटी",
                 "TOTAL / कुल", format_money(data.total, Lang.EN),
                 amount_in_words(data.total, Lang.EN), amount_in_words(data.total, Lang.HI),
                 h.footer_en, h.footer_hi):
        assert must in text, must
    for line in data.lines:
        assert line.name_en in text and line.name_hi in text
        assert line.hsn in text
        assert f"Taxable {format_money(line.taxable, Lang.EN, symbol=False)}" in text
    assert "2.5 MTR" in text  # quantity with its unit
    assert "Discount / छूट" in text
    assert "IGST" not in text
    # the GST summary: one row per rate
    assert {r.rate_bp for r in data.tax_rows} == {500, 1800}


def test_sample_bill_is_what_the_issue_asks_for() -> None:
    data = samples.fixed_receipt()
    hindi = " ".join(line.name_hi for line in data.lines)
    for cluster in ("क्ष", "श्र", "द्ध", "ज्ञ", "र्", "ि"):
        assert cluster in hindi, cluster
    assert len({line.rate_bp for line in data.lines}) >= 2
    assert any(line.discount for line in data.lines)
    assert {p.mode for p in data.payments} == {"upi", "cash"}
    assert data.change > 0 and data.paid
    assert data.taxable + data.tax + data.round_off == data.total


@pytest.mark.parametrize("width", WIDTHS)
def test_b2c_qr_is_the_upi_link_with_gst_breakup(width: int) -> None:
    data = samples.fixed_receipt()
    qrs = [b for b in layout(data, width) if isinstance(b, Qr)]
    assert len(qrs) == 1
    h = samples.HEADER
    expected = upi_link(UpiInvoice(
        vpa=h.upi_vpa, payee=h.upi_payee, invoice_no=data.number,
        invoice_date=data.issued_at.date(), amount=data.total, gstin=h.gstin,
        cgst=data.cgst, sgst=data.sgst))
    assert qrs[0].payload == expected == data.qr_payload
    query = parse_qs(urlsplit(expected).query)
    assert query["invoiceNo"] == [data.number]
    assert query["gstBrkUp"][0].startswith("GST:")
    assert invoice_number_from_scan(expected) == data.number  # returns scan the receipt


def test_paid_bill_prints_the_payment_reference_and_a_warning() -> None:
    text = flat(layout(samples.fixed_receipt(), 576))
    reference = samples.fixed_receipt().payments[0].reference
    assert f"Paid by UPI ref {reference}" in text
    assert f"भुगतान: यूपीआई संदर्भ {reference}" in text
    assert "PAID. Do not pay again." in text
    assert "भुगतान हो चुका है, दोबारा भुगतान न करें।" in text


def test_unpaid_bill_invites_upi_payment() -> None:
    data = replace(samples.fixed_receipt(), payments=(), change=0)
    assert not data.paid
    text = flat(layout(data, 576))
    assert "Scan with any UPI app to pay" in text
    assert "PAID" not in text


def test_b2b_invoice_has_buyer_block_and_no_upi_qr() -> None:
    data = samples.b2b_receipt()
    blocks = layout(data, 576)
    text = flat(blocks)
    assert "Buyer / क्रेता" in text
    assert "Shri Ram Handloom Traders" in text and "23ABCPS1234F1Z5" in text
    assert not data.qr_payload
    assert not any(isinstance(b, Qr) for b in blocks)


def test_b2c_from_50000_taxable_prints_a_buyer_block_to_fill_in() -> None:
    data = samples.big_b2c_receipt()
    assert data.taxable >= 5_000_000 and data.buyer is None and data.buyer_required
    text = flat(layout(data, 384))
    assert "Buyer / क्रेता" in text and "Name / नाम" in text and "____" in text
    small = samples.fixed_receipt()
    assert "Buyer / क्रेता" not in flat(layout(small, 384))


def test_inter_state_prints_igst() -> None:
    from pos.domain.tax import Supply

    sale = samples.make_sale([(samples.PRODUCTS[1], 1000)], supply=Supply.INTER_STATE)
    data = receipt_for_sale(sale, samples.HEADER)
    text = flat(layout(data, 576))
    assert data.inter_state and data.igst > 0 and data.cgst == 0
    assert "IGST / आईजीएसटी" in text and "CGST / सीजीएसटी" not in text
    assert "IGST%3A" in data.qr_payload


def test_credit_note_cites_the_invoice_and_prints_positive_refund() -> None:
    data = samples.credit_note_data()
    assert data.kind is DocumentType.CREDIT_NOTE
    text = flat(layout(data, 384))
    assert "CREDIT NOTE / क्रेडिट नोट" in text
    assert "Against invoice / मूल बीजक" in text and data.original_no in text
    assert "22-11-2026" in text  # the invoice's date
    assert "REFUND / वापसी राशि" in text
    assert data.total > 0 and all(line.amount > 0 for line in data.lines)
    assert data.taxable + data.tax + data.round_off == data.total
    assert not data.qr_payload
    assert "Refunded by / वापसी का माध्यम" in text


def test_duplicate_is_marked_at_top_and_bottom() -> None:
    data = samples.fixed_receipt().as_duplicate()
    blocks = layout(data, 576)
    marks = [i for i, b in enumerate(blocks)
             if isinstance(b, Text) and b.text == "DUPLICATE / प्रतिलिपि"]
    assert len(marks) == 2
    assert marks[0] == 0 and marks[1] > len(blocks) - 4
    assert all(isinstance(blocks[i], Text) and blocks[i].inverse for i in marks)  # type: ignore[union-attr]
    assert "DUPLICATE" not in flat(layout(samples.fixed_receipt(), 576))


def test_one_language_receipt() -> None:
    sale = samples.make_sale([(samples.PRODUCTS[2], 1000)])
    data = receipt_for_sale(sale, samples.HEADER, Lang.HI, bilingual=False)
    text = flat(layout(data, 384))
    assert "कर बीजक" in text and "TAX INVOICE" not in text
    assert "कुल" in text and amount_in_words(data.total, Lang.HI) in text
    assert amount_in_words(data.total, Lang.EN) not in text
    assert "1 नग" in text  # the quantity's unit in Hindi


def test_hindi_first_bilingual_order() -> None:
    sale = samples.make_sale([(samples.PRODUCTS[2], 1000)])
    data = receipt_for_sale(sale, samples.HEADER, Lang.HI)
    assert data.langs == (Lang.HI, Lang.EN)
    assert "कर बीजक / TAX INVOICE" in flat(layout(data, 576))


@pytest.mark.parametrize("closing", [False, True])
def test_day_reports(closing: bool) -> None:
    data = samples.day_report_data(closing)
    text = flat(layout(data, 576))
    f = data.figures
    assert ("Z REPORT" in text) is closing and ("X REPORT" in text) is not closing
    for must in ("Business date / व्यापार दिनांक", "22-11-2026", "Invoices / बीजक",
                 f.first_invoice, f.last_invoice, "Expected cash / अपेक्षित नकद",
                 format_money(f.expected_cash, Lang.EN, symbol=False),
                 format_money(f.net_sales, Lang.EN)):
        assert must in text, must
    assert ("Counted cash / गिना गया नकद" in text) is closing
    if closing:
        assert data.cash_count is not None
        assert format_money(data.cash_count.variance, Lang.EN, symbol=False) in text
        assert "Signature / हस्ताक्षर" in text


def test_test_page_has_ruler_shaping_sample_and_qr() -> None:
    blocks = layout(samples.page_data(), 384)
    assert any(isinstance(b, Ruler) for b in blocks)
    assert any(isinstance(b, Qr) and b.payload == "EMPORIUM-POS TEST" for b in blocks)
    assert "क्षत्रिय" in flat(blocks)


def test_layout_refuses_a_width_that_is_not_whole_bytes() -> None:
    with pytest.raises(ValueError):
        layout(samples.fixed_receipt(), 380)


def test_header_from_demo_outlet_settings() -> None:
    from pos.demo import load_demo_catalogue

    outlet = load_demo_catalogue().outlet("IITF26")
    header = ReceiptHeader.from_settings(outlet, logo_png=b"png")
    assert header.legal_name_en == outlet.legal_name
    assert header.trade_name_hi == outlet.name_hi
    assert header.gstin == outlet.gstin and header.state_code == "07"
    assert header.upi_vpa == outlet.upi_vpa and header.upi_payee == outlet.upi_payee_name
    assert header.footer_hi == outlet.receipt_footer_hi
    assert header.logo_png == b"png"
