"""What the catalogue holds, as the till and head office both see it."""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass

from pos.domain.money import Paise
from pos.domain.tax import TaxRule


class Unit(enum.Enum):
    """GST unit quantity codes (UQC) used by the emporiums."""

    PCS = "PCS"
    MTR = "MTR"
    SET = "SET"
    KGS = "KGS"
    GMS = "GMS"
    PRS = "PRS"  # pairs (juttis, earrings)
    BOX = "BOX"
    PAC = "PAC"  # packs (agarbatti)
    NOS = "NOS"

    @property
    def whole_only(self) -> bool:
        """Counted units are sold whole; measured ones (metres, kilograms) in fractions."""
        return self not in (Unit.MTR, Unit.KGS, Unit.GMS)


def normalize_text(text: str) -> str:
    """NFC with collapsed spaces: Devanagari nukta letters have two encodings (DESIGN.md)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def valid_hsn(hsn: str) -> bool:
    """HSN codes on invoices are 6 digits here (turnover above ₹5 crore); 8 are accepted."""
    return hsn.isdigit() and len(hsn) in (6, 8)


@dataclass(frozen=True, slots=True)
class Product:
    """A catalogue product as published by head office. ``mrp`` includes tax."""

    product_id: str
    sku: str
    name_en: str
    name_hi: str
    hsn: str
    unit: Unit
    mrp: Paise
    is_handicraft: bool
    barcodes: tuple[str, ...] = ()
    category: str = ""
    supplier_id: str = ""
    active: bool = True

    def __post_init__(self) -> None:
        if self.mrp < 0:
            raise ValueError(f"product {self.sku}: negative MRP")
        if not valid_hsn(self.hsn):
            raise ValueError(f"product {self.sku}: HSN must be 6 or 8 digits")


@dataclass(frozen=True, slots=True)
class Supplier:
    """A weaver society, an artisan or an SSI unit whose goods the emporium sells."""

    supplier_id: str
    name_en: str
    name_hi: str
    kind: str  # "weaver_society" | "artisan" | "ssi_unit" | "cooperative"
    district: str = ""
    gstin: str = ""


@dataclass(frozen=True, slots=True)
class ProductSnapshot:
    """What a sale line keeps of its product, so catalogue edits never change history."""

    product_id: str
    sku: str
    barcode: str
    name_en: str
    name_hi: str
    hsn: str
    unit: Unit
    mrp: Paise
    is_handicraft: bool
    rule: TaxRule

    @classmethod
    def of(cls, product: Product, rule: TaxRule, barcode: str = "") -> ProductSnapshot:
        return cls(
            product_id=product.product_id,
            sku=product.sku,
            barcode=barcode or (product.barcodes[0] if product.barcodes else ""),
            name_en=product.name_en,
            name_hi=product.name_hi,
            hsn=product.hsn,
            unit=product.unit,
            mrp=product.mrp,
            is_handicraft=product.is_handicraft,
            rule=rule,
        )
