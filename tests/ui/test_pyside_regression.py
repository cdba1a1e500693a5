"""PySide6 6.12.0 on CPython 3.11 aborts (``none_dealloc``) after a few thousand void Qt calls.

This makes ~200,000 void painter calls in a child process, so an abort shows up as a failed
test with the child's exit status instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys

import PySide6

CHILD = r"""
import sys
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen
app = QGuiApplication(sys.argv)
image = QImage(384, 384, QImage.Format.Format_Mono)
painter = QPainter(image)
pen = QPen(QColor(0, 0, 0))
for i in range(200_000):
    painter.setPen(pen)          # void
    painter.drawPoint(QPoint(i % 384, (i // 384) % 384))  # void
painter.end()
print("survived", image.width())
"""


def test_pinned_to_6_11() -> None:
    major, minor = (int(part) for part in PySide6.__version__.split(".")[:2])
    assert (major, minor) == (6, 11), "pyside6-essentials must stay on 6.11.x (6.12.0 aborts)"


def test_200k_void_painter_calls_survive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "survived 384"
