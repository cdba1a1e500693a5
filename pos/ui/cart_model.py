"""The bill's lines as a Qt table model: names in both scripts, quantity, price, discount,
amount; a line that cannot be billed (a dead-band price) is shown red with the reason."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from pos.domain.cart import PricedLine, Totals
from pos.domain.tax import DeadBandPrice
from pos.locale.formatting import format_money, format_quantity
from pos.ui.i18n import Translator

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("#", "billing.col.item", "billing.col.qty", "billing.col.price",
           "billing.col.discount", "billing.col.amount")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_PROBLEM = QBrush(QColor("#fde7e4"))


class CartModel(QAbstractTableModel):
    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self.t = translator
        self._lines: tuple[PricedLine, ...] = ()
        self._cells: list[tuple[str, ...]] = []
        self._lines_of: list[tuple[tuple[str, ...], ...]] = []  # each cell's lines, for paint
        self._problem: list[bool] = []
        self._keys: list[tuple[tuple[object, ...], object]] = []
        translator.changed.connect(self._relabel)

    def set_totals(self, totals: Totals) -> None:
        """Show the bill; each line's texts are formatted once here, not on every paint."""
        old, new = len(self._lines), len(totals.lines)
        texts = [self._texts_cached(row, priced) for row, priced in enumerate(totals.lines)]
        if old == new:
            changed = [r for r in range(new) if texts[r] != self._cells[r]]
            self._store(totals.lines, texts)
            if changed:
                self.dataChanged.emit(self.index(changed[0], 0),
                                      self.index(changed[-1], len(COLUMNS) - 1))
        elif new == old + 1 and totals.lines[:old] == self._lines:
            self.beginInsertRows(QModelIndex(), old, old)  # a scan: one row more, no reset
            self._store(totals.lines, texts)
            self.endInsertRows()
        else:
            self.beginResetModel()
            self._store(totals.lines, texts)
            self.endResetModel()

    def _texts_cached(self, row: int, priced: PricedLine) -> tuple[str, ...]:
        """A line's texts, formatted again only when what they show changed (a scan formats
        one line, not the whole bill)."""
        line = priced.line
        key = (row, line.line_id, line.qty_milli, line.unit_price, priced.discount, priced.net,
               self.t.lang)
        if row < len(self._keys) and self._keys[row][0] == key \
                and self._keys[row][1] is line.product:
            return self._cells[row]
        return self._texts(row, priced)

    def _texts(self, row: int, priced: PricedLine) -> tuple[str, ...]:
        line, lang = priced.line, self.t.lang
        return (
            str(row + 1),
            f"{line.product.name_en}\n{line.product.name_hi}",
            format_quantity(line.qty_milli, lang, line.product.unit.value),
            format_money(line.unit_price, lang),
            format_money(-priced.discount, lang) if priced.discount else "",
            format_money(priced.net, lang),
        )

    def _store(self, lines: tuple[PricedLine, ...], cells: list[tuple[str, ...]]) -> None:
        self._lines, self._cells = lines, cells
        self._keys = [((row, p.line.line_id, p.line.qty_milli, p.line.unit_price, p.discount,
                        p.net, self.t.lang), p.line.product) for row, p in enumerate(lines)]
        self._lines_of = [tuple(tuple(cell.split("\n")) for cell in row) for row in cells]
        self._problem = [priced.problem is not None for priced in lines]

    def cell_lines(self, row: int, column: int) -> tuple[str, ...]:
        """The lines of text a cell shows (the item's name is two: English and Hindi)."""
        return self._lines_of[row][column]

    def has_problem(self, row: int) -> bool:
        return self._problem[row]

    def line_at(self, row: int) -> PricedLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, line_id: int) -> int:
        for row, priced in enumerate(self._lines):
            if priced.line.line_id == line_id:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            key = COLUMNS[section]
            return key if key == "#" else self.t.t(key)
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= 2:
            return _RIGHT
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        priced = self._lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and priced.problem is not None:
            return _PROBLEM
        if role == Qt.ItemDataRole.ToolTipRole and priced.problem is not None:
            return self.problem_text(priced)
        return None

    def problem_text(self, priced: PricedLine) -> str:
        problem = priced.problem
        if isinstance(problem, DeadBandPrice):
            return self.t.error("dead_band", price=format_money(problem.piece_price, self.t.lang))
        return self.t.error(getattr(problem, "code", "unexpected"), detail=str(problem))

    def _relabel(self) -> None:
        self._store(self._lines, [self._texts(row, p) for row, p in enumerate(self._lines)])
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._lines:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._lines) - 1, len(COLUMNS) - 1))
