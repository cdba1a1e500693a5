"""The bill being built at the counter, and its totals.

A :class:`Cart` holds lines (each with a snapshot of its product taken when it was scanned,
so a price published meanwhile never changes a bill on screen), line discounts and a bill
discount. :meth:`Cart.totals` prices it: line discounts first, then the bill discount
apportioned to the lines exactly, then each line's GST on its value after discounts (which is
also what picks the rate of a price band), then the invoice round-off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from pos.domain.catalog import Product, ProductSnapshot
from pos.domain.customer import Customer
from pos.domain.discounts import Discount, DiscountPolicy, Role, apportion
from pos.domain.money import Paise, div_round_half_up, round_to_rupee
from pos.domain.tax import QTY_SCALE, LineTax, Supply, TaxError, TaxRule, select_rule, tax_line

MAX_QTY_MILLI = 9_999 * QTY_SCALE


class CartError(ValueError):
    """A cart operation that cannot be done; ``code`` names the reason for the UI."""

    code = "cart_error"


class UnknownCode(CartError):
    code = "unknown_code"

    def __init__(self, code_text: str) -> None:
        super().__init__(f"no product with barcode or SKU {code_text!r}")
        self.code_text = code_text


class InactiveProduct(CartError):
    code = "inactive_product"


class BadQuantity(CartError):
    code = "bad_quantity"


class NoSuchLine(CartError):
    code = "no_such_line"


class BadPrice(CartError):
    code = "bad_price"


class ProductLookup(Protocol):
    """Finds a product by any of its barcodes or its SKU; returns the product and the code
    that matched as a barcode (empty when it matched the SKU)."""

    def by_code(self, code: str) -> tuple[Product, str] | None: ...


def snapshot_for_code(code: str, lookup: ProductLookup, rules: Iterable[TaxRule],
                      on: date) -> ProductSnapshot:
    """The product a barcode or SKU names, as a line keeps it, with its GST rule on ``on``."""
    text = code.strip()
    found = lookup.by_code(text) if text else None
    if found is None:
        raise UnknownCode(text)
    product, barcode = found
    if not product.active:
        raise InactiveProduct(f"{product.sku} is no longer sold")
    rule = select_rule(tuple(rules), product.hsn, product.is_handicraft, on)
    return ProductSnapshot.of(product, rule, barcode)


@dataclass(frozen=True, slots=True)
class CartLine:
    line_id: int
    product: ProductSnapshot
    qty_milli: int
    unit_price: Paise  # tax-inclusive price of one unit as billed (MRP unless overridden)
    discount: Discount | None = None
    price_overridden: bool = False
    override_reason: str = ""  # why a manager changed the price, and who (their staff id)
    override_by: str = ""

    @property
    def gross(self) -> Paise:
        """Price × quantity, before any discount."""
        return div_round_half_up(self.unit_price * self.qty_milli, QTY_SCALE)

    @property
    def line_discount(self) -> Paise:
        return self.discount.on(self.gross) if self.discount else 0


@dataclass(frozen=True, slots=True)
class PricedLine:
    line: CartLine
    gross: Paise  # before discounts
    line_discount: Paise
    bill_discount: Paise  # this line's share of the bill discount
    tax: LineTax | None  # None when the line cannot be taxed (see ``problem``)
    problem: TaxError | None = None

    @property
    def net(self) -> Paise:
        """What the customer pays for this line: taxable value plus taxes."""
        return self.gross - self.line_discount - self.bill_discount

    @property
    def discount(self) -> Paise:
        return self.line_discount + self.bill_discount


@dataclass(frozen=True, slots=True)
class RateRow:
    """The tax breakup of one rate across the bill."""

    rate_bp: int
    taxable: Paise
    cgst: Paise
    sgst: Paise
    igst: Paise

    @property
    def gross(self) -> Paise:
        return self.taxable + self.cgst + self.sgst + self.igst


@dataclass(frozen=True, slots=True)
class Totals:
    lines: tuple[PricedLine, ...]
    by_rate: tuple[RateRow, ...]
    gross: Paise  # before discounts
    discount: Paise
    net: Paise  # after discounts, before round-off = taxable + all taxes
    taxable: Paise
    cgst: Paise
    sgst: Paise
    igst: Paise
    round_off: Paise
    payable: Paise

    @property
    def problems(self) -> tuple[PricedLine, ...]:
        return tuple(p for p in self.lines if p.problem is not None)

    @property
    def can_complete(self) -> bool:
        return bool(self.lines) and not self.problems

    @property
    def tax(self) -> Paise:
        return self.cgst + self.sgst + self.igst


def invoice_round_off(amount: Paise) -> Paise:
    """The round-off line: to the nearest rupee (50 paise up) only when paise remain."""
    return round_to_rupee(amount) - amount


def breakup_by_rate(taxes: Iterable[LineTax]) -> tuple[RateRow, ...]:
    """The tax breakup by rate of a document's lines, lowest rate first."""
    rows: dict[int, list[int]] = {}
    for tax in taxes:
        row = rows.setdefault(tax.rate_bp, [0, 0, 0, 0])
        row[0] += tax.taxable
        row[1] += tax.cgst
        row[2] += tax.sgst
        row[3] += tax.igst
    return tuple(RateRow(rate, *vals) for rate, vals in sorted(rows.items()))


