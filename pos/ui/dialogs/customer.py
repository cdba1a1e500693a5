"""F6: the buyer on the invoice. Keyboard first: GSTIN (optional; a valid one fills the
state), name, address, state; Enter moves on and saves from the last field, Esc goes back.
Required for a business (B2B) buyer and from a taxable value of ₹50,000 (GST.md)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.domain.customer import BUYER_DETAILS_FROM, Customer, customer_problem, normalise
from pos.domain.gstin import STATES, gstin_state, is_valid_gstin
from pos.domain.money import Paise
from pos.locale.formatting import format_money
from pos.locale.lang import Lang
from pos.ui.i18n import Translator
from pos.ui.theme import GREEN, RED


def state_name(code: str, lang: Lang) -> str:
    english, hindi = STATES.get(code, ("", ""))
    return hindi if lang is Lang.HI else english


class CustomerDialog(QDialog):
    def __init__(self, parent: QWidget | None, translator: Translator, customer: Customer,
                 taxable: Paise, home_state: str) -> None:
        super().__init__(parent)
        self.t, self.taxable = translator, taxable
        t, lang = translator.t, translator.lang
        self.result_customer: Customer | None = None
        self.setWindowTitle(t("customer.title"))
        self.setMinimumWidth(620)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setStyleSheet("font-size: 16px;")
        self.gstin = QLineEdit(customer.gstin)
        self.gstin.setMaxLength(15)
        self.gstin.setPlaceholderText(t("customer.gstin_hint"))
        self.gstin_status = QLabel()
        self.name = QLineEdit(customer.name)
        self.address = QLineEdit(customer.address)
        self.state = QComboBox()
        self.state.addItem("—", "")
        for code in STATES:
            self.state.addItem(f"{state_name(code, lang)} ({code})", code)
        self.state.setCurrentIndex(max(0, self.state.findData(customer.state_code)))
        supply = QLabel(t("customer.supply", state=state_name(home_state, lang)))
        supply.setWordWrap(True)
        supply.setStyleSheet("color: #5d564c; font-size: 14px;")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {RED}; font-size: 15px; font-weight: 600;")
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(t("customer.gstin"), self.gstin)
        form.addRow("", self.gstin_status)
        form.addRow(t("customer.name"), self.name)
        form.addRow(t("customer.address"), self.address)
        form.addRow(t("customer.state"), self.state)
        self.save = QPushButton(t("customer.save"))
        self.save.setDefault(True)
        self.save.clicked.connect(self.try_accept)
        self.remove = QPushButton(t("customer.clear"))
        self.remove.clicked.connect(self.clear_buyer)
        self.remove.setEnabled(not customer.empty)
        back = QPushButton(t("customer.cancel"))
        back.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        buttons.addWidget(back)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.why)
        layout.addLayout(form)
        layout.addWidget(supply)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._fields = (self.gstin, self.name, self.address)
        for field in self._fields:
            field.installEventFilter(self)
        self.gstin.textEdited.connect(self._gstin_edited)
        self._gstin_edited(self.gstin.text())
        self._explain()
        self.gstin.setFocus()

    # -- behaviour ------------------------------------------------------------------------
    def _explain(self) -> None:
        t = self.t.t
        if self.gstin.text().strip():
            self.why.setText(t("customer.why_b2b"))
        elif self.taxable >= BUYER_DETAILS_FROM:
            self.why.setText(t("customer.why_amount",
                               amount=format_money(self.taxable, self.t.lang)))
        else:
            self.why.setText(t("customer.why_optional"))

    def _gstin_edited(self, text: str) -> None:
        upper = text.upper().replace(" ", "")
        if upper != text:
            self.gstin.setText(upper)
        if len(upper) == 15 and is_valid_gstin(upper):
            code = gstin_state(upper)
            self.state.setCurrentIndex(self.state.findData(code))
            self.state.setEnabled(False)  # the GSTIN names the state
            self.gstin_status.setStyleSheet(f"color: {GREEN}; font-size: 14px;")
            self.gstin_status.setText(self.t.t("customer.gstin_ok",
                                               state=state_name(code, self.t.lang)))
        else:
            self.state.setEnabled(True)
            self.gstin_status.setStyleSheet("color: #5d564c; font-size: 14px;")
            self.gstin_status.setText(self.t.t("customer.gstin_typing") if upper else "")
        self._explain()

    def customer(self) -> Customer:
        return normalise(Customer(self.name.text(), self.gstin.text(), self.address.text(),
                                  str(self.state.currentData() or "")))

    def try_accept(self) -> None:
        customer = self.customer()
        problem = customer_problem(customer, self.taxable)
        if problem is not None:
            self.error.setText(self.t.error(problem))
            focus = {"bad_gstin": self.gstin, "gstin_state_mismatch": self.state}.get(problem)
            if focus is None:
                focus = next((f for f in (self.name, self.address) if not f.text().strip()),
                             self.state)
            focus.setFocus()
            return
        self.result_customer = customer
        self.accept()

    def clear_buyer(self) -> None:
        if self.taxable >= BUYER_DETAILS_FROM:
            self.error.setText(self.t.error("customer_required"))
            return
        self.result_customer = Customer()
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and watched in self._fields:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self._fields.index(watched)
                if index + 1 < len(self._fields):
                    self._fields[index + 1].setFocus()
                else:
                    self.try_accept()
                return True
        return super().eventFilter(watched, event)
