"""Taking payment (F12), in one keyboard flow.

F6 cash, F7 UPI, F8 card (F9 stays the language switch, as everywhere). The amount box holds
what is still due; Enter adds what is typed as a tender and, once the bill is covered,
completes. A partial tender keeps the dialog open with the rest in the amount box, ready for
the next mode, so a split is Enter, F7, Enter, UTR, Enter. UPI and card ask for the amount
first, then (Enter) the reference. Ctrl+1…Ctrl+4 are the quick-cash buttons: "Exact"
completes at once; a round note fills the box and shows the change, Enter completes.

The panel on the right keeps one size in every mode, so the dialog never jumps: for cash it
shows the change to give in large type while the amount is typed; for UPI a QR carrying
exactly the UPI amount (made on the till, works offline; remade a moment after each edit and
hidden meanwhile, so a QR never stands next to a different amount); for card what to do.

Enter is handled here and nowhere else: no button is an auto-default button (inside a
QDialog a QPushButton is one unless told otherwise, and Enter in a field would also "click"
it: that closed the dialog on a partial tender and lost the payment).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos.domain.money import MoneyParseError, parse_money
from pos.domain.payments import Mode, PaymentError, Tender, validate_reference
from pos.locale.formatting import format_money
from pos.ui.i18n import Translator
from pos.ui.qr_image import qr_image
from pos.ui.theme import GREEN, MAROON, RED

NOTES = (10_000, 20_000, 50_000, 200_000)  # ₹100, ₹200, ₹500, ₹2000
MAX_CHANGE = 20_000_000  # ₹2,00,000: more cash than this above the due is a typing mistake
QR_BOX = 350  # the QR's square, pixels; the code is drawn at the largest whole module size
QR_DELAY_MS = 200  # a QR takes tens of milliseconds: made once typing pauses
DIALOG_SIZE = (960, 660)  # fits a 1366×768 screen with its task bar; same in every mode

MODE_KEYS: dict[Mode, Qt.Key] = {Mode.CASH: Qt.Key.Key_F6, Mode.UPI: Qt.Key.Key_F7,
                                 Mode.CARD: Qt.Key.Key_F8}
LANGUAGE_KEY = Qt.Key.Key_F9
QUICK_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)  # with Ctrl
_KEY_MODES = {key.value: mode for mode, key in MODE_KEYS.items()}
_ENTER = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)
_NAMES = {Mode.CASH: "payment.mode.cash", Mode.UPI: "payment.mode.upi",
          Mode.CARD: "payment.mode.card"}
_CTRL = Qt.KeyboardModifier.ControlModifier
_PLAIN_MASK = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
               | Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.MetaModifier)

_STYLE = f"""
#PayMode {{ font-size: 18px; font-weight: 600; padding: 10px 12px; }}
#PayMode:checked {{ background: {MAROON}; color: white; border: 2px solid {MAROON}; }}
#QuickCash {{ font-size: 16px; padding: 6px 4px; }}
#PayField {{ font-size: 24px; padding: 6px 10px; }}
#Stage {{ background: white; border: 1px solid #d9cfc0; border-radius: 10px; }}
#StageTitle {{ font-size: 22px; font-weight: 600; }}
#StageNote {{ font-size: 17px; }}
#BigChange {{ font-size: 56px; font-weight: 800; color: {GREEN}; }}
#BigChange[tone="none"] {{ color: #9aa0a6; }}
#BigChange[tone="bad"] {{ color: {RED}; }}
#Message {{ border-radius: 8px; padding: 6px 12px; font-size: 16px; }}
#Message[kind="error"] {{ background: #fde7e4; color: {RED}; border: 1px solid {RED}; }}
#Message[kind="info"] {{ background: #e5f3ea; color: {GREEN}; border: 1px solid {GREEN}; }}
#DueLabel {{ font-size: 20px; font-weight: 600; }}
#PayLabel {{ font-size: 16px; font-weight: 600; }}
#PaidList {{ font-size: 17px; }}
#KeysHelp {{ color: #5a5f66; font-size: 14px; }}
"""


def quick_amounts(due: int) -> list[int]:
    """Exact, then the next round amounts a customer is likely to hand over."""
    out = [due]
    for note in NOTES:
        candidate = -(-due // note) * note
        if candidate > due and candidate not in out:
            out.append(candidate)
    return out[:4]


def _keep_place(widget: QWidget) -> None:
    """Hidden, the widget still takes its room: nothing moves when it shows."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


