"""A simulated till for head-office tests: real documents made with ``pos.domain`` (carts,
sales and ``sale_payload``, credit notes, day figures) from the demo catalogue, wrapped in
outbox envelopes exactly as the till's services write them, and pushed over HTTP."""

from __future__ import annotations

import gzip
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import requests

from pos.demo import DemoCatalogue, load_demo_catalogue
from pos.domain.cart import Cart
from pos.domain.catalog import ProductSnapshot
from pos.domain.discounts import Discount, DiscountLimit, DiscountPolicy, Role
from pos.domain.documents import Sale, sale_payload
from pos.domain.numbering import DocumentKind, FinancialYear, Series
from pos.domain.payments import Tender, settle
from pos.domain.returns import CreditNoteTotals, SoldLine, credit_note
from pos.domain.tax import Supply
from pos.sync.protocol import payload_sha256
from tests.headoffice.conftest import HQ, TIMEOUT

BUSINESS_DATE = date(2026, 1, 10)  # financial year 2025-26: numbers BPL1A/2526/00001...
SAREE, SAREE2, KURTA = "CHN-SAR-0001", "CHN-SAR-0002", "KUR-M-0003"


@dataclass
class Note:
    payload: dict[str, Any]
    totals: CreditNoteTotals


@dataclass
class SimTill:
    hq: HQ
    enrolled: dict[str, Any]
    business_date: date = BUSINESS_DATE
    catalogue: DemoCatalogue = field(default_factory=load_demo_catalogue)
    seq: int = 0
    invoices: int = 0
    credits: int = 0
    day_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    opening_float: int = 500_000
    sales: dict[str, Sale] = field(default_factory=dict)
    voided: set[str] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)
    returned: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    cash: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @classmethod
    def enrol(cls, hq: HQ, outlet_id: str = "BPL1", label: str = "till",
              **kw: Any) -> SimTill:
        """Enrol a till; at a fair stall it sells today, within the stall's dates."""
        if outlet_id == "IITF26":
            kw.setdefault("business_date", hq.open_stall(outlet_id))
        return cls(hq, hq.enroll(hq.code(outlet_id), label=label), **kw)

    # -- identity ------------------------------------------------------------------------------
    @property
    def token(self) -> str:
        return str(self.enrolled["token"])

    @property
    def device_id(self) -> str:
        return str(self.enrolled["device_id"])

    @property
    def outlet_id(self) -> str:
        return str(self.enrolled["outlet"]["outlet_id"])

    @property
    def prefix(self) -> str:
        return str(self.enrolled["series_prefix"])

    @property
    def credit_prefix(self) -> str:
        return str(self.enrolled["credit_series_prefix"])

    # -- envelopes -----------------------------------------------------------------------------
    def envelope(self, type_: str, payload: dict[str, Any], event_id: str, *,
                 business_date: date | None = None, seq: int | None = None,
                 device_time: datetime | None = None) -> dict[str, Any]:
        if seq is None:
            self.seq += 1
            seq = self.seq
        return {"seq": seq, "event_id": event_id, "type": type_,
                "business_date": (business_date or self.business_date).isoformat(),
                "device_time": (device_time or datetime.now(UTC)).isoformat(),
                "sha256": payload_sha256(payload), "payload": payload}

    def push(self, events: Sequence[dict[str, Any]], *, gzip_body: bool = False,
             token: str | None = None) -> requests.Response:
        body = json.dumps({"events": list(events)}, ensure_ascii=False).encode()
        headers = {"Authorization": f"Bearer {token or self.token}",
                   "Content-Type": "application/json"}
        if gzip_body:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return self.hq.session.post(f"{self.hq.api}/sync/push", data=body, headers=headers,
                                    timeout=TIMEOUT)

    def push_ok(self, events: Sequence[dict[str, Any]], **kw: Any) -> dict[str, Any]:
        r = self.push(events, **kw)
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return result

    def statuses(self, events: Sequence[dict[str, Any]]) -> list[str]:
        return [r["status"] for r in self.push_ok(events)["results"]]

    def meta(self) -> dict[str, Any]:
        r = self.hq.get("/sync/meta", self.token)
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return result

    # -- documents -----------------------------------------------------------------------------
    def next_invoice(self) -> str:
        self.invoices += 1
        return Series(self.prefix).format(FinancialYear.of(self.business_date), self.invoices)

    def next_credit(self) -> str:
        self.credits += 1
        return Series(self.credit_prefix, DocumentKind.CREDIT_NOTE).format(
            FinancialYear.of(self.business_date), self.credits)

    def day_open(self) -> dict[str, Any]:
        return self.envelope("day_open", {
            "day_id": self.day_id, "outlet_id": self.outlet_id,
            "business_date": self.business_date.isoformat(), "opened_by": "STF-RAMESH",
            "opening_float": self.opening_float}, self.day_id)

    def cart(self, items: Iterable[tuple[str, int]], *, bill_discount: Discount | None = None,
             override: Mapping[str, int] | None = None) -> Cart:
        cart = Cart(supply=Supply.INTRA_STATE, sale_date=self.business_date,
                    policy=DiscountPolicy({Role.ADMIN: DiscountLimit(10_000, 10_000)}))
        for sku, qty in items:
            product = self.catalogue.product(sku)
            line = cart.add(ProductSnapshot.of(product, self.catalogue.rule_for(
                product, self.business_date)), qty)
            if override and sku in override:
                cart.override_price(line.line_id, override[sku])
        if bill_discount is not None:
            cart.set_bill_discount(bill_discount, Role.ADMIN)
        return cart

    def sale(self, items: Iterable[tuple[str, int]] = ((SAREE, 1000),), *,
             bill_discount: Discount | None = None, override: Mapping[str, int] | None = None,
             tenders: Sequence[Tender] | None = None, invoice_no: str | None = None,
             sale_id: str | None = None, outlet_id: str | None = None
             ) -> tuple[Sale, dict[str, Any]]:
        cart = self.cart(items, bill_discount=bill_discount, override=override)
        totals = cart.totals()
        assert totals.can_complete, totals.problems
        paid = tenders or [Tender.cash(-(-totals.payable // 10_000) * 10_000)]
        sale = Sale(
            sale_id=sale_id or str(uuid.uuid4()), invoice_no=invoice_no or self.next_invoice(),
            outlet_id=outlet_id or self.outlet_id, day_id=self.day_id,
            business_date=self.business_date, created_at=datetime.now(UTC),
            staff_id="STF-MEENA", supply=Supply.INTRA_STATE,
            place_of_supply=str(self.enrolled["outlet"]["state_code"]), totals=totals,
            bill_discount=cart.bill_discount, settlement=settle(totals.payable, paid))
        self.sales[sale.sale_id] = sale
        return sale, self.envelope("sale", sale_payload(sale), sale.sale_id)

    def void(self, sale: Sale) -> dict[str, Any]:
        self.voided.add(sale.sale_id)
        return self.envelope("void", {
            "sale_id": sale.sale_id, "invoice_no": sale.invoice_no, "reason": "wrong saree",
            "voided_by": "STF-RAMESH", "voided_at": datetime.now(UTC).isoformat()},
            f"{sale.sale_id}-void")

    def credit_note(self, sale: Sale, quantities: Mapping[int, int], *,
                    refund_mode: str = "cash", credit_id: str | None = None
                    ) -> tuple[Note, dict[str, Any]]:
        sold = []
        for number, qty in sorted(quantities.items()):
            priced = sale.totals.lines[number - 1]
            assert priced.tax is not None
            sold.append((SoldLine(number, priced.line.qty_milli, priced.tax,
                                  self.returned[(sale.sale_id, number)]), qty))
        totals = credit_note(sold, sale.supply)
        for number, qty in quantities.items():
            self.returned[(sale.sale_id, number)] += qty
        credit_id = credit_id or str(uuid.uuid4())
        payload = {
            "credit_id": credit_id, "credit_no": self.next_credit(), "sale_id": sale.sale_id,
            "invoice_no": sale.invoice_no, "invoice_date": sale.business_date.isoformat(),
            "day_id": self.day_id, "business_date": self.business_date.isoformat(),
            "created_at": datetime.now(UTC).isoformat(), "staff_id": "STF-MEENA",
            "approved_by": "STF-RAMESH", "reason": "colour not liked",
            "supply": sale.supply.value,
            "lines": [{"sale_line_no": c.line_no, "qty_milli": c.qty_milli,
                       "rate_bp": c.tax.rate_bp, "gross": c.tax.gross, "taxable": c.tax.taxable,
                       "cgst": c.tax.cgst, "sgst": c.tax.sgst, "igst": c.tax.igst}
                      for c in totals.lines],
            "round_off": totals.round_off, "refund": totals.refund, "refund_mode": refund_mode,
            "refund_reference": "" if refund_mode == "cash" else "123456789012",
        }
        note = Note(payload, totals)
        self.notes.append(note)
        return note, self.envelope("credit_note", payload, credit_id)

    def cash_movement(self, kind: str, amount: int) -> dict[str, Any]:
        movement_id = str(uuid.uuid4())
        self.cash[kind] += amount
        return self.envelope("cash_movement", {
            "movement_id": movement_id, "day_id": self.day_id, "kind": kind, "amount": amount,
            "reason": "tea and courier", "staff_id": "STF-RAMESH"}, movement_id)

    def stock_move(self, kind: str, items: Iterable[tuple[str, int]]) -> dict[str, Any]:
        doc_id = str(uuid.uuid4())
        sign = -1 if kind == "sent_to_fair" else 1
        return self.envelope("stock_move", {
            "doc_id": doc_id, "outlet_id": self.outlet_id, "kind": kind,
            "reference": "IITF26" if "fair" in kind else "", "reason": "",
            "staff_id": "STF-RAMESH",
            "lines": [{"product_id": self.catalogue.product(sku).product_id,
                       "qty_milli": sign * qty} for sku, qty in items]}, doc_id)

    def figures(self) -> dict[str, Any]:
        """The Z report's figures as the till's store adds them up."""
        done = [s for s in self.sales.values() if s.sale_id not in self.voided]
        by_mode: dict[str, int] = defaultdict(int)
        for s in done:
            for tender in s.settlement.tenders:
                by_mode[tender.mode.value] += tender.amount
        refunds_by_mode: dict[str, int] = defaultdict(int)
        for n in self.notes:
            refunds_by_mode[n.payload["refund_mode"]] += n.totals.refund
        numbers = sorted(s.invoice_no for s in self.sales.values())
        expected = (self.opening_float + by_mode.get("cash", 0)
                    - refunds_by_mode.get("cash", 0) + self.cash["paid_in"]
                    - self.cash["paid_out"])
        return {
            "sales_count": len(done), "payable": sum(s.totals.payable for s in done),
            "taxable": sum(s.totals.taxable for s in done),
            "cgst": sum(s.totals.cgst for s in done), "sgst": sum(s.totals.sgst for s in done),
            "igst": sum(s.totals.igst for s in done),
            "refunds": sum(n.totals.refund for n in self.notes),
            "credit_notes_count": len(self.notes), "voided_count": len(self.voided),
            "sales_by_mode": dict(by_mode), "refunds_by_mode": dict(refunds_by_mode),
            "paid_in": self.cash["paid_in"], "paid_out": self.cash["paid_out"],
            "opening_float": self.opening_float, "expected_cash": expected,
            "counted_cash": expected, "counts": {}, "variance_reason": "",
            "first_invoice": numbers[0] if numbers else "",
            "last_invoice": numbers[-1] if numbers else "",
        }

    def day_close(self, figures: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return self.envelope("day_close", {
            "day_id": self.day_id, "outlet_id": self.outlet_id,
            "business_date": self.business_date.isoformat(), "closed_by": "STF-RAMESH",
            **(figures or self.figures())}, f"{self.day_id}-close")


def resign(event: dict[str, Any]) -> dict[str, Any]:
    """The envelope with its sha256 recomputed after the payload was changed."""
    return {**event, "sha256": payload_sha256(event["payload"])}
