"""The totals beside the bill: MRP total, discount, taxable value, tax by rate, round-off,
and the amount to pay in large type, with the Pay button under it.

Painted by the panel itself in one pass, not built from labels: a label whose text changes
asks its layout to be redone, which on every scan re-laid out the whole window (and repainted
it). Here a new bill total only repaints this panel; its size never depends on its texts.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from pos.domain.cart import Totals
from pos.domain.tax import Supply
from pos.locale.formatting import format_money, format_rate
from pos.ui.i18n import Translator
from pos.ui.theme import INK, MAROON, PAPER

_BORDER = QColor("#d9cfc0")


class TotalsPanel(QWidget):
    PAD = 16

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self.t = translator
        self._totals: Totals | None = None
        self._supply = Supply.INTRA_STATE
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # parents never repaint
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._items = ""
        self._entries: list[tuple[str, str]] = []
        self._total_label = ""
        self._total = ""
        self._buyer = ""
        translator.changed.connect(self._refresh)
        self._refresh()

    # -- what is shown (tests and the language check read these) ----------------------------
    def texts(self) -> list[str]:
        """Every text the panel shows, in order."""
        buyer = [self._buyer] if self._buyer else []
        amounts = [text for pair in self._entries for text in pair]
        return [self._items, *buyer, *amounts, self._total_label, self._total]

    def amount_text(self) -> str:
        return self._total

    def show_totals(self, totals: Totals, supply: Supply) -> None:
        self._totals, self._supply = totals, supply
        self._refresh()

    def show_buyer(self, text: str) -> None:
        """The buyer named on the invoice (empty: none)."""
        if text != self._buyer:
            self._buyer = text
            self.update()

    def _refresh(self) -> None:
        lang, totals_ = self.t.lang, self._totals
        t = self.t.t
        entries: list[tuple[str, int]] = []
        if totals_ is None:
            pieces, payable = 0, 0
        else:
            pieces = sum(p.line.qty_milli for p in totals_.lines) // 1000
            payable = totals_.payable
            entries.append((t("billing.gross"), totals_.gross))
            if totals_.discount:
                entries.append((t("billing.discount"), -totals_.discount))
            entries.append((t("billing.taxable"), totals_.taxable))
            for rate in totals_.by_rate:
                if rate.rate_bp == 0:
                    continue
                if self._supply is Supply.INTRA_STATE:
                    half = format_rate(rate.rate_bp // 2)  # GST rates are even basis points
                    entries.append((t("billing.cgst", rate=half), rate.cgst))
                    entries.append((t("billing.sgst", rate=half), rate.sgst))
                else:
                    entries.append((t("billing.igst", rate=format_rate(rate.rate_bp)),
                                    rate.igst))
            if totals_.round_off:
                entries.append((t("billing.round_off"), totals_.round_off))
        self._items = t("billing.items", count=pieces)
        self._entries = [(label, format_money(amount, lang)) for label, amount in entries]
        self._total_label = t("billing.total")
        self._total = format_money(payable, lang)
        self.update()

    # -- drawing ----------------------------------------------------------------------------
    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        body = QFont(self.font())
        body.setPixelSize(15)
        label = QFont(body)
        label.setPixelSize(20)
        label.setWeight(QFont.Weight.DemiBold)
        big = QFont(body)
        big.setPixelSize(38)
        big.setWeight(QFont.Weight.ExtraBold)
        return body, label, big

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, 360)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, 300)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        body, label, big = self._fonts()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(PAPER))
        p.setPen(QPen(_BORDER, 1))
        p.setBrush(QColor("white"))
        p.drawRoundedRect(self.rect().adjusted(0, 0, -1, -1), 10, 10)
        pad = self.PAD
        inner = self.rect().adjusted(pad, pad - 2, -pad, -pad)
        p.setFont(body)
        p.setPen(QColor(INK))
        line = p.fontMetrics().height() + 8
        y = inner.top()
        p.drawText(QRect(inner.left(), y, inner.width(), line),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._items)
        y += line
        p.setPen(QColor(MAROON))
        for part in self._buyer.split(" · ") if self._buyer else ():  # name, then GSTIN
            p.drawText(QRect(inner.left(), y, inner.width(), line),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       p.fontMetrics().elidedText(part, Qt.TextElideMode.ElideRight,
                                                  inner.width()))
            y += line - 4
        y += 4
        for name, amount in self._entries:
            row = QRect(inner.left() + 8, y, inner.width() - 8, line)
            p.setPen(QColor(INK))
            p.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            p.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       amount)
            y += line - 2
        p.setFont(big)
        big_h = p.fontMetrics().height()
        p.setPen(QColor(MAROON))
        amount_rect = QRect(inner.left(), inner.bottom() - big_h, inner.width(), big_h)
        p.drawText(amount_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   self._total)
        p.setFont(label)
        label_h = p.fontMetrics().height()
        p.setPen(QColor(INK))
        p.drawText(QRect(inner.left(), amount_rect.top() - label_h - 4, inner.width(), label_h),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self._total_label)
        p.end()
