"""Blocks to one 1-bit image with Qt, exactly as wide as the paper's printable dots.

Why Qt: ``QTextLayout`` shapes Devanagari with HarfBuzz (conjuncts क्ष ज्ञ श्र द्ध, reph,
the ि matra placed before its consonant), which Pillow without raqm does not; and it knows
where a line may break in both scripts.

How: everything is drawn anti-aliased on an 8-bit grey canvas, then cut to black and white at
one threshold, the *darkness* (0-100): a higher darkness turns more of the anti-aliased edge
black, so strokes print thicker on a pale head. QR modules and rules are drawn on whole dots
with anti-aliasing off, so they stay crisp at any darkness.

The result is a ``QImage.Format_Mono`` whose colour index 1 is black and 0 white, bit 7 of
each byte the leftmost dot: the ESC/POS raster layout, so encoding is a copy
(:mod:`pos.printing.escpos`). The same image is the on-screen preview and the reprint.
Needs a ``QGuiApplication`` (:func:`ensure_qt`); no widget is ever created. Rendering works in
any thread.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

import segno
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QTextLayout,
    QTextOption,
)

from pos.locale import Lang
from pos.printing.blocks import (
    FIT,
    FLEX,
    Align,
    Block,
    Picture,
    Qr,
    Row,
    Rule,
    Ruler,
    Size,
    Space,
    Text,
)
from pos.printing.fonts import make_font, receipt_family
from pos.printing.layout import MARGIN, Document, duplicate_mark, layout

DOTS_PER_METRE = 8000  # 203 dpi: the PNG shows at the printed size
WHITE = 0xFFFFFFFF
BLACK = 0xFF000000

SIZES: dict[Size, int] = {Size.SMALL: 19, Size.NORMAL: 22, Size.LARGE: 27, Size.HUGE: 34}
"""Pixel (dot) sizes of the text sizes. 22 dots is 2.75 mm: a thermal printer's font A
(12 × 24) in height, and big enough for the Devanagari matras to stay distinct."""

_NARROWER = (90, 80, 70, 62)  # the font's width axis, tried in turn for one-line cells
_SMALLER = (0.9, 0.8, 0.7, 0.6)


@dataclass(frozen=True, slots=True)
class RenderOptions:
    darkness: int = 55  # 0-100
    weight: int = 460  # body text on the font's weight axis (400 regular, 700 bold)
    bold_weight: int = 720
    top: int = 8  # dots of white above the first block
    bottom: int = 8

    def __post_init__(self) -> None:
        if not 0 <= self.darkness <= 100:
            raise ValueError("darkness is 0-100")

    @property
    def threshold(self) -> int:
        """Grey levels below this print black (darkness 0: 40, 50: 130, 100: 220)."""
        return 40 + round(self.darkness * 1.8)


_PNG: Any = "PNG"  # PySide6 wants str at run time; its stubs say bytes


def save_png(image: QImage, path: str | os.PathLike[str]) -> None:
    """Write ``image`` as a PNG (1-bit stays 1-bit); raise ``OSError`` if Qt cannot."""
    if not image.save(os.fspath(path), _PNG):
        raise OSError(f"could not write {path}")


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, _PNG):
        raise OSError("could not encode the image as PNG")
    buffer.close()
    return bytes(data.data())


def ensure_qt() -> QGuiApplication:
    """The running ``QGuiApplication``, or a new one for a headless caller (a CLI, a print
    worker process). Without a display on Linux it uses the offscreen platform."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    if (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    global _app  # noqa: PLW0603 - the one application object must outlive this call
    _app = QGuiApplication([sys.argv[0] if sys.argv else "emporium-pos"])
    return _app


_app: QGuiApplication | None = None


