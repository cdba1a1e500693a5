"""Scale the demo catalogue to any size (200,000 products for tests and benchmarks).

Each generated product is a variant of a demo product: the demo name's stem (before ``" - "``)
plus one value of each axis of its category's style (``variants.json``), in English and Hindi,
e.g. ``Chanderi Silk Saree - Lotus Buti, Maroon`` / ``चंदेरी सिल्क साड़ी - कमल बूटी, मैरून``.
It keeps the demo product's HSN, unit, handicraft flag, category and supplier (so every
generated product finds the same tax rule), and takes a price near the demo one, rounded the
way shelf prices are and moved out of any dead band. SKUs and EAN-13 barcodes are unique
by construction; the same ``seed`` always gives the same products. Products are streamed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pos.demo.catalogue import DemoCatalogue, VariantAxis, load_demo_catalogue, product_id_for
from pos.domain.barcode import in_store_ean13
from pos.domain.catalog import Product
from pos.domain.money import Paise, div_round_half_up
from pos.domain.tax import QTY_SCALE, DeadBandPrice, TaxRule, rate_for

GENERATED_BARCODE_PREFIX = "21"
"""GS1 in-store prefix of generated barcodes (the hand-written demo uses ``20``)."""

_BARCODE_SPACE = 10**10
_BARCODE_STRIDE = 7_368_787_201  # odd and not a multiple of 5: i -> i × stride is a bijection
_PRICE_PERCENT = (80, 85, 90, 95, 100, 100, 105, 110, 120, 125, 135, 150, 175)


@dataclass(frozen=True, slots=True)
class _Base:
    product: Product
    stem_en: str
    stem_hi: str
    sku_stem: str
    axes: tuple[VariantAxis, ...]
    rule: TaxRule


def _stem(name: str) -> str:
    return name.split(" - ", 1)[0].strip()


def price_step(mrp: Paise) -> Paise:
    """How shelf prices are rounded: ₹5 below ₹1,000, ₹50 below ₹10,000, then ₹500."""
    if mrp < 100_000:
        return 500
    if mrp < 1_000_000:
        return 5_000
    return 50_000


def shelf_price(mrp: Paise, rule: TaxRule) -> Paise:
    """``mrp`` rounded to a shelf price, then moved to the nearer billable shelf price if the
    rule's price band would refuse it (the dead band)."""
    step = price_step(mrp)
    price = max(step, div_round_half_up(mrp, step) * step)
    try:
        rate_for(rule, price, QTY_SCALE)
    except DeadBandPrice as exc:
        down = exc.max_low_price // step * step
        up = -(-exc.min_high_price // step) * step
        price = down if price - down <= up - price else up
    return price


def generate_catalogue(n: int, seed: int = 0, *, include_demo: bool = True,
                       catalogue: DemoCatalogue | None = None,
                       on: date | None = None) -> Iterator[Product]:
    """Stream ``n`` products: first the demo products themselves (unless ``include_demo`` is
    false), then generated variants of them, deterministically for a given ``seed``.

    Generated SKUs are ``<demo SKU stem>-<position, 6+ digits>`` (e.g. ``CHN-SAR-000412``),
    barcodes are in-store EAN-13s with prefix ``21``; neither repeats within a run nor clashes
    with the demo's. Product ids are UUID-shaped text: a per-seed prefix and the position.
    ``on`` is the date whose tax rules decide the price bands (default: the catalogue's
    ``as_of``). ``catalogue`` defaults to :func:`load_demo_catalogue`.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    cat = catalogue or load_demo_catalogue()
    return _generate(n, seed, include_demo, cat, on or cat.as_of)


def _generate(n: int, seed: int, include_demo: bool, cat: DemoCatalogue,
              day: date) -> Iterator[Product]:
    demo = cat.products
    start = 0
    if include_demo:
        yield from demo[:n]
        start = len(demo)
    if n <= start:
        return

    styles = {c.category_id: cat.styles[c.style] for c in cat.categories}
    bases = tuple(
        _Base(p, _stem(p.name_en), _stem(p.name_hi), p.sku.rsplit("-", 1)[0],
              styles[p.category], cat.rule_for(p, day))
        for p in demo
    )
    demo_skus = {p.sku for p in demo}
    demo_codes = {code for p in demo for code in p.barcodes}
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    offset = rng.randrange(_BARCODE_SPACE)
    id_prefix = product_id_for(f"generated/{seed}")[:24]
    bits, percents, n_bases = rng.getrandbits, _PRICE_PERCENT, len(bases)
    prices: dict[tuple[int, int], Paise] = {}

    for position in range(start, n):
        r = bits(64)  # one draw per product, split into the choices below
        r, index = divmod(r, n_bases)
        base = bases[index]
        parts_en: list[str] = []
        parts_hi: list[str] = []
        for axis in base.axes:
            r, k = divmod(r, len(axis.values))
            en, hi = axis.values[k]
            parts_en.append(en)
            parts_hi.append(hi)
        percent = percents[r % len(percents)]
        mrp = prices.get((index, percent))
        if mrp is None:
            mrp = prices[(index, percent)] = shelf_price(
                div_round_half_up(base.product.mrp * percent, 100), base.rule)

        sku = f"{base.sku_stem}-{position:06d}"
        if sku in demo_skus:
            sku += "-G"
        number = (position * _BARCODE_STRIDE + offset) % _BARCODE_SPACE
        barcode = in_store_ean13(number, GENERATED_BARCODE_PREFIX)
        prefix = int(GENERATED_BARCODE_PREFIX)
        while barcode in demo_codes:  # only if someone put prefix-21 codes in the demo data
            prefix += 1
            barcode = in_store_ean13(number, str(prefix))

        p = base.product
        yield Product(
            product_id=f"{id_prefix}{position:012x}",
            sku=sku,
            name_en=f"{base.stem_en} - {', '.join(parts_en)}",
            name_hi=f"{base.stem_hi} - {', '.join(parts_hi)}",
            hsn=p.hsn,
            unit=p.unit,
            mrp=mrp,
            is_handicraft=p.is_handicraft,
            barcodes=(barcode,),
            category=p.category,
            supplier_id=p.supplier_id,
        )
