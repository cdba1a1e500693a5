"""A QR code as a crisp Qt image (segno makes the matrix; each module is ``scale`` pixels)."""

from __future__ import annotations

import segno
from PySide6.QtGui import QColor, QImage, QPainter


def qr_image(data: str, scale: int = 6, border: int = 4) -> QImage:
    code = segno.make(data, error="m", micro=False)
    rows = [list(row) for row in code.matrix]
    size = (len(rows) + 2 * border) * scale
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    black = QColor("black")
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect((x + border) * scale, (y + border) * scale, scale, scale, black)
    painter.end()
    return image
