"""Drawable blocks: what a layout produces and the renderer draws, top to bottom.

Widths are in printer dots (203 dpi: 8 dots per millimetre). Text is never measured here:
the renderer wraps it with Qt (which knows where Devanagari may break) and, for cells that
must stay on one line (amounts), narrows the font's width axis until the text fits.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

PAPER_DOTS: dict[int, int] = {58: 384, 80: 576}
"""Printable width in dots of the usual thermal rolls (203 dpi heads)."""


def paper_dots(width_mm: int) -> int:
    try:
        return PAPER_DOTS[width_mm]
    except KeyError:
        raise ValueError(f"paper width {width_mm} mm: use 58 or 80") from None


class Align(enum.Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class Size(enum.Enum):
    SMALL = "small"
    NORMAL = "normal"
    LARGE = "large"
    HUGE = "huge"


FLEX = 0
"""Cell width: share what the fixed and fitted cells leave (equally among flex cells)."""
FIT = -1
"""Cell width: the text's own width on one line (capped so flex cells keep some room)."""


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph across the paper, wrapped at word boundaries; ``\\n`` breaks lines."""

    text: str
    align: Align = Align.LEFT
    size: Size = Size.NORMAL
    bold: bool = False
    inverse: bool = False  # white on a black bar (titles, DUPLICATE)
    indent: int = 0  # dots from the left margin


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    width: int = FLEX  # > 0: dots; FLEX or FIT
    align: Align = Align.LEFT
    size: Size = Size.NORMAL
    bold: bool = False
    wrap: bool = True  # False: one line, narrowed (then smaller) until it fits


@dataclass(frozen=True, slots=True)
class Row:
    """Cells side by side, first lines on a common baseline."""

    cells: tuple[Cell, ...]
    gap: int = 8  # dots between cells
    indent: int = 0
    stack: bool = False  # when the cells do not fit side by side, give each its own line


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal line across the paper."""

    thickness: int = 2
    dash: int = 0  # dash length in dots (gaps are as long); 0: solid
    double: bool = False
    space: int = 6  # white dots above and below


@dataclass(frozen=True, slots=True)
class Space:
    dots: int


@dataclass(frozen=True, slots=True)
class Qr:
    """A QR code, drawn module by module: the largest whole number of dots per module
    (at least ``min_module``) that fits ``max_width`` with the quiet zone."""

    payload: str
    max_width: int
    min_module: int = 3
    max_module: int = 8
    quiet: int = 4  # modules of white around it (the standard's minimum)
    error: str = "m"


@dataclass(frozen=True, slots=True)
class Picture:
    """A PNG (a logo), scaled to at most ``max_width`` dots wide and made 1-bit."""

    png: bytes
    max_width: int
    max_height: int = 160
    align: Align = Align.CENTER
    space: int = 4  # white dots below it (none when the PNG cannot be read: it is left out)


@dataclass(frozen=True, slots=True)
class Ruler:
    """Test page: ticks every millimetre (8 dots), longer every 5 and 10, edge to edge."""

    height: int = 32


Block = Text | Row | Rule | Space | Qr | Picture | Ruler
