"""What the billing screen does: scans and searches (looked up on the database thread, added
on the GUI thread), quantities, discounts with a manager's approval above the limit, hold and
resume, payment, and keeping the bill on screen safe against a power cut after every change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QWidget

from pos.domain.cart import Cart, CartError
from pos.domain.catalog import Product, ProductSnapshot
from pos.domain.codec import cart_from_data, cart_to_data
from pos.domain.customer import Customer, customer_needed
from pos.domain.discounts import Discount, DiscountNotAllowed, Role
from pos.domain.documents import Sale
from pos.domain.money import BASIS_POINTS, MoneyParseError, parse_money
from pos.domain.payments import Tender
from pos.domain.tax import QTY_SCALE
from pos.domain.upi import UpiInvoice, upi_link
from pos.locale.formatting import format_money, format_quantity, format_rate
from pos.locale.lang import Lang
from pos.services.auth import StaffSession
from pos.services.errors import ServiceError
from pos.services.till import Till, check_price_override
from pos.ui.billing_view import BillingView
from pos.ui.cart_model import CartModel
from pos.ui.dialogs import finish
from pos.ui.dialogs.approval import ApprovalDialog
from pos.ui.dialogs.customer import CustomerDialog
from pos.ui.dialogs.held_bills import HeldBillsDialog
from pos.ui.errors import beep, describe
from pos.ui.i18n import Translator
from pos.ui.payment_dialog import PaymentDialog
from pos.ui.scanner_wedge import ACCEPTS_SCANS
from pos.ui.tasks import Runner

KEEP_AFTER_MS = 250
# A scanner's burst typed on top of a name being searched ("agarb" + "2000000100012"):
# the trailing barcode goes to the bill, the cashier's words stay in the box.
_BURST = re.compile(r"^(.*\D)(\d{8,14})$")


def split_burst(text: str) -> tuple[str, str] | None:
    """``("agarb", "2000000100012")`` for ``"agarb2000000100012"``; ``None`` when the text
    does not end in a barcode typed after other text."""
    found = _BURST.match(text.strip())
    if found is None or not found.group(1).strip():
        return None
    return found.group(1).strip(), found.group(2)


def parse_discount(text: str) -> Discount | None:
    """``"10%"`` → 10 %; ``"50"`` or ``"₹50"`` → ₹50 off; empty → no discount."""
    value = text.strip()
    if not value:
        return None
    if value.endswith("%"):
        paise = parse_money(value[:-1])  # percent with up to two decimals, as "paise"
        return Discount.percent(paise * BASIS_POINTS // 10_000)
    return Discount.amount(parse_money(value))


class BillingController(QObject):
    sale_completed = Signal(object)  # Sale
    manager_menu = Signal()
    help_requested = Signal()

    def __init__(self, view: BillingView, model: CartModel, till: Till, runner: Runner,
                 translator: Translator, session: Callable[[], StaffSession | None],
                 ask: Callable[..., Any] | None = None) -> None:
        super().__init__()
        self.view, self.model, self.till, self.runner, self.t = view, model, till, runner, \
            translator
        self.session = session
        self.cart: Cart = till.new_cart()
        self._results: list[Product] = []
        self._results_text = ""  # the text the results on screen were found for
        self._search_generation = 0
        self._ask = ask  # tests replace dialogs with answers
        self._repriced: list[ProductSnapshot] = []  # catalogue prices newer than the bill's
        # From F12 until the sale is saved (or the payment given up), scans wait here: the
        # payment is for the bill as the payment window showed it, and the bill on screen is
        # about to be replaced by a fresh one.
        self._paying = False
        self._completing = False
        self._day_open: bool | None = None  # None: not known yet (scans are taken)
        self._waiting: list[str | ProductSnapshot] = []
        # Saving the bill on screen costs a durable commit; during a burst of scans it is
        # done once the burst pauses, so the next scan's lookup never queues behind it.
        self._keep_timer = QTimer(self)
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(KEEP_AFTER_MS)
        self._keep_timer.timeout.connect(self.keep_now)
        view.code_entered.connect(self.scan)
        view.search_changed.connect(self.search)
        view.result_chosen.connect(self.choose_result)
        view.action.connect(self.act)
        view.key_in_scan_box.connect(self.key)
        translator.changed.connect(self.refresh)
        self.refresh()

    # -- scanning and searching -----------------------------------------------------------
    def scan(self, code: str) -> None:
        code = code.strip()
        if not code:
            return
        burst = split_burst(code)
        if burst is not None:
            self._scan_burst(*burst)
            return
        self.view.scan.clear()
        self.view.hide_results()
        self._add_code(code)

    def _scan_burst(self, typed: str, code: str) -> None:
        """A scan arrived while the cashier was typing a search: the code goes to the bill,
        what they typed stays in the box with its results."""
        self.view.scan.setText(typed)
        if typed != self._results_text or not self.view.results.isVisible():
            self.search(typed)
        self._add_code(code)

    def scanned_elsewhere(self, code: str) -> None:
        """A scan typed while the focus was outside the scan box (see ``ScannerWedge``):
        onto the bill, leaving whatever the cashier typed in the scan box alone."""
        code = code.strip()
        if code:
            self._add_code(code)

    def set_day_open(self, is_open: bool) -> None:
        """What the till's day is now (after login, and whenever a day opens or closes). With
        no day open, scans are refused at once: a bill could not be sold anyway."""
        self._day_open = is_open
        if not is_open:
            self.view.flash("notice", lambda: self.t.t("billing.day_closed"))

    def _add_code(self, code: str, *, quiet: bool = False) -> None:
        if self._day_open is False:
            beep()
            self.view.flash("error", lambda: self.t.t("billing.day_closed"))
            return
        if self._paying or self._completing:
            self._waiting.append(code)
            return
        known = self.till.recent_lookup(code)  # memory only: the GUI thread never waits
        if known is not None:
            self.add_snapshot(known, quiet=quiet)  # scanned lately: on screen in this frame
            return
        self.runner.submit(lambda: self.till.lookup(code),
                           lambda found: self.add_snapshot(found, quiet=quiet), self.fail)

    def search(self, text: str) -> None:
        text = text.strip()
        self._search_generation += 1
        generation = self._search_generation
        if not text or text.isdigit():
            self._results = []
            self.view.hide_results()
            return

        def run() -> list[Product] | None:
            if generation != self._search_generation:
                return None  # the cashier typed on: skip a stale search
            return self.till.search(text, 12)

        def show(products: list[Product] | None) -> None:
            if products is None or generation != self._search_generation:
                return
            self._results = products
            self._results_text = text
            self.view.show_results(products)

        self.runner.submit(run, show, self.fail)

    def choose_result(self, index: int) -> None:
        typed = self.view.scan.text().strip()
        if typed != self._results_text or split_burst(typed) is not None:
            # Enter came before the results for what is typed now (a SKU typed fast): the
            # list on screen is for an older prefix, so take the text as a code instead
            self.scan(typed)
            return
        if 0 <= index < len(self._results):
            product = self._results[index]
            self._search_generation += 1
            self.view.scan.clear()
            self.view.hide_results()
            self.runner.submit(lambda: self.till.snapshot(product), self.add_snapshot,
                               self.fail)

    def add_snapshot(self, snapshot: ProductSnapshot, *, quiet: bool = False) -> None:
        """Put a looked-up product on the bill. ``quiet``: no "added" message (it would hide
        the change to give for the sale just saved); problems are always said."""
        if self._paying or self._completing:  # looked up before F12, found after it
            self._waiting.append(snapshot)
            return
        try:
            line = self.cart.add(snapshot)
        except CartError as exc:
            self.fail(exc)
            return
        self.changed(select_line=line.line_id)
        priced = self.model.line_at(self.model.row_of(line.line_id))
        if priced is not None and priced.problem is not None:
            beep()
            self.view.flash("error", lambda: self.model.problem_text(priced))
        elif not quiet:
            self.view.flash("info", lambda: self.t.t("billing.added",
                                                     name=self._name(snapshot)))

    # -- changing lines -------------------------------------------------------------------
    def selected_line_id(self) -> int | None:
        priced = self.model.line_at(self.view.selected_row())
        return None if priced is None else priced.line.line_id

    def key(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            row = self.view.selected_row() + step
            self.view.select_row(max(0, min(self.model.rowCount() - 1, row)))
        elif key == Qt.Key.Key_Delete:
            self.act("remove")
        elif event.text() in ("+", "-"):
            line_id = self.selected_line_id()
            if line_id is not None:
                line = self.cart.line(line_id)
                step = QTY_SCALE if event.text() == "+" else -QTY_SCALE
                if line.qty_milli + step > 0:
                    self._try(lambda: self.cart.set_quantity(line_id, line.qty_milli + step))

    def act(self, name: str) -> None:
        actions: dict[str, Callable[[], object]] = {
            "pay": self.pay, "hold": self.hold, "held": self.show_held,
            "qty": self.change_quantity, "discount": self.discount_line,
            "bill_discount": self.discount_bill, "remove": self.remove,
            "manager": self.manager_menu.emit, "help": self.help_requested.emit,
            "customer": self.edit_customer, "price": self.override_price,
            "reprice": self.refresh_prices,
        }
        actions[name]()

    def remove(self) -> None:
        line_id = self.selected_line_id()
        if line_id is not None:
            self._try(lambda: self.cart.remove(line_id))

    def change_quantity(self) -> None:
        line_id = self.selected_line_id()
        if line_id is None:
            return
        line = self.cart.line(line_id)
        answer = self.ask_text(self.t.t("qty.title"),
                               self.t.t("qty.prompt", name=self._name(line.product)),
                               format_quantity(line.qty_milli, Lang.EN))
        if answer is None:
            return
        try:
            qty = parse_money(answer) * QTY_SCALE // 100  # "2.5" → 2500 thousandths
        except MoneyParseError as exc:
            self.fail(exc)
            return
        self._try(lambda: self.cart.set_quantity(line_id, qty))

    def discount_line(self) -> None:
        line_id = self.selected_line_id()
        if line_id is None:
            return
        line = self.cart.line(line_id)
        answer = self.ask_text(self.t.t("discount.title"),
                               self.t.t("discount.prompt_line", name=self._name(line.product)), "")
        if answer is not None:
            self._discount(lambda d, who: self.till.discount_line(self.cart, line_id, d, who),
                           answer)

    def discount_bill(self) -> None:
        answer = self.ask_text(self.t.t("discount.title"), self.t.t("discount.prompt_bill"), "")
        if answer is not None:
            self._discount(lambda d, who: self.till.discount_bill(self.cart, d, who), answer)

    def _discount(self, apply: Callable[[Discount | None, StaffSession], object],
                  answer: str) -> None:
        who = self.session()
        if who is None:
            return
        try:
            discount = parse_discount(answer)
            apply(discount, who)
        except DiscountNotAllowed as refused:
            def approved(approver: StaffSession) -> None:
                self._try(lambda: apply(discount, approver))

            self.approve(self.t.t("approve.discount_limit",
                                  asked=format_rate(refused.asked_bp, self.t.lang),
                                  limit=format_rate(refused.limit_bp, self.t.lang)),
                         Role.MANAGER, approved)
            return
        except Exception as exc:
            self.fail(exc)
            return
        self.changed()

    def _try(self, change: Callable[[], object]) -> None:
        selected = self.selected_line_id()
        try:
            change()
        except Exception as exc:
            self.fail(exc)
            return
        self.changed(select_line=selected)

    # -- the buyer ------------------------------------------------------------------------
    def edit_customer(self) -> bool:
        """F6: the buyer's details for this invoice. True when they were saved."""
        taxable = self.cart.totals().taxable
        if self._ask is not None:
            answer = self._ask("customer", self.cart.customer, taxable)
        else:
            dialog = CustomerDialog(self._parent(), self.t, self.cart.customer, taxable,
                                    self.till.outlet.state_code)
            answer = dialog.result_customer \
                if dialog.exec() == QDialog.DialogCode.Accepted else None
            finish(dialog)  # each window once: none piles up hidden under the till
        if not isinstance(answer, Customer):
            return False
        self.cart.customer = answer
        self.changed()
        self.view.flash("info", lambda: self.t.t("customer.saved"))
        return True

    # -- price override -------------------------------------------------------------------
    def override_price(self) -> None:
        """F7: bill the selected line at another price — a manager approves with a PIN, the
        reason is audited, the GST is worked out again for the new price."""
        line_id = self.selected_line_id()
        who = self.session()
        if line_id is None or who is None:
            return
        line = self.cart.line(line_id)
        name = self._name(line.product)
        answer = self.ask_text(self.t.t("price.title"), self.t.t(
            "price.prompt", name=name, price=format_money(line.unit_price, self.t.lang)), "")
        if answer is None:
            return
        try:
            price = parse_money(answer)
        except MoneyParseError as exc:
            self.fail(exc)
            return
        reason = self.ask_text(self.t.t("price.title"), self.t.t("price.reason"), "")
        if reason is None:
            return
        if not reason.strip():
            self.fail(ServiceError("reason_required", "say why the price is changed"))
            return

        def approved(manager: StaffSession) -> None:
            try:
                check_price_override(manager, reason)
                current = self.cart.line(line_id)
                self.cart.override_price(line_id, price, reason=reason,
                                         approved_by=manager.staff_id)
            except Exception as exc:
                self.fail(exc)
                return
            self.changed(select_line=line_id)
            self.runner.submit(lambda: self.till.record_price_override(
                current, price, manager, reason, who), lambda _r: None, self.fail)
            priced = self.model.line_at(self.model.row_of(line_id))
            if priced is not None and priced.problem is not None:
                beep()
                self.view.flash("error", lambda: self.model.problem_text(priced))
            else:
                self.view.flash("info", lambda: self.t.t(
                    "price.done", name=self._name(current.product),
                    price=format_money(price, self.t.lang)))

        self.approve(self.t.t("approve.price", name=name,
                              old=format_money(line.unit_price, self.t.lang),
                              new=format_money(price, self.t.lang)), Role.MANAGER, approved)

    # -- catalogue changes while a bill is open --------------------------------------------
    @Slot()
    def catalogue_changed(self) -> None:
        """Head office's catalogue changed (the sync agent calls this after each applied
        page). What was remembered of the old catalogue is forgotten; the bill's lines are
        compared with the new one on the database thread, and a calm notice says how many
        prices differ. Lines keep the price they were scanned at until the cashier refreshes
        them (Shift+F5)."""
        self.till.catalogue_changed()
        if not self.cart.lines:
            self._repriced = []
            return
        lines = self.cart.lines
        cart = self.cart

        def show(products: list[ProductSnapshot]) -> None:
            if cart is not self.cart:
                return  # the bill was completed or held meanwhile
            self._repriced = products
            self._show_price_notice()

        self.runner.submit(lambda: self.till.reprice(lines), show, self.fail)

    def _show_price_notice(self) -> None:
        ids = {p.product_id for p in self._repriced}
        lines = [line for line in self.cart.lines
                 if line.product.product_id in ids and not line.price_overridden]
        if not lines:
            return
        if len(lines) == 1:
            product = lines[0].product
            self.view.flash("notice", lambda: self.t.t("prices.changed_one",
                                                       name=self._name(product)))
        else:
            self.view.flash("notice", lambda: self.t.t("prices.changed", count=len(lines)))

    def refresh_prices(self) -> None:
        """Shift+F5: bill the lines head office repriced at their new price."""
        changed = self.cart.refresh_prices(self._repriced) if self._repriced else []
        self._repriced = []
        if not changed:
            self.view.flash("info", lambda: self.t.t("prices.nothing"))
            return
        self.changed()
        self.view.flash("info", lambda: self.t.t("prices.refreshed", count=len(changed)))

    # -- bills ----------------------------------------------------------------------------
    def hold(self) -> None:
        who = self.session()
        if who is None or not self.cart.lines:
            return
        label = self.ask_text(self.t.t("billing.hold"), self.t.t("held.label"), "")
        if label is None:
            return
        self._keep_timer.stop()  # holding clears the bill on screen
        cart = self._copy()
        self.runner.submit(lambda: self.till.hold(cart, who, label), self._held, self.fail)

    def _held(self, _bill: object) -> None:
        self.cart = self.till.new_cart()
        self._repriced = []
        self.refresh()
        self.view.flash("info", lambda: self.t.t("billing.held_ok"))

    def show_held(self) -> None:
        self.runner.submit(self.till.held_bills, self._choose_held, self.fail)

    def _choose_held(self, bills: list[Any]) -> None:
        if self._ask is not None:
            chosen = self._ask("held", bills)
        else:
            dialog = HeldBillsDialog(self._parent(), self.t, bills)
            chosen = dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
            finish(dialog)
        if chosen is None:
            return
        if self.cart.lines:
            self.hold_current_silently()
        self.runner.submit(lambda: self.till.resume(chosen.hold_id), self._resumed, self.fail)

    def hold_current_silently(self) -> None:
        who = self.session()
        if who is not None:
            cart = self._copy()
            self.runner.submit(lambda: self.till.hold(cart, who, ""), lambda _b: None,
                               self.fail)

    def _resumed(self, cart: Cart) -> None:
        self.cart = cart
        self._repriced = []
        self.cart.policy = self.till.policy
        self.changed()
        self.view.flash("info", lambda: self.t.t("billing.resumed", count=len(cart.lines)))

    def pay(self) -> None:
        who = self.session()
        totals = self.cart.totals()
        if who is None or not totals.lines or self._paying or self._completing:
            return  # (F12 twice opens one payment)
        if not totals.can_complete:
            beep()
            self.view.flash("error", lambda: self.t.error("cannot_complete"))
            return
        if customer_needed(self.cart.customer, totals.taxable):
            # the invoice must name the buyer (B2B, or ₹50,000 and more): ask, then pay
            self.view.flash("error", lambda: self.t.t("customer.needed"))
            if self.edit_customer() and not customer_needed(self.cart.customer,
                                                            self.cart.totals().taxable):
                self.pay()
            return
        self._paying = True
        self.runner.submit(self.till.next_invoice_number, self._take_payment,
                           self._not_paid)

    def _not_paid(self, error: BaseException | None = None) -> None:
        """The payment was given up (or could not start): the bill is open to scans again."""
        self._paying = False
        if error is not None:
            self.fail(error)
        self._scan_waiting()

    def _take_payment(self, number: str) -> None:
        outlet = self.till.outlet
        today = self.till.clock.today()
        cart = self._copy()  # what is paid for is exactly what the payment window shows
        totals = cart.totals()
        payable = totals.payable

        def link(amount: int) -> str:
            return upi_link(UpiInvoice(outlet.upi_vpa, outlet.name_en, number, today, amount,
                                       outlet.gstin, totals.cgst, totals.sgst, totals.igst))

        if self._ask is not None:
            tenders = self._ask("pay", payable, link)
        else:
            dialog = PaymentDialog(self.t, payable, link)
            dialog.setParent(self._parent(), dialog.windowFlags())
            tenders = dialog.tenders if dialog.exec() == QDialog.DialogCode.Accepted else None
            finish(dialog)  # a payment window per sale would pile up all day
        if not tenders:
            self._not_paid()
            return
        self.complete(list(tenders), cart)

    def complete(self, tenders: list[Tender], cart: Cart | None = None) -> None:
        """Save the sale of ``cart`` (the bill the payment was taken for; the bill on screen
        when none is given) with ``tenders``, off the GUI thread."""
        who = self.session()
        if who is None:
            self._not_paid()
            return
        self._keep_timer.stop()  # the sale itself clears the bill on screen
        sold = cart if cart is not None else self._copy()
        self._completing = True
        self._paying = False
        self.runner.submit(lambda: self.till.complete(sold, tenders, who), self._completed,
                           self._not_completed)

    def _completed(self, sale: Sale) -> None:
        try:
            self.cart = self.till.new_cart()
            self._repriced = []
            self.refresh()
            change = sale.settlement.change
            self.view.flash("info", lambda: self.t.t(
                "billing.completed_change", number=sale.invoice_no,
                change=format_money(change, self.t.lang))
                if change else self.t.t("billing.completed", number=sale.invoice_no))
            self.sale_completed.emit(sale)
        finally:  # whatever failed above, scans must not wait for ever
            self._scan_waiting(quiet=True)  # the next bill's: the change stays in sight

    def _not_completed(self, error: BaseException) -> None:
        """The sale was not saved: the bill stays on screen, scans made meanwhile join it."""
        try:
            self.fail(error)
        finally:
            self._scan_waiting()

    def _scan_waiting(self, *, quiet: bool = False) -> None:
        self._completing = False
        waiting, self._waiting = self._waiting, []
        for item in waiting:
            if isinstance(item, str):
                self._add_code(item, quiet=quiet)
            else:
                self.add_snapshot(item, quiet=quiet)

    # -- helpers --------------------------------------------------------------------------
    def _name(self, product: ProductSnapshot) -> str:
        return product.name_hi if self.t.lang is Lang.HI and product.name_hi else product.name_en

    def approve(self, reason: str, needed: Role,
                then: Callable[[StaffSession], None]) -> None:
        """Ask for a manager's PIN; ``then`` runs with the approver once it is verified (the
        staff list and the PIN check run on the database thread, never on the GUI's)."""

        def ask(staff: list[StaffSession], error: BaseException | None = None,
                chosen: str | None = None) -> None:
            eligible = [s for s in staff if s.role.at_least(needed)]
            if self._ask is not None:
                answer = self._ask("approve", eligible)
            else:
                dialog = ApprovalDialog(self._parent(), self.t, reason, eligible)
                if error is not None:
                    dialog.show_error(describe(error, self.t), chosen)
                answer = (dialog.staff_id(), dialog.pin.text()) \
                    if dialog.exec() == QDialog.DialogCode.Accepted else None
                finish(dialog)
            if answer is None:
                return
            staff_id, pin = answer

            def wrong(problem: BaseException) -> None:
                # a mistyped PIN asks again, keeping what was being approved
                if isinstance(problem, ServiceError) and problem.code == "wrong_pin":
                    beep()
                    ask(staff, problem, staff_id)
                else:
                    self.fail(problem)

            self.runner.submit(lambda: self.till.approve(staff_id, pin, needed), then, wrong)

        self.runner.submit(self.till.staff, ask, self.fail)

    def ask_text(self, title: str, label: str, initial: str, *,
                 accepts_scans: bool = False) -> str | None:
        """A one-line answer. With ``accepts_scans``, a scan into it is the answer (a bill's
        number scanned off its receipt) instead of an item for the bill."""
        if self._ask is not None:
            answer = self._ask("text", title, label, initial)
            return None if answer is None else str(answer)
        dialog = QInputDialog(self._parent())
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(initial)
        dialog.setOkButtonText(self.t.t("dialog.ok"))
        dialog.setCancelButtonText(self.t.t("dialog.cancel"))
        dialog.setMinimumWidth(460)
        if accepts_scans:
            for field in dialog.findChildren(QLineEdit):
                field.setProperty(ACCEPTS_SCANS, True)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        answer = dialog.textValue()
        finish(dialog)  # one prompt per question: none piles up under the window
        return answer if accepted else None

    def _parent(self) -> QWidget:
        return self.view.window()

    def _copy(self) -> Cart:
        """A copy of the bill for the database thread (the GUI keeps changing its own)."""
        return cart_from_data(cart_to_data(self.cart), self.cart.policy)

    def changed(self, select_line: int | None = None) -> None:
        self.refresh()
        if select_line is not None:
            self.view.select_row(self.model.row_of(select_line))
        elif self.model.rowCount():
            self.view.select_row(self.model.rowCount() - 1)
        self._keep_timer.start()  # saved once the scanning pauses (see KEEP_AFTER_MS)

    def flush_keep(self) -> None:
        """Save the bill on screen now if a save is waiting (the till is closing)."""
        if self._keep_timer.isActive():
            self._keep_timer.stop()
            self.keep_now()

    def keep_now(self) -> None:
        """Save the bill on screen, durably, so a power cut loses nothing of it."""
        who = self.session()
        if who is not None:
            cart = self._copy()
            self.runner.submit(lambda: self.till.keep(cart, who), lambda _r: None, self.fail)

    def refresh(self) -> None:
        totals = self.cart.totals()
        self.model.set_totals(totals)
        self.view.totals.show_totals(totals, self.cart.supply)
        self.view.totals.show_buyer(self._buyer_text())
        self.view.set_empty(not totals.lines)

    def _buyer_text(self) -> str:
        buyer = self.cart.customer
        if buyer.empty:
            return ""
        if buyer.gstin:
            return self.t.t("customer.on_bill_b2b", name=buyer.name, gstin=buyer.gstin)
        return self.t.t("customer.on_bill", name=buyer.name)

    def fail(self, error: BaseException) -> None:
        beep()
        self.view.flash("error", lambda: describe(error, self.t))
