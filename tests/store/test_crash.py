"""Crash test: a process completing sales is killed with SIGKILL at random moments, hundreds
of times, including inside the transaction; after every kill the database is intact.

The child is forked from the test process (no interpreter start-up per kill). Half the kills
come from the child itself just before a randomly chosen SQL statement or COMMIT, which puts
them inside the sale's transaction; the other half come from the parent after a random number
of completed sales, wherever the child happens to be.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from pos.domain.cart import Cart
from pos.domain.payments import Tender
from pos.services.clock import SystemClock
from pos.services.day import open_day
from pos.services.selling import complete_sale
from pos.store.database import open_store
from pos.store.outlets import load_outlet, save_outlet
from pos.store.unit_of_work import SqlUnitOfWork
from tests.domain.rules import AGARBATTI, APPAREL_62, FURNITURE, SILK_FABRIC, snapshot
from tests.services.test_selling import BHOPAL

KILLS = int(os.environ.get("CRASH_TEST_KILLS", "300"))
PRODUCTS = (
    snapshot("saree", "500790", 472_500, SILK_FABRIC),
    snapshot("kurta", "620520", 157_500, APPAREL_62),
    snapshot("agarbatti", "330741", 10_100, AGARBATTI),
    snapshot("stool", "940360", 33_300, FURNITURE),
)


def sell_forever(path: Path, seed: int, kill_at: int, progress: int) -> None:
    """The child: complete random sales until killed; write one byte per committed sale."""
    rng = random.Random(seed)
    store = open_store(path)
    clock = SystemClock()

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(store, clock)

    with store.transaction() as conn:
        if load_outlet(conn, BHOPAL.outlet_id) is None:
            save_outlet(conn, BHOPAL)
    with uow() as u:
        has_day = u.days.current(BHOPAL.outlet_id) is not None
    if not has_day:
        open_day(uow, clock, BHOPAL, "ramesh", 500_000)
    statements = 0

    def maybe_die(*_args: object) -> None:
        nonlocal statements
        statements += 1
        if statements == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(store.engine, "before_cursor_execute", maybe_die)
    event.listen(store.engine, "commit", maybe_die)
    while True:
        cart = Cart(sale_date=clock.today())
        for product in rng.sample(PRODUCTS, rng.randint(1, len(PRODUCTS))):
            cart.add(product, 1000 * rng.randint(1, 3))
        complete_sale(uow, clock, BHOPAL, "meena", cart,
                      [Tender.cash(cart.totals().payable + 10_000)])
        os.write(progress, b".")


def run_and_kill(path: Path, rng: random.Random) -> None:
    read_end, write_end = os.pipe()
    self_kill = rng.random() < 0.5
    kill_at = rng.randint(1, 80) if self_kill else 0
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        try:
            sell_forever(path, rng.randrange(1 << 30), kill_at, write_end)
        finally:
            os._exit(3)  # only reached on an error: the parent sees a non-kill exit
    os.close(write_end)
    if not self_kill:
        wanted = rng.randint(0, 3)
        seen = 0
        while seen < wanted:
            chunk = os.read(read_end, 64)
            if not chunk:
                break
            seen += len(chunk)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(read_end)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
        f"child ended without being killed (status {status})")


def check_database(path: Path) -> int:
    """Every invariant the crash must not break; returns the number of sales."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        sales = con.execute("SELECT sale_id, invoice_no, line_count, payable FROM sales").fetchall()
        for sale_id, invoice_no, line_count, payable in sales:
            lines = con.execute("SELECT count(*), coalesce(sum(qty_milli), 0) FROM sale_lines "
                                "WHERE sale_id = ?", (sale_id,)).fetchone()
            assert lines[0] == line_count
            paid = con.execute("SELECT coalesce(sum(amount), 0) FROM payments WHERE sale_id = ?",
                               (sale_id,)).fetchone()[0]
            assert paid == payable
            moves = con.execute("SELECT count(*), coalesce(sum(qty_milli), 0) FROM stock_moves "
                                "WHERE ref = ? AND kind = 'sold'", (sale_id,)).fetchone()
            assert moves == (line_count, -lines[1])
            assert con.execute("SELECT count(*) FROM outbox WHERE event_id = ? AND type = 'sale'",
                               (sale_id,)).fetchone()[0] == 1
            assert con.execute("SELECT count(*) FROM audit_log WHERE ref = ? "
                               "AND action = 'sale.complete'", (invoice_no,)).fetchone()[0] == 1
        # nothing without its sale
        assert con.execute("SELECT count(*) FROM sale_lines WHERE sale_id NOT IN "
                           "(SELECT sale_id FROM sales)").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM stock_moves WHERE kind = 'sold' AND ref NOT IN "
                           "(SELECT sale_id FROM sales)").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM outbox WHERE type = 'sale' AND event_id NOT IN "
                           "(SELECT sale_id FROM sales)").fetchone()[0] == 0
        # invoice numbers unique and gap-free, and the series counter agrees
        counters = sorted(int(no.rsplit("/", 1)[1]) for _, no, _, _ in sales)
        assert counters == list(range(1, len(sales) + 1))
        last = con.execute("SELECT last FROM number_series WHERE prefix = 'BPL1A'").fetchone()
        assert (last[0] if last else 0) == len(sales)
        # outbox sequence has no holes among pending events in commit order
        seqs = [row[0] for row in con.execute("SELECT seq FROM outbox ORDER BY seq")]
        assert seqs == sorted(set(seqs))
        return len(sales)
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_never_breaks_the_database(tmp_path: Path) -> None:
    path = tmp_path / "till.db"
    rng = random.Random(20261122)
    counts = []
    for _ in range(KILLS):
        run_and_kill(path, rng)
        counts.append(check_database(path))
    assert counts == sorted(counts)  # committed sales are never lost
    assert counts[-1] > KILLS // 4  # the loop really sold between kills
