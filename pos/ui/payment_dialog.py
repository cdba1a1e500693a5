"""Taking payment, in one keyboard flow: F6 cash, F7 UPI (a large QR with the exact amount,
made on the till so it works offline, then the reference), F9 card; Enter adds the tender and
completes when the bill is paid; tenders can be split. Quick-tender buttons for common notes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from pos.domain.money import MoneyParseError, parse_money
from pos.domain.payments import Mode, Overpaid, PaymentError, Tender, validate_reference
from pos.locale.formatting import format_money
from pos.ui.i18n import Translator
from pos.ui.qr_image import qr_image

NOTES = (10_000, 20_000, 50_000, 200_000)  # ₹100, ₹200, ₹500, ₹2000


def quick_amounts(due: int) -> list[int]:
    """Exact, then the next round amounts a customer is likely to hand over."""
    out = [due]
    for note in NOTES:
        candidate = -(-due // note) * note
        if candidate > due and candidate not in out:
            out.append(candidate)
    return out[:4]


class PaymentDialog(QDialog):
    def __init__(self, translator: Translator, payable: int,
                 upi_link_for: Callable[[int], str]) -> None:
        super().__init__()
        self.t = translator
        self.payable = payable
        self.upi_link_for = upi_link_for
        self.tenders: list[Tender] = []
        self.mode = Mode.CASH
        self.setModal(True)
        self.resize(760, 560)

        self.due_label = QLabel()
        self.due = QLabel()
        self.due.setObjectName("BigDue")
        self.mode_buttons: dict[Mode, QPushButton] = {}
        modes = QHBoxLayout()
        for mode in Mode:
            button = QPushButton()
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
            self.mode_buttons[mode] = button
            modes.addWidget(button)
        self.amount_label = QLabel()
        self.amount = QLineEdit()
        self.reference_label = QLabel()
        self.reference = QLineEdit()
        self.quick = QHBoxLayout()
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption = QLabel()
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.added = QListWidget()
        self.added.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.added.setMaximumHeight(90)
        self.change_label = QLabel()
        self.change = QLabel()
        self.change.setObjectName("Change")
        self.error = QLabel()
        self.error.setObjectName("Banner")
        self.error.setProperty("kind", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.complete_button = QPushButton()
        self.complete_button.setObjectName("PayButton")
        self.complete_button.clicked.connect(self.add_tender)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)

        form = QGridLayout()
        form.addWidget(self.amount_label, 0, 0)
        form.addWidget(self.amount, 0, 1)
        form.addWidget(self.reference_label, 1, 0)
        form.addWidget(self.reference, 1, 1)
        left = QVBoxLayout()
        left.addWidget(self.due_label)
        left.addWidget(self.due)
        left.addLayout(modes)
        left.addLayout(form)
        left.addLayout(self.quick)
        left.addWidget(self.added)
        left.addWidget(self.change_label)
        left.addWidget(self.change)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.qr, 1)
        right.addWidget(self.qr_caption)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.complete_button, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(self.error)
        outer.addLayout(buttons)

        self.amount.returnPressed.connect(self.add_tender)
        self.reference.returnPressed.connect(self.add_tender)
        self.retranslate()
        self.set_mode(Mode.CASH)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        mode = _MODE_KEYS_F.get(event.key())
        if mode is not None:
            self.set_mode(mode)
        else:
            super().keyPressEvent(event)

    # -- state ----------------------------------------------------------------------------
    def remaining(self) -> int:
        return self.payable - sum(t.amount for t in self.tenders)

    def set_mode(self, mode: Mode) -> None:
        self.mode = mode
        for m, button in self.mode_buttons.items():
            button.setChecked(m is mode)
        needs_ref = mode is not Mode.CASH
        self.reference.setVisible(needs_ref)
        self.reference_label.setVisible(needs_ref)
        self.reference.clear()
        self.amount.setText(format_money(max(self.remaining(), 0), self.t.lang, symbol=False))
        self._fill_quick()
        self._show_qr()
        self.error.hide()
        (self.reference if needs_ref else self.amount).setFocus()
        self.amount.selectAll()
        self._refresh()

    def _fill_quick(self) -> None:
        while self.quick.count():
            item = self.quick.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if self.mode is not Mode.CASH:
            return
        for amount in quick_amounts(max(self.remaining(), 0)):
            label = self.t.t("pay.exact") if amount == self.remaining() else \
                format_money(amount, self.t.lang)
            button = QPushButton(label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, a=amount: self._tender_cash(a))
            self.quick.addWidget(button)

    def _show_qr(self) -> None:
        due = max(self.remaining(), 0)
        if self.mode is Mode.UPI and due > 0:
            self.qr.setPixmap(QPixmap.fromImage(qr_image(self.upi_link_for(due), scale=7)))
            self.qr_caption.setText(self.t.t("pay.scan_qr", amount=format_money(due,
                                                                                self.t.lang)))
            self.qr.show()
            self.qr_caption.show()
        else:
            self.qr.clear()
            self.qr.hide()
            self.qr_caption.hide()

    def _tender_cash(self, amount: int) -> None:
        self.mode = Mode.CASH
        self.amount.setText(format_money(amount, self.t.lang, symbol=False))
        self.add_tender()

    def add_tender(self) -> None:
        """Add what is typed as a tender; complete the payment when the bill is covered."""
        try:
            amount = parse_money(self.amount.text())
        except MoneyParseError:
            self._fail(self.t.error("bad_amount"))
            return
        due = self.remaining()
        if amount <= 0:
            self._fail(self.t.error("underpaid", short=format_money(due, self.t.lang)))
            return
        if self.mode is Mode.CASH:
            tender = Tender.cash(amount)
        elif self.mode is Mode.UPI:
            tender = Tender.upi(amount, self.reference.text())
        else:
            tender = Tender.card(amount, self.reference.text())
        try:
            validate_reference(tender)
            if tender.mode is not Mode.CASH and amount > due:
                raise Overpaid("UPI and card cannot pay more than is due")
        except PaymentError as exc:
            self._fail(self.t.error(exc.code))
            return
        self.tenders.append(tender)
        self.added.addItem(f"{self.t.t(_MODE_KEYS[tender.mode])}  "
                           f"{format_money(tender.tendered, self.t.lang)}  {tender.reference}")
        if self.remaining() <= 0:
            self.accept()
            return
        self.set_mode(Mode.CASH)

    def change_due(self) -> int:
        return -min(self.remaining(), 0)

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _refresh(self) -> None:
        self.due.setText(format_money(max(self.remaining(), 0), self.t.lang))

    def retranslate(self) -> None:
        t = self.t.t
        self.setWindowTitle(t("pay.title"))
        self.due_label.setText(t("pay.due"))
        for mode, button in self.mode_buttons.items():
            button.setText(t(_MODE_KEYS[mode]))
        self.amount_label.setText(t("pay.amount"))
        self.reference_label.setText(t("pay.reference"))
        self.change_label.setText("")
        self.complete_button.setText(t("pay.complete"))
        self.cancel_button.setText(t("pay.cancel"))


_MODE_KEYS = {Mode.CASH: "pay.cash", Mode.UPI: "pay.upi", Mode.CARD: "pay.card"}
_MODE_KEYS_F: dict[int, Mode] = {
    Qt.Key.Key_F6.value: Mode.CASH, Qt.Key.Key_F7.value: Mode.UPI, Qt.Key.Key_F9.value: Mode.CARD}
