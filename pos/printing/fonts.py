"""The receipt font: the bundled Noto Sans Devanagari (OFL), which covers Devanagari, Latin
and ₹. Registered with Qt from here (``pos.printing`` may not import ``pos.ui``), the same
way the till's windows do it, so a receipt never depends on what fonts the laptop has.

It is a variable font (weight and width axes): bold and condensed text use the axes
(:meth:`QFont.setVariableAxis`), which gives real bold glyphs with their own advances instead
of Qt's smeared "synthetic bold".
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

import fontpkg_noto_sans_devanagari
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

FAMILY = "Noto Sans Devanagari"

_lock = threading.Lock()
_registered: dict[int, str] = {}  # id(QGuiApplication) -> family


def font_file() -> Path:
    folder = Path(fontpkg_noto_sans_devanagari.__file__).resolve().parent / "files"
    return next(folder.glob("NotoSansDevanagari*.ttf"))


def receipt_family() -> str:
    """Register the bundled font with Qt (once per application) and return its family.

    Needs a ``QGuiApplication``; see :func:`pos.printing.render.ensure_qt`.
    """
    app = QGuiApplication.instance()
    if app is None:
        raise RuntimeError("rendering a receipt needs a QGuiApplication (call ensure_qt())")
    key = id(app)
    with _lock:
        family = _registered.get(key)
        if family is None:
            font_id = QFontDatabase.addApplicationFont(str(font_file()))
            if font_id < 0:
                raise RuntimeError(f"Qt could not load the bundled font {font_file()}")
            families = QFontDatabase.applicationFontFamilies(font_id)
            family = families[0] if families else FAMILY
            _registered[key] = family
        return family


@cache
def _tag(name: str) -> QFont.Tag:
    return QFont.Tag(name)


def make_font(family: str, pixel_size: int, weight: int = 400, width: int = 100) -> QFont:
    """A font of the bundled family at ``pixel_size`` dots, ``weight`` 100-900 and ``width``
    62.5-100 (percent; the font's width axis) set through the variable axes."""
    font = QFont(family)
    font.setPixelSize(pixel_size)
    font.setVariableAxis(_tag("wght"), float(weight))
    if width != 100:
        font.setVariableAxis(_tag("wdth"), float(width))
    font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
    font.setKerning(True)
    return font
