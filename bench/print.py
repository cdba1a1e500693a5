"""``print``: lay out, render (Qt) and encode (ESC/POS) a 40-line bilingual receipt.

Baseline: encoding an already-rendered image of the same size, measured in the same run, so
the ratio says what layout and Qt rendering cost over the byte shuffling. The QR cache is
cleared before each run: every bill is a new invoice (a preview followed by the print of the
same bill saves the ~20 ms segno spends choosing the QR mask). Target: render +
encode p99 ≤ 150 ms at 80 mm. Also reports the job's size in bytes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial

from bench.harness import Figure, measure
from pos.demo import load_demo_catalogue
from pos.domain.cart import Cart
from pos.domain.catalog import ProductSnapshot
from pos.domain.discounts import Discount, DiscountLimit, DiscountPolicy, Role
from pos.domain.documents import Sale
from pos.domain.numbering import FinancialYear, Series
from pos.domain.payments import Tender, settle
from pos.domain.tax import QTY_SCALE, Supply, TaxError, select_rule, tax_line
from pos.printing.encode import encode_job
from pos.printing.receipt import ReceiptData, ReceiptHeader, receipt_for_sale
from pos.printing.render import ensure_qt, qr_matrix, render_document

DAY = date(2026, 11, 22)


def receipt(lines: int = 40) -> ReceiptData:
    cat = load_demo_catalogue()
    outlet = cat.outlet("BPL1")
    cart = Cart(sale_date=DAY, policy=DiscountPolicy({Role.MANAGER: DiscountLimit(5000, 5000)}))
    for product in sorted(cat.products, key=lambda p: p.sku):
        if len(cart) == lines:
            break
        try:
            rule = select_rule(cat.tax_rules, product.hsn, product.is_handicraft, DAY)
            tax_line(rule, product.mrp, QTY_SCALE, Supply.INTRA_STATE)
        except TaxError:
            continue
        line = cart.add(ProductSnapshot.of(product, rule))
        if len(cart) % 5 == 0:
            cart.set_line_discount(line.line_id, Discount.percent(500), Role.MANAGER)
    totals = cart.totals()
    upi = totals.payable // 2
    settlement = settle(totals.payable, [Tender.upi(upi, "412345678901"),
                                         Tender.cash(totals.payable - upi + 10_000)])
    sale = Sale(
        sale_id="bench", invoice_no=Series(outlet.series_prefix).format(FinancialYear.of(DAY), 1),
        outlet_id=outlet.outlet_id, day_id="bench", business_date=DAY,
        created_at=datetime(2026, 11, 22, 8, 35, tzinfo=UTC), staff_id="asha",
        supply=Supply.INTRA_STATE, place_of_supply=outlet.state_code, totals=totals,
        bill_discount=None, settlement=settlement,
    )
    return receipt_for_sale(sale, ReceiptHeader.from_settings(outlet), cashier="Asha")


def render_and_encode(data: ReceiptData, width: int) -> bytes:
    qr_matrix.cache_clear()  # every bill is a new invoice: its QR is made afresh
    return encode_job(render_document(data, width))


def run(*, quick: bool = False) -> list[Figure]:
    ensure_qt()
    data = receipt(40)
    repeat = 20 if quick else 200
    figures = []
    for width, mm in ((576, 80), (384, 58)):
        image = render_document(data, width)
        job = encode_job(image)

        figures.append(Figure(
            name=f"print.render_encode_{mm}mm",
            what=f"lay out, render and encode a 40-line bilingual receipt at {mm} mm "
                 f"({width} x {image.height()} dots, B2C QR)",
            stats=measure(partial(render_and_encode, data, width), repeat=repeat, warmup=3),
            baseline_name="encode the already-rendered image (GS v 0 bands)",
            baseline=measure(partial(encode_job, image), repeat=repeat, warmup=3),
            target="p99 ≤ 150 ms" if mm == 80 else "",
            extra={"bytes_per_receipt": float(len(job)), "rows": float(image.height())},
        ))
    return figures
