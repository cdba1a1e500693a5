"""Closing the day: count the drawer by notes and coins; the expected cash and the variance
update as you type; a reason is asked when the count does not match."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos.domain.reports import DENOMINATIONS, counted_cash, denomination_value
from pos.locale.formatting import format_money
from pos.ui.i18n import Translator


class CloseDayDialog(QDialog):
    def __init__(self, parent: QWidget | None, translator: Translator, expected: int) -> None:
        super().__init__(parent)
        self.t = translator
        self.expected = expected
        self.setWindowTitle(translator.t("close.title"))
        form = QFormLayout()
        self.counts: dict[str, QSpinBox] = {}
        for key in DENOMINATIONS:
            spin = QSpinBox()
            spin.setMaximum(100_000)
            spin.valueChanged.connect(self._update)
            kind = translator.t("close.note" if key.startswith("note") else "close.coin")
            form.addRow(f"{format_money(denomination_value(key), translator.lang)} {kind}",
                        spin)
            self.counts[key] = spin
        self.summary = QLabel()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(translator.t("close.reason"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self._update()

    def count_map(self) -> dict[str, int]:
        return {key: spin.value() for key, spin in self.counts.items() if spin.value()}

    def _update(self) -> None:
        counted = counted_cash(self.count_map())
        lang = self.t.lang
        self.summary.setText(self.t.t("close.summary", expected=format_money(self.expected, lang),
                                      counted=format_money(counted, lang),
                                      variance=format_money(counted - self.expected, lang)))
