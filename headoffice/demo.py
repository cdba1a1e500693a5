"""Load the demo catalogue (``pos.demo``) into head office: categories, weaver societies and
artisans, GST rules, the Bhopal outlet and the IITF fair stall, staff (PINs hashed on the way
in) and products. Loading twice publishes only what changed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from headoffice import security
from headoffice.catalog import CatalogWriter
from headoffice.db import schema as t
from pos.demo import DemoCatalogue, load_demo_catalogue
from pos.domain.codec import rule_to_data
from pos.sync.protocol import (
    CategoryData,
    OutletData,
    ProductData,
    StaffData,
    SupplierData,
    TaxRuleData,
)


@dataclass(frozen=True, slots=True)
class Loaded:
    published: dict[str, int]  # changes published by entity
    products: int


def demo_entities(cat: DemoCatalogue, pin_hashes: dict[str, str]) -> dict[str, list[object]]:
    return {
        "category": [CategoryData(category_id=c.category_id, name_en=c.name_en,
                                  name_hi=c.name_hi) for c in cat.categories],
        "supplier": [SupplierData.model_validate({
            "supplier_id": s.supplier_id, "name_en": s.name_en, "name_hi": s.name_hi,
            "kind": s.kind, "district": s.district, "gstin": s.gstin}) for s in cat.suppliers],
        "tax_rule": [TaxRuleData.model_validate(rule_to_data(r)) for r in cat.tax_rules],
        "outlet": [OutletData(
            outlet_id=o.outlet_id, kind=o.kind.value,
            name_en=o.name_en, name_hi=o.name_hi,
            legal_name=o.legal_name, state_code=o.state_code, gstin=o.gstin,
            casual_taxable_person=o.casual_taxable_person, address_en=o.address_en,
            address_hi=o.address_hi, phone=o.phone, invoice_prefix=o.series_prefix,
            credit_prefix=o.credit_note_prefix, valid_from=o.valid_from, valid_to=o.valid_to,
            upi_vpa=o.upi_vpa, upi_payee_name=o.upi_payee_name, upi_mcc=o.upi_mcc,
            receipt_header_en=o.receipt_header_en, receipt_header_hi=o.receipt_header_hi,
            receipt_footer_en=o.receipt_footer_en, receipt_footer_hi=o.receipt_footer_hi)
            for o in cat.outlets],
        "staff": [StaffData(staff_id=s.staff_id, name_en=s.name_en, name_hi=s.name_hi,
                            role=s.role.value,
                            pin_hash=pin_hashes[s.staff_id], outlet_ids=list(s.outlet_ids))
                  for s in cat.staff],
        "product": [ProductData(
            product_id=p.product_id, sku=p.sku, name_en=p.name_en, name_hi=p.name_hi,
            hsn=p.hsn, unit=p.unit, mrp=p.mrp, is_handicraft=p.is_handicraft,
            barcodes=list(p.barcodes), category_id=p.category, supplier_id=p.supplier_id,
            active=p.active) for p in cat.products],
    }


def load_demo(conn: Connection, catalogue: DemoCatalogue | None = None, *,
              pin_hashes: dict[str, str] | None = None) -> Loaded:
    """Publish the demo catalogue in the caller's transaction. A PIN already stored keeps its
    hash; ``pin_hashes`` (by staff id) may supply hashes made earlier (tests)."""
    cat = catalogue or load_demo_catalogue()
    existing = dict(conn.execute(select(t.staff.c.staff_id, t.staff.c.pin_hash)).tuples().all())
    given = pin_hashes or {}
    hashes: dict[str, str] = {}
    for person in cat.staff:
        stored = existing.get(person.staff_id)
        if stored is not None and security.verify_pin(person.pin, stored):
            hashes[person.staff_id] = stored
        else:
            hashes[person.staff_id] = given.get(person.staff_id) or security.hash_pin(person.pin)
    writer = CatalogWriter(conn)
    published: dict[str, int] = {}
    for entity, items in demo_entities(cat, hashes).items():
        published[entity] = len(writer.put(entity, items,  # type: ignore[arg-type]
                                           skip_unchanged=True))
    return Loaded(published, len(cat.products))
