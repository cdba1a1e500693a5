"""Closing the day: count the drawer by notes and coins; the expected cash and the variance
update as you type; a reason is asked when the count does not match.

Each count box selects its number when it gets the focus, so typing replaces it (52 is 52,
not 520). Enter finishes only when the form is complete: a short or long drawer without a
reason keeps the dialog open, says so in red and puts the cursor in the reason, every count
kept. F9 switches Hindi ⇄ English; Esc goes back."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pos.domain.reports import DENOMINATIONS, counted_cash, denomination_value
from pos.locale.formatting import format_date, format_money
from pos.ui.dialogs.form_parts import CountBox, Problem, SwitchingDialog, Text, heading
from pos.ui.errors import beep
from pos.ui.i18n import Translator


class CloseDayDialog(SwitchingDialog):
    def __init__(self, parent: QWidget | None, translator: Translator, expected: int, *,
                 business_date: date | None = None, counts: Mapping[str, int] | None = None,
                 reason: str = "", problem: Text | None = None) -> None:
        """``counts`` and ``reason`` fill the form in as it was (after a refusal);
        ``problem`` is said at once."""
        super().__init__(parent, translator)
        self.expected = expected
        self.business_date = business_date
        self.heading = heading()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.problem = Problem()
        form = QFormLayout()
        self.counts: dict[str, CountBox] = {}
        self.count_labels: dict[str, QLabel] = {}
        kept = counts or {}
        for key in DENOMINATIONS:
            spin = CountBox()
            spin.setMaximum(100_000)
            spin.setValue(kept.get(key, 0))
            spin.valueChanged.connect(self._update)
            spin.valueChanged.connect(lambda _v: self.problem.say(None))
            label = QLabel()
            label.setBuddy(spin)
            form.addRow(label, spin)
            self.counts[key] = spin
            self.count_labels[key] = label
        self.summary = QLabel()
        self.summary.setObjectName("Big")
        self.summary.setWordWrap(True)
        self.reason_label = QLabel()
        self.reason = QLineEdit(reason)
        self.reason.textEdited.connect(lambda _text: self.problem.say(None))
        self.reason_label.setBuddy(self.reason)
        self.buttons, self.ok, self.cancel = self.ok_cancel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        chain: list[QWidget] = [*self.counts.values(), self.reason, self.ok, self.cancel]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.retranslate()
        self.setMinimumWidth(560)
        next(iter(self.counts.values())).setFocus()
        if problem is not None:
            self.problem.say(problem)
            self.reason.setFocus()

    def count_map(self) -> dict[str, int]:
        return {key: spin.value() for key, spin in self.counts.items() if spin.value()}

    def variance(self) -> int:
        return counted_cash(self.count_map()) - self.expected

    def retranslate(self) -> None:
        t, lang = self.t.t, self.t.lang
        self.setWindowTitle(t("close.title"))
        if self.business_date is not None:
            self.heading.setText(t("close.heading", date=format_date(self.business_date, lang)))
        else:
            self.heading.setText(t("close.title"))
        self.hint.setText(t("close.keys"))
        for key, label in self.count_labels.items():
            kind = t("close.note" if key.startswith("note") else "close.coin")
            label.setText(f"{format_money(denomination_value(key), lang)} {kind}")
        self.reason_label.setText(t("close.reason"))
        self.ok.setText(t("dialog.ok"))
        self.cancel.setText(t("dialog.cancel"))
        self.problem.retranslate()
        self._update()

    def _update(self) -> None:
        counted = counted_cash(self.count_map())
        lang = self.t.lang
        self.summary.setText(self.t.t("close.summary", expected=format_money(self.expected, lang),
                                      counted=format_money(counted, lang),
                                      variance=format_money(counted - self.expected, lang)))

    def accept(self) -> None:
        """Enter or OK: a drawer that does not match needs its reason first."""
        variance = self.variance()
        if variance and not self.reason.text().strip():
            beep()
            self.problem.say(lambda: self.t.error(
                "variance_reason_required", variance=format_money(variance, self.t.lang)))
            self.reason.setFocus(Qt.FocusReason.TabFocusReason)
            return
        super().accept()