def render(blocks: Sequence[Block], width_dots: int,
           options: RenderOptions | None = None) -> QImage:
    """Draw ``blocks`` top to bottom on a 1-bit image ``width_dots`` wide."""
    opts = options or RenderOptions()
    if width_dots % 8:
        raise ValueError("the width must be a whole number of bytes (a multiple of 8 dots)")
    painter_steps = _Renderer(width_dots, opts).measure_all(blocks)
    height = opts.top + sum(h for h, _ in painter_steps) + opts.bottom
    canvas = QImage(width_dots, max(height, 1), QImage.Format.Format_Grayscale8)
    canvas.fill(QColor(255, 255, 255))
    painter = QPainter(canvas)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        y = opts.top
        for h, paint in painter_steps:
            paint(painter, y)
            y += h
    finally:
        painter.end()
    return to_mono(canvas, opts.threshold)


def render_document(doc: Document, width_dots: int,
                    options: RenderOptions | None = None) -> QImage:
    """Lay out and render a receipt, credit note, X/Z report or test page."""
    return render(layout(doc, width_dots), width_dots, options)


@cache
def _threshold_table(threshold: int) -> tuple[int, ...]:
    return tuple(BLACK if grey < threshold else WHITE for grey in range(256))


def to_mono(grey: QImage, threshold: int) -> QImage:
    """An 8-bit grey image cut at ``threshold`` to ``Format_Mono`` (index 1 black).

    The grey bytes are read as colour indexes of a table that is black below the threshold
    and white above, and Qt packs that to one bit per dot (in C++, ~2 ms for a long receipt).
    """
    if grey.format() != QImage.Format.Format_Grayscale8:
        grey = grey.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(grey.constBits())
    indexed = QImage(data, grey.width(), grey.height(), grey.bytesPerLine(),
                     QImage.Format.Format_Indexed8)
    indexed.setColorTable(list(_threshold_table(threshold)))
    mono = indexed.convertToFormat(QImage.Format.Format_Mono,
                                   Qt.ImageConversionFlag.ThresholdDither)
    return normalise_mono(mono)


def normalise_mono(image: QImage) -> QImage:
    """``image`` as ``Format_Mono`` with colour 0 white and 1 black, 203 dpi."""
    if image.format() != QImage.Format.Format_Mono:
        image = image.convertToFormat(QImage.Format.Format_Mono,
                                      Qt.ImageConversionFlag.ThresholdDither)
    table = image.colorTable()
    if len(table) == 2 and table[0] == WHITE and table[1] == BLACK:
        out = image
    elif len(table) == 2 and QColor(table[0]).lightness() < QColor(table[1]).lightness():
        out = image.copy()
        out.invertPixels()
        out.setColorTable([WHITE, BLACK])
    else:
        out = image.copy()
        out.setColorTable([WHITE, BLACK])
    out.setDotsPerMeterX(DOTS_PER_METRE)
    out.setDotsPerMeterY(DOTS_PER_METRE)
    return out


def mono_rows(image: QImage) -> tuple[int, bytes]:
    """(bytes per row, the rows packed 1 bit per dot, 1 = black, leftmost dot in bit 7):
    the ESC/POS raster layout, without Qt's 32-bit row padding."""
    mono = normalise_mono(image)
    width = mono.width()
    if width % 8:
        raise ValueError("the image width must be a multiple of 8 dots")
    row_bytes = width // 8
    data = bytes(mono.constBits())
    stride = mono.bytesPerLine()
    if stride == row_bytes:
        return row_bytes, data[: row_bytes * mono.height()]
    return row_bytes, b"".join(data[y * stride: y * stride + row_bytes]
                               for y in range(mono.height()))


def mono_from_rows(row_bytes: int, rows: bytes) -> QImage:
    """The inverse of :func:`mono_rows`: a ``Format_Mono`` image owning its pixels."""
    if not row_bytes:
        return QImage()
    height = len(rows) // row_bytes
    stride = (row_bytes + 3) // 4 * 4
    if stride != row_bytes:
        pad = bytes(stride - row_bytes)
        rows = b"".join(rows[y * row_bytes:(y + 1) * row_bytes] + pad for y in range(height))
    image = QImage(rows, row_bytes * 8, height, stride, QImage.Format.Format_Mono)
    image.setColorTable([WHITE, BLACK])
    out = image.copy()  # detach from ``rows``, which Python may free
    out.setDotsPerMeterX(DOTS_PER_METRE)
    out.setDotsPerMeterY(DOTS_PER_METRE)
    return out


