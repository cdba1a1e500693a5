"""The real till (services over its SQLite store) fed from head office's catalogue feed, a
whole counter day, its outbox pushed as stored: head office agrees to the paisa.

This is the contract between the two sides: the till's payloads fit ``pos.sync.protocol``,
its stored SHA-256 is head office's, its staff log in with the PIN hashes head office
published, and the Z report reconciles."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from headoffice.db import schema as t
from pos.demo import load_demo_catalogue
from pos.domain.discounts import Discount, DiscountLimit, DiscountPolicy, Role
from pos.domain.numbering import DocumentKind, Series
from pos.domain.payments import Mode, Tender
from pos.domain.reports import COINS, NOTES
from pos.services.ports import StaffMember
from pos.services.till import Till
from pos.store import schema as till_schema
from pos.store.database import open_store
from pos.store.outlets import save_outlet
from pos.store.people_repo import SqlStaff
from pos.store.unit_of_work import SqlUnitOfWork
from pos.sync.protocol import ProductData, StaffData, TaxRuleData
from tests.headoffice.conftest import HQ
from tests.services.fakes import FakeCatalogue, FixedClock, start_of

DAY = date(2026, 1, 12)


def feed(hq: HQ, token: str) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    since = 0
    while True:
        page = hq.get("/catalog/changes", token, params={"since": since, "limit": 1000}).json()
        changes += page["changes"]
        since = page["next_cursor"]
        if not page["has_more"]:
            return changes


def counts_for(amount: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind, values in (("note", NOTES), ("coin", COINS)):
        for value in values:
            if amount >= value:
                counts[f"{kind}:{value}"], amount = divmod(amount, value)
    assert amount == 0, "cash is in whole rupees"
    return counts


def test_a_real_till_day_reaches_head_office_exactly_and_reconciles(hq: HQ,
                                                                    tmp_path: Path) -> None:
    enrolled = hq.enroll(hq.code("BPL1"), label="counter 1")
    token = enrolled["token"]
    changes = feed(hq, token)
    products = [ProductData.model_validate(c["data"]).to_domain() for c in changes
                if c["entity"] == "product"]
    rules = tuple(TaxRuleData.model_validate(c["data"]).to_domain() for c in changes
                  if c["entity"] == "tax_rule")
    outlet = next(o for o in load_demo_catalogue().outlets if o.outlet_id == "BPL1").to_outlet()
    outlet = dataclasses.replace(
        outlet, invoice_series=Series(enrolled["series_prefix"]),
        credit_series=Series(enrolled["credit_series_prefix"], DocumentKind.CREDIT_NOTE))
    store = open_store(tmp_path / "till.db")
    clock = FixedClock(start_of(DAY))
    try:
        with store.transaction() as conn:
            save_outlet(conn, outlet)
            for c in changes:
                if c["entity"] == "staff":
                    s = StaffData.model_validate(c["data"])
                    SqlStaff(conn).save(StaffMember(s.staff_id, s.name_en, Role(s.role),
                                                    s.pin_hash))
        till = Till(lambda: SqlUnitOfWork(store, clock), clock, outlet,
                    FakeCatalogue(products, rules),
                    DiscountPolicy({Role.MANAGER: DiscountLimit(3000, 2000)}))
        # The PIN hashes head office published work at the till.
        meena = till.login("STF-MEENA", "1111")
        ramesh = till.login("STF-RAMESH", "9999")
        till.open_day(ramesh, 500_000)
        till.cash_movement(ramesh, "paid_out", 4_000, "tea for the stall")
        first = till.new_cart()
        till.scan(first, "2000000100012")  # Chanderi saree
        till.scan(first, "KUR-M-0003")
        till.set_quantity(first, 2, 2000)
        sale1 = till.complete(first, [Tender.cash(1_000_000)], meena)
        second = till.new_cart()
        line = till.scan(second, "KUR-M-0004")
        till.discount_line(second, line.line_id, Discount.percent(1000), ramesh)
        till.scan(second, "CHN-SAR-0002")
        till.discount_bill(second, Discount.amount(5_000), ramesh)
        sale2 = till.complete(second, [Tender.upi(500_000, "123456789012"),
                                       Tender.cash(500_000)], meena)
        third = till.new_cart()
        till.scan(third, "CHN-SAR-0003")
        sale3 = till.complete(third, [Tender.card(595_000, "TXN-0042")], meena)
        till.void(sale3.sale_id, ramesh, "card charged twice")
        till.return_items(sale1.sale_id, {2: 1000}, Mode.CASH, "size", meena, ramesh)
        till.move_stock(ramesh, "received", [(products[0].product_id, 5_000)],
                        reference="challan 17")
        expected = till.x_report().figures.expected_cash
        z = till.close_day(ramesh, counts_for(expected))

        with store.engine.connect() as conn:
            rows = conn.execute(select(till_schema.outbox).order_by(
                till_schema.outbox.c.seq)).all()
        events = [{"seq": r.seq, "event_id": r.event_id, "type": r.type,
                   "business_date": r.business_date, "device_time": r.device_time,
                   "sha256": r.sha256, "payload": json.loads(r.payload)} for r in rows]
        assert [e["type"] for e in events] == [
            "day_open", "cash_movement", "sale", "sale", "sale", "void", "credit_note",
            "stock_move", "day_close"]
        results = []
        for start in range(0, len(events), 2):
            r = hq.post("/sync/push", token, json={"events": events[start:start + 2]})
            assert r.status_code == 200, r.text
            results += r.json()["results"]
        assert [(r["status"], r["flags"]) for r in results] == [("applied", [])] * len(events)
        again = hq.post("/sync/push", token, json={"events": events}).json()["results"]
        assert {r["status"] for r in again} == {"duplicate"}

        status, detail = hq.q(select(t.business_days.c.recon_status,
                                     t.business_days.c.recon_detail))[0]
        assert status == "reconciled", detail
        assert hq.scalar("SELECT sum(payable) FROM sales WHERE status = 'completed'") \
            == z.figures.payable == sale1.totals.payable + sale2.totals.payable
        assert hq.scalar("SELECT sum(cgst) FROM sales WHERE status = 'completed'") \
            == z.figures.cgst
        assert hq.scalar("SELECT refund FROM credit_notes") == z.figures.refunds
        assert hq.scalar("SELECT link_status FROM credit_notes") == "linked"
        assert hq.scalar("SELECT status FROM sales WHERE sale_id = :s",
                         s=sale3.sale_id) == "voided"
        assert hq.scalar("SELECT qty_milli FROM stock_levels WHERE product_id = :p",
                         p=products[0].product_id) == 5_000 - 1_000
    finally:
        store.close()