def _label(object_name: str = "", wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(wrap)
    return label


def _field() -> QLineEdit:
    field = QLineEdit()
    field.setObjectName("PayField")
    return field


def _button(object_name: str = "") -> QPushButton:
    button = QPushButton()
    button.setAutoDefault(False)  # Enter is the dialog's, see the module docstring
    button.setDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the focus stays in the amount/reference
    if object_name:
        button.setObjectName(object_name)
    return button


def _restyle(widget: QWidget, name: str, value: str) -> None:
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class PaymentDialog(QDialog):
    """``tenders`` holds what was taken once the dialog is accepted."""

    def __init__(self, translator: Translator, payable: int,
                 upi_link_for: Callable[[int], str]) -> None:
        super().__init__()
        self.t = translator
        self.payable = payable
        self.upi_link_for = upi_link_for
        self.tenders: list[Tender] = []
        self.mode = Mode.CASH
        self.qr_link: str | None = None  # the link in the QR on screen; None when none is
        self.qr_amount: int | None = None
        self._message: tuple[str, Callable[[], str]] | None = None
        self.setModal(True)
        self.setStyleSheet(_STYLE)
        self.setFixedSize(*DIALOG_SIZE)

        self.due_label = _label("DueLabel")
        self.due = _label("BigDue")
        self.mode_buttons: dict[Mode, QPushButton] = {}
        modes = QHBoxLayout()
        for mode in Mode:
            button = _button("PayMode")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
            self.mode_buttons[mode] = button
            modes.addWidget(button)

        self.amount_label = _label("PayLabel")
        self.amount = _field()
        self.reference_label = _label("PayLabel", wrap=True)
        self.reference = _field()
        self.reference.setMaxLength(32)
        self.quick_buttons: list[QPushButton] = []
        self._quick_amounts: list[int] = []
        # one place under the amount: the quick-cash buttons for cash, the reference otherwise
        self.slot = QStackedWidget()
        quick_page = QWidget()
        quick = QHBoxLayout(quick_page)
        quick.setContentsMargins(0, 0, 0, 0)
        for index in range(len(QUICK_KEYS)):
            button = _button("QuickCash")
            button.clicked.connect(lambda _=False, i=index: self.quick_cash(i))
            self.quick_buttons.append(button)
            quick.addWidget(button)
        reference_page = QWidget()
        reference_column = QVBoxLayout(reference_page)
        reference_column.setContentsMargins(0, 0, 0, 0)
        reference_column.addWidget(self.reference_label)
        reference_column.addWidget(self.reference)
        self.slot.addWidget(quick_page)
        self.slot.addWidget(reference_page)
        self._slot_pages = {Mode.CASH: quick_page, Mode.UPI: reference_page,
                            Mode.CARD: reference_page}
        self.paid_label = _label("PayLabel")
        self.added = QListWidget()
        self.added.setObjectName("PaidList")
        self.added.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.added.setFixedHeight(76)

        # the panel on the right: one fixed size for every mode
        self.stage = QStackedWidget()
        self.stage.setObjectName("Stage")
        self.stage.setFixedSize(QR_BOX + 60, QR_BOX + 150)
        self.change_label = _label("StageTitle")
        self.change = _label("BigChange")
        self.rest_note = _label("StageNote", wrap=True)
        self.qr = QLabel()
        self.qr.setFixedSize(QR_BOX, QR_BOX)
        self.qr_caption = _label("StageTitle")
        self.qr_note = _label("StageNote")
        self.card_hint = _label("StageTitle")
        self._pages: dict[Mode, QWidget] = {}
        for mode, widgets in ((Mode.CASH, (self.change_label, self.change, self.rest_note)),
                              (Mode.UPI, (self.qr, self.qr_caption, self.qr_note)),
                              (Mode.CARD, (self.card_hint,))):
            page = QWidget()
            column = QVBoxLayout(page)
            column.addStretch(1)
            for widget in widgets:
                if isinstance(widget, QLabel):
                    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
                    if widget is not self.qr:
                        widget.setWordWrap(True)
                column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
            column.addStretch(1)
            self.stage.addWidget(page)
            self._pages[mode] = page
        for label in (self.change_label, self.rest_note, self.qr_caption, self.qr_note,
                      self.card_hint):
            label.setFixedWidth(QR_BOX + 20)

        self.message = _label("Message", wrap=True)
        self.message.setMinimumHeight(44)
        _keep_place(self.message)
        self.message.hide()
        self.keys_help = _label("KeysHelp", wrap=True)
        self.complete_button = QPushButton()
        self.complete_button.setObjectName("PayButton")
        self.complete_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.complete_button.setAutoDefault(False)
        self.complete_button.setDefault(True)  # the one default: it does what Enter does
        self.complete_button.clicked.connect(self.enter)
        self.cancel_button = _button()
        self.cancel_button.clicked.connect(self.reject)

        left = QVBoxLayout()
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_label)
        due_row.addStretch(1)
        due_row.addWidget(self.due)
        left.addLayout(due_row)
        left.addLayout(modes)
        left.addSpacing(6)
        left.addWidget(self.amount_label)
        left.addWidget(self.amount)
        left.addWidget(self.slot)
        left.addWidget(self.paid_label)
        left.addWidget(self.added)
        left.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addSpacing(12)
        body.addWidget(self.stage, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.complete_button, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(self.message)
        outer.addWidget(self.keys_help)
        outer.addLayout(buttons)

        self._qr_timer = QTimer(self)
        self._qr_timer.setSingleShot(True)
        self._qr_timer.setInterval(QR_DELAY_MS)
        self._qr_timer.timeout.connect(self._make_qr)
        self.amount.textChanged.connect(self._amount_changed)
        self.reference.textChanged.connect(self._update_buttons)
        for field in (self.amount, self.reference):
            field.installEventFilter(self)
        self.t.changed.connect(self.retranslate)
        self._listening = True
        self.set_mode(Mode.CASH)
        self.retranslate()

    # -- keys -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (watched in (self.amount, self.reference) and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and self._key(event)):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self._key(event):
            super().keyPressEvent(event)  # Esc: back

    def _key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        plain = not (mods & _PLAIN_MASK)
        if key in _ENTER:
            self.enter()
            return True
        if key == LANGUAGE_KEY.value and plain:
            self.t.toggle()
            return True
        mode = _KEY_MODES.get(key)
        if mode is not None and plain:
            self.set_mode(mode)
            return True
        if mods & _CTRL and key in [k.value for k in QUICK_KEYS]:
            self.quick_cash([k.value for k in QUICK_KEYS].index(key))
            return True
        return False

    # -- state ----------------------------------------------------------------------------
    def remaining(self) -> int:
        return self.payable - sum(t.amount for t in self.tenders)

    def change_due(self) -> int:
        return -min(self.remaining(), 0)

    def set_mode(self, mode: Mode) -> None:
        """Switch to ``mode`` with what is still due in the amount box, selected."""
        self.mode = mode
        for m, button in self.mode_buttons.items():
            button.setChecked(m is mode)
        self.reference.clear()
        self.slot.setCurrentWidget(self._slot_pages[mode])
        self.stage.setCurrentWidget(self._pages[mode])
        self._qr_timer.stop()
        self._clear_qr()
        self._say(None)
        self.amount.setText(self._plain(max(self.remaining(), 0)))  # → _amount_changed
        if mode is Mode.UPI:
            self._make_qr()  # at once: the customer is waiting with the phone out
        self.amount.setFocus()
        self.amount.selectAll()
        self._retext()

    def _typed(self) -> int | None:
        """The amount in the box, or ``None`` when it is not one."""
        try:
            return parse_money(self.amount.text())
        except MoneyParseError:
            return None

    def _plain(self, amount: int) -> str:
        return format_money(amount, self.t.lang, symbol=False)

    def _money(self, amount: int) -> str:
        return format_money(amount, self.t.lang)

    # -- Enter ----------------------------------------------------------------------------
    def enter(self) -> None:
        """What Enter (and the Complete button) does: UPI/card without a reference yet →
        check the amount and go to the reference; otherwise add the tender."""
        if self.mode is not Mode.CASH and not self.reference.text().strip():
            if self._checked_amount() is not None:
                if self.mode is Mode.UPI and self.qr_link is None:
                    self._qr_timer.stop()
                    self._make_qr()
                self._say(None)
                self.reference.setFocus()
                self._update_buttons()
            return
        self.add_tender()

    def _checked_amount(self) -> int | None:
        """The typed amount if it can be tendered in this mode; otherwise say why."""
        amount = self._typed()
        if amount is None:
            self._say("error", lambda: self.t.error("bad_amount"))
            return None
        if amount <= 0:
            self._say("error", lambda: self.t.t("payment.zero"))
            return None
        due = max(self.remaining(), 0)
        if self.mode is Mode.CASH and amount - due > MAX_CHANGE:
            self._say("error", lambda: self.t.t("payment.too_much", amount=self._money(amount),
                                                limit=self._money(MAX_CHANGE)))
            return None
        if self.mode is not Mode.CASH and amount > due:
            self._say("error", lambda: self.t.t("payment.over_due", amount=self._money(due)))
            return None
        return amount

    def add_tender(self) -> None:
        """Add what is typed as a tender; complete the payment when the bill is covered."""
        amount = self._checked_amount()
        if amount is None:
            return
        if self.mode is Mode.UPI and self.qr_amount != amount:
            # the amount was edited after the QR was shown: the customer may have paid the
            # QR's amount, so it counts only once they scan (and pay) the QR for this one
            self._make_qr()
            self._say("error", lambda: self.t.t("payment.qr_changed",
                                                amount=self._money(amount)))
            return
        if self.mode is Mode.CASH:
            tender = Tender.cash(amount)
        elif self.mode is Mode.UPI:
            tender = Tender.upi(amount, self.reference.text())
        else:
            tender = Tender.card(amount, self.reference.text())
        try:
            validate_reference(tender)
        except PaymentError as exc:
            code = exc.code
            self._say("error", lambda: self.t.error(code))
            self.reference.setFocus()
            return
        self.tenders.append(tender)
        if self.remaining() <= 0:
            self.accept()
            return
        self.set_mode(Mode.CASH)
        self._say("info", lambda: self.t.t(
            "payment.added", mode=self.t.t(_NAMES[tender.mode]),
            amount=self._money(tender.tendered), rest=self._money(self.remaining())))

    def quick_cash(self, index: int) -> None:
        """Ctrl+1…4: "Exact" completes at once; a round note goes into the box with its
        change shown large, and Enter completes."""
        if self.mode is not Mode.CASH or index >= len(self._quick_amounts):
            return
        amount = self._quick_amounts[index]
        self.amount.setText(self._plain(amount))
        self.amount.setFocus()
        self.amount.selectAll()
        if amount == self.remaining():
            self.add_tender()

    # -- what the screen shows ------------------------------------------------------------
    def _amount_changed(self) -> None:
        if self.mode is Mode.UPI:
            self._clear_qr()  # never a QR for another amount, not even for a moment
            self._qr_timer.start()
        self._update_stage()
        self._update_buttons()

    def _clear_qr(self) -> None:
        self.qr.clear()
        self.qr_link = None
        self.qr_amount = None
        amount = self._typed()
        if self.mode is Mode.UPI and amount is not None and amount > 0:
            self.qr_caption.setText(self.t.t("payment.qr_making", amount=self._money(amount)))
        else:
            self.qr_caption.setText(self.t.t("payment.qr_type_amount"))

    def _make_qr(self) -> None:
        amount = self._typed()
        if self.mode is not Mode.UPI or amount is None or not 0 < amount <= self.remaining():
            self._clear_qr()
            return
        self._qr_timer.stop()
        link = self.upi_link_for(amount)
        image = qr_image(link, scale=1)
        scale = max(1, QR_BOX // image.width())
        size = image.width() * scale
        self.qr.setPixmap(QPixmap.fromImage(image.scaled(
            size, size, Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation)))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_link, self.qr_amount = link, amount
        self.qr_caption.setText(self.t.t("payment.qr_scan", amount=self._money(amount)))

    def _update_stage(self) -> None:
        amount = self._typed()
        due = max(self.remaining(), 0)
        if self.mode is Mode.CASH:
            self.change_label.setText(self.t.t("payment.change"))
            if amount is None or amount <= 0:
                self.change.setText("—")
                _restyle(self.change, "tone", "none")
                self.rest_note.setText("")
            elif amount - due > MAX_CHANGE:
                self.change.setText(self._money(amount - due))
                _restyle(self.change, "tone", "bad")
                self.rest_note.setText(self.t.t("payment.check_amount"))
            else:
                self.change.setText(self._money(max(amount - due, 0)))
                _restyle(self.change, "tone", "give" if amount > due else "none")
                self.rest_note.setText(self.t.t("payment.rest_after",
                                                amount=self._money(due - amount))
                                       if amount < due else "")
        elif self.mode is Mode.CARD:
            shown = amount if amount is not None and amount > 0 else due
            self.card_hint.setText(self.t.t("payment.card_hint", amount=self._money(shown)))
        else:
            self.qr_note.setText(self.t.t("payment.qr_then_reference"))
            if self.qr_amount is not None:
                self.qr_caption.setText(self.t.t("payment.qr_scan",
                                                 amount=self._money(self.qr_amount)))
            else:
                self._clear_qr()

    def _update_buttons(self) -> None:
        t = self.t.t
        amount = self._typed()
        due = max(self.remaining(), 0)
        if self.mode is not Mode.CASH and not self.reference.text().strip():
            text = t("payment.next_reference")
        elif amount is not None and 0 < amount < due:
            text = t("payment.add_part", amount=self._money(amount))
        elif self.mode is Mode.CASH and amount is not None and 0 < amount - due <= MAX_CHANGE:
            text = t("payment.complete_change", change=self._money(amount - due))
        else:
            text = t("payment.complete")
        self.complete_button.setText(text)

    def _fill_quick(self) -> None:
        due = max(self.remaining(), 0)
        self._quick_amounts = quick_amounts(due) if due > 0 else []
        for index, button in enumerate(self.quick_buttons):
            key = f"Ctrl+{index + 1}"
            if index < len(self._quick_amounts):
                amount = self._quick_amounts[index]
                name = self.t.t("payment.exact") if amount == due else self._money(amount)
                button.setText(f"{name}\n{key}")
                button.setEnabled(True)
            else:
                button.setText(f"\n{key}")
                button.setEnabled(False)

    def _fill_paid(self) -> None:
        self.added.clear()
        for tender in self.tenders:
            row = f"{self.t.t(_NAMES[tender.mode])}  {self._money(tender.tendered)}"
            if tender.reference:
                row += f"  · {tender.reference}"
            self.added.addItem(row)

    def _say(self, kind: str | None, text: Callable[[], str] | None = None) -> None:
        """A message under the panels (error red, info green); said again on F9."""
        self._message = (kind, text) if kind is not None and text is not None else None
        if self._message is None:
            self.message.hide()
            return
        _restyle(self.message, "kind", self._message[0])
        self.message.setText(self._message[1]())
        self.message.show()

    def _retext(self) -> None:
        t = self.t.t
        if self.tenders:
            self.due_label.setText(t("payment.still_due", total=self._money(self.payable)))
        else:
            self.due_label.setText(t("payment.due"))
        self.due.setText(self._money(max(self.remaining(), 0)))
        self.amount_label.setText(t({Mode.CASH: "payment.amount.cash",
                                     Mode.UPI: "payment.amount.upi",
                                     Mode.CARD: "payment.amount.card"}[self.mode]))
        self.reference_label.setText(t("payment.reference.card" if self.mode is Mode.CARD
                                       else "payment.reference.upi"))
        self._fill_quick()
        self._fill_paid()
        self._update_stage()
        self._update_buttons()

    def retranslate(self) -> None:
        t = self.t.t
        self.setWindowTitle(t("payment.title"))
        for mode, button in self.mode_buttons.items():
            button.setText(f"{t(_NAMES[mode])} ({MODE_KEYS[mode].name.removeprefix('Key_')})")
        self.paid_label.setText(t("payment.paid"))
        self.cancel_button.setText(t("payment.back"))
        self.keys_help.setText(t("payment.keys"))
        if self._message is not None:
            self.message.setText(self._message[1]())
        self._retext()

    def reject(self) -> None:
        """Esc: back to the bill. Payments already taken would be forgotten with it (a UPI
        payment the customer made stays made), so that is asked first; staying is the default
        and what Esc answers."""
        if self.tenders and not self.confirm_leave():
            return
        super().reject()

    def confirm_leave(self) -> bool:
        taken = ", ".join(
            f"{self.t.t(_NAMES[t.mode])} {self._money(t.tendered)}"
            + (f" ({t.reference})" if t.reference else "") for t in self.tenders)
        box = QMessageBox(QMessageBox.Icon.Warning, self.t.t("payment.leave_title"),
                          self.t.t("payment.leave_question", taken=taken),
                          QMessageBox.StandardButton.NoButton, self)
        stay = box.addButton(self.t.t("payment.leave_stay"), QMessageBox.ButtonRole.RejectRole)
        leave = box.addButton(self.t.t("payment.leave_go"),
                              QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        return chosen is leave

    def done(self, result: int) -> None:
        self._qr_timer.stop()
        if self._listening:  # the translator outlives the dialog
            self._listening = False
            self.t.changed.disconnect(self.retranslate)
        super().done(result)
