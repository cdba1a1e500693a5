"""A return against a bill: its lines with what may still come back, a quantity for each,
the refund mode and its reference, the reason.

All by keyboard: the focus starts in the first quantity; Tab goes quantity by quantity, then
to the refund mode, its reference (shown only for UPI or card), the reason and the buttons; the
table itself is read-only and never takes the focus. Enter finishes, but only a complete form:
otherwise the dialog stays open, says what is missing in red and puts the cursor there.
Scanning an item of the bill (:meth:`ReturnDialog.take_scan`) adds one to its line. F9
switches Hindi ⇄ English. Esc goes back."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.domain.payments import Mode
from pos.domain.tax import QTY_SCALE
from pos.locale.formatting import format_date, format_money, format_quantity
from pos.locale.lang import Lang
from pos.services.ports import StoredLine, StoredSale
from pos.ui.dialogs.form_parts import Problem, QuantityBox, SwitchingDialog, Text, heading
from pos.ui.errors import beep
from pos.ui.i18n import Translator
from pos.ui.tasks import Runner

WHOLE_UNITS = ("PCS", "SET", "PRS", "NOS", "BOX", "PAC")
MODES = ((Mode.CASH, "pay.cash"), (Mode.UPI, "pay.upi"), (Mode.CARD, "pay.card"))


@dataclass(frozen=True)
class ReturnForm:
    """What the manager filled in, to open the form again as it was (after a refusal)."""

    quantities: dict[int, int] = field(default_factory=dict)  # line no → thousandths back
    mode: Mode | None = None
    reference: str = ""
    reason: str = ""


class ReturnDialog(SwitchingDialog):
    def __init__(self, parent: QWidget | None, translator: Translator, sale: StoredSale, *,
                 lookup: Callable[[str], str] | None = None, runner: Runner | None = None,
                 form: ReturnForm | None = None, problem: Text | None = None) -> None:
        """``lookup`` turns a scanned code into its product id (run on ``runner``, off the
        GUI thread); ``form`` fills the dialog in as it was; ``problem`` is said at once."""
        super().__init__(parent, translator)
        self.sale = sale
        self._lookup, self._runner = lookup, runner
        self._open = True
        self.heading = heading()
        self.problem = Problem()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.table = QTableWidget(len(sale.lines), 4)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.spins: list[QuantityBox] = []
        kept = form or ReturnForm()
        for row, line in enumerate(sale.lines):
            spin = QuantityBox()
            spin.setDecimals(0 if line.unit in WHOLE_UNITS else 3)
            spin.setMaximum((line.qty_milli - line.returned_milli) / QTY_SCALE)
            spin.setValue(kept.quantities.get(line.line_no, 0) / QTY_SCALE)
            spin.valueChanged.connect(lambda _v: self.problem.say(None))
            self.table.setCellWidget(row, 3, spin)
            self.spins.append(spin)
        self.mode = QComboBox()
        for mode, _key in MODES:
            self.mode.addItem("", mode)
        self.mode.setCurrentIndex(self.mode.findData(kept.mode or self._paid_by()))
        self.reference = QLineEdit(kept.reference)
        self.reason = QLineEdit(kept.reason)
        self.mode_label, self.reference_label, self.reason_label = QLabel(), QLabel(), QLabel()
        self.form_layout = form_layout = QFormLayout()
        form_layout.addRow(self.mode_label, self.mode)
        form_layout.addRow(self.reference_label, self.reference)
        form_layout.addRow(self.reason_label, self.reason)
        self.buttons, self.ok, self.cancel = self.ok_cancel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(form_layout)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        chain: list[QWidget] = [*self.spins, self.mode, self.reference, self.reason, self.ok,
                                self.cancel]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()
        for box in (self.reference, self.reason):
            box.textEdited.connect(lambda _text: self.problem.say(None))
        self.retranslate()
        self.resize(820, 520)
        (self.spins[0] if self.spins else self.reason).setFocus()
        if problem is not None:
            self.problem.say(problem)

    # -- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        t, lang, sale = self.t.t, self.t.lang, self.sale
        self.setWindowTitle(t("return.title", number=sale.invoice_no))
        self.heading.setText(t("return.heading", number=sale.invoice_no,
                               date=format_date(sale.business_date, lang),
                               amount=format_money(sale.payable, lang)))
        self.hint.setText(t("return.keys"))
        self.table.setHorizontalHeaderLabels([t("billing.col.item"), t("return.sold"),
                                              t("billing.col.amount"), t("return.back")])
        for row, line in enumerate(sale.lines):
            cells = (f"{line.name_en}\n{line.name_hi}",
                     format_quantity(line.qty_milli - line.returned_milli, lang, line.unit),
                     format_money(line.tax.gross, lang))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        for index, (_mode, key) in enumerate(MODES):
            self.mode.setItemText(index, t(key))
        self.mode_label.setText(t("return.refund_by"))
        self.reference_label.setText(t("pay.reference"))
        self.reference.setPlaceholderText(t("return.reference_hint"))
        self.reason_label.setText(t("manager.reason"))
        self.reason.setPlaceholderText(t("return.reason_hint"))
        self.ok.setText(t("dialog.ok"))
        self.cancel.setText(t("dialog.cancel"))
        self.problem.retranslate()

    # -- the answer -----------------------------------------------------------------------
    def quantities(self) -> dict[int, int]:
        """Invoice line number → thousandths coming back (only lines with some)."""
        out: dict[int, int] = {}
        for line, spin in zip(self.sale.lines, self.spins, strict=True):
            qty = round(spin.value() * QTY_SCALE)  # the spin box's value, in thousandths
            if qty:
                out[line.line_no] = qty
        return out

    def refund_mode(self) -> Mode:
        mode = self.mode.currentData()
        assert isinstance(mode, Mode)
        return mode

    def form(self) -> ReturnForm:
        cash = self.refund_mode() is Mode.CASH
        return ReturnForm(self.quantities(), self.refund_mode(),
                          "" if cash else self.reference.text().strip(),
                          self.reason.text().strip())

    def missing(self) -> tuple[QWidget, Text] | None:
        """The first thing the form still needs, and where to type it."""
        error = self.t.error
        if not self.quantities():
            return (self.spins[0] if self.spins else self.reason), \
                lambda: error("nothing_to_return")
        if self.refund_mode() is not Mode.CASH and not self.reference.text().strip():
            return self.reference, lambda: error("reference_required")
        if not self.reason.text().strip():
            return self.reason, lambda: error("reason_required")
        return None

    def accept(self) -> None:
        """Enter or OK: finishes a complete form; an incomplete one stays, saying why."""
        missing = self.missing()
        if missing is not None:
            where, why = missing
            beep()
            self.problem.say(why)
            where.setFocus(Qt.FocusReason.TabFocusReason)
            return
        super().accept()

    def done(self, result: int) -> None:
        self._open = False
        super().done(result)

    # -- scans ----------------------------------------------------------------------------
    def take_scan(self, code: str) -> bool:
        """A scanned item of this bill comes back one more: True when the dialog took the
        scan (it adds one to the item's line, or says in red why it cannot), False when the
        code is empty or the dialog is closed. A SKU is matched at once; a barcode is
        looked up off the GUI thread first."""
        code = code.strip()
        if not code or not self._open:
            return False
        same = [line.line_no for line in self.sale.lines if line.sku.casefold() == code.casefold()]
        if same or self._lookup is None or self._runner is None:
            self._one_more(code, same)
            return True
        lookup = self._lookup
        self._runner.submit(lambda: lookup(code), lambda found: self._found(code, found),
                            lambda _error: self._found(code, ""))
        return True

    def _found(self, code: str, product_id: object) -> None:
        if self._open:
            self._one_more(code, [line.line_no for line in self.sale.lines
                                  if product_id and line.product_id == product_id])

    def _one_more(self, code: str, line_nos: list[int]) -> None:
        if not line_nos:
            beep()
            self.problem.say(lambda: self.t.t("return.not_on_bill", code=code))
            return
        rows = [row for row, line in enumerate(self.sale.lines) if line.line_no in line_nos]
        for row in rows:
            spin = self.spins[row]
            if spin.value() < spin.maximum():
                spin.setValue(min(spin.value() + 1, spin.maximum()))
                self.table.selectRow(row)
                self.problem.say(None)
                return
        line = self.sale.lines[rows[0]]
        beep()
        self.problem.say(lambda: self.t.t("return.all_back", name=self._name(line)))

    def _name(self, line: StoredLine) -> str:
        return line.name_hi if self.t.lang is Lang.HI and line.name_hi else line.name_en

    def _paid_by(self) -> Mode:
        """The refund goes back the way the bill was mostly paid."""
        if not self.sale.tenders:
            return Mode.CASH
        mode, _amount, _reference = max(self.sale.tenders, key=lambda tender: tender[1])
        try:
            return Mode(mode)
        except ValueError:
            return Mode.CASH

    def _mode_changed(self) -> None:
        needed = self.refund_mode() is not Mode.CASH
        self.reference.setEnabled(needed)  # (a hidden row is out of the Tab order too)
        self.form_layout.setRowVisible(self.reference, needed)
        self.problem.say(None)
