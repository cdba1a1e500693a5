"""Putting a till together: open its database, seed the demo, build the services facade.

Used by the composition root (:mod:`pos.app`), the benchmarks and end-to-end tests, so that
all of them run the same wiring.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pos.demo import generate_catalogue, load_demo_catalogue
from pos.domain.catalog import Product
from pos.domain.codec import rule_to_data
from pos.domain.discounts import DiscountLimit, DiscountPolicy, Role
from pos.domain.outlet import Outlet
from pos.services.auth import hash_pin
from pos.services.clock import SystemClock
from pos.services.ports import Clock, StaffMember
from pos.services.till import Till
from pos.store.catalogue import CatalogueChange, SqlCatalogue, catalogue_cursor, load_snapshot
from pos.store.database import Store, open_store
from pos.store.outlets import load_outlet, save_outlet
from pos.store.people_repo import SqlStaff
from pos.store.unit_of_work import SqlUnitOfWork

# Discount limits head office would publish; the demo uses these.
DEMO_POLICY = DiscountPolicy({
    Role.CASHIER: DiscountLimit(line_bp=500, bill_bp=500),
    Role.SUPERVISOR: DiscountLimit(line_bp=1000, bill_bp=1000),
    Role.MANAGER: DiscountLimit(line_bp=3000, bill_bp=2000),
    Role.ADMIN: DiscountLimit(line_bp=5000, bill_bp=5000),
})


def product_change(seq: int, product: Product) -> CatalogueChange:
    return CatalogueChange("product", product.product_id, "upsert", seq, {
        "product_id": product.product_id, "sku": product.sku, "name_en": product.name_en,
        "name_hi": product.name_hi, "hsn": product.hsn, "unit": product.unit.value,
        "mrp": product.mrp, "is_handicraft": product.is_handicraft,
        "category_id": product.category, "supplier_id": product.supplier_id,
        "active": product.active, "barcodes": list(product.barcodes)})


def demo_snapshot(products: int | None = None) -> Iterator[CatalogueChange]:
    """The demo catalogue as snapshot rows: rules, suppliers, categories, then products
    (the 363 demo products, or ``products`` of them scaled by the generator)."""
    demo = load_demo_catalogue()
    seq = 0
    for rule in demo.tax_rules:
        seq += 1
        yield CatalogueChange("tax_rule", rule.rule_id, "upsert", seq, rule_to_data(rule))
    for supplier in demo.suppliers:
        seq += 1
        yield CatalogueChange("supplier", supplier.supplier_id, "upsert", seq, {
            "name_en": supplier.name_en, "name_hi": supplier.name_hi, "kind": supplier.kind,
            "district": supplier.district, "gstin": supplier.gstin})
    for category in demo.categories:
        seq += 1
        yield CatalogueChange("category", category.category_id, "upsert", seq, {
            "name_en": category.name_en, "name_hi": category.name_hi})
    source = demo.products if products is None else generate_catalogue(products)
    for product in source:
        seq += 1
        yield product_change(seq, product)


@dataclass
class TillParts:
    store: Store
    till: Till
    catalogue: SqlCatalogue
    clock: Clock


def seed_demo(store: Store, outlet_id: str = "BPL1", products: int | None = None) -> Outlet:
    """Fill an empty till database with the demo catalogue, outlet and staff (PINs hashed).
    Does nothing to a database that already has its catalogue."""
    demo = load_demo_catalogue()
    outlet = demo.outlet(outlet_id).to_outlet()
    with store.transaction() as conn:
        seeded = catalogue_cursor(conn) is not None
    if not seeded:
        rows = list(demo_snapshot(products))
        load_snapshot(store, rows, cursor=len(rows))
    with store.transaction() as conn:
        if load_outlet(conn, outlet.outlet_id) is None:
            save_outlet(conn, outlet)
            staff = SqlStaff(conn)
            for member in demo.staff:
                if outlet.outlet_id in member.outlet_ids:
                    staff.save(StaffMember(member.staff_id, member.name_en, member.role,
                                           hash_pin(member.pin)))
    return outlet


def build_till(store: Store, outlet_id: str, clock: Clock | None = None) -> TillParts:
    clock = clock or SystemClock()
    with store.transaction() as conn:
        outlet = load_outlet(conn, outlet_id)
    if outlet is None:
        raise LookupError(f"outlet {outlet_id} is not set up on this till")
    catalogue = SqlCatalogue(store)
    the_clock = clock

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(store, the_clock)

    def print_uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(store, the_clock, durable=False)

    till = Till(uow, clock, outlet, catalogue, DEMO_POLICY, print_uow)
    return TillParts(store, till, catalogue, clock)


def open_demo_till(data_dir: Path, products: int | None = None) -> TillParts:
    store = open_store(data_dir / "till.db")
    outlet = seed_demo(store, products=products)
    return build_till(store, outlet.outlet_id)
