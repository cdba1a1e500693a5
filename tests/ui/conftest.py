"""A real till for UI tests: a seeded SQLite database, the real services, the real widgets
offscreen, and an inline runner so each flow is synchronous and deterministic."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts, build_till, seed_demo
from pos.store.database import open_store
from pos.ui.fonts import register_fonts
from pos.ui.i18n import Translator
from pos.ui.main_window import MainWindow
from pos.ui.tasks import InlineRunner
from pos.ui.theme import STYLESHEET
from tests.services.fakes import FixedClock

NOON = datetime(2026, 11, 22, 6, 30, tzinfo=UTC)  # 12:00 in India


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, seeded once; each test copies it."""
    folder = tmp_path_factory.mktemp("seed")
    store = open_store(folder / "till.db")
    seed_demo(store)
    store.close()
    return folder / "till.db"


@pytest.fixture
def parts(seeded_db: Path, tmp_path: Path) -> Iterator[TillParts]:
    target = tmp_path / "till.db"
    target.write_bytes(seeded_db.read_bytes())
    store = open_store(target)
    built = build_till(store, "BPL1", FixedClock(NOON))
    manager = next(s for s in built.till.staff() if s.role.value == "manager")
    built.till.open_day(manager, 500_000)
    yield built
    store.close()


@pytest.fixture
def window(qtbot: QtBot, parts: TillParts) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    register_fonts()
    app.setStyleSheet(STYLESHEET)
    win = MainWindow(parts.till, InlineRunner(), Translator())
    qtbot.addWidget(win)
    win.show()
    return win


def when_dialog_opens(action: Callable[[QWidget], None], tries: int = 400) -> None:
    """Run ``action`` on the next modal dialog, from inside its event loop. If ``action``
    fails, or no dialog opens, the dialog is closed so the test fails instead of hanging."""

    def run(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if left:
                QTimer.singleShot(5, lambda: run(left - 1))
            return
        try:
            action(dialog)
        except BaseException:
            dialog.close()
            raise

    QTimer.singleShot(0, lambda: run(tries))
