"""Before a bill is voided: the bill as it was sold (number, date, items, amount, how it was
paid) and the reason, then a last question. Enter and Esc both keep the bill (the default is
not to void, so a stray Enter or a scanner's never voids); Tab to "Void the bill", then Enter,
voids it. F9 switches Hindi ⇄ English."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos.domain.tax import QTY_SCALE
from pos.locale.formatting import format_date, format_money, format_quantity
from pos.locale.lang import Lang
from pos.services.ports import StoredSale
from pos.ui.dialogs.form_parts import SwitchingDialog, heading
from pos.ui.i18n import Translator

SHOWN_LINES = 6  # the bill's first lines; "and N more" for the rest


def paid_text(t: Translator, sale: StoredSale) -> str:
    """``Cash ₹1,000.00 + UPI ₹250.00``: the bill's tenders by mode."""
    by_mode: dict[str, int] = {}
    for mode, amount, _reference in sale.tenders:
        by_mode[mode] = by_mode.get(mode, 0) + amount
    return " + ".join(f"{t.t(f'pay.{mode}')} {format_money(amount, t.lang)}"
                      for mode, amount in by_mode.items())


def pieces(sale: StoredSale) -> int:
    """How many things were sold: pieces count one each, a measured line (metres) counts one."""
    return sum(max(1, line.qty_milli // QTY_SCALE) if line.qty_milli % QTY_SCALE == 0 else 1
               for line in sale.lines)


class VoidConfirmDialog(SwitchingDialog):
    def __init__(self, parent: QWidget | None, translator: Translator, sale: StoredSale,
                 reason: str) -> None:
        super().__init__(parent, translator)
        self.sale, self.reason = sale, reason
        self.heading = heading()
        self.details = QLabel()
        self.details.setObjectName("Big")
        self.details.setWordWrap(True)
        self.lines = QLabel()
        self.lines.setWordWrap(True)
        self.keys = QLabel()
        self.keys.setWordWrap(True)
        self.void_button = QPushButton()
        self.keep_button = QPushButton()
        self.keep_button.setDefault(True)
        self.void_button.clicked.connect(self.accept)
        self.keep_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.void_button)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(self.lines)
        layout.addWidget(self.keys)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.keep_button, self.void_button)
        self.retranslate()
        self.setMinimumWidth(560)
        self.keep_button.setFocus()

    def retranslate(self) -> None:
        t, lang, sale = self.t.t, self.t.lang, self.sale
        self.setWindowTitle(t("void.title"))
        self.heading.setText(t("void.heading", number=sale.invoice_no))
        self.details.setText(t("void.details", date=format_date(sale.business_date, lang),
                               count=pieces(sale), amount=format_money(sale.payable, lang),
                               paid=paid_text(self.t, sale), reason=self.reason))
        rows = []
        for line in sale.lines[:SHOWN_LINES]:
            name = line.name_hi if lang is Lang.HI and line.name_hi else line.name_en
            rows.append(f"{format_quantity(line.qty_milli, lang, line.unit)} × {name}   "
                        f"{format_money(line.tax.gross, lang)}")
        if len(sale.lines) > SHOWN_LINES:
            rows.append(t("void.more", count=len(sale.lines) - SHOWN_LINES))
        self.lines.setText("\n".join(rows))
        self.keys.setText(t("void.keys"))
        self.void_button.setText(t("void.confirm"))
        self.keep_button.setText(t("void.keep"))
