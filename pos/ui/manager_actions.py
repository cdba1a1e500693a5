"""The manager's menu (F10) on the billing screen: open the day, cash paid in and out, the X
report (on screen or printed), void a bill of today, returns, close the day, printer setup.
Each asks for a manager's PIN and runs off the GUI thread.

Nothing typed is lost to a mistake: a prompt answered wrongly (no reason, not an amount, a
bill that does not exist) is asked again with what was typed and the problem above it; the
return and close-day forms check themselves before they close, and open again as they were
when the service refuses what they said. What can be checked before asking (the day already
open, the bill to void) is read first, on the runner. Every prompt says what it is for in
its own label (a kiosk session shows no title bar), and every message above the bill is
given as a function, so F9 says it again in the other language."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from pos.domain.discounts import Role
from pos.domain.money import parse_money
from pos.locale.formatting import format_date, format_money, format_time
from pos.services.auth import StaffSession
from pos.services.clock import IST
from pos.services.day import DayReport
from pos.services.errors import ServiceError
from pos.services.ports import CreditNoteRecord, StoredSale
from pos.services.till import Till
from pos.ui.billing_controller import BillingController
from pos.ui.dialogs import finish
from pos.ui.dialogs.close_day import CloseDayDialog
from pos.ui.dialogs.form_parts import Text
from pos.ui.dialogs.printer_setup import PrinterSetupDialog, saved_text
from pos.ui.dialogs.returns import ReturnDialog, ReturnForm
from pos.ui.dialogs.void import VoidConfirmDialog
from pos.ui.errors import beep, describe
from pos.ui.i18n import Translator
from pos.ui.printing_controller import PrintingController
from pos.ui.tasks import Runner


class ManagerActions(QObject):
    day_changed = Signal()

    def __init__(self, parent: QWidget, till: Till, runner: Runner, translator: Translator,
                 billing: BillingController,
                 session: Callable[[], StaffSession | None],
                 printing: PrintingController | None = None) -> None:
        super().__init__()
        self.parent_widget, self.till, self.runner, self.t = parent, till, runner, translator
        self.billing = billing
        self.session = session
        self._printing = printing
        self.sync_now: Callable[[], None] = lambda: None  # the main window's sync, if any

    @property
    def printing(self) -> PrintingController | None:
        """The printing controller: given, or the main window's (which makes this object
        before it is asked for the menu)."""
        if self._printing is not None:
            return self._printing
        found = getattr(self.parent_widget, "printing", None)
        return found if isinstance(found, PrintingController) else None

    def menu(self) -> QMenu:
        t = self.t.t
        menu = QMenu(t("manager.menu"), self.parent_widget)
        menu.addAction(t("manager.open_day")).triggered.connect(self.open_day)
        menu.addAction(t("manager.paid_in")).triggered.connect(lambda: self.cash("paid_in"))
        menu.addAction(t("manager.paid_out")).triggered.connect(lambda: self.cash("paid_out"))
        menu.addAction(t("manager.x_report")).triggered.connect(self.x_report)
        printing = self.printing
        if printing is not None:
            menu.addAction(t("manager.print_x_report")).triggered.connect(self.print_x_report)
        menu.addAction(t("manager.void")).triggered.connect(self.void)
        menu.addAction(t("manager.return")).triggered.connect(self.take_return)
        menu.addAction(t("manager.close_day")).triggered.connect(self.close_day)
        if printing is not None and printing.setup is not None:
            menu.addSeparator()
            menu.addAction(t("manager.printer_setup")).triggered.connect(self.printer_setup)
        return menu

    def print_x_report(self) -> None:
        printing = self.printing
        if printing is None:
            return
        self._manager(lambda _boss: printing.enqueue(self.till.print_x_report,
                                                     "printer.report_queued"))

    def printer_setup(self) -> None:
        """Behind a manager's PIN like the rest of this menu; the saved settings and the
        Windows printers are read on the printing thread before the dialog opens."""
        printing = self.printing
        if printing is None or printing.setup is None:
            return
        setup = printing.setup

        def load() -> tuple[Any, list[str]]:
            return setup.current(), setup.windows_printers()

        def show(loaded: tuple[Any, list[str]]) -> None:
            config, printers = loaded
            dialog = PrinterSetupDialog(self.parent_widget, self.t, setup, printing.runner,
                                        config, printers)
            dialog.saved.connect(printing.printer_changed)
            dialog.saved.connect(lambda saved: self.billing.view.flash(
                "info", lambda: saved_text(self.t, saved)))
            dialog.exec()
            finish(dialog)

        self._manager(lambda _boss: printing.runner.submit(load, show, self.billing.fail))

    # -- prompts that ask again instead of losing what was typed ---------------------------
    def _ask(self, title: str, label: str, initial: str,
             check: Callable[[str], Text | None], problem: Text | None = None, *,
             accepts_scans: bool = False) -> str | None:
        """Ask until ``check`` finds nothing wrong with the answer (``None``: it is fine);
        each time again with the answer as it was typed and the problem said above the
        question. ``None`` when the prompt is given up (Esc)."""
        answer = initial
        while True:
            shown = label if problem is None else f"{problem()}\n\n{label}"
            given = self.billing.ask_text(title, shown, answer, accepts_scans=accepts_scans)
            if given is None:
                return None
            answer = given
            problem = check(answer)
            if problem is None:
                return answer
            beep()

    def _amount(self, *, zero: bool = False) -> Callable[[str], Text | None]:
        def check(text: str) -> Text | None:
            try:
                amount = parse_money(text)
            except ValueError:
                return lambda: self.t.error("bad_amount")
            if amount < 0 or (amount == 0 and not zero):
                return lambda: self.t.error("bad_amount")
            return None
        return check

    def _reason(self, text: str) -> Text | None:
        return None if text.strip() else (lambda: self.t.error("reason_required"))

    @staticmethod
    def _anything(_text: str) -> Text | None:
        return None

    def _said(self, error: BaseException) -> Text:
        return lambda: describe(error, self.t)

    def _money(self, paise: int) -> str:
        return format_money(paise, self.t.lang)

    # -- returns --------------------------------------------------------------------------
    def take_return(self) -> None:
        self._ask_return("")

    def _ask_return(self, number: str, problem: Text | None = None) -> None:
        t = self.t.t
        scanned = self._ask(t("manager.return_title"), t("manager.return_number"), number,
                            self._anything, problem, accepts_scans=True)  # the receipt's QR
        if not scanned or not scanned.strip():
            return
        self.runner.submit(lambda: self.till.find_sale(scanned),
                           lambda sale: self._return_found(scanned, sale),
                           lambda error: self._number_again(self._ask_return, scanned, error))

    def _number_again(self, ask: Callable[[str, Text], None], number: str,
                      error: BaseException) -> None:
        """A bill number that finds no bill is asked again, as typed, saying why."""
        if getattr(error, "code", "") in ("no_such_invoice", "not_an_invoice"):
            beep()
            ask(number, self._said(error))
        else:
            self.billing.fail(error)

    def _return_found(self, number: str, sale: StoredSale) -> None:
        if sale.status != "completed":
            self._ask_return(number, lambda: self.t.error("sale_voided"))
        elif all(line.returned_milli >= line.qty_milli for line in sale.lines):
            self._ask_return(number, lambda: self.t.t("return.nothing_left",
                                                      number=sale.invoice_no))
        else:
            self._return_lines(sale)

    def _product_of(self, code: str) -> str:
        """A scanned code's product (on the runner, never the GUI thread)."""
        return self.till.lookup(code).product_id

    def _return_lines(self, sale: StoredSale, form: ReturnForm | None = None,
                      problem: Text | None = None) -> None:
        dialog = ReturnDialog(self.parent_widget, self.t, sale, lookup=self._product_of,
                              runner=self.runner, form=form, problem=problem)
        # (the main window hands it the scans made meanwhile: ReturnDialog.take_scan)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        filled, mode = dialog.form(), dialog.refund_mode()
        finish(dialog)
        if not accepted:
            return
        cashier = self.session()
        if cashier is None:
            return

        def refused(error: BaseException) -> None:
            if getattr(error, "code", "") in FORM_CAN_FIX:
                beep()
                self._return_lines(sale, filled, self._said(error))  # as it was, saying why
            else:
                self.billing.fail(error)

        def run(boss: StaffSession) -> None:
            self.runner.submit(
                lambda: self.till.return_items(sale.sale_id, filled.quantities, mode,
                                               filled.reason, cashier, boss, filled.reference),
                self._returned, refused)

        self._manager(run)

    def _returned(self, note: CreditNoteRecord) -> None:
        def said() -> str:
            amount = self._money(note.refund)
            if note.refund_mode == "cash":
                return self.t.t("return.done_cash", number=note.credit_no, amount=amount)
            return self.t.t("return.done_refund", number=note.credit_no, amount=amount,
                            mode=self.t.t(f"pay.{note.refund_mode}"),
                            reference=note.refund_reference)

        self._done(said, printed=True)(note)

    # -- closing the day ------------------------------------------------------------------
    def close_day(self) -> None:
        self.sync_now()  # send what waits while the cash is counted (DESIGN: before day close)
        self.runner.submit(self.till.x_report, self._count_cash, self.billing.fail)

    def _count_cash(self, report: DayReport, counts: dict[str, int] | None = None,
                    reason: str = "", problem: Text | None = None) -> None:
        dialog = CloseDayDialog(self.parent_widget, self.t, report.figures.expected_cash,
                                business_date=report.day.business_date, counts=counts,
                                reason=reason, problem=problem)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        counted, why = dialog.count_map(), dialog.reason.text()
        finish(dialog)
        if not accepted:
            return

        def refused(error: BaseException) -> None:
            if getattr(error, "code", "") in FORM_CAN_FIX:
                beep()
                self._count_cash(report, counted, why, self._said(error))
            else:
                self.billing.fail(error)

        def run(boss: StaffSession) -> None:
            self.runner.submit(lambda: self.till.close_day(boss, counted, why), self._closed,
                               refused)

        self._manager(run)

    def _closed(self, z: DayReport) -> None:
        variance = z.count.variance if z.count else 0
        key = "close.done" if self.printing is None else "close.done_printing"
        self._done(lambda: self.t.t(key, variance=self._money(variance)), printed=True)(z)

    # -- helpers --------------------------------------------------------------------------
    def _manager(self, then: Callable[[StaffSession], None]) -> None:
        who = self.session()
        if who is not None and who.role.at_least(Role.MANAGER):
            then(who)
        else:
            self.billing.approve(self.t.t("approve.manager"), Role.MANAGER, then)

    def _done(self, message: Text, *, printed: bool = False) -> Callable[[Any], None]:
        """What to do once the work is saved: say ``message`` above the bill (again in the
        other language on F9); with ``printed``, print the document the work queued now
        (as a sale's receipt is), not at the next sale or Ctrl+P."""
        def show(_result: Any) -> None:
            self.billing.view.flash("info", message)
            printing = self.printing
            if printed and printing is not None:
                printing.run()
            self.day_changed.emit()
            # The window reads the day's state again on day_changed (on this same serial
            # runner) and may say "the day is closed" over this: say it once more after.
            self.runner.submit(lambda: None,
                               lambda _none: self.billing.view.flash("info", message),
                               lambda _error: None)
        return show

    # -- opening the day and cash in and out ----------------------------------------------
    def open_day(self) -> None:
        """Whether a day is open is read first: an open day is said at once, before any
        float or PIN is asked."""
        self.runner.submit(self.till.x_report, self._already_open, self._open_if_closed)

    def _already_open(self, report: DayReport) -> None:
        day = report.day.business_date
        beep()
        if day == self.till.clock.today():
            self.billing.view.flash("notice", lambda: self.t.t(
                "manager.already_open", date=format_date(day, self.t.lang)))
        else:
            self.billing.view.flash("error", lambda: self.t.t(
                "manager.stale_open", date=format_date(day, self.t.lang)))

    def _open_if_closed(self, error: BaseException) -> None:
        if getattr(error, "code", "") == "day_not_open":
            self._ask_float("5000")
        else:
            self.billing.fail(error)

    def _ask_float(self, initial: str, problem: Text | None = None) -> None:
        t = self.t.t
        today = format_date(self.till.clock.today(), self.t.lang)
        answer = self._ask(t("manager.open_title"), t("manager.open_float", date=today),
                           initial, self._amount(zero=True), problem)
        if answer is None:
            return
        amount = parse_money(answer)

        def refused(error: BaseException) -> None:
            if getattr(error, "code", "") == "bad_float":
                self._ask_float(answer, self._said(error))
            else:
                self.billing.fail(error)

        self._manager(lambda boss: self.runner.submit(
            lambda: self.till.open_day(boss, amount),
            self._done(lambda: self.t.t("manager.day_opened", amount=self._money(amount))),
            refused))

    def cash(self, kind: str, amount_text: str = "", reason: str = "",
             problem: Text | None = None) -> None:
        """Cash paid in or out: the amount, then the reason, each asked again (as typed)
        until it will do; a refusal after the PIN (more than the drawer holds) asks again."""
        t = self.t.t
        title = t(f"manager.cash_title.{kind}")
        typed = self._ask(title, t(f"manager.cash_amount.{kind}"), amount_text, self._amount(),
                          problem)
        if typed is None:
            return
        amount = parse_money(typed)
        answer = self._ask(title, t(f"manager.cash_reason.{kind}", amount=self._money(amount)),
                           reason, self._reason)
        if answer is None:
            return
        why = answer.strip()

        def refused(error: BaseException) -> None:
            if getattr(error, "code", "") in FORM_CAN_FIX:
                beep()
                self.cash(kind, typed, why, self._said(error))
            else:
                self.billing.fail(error)

        self._manager(lambda boss: self.runner.submit(
            lambda: self.till.cash_movement(boss, kind, amount, why),
            self._done(lambda: self.t.t(f"manager.cash_done.{kind}", amount=self._money(amount),
                                        reason=why)),
            refused))

    # -- the X report ---------------------------------------------------------------------
    def x_report(self) -> None:
        """The day so far (the cash the drawer should hold among it): a manager's to see."""
        self._manager(lambda _boss: self.runner.submit(self.till.x_report, self._show_report,
                                                       self.billing.fail))

    def report_text(self, report: DayReport) -> str:
        f, lang = report.figures, self.t.lang

        def m(paise: int) -> str:
            return format_money(paise, lang)

        return self.t.t(
            "report.body", count=f.sales_count, payable=m(f.payable), taxable=m(f.taxable),
            tax=m(f.cgst + f.sgst + f.igst), voided=f.voided_count, refunds=m(f.refunds),
            cash=m(f.sales_by_mode.get("cash", 0)), upi=m(f.sales_by_mode.get("upi", 0)),
            card=m(f.sales_by_mode.get("card", 0)), paid_in=m(f.paid_in),
            paid_out=m(f.paid_out), expected=m(f.expected_cash))

    def report_heading(self, report: DayReport) -> str:
        """``X report — the day of 22-11-2026, as of 12:00``: the window's first line."""
        now = self.till.clock.now().astimezone(IST)
        return self.t.t("report.heading",
                        date=format_date(report.day.business_date, self.t.lang),
                        time=format_time(now, self.t.lang))

    def _show_report(self, report: DayReport) -> None:
        title = self.t.t("report.title", date=format_date(report.day.business_date, self.t.lang))
        body = escape(self.report_text(report)).replace("\n", "<br>")
        box = QMessageBox(QMessageBox.Icon.Information, title,
                          f"<h2>{escape(self.report_heading(report))}</h2><p>{body}</p>",
                          QMessageBox.StandardButton.Close, self.parent_widget)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.button(QMessageBox.StandardButton.Close).setText(self.t.t("dialog.close"))
        box.exec()
        finish(box)

    # -- voiding a bill -------------------------------------------------------------------
    def void(self) -> None:
        self._ask_void("")

    def _ask_void(self, number: str, problem: Text | None = None) -> None:
        """The bill is looked up first (on the runner) and checked as far as can be before
        any reason is asked; then the reason, then the bill shown for a last yes (the
        default is no), then a manager's PIN; afterwards the banner says what to give back."""
        t = self.t.t
        answer = self._ask(t("manager.void_title"), t("manager.void_number_label"), number,
                           self._anything, problem, accepts_scans=True)
        if not answer or not answer.strip():
            return
        typed = answer

        def look() -> tuple[StoredSale, str | None]:
            sale = self.till.find_sale(typed)
            try:
                day_id: str | None = self.till.x_report().day.day_id
            except ServiceError:
                day_id = None  # no day open: no bill can be voided
            return sale, day_id

        self.runner.submit(look, lambda found: self._void_found(typed, *found),
                           lambda error: self._number_again(self._ask_void, typed, error))

    def _void_found(self, number: str, sale: StoredSale, open_day: str | None) -> None:
        code = ("already_voided" if sale.status != "completed"
                else "void_closed_day" if sale.day_id != open_day
                else "void_has_returns" if any(line.returned_milli for line in sale.lines)
                else "")
        if code:
            beep()
            self._ask_void(number, lambda: self.t.error(code))
            return
        t = self.t.t
        reason = self._ask(t("manager.void_title"), t(
            "manager.void_reason", number=sale.invoice_no, amount=self._money(sale.payable)),
            "", self._reason)
        if reason is None:
            return
        why = reason.strip()
        confirm = VoidConfirmDialog(self.parent_widget, self.t, sale, why)
        confirmed = confirm.exec() == QDialog.DialogCode.Accepted
        finish(confirm)
        if not confirmed:
            self.billing.view.flash("info", lambda: self.t.t("void.kept",
                                                             number=sale.invoice_no))
            return

        def run(boss: StaffSession) -> None:
            self.runner.submit(lambda: self.till.void(sale.sale_id, boss, why),
                               self._done(lambda: self.give_back_text(sale)),
                               self.billing.fail)

        self._manager(run)

    def give_back_text(self, sale: StoredSale) -> str:
        """``Bill … voided. Give back ₹1,250.00 cash``, and for UPI and card parts what to
        refund and its reference."""
        t = self.t.t
        parts: dict[str, tuple[int, list[str]]] = {}
        for mode, amount, reference in sale.tenders:
            total, references = parts.get(mode, (0, []))
            parts[mode] = (total + amount, [*references, *([reference] if reference else [])])
        said = []
        for mode, (amount, references) in parts.items():
            key = "void.back_cash" if mode == "cash" else "void.back_other"
            text = t(key, amount=self._money(amount), mode=t(f"pay.{mode}"))
            if references:
                text += " " + t("void.reference", reference=", ".join(references))
            said.append(text)
        return t("void.done", number=sale.invoice_no, what="; ".join(said))


# Refusals the form that was filled in can put right: it opens again, as it was, saying why.
FORM_CAN_FIX = frozenset({
    "not_enough_cash", "reference_required", "reason_required", "nothing_to_return",
    "return_too_much", "variance_reason_required", "bad_amount",
})