def summarise(priced: Iterable[PricedLine]) -> Totals:
    """Add up priced lines into bill totals with a breakup by rate."""
    lines = tuple(priced)
    by_rate = breakup_by_rate(p.tax for p in lines if p.tax is not None)
    net = sum(p.net for p in lines)
    round_off = invoice_round_off(net)
    return Totals(
        lines=lines,
        by_rate=by_rate,
        gross=sum(p.gross for p in lines),
        discount=sum(p.discount for p in lines),
        net=net,
        taxable=sum(r.taxable for r in by_rate),
        cgst=sum(r.cgst for r in by_rate),
        sgst=sum(r.sgst for r in by_rate),
        igst=sum(r.igst for r in by_rate),
        round_off=round_off,
        payable=net + round_off,
    )


class Cart:
    """A bill in progress. Mutations validate and raise :class:`CartError` subclasses or
    :class:`~pos.domain.discounts.DiscountNotAllowed`; nothing is half-applied."""

    def __init__(self, *, supply: Supply = Supply.INTRA_STATE, sale_date: date,
                 policy: DiscountPolicy | None = None) -> None:
        self.supply = supply
        self.sale_date = sale_date
        self.policy = policy or DiscountPolicy()
        self._lines: list[CartLine] = []
        self._next_id = 1
        self.bill_discount: Discount | None = None
        self.customer = Customer()  # the buyer, when the invoice names one (B2B, ≥ ₹50,000)

    # -- reading -------------------------------------------------------------------------
    @property
    def lines(self) -> tuple[CartLine, ...]:
        return tuple(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def line(self, line_id: int) -> CartLine:
        for line in self._lines:
            if line.line_id == line_id:
                return line
        raise NoSuchLine(f"no line {line_id}")

    # -- adding --------------------------------------------------------------------------
    def add_code(self, code: str, lookup: ProductLookup, rules: Iterable[TaxRule],
                 qty_milli: int = QTY_SCALE) -> CartLine:
        """Add the product with this barcode or SKU (what a scanner or the keyboard typed)."""
        return self.add(snapshot_for_code(code, lookup, rules, self.sale_date), qty_milli)

    def add(self, product: ProductSnapshot, qty_milli: int = QTY_SCALE) -> CartLine:
        """Add a product; scanning the same product again adds to its undiscounted line."""
        for i, line in enumerate(self._lines):
            if (line.product.product_id == product.product_id and line.discount is None
                    and not line.price_overridden and line.unit_price == product.mrp):
                merged = replace(line, qty_milli=line.qty_milli + qty_milli)
                self._check_qty(merged)
                self._lines[i] = merged
                return merged
        new = CartLine(self._next_id, product, qty_milli, product.mrp)
        self._check_qty(new)
        self._next_id += 1
        self._lines.append(new)
        return new

    # -- changing ------------------------------------------------------------------------
    def set_quantity(self, line_id: int, qty_milli: int) -> CartLine:
        return self._replace(replace(self.line(line_id), qty_milli=qty_milli))

    def remove(self, line_id: int) -> CartLine:
        line = self.line(line_id)
        self._lines.remove(line)
        return line

    def set_line_discount(self, line_id: int, discount: Discount | None, role: Role) -> CartLine:
        line = self.line(line_id)
        if discount is not None:
            self.policy.check(role, line.gross, discount.on(line.gross), bill=False)
        return self._replace(replace(line, discount=discount))

    def set_bill_discount(self, discount: Discount | None, role: Role) -> None:
        if discount is not None:
            base = sum(line.gross - line.line_discount for line in self._lines)
            self.policy.check(role, base, discount.on(base), bill=True)
        self.bill_discount = discount

    def override_price(self, line_id: int, unit_price: Paise, *, reason: str = "",
                       approved_by: str = "") -> CartLine:
        """Bill a line at another tax-inclusive unit price (a manager's decision; the reason
        and the manager travel with the sale, for head office's price-difference review)."""
        if unit_price <= 0:
            raise BadPrice("price must be positive")
        return self._replace(replace(self.line(line_id), unit_price=unit_price,
                                     price_overridden=True, override_reason=reason,
                                     override_by=approved_by))

    def refresh_prices(self, products: Iterable[ProductSnapshot]) -> list[int]:
        """Bill these products at their current catalogue price and GST rule (the cashier
        chose to refresh a bill started before head office changed them). Lines at a
        manager's price keep it. Returns the ids of the lines changed."""
        by_id = {p.product_id: p for p in products}
        changed = []
        for i, line in enumerate(self._lines):
            new = by_id.get(line.product.product_id)
            if new is None or line.price_overridden or (
                    line.product == new and line.unit_price == new.mrp):
                continue
            self._lines[i] = replace(line, product=new, unit_price=new.mrp)
            changed.append(line.line_id)
        return changed

    def restore(self, lines: Iterable[CartLine], bill_discount: Discount | None) -> None:
        """Put back lines saved earlier (a held bill), keeping their ids."""
        restored = list(lines)
        for line in restored:
            self._check_qty(line)
        self._lines = restored
        self._next_id = max((line.line_id for line in restored), default=0) + 1
        self.bill_discount = bill_discount

    def clear(self) -> None:
        self._lines.clear()
        self.bill_discount = None
        self.customer = Customer()

    def _replace(self, new: CartLine) -> CartLine:
        self._check_qty(new)
        for i, line in enumerate(self._lines):
            if line.line_id == new.line_id:
                self._lines[i] = new
                return new
        raise NoSuchLine(f"no line {new.line_id}")  # pragma: no cover - line() checked

    @staticmethod
    def _check_qty(line: CartLine) -> None:
        if line.qty_milli <= 0:
            raise BadQuantity("quantity must be more than zero")
        if line.qty_milli > MAX_QTY_MILLI:
            raise BadQuantity(f"quantity above {MAX_QTY_MILLI // QTY_SCALE}")
        if line.product.unit.whole_only and line.qty_milli % QTY_SCALE:
            raise BadQuantity(f"{line.product.unit.value} is sold in whole units")

    # -- pricing -------------------------------------------------------------------------
    def totals(self) -> Totals:
        return price_lines(self._lines, self.bill_discount, self.supply)


def price_lines(lines: Iterable[CartLine], bill_discount: Discount | None,
                supply: Supply) -> Totals:
    """Price lines as an invoice: discounts, apportioned bill discount, GST, round-off.

    Head office calls this too, to recompute every synced sale with the same code.
    """
    lines = tuple(lines)
    after_line = [line.gross - line.line_discount for line in lines]
    bill_total = bill_discount.on(sum(after_line)) if bill_discount else 0
    shares = apportion(bill_total, after_line)
    priced: list[PricedLine] = []
    for line, base, share in zip(lines, after_line, shares, strict=True):
        net = base - share
        try:
            tax: LineTax | None = tax_line(line.product.rule, net, line.qty_milli, supply)
            problem: TaxError | None = None
        except TaxError as exc:
            tax, problem = None, exc
        priced.append(PricedLine(line, line.gross, line.line_discount, share, tax, problem))
    return summarise(priced)
