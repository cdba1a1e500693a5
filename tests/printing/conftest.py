"""Printing tests render with Qt: every test gets pytest-qt's application (offscreen)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _qt_app(qapp: object) -> None:
    """Fonts and QImage painting need a Q(Gui)Application; pytest-qt makes one per session."""

