"""The till facade queues a print job for every document it makes: the invoice, the credit
note of a return, the Z report of a day close, and an X report on request."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pos.bootstrap import build_till, seed_demo
from pos.domain.payments import Mode, Tender
from pos.store.database import open_store
from tests.headoffice.test_till_to_headoffice import counts_for
from tests.services.fakes import FixedClock
from tests.ui.conftest import NOON


def test_every_document_of_a_day_is_queued_for_the_printer(tmp_path: Path) -> None:
    store = open_store(tmp_path / "till.db")
    try:
        seed_demo(store)
        till = build_till(store, "BPL1", FixedClock(NOON)).till
        ramesh, meena = till.login("STF-RAMESH", "9999"), till.login("STF-MEENA", "1111")
        till.open_day(ramesh, 500_000)
        cart = till.new_cart()
        till.scan(cart, "2000000100012")
        sale = till.complete(cart, [Tender.cash(cart.totals().payable)], meena)
        till.return_items(sale.sale_id, {1: 1000}, Mode.CASH, "colour", meena, ramesh)
        till.print_x_report()
        till.close_day(ramesh, counts_for(till.x_report().figures.expected_cash))
    finally:
        store.close()
    con = sqlite3.connect(tmp_path / "till.db")
    kinds = [k for (k,) in con.execute("SELECT kind FROM print_jobs ORDER BY job_id")]
    con.close()
    assert kinds == ["invoice", "credit_note", "x_report", "z_report"]
