"""The billing screen's widgets: scan box with search results under it, the bill, the totals
and the action buttons. Keys are handled by :class:`pos.ui.billing_controller.BillingController`
through the signals here; this module only draws."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QStaticText,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.domain.catalog import Product
from pos.locale.formatting import format_money
from pos.ui.cart_model import CartModel
from pos.ui.i18n import Translator
from pos.ui.theme import GREEN, PAPER, RED
from pos.ui.totals_panel import TotalsPanel

ACTIONS = (("pay", "billing.pay"), ("hold", "billing.hold"), ("held", "billing.held"),
           ("qty", "billing.qty_key"), ("discount", "billing.discount_key"),
           ("remove", "billing.remove"), ("customer", "billing.customer_key"),
           ("price", "billing.price_key"), ("manager", "billing.manager"),
           ("help", "billing.help"))


_KINDS = {  # kind -> (background, border and text)
    "error": ("#fde7e4", RED),
    "info": ("#e5f3ea", GREEN),
    "notice": ("#fff4dc", "#8a5a00"),
}


class Notice(QWidget):
    """The message above the bill, painted by itself at a fixed height: a new message
    repaints this strip only (a label would re-lay out the window on every scan)."""

    def __init__(self) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._text = ""
        self._kind = ""
        font = QFont(self.font())
        font.setPixelSize(17)
        self._font = font
        self._line = QFontMetrics(font).height()
        self.setFixedHeight(self._line * 2 + 16)

    def text(self) -> str:
        return self._text

    def kind(self) -> str:
        return self._kind

    def show_text(self, kind: str, text: str) -> None:
        if (kind, text) != (self._kind, self._text):
            self._kind, self._text = kind, text
            self.setProperty("kind", kind)
            self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, self._line * 2 + 16)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(PAPER))
        colours = _KINDS.get(self._kind)
        if colours is not None and self._text:
            background, ink = colours
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(QPen(QColor(ink), 1))
            p.setBrush(QColor(background))
            p.drawRoundedRect(self.rect().adjusted(0, 1, -1, -2), 8, 8)
            p.setFont(self._font)
            p.drawText(self.rect().adjusted(16, 4, -16, -4),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                           | Qt.TextFlag.TextWordWrap), self._text)
        p.end()


_ROW = QColor("white")
_ROW_ALT = QColor("#f6efe4")
_ROW_SELECTED = QColor("#f3d9a8")
_ROW_PROBLEM = QColor("#fde7e4")
_INK = QColor("#1f2328")
_PROBLEM_INK = QColor(RED)


class LineDelegate(QStyledItemDelegate):
    """Paints the bill's cells straight from the model's formatted texts, each laid out once
    (:class:`QStaticText`) and reused on every later paint. The style's item painting asked
    the model for eight roles per cell and shaped every Devanagari name again on each frame:
    most of a scan's time went there."""

    def __init__(self, model: CartModel) -> None:
        super().__init__()
        self.model = model
        self.selected = -1  # the selected row (kept by the view: cheaper than the state flag)
        self._cache: dict[tuple[str, int, int], tuple[QStaticText, int]] = {}

    def _static(self, text: str, width: int,
                option: QStyleOptionViewItem) -> tuple[QStaticText, int]:
        font = option.font
        key = (text, width, font.pixelSize())
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) > 4000:
                self._cache.clear()
            metrics = option.fontMetrics
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            static = QStaticText(elided)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            found = self._cache[key] = (static, int(static.size().width()))
        return found

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row, column = index.row(), index.column()
        rect = option.rect
        problem = self.model.has_problem(row)
        if row == self.selected:
            fill = _ROW_SELECTED
        elif problem:
            fill = _ROW_PROBLEM
        else:
            fill = _ROW_ALT if row % 2 else _ROW
        painter.fillRect(rect, fill)
        painter.setPen(_PROBLEM_INK if problem else _INK)
        painter.setFont(option.font)
        lines = self.model.cell_lines(row, column)
        height = option.fontMetrics.height()
        width = rect.width() - 12
        top = rect.top() + (rect.height() - height * len(lines)) // 2
        for text in lines:
            static, text_width = self._static(text, width, option)
            x = rect.right() - 6 - text_width if column >= 2 else rect.left() + 6
            painter.drawStaticText(QPointF(x, top), static)
            top += height


RESULT_ROWS = 7  # search results in sight at once; ↑/↓ scroll to the rest


