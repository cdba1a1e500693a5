"""F1: every shortcut of the billing screen, in the current language."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from pos.ui.i18n import Translator

SHORTCUTS = (
    ("F1", "help.f1"), ("F2", "help.f2"), ("F3", "help.f3"), ("+ / -", "help.plusminus"),
    ("Del", "help.del"), ("F4", "help.f4"), ("F5", "help.f5"), ("F8", "help.f8"),
    ("Shift+F8", "help.shift_f8"), ("F9", "help.f9"), ("F10", "help.f10"),
    ("F11", "help.f11"), ("Ctrl+P", "help.ctrl_p"), ("F12", "help.f12"),
    ("Ctrl+L", "help.lock"), ("Esc", "help.esc"),
    ("F6 / F7 / F9", "help.pay_modes"),
    ("F6", "help.f6"), ("F7", "help.f7"), ("Shift+F5", "help.shift_f5"),
    ("F10", "help.printer_setup"),
)


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None, translator: Translator) -> None:
        super().__init__(parent)
        t = translator.t
        self.setWindowTitle(t("help.title"))
        rows = "".join(f"<tr><td style='padding:4px 16px 4px 0'><b>{key}</b></td>"
                       f"<td>{t(text)}</td></tr>" for key, text in SHORTCUTS)
        body = QLabel(f"<table>{rows}</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(body)
        layout.addWidget(buttons)
