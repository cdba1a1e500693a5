"""The till's one facade: everything the UI, tests and scripts do goes through :class:`Till`.

Wiring (done once, in ``pos/app.py``)::

    till = Till(uow_factory, clock, outlet, catalogue, policy)

A day at the counter::

    meena = till.login("meena", "1111")                     # wrong PINs lock after 5 tries
    till.open_day(ramesh, opening_float=rupees(5000))
    cart = till.new_cart()
    till.scan(cart, "8901234567894")                        # barcode or SKU; UnknownCode
    till.search("साड़")                                       # search as you type
    till.set_quantity(cart, line_id, 2000)                  # thousandths: 2 pieces
    till.discount_line(cart, line_id, Discount.percent(500), meena)
    #   above the cashier's limit: DiscountNotAllowed -> ask a manager's PIN:
    boss = till.approve("ramesh", "9999", Role.MANAGER)
    till.discount_line(cart, line_id, Discount.percent(1500), boss)
    till.keep(cart, meena)                                  # after each change: power-cut safe
    held = till.hold(cart, meena, "Mrs Sharma"); cart = till.resume(held.hold_id)
    sale = till.complete(cart, [Tender.upi(amount, utr), Tender.cash(rupees(500))], meena)
    till.void(sale.sale_id, boss, "wrong item")
    found = till.find_sale(qr_text_or_invoice_no)
    note = till.return_items(found.sale_id, {1: 1000}, Mode.CASH, "colour", meena, boss)
    till.cash_movement(meena, "paid_out", rupees(40), "tea")
    till.x_report(); till.close_day(boss, {"note:50000": 10}, "₹120 short: change")
    till.move_stock(boss, "sent_to_fair", [(product_id, 10_000)], reference="IITF stall")
    till.on_hand(product_id)

Every method either completes its business event in one transaction or raises a
:class:`~pos.services.errors.ServiceError` (or a domain error) whose ``code`` names the
message to show, having changed nothing.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from pos.domain.cart import Cart, CartError, CartLine, snapshot_for_code
from pos.domain.catalog import Product, ProductSnapshot
from pos.domain.discounts import Discount, DiscountPolicy, Role
from pos.domain.documents import Customer, Sale
from pos.domain.outlet import Outlet
from pos.domain.payments import Mode, Tender
from pos.domain.tax import QTY_SCALE, Supply, select_rule
from pos.services import auth, day, holds, returns, selling, stock
from pos.services.errors import ServiceError
from pos.services.ports import (
    AuditEntry,
    CashMovement,
    CatalogueReader,
    Clock,
    CreditNoteRecord,
    DaySession,
    HeldBill,
    StoredSale,
    UowFactory,
)


def check_price_override(manager: auth.StaffSession, reason: str) -> None:
    if not manager.role.at_least(Role.MANAGER):
        raise ServiceError("not_allowed", "a manager must change a price",
                           needed=Role.MANAGER.value)
    if not reason.strip():
        raise ServiceError("reason_required", "say why the price is changed")


class RecentScans:
    """The products scanned lately, in memory, so scanning the same code again is answered
    on the spot (no trip to the database thread). Filled by :meth:`Till.lookup` on the
    database thread, read on the GUI thread: a lock guards it, and reading never touches disk.

    An entry is served for ``fresh_for`` seconds and for its business date only; after that
    the code is looked up again. Everything is forgotten when the catalogue changes."""

    def __init__(self, size: int = 5000, fresh_for: float = 300.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.size, self.fresh_for, self._monotonic = size, fresh_for, monotonic
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[date, float, ProductSnapshot]] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, code: str, on: date) -> ProductSnapshot | None:
        key = code.strip()
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != on or self._monotonic() - found[1] > self.fresh_for:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[2]

    def put(self, code: str, on: date, snapshot: ProductSnapshot) -> None:
        with self._lock:
            self._entries[code.strip()] = (on, self._monotonic(), snapshot)
            self._entries.move_to_end(code.strip())
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class Till:
    def __init__(self, uow_factory: UowFactory, clock: Clock, outlet: Outlet,
                 catalogue: CatalogueReader, policy: DiscountPolicy | None = None,
                 print_factory: UowFactory | None = None) -> None:
        self.uow_factory = uow_factory
        self.print_factory = print_factory or uow_factory
        self.clock = clock
        self.outlet = outlet
        self.catalogue = catalogue
        self.policy = policy or DiscountPolicy()
        self.recent = RecentScans()

    # -- people -------------------------------------------------------------------------
    def staff(self) -> list[auth.StaffSession]:
        """Who may log in at this till (names and roles, never PIN hashes)."""
        with self.uow_factory() as uow:
            return [auth.StaffSession(m.staff_id, m.name, m.role) for m in uow.staff.active()]

    def login(self, staff_id: str, pin: str) -> auth.StaffSession:
        return auth.login(self.uow_factory, self.clock, staff_id, pin)

    def approve(self, staff_id: str, pin: str, needed: Role) -> auth.StaffSession:
        return auth.approve(self.uow_factory, self.clock, staff_id, pin, needed)

    # -- the day ------------------------------------------------------------------------
    def open_day(self, who: auth.StaffSession, opening_float: int) -> DaySession:
        return day.open_day(self.uow_factory, self.clock, self.outlet, who.staff_id,
                            opening_float)

    def cash_movement(self, who: auth.StaffSession, kind: str, amount: int,
                      reason: str) -> CashMovement:
        return day.cash_movement(self.uow_factory, self.clock, self.outlet, who, kind, amount,
                                 reason)

    def x_report(self) -> day.DayReport:
        return day.x_report(self.uow_factory, self.outlet)

    def day_open(self) -> bool:
        """Whether a day is open at this till (a bill can only be sold in one)."""
        with self.uow_factory() as uow:
            return uow.days.current(self.outlet.outlet_id) is not None

    def close_day(self, manager: auth.StaffSession, counts: Mapping[str, int],
                  variance_reason: str = "") -> day.DayReport:
        return day.close_day(self.uow_factory, self.clock, self.outlet, manager, counts,
                             variance_reason, print_factory=self.print_factory)

    def print_x_report(self) -> int:
        """Queue the X report of the open day for the printer; returns the print job's id."""
        return day.print_x_report(self.uow_factory, self.outlet, self.print_factory)

    # -- the bill -----------------------------------------------------------------------
    def new_cart(self, supply: Supply = Supply.INTRA_STATE) -> Cart:
        return Cart(supply=supply, sale_date=self.clock.today(), policy=self.policy)

    def scan(self, cart: Cart, code: str, qty_milli: int = QTY_SCALE) -> CartLine:
        return cart.add(self.lookup(code), qty_milli)

    def lookup(self, code: str) -> ProductSnapshot:
        """What a scan adds, without touching a cart (the UI looks up off the GUI thread and
        adds on it): the product as it is now, with its GST rule for today."""
        today = self.clock.today()
        snapshot = snapshot_for_code(code, self.catalogue, self.catalogue.tax_rules(today),
                                     today)
        self.recent.put(code, today, snapshot)
        return snapshot

    def recent_lookup(self, code: str) -> ProductSnapshot | None:
        """A code scanned lately, answered from memory (never from disk), else ``None``:
        safe to call on the GUI thread."""
        return self.recent.get(code, self.clock.today())

    def catalogue_changed(self) -> None:
        """Head office's catalogue moved: forget what was remembered from the old one."""
        self.recent.clear()

    def snapshot(self, product: Product) -> ProductSnapshot:
        """A product picked from search results, with its GST rule for today."""
        today = self.clock.today()
        rule = select_rule(self.catalogue.tax_rules(today), product.hsn, product.is_handicraft,
                           today)
        return ProductSnapshot.of(product, rule)

    def search(self, text: str, limit: int = 20) -> list[Product]:
        return self.catalogue.search(text, limit)

    def set_quantity(self, cart: Cart, line_id: int, qty_milli: int) -> CartLine:
        return cart.set_quantity(line_id, qty_milli)

    def remove(self, cart: Cart, line_id: int) -> CartLine:
        return cart.remove(line_id)

    def discount_line(self, cart: Cart, line_id: int, discount: Discount | None,
                      who: auth.StaffSession) -> CartLine:
        return cart.set_line_discount(line_id, discount, who.role)

    def discount_bill(self, cart: Cart, discount: Discount | None,
                      who: auth.StaffSession) -> None:
        cart.set_bill_discount(discount, who.role)

    def override_price(self, cart: Cart, line_id: int, unit_price: int,
                       manager: auth.StaffSession, reason: str = "",
                       cashier: auth.StaffSession | None = None) -> CartLine:
        """Bill a line at another tax-inclusive price: a manager's decision, with a reason,
        audited. The line's GST is worked out again for the new price (a band may move)."""
        line = cart.line(line_id)
        check_price_override(manager, reason)
        changed = cart.override_price(line_id, unit_price)
        self.record_price_override(line, unit_price, manager, reason, cashier)
        return changed

    def record_price_override(self, line: CartLine, new_price: int,
                              manager: auth.StaffSession, reason: str,
                              cashier: auth.StaffSession | None = None) -> None:
        """The audit entry of a price override (the cart itself is changed by the caller)."""
        check_price_override(manager, reason)
        now = self.clock.now()
        with self.uow_factory() as uow:
            uow.audit.add(AuditEntry(now, manager.staff_id, "price.override",
                                     line.product.sku, {
                                         "product_id": line.product.product_id,
                                         "line_id": line.line_id, "mrp": line.product.mrp,
                                         "old_price": line.unit_price, "new_price": new_price,
                                         "reason": reason.strip(),
                                         "cashier": cashier.staff_id if cashier else "",
                                     }))
            uow.commit()

    def reprice(self, lines: Sequence[CartLine]) -> list[ProductSnapshot]:
        """The lines whose product head office has repriced (or re-taxed) since they were
        scanned: each as the catalogue has it now, for today. Lines billed at a manager's
        price, and products no longer in the catalogue, are left out."""
        today = self.clock.today()
        rules = self.catalogue.tax_rules(today)
        changed: dict[str, ProductSnapshot] = {}
        for line in lines:
            old = line.product
            if line.price_overridden or old.product_id in changed:
                continue
            code = old.barcode or old.sku
            try:
                now = snapshot_for_code(code, self.catalogue, rules, today)
            except CartError:
                continue
            if now.product_id == old.product_id and (now.mrp != old.mrp or now.rule != old.rule):
                changed[old.product_id] = now
        return list(changed.values())

    def next_invoice_number(self) -> str:
        """The number the next sale will get (shown in the on-screen UPI QR as reference)."""
        with self.uow_factory() as uow:
            day = uow.days.current(self.outlet.outlet_id)
            on = day.business_date if day else self.clock.today()
            return uow.series.peek(self.outlet.invoice_series, on)

    def keep(self, cart: Cart, who: auth.StaffSession) -> None:
        holds.save_current(self.uow_factory, self.clock, who, cart)

    def hold(self, cart: Cart, who: auth.StaffSession, label: str = "") -> HeldBill:
        return holds.hold(self.uow_factory, self.clock, who, cart, label)

    def held_bills(self) -> list[HeldBill]:
        return holds.held_bills(self.uow_factory)

    def resume(self, hold_id: str) -> Cart:
        return holds.resume(self.uow_factory, hold_id, self.policy)

    def recover_interrupted_bill(self) -> HeldBill | None:
        return holds.recover_current(self.uow_factory)

    def complete(self, cart: Cart, tenders: Sequence[Tender], who: auth.StaffSession,
                 customer: Customer | None = None) -> Sale:
        return selling.complete_sale(self.uow_factory, self.clock, self.outlet, who.staff_id,
                                     cart, tenders, customer,
                                     print_factory=self.print_factory)

    # -- after the sale -----------------------------------------------------------------
    def void(self, sale_id: str, manager: auth.StaffSession, reason: str) -> None:
        selling.void_sale(self.uow_factory, self.clock, self.outlet, manager, sale_id, reason)

    def find_sale(self, scanned: str) -> StoredSale:
        return returns.find_sale(self.uow_factory, scanned)

    def return_items(self, sale_id: str, quantities: Mapping[int, int], refund_mode: Mode,
                     reason: str, cashier: auth.StaffSession, approver: auth.StaffSession,
                     refund_reference: str = "") -> CreditNoteRecord:
        return returns.return_items(self.uow_factory, self.clock, self.outlet, cashier,
                                    approver, sale_id, quantities, refund_mode, reason,
                                    refund_reference, print_factory=self.print_factory)

    def pending_events(self) -> int:
        """Events (sales, returns, day-closes...) not yet accepted by head office."""
        with self.uow_factory() as uow:
            return uow.outbox.pending()

    # -- stock --------------------------------------------------------------------------
    def move_stock(self, who: auth.StaffSession, kind: str, items: Sequence[tuple[str, int]],
                   reference: str = "", reason: str = "") -> str:
        return stock.move_stock(self.uow_factory, self.clock, self.outlet, who, kind, items,
                                reference, reason)

    def on_hand(self, product_id: str) -> int:
        return stock.on_hand(self.uow_factory, product_id)
