"""The totals beside the bill: MRP total, discount, taxable value, tax by rate, round-off,
and the amount to pay in large type, with the Pay button under it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from pos.domain.cart import Totals
from pos.domain.tax import Supply
from pos.locale.formatting import format_money, format_rate
from pos.ui.i18n import Translator


class TotalsPanel(QFrame):
    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self.setObjectName("TotalsPanel")
        self.t = translator
        self._totals: Totals | None = None
        self._supply = Supply.INTRA_STATE
        self.rows = QGridLayout()
        self.rows.setColumnStretch(0, 1)
        self.items = QLabel()
        self.total_label = QLabel()
        self.total_label.setObjectName("TotalLabel")
        self.total_amount = QLabel()
        self.total_amount.setObjectName("TotalAmount")
        self.total_amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        breakup = QWidget()
        breakup.setLayout(self.rows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self.items)
        layout.addWidget(breakup)
        layout.addStretch(1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.total_amount)
        translator.changed.connect(self._refresh)

    def show_totals(self, totals: Totals, supply: Supply) -> None:
        self._totals, self._supply = totals, supply
        self._refresh()

    def _row(self, row: int, label: str, amount: int) -> None:
        name = QLabel(label)
        value = QLabel(format_money(amount, self.t.lang))
        value.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.rows.addWidget(name, row, 0)
        self.rows.addWidget(value, row, 1)

    def _refresh(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        totals = self._totals
        t = self.t.t
        self.total_label.setText(t("billing.total"))
        if totals is None:
            self.items.setText(t("billing.items", count=0))
            self.total_amount.setText(format_money(0, self.t.lang))
            return
        pieces = sum(p.line.qty_milli for p in totals.lines) // 1000
        self.items.setText(t("billing.items", count=pieces))
        row = 0
        self._row(row, t("billing.gross"), totals.gross)
        row += 1
        if totals.discount:
            self._row(row, t("billing.discount"), -totals.discount)
            row += 1
        self._row(row, t("billing.taxable"), totals.taxable)
        row += 1
        for rate in totals.by_rate:
            if rate.rate_bp == 0:
                continue
            if self._supply is Supply.INTRA_STATE:
                half = format_rate(rate.rate_bp // 2)  # GST rates are even basis points
                self._row(row, t("billing.cgst", rate=half), rate.cgst)
                self._row(row + 1, t("billing.sgst", rate=half), rate.sgst)
                row += 2
            else:
                self._row(row, t("billing.igst", rate=format_rate(rate.rate_bp)), rate.igst)
                row += 1
        if totals.round_off:
            self._row(row, t("billing.round_off"), totals.round_off)
        self.total_amount.setText(format_money(totals.payable, self.t.lang))
