"""The bundled font: Noto Sans Devanagari (OFL) covers Devanagari, Latin and ₹.

Cheap Windows laptops and Linux test machines may have no Hindi font at all, so the till
registers its own at start-up and uses it as the application font.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fontpkg_noto_sans_devanagari
from PySide6.QtGui import QFontDatabase

FAMILY = "Noto Sans Devanagari"


def font_file() -> Path:
    folder = Path(fontpkg_noto_sans_devanagari.__file__).resolve().parent / "files"
    return next(folder.glob("NotoSansDevanagari*.ttf"))


@cache
def register_fonts() -> str:
    """Register the bundled font with Qt (once; needs a Q(Gui)Application); its family."""
    font_id = QFontDatabase.addApplicationFont(str(font_file()))
    if font_id < 0:
        raise RuntimeError(f"Qt could not load the bundled font {font_file()}")
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else FAMILY
