"""Ports: what the services need from the outside world, as Protocols.

The SQLite store implements them in :mod:`pos.store.unit_of_work`; tests use in-memory fakes.
One :class:`UnitOfWork` is one transaction: everything done through it between entering and
:meth:`UnitOfWork.commit` is committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from pos.domain.catalog import Product
from pos.domain.discounts import Role
from pos.domain.documents import Sale
from pos.domain.numbering import Series
from pos.domain.reports import DayFigures
from pos.domain.tax import LineTax, TaxRule


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


@dataclass(frozen=True, slots=True)
class StaffMember:
    staff_id: str
    name: str
    role: Role
    pin_hash: str
    active: bool = True
    failed_attempts: int = 0
    locked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class HeldBill:
    hold_id: str
    staff_id: str
    label: str
    created_at: datetime
    cart: dict[str, Any]  # pos.domain.codec.cart_to_data
    is_current: bool = False  # the bill that was on screen (kept against power cuts)


@dataclass(frozen=True, slots=True)
class StoredLine:
    line_no: int
    product_id: str
    sku: str
    name_en: str
    name_hi: str
    hsn: str
    unit: str
    qty_milli: int
    tax: LineTax
    returned_milli: int = 0


@dataclass(frozen=True, slots=True)
class StoredSale:
    sale_id: str
    invoice_no: str
    business_date: date
    status: str  # completed | voided
    supply: str
    payable: int
    day_id: str
    lines: tuple[StoredLine, ...]
    tenders: tuple[tuple[str, int, str], ...]  # (mode, amount, reference)


@dataclass(frozen=True, slots=True)
class CashMovement:
    movement_id: str
    day_id: str
    kind: str  # paid_in | paid_out
    amount: int
    reason: str
    staff_id: str
    at: datetime


@dataclass(frozen=True, slots=True)
class DayClose:
    day_id: str
    closed_by: str
    closed_at: datetime
    counts: dict[str, int]
    expected: int
    counted: int
    variance_reason: str


@dataclass(frozen=True, slots=True)
class CreditNoteRecord:
    credit_id: str
    credit_no: str
    sale_id: str
    invoice_no: str
    invoice_date: date
    day_id: str
    business_date: date
    created_at: datetime
    staff_id: str
    approved_by: str
    reason: str
    lines: tuple[tuple[int, int, LineTax], ...]  # (sale line no, qty returned, credit amounts)
    round_off: int
    refund: int
    refund_mode: str
    refund_reference: str = ""


class CatalogueReader(Protocol):
    """Read access to the published catalogue (the store's, or a fake)."""

    def by_code(self, code: str) -> tuple[Product, str] | None: ...

    def tax_rules(self, on: date) -> tuple[TaxRule, ...]:
        """The published GST rules in force on ``on``."""
        ...

    def search(self, text: str, limit: int = 20) -> list[Product]: ...


class StaffRepository(Protocol):
    def get(self, staff_id: str) -> StaffMember | None: ...

    def active(self) -> list[StaffMember]: ...

    def record_attempt(self, staff_id: str, failed_attempts: int,
                       locked_until: datetime | None) -> None: ...


class HoldsRepository(Protocol):
    def save(self, bill: HeldBill) -> None:
        """Insert or replace the bill with this id."""
        ...

    def all(self) -> list[HeldBill]: ...

    def take(self, hold_id: str) -> HeldBill | None:
        """Remove and return a held bill."""
        ...

    def discard(self, hold_id: str) -> None:
        """Remove a held bill if there is one."""
        ...


class CreditNotesRepository(Protocol):
    def add(self, note: CreditNoteRecord) -> None: ...


class CashRepository(Protocol):
    def add(self, movement: CashMovement) -> None: ...


class SeriesRepository(Protocol):
    def next_number(self, series: Series, day: date) -> str:
        """Issue the next number of ``series`` (consecutive, restarting each 1 April)."""
        ...

    def peek(self, series: Series, day: date) -> str:
        """The number the next document will get, without issuing it."""
        ...


class SalesRepository(Protocol):
    def add(self, sale: Sale, data: dict[str, Any] | None = None) -> None:
        """Store a completed sale (``data``: its ``sale_payload``, if already made)."""
        ...

    def get(self, sale_id: str) -> StoredSale | None:
        """The sale with its lines and how much of each line was returned so far."""
        ...

    def id_for_invoice(self, invoice_no: str) -> str | None: ...

    def void(self, sale_id: str, by: str, reason: str, at: datetime) -> None: ...


class DaysRepository(Protocol):
    def current(self, outlet_id: str) -> DaySession | None:
        """The open day of the outlet, if any."""
        ...

    def for_date(self, outlet_id: str, business_date: date) -> DaySession | None: ...

    def add(self, day: DaySession, opened_at: datetime) -> None: ...

    def get(self, day_id: str) -> DaySession | None: ...

    def figures(self, day_id: str) -> DayFigures:
        """Totals of the day's documents, tenders and cash movements."""
        ...

    def close(self, close: DayClose) -> None: ...


class StockRepository(Protocol):
    def add(self, moves: list[StockMove]) -> None: ...

    def on_hand(self, product_id: str) -> int: ...


class AuditRepository(Protocol):
    def add(self, entry: AuditEntry) -> None: ...


class OutboxRepository(Protocol):
    def add(self, event: OutboxEvent) -> None: ...

    def pending(self) -> int:
        """How many events wait to be sent to head office."""
        ...


@dataclass(frozen=True, slots=True)
class PrintJob:
    job_id: int
    kind: str  # invoice | credit_note | z_report | challan
    ref: str  # the document's id
    duplicate: bool
    status: str  # queued | printing | done | failed | uncertain
    attempts: int = 0
    last_error: str = ""


class PrintQueue(Protocol):
    def enqueue(self, kind: str, ref: str, *, duplicate: bool = False) -> int: ...

    def take_next(self) -> PrintJob | None:
        """The oldest job waiting (queued, or failed without having printed), now marked
        ``printing``. A crash while it prints leaves it ``printing``."""
        ...

    def finish(self, job_id: int, status: str, error: str = "") -> None: ...

    def interrupted(self) -> list[PrintJob]:
        """Jobs left ``printing`` by a crash: maybe printed, so never retried by themselves;
        they become ``uncertain`` and a person reprints them as DUPLICATE."""
        ...

    def latest(self, kind: str) -> PrintJob | None: ...

    def problems(self) -> list[PrintJob]:
        """Jobs that failed or are uncertain, newest first."""
        ...


class DocumentSource(Protocol):
    def sale_payload(self, sale_id: str) -> dict[str, Any] | None:
        """The sale as completed (the plain data of its event), for receipts and reprints."""
        ...


class UnitOfWork(Protocol):
    # read-only members, so an implementation may hold more specific repositories
    @property
    def series(self) -> SeriesRepository: ...

    @property
    def sales(self) -> SalesRepository: ...

    @property
    def credit_notes(self) -> CreditNotesRepository: ...

    @property
    def days(self) -> DaysRepository: ...

    @property
    def cash(self) -> CashRepository: ...

    @property
    def staff(self) -> StaffRepository: ...

    @property
    def holds(self) -> HoldsRepository: ...

    @property
    def stock(self) -> StockRepository: ...

    @property
    def audit(self) -> AuditRepository: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    @property
    def print_jobs(self) -> PrintQueue: ...

    @property
    def documents(self) -> DocumentSource: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Roll back whatever was not committed."""
        ...

    def commit(self) -> None: ...


UowFactory = Callable[[], UnitOfWork]
