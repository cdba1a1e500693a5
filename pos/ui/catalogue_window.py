"""A read-only window over the demo catalogue: the till's face until the billing screen lands.

It shows what the domain computes for each product (GST rate from the published rules) with
Indian money formatting, and filters as you type in Hindi or English.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.locale.formatting import format_money
from pos.locale.lang import Lang

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    sku: str
    name_en: str
    name_hi: str
    hsn: str
    unit: str
    mrp: int  # paise, tax included
    rate_text: str  # "5%", or "5% / 18%" for a price band


HEADERS = ("SKU", "Name", "नाम", "HSN", "Unit", "MRP (₹)", "GST")


class CatalogueModel(QAbstractTableModel):
    def __init__(self, rows: Sequence[CatalogueRow]) -> None:
        super().__init__()
        self._rows = list(rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (row.sku, row.name_en, row.name_hi, row.hsn, row.unit,
                      format_money(row.mrp, Lang.EN, symbol=False), row.rate_text)
            return values[column]
        if role == Qt.ItemDataRole.UserRole:  # the text the filter searches
            return unicodedata.normalize("NFC", f"{row.sku} {row.name_en} {row.name_hi}").casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class _Filter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self._needle = ""

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = unicodedata.normalize("NFC", text).casefold().strip()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if not self._needle:
            return True
        model = self.sourceModel()
        haystack = model.data(model.index(source_row, 0, source_parent), Qt.ItemDataRole.UserRole)
        return all(word in str(haystack) for word in self._needle.split())


class CatalogueWindow(QMainWindow):
    def __init__(self, title: str, subtitle: str, rows: Sequence[CatalogueRow]) -> None:
        super().__init__()
        self.setWindowTitle(f"Emporium POS — {title}")
        self.resize(1280, 720)
        base = QFont()
        base.setPointSize(12)
        self.setFont(base)

        heading = QLabel(f"<b style='font-size:20pt'>{title}</b><br>{subtitle}")
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the catalogue / सूची में खोजें (e.g. saree, साड़ी)")
        self.search.setClearButtonEnabled(True)
        self.model = CatalogueModel(rows)
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        self.search.textChanged.connect(self._filter)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(heading)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.setCentralWidget(body)
        self._filter("")
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.set_needle(text)
        self.count.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} products "
                           "— billing screen not built yet (demo catalogue only)")