def stack(images: Sequence[QImage]) -> QImage:
    """1-bit images of one width, one under the other."""
    parts = [mono_rows(image) for image in images if not image.isNull()]
    widths = {row_bytes for row_bytes, _ in parts}
    if len(widths) > 1:
        raise ValueError("images of different widths")
    return mono_from_rows(widths.pop() if widths else 0, b"".join(rows for _, rows in parts))


def mark_duplicate(image: QImage, langs: Sequence[Lang] = (Lang.EN, Lang.HI),
                   reprinted_at: datetime | None = None,
                   options: RenderOptions | None = None) -> QImage:
    """A reprint of an already-rendered receipt (a stored preview or job): the DUPLICATE /
    प्रतिलिपि bar added above and below, the receipt's own dots untouched."""
    opts = options or RenderOptions()
    bar = render(duplicate_mark(langs, reprinted_at), image.width(),
                 RenderOptions(opts.darkness, opts.weight, opts.bold_weight, top=8, bottom=0))
    return stack([bar, image, bar])


@lru_cache(maxsize=64)
def qr_matrix(payload: str, error: str = "m") -> tuple[bytes, ...]:
    """The QR modules (1 dark) of ``payload``, without quiet zone. Cached: segno spends
    ~20 ms choosing the best of the 8 masks, and a receipt is rendered for the preview and
    again for the printer (and for every reprint)."""
    code = segno.make_qr(payload, error=error, boost_error=False)
    return tuple(bytes(row) for row in code.matrix)


Paint = Callable[[QPainter, int], None]
Step = tuple[int, Paint]

_QT_ALIGN = {
    Align.LEFT: Qt.AlignmentFlag.AlignLeft,
    Align.CENTER: Qt.AlignmentFlag.AlignHCenter,
    Align.RIGHT: Qt.AlignmentFlag.AlignRight,
}


@dataclass(slots=True)
class _Para:
    """A laid-out piece of text: its QTextLayout, size and first baseline."""

    layout: QTextLayout
    width: int
    height: int
    ascent: float


