"""In-memory fakes of the services' ports (cosmicpython style): a unit of work whose
repositories are dicts and lists, committed by copying a staged state over the real one."""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from pos.domain.cart import RateRow, breakup_by_rate
from pos.domain.catalog import Product
from pos.domain.documents import Sale, sale_payload
from pos.domain.numbering import Counter, Series, next_number
from pos.domain.reports import DayFigures
from pos.domain.tax import LineTax, TaxRule
from pos.services.ports import (
    AuditEntry,
    CashMovement,
    CreditNoteRecord,
    DayClose,
    DaySession,
    HeldBill,
    OutboxEvent,
    StaffMember,
    StockMove,
    StoredLine,
    StoredSale,
)

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


def start_of(day: date, hour: int = 10) -> datetime:
    """A UTC moment at ``hour`` o'clock India time on ``day``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - IST


class FakeCatalogue:
    def __init__(self, products: list[Product], rules: tuple[TaxRule, ...]) -> None:
        self.products = products
        self.rules = rules

    def by_code(self, code: str) -> tuple[Product, str] | None:
        for p in self.products:
            if code in p.barcodes:
                return p, code
            if code.upper() == p.sku.upper():
                return p, ""
        return None

    def tax_rules(self, on: date) -> tuple[TaxRule, ...]:
        return tuple(rule for rule in self.rules if rule.in_force(on))

    def search(self, text: str, limit: int = 20) -> list[Product]:
        needle = text.casefold().strip()
        return [p for p in self.products
                if needle and (needle in p.name_en.casefold() or needle in p.name_hi)][:limit]


@dataclass
class FakeState:
    counters: dict[str, Counter] = field(default_factory=dict)
    sales: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, CreditNoteRecord] = field(default_factory=dict)
    days: dict[str, DaySession] = field(default_factory=dict)
    closes: dict[str, DayClose] = field(default_factory=dict)
    cash: list[CashMovement] = field(default_factory=list)
    staff: dict[str, StaffMember] = field(default_factory=dict)
    holds: dict[str, HeldBill] = field(default_factory=dict)
    moves: list[StockMove] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    outbox: list[OutboxEvent] = field(default_factory=list)
    print_jobs: list[tuple[str, str, bool]] = field(default_factory=list)


class _Repo:
    def __init__(self, state: FakeState) -> None:
        self.state = state


class _Series(_Repo):
    def peek(self, series: Series, day: date) -> str:
        return next_number(series, self.state.counters.get(series.prefix), day)[0]

    def next_number(self, series: Series, day: date) -> str:
        number, counter = next_number(series, self.state.counters.get(series.prefix), day)
        self.state.counters[series.prefix] = counter
        return number


def _tax(line: dict[str, Any]) -> LineTax:
    return LineTax(line["net"], line["rate_bp"], line["taxable"], line["cgst"], line["sgst"],
                   line["igst"], line["dead_band_flag"])


class _Sales(_Repo):
    def add(self, sale: Sale, data: dict[str, Any] | None = None) -> None:
        if any(s["invoice_no"] == sale.invoice_no for s in self.state.sales.values()):
            raise ValueError("duplicate invoice number")
        self.state.sales[sale.sale_id] = {**sale_payload(sale), "status": "completed"}

    def get(self, sale_id: str) -> StoredSale | None:
        data = self.state.sales.get(sale_id)
        if data is None:
            return None
        returned: dict[int, int] = defaultdict(int)
        for note in self.state.notes.values():
            if note.sale_id == sale_id:
                for line_no, qty, _ in note.lines:
                    returned[line_no] += qty
        lines = tuple(StoredLine(x["line_no"], x["product_id"], x["sku"], x["name_en"],
                                 x["name_hi"], x["hsn"], x["unit"], x["qty_milli"], _tax(x),
                                 returned[x["line_no"]]) for x in data["lines"])
        return StoredSale(sale_id, data["invoice_no"], date.fromisoformat(data["business_date"]),
                          data["status"], data["supply"], data["totals"]["payable"],
                          data["day_id"], lines,
                          tuple((x["mode"], x["amount"], x["reference"]) for x in data["tenders"]))

    def id_for_invoice(self, invoice_no: str) -> str | None:
        return next((k for k, s in self.state.sales.items() if s["invoice_no"] == invoice_no),
                    None)

    def void(self, sale_id: str, by: str, reason: str, at: datetime) -> None:
        self.state.sales[sale_id]["status"] = "voided"


class _CreditNotes(_Repo):
    def add(self, note: CreditNoteRecord) -> None:
        self.state.notes[note.credit_id] = note


class _Days(_Repo):
    def current(self, outlet_id: str) -> DaySession | None:
        open_days = [d for d in self.state.days.values()
                     if d.outlet_id == outlet_id and not d.closed]
        return max(open_days, key=lambda d: d.business_date, default=None)

    def for_date(self, outlet_id: str, business_date: date) -> DaySession | None:
        return next((d for d in self.state.days.values()
                     if d.outlet_id == outlet_id and d.business_date == business_date), None)

    def get(self, day_id: str) -> DaySession | None:
        return self.state.days.get(day_id)

    def add(self, day: DaySession, opened_at: datetime) -> None:
        self.state.days[day.day_id] = day

    def close(self, close: DayClose) -> None:
        self.state.closes[close.day_id] = close
        self.state.days[close.day_id] = replace(self.state.days[close.day_id], closed=True)

    def figures(self, day_id: str) -> DayFigures:
        sales = [s for s in self.state.sales.values() if s["day_id"] == day_id]
        done = [s for s in sales if s["status"] == "completed"]
        voided = [s for s in sales if s["status"] == "voided"]
        notes = [n for n in self.state.notes.values() if n.day_id == day_id]
        by_mode: dict[str, int] = defaultdict(int)
        for s in done:
            for tender in s["tenders"]:
                by_mode[tender["mode"]] += tender["amount"]
        refunds_by_mode: dict[str, int] = defaultdict(int)
        for n in notes:
            refunds_by_mode[n.refund_mode] += n.refund
        total = {k: sum(s["totals"][k] for s in done) for k in (
            "gross", "discount", "net", "taxable", "cgst", "sgst", "igst", "round_off",
            "payable")}
        by_rate: tuple[RateRow, ...] = breakup_by_rate(
            _tax(line) for s in done for line in s["lines"])
        numbers = sorted(s["invoice_no"] for s in sales)
        return DayFigures(
            sales_count=len(done), **total, by_rate=by_rate, voided_count=len(voided),
            voided_amount=sum(s["totals"]["payable"] for s in voided),
            credit_notes_count=len(notes), refunds=sum(n.refund for n in notes),
            returns_by_rate=breakup_by_rate(tax for n in notes for _, _, tax in n.lines),
            sales_by_mode=dict(by_mode), refunds_by_mode=dict(refunds_by_mode),
            opening_float=self.state.days[day_id].opening_float,
            paid_in=sum(m.amount for m in self.state.cash
                        if m.day_id == day_id and m.kind == "paid_in"),
            paid_out=sum(m.amount for m in self.state.cash
                         if m.day_id == day_id and m.kind == "paid_out"),
            first_invoice=numbers[0] if numbers else "",
            last_invoice=numbers[-1] if numbers else "",
        )


class _Cash(_Repo):
    def add(self, movement: CashMovement) -> None:
        self.state.cash.append(movement)


class _Staff(_Repo):
    def get(self, staff_id: str) -> StaffMember | None:
        return self.state.staff.get(staff_id)

    def active(self) -> list[StaffMember]:
        return [m for m in self.state.staff.values() if m.active]

    def record_attempt(self, staff_id: str, failed_attempts: int,
                       locked_until: datetime | None) -> None:
        self.state.staff[staff_id] = replace(self.state.staff[staff_id],
                                             failed_attempts=failed_attempts,
                                             locked_until=locked_until)


class _Holds(_Repo):
    def save(self, bill: HeldBill) -> None:
        self.state.holds[bill.hold_id] = bill

    def all(self) -> list[HeldBill]:
        return sorted(self.state.holds.values(), key=lambda b: b.created_at)

    def take(self, hold_id: str) -> HeldBill | None:
        return self.state.holds.pop(hold_id, None)

    def discard(self, hold_id: str) -> None:
        self.state.holds.pop(hold_id, None)


class _Stock(_Repo):
    def add(self, moves: list[StockMove]) -> None:
        self.state.moves.extend(moves)

    def on_hand(self, product_id: str) -> int:
        return sum(m.qty_milli for m in self.state.moves if m.product_id == product_id)


class _Audit(_Repo):
    def add(self, entry: AuditEntry) -> None:
        self.state.audit.append(entry)


class _Outbox(_Repo):
    def add(self, event: OutboxEvent) -> None:
        if any(e.event_id == event.event_id for e in self.state.outbox):
            raise ValueError("duplicate event id")
        self.state.outbox.append(event)

    def pending(self) -> int:
        return len(self.state.outbox)


class _PrintQueue(_Repo):
    def enqueue(self, kind: str, ref: str, *, duplicate: bool = False) -> int:
        self.state.print_jobs.append((kind, ref, duplicate))
        return len(self.state.print_jobs)


class FakeUnitOfWork:
    """Stages changes on a deep copy; ``commit`` publishes them, leaving without it drops them."""

    def __init__(self, committed: FakeState) -> None:
        self.committed = committed
        self.commits = 0

    def __enter__(self) -> Self:
        self.staged = staged = copy.deepcopy(self.committed)
        self.series = _Series(staged)
        self.sales = _Sales(staged)
        self.credit_notes = _CreditNotes(staged)
        self.days = _Days(staged)
        self.cash = _Cash(staged)
        self.staff = _Staff(staged)
        self.holds = _Holds(staged)
        self.stock = _Stock(staged)
        self.audit = _Audit(staged)
        self.outbox = _Outbox(staged)
        self.print_jobs = _PrintQueue(staged)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        del self.staged

    def commit(self) -> None:
        for name in vars(self.committed):
            setattr(self.committed, name, copy.deepcopy(getattr(self.staged, name)))
        self.commits += 1
