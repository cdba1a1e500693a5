"""The language of the screens, switchable at runtime (F9): views re-read their texts when
:attr:`Translator.changed` fires. All texts come from :mod:`pos.locale.messages`."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from pos.locale.lang import Lang
from pos.locale.messages import error_text, text


class Translator(QObject):
    changed = Signal()

    def __init__(self, lang: Lang = Lang.EN) -> None:
        super().__init__()
        self.lang = lang

    def t(self, key: str, **fields: object) -> str:
        return text(key, self.lang, **fields)

    def error(self, code: str, /, **fields: object) -> str:
        return error_text(code, self.lang, **fields)

    def set_lang(self, lang: Lang) -> None:
        if lang is not self.lang:
            self.lang = lang
            self.changed.emit()

    def toggle(self) -> None:
        self.set_lang(Lang.EN if self.lang is Lang.HI else Lang.HI)
