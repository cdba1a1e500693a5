"""The held (parked) bills: Up/Down to pick, Enter to bring one back."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from pos.domain.codec import cart_from_data
from pos.locale.formatting import format_money, format_time
from pos.services.clock import IST
from pos.services.ports import HeldBill
from pos.ui.i18n import Translator


class HeldBillsDialog(QDialog):
    def __init__(self, parent: QWidget | None, translator: Translator,
                 bills: list[HeldBill]) -> None:
        super().__init__(parent)
        t = translator.t
        self.setWindowTitle(t("held.title"))
        heading = QLabel(t("held.title"))
        heading.setObjectName("DialogTitle")
        self.bills = bills
        self.list = QListWidget()
        for bill in bills:
            count = len(bill.cart.get("lines", []))
            label = bill.label or translator.t("held.unnamed")
            self.list.addItem(translator.t("held.row", label=label, count=count,
                                           amount=_payable(bill, translator),
                                           time=format_time(_local(bill.created_at),
                                                            translator.lang)))
        if bills:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("dialog.ok"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("dialog.cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> HeldBill | None:
        row = self.list.currentRow()
        return self.bills[row] if 0 <= row < len(self.bills) else None


def _local(moment: datetime) -> datetime:
    """The outlet's wall clock (bills are kept in UTC)."""
    return moment.astimezone(IST) if moment.tzinfo is not None else moment


def _payable(bill: HeldBill, translator: Translator) -> str:
    """What the held bill comes to (priced again here: a few bills of a few lines)."""
    try:
        payable = cart_from_data(bill.cart).totals().payable
    except (KeyError, ValueError):  # a bill kept by an older till: still listed, unpriced
        return "—"
    return format_money(payable, translator.lang)
