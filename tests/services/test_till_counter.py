"""Till.reprice, price overrides and the scans remembered in memory (real seeded store)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pos.bootstrap import TillParts
from pos.domain.customer import Customer
from pos.domain.payments import Tender
from pos.domain.tax import QTY_SCALE
from pos.services.errors import ServiceError
from tests.ui.conftest import parts, seeded_db  # noqa: F401  (the real seeded till)

SAREE = "2000000100012"


def test_reprice_reports_only_changed_products(parts: TillParts) -> None:  # noqa: F811
    till = parts.till
    cart = till.new_cart()
    till.scan(cart, SAREE)
    till.scan(cart, "KUR-M-0006")
    assert till.reprice(cart.lines) == []
    con = sqlite3.connect(Path(parts.store.path))
    with con:
        con.execute("UPDATE products SET mrp = 250000 WHERE sku = 'KUR-M-0006'")
    con.close()
    changed = till.reprice(cart.lines)
    assert [(p.sku, p.mrp) for p in changed] == [("KUR-M-0006", 250_000)]
    assert cart.refresh_prices(changed) == [cart.lines[1].line_id]
    assert cart.lines[1].unit_price == 250_000


def test_recent_scans_are_served_from_memory_and_forgotten_on_catalogue_change(
        parts: TillParts) -> None:  # noqa: F811
    till = parts.till
    assert till.recent_lookup(SAREE) is None
    first = till.lookup(SAREE)
    assert till.recent_lookup(SAREE) == first
    till.catalogue_changed()
    assert till.recent_lookup(SAREE) is None


def test_price_override_needs_a_manager_and_a_reason(parts: TillParts) -> None:  # noqa: F811
    till = parts.till
    staff = {s.staff_id: s for s in till.staff()}
    cart = till.new_cart()
    line = till.scan(cart, SAREE)
    with pytest.raises(ServiceError) as error:
        till.override_price(cart, line.line_id, 600_000, staff["STF-MEENA"], "why")
    assert error.value.code == "not_allowed"
    with pytest.raises(ServiceError) as error:
        till.override_price(cart, line.line_id, 600_000, staff["STF-RAMESH"], " ")
    assert error.value.code == "reason_required"
    till.override_price(cart, line.line_id, 600_000, staff["STF-RAMESH"], "soiled",
                        staff["STF-MEENA"])
    assert cart.lines[0].unit_price == 600_000


def test_a_large_sale_without_the_buyer_is_refused(parts: TillParts) -> None:  # noqa: F811
    till = parts.till
    meena = next(s for s in till.staff() if s.staff_id == "STF-MEENA")
    cart = till.new_cart()
    till.scan(cart, SAREE, 8 * QTY_SCALE)
    paid = [Tender.cash(cart.totals().payable)]
    with pytest.raises(ServiceError) as error:
        till.complete(cart, paid, meena)
    assert error.value.code == "customer_required"
    cart.customer = Customer("Anita Rao", "", "Arera Colony, Bhopal", "23")
    assert till.complete(cart, paid, meena).customer.name == "Anita Rao"
