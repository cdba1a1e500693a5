"""The manager's menu (F10) on the billing screen: open the day, cash paid in and out, the X
report (on screen or printed), void a bill of today, returns, close the day, printer setup.
Each asks for a manager's PIN and runs off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from pos.domain.discounts import Role
from pos.domain.money import parse_money
from pos.locale.formatting import format_date, format_money
from pos.services.auth import StaffSession
from pos.services.day import DayReport
from pos.services.ports import StoredSale
from pos.services.till import Till
from pos.ui.billing_controller import BillingController
from pos.ui.dialogs import finish
from pos.ui.dialogs.close_day import CloseDayDialog
from pos.ui.dialogs.printer_setup import PrinterSetupDialog
from pos.ui.dialogs.returns import ReturnDialog
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
            dialog.saved.connect(lambda _c: self.billing.view.flash(
                "info", dialog.message.text()))
            dialog.exec()
            finish(dialog)

        self._manager(lambda _boss: printing.runner.submit(load, show, self.billing.fail))

    def take_return(self) -> None:
        scanned = self.billing.ask_text(self.t.t("manager.return"),
                                        self.t.t("manager.void_number"), "",
                                        accepts_scans=True)  # the receipt's QR is its number
        if not scanned:
            return
        self.runner.submit(lambda: self.till.find_sale(scanned), self._return_lines,
                           self.billing.fail)

    def _return_lines(self, sale: StoredSale) -> None:
        dialog = ReturnDialog(self.parent_widget, self.t, sale)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        quantities, mode = dialog.quantities(), dialog.refund_mode()
        reason, reference = dialog.reason.text(), dialog.reference.text()
        finish(dialog)
        if not accepted:
            return
        cashier = self.session()
        if cashier is None:
            return

        def run(boss: StaffSession) -> None:
            self.runner.submit(
                lambda: self.till.return_items(sale.sale_id, quantities, mode, reason, cashier,
                                               boss, reference),
                lambda note: self._done(self.t.t(
                    "return.done", number=note.credit_no,
                    amount=format_money(note.refund, self.t.lang)))(note),
                self.billing.fail)

        self._manager(run)

    def close_day(self) -> None:
        self.sync_now()  # send what waits while the cash is counted (DESIGN: before day close)
        self.runner.submit(self.till.x_report, self._count_cash, self.billing.fail)

    def _count_cash(self, report: DayReport) -> None:
        dialog = CloseDayDialog(self.parent_widget, self.t, report.figures.expected_cash)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        counts, reason = dialog.count_map(), dialog.reason.text()
        finish(dialog)
        if not accepted:
            return

        def run(boss: StaffSession) -> None:
            self.runner.submit(
                lambda: self.till.close_day(boss, counts, reason),
                lambda z: self._done(self.t.t("close.done", variance=format_money(
                    z.count.variance if z.count else 0, self.t.lang)))(z),
                self.billing.fail)

        self._manager(run)

    def _manager(self, then: Callable[[StaffSession], None]) -> None:
        who = self.session()
        if who is not None and who.role.at_least(Role.MANAGER):
            then(who)
        else:
            self.billing.approve(self.t.t("approve.manager"), Role.MANAGER, then)

    def _done(self, message: str) -> Callable[[Any], None]:
        def show(_result: Any) -> None:
            self.billing.view.flash("info", message)
            self.day_changed.emit()
        return show

    def open_day(self) -> None:
        answer = self.billing.ask_text(self.t.t("manager.open_day"), self.t.t("manager.float"),
                                       "5000")
        if answer is None:
            return
        try:
            amount = parse_money(answer)
        except ValueError as exc:
            self.billing.fail(exc)
            return
        self._manager(lambda boss: self.runner.submit(
            lambda: self.till.open_day(boss, amount),
            self._done(self.t.t("manager.day_opened", amount=format_money(amount, self.t.lang))),
            self.billing.fail))

    def cash(self, kind: str) -> None:
        title = self.t.t(f"manager.{kind}")
        amount_text = self.billing.ask_text(title, self.t.t("manager.amount"), "")
        if amount_text is None:
            return
        reason = self.billing.ask_text(title, self.t.t("manager.reason"), "")
        if reason is None:
            return
        try:
            amount = parse_money(amount_text)
        except ValueError as exc:
            self.billing.fail(exc)
            return
        self._manager(lambda boss: self.runner.submit(
            lambda: self.till.cash_movement(boss, kind, amount, reason),
            self._done(self.t.t("manager.done")), self.billing.fail))

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

    def _show_report(self, report: DayReport) -> None:
        title = self.t.t("report.title", date=format_date(report.day.business_date, self.t.lang))
        box = QMessageBox(QMessageBox.Icon.Information, title, self.report_text(report),
                          QMessageBox.StandardButton.Close, self.parent_widget)
        box.button(QMessageBox.StandardButton.Close).setText(self.t.t("dialog.close"))
        box.exec()
        finish(box)

    def void(self) -> None:
        number = self.billing.ask_text(self.t.t("manager.void"), self.t.t("manager.void_number"),
                                       "", accepts_scans=True)
        if not number:
            return
        reason = self.billing.ask_text(self.t.t("manager.void"), self.t.t("manager.reason"), "")
        if reason is None:
            return

        def run(boss: StaffSession) -> None:
            def work() -> str:
                sale = self.till.find_sale(number)
                self.till.void(sale.sale_id, boss, reason)
                return sale.invoice_no

            self.runner.submit(work, lambda no: self._done(self.t.t("manager.voided",
                                                                    number=no))(None),
                               self.billing.fail)

        self._manager(run)
