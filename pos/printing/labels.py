"""The fixed words printed on receipts and reports, in English and Hindi.

Receipts are bilingual by default: a label prints as ``"Total / कुल"`` in the order of the
document's languages. The Hindi is the wording of CBIC's Hindi GST forms where one exists
(कर बीजक, आपूर्ति का स्थान, कर योग्य मूल्य), else what Indian shop receipts print.
"""

from __future__ import annotations

from collections.abc import Sequence

from pos.locale import Lang

LABELS: dict[str, tuple[str, str]] = {
    # documents
    "tax_invoice": ("TAX INVOICE", "कर बीजक"),
    "credit_note": ("CREDIT NOTE", "क्रेडिट नोट"),
    "duplicate": ("DUPLICATE", "प्रतिलिपि"),
    "reprinted": ("Reprinted", "पुनर्मुद्रित"),
    "x_report": ("X REPORT (MID-DAY)", "एक्स रिपोर्ट (दिन के बीच)"),
    "z_report": ("Z REPORT (DAY CLOSE)", "ज़ेड रिपोर्ट (दिवस समापन)"),
    "test_page": ("PRINTER TEST PAGE", "प्रिंटर परीक्षण पृष्ठ"),
    # supplier and document block
    "gstin": ("GSTIN", "जीएसटीआईएन"),
    "phone": ("Ph", "फ़ोन"),
    "invoice_no": ("Invoice No", "बीजक सं."),
    "credit_no": ("Credit Note No", "क्रेडिट नोट सं."),
    "date": ("Date", "दिनांक"),
    "against_invoice": ("Against invoice", "मूल बीजक"),
    "invoice_date": ("Invoice date", "बीजक दिनांक"),
    "reason": ("Reason", "कारण"),
    "place_of_supply": ("Place of supply", "आपूर्ति का स्थान"),
    "reverse_charge": ("Reverse charge", "रिवर्स चार्ज"),
    "no": ("No", "नहीं"),
    "yes": ("Yes", "हाँ"),
    "cashier": ("Cashier", "कैशियर"),
    "closed_by": ("Closed by", "दिन बंद किया"),
    "approved_by": ("Approved by", "स्वीकृतकर्ता"),
    # buyer
    "buyer": ("Buyer", "क्रेता"),
    "name": ("Name", "नाम"),
    "address": ("Address", "पता"),
    "state": ("State", "राज्य"),
    # lines
    "item": ("Item", "वस्तु"),
    "hsn": ("HSN", "एचएसएन"),
    "qty": ("Qty", "मात्रा"),
    "rate": ("Rate", "दर"),
    "gst": ("GST", "जीएसटी"),
    "amount": ("Amount", "राशि"),
    "discount": ("Discount", "छूट"),
    "taxable": ("Taxable", "कर योग्य"),
    "items_count": ("Items", "वस्तुएँ"),
    # totals
    "gross_value": ("Value before discount", "छूट से पहले मूल्य"),
    "taxable_value": ("Taxable value", "कर योग्य मूल्य"),
    "cgst": ("CGST", "सीजीएसटी"),
    "sgst": ("SGST", "एसजीएसटी"),
    "igst": ("IGST", "आईजीएसटी"),
    "round_off": ("Round off", "पूर्णांकन"),
    "total": ("TOTAL", "कुल"),
    "refund_total": ("REFUND", "वापसी राशि"),
    "in_words": ("In words", "शब्दों में"),
    "tax_summary": ("GST summary", "जीएसटी सारांश"),
    "tax_total": ("Total", "योग"),
    # payment
    "payment": ("Payment", "भुगतान"),
    "cash": ("Cash", "नकद"),
    "upi": ("UPI", "यूपीआई"),
    "card": ("Card", "कार्ड"),
    "ref": ("ref", "संदर्भ"),
    "tendered": ("Cash received", "प्राप्त नकद"),
    "change": ("Change", "वापस"),
    "refunded_by": ("Refunded by", "वापसी का माध्यम"),
    "paid_by": ("Paid by", "भुगतान:"),
    "paid_note": ("PAID. Do not pay again.", "भुगतान हो चुका है, दोबारा भुगतान न करें।"),
    "scan_to_pay": ("Scan with any UPI app to pay", "किसी भी यूपीआई ऐप से स्कैन कर भुगतान करें"),
    "qr_details": ("QR: invoice and GST details", "क्यूआर: बीजक और जीएसटी विवरण"),
    # reports
    "business_date": ("Business date", "व्यापार दिनांक"),
    "printed_at": ("Printed", "मुद्रण"),
    "invoices": ("Invoices", "बीजक"),
    "first_last": ("First - last", "पहला - अंतिम"),
    "gross_sales": ("Gross sales", "सकल बिक्री"),
    "net_sales": ("Sales after discount", "छूट के बाद बिक्री"),
    "sales_total": ("Invoiced (with round off)", "बीजक राशि (पूर्णांकन सहित)"),
    "voided": ("Cancelled invoices", "रद्द बीजक"),
    "credit_notes": ("Credit notes", "क्रेडिट नोट"),
    "refunds": ("Refunds", "वापसी"),
    "returns_tax": ("GST on returns", "वापसी पर जीएसटी"),
    "day_net": ("Net takings", "शुद्ध प्राप्ति"),
    "by_mode": ("Sales by payment mode", "भुगतान माध्यम अनुसार बिक्री"),
    "refunds_by_mode": ("Refunds by mode", "माध्यम अनुसार वापसी"),
    "cash_drawer": ("Cash drawer", "कैश ड्रॉअर"),
    "opening_float": ("Opening float", "आरंभिक नकद"),
    "cash_sales": ("Cash sales", "नकद बिक्री"),
    "cash_refunds": ("Cash refunds", "नकद वापसी"),
    "paid_in": ("Paid in", "जमा"),
    "paid_out": ("Paid out", "निकासी"),
    "expected_cash": ("Expected cash", "अपेक्षित नकद"),
    "counted_cash": ("Counted cash", "गिना गया नकद"),
    "variance": ("Variance", "अंतर"),
    "denominations": ("Cash count", "नकद गिनती"),
    "note": ("note", "नोट"),
    "coin": ("coin", "सिक्का"),
    "signature": ("Signature", "हस्ताक्षर"),
    # test page
    "printer": ("Printer", "प्रिंटर"),
    "printer_file": ("File (demo)", "फ़ाइल (डेमो)"),
    "printer_lan": ("Network", "नेटवर्क"),
    "printer_usb": ("USB", "यूएसबी"),
    "printer_serial": ("Serial", "सीरियल"),
    "printer_windows": ("Windows driver", "विंडोज़ ड्राइवर"),
    "paper": ("Paper", "कागज़"),
    "darkness": ("Darkness", "गहराई"),
    "dots": ("dots", "डॉट"),
    "font_sample": ("Font sample", "फ़ॉन्ट नमूना"),
    "lines_sample": ("Lines 1, 2, 3, 4 dots", "रेखाएँ 1, 2, 3, 4 डॉट"),
    "qr_sample": ("QR code: scan to check", "क्यूआर कोड: स्कैन कर जाँचें"),
    "edges": ("Both edges must show", "दोनों किनारे दिखने चाहिए"),
}


def label(key: str, langs: Sequence[Lang], sep: str = " / ") -> str:
    """The label ``key`` in each of ``langs`` joined by ``sep``: ``"Total / कुल"``."""
    en, hi = LABELS[key]
    words = [en if Lang(lang) is Lang.EN else hi for lang in langs]
    unique = list(dict.fromkeys(words))
    return sep.join(unique)


def one(key: str, lang: Lang) -> str:
    """The label ``key`` in one language."""
    en, hi = LABELS[key]
    return en if Lang(lang) is Lang.EN else hi
