"""A return against a bill: its lines with what may still come back, a quantity for each,
the refund mode and its reference, the reason. Enter accepts; Esc goes back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.domain.payments import Mode
from pos.domain.tax import QTY_SCALE
from pos.locale.formatting import format_money, format_quantity
from pos.services.ports import StoredSale
from pos.ui.i18n import Translator


class ReturnDialog(QDialog):
    def __init__(self, parent: QWidget | None, translator: Translator,
                 sale: StoredSale) -> None:
        super().__init__(parent)
        t, lang = translator.t, translator.lang
        self.sale = sale
        self.setWindowTitle(t("return.title", number=sale.invoice_no))
        self.table = QTableWidget(len(sale.lines), 4)
        self.table.setHorizontalHeaderLabels([t("billing.col.item"), t("return.sold"),
                                              t("billing.col.amount"), t("return.back")])
        self.table.verticalHeader().setVisible(False)
        self.spins: list[QDoubleSpinBox] = []
        for row, line in enumerate(sale.lines):
            self.table.setItem(row, 0, QTableWidgetItem(f"{line.name_en}\n{line.name_hi}"))
            self.table.setItem(row, 1, QTableWidgetItem(format_quantity(
                line.qty_milli - line.returned_milli, lang, line.unit)))
            self.table.setItem(row, 2, QTableWidgetItem(format_money(line.tax.gross, lang)))
            spin = QDoubleSpinBox()
            spin.setDecimals(0 if line.unit in ("PCS", "SET", "PRS", "NOS", "BOX", "PAC")
                             else 3)
            spin.setMaximum((line.qty_milli - line.returned_milli) / QTY_SCALE)
            self.table.setCellWidget(row, 3, spin)
            self.spins.append(spin)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.mode = QComboBox()
        for mode, key in ((Mode.CASH, "pay.cash"), (Mode.UPI, "pay.upi"),
                          (Mode.CARD, "pay.card")):
            self.mode.addItem(t(key), mode)
        self.reference = QLineEdit()
        self.reason = QLineEdit()
        form = QFormLayout()
        form.addRow(t("return.refund_by"), self.mode)
        form.addRow(t("pay.reference"), self.reference)
        form.addRow(t("manager.reason"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(t("return.hint")))
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(760, 480)
        if self.spins:
            self.spins[0].setFocus()
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)

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
