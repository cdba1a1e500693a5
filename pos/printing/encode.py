"""The 1-bit receipt image as ESC/POS bytes: ``GS v 0`` raster bands, init, feed, cut,
cash-drawer kick. Written here, not through python-escpos:

* the image is already in raster layout (``Format_Mono``, bit 7 = leftmost dot, 1 = black),
  so a band is an 8-byte header and a slice of the image's memory; python-escpos would want
  a PIL image (a conversion and two copies) and re-threshold it;
* bands are at most :data:`MAX_BAND_ROWS` (255) rows, so the height's high byte ``yH`` is
  always 0: some clone printers ignore ``yH``; and each band is at most 18 KB at 576 dots,
  far from the 64 KB fragment size where python-escpos's ``graphics`` path corrupts images;
* cut and drawer kick are ours, not a printer profile's (DESIGN.md);
* escpos stays off the hot path and its import side effect (a temp directory each time)
  with it; the connections import it lazily for USB and serial only.

:mod:`pos.printing.decode` reads these bytes back; the tests compare the two images.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtGui import QImage

from pos.printing.render import mono_rows

ESC = 0x1B
GS = 0x1D
DLE = 0x10

INIT = bytes((ESC, 0x40))  # ESC @: reset modes, clear the buffer
MAX_BAND_ROWS = 255
"""Rows per ``GS v 0`` band: ``yH`` stays 0 (clones that ignore it print the same), a band
is at most 255 × 72 = 18,360 bytes at 80 mm, and a band boundary is invisible on paper."""


class Cut(enum.Enum):
    NONE = "none"
    PARTIAL = "partial"  # GS V 1: leaves a hinge, the usual counter choice
    FULL = "full"  # GS V 0


class DrawerPin(enum.IntEnum):
    PIN2 = 0
    PIN5 = 1


@dataclass(frozen=True, slots=True)
class JobOptions:
    cut: Cut = Cut.PARTIAL
    feed_lines: int = 4  # blank lines fed after the image so the cut clears the print
    kick_drawer: bool = False
    drawer_pin: DrawerPin = DrawerPin.PIN2
    band_rows: int = MAX_BAND_ROWS

    def __post_init__(self) -> None:
        if not 0 <= self.feed_lines <= 255:
            raise ValueError("feed_lines is 0-255")
        if not 1 <= self.band_rows <= MAX_BAND_ROWS:
            raise ValueError(f"band_rows is 1-{MAX_BAND_ROWS}")


def drawer_kick(pin: DrawerPin = DrawerPin.PIN2, on_ms: int = 50, off_ms: int = 500) -> bytes:
    """``ESC p m t1 t2``: pulse the drawer solenoid (t1, t2 in units of 2 ms)."""
    t1 = max(1, min(255, on_ms // 2))
    t2 = max(t1, min(255, off_ms // 2))
    return bytes((ESC, 0x70, int(pin), t1, t2))


def feed(lines: int) -> bytes:
    """``ESC d n``: print the buffer and feed ``n`` lines."""
    return bytes((ESC, 0x64, lines)) if lines else b""


def cut(kind: Cut) -> bytes:
    """``GS V m``: 0 full, 1 partial (function A: cut where the paper is)."""
    if kind is Cut.NONE:
        return b""
    return bytes((GS, 0x56, 0 if kind is Cut.FULL else 1))


def raster_rows(image: QImage) -> tuple[int, bytes]:
    """(bytes per row, the rows packed 1 bit per dot, 1 = black, leftmost dot in bit 7)."""
    return mono_rows(image)


def raster_bands(image: QImage, band_rows: int = MAX_BAND_ROWS) -> bytes:
    """The image as consecutive ``GS v 0`` commands of at most ``band_rows`` rows each."""
    row_bytes, rows = raster_rows(image)
    height = len(rows) // row_bytes if row_bytes else 0
    if row_bytes > 0xFFFF:
        raise ValueError("image too wide")
    out = bytearray()
    for top in range(0, height, band_rows):
        n = min(band_rows, height - top)
        out += bytes((GS, 0x76, 0x30, 0, row_bytes & 0xFF, row_bytes >> 8, n & 0xFF, n >> 8))
        out += rows[top * row_bytes: (top + n) * row_bytes]
    return bytes(out)


def encode_job(image: QImage, options: JobOptions | None = None) -> bytes:
    """A whole print job: init, drawer kick (first, so it opens while the bill prints),
    the image, feed, cut."""
    opts = options or JobOptions()
    parts = [INIT]
    if opts.kick_drawer:
        parts.append(drawer_kick(opts.drawer_pin))
    parts.append(raster_bands(image, opts.band_rows))
    parts.append(feed(opts.feed_lines))
    parts.append(cut(opts.cut))
    return b"".join(parts)


def drawer_job(pin: DrawerPin = DrawerPin.PIN2) -> bytes:
    """Open the drawer without printing (the "no sale" key, a manager's decision)."""
    return INIT + drawer_kick(pin)
