"""The held (parked) bills: Up/Down to pick, Enter to bring one back."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QVBoxLayout, QWidget

from pos.locale.formatting import format_time
from pos.services.ports import HeldBill
from pos.ui.i18n import Translator


class HeldBillsDialog(QDialog):
    def __init__(self, parent: QWidget | None, translator: Translator,
                 bills: list[HeldBill]) -> None:
        super().__init__(parent)
        self.setWindowTitle(translator.t("held.title"))
        self.bills = bills
        self.list = QListWidget()
        for bill in bills:
            count = len(bill.cart.get("lines", []))
            label = bill.label or translator.t("held.unnamed")
            self.list.addItem(translator.t("held.row", label=label, count=count,
                                           time=format_time(bill.created_at, translator.lang)))
        if bills:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> HeldBill | None:
        row = self.list.currentRow()
        return self.bills[row] if 0 <= row < len(self.bills) else None
