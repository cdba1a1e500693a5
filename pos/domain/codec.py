"""Plain-data (JSON-safe) forms of tax rules, product snapshots and carts.

Used to keep a held or interrupted bill in the database exactly as it was (prices as scanned,
rules as they were) and to carry rules over the wire.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pos.domain.cart import Cart, CartLine, price_lines
from pos.domain.catalog import ProductSnapshot, Unit
from pos.domain.customer import Customer
from pos.domain.discounts import Discount, DiscountKind, DiscountPolicy
from pos.domain.tax import DeadBandPolicy, PriceBand, Supply, TaxRule

if TYPE_CHECKING:
    from pos.domain.documents import Sale


def rule_to_data(rule: TaxRule) -> dict[str, Any]:
    band = rule.band
    return {
        "rule_id": rule.rule_id,
        "hsn_prefix": rule.hsn_prefix,
        "handicraft": rule.handicraft,
        "effective_from": rule.effective_from.isoformat(),
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
        "rate_bp": rule.rate_bp,
        "band": None if band is None else {
            "threshold": band.threshold, "low_bp": band.low_bp, "high_bp": band.high_bp,
            "dead_band": band.dead_band.value,
        },
        "description": rule.description,
    }


def rule_from_data(data: dict[str, Any]) -> TaxRule:
    band = data.get("band")
    return TaxRule(
        rule_id=data["rule_id"],
        hsn_prefix=data["hsn_prefix"],
        handicraft=data.get("handicraft"),
        effective_from=date.fromisoformat(data["effective_from"]),
        effective_to=date.fromisoformat(data["effective_to"]) if data.get("effective_to")
        else None,
        rate_bp=data.get("rate_bp"),
        band=None if not band else PriceBand(band["threshold"], band["low_bp"], band["high_bp"],
                                             DeadBandPolicy(band["dead_band"])),
        description=data.get("description", ""),
    )


def snapshot_to_data(p: ProductSnapshot) -> dict[str, Any]:
    return {
        "product_id": p.product_id, "sku": p.sku, "barcode": p.barcode, "name_en": p.name_en,
        "name_hi": p.name_hi, "hsn": p.hsn, "unit": p.unit.value, "mrp": p.mrp,
        "is_handicraft": p.is_handicraft, "rule": rule_to_data(p.rule),
    }


def snapshot_from_data(d: dict[str, Any]) -> ProductSnapshot:
    return ProductSnapshot(
        product_id=d["product_id"], sku=d["sku"], barcode=d["barcode"], name_en=d["name_en"],
        name_hi=d["name_hi"], hsn=d["hsn"], unit=Unit(d["unit"]), mrp=d["mrp"],
        is_handicraft=d["is_handicraft"], rule=rule_from_data(d["rule"]),
    )


def discount_to_data(d: Discount | None) -> dict[str, Any] | None:
    return None if d is None else {"kind": d.kind.value, "value": d.value}


def discount_from_data(d: dict[str, Any] | None) -> Discount | None:
    return None if d is None else Discount(DiscountKind(d["kind"]), d["value"])


def cart_to_data(cart: Cart) -> dict[str, Any]:
    return {
        "supply": cart.supply.value,
        "sale_date": cart.sale_date.isoformat(),
        "bill_discount": discount_to_data(cart.bill_discount),
        "customer": {"name": cart.customer.name, "gstin": cart.customer.gstin,
                     "address": cart.customer.address, "state_code": cart.customer.state_code},
        "lines": [
            {
                "line_id": line.line_id, "qty_milli": line.qty_milli,
                "unit_price": line.unit_price, "discount": discount_to_data(line.discount),
                "price_overridden": line.price_overridden,
                "override_reason": line.override_reason, "override_by": line.override_by,
                "product": snapshot_to_data(line.product),
            }
            for line in cart.lines
        ],
    }


def cart_from_data(data: dict[str, Any], policy: DiscountPolicy | None = None) -> Cart:
    """Rebuild a cart exactly: same lines, ids, prices as scanned, discounts and rules."""
    cart = Cart(supply=Supply(data["supply"]), sale_date=date.fromisoformat(data["sale_date"]),
                policy=policy)
    lines = [
        CartLine(
            line_id=item["line_id"], product=snapshot_from_data(item["product"]),
            qty_milli=item["qty_milli"], unit_price=item["unit_price"],
            discount=discount_from_data(item["discount"]),
            price_overridden=item["price_overridden"],
            override_reason=item.get("override_reason", ""),  # absent in bills held before
            override_by=item.get("override_by", ""),
        )
        for item in data["lines"]
    ]
    cart.restore(lines, discount_from_data(data["bill_discount"]))
    buyer = data.get("customer")  # bills held before buyers were kept have none
    if buyer:
        cart.customer = Customer(buyer.get("name", ""), buyer.get("gstin", ""),
                                 buyer.get("address", ""), buyer.get("state_code", ""))
    return cart


def sale_from_payload(data: dict[str, Any]) -> Sale:
    """Rebuild a completed sale from its plain-data form (:func:`sale_payload`), pricing its
    lines again with :func:`pos.domain.cart.price_lines`. Whoever calls this can compare the
    recomputed totals with ``data["totals"]`` (head office flags any difference)."""
    from pos.domain.documents import Sale  # documents imports this module
    from pos.domain.payments import Mode, Settlement, Tender

    lines = []
    for item in data["lines"]:
        product = ProductSnapshot(
            product_id=item["product_id"], sku=item["sku"], barcode=item["barcode"],
            name_en=item["name_en"], name_hi=item["name_hi"], hsn=item["hsn"],
            unit=Unit(item["unit"]), mrp=item["mrp"], is_handicraft=item["is_handicraft"],
            rule=rule_from_data(item["rule"]))
        lines.append(CartLine(
            line_id=item["line_no"], product=product, qty_milli=item["qty_milli"],
            unit_price=item["unit_price"], discount=discount_from_data(item["line_discount"]),
            price_overridden=item["price_overridden"],
            override_reason=item.get("override_reason", ""),
            override_by=item.get("override_by", "")))
    supply = Supply(data["supply"])
    bill_discount = discount_from_data(data["bill_discount"])
    customer = data.get("customer") or {}
    return Sale(
        sale_id=data["sale_id"], invoice_no=data["invoice_no"], outlet_id=data["outlet_id"],
        day_id=data["day_id"], business_date=date.fromisoformat(data["business_date"]),
        created_at=datetime.fromisoformat(data["created_at"]), staff_id=data["staff_id"],
        supply=supply, place_of_supply=data["place_of_supply"],
        totals=price_lines(lines, bill_discount, supply), bill_discount=bill_discount,
        settlement=Settlement(
            tuple(Tender(Mode(x["mode"]), x["amount"], x["tendered"], x["reference"])
                  for x in data["tenders"]), data["change"]),
        customer=Customer(customer.get("name", ""), customer.get("gstin", ""),
                          customer.get("address", ""), customer.get("state_code", "")),
    )
