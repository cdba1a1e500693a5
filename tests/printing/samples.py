"""Receipts for the printing tests.

* :func:`fixed_receipt`: inline products and seller (no dependency on the demo files, so the
  golden images change only when printing changes): long Hindi names with क्ष श्र द्ध ज्ञ,
  reph and the ि matra, two GST rates, a discount, a fabric by the metre, UPI + cash.
* :func:`demo_receipt`: the same kind of bill from ``pos.demo`` (the Bhopal emporium), what
  ``emporium-pos receipt-sample`` prints.
* :func:`long_receipt`: ``n`` lines, for images far taller than 911 rows at 576 dots.
* :func:`credit_note_data`, :func:`day_report_data`, :func:`page_data` (test page).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from pos.domain.cart import Cart, RateRow
from pos.domain.catalog import Product, ProductSnapshot, Unit
from pos.domain.discounts import Discount, DiscountLimit, DiscountPolicy, Role
from pos.domain.documents import Customer, Sale
from pos.domain.numbering import DocumentKind, FinancialYear, Series
from pos.domain.payments import Tender, settle
from pos.domain.reports import DayFigures, cash_count
from pos.domain.returns import SoldLine, credit_note
from pos.domain.tax import PriceBand, Supply, TaxRule, select_rule
from pos.printing.receipt import (
    CreditedLine,
    CreditNoteInput,
    DayReportData,
    ReceiptData,
    ReceiptHeader,
    TestPageData,
    day_report,
    receipt_for_credit_note,
    receipt_for_sale,
)
from pos.printing.sample import sample_receipt

DAY = date(2026, 11, 22)
FROM = date(2025, 9, 22)

RULES: tuple[TaxRule, ...] = (
    TaxRule("SILK-50", "50", FROM, rate_bp=500),
    TaxRule("COTTON-52", "52", FROM, rate_bp=500),
    TaxRule("APPAREL-62", "62", FROM, band=PriceBand(250_000, 500, 1800)),
    TaxRule("SHAWL-HANDMADE", "6214", FROM, handicraft=True, rate_bp=500),
    TaxRule("HC-METAL-8306", "8306", FROM, handicraft=True, rate_bp=500),
    TaxRule("FURNITURE-9403", "9403", FROM, rate_bp=1800),
)


def _product(sku: str, en: str, hi: str, hsn: str, rupees: int, *, unit: Unit = Unit.PCS,
             handicraft: bool = False) -> Product:
    return Product(product_id=f"id-{sku}", sku=sku, name_en=en, name_hi=hi, hsn=hsn,
                   unit=unit, mrp=rupees * 100, is_handicraft=handicraft,
                   barcodes=(f"2000000{abs(hash(sku)) % 10**6:06d}",))


PRODUCTS: tuple[Product, ...] = (
    _product("SAR-BRIDAL", "Chanderi Silk Saree - Bridal Red with Heavy Zari Pallu and Gota "
             "Border", "चंदेरी सिल्क साड़ी - दुल्हन लाल, भारी ज़री पल्लू एवं गोटा बॉर्डर",
             "500720", 15800),
    _product("DHK-BUDDHA", "Dhokra Buddha - Gyan Mudra, 8 in", "ढोकरा बुद्ध - ज्ञान मुद्रा, 8 इंच",
             "830629", 2950, handicraft=True),
    _product("SAR-RUDRAKSH", "Maheshwari Silk Cotton Saree - Rudraksh Border, Brown",
             "माहेश्वरी सिल्क कॉटन साड़ी - रुद्राक्ष बॉर्डर, कत्थई", "500790", 3650),
    _product("SHL-PASHMINA", "Handloom Wool Shawl - Pashmina Blend, Beige",
             "हथकरघा ऊनी शॉल - पश्मीना मिश्रित, बादामी", "621420", 3450, handicraft=True),
    _product("FUR-CHAIR", "Sheesham Wood Chair with Brass Inlay", "पीतल जड़ाई वाली शीशम की कुर्सी",
             "940360", 8900),
    _product("FAB-BAGH", "Bagh Print Cotton Fabric - Peacock Border",
             "बाग प्रिंट सूती कपड़ा - मोर बॉर्डर", "520852", 380, unit=Unit.MTR),
)

HEADER = ReceiptHeader(
    legal_name_en="M.P. Laghu Udyog Nigam Ltd.",
    legal_name_hi="म.प्र. लघु उद्योग निगम लि.",
    trade_name_en="Mrignayani Emporium, Bhopal",
    trade_name_hi="मृगनयनी एम्पोरियम, भोपाल",
    gstin="23AABCM4821N1ZH",
    state_code="23",
    address_en="Gangotri Complex, New Market, T.T. Nagar, Bhopal 462003, Madhya Pradesh",
    address_hi="गंगोत्री कॉम्प्लेक्स, न्यू मार्केट, टी.टी. नगर, भोपाल 462003, मध्य प्रदेश",
    phone="0755-2550000",
    upi_vpa="demo.mrignayani-bpl@sbi",
    upi_payee="Mrignayani Emporium Bhopal",
    header_en="Mrignayani — M.P. State Emporium\nHandloom · Handicraft · Khadi",
    header_hi="मृगनयनी — म.प्र. राज्य एम्पोरियम\nहथकरघा · हस्तशिल्प · खादी",
    footer_en="Exchange within 7 days with this receipt; goods unused, tags intact. Thank you!",
    footer_hi="इस रसीद के साथ 7 दिन के भीतर सामान बदला जा सकता है, बशर्ते वह अप्रयुक्त हो "
              "और टैग लगा हो। धन्यवाद!",
)


def fixed_receipt() -> ReceiptData:
    return sample_receipt(PRODUCTS, RULES, HEADER, on=DAY, cashier="Asha Verma / आशा वर्मा")


def demo_receipt(outlet_id: str = "BPL1") -> ReceiptData:
    from pos.demo import load_demo_catalogue

    cat = load_demo_catalogue()
    header = ReceiptHeader.from_settings(cat.outlet(outlet_id))
    outlet = cat.outlet(outlet_id)
    return sample_receipt(cat.products, cat.tax_rules, header, on=DAY,
                          series_prefix=outlet.series_prefix)


def make_sale(lines: list[tuple[Product, int]], *, counter: int = 7, tenders: list[Tender]
              | None = None, customer: Customer | None = None,
              supply: Supply = Supply.INTRA_STATE) -> Sale:
    policy = DiscountPolicy({Role.MANAGER: DiscountLimit(5000, 5000)})
    cart = Cart(sale_date=DAY, policy=policy, supply=supply)
    for i, (product, qty) in enumerate(lines):
        rule = select_rule(RULES, product.hsn, product.is_handicraft, DAY)
        line = cart.add(ProductSnapshot.of(product, rule), qty)
        if i % 7 == 3:
            cart.set_line_discount(line.line_id, Discount.percent(500), Role.MANAGER)
    totals = cart.totals()
    assert totals.can_complete, totals.problems
    settlement = settle(totals.payable, tenders or [Tender.cash(totals.payable)])
    return Sale(
        sale_id=f"sale-{counter}", invoice_no=Series("BPL1A").format(FinancialYear.of(DAY),
                                                                     counter),
        outlet_id="BPL1", day_id="day-1", business_date=DAY,
        created_at=datetime(2026, 11, 22, 8, 35, tzinfo=UTC), staff_id="asha",
        supply=supply, place_of_supply="23", totals=totals, bill_discount=None,
        settlement=settlement, customer=customer or Customer(),
    )


def long_receipt(n: int = 60) -> ReceiptData:
    """``n`` lines cycling the products (each as its own line: different quantities)."""
    lines = []
    for i in range(n):
        product = PRODUCTS[i % len(PRODUCTS)]
        qty = 1250 + 250 * i if product.unit is Unit.MTR else 1000 * (1 + i // len(PRODUCTS))
        lines.append((product, qty))
    return receipt_for_sale(_long_sale(lines), HEADER, cashier="Asha")


def _long_sale(lines: list[tuple[Product, int]]) -> Sale:
    # Cart merges repeated undiscounted products; a long bill needs separate lines, so each
    # repeat gets a distinct product id.
    distinct = []
    for i, (product, qty) in enumerate(lines):
        copy = Product(**{**{f: getattr(product, f) for f in product.__dataclass_fields__},
                          "product_id": f"{product.product_id}-{i}"})
        distinct.append((copy, qty))
    return make_sale(distinct, counter=8)


def b2b_receipt() -> ReceiptData:
    buyer = Customer(name="Shri Ram Handloom Traders", gstin="23ABCPS1234F1Z5",
                     address="12 Sarafa Bazar, Indore 452002", state_code="23")
    sale = make_sale([(PRODUCTS[0], 4000)], customer=buyer)
    return receipt_for_sale(sale, HEADER, cashier="Asha")


def big_b2c_receipt() -> ReceiptData:
    """Taxable value above ₹50,000 with no buyer details: the buyer block prints blank."""
    sale = make_sale([(PRODUCTS[0], 4000)], counter=9)
    return receipt_for_sale(sale, HEADER, cashier="Asha")


def credit_note_data() -> ReceiptData:
    sale = make_sale([(PRODUCTS[1], 2000), (PRODUCTS[5], 2500)])
    sold = [SoldLine(i, p.line.qty_milli, p.tax) for i, p in enumerate(sale.totals.lines, 1)
            if p.tax is not None]
    totals = credit_note([(sold[0], 1000), (sold[1], 1000)], Supply.INTRA_STATE)
    names = {i: p.line.product for i, p in enumerate(sale.totals.lines, 1)}
    note = CreditNoteInput(
        credit_no=Series("BPL1C", DocumentKind.CREDIT_NOTE).format(FinancialYear.of(DAY), 3),
        created_at=datetime(2026, 11, 24, 6, 0, tzinfo=UTC),
        invoice_no=sale.invoice_no, invoice_date=sale.business_date,
        supply=Supply.INTRA_STATE, place_of_supply="23",
        lines=tuple(CreditedLine(c.line_no, names[c.line_no].name_en, names[c.line_no].name_hi,
                                 names[c.line_no].hsn, names[c.line_no].unit.value, c.qty_milli,
                                 c.tax) for c in totals.lines),
        round_off=totals.round_off, refund=totals.refund, refund_mode="cash",
        reason="Customer changed mind; goods unused / ग्राहक ने मन बदला", staff="Asha",
    )
    return receipt_for_credit_note(note, HEADER)


def day_figures() -> DayFigures:
    return DayFigures(
        sales_count=42, gross=31_250_000, discount=1_250_000, net=30_000_000,
        taxable=28_095_238, cgst=952_381, sgst=952_381, round_off=-12, payable=29_999_988,
        by_rate=(RateRow(500, 23_809_524, 595_238, 595_238, 0),
                 RateRow(1800, 4_285_714, 357_143, 357_143, 0)),
        voided_count=1, voided_amount=345_000, credit_notes_count=2, refunds=472_500,
        returns_by_rate=(RateRow(500, -450_000, -11_250, -11_250, 0),),
        sales_by_mode={"cash": 12_000_000, "upi": 15_999_988, "card": 2_000_000},
        refunds_by_mode={"cash": 472_500},
        opening_float=500_000, paid_in=0, paid_out=150_000,
        first_invoice="BPL1A/2627/000101", last_invoice="BPL1A/2627/000142",
    )


def day_report_data(closing: bool = True) -> DayReportData:
    figures = day_figures()
    counts = {"note:50000": 230, "note:20000": 15, "note:10000": 7, "note:5000": 1,
              "coin:1000": 1, "coin:500": 1}  # ₹1,18,765: ₹10 short
    return day_report(figures, HEADER, business_date=DAY,
                      printed_at=datetime(2026, 11, 22, 15, 30, tzinfo=UTC), closing=closing,
                      cash_count=cash_count(figures, counts) if closing else None,
                      staff="Ravi Shrivastava (manager)")


def page_data() -> TestPageData:
    return TestPageData(printer="Counter 1", connection="lan://192.168.1.50:9100",
                        printed_at=datetime(2026, 11, 22, 9, 0), shop="Mrignayani, Bhopal")