class _Renderer:
    def __init__(self, width: int, options: RenderOptions) -> None:
        self.width = width
        self.cw = width - 2 * MARGIN
        self.options = options
        self.family = receipt_family()
        self._fonts: dict[tuple[int, int, int], QFont] = {}

    # -- text ----------------------------------------------------------------------------
    def font(self, size: Size, bold: bool, wdth: int = 100, scale: float = 1.0) -> QFont:
        px = max(8, round(SIZES[size] * scale))
        weight = self.options.bold_weight if bold else self.options.weight
        key = (px, weight, wdth)
        font = self._fonts.get(key)
        if font is None:
            font = make_font(self.family, px, weight, wdth)
            self._fonts[key] = font
        return font

    def para(self, text: str, font: QFont, width: int, align: Align, wrap: bool = True) -> _Para:
        """``text`` laid out in ``width`` dots. A bilingual label ("Taxable value / कर योग्य
        मूल्य") that does not fit on one line puts each language on its own line instead,
        so neither is cut in the middle."""
        text = text.replace("\r\n", "\n")
        if wrap and " / " in text and self.natural_width(text, font) > width:
            text = text.replace(" / ", "\n")
        layout = QTextLayout(text.replace("\n", "\u2028"), font)
        option = QTextOption(_QT_ALIGN[align])
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if wrap
                           else QTextOption.WrapMode.NoWrap)
        layout.setTextOption(option)
        layout.setCacheEnabled(True)
        layout.beginLayout()
        y = 0
        ascent = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            if y == 0:
                ascent = line.ascent()
            y += math.ceil(line.height())
        layout.endLayout()
        return _Para(layout, width, y, ascent)

    @staticmethod
    def natural_width(text: str, font: QFont) -> int:
        layout = QTextLayout(text.replace("\n", "\u2028"), font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        widest = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(1_000_000)
            widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
        return math.ceil(widest)

    def one_line_font(self, text: str, size: Size, bold: bool, width: int) -> QFont | None:
        """The widest variant of the font that shows ``text`` on one line in ``width``: the
        normal font, then narrower widths, then smaller sizes. None: nothing fits."""
        font = self.font(size, bold)
        if self.natural_width(text, font) <= width:
            return font
        for wdth in _NARROWER:
            font = self.font(size, bold, wdth)
            if self.natural_width(text, font) <= width:
                return font
        for scale in _SMALLER:
            font = self.font(size, bold, _NARROWER[-1], scale)
            if self.natural_width(text, font) <= width:
                return font
        return None

    # -- blocks --------------------------------------------------------------------------
    def measure_all(self, blocks: Sequence[Block]) -> list[Step]:
        return [self.measure(b) for b in blocks]

    def measure(self, block: Block) -> Step:
        if isinstance(block, Text):
            return self.text(block)
        if isinstance(block, Row):
            return self.row(block)
        if isinstance(block, Rule):
            return self.rule(block)
        if isinstance(block, Space):
            return block.dots, _nothing
        if isinstance(block, Qr):
            return self.qr(block)
        if isinstance(block, Picture):
            return self.picture(block)
        if isinstance(block, Ruler):
            return self.ruler(block)
        raise TypeError(f"not a block: {block!r}")

    def text(self, block: Text) -> Step:
        pad = 4 if block.inverse else 0
        inner = self.cw - block.indent - 2 * pad
        para = self.para(block.text, self.font(block.size, block.bold), inner, block.align)
        x = MARGIN + block.indent + pad
        height = para.height + 2 * pad

        def paint(p: QPainter, y: int) -> None:
            if block.inverse:
                p.fillRect(QRect(MARGIN + block.indent, y, self.cw - block.indent, height),
                           QColor(0, 0, 0))
                p.setPen(QColor(255, 255, 255))
            else:
                p.setPen(QColor(0, 0, 0))
            para.layout.draw(p, QPointF(x, y + pad))

        return height, paint

    def cell_widths(self, row: Row) -> list[int]:
        available = self.cw - row.indent - row.gap * (len(row.cells) - 1)
        widths = [c.width if c.width > 0 else 0 for c in row.cells]
        flex = [i for i, c in enumerate(row.cells) if c.width == FLEX]
        fixed = sum(widths)
        # A fitted cell takes its text's width, leaving flex cells at least 40 % of the rest.
        budget = available - fixed
        reserve = budget * 2 // 5 if flex else 0
        for i, c in enumerate(row.cells):
            if c.width == FIT:
                natural = max((self.natural_width(c.text, self.font(c.size, c.bold))), 1)
                widths[i] = min(natural, budget - reserve)
                budget -= widths[i]
        if flex:
            share, extra = divmod(max(budget, 0), len(flex))
            for n, i in enumerate(flex):
                widths[i] = share + (1 if n < extra else 0)
        return widths

    def fits_side_by_side(self, row: Row) -> bool:
        needed = sum(c.width if c.width > 0 else self.natural_width(c.text, self.font(c.size,
                                                                                        c.bold))
                     for c in row.cells)
        return needed + row.gap * (len(row.cells) - 1) <= self.cw - row.indent

    def stacked(self, row: Row) -> Step:
        """Each cell on its own line across the paper (a label above its value)."""
        steps = [self.text(Text(c.text, c.align, c.size, c.bold, indent=row.indent))
                 for c in row.cells if c.text]
        height = sum(h for h, _ in steps)

        def paint(p: QPainter, y: int) -> None:
            for h, step in steps:
                step(p, y)
                y += h

        return height, paint

    def row(self, row: Row) -> Step:
        if row.stack and not self.fits_side_by_side(row):
            return self.stacked(row)
        widths = self.cell_widths(row)
        paras: list[tuple[int, _Para]] = []
        x = MARGIN + row.indent
        for cell, width in zip(row.cells, widths, strict=True):
            if cell.text:
                font: QFont | None = None
                if not cell.wrap:
                    font = self.one_line_font(cell.text, cell.size, cell.bold, width)
                para = self.para(cell.text, font or self.font(cell.size, cell.bold), width,
                                 cell.align, wrap=font is None)
                paras.append((x, para))
            x += width + row.gap
        ascent = max((p.ascent for _, p in paras), default=0.0)
        offsets = [round(ascent - p.ascent) for _, p in paras]
        height = max((p.height + off for (_, p), off in zip(paras, offsets, strict=True)),
                     default=0)

        def paint(p: QPainter, y: int) -> None:
            p.setPen(QColor(0, 0, 0))
            for (cx, para), off in zip(paras, offsets, strict=True):
                para.layout.draw(p, QPointF(cx, y + off))

        return height, paint

    def rule(self, rule: Rule) -> Step:
        lines = 2 if rule.double else 1
        height = rule.space * 2 + rule.thickness * lines + (2 if rule.double else 0)

        def paint(p: QPainter, y: int) -> None:
            top = y + rule.space
            for n in range(lines):
                ly = top + n * (rule.thickness + 2)
                if rule.dash:
                    for x in range(MARGIN, MARGIN + self.cw, rule.dash * 2):
                        w = min(rule.dash, MARGIN + self.cw - x)
                        p.fillRect(QRect(x, ly, w, rule.thickness), QColor(0, 0, 0))
                else:
                    p.fillRect(QRect(MARGIN, ly, self.cw, rule.thickness), QColor(0, 0, 0))

        return height, paint

    def qr(self, block: Qr) -> Step:
        matrix = qr_matrix(block.payload, block.error)
        n = len(matrix)
        span = n + 2 * block.quiet
        module = min(block.max_module, min(block.max_width, self.cw) // span)
        if module < block.min_module:
            module = block.min_module
            if span * module > self.width:
                raise ValueError(f"QR of {n} modules does not fit {self.width} dots at "
                                 f"{module} dots per module: shorten the payload")
        size = span * module
        left = (self.width - size) // 2 + block.quiet * module
        runs: list[tuple[int, int, int]] = []  # (row, first column, length) of dark runs
        for r, bits in enumerate(matrix):
            c = 0
            while c < n:
                if bits[c]:
                    start = c
                    while c < n and bits[c]:
                        c += 1
                    runs.append((r, start, c - start))
                else:
                    c += 1

        def paint(p: QPainter, y: int) -> None:
            top = y + block.quiet * module
            black = QColor(0, 0, 0)
            for r, c, length in runs:
                p.fillRect(QRect(left + c * module, top + r * module, length * module, module),
                           black)

        return size, paint

    def picture(self, block: Picture) -> Step:
        source = QImage.fromData(block.png)
        if source.isNull():
            return 0, _nothing
        image = source.scaled(min(block.max_width, self.cw), block.max_height,
                              Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        flat = QImage(image.size(), QImage.Format.Format_ARGB32)
        flat.fill(QColor(255, 255, 255))
        painter = QPainter(flat)
        painter.drawImage(0, 0, image)
        painter.end()
        if block.align is Align.LEFT:
            x = MARGIN
        elif block.align is Align.RIGHT:
            x = MARGIN + self.cw - flat.width()
        else:
            x = (self.width - flat.width()) // 2

        def paint(p: QPainter, y: int) -> None:
            p.drawImage(x, y, flat)

        return flat.height() + block.space, paint

    def ruler(self, block: Ruler) -> Step:
        def paint(p: QPainter, y: int) -> None:
            black = QColor(0, 0, 0)
            p.fillRect(QRect(0, y, self.width, 2), black)
            p.fillRect(QRect(0, y, 2, block.height), black)
            p.fillRect(QRect(self.width - 2, y, 2, block.height), black)
            for x in range(0, self.width, 8):
                length = block.height * 3 // 4 if x % 80 == 0 else (
                    block.height // 2 if x % 40 == 0 else block.height // 4)
                p.fillRect(QRect(x, y, 1, length), black)

        return block.height, paint


def _nothing(painter: QPainter, y: int) -> None:
    return None
