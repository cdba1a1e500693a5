"""The demo catalogue window, in real widgets offscreen."""

from __future__ import annotations

import unicodedata

from pytestqt.qtbot import QtBot

from pos.ui.catalogue_window import CatalogueRow, CatalogueWindow
from pos.ui.fonts import register_fonts

ROWS = [
    CatalogueRow("CHN-SAR-0001", "Chanderi Silk Saree", "चंदेरी सिल्क साड़ी", "500720", "PCS",
                 685_000, "5%"),
    CatalogueRow("GON-PNT-0001", "Gond Painting - Tree of Life", "गोंड चित्रकला - जीवन वृक्ष",
                 "970110", "PCS", 1_250_000, "5%"),
    CatalogueRow("BAG-KUR-0001", "Bagh Print Kurta", "बाग प्रिंट कुर्ता", "620520", "PCS",
                 157_500, "5% / 18%"),
]


def test_filter_in_hindi_and_english(qtbot: QtBot) -> None:
    assert register_fonts() == "Noto Sans Devanagari"
    window = CatalogueWindow("Bhopal", "GSTIN", ROWS)
    qtbot.addWidget(window)
    assert window.proxy.rowCount() == 3
    qtbot.keyClicks(window.search, "SAREE")
    assert window.proxy.rowCount() == 1
    window.search.clear()
    # the decomposed nukta (ड + ़) finds the name stored with the same letter composed or not
    window.search.setText(unicodedata.normalize("NFD", "साड़"))
    assert window.proxy.rowCount() == 1
    window.search.setText("गोंड")
    index = window.proxy.index(0, 1)
    assert window.proxy.data(index) == "Gond Painting - Tree of Life"
    assert window.proxy.data(window.proxy.index(0, 5)) == "12,500.00"
    assert "1 of 3 products" in window.count.text()
