"""Hindi ⇄ English at runtime, and no visible sentence without its Hindi."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from pos.locale.messages import MESSAGES
from pos.ui.main_window import MainWindow
from tests.ui.test_billing_flow import SAREE, login, scan

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
# What may stay Latin on a Hindi screen: key names, money and numbers, the data itself
# (product names are shown in both scripts; the outlet's English name is data).
NEUTRAL = re.compile(r"\b(F\d{1,2}|Esc|Enter|Del|Ctrl\+L|Shift|PCS|MTR|SET|GSTIN|PIN|UPI|"
                     r"BPL1A/\d{4}/\d{5}|[A-Z]{2,4}(-[A-Z0-9]+)+)\b|[\d₹,.:·()/%+\-—\s#]")


def visible_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
    return [t for t in texts if t.strip()]


def latin_words(text: str) -> str:
    return re.sub(r"<[^>]+>", "", NEUTRAL.sub("", text)).strip()


def test_every_message_has_hindi() -> None:
    for key, (english, hindi) in MESSAGES.items():
        assert english.strip() and hindi.strip(), key
        words = re.sub(r"{\w+}", "", hindi)
        # a sentence with English words must have Hindi words; the language button names
        # the other language, so it is the one exception
        if key != "app.language" and re.search(r"[A-Za-z]{2}", re.sub(r"{\w+}", "", english)):
            assert DEVANAGARI.search(words), f"{key}: no Hindi in {hindi!r}"
        assert set(re.findall(r"{(\w+)}", english)) == set(re.findall(r"{(\w+)}", hindi)), key


def test_switching_language_leaves_no_english_sentence(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    qtbot.keyClick(window.login, Qt.Key.Key_F9)
    login_texts = visible_texts(window)
    assert "कौन बिल बना रहा है?" in login_texts
    login(qtbot, window)
    scan(qtbot, window, SAREE)
    texts = visible_texts(window)
    english_left = []
    for text in texts:
        if text in ("English", "Meena", "Mrignayani Emporium, Bhopal"):
            continue
        if "Chanderi" in text or "Meena" in text:  # data, shown with its Hindi
            continue
        rest = latin_words(text)
        if rest and not DEVANAGARI.search(text):
            english_left.append(text)
    assert english_left == []
    header = window.model.headerData(1, Qt.Orientation.Horizontal)
    assert header == "सामान"
    qtbot.keyClick(window.billing_view.scan, Qt.Key.Key_F9)
    assert window.model.headerData(1, Qt.Orientation.Horizontal) == "Item"
    assert window.billing_view.buttons["pay"].text() == "Pay (F12)"
