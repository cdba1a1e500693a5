"""F1: every shortcut, in the current language, grouped as the cashier meets them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos.ui.i18n import Translator

BILL = (
    ("F2", "help.f2"), ("F3", "help.f3"), ("+ / -", "help.plusminus"), ("Del", "help.del"),
    ("F8", "help.f8"), ("Shift+F8", "help.shift_f8"), ("F6", "help.f6"), ("F7", "help.f7"),
    ("Shift+F5", "help.shift_f5"), ("F4", "help.f4"), ("F5", "help.f5"), ("F12", "help.f12"),
    ("Esc", "help.esc"),
)
TILL = (
    ("F1", "help.f1"), ("F9", "help.f9"), ("F10", "help.f10"), ("F11", "help.f11"),
    ("Ctrl+P", "help.ctrl_p"), ("Ctrl+S", "help.ctrl_s"), ("Ctrl+L", "help.lock"),
)
PAY = (
    ("F6 / F7 / F8", "help.pay_modes"), ("Ctrl+1…4", "help.pay_quick"),
    ("Enter", "help.pay_enter"), ("Esc", "help.pay_esc"),
)


def _table(title: str, rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><td style='padding:3px 18px 3px 0; white-space:nowrap'>"
                   f"<b>{escape(key)}</b></td><td style='padding:3px 0'>{escape(text)}</td></tr>"
                   for key, text in rows)
    return (f"<h3 style='margin:10px 0 4px 0; color:#7b1e2b'>{escape(title)}</h3>"
            f"<table>{body}</table>")


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None, translator: Translator) -> None:
        super().__init__(parent)
        t = translator.t
        self.setWindowTitle(t("help.title"))
        heading = QLabel(t("help.title"))
        heading.setObjectName("DialogTitle")
        bill = QLabel(_table(t("help.section_bill"), [(k, t(v)) for k, v in BILL]))
        side = QLabel(_table(t("help.section_till"), [(k, t(v)) for k, v in TILL])
                      + _table(t("help.section_pay"), [(k, t(v)) for k, v in PAY])
                      + f"<p>{escape(t('help.printer_setup'))}</p>")
        for label in (bill, side):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.close_button = QPushButton(t("dialog.close"))
        self.close_button.clicked.connect(self.reject)
        self.close_button.setDefault(True)
        columns = QHBoxLayout()
        columns.addWidget(bill, 1)
        columns.addSpacing(24)
        columns.addWidget(side, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(columns)
        layout.addWidget(self.close_button)
        self.setMinimumSize(1000, 640)  # every row in sight at 1366×768, both languages
