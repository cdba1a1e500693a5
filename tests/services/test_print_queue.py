"""The durable print queue on a real SQLite till: retries, uncertain jobs, duplicates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.domain.discounts import Role
from pos.domain.payments import Tender
from pos.services.auth import StaffSession
from pos.services.ports import PrintJob
from pos.services.print_queue import PrintFailure, PrintRunner
from pos.services.till import Till
from pos.store.database import open_store
from pos.store.outlets import save_outlet
from pos.store.unit_of_work import SqlUnitOfWork
from tests.domain.rules import RULES
from tests.services.fakes import FakeCatalogue, FixedClock, start_of
from tests.services.test_selling import BHOPAL, DAY
from tests.services.test_till import POLICY, PRODUCTS


class FlakyPrinter:
    """Fails while ``failure`` is set, like a printer out of paper; records what it printed."""

    def __init__(self) -> None:
        self.failure: PrintFailure | None = None
        self.printed: list[tuple[str, bool]] = []

    def print_document(self, job: PrintJob) -> None:
        if self.failure is not None:
            raise self.failure
        self.printed.append((job.ref, job.duplicate))


@pytest.fixture
def till(tmp_path: Path) -> Iterator[Till]:
    store = open_store(tmp_path / "till.db")
    with store.transaction() as conn:
        save_outlet(conn, BHOPAL)
    clock = FixedClock(start_of(DAY))
    till = Till(lambda: SqlUnitOfWork(store, clock), clock, BHOPAL,
                FakeCatalogue(PRODUCTS, RULES), POLICY)
    till.open_day(_boss(), 500_000)
    yield till
    store.close()


def _boss() -> StaffSession:
    return StaffSession("ramesh", "Ramesh", Role.MANAGER)


def _sell(till: Till) -> str:
    cart = till.new_cart()
    till.scan(cart, "2000000000015")
    return till.complete(cart, [Tender.cash(472_500)], _boss()).sale_id


def test_a_dead_printer_never_costs_a_sale_and_the_queue_catches_up(till: Till) -> None:
    printer = FlakyPrinter()
    queue = PrintRunner(till.uow_factory, printer)
    printer.failure = PrintFailure("paper_out")
    first = _sell(till)
    second = _sell(till)
    result = queue.run_pending()
    assert (result.printed, result.error) == (0, "paper_out")
    assert [j.status for j in queue.problems()] == ["failed"]
    printer.failure = None  # the roll is changed
    result = queue.run_pending()
    assert result.printed == 2 and result.failed is None
    assert printer.printed == [(first, False), (second, False)]
    assert queue.problems() == []
    assert queue.run_pending().printed == 0  # nothing is printed twice


def test_a_job_that_may_have_printed_is_never_retried_by_itself(till: Till) -> None:
    printer = FlakyPrinter()
    queue = PrintRunner(till.uow_factory, printer)
    _sell(till)
    printer.failure = PrintFailure("disconnected", maybe_printed=True)
    assert queue.run_pending().error == "disconnected"
    printer.failure = None
    assert queue.run_pending().printed == 0
    assert [j.status for j in queue.problems()] == ["uncertain"]


def test_a_crash_while_printing_leaves_the_job_uncertain(till: Till) -> None:
    sale_id = _sell(till)
    with till.uow_factory() as uow:  # the runner took the job, then the till died
        taken = uow.print_jobs.take_next()
        uow.commit()
    assert taken is not None and taken.ref == sale_id
    printer = FlakyPrinter()
    queue = PrintRunner(till.uow_factory, printer)
    assert [j.ref for j in queue.recover()] == [sale_id]
    assert queue.run_pending().printed == 0
    assert [j.status for j in queue.problems()] == ["uncertain"]


def test_reprint_of_the_last_bill_is_a_duplicate(till: Till) -> None:
    printer = FlakyPrinter()
    queue = PrintRunner(till.uow_factory, printer)
    _sell(till)
    last = _sell(till)
    queue.run_pending()
    queue.reprint_last()
    queue.run_pending()
    assert printer.printed[-1] == (last, True)
