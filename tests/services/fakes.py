"""In-memory fakes of the services' ports (cosmicpython style): a unit of work whose
repositories are dicts and lists, committed by copying a staged state over the real one."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from pos.domain.documents import Sale, sale_payload
from pos.domain.numbering import Counter, Series, next_number
from pos.services.ports import AuditEntry, DaySession, OutboxEvent, StockMove

IST = timedelta(hours=5, minutes=30)


class FixedClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return (self.moment + IST).date()

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@dataclass
class FakeState:
    counters: dict[str, Counter] = field(default_factory=dict)
    sales: dict[str, dict[str, Any]] = field(default_factory=dict)
    days: dict[str, tuple[DaySession, datetime]] = field(default_factory=dict)
    moves: list[StockMove] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    outbox: list[OutboxEvent] = field(default_factory=list)
    print_jobs: list[tuple[str, str, bool]] = field(default_factory=list)


class _Series:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def next_number(self, series: Series, day: date) -> str:
        number, counter = next_number(series, self.state.counters.get(series.prefix), day)
        self.state.counters[series.prefix] = counter
        return number


class _Sales:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, sale: Sale) -> None:
        if any(s["invoice_no"] == sale.invoice_no for s in self.state.sales.values()):
            raise ValueError("duplicate invoice number")
        self.state.sales[sale.sale_id] = sale_payload(sale)

    def get(self, sale_id: str) -> dict[str, Any] | None:
        return self.state.sales.get(sale_id)


class _Days:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def current(self, outlet_id: str) -> DaySession | None:
        open_days = [d for d, _ in self.state.days.values()
                     if d.outlet_id == outlet_id and not d.closed]
        return max(open_days, key=lambda d: d.business_date, default=None)

    def for_date(self, outlet_id: str, business_date: date) -> DaySession | None:
        for day, _ in self.state.days.values():
            if day.outlet_id == outlet_id and day.business_date == business_date:
                return day
        return None

    def add(self, day: DaySession, opened_at: datetime) -> None:
        self.state.days[day.day_id] = (day, opened_at)


class _Stock:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, moves: list[StockMove]) -> None:
        self.state.moves.extend(moves)

    def on_hand(self, product_id: str) -> int:
        return sum(m.qty_milli for m in self.state.moves if m.product_id == product_id)


class _Audit:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, entry: AuditEntry) -> None:
        self.state.audit.append(entry)


class _Outbox:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, event: OutboxEvent) -> None:
        self.state.outbox.append(event)


class _PrintQueue:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def enqueue(self, kind: str, ref: str, *, duplicate: bool = False) -> int:
        self.state.print_jobs.append((kind, ref, duplicate))
        return len(self.state.print_jobs)


class FakeUnitOfWork:
    """Stages changes on a deep copy; ``commit`` publishes them, leaving without it drops them."""

    def __init__(self, committed: FakeState) -> None:
        self.committed = committed
        self.commits = 0

    def __enter__(self) -> Self:
        self.staged = copy.deepcopy(self.committed)
        self.series = _Series(self.staged)
        self.sales = _Sales(self.staged)
        self.days = _Days(self.staged)
        self.stock = _Stock(self.staged)
        self.audit = _Audit(self.staged)
        self.outbox = _Outbox(self.staged)
        self.print_jobs = _PrintQueue(self.staged)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        del self.staged

    def commit(self) -> None:
        for name in vars(self.committed):
            setattr(self.committed, name, copy.deepcopy(getattr(self.staged, name)))
        self.commits += 1


def start_of(day: date, hour: int = 10) -> datetime:
    """A UTC moment at ``hour`` o'clock India time on ``day``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - IST
