"""A realistic sample bill, as the printer would get it (``.bin``) and as it looks (``.png``).

``pos.printing`` may not import the demo data, so the caller passes it in::

    from pos.demo import load_demo_catalogue
    from pos.printing.receipt import ReceiptHeader
    from pos.printing.sample import sample_receipt, write_sample

    cat = load_demo_catalogue()
    header = ReceiptHeader.from_settings(cat.outlet("BPL1"))
    data = sample_receipt(cat.products, cat.tax_rules, header, on=cat.as_of)
    bin_path, png_path = write_sample(80, out_dir, data)

:func:`sample_receipt` picks, from any catalogue, long Hindi names with the conjuncts that
break naive text rendering (क्ष श्र द्ध ज्ञ, reph, the ि matra), items at two GST rates, one
sold by the metre, a discounted line and a split UPI + cash payment with change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtGui import QImage

from pos.domain.cart import Cart
from pos.domain.catalog import Product, ProductSnapshot, Unit
from pos.domain.discounts import Discount, DiscountLimit, DiscountPolicy, Role
from pos.domain.documents import Sale
from pos.domain.numbering import DocumentKind, FinancialYear, Series
from pos.domain.payments import Tender, settle
from pos.domain.tax import QTY_SCALE, Supply, TaxError, TaxRule, select_rule, tax_line
from pos.locale import Lang
from pos.printing.blocks import paper_dots
from pos.printing.encode import JobOptions, encode_job
from pos.printing.receipt import ReceiptData, ReceiptHeader, receipt_for_sale
from pos.printing.render import RenderOptions, ensure_qt, render_document, save_png

CONJUNCTS = ("क्ष", "श्र", "द्ध", "ज्ञ")
SAMPLE_UTR = "412345678901"


def _rate(product: Product, rule: TaxRule) -> int | None:
    try:
        return tax_line(rule, product.mrp, QTY_SCALE, Supply.INTRA_STATE).rate_bp
    except TaxError:
        return None


def pick_sample_products(products: Sequence[Product], rules: Sequence[TaxRule],
                         on: date) -> list[tuple[Product, TaxRule]]:
    """Up to six products that together exercise the receipt: the longest name, each
    conjunct, a reph (र्), a second GST rate, a product sold by the metre."""
    billable: list[tuple[Product, TaxRule, int]] = []
    for p in sorted(products, key=lambda p: p.sku):
        if not p.active:
            continue
        try:
            rule = select_rule(tuple(rules), p.hsn, p.is_handicraft, on)
        except TaxError:
            continue
        rate = _rate(p, rule)
        if rate is not None:
            billable.append((p, rule, rate))
    chosen: list[tuple[Product, TaxRule, int]] = []

    def take(test: Callable[[Product, int], bool],
             key: Callable[[Product], int] | None = None) -> None:
        found = [x for x in billable if test(x[0], x[2]) and x not in chosen]
        if key is not None:
            found.sort(key=lambda x: -key(x[0]))
        if found:
            chosen.append(found[0])

    take(lambda p, r: True, key=lambda p: len(p.name_hi) + len(p.name_en))
    for conjunct in CONJUNCTS:
        if not any(conjunct in x[0].name_hi for x in chosen):
            take(lambda p, r, c=conjunct: c in p.name_hi)  # type: ignore[misc]
    if not any("र्" in x[0].name_hi for x in chosen):
        take(lambda p, r: "र्" in p.name_hi)
    rates = {x[2] for x in chosen}
    if len(rates) < 2:
        take(lambda p, r: r not in rates)
    take(lambda p, r: p.unit is Unit.MTR)
    return [(p, rule) for p, rule, _ in chosen[:6]]


def sample_sale(products: Sequence[Product], rules: Sequence[TaxRule], *,
                on: date = date(2026, 11, 22), series_prefix: str = "BPL1A",
                counter: int = 42, state_code: str = "23",
                created_at: datetime | None = None) -> Sale:
    """A completed sale of :func:`pick_sample_products`: a 10 % discount on the first line,
    2.5 m of a fabric sold by the metre, paid partly by UPI and the rest in cash with change."""
    picked = pick_sample_products(products, rules, on)
    if not picked:
        raise ValueError("no billable product in the catalogue")
    policy = DiscountPolicy({Role.MANAGER: DiscountLimit(5000, 5000)})
    cart = Cart(sale_date=on, policy=policy)
    for i, (product, rule) in enumerate(picked):
        qty = 2500 if product.unit is Unit.MTR else (2 if i == 2 else 1) * QTY_SCALE
        line = cart.add(ProductSnapshot.of(product, rule), qty)
        if i == 0:
            cart.set_line_discount(line.line_id, Discount.percent(1000), Role.MANAGER)
    totals = cart.totals()
    upi = totals.payable // 2 // 100_000 * 100_000 or totals.payable // 2
    cash_due = totals.payable - upi
    handed = -(-cash_due // 50_000) * 50_000  # the next ₹500 up
    if handed == cash_due:
        handed += 50_000
    settlement = settle(totals.payable, [Tender.upi(upi, SAMPLE_UTR), Tender.cash(handed)])
    series = Series(series_prefix, DocumentKind.INVOICE)
    return Sale(
        sale_id="00000000-0000-4000-8000-000000000042",
        invoice_no=series.format(FinancialYear.of(on), counter),
        outlet_id=series_prefix,
        day_id="sample-day",
        business_date=on,
        created_at=created_at or datetime(on.year, on.month, on.day, 8, 35, tzinfo=UTC),
        staff_id="asha",
        supply=Supply.INTRA_STATE,
        place_of_supply=state_code,
        totals=totals,
        bill_discount=None,
        settlement=settlement,
    )


def sample_receipt(products: Sequence[Product], rules: Sequence[TaxRule],
                   header: ReceiptHeader, *, on: date = date(2026, 11, 22),
                   lang: Lang = Lang.EN, cashier: str = "Asha Verma / आशा वर्मा",
                   series_prefix: str = "BPL1A") -> ReceiptData:
    """The sample bill's receipt data (see :func:`sample_sale`)."""
    sale = sample_sale(products, rules, on=on, series_prefix=series_prefix,
                       state_code=header.state_code or "23")
    return receipt_for_sale(sale, header, lang, cashier=cashier)


def render_sample(data: ReceiptData, width_dots: int = 576,
                  options: RenderOptions | None = None,
                  job: JobOptions | None = None) -> tuple[bytes, QImage]:
    """(the exact printer bytes, the 1-bit image) of a receipt."""
    ensure_qt()
    image = render_document(data, width_dots, options)
    return encode_job(image, job), image


def write_sample(width_mm: int, out_dir: Path, data: ReceiptData, *,
                 options: RenderOptions | None = None, duplicate: bool = False,
                 stem: str | None = None) -> tuple[Path, Path]:
    """Write ``receipt-<mm>mm.bin`` (what the printer gets) and ``.png`` (what it prints)
    into ``out_dir``; returns (bin path, png path)."""
    dots = paper_dots(width_mm)
    if duplicate:
        data = replace(data, duplicate=True)
    payload, image = render_sample(data, dots, options)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = stem or f"receipt-{width_mm}mm"
    bin_path = out_dir / f"{name}.bin"
    png_path = out_dir / f"{name}.png"
    bin_path.write_bytes(payload)
    save_png(image, png_path)
    return bin_path, png_path
