"""Ports: what the services need from the outside world, as Protocols.

The SQLite store implements them in :mod:`pos.store.unit_of_work`; tests use in-memory fakes.
One :class:`UnitOfWork` is one transaction: everything done through it between entering and
:meth:`UnitOfWork.commit` is committed together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from pos.domain.documents import Sale
from pos.domain.numbering import Series


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...

    def today(self) -> date:
        """The local calendar date at the till (India: UTC+05:30)."""
        ...


@dataclass(frozen=True, slots=True)
class DaySession:
    day_id: str
    outlet_id: str
    business_date: date
    opened_by: str
    opening_float: int
    closed: bool = False


@dataclass(frozen=True, slots=True)
class StockMove:
    product_id: str
    qty_milli: int  # + in, - out
    kind: str  # received | sold | returned | sent_to_fair | returned_from_fair | adjusted
    ref: str
    staff_id: str
    at: datetime
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    staff_id: str
    action: str
    ref: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    event_id: str
    type: str
    business_date: date
    device_time: datetime
    payload: dict[str, Any]


class SeriesRepository(Protocol):
    def next_number(self, series: Series, day: date) -> str:
        """Issue the next number of ``series`` (consecutive, restarting each 1 April)."""
        ...


class SalesRepository(Protocol):
    def add(self, sale: Sale) -> None: ...

    def get(self, sale_id: str) -> dict[str, Any] | None: ...


class DaysRepository(Protocol):
    def current(self, outlet_id: str) -> DaySession | None:
        """The open day of the outlet, if any."""
        ...

    def for_date(self, outlet_id: str, business_date: date) -> DaySession | None: ...

    def add(self, day: DaySession, opened_at: datetime) -> None: ...


class StockRepository(Protocol):
    def add(self, moves: list[StockMove]) -> None: ...

    def on_hand(self, product_id: str) -> int: ...


class AuditRepository(Protocol):
    def add(self, entry: AuditEntry) -> None: ...


class OutboxRepository(Protocol):
    def add(self, event: OutboxEvent) -> None: ...


class PrintQueue(Protocol):
    def enqueue(self, kind: str, ref: str, *, duplicate: bool = False) -> int: ...


class UnitOfWork(Protocol):
    series: SeriesRepository
    sales: SalesRepository
    days: DaysRepository
    stock: StockRepository
    audit: AuditRepository
    outbox: OutboxRepository
    print_jobs: PrintQueue

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Roll back whatever was not committed."""
        ...

    def commit(self) -> None: ...
