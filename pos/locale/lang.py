"""The two languages people read: English and Hindi, both as written in India."""

from __future__ import annotations

import enum


class Lang(enum.StrEnum):
    """A language of the screens, receipts and reports. The value is what settings store."""

    EN = "en"
    HI = "hi"

    @property
    def babel_locale(self) -> str:
        """The Babel (CLDR) locale used for this language: always the Indian variant."""
        return _BABEL_LOCALES[self]


_BABEL_LOCALES: dict[Lang, str] = {Lang.EN: "en_IN", Lang.HI: "hi_IN"}
