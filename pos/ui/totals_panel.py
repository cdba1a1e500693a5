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
        self._labels: list[tuple[QLabel, QLabel]] = []
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
        """Show ``label`` and ``amount`` on row ``row``, reusing its labels (no widget is
        created or destroyed while billing)."""
        while len(self._labels) <= row:
            name, value = QLabel(), QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.rows.addWidget(name, len(self._labels), 0)
            self.rows.addWidget(value, len(self._labels), 1)
            self._labels.append((name, value))
        name, value = self._labels[row]
        name.setText(label)
        value.setText(format_money(amount, self.t.lang))
        name.show()
        value.show()

    def _refresh(self) -> None:
        totals = self._totals
        t = self.t.t
        self.total_label.setText(t("billing.total"))
        used = 0
        if totals is None:
            self.items.setText(t("billing.items", count=0))
            self.total_amount.setText(format_money(0, self.t.lang))
        else:
            pieces = sum(p.line.qty_milli for p in totals.lines) // 1000
            self.items.setText(t("billing.items", count=pieces))
            entries: list[tuple[str, int]] = [(t("billing.gross"), totals.gross)]
            if totals.discount:
                entries.append((t("billing.discount"), -totals.discount))
            entries.append((t("billing.taxable"), totals.taxable))
            for rate in totals.by_rate:
                if rate.rate_bp == 0:
                    continue
                if self._supply is Supply.INTRA_STATE:
                    half = format_rate(rate.rate_bp // 2)  # GST rates are even basis points
                    entries.append((t("billing.cgst", rate=half), rate.cgst))
                    entries.append((t("billing.sgst", rate=half), rate.sgst))
                else:
                    entries.append((t("billing.igst", rate=format_rate(rate.rate_bp)),
                                    rate.igst))
            if totals.round_off:
                entries.append((t("billing.round_off"), totals.round_off))
            for used, (label, amount) in enumerate(entries, start=1):
                self._row(used - 1, label, amount)
            self.total_amount.setText(format_money(totals.payable, self.t.lang))
        for name, value in self._labels[used:]:
            name.hide()
            value.hide()