class BillingView(QWidget):
    code_entered = Signal(str)  # Enter in the scan box with no result chosen
    search_changed = Signal(str)
    result_chosen = Signal(int)  # index into the shown results
    action = Signal(str)  # a button or key: pay, hold, held, qty, discount, remove, ...
    key_in_scan_box = Signal(QKeyEvent)  # keys the controller handles (+, -, Up, Down, Del)

    def __init__(self, translator: Translator, model: CartModel) -> None:
        super().__init__()
        self.t = translator
        self._said: tuple[str, Callable[[], str]] | None = None  # the banner, to say again
        self.scan = QLineEdit()
        self.scan.setObjectName("ScanBox")
        self.scan.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setObjectName("Results")
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.results.hide()
        self.table = QTableView()
        self.table.setModel(model)
        self.delegate = LineDelegate(model)
        self.table.setItemDelegate(self.delegate)
        self.table.selectionModel().selectionChanged.connect(self._selection_moved)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(54)
        # Fixed column widths: sizing columns to their contents re-measures every row on
        # every scan, which cost more than a frame on a long bill.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        digit = self.table.fontMetrics().horizontalAdvance("0")
        for column, chars in ((0, 3), (2, 9), (3, 11), (4, 10), (5, 12)):
            header.resizeSection(column, digit * chars + 16)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #7d7365; font-size: 20px;")
        # the banner keeps its place even when empty: the bill never jumps when a message
        # comes and goes (and the window is not laid out again on every scan)
        self.banner = Notice()
        self.totals = TotalsPanel(translator)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (name, _) in enumerate(ACTIONS[1:]):
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, n=name: self.action.emit(n))
            self.buttons[name] = button
            grid.addWidget(button, i // 2, i % 2)
        pay = QPushButton()
        pay.setObjectName("PayButton")
        pay.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        pay.clicked.connect(lambda: self.action.emit("pay"))
        self.buttons["pay"] = pay

        left = QVBoxLayout()
        left.addWidget(self.scan)
        left.addWidget(self.results)
        left.addWidget(self.banner)
        left.addWidget(self.table, 1)
        left.addWidget(self.empty, 1)
        right = QVBoxLayout()
        right.addWidget(self.totals, 1)
        right.addWidget(pay)
        right.addLayout(grid)
        columns = QHBoxLayout(self)
        columns.setContentsMargins(14, 10, 14, 6)
        columns.addLayout(left, 7)
        columns.addSpacing(8)
        columns.addLayout(right, 3)
        self.scan.textEdited.connect(self.search_changed)
        self.scan.returnPressed.connect(self._enter)
        self.scan.installEventFilter(self)
        self.results.itemClicked.connect(
            lambda item: self.result_chosen.emit(self.results.row(item)))
        translator.changed.connect(self.retranslate)
        self.retranslate()
        self.set_empty(True)

    # -- showing --------------------------------------------------------------------------
    def set_empty(self, empty: bool) -> None:
        self.table.setVisible(not empty)
        self.empty.setVisible(empty)
        self.buttons["pay"].setEnabled(not empty)

    def show_results(self, products: list[Product]) -> None:
        self.results.clear()
        for product in products:
            # price first: a long name is cut at the right, never the price
            item = QListWidgetItem(f"{format_money(product.mrp, self.t.lang)}    "
                                   f"{product.name_en}  ·  {product.name_hi}    {product.sku}")
            self.results.addItem(item)
        if products:  # whole rows only: a half-cut last result looked like a glitch
            rows = min(len(products), RESULT_ROWS)
            self.results.setFixedHeight(rows * self.results.sizeHintForRow(0)
                                        + 2 * self.results.frameWidth())
        self.results.setVisible(bool(products))
        if products:
            self.results.setCurrentRow(0)

    def hide_results(self) -> None:
        self.results.clear()
        self.results.hide()

    def flash(self, kind: str, text: str | Callable[[], str]) -> None:
        """A message above the bill: ``error`` (red), ``notice`` (amber) or ``info``
        (green). Given as a function, it is said again in the other language on F9."""
        self._said = (kind, text) if callable(text) else None
        self.banner.show_text(kind, text() if callable(text) else text)

    def clear_flash(self) -> None:
        self._said = None
        self.banner.show_text("", "")

    def select_row(self, row: int) -> None:
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))

    def _selection_moved(self) -> None:
        self.delegate.selected = self.selected_row()

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    # -- keys -----------------------------------------------------------------------------
    def _enter(self) -> None:
        if self.results.isVisible() and self.results.currentRow() >= 0:
            self.result_chosen.emit(self.results.currentRow())
        else:
            self.code_entered.emit(self.scan.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.scan and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.results.isVisible():
                step = -1 if key == Qt.Key.Key_Up else 1
                row = self.results.currentRow() + step
                self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
                return True
            if key == Qt.Key.Key_Escape and (self.results.isVisible() or self.scan.text()):
                self.scan.clear()
                self.hide_results()
                return True
            empty = not self.scan.text()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) or (
                    empty and (key in (Qt.Key.Key_Delete, Qt.Key.Key_Plus, Qt.Key.Key_Minus)
                               or event.text() in ("+", "-"))):
                self.key_in_scan_box.emit(event)
                return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        t = self.t.t
        said = self._said
        if said is not None:
            self.banner.show_text(said[0], said[1]())
        self.scan.setPlaceholderText(t("billing.scan"))
        self.empty.setText(t("billing.empty"))
        for name, key in ACTIONS:
            self.buttons[name].setText(t(key))
