"""The enrolment screen against the real head office on loopback: a wrong code says so in the
user's language and changes nothing; the right one connects, loads the catalogue with its
progress shown, and hands over to the till."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pos.locale.lang import Lang
from pos.services.sync_status import Enrolled
from pos.store.database import open_store
from pos.sync_wiring import enrolled, enrolment
from pos.ui.enrolment_view import EnrolmentView
from pos.ui.i18n import Translator
from pos.ui.tasks import InlineRunner
from tests.headoffice.conftest import HQ


def test_enrolling_from_the_screen(qtbot: QtBot, hq: HQ, tmp_path: Path) -> None:
    store = open_store(tmp_path / "till.db")
    try:
        view = EnrolmentView(Translator(Lang.HI), enrolment(store, tmp_path, use_keyring=False),
                             InlineRunner())
        qtbot.addWidget(view)
        view.show()
        view.fill(hq.backend.base, "WRNG-CODE-00", "counter 1")
        qtbot.keyClick(view.code, Qt.Key.Key_Return)
        assert "नामांकन कोड मान्य नहीं" in view.message.text()
        assert not enrolled(store) and view.button.isEnabled()

        view.t.toggle()
        view.server.setText("not a url")
        qtbot.keyClick(view.code, Qt.Key.Key_Return)
        assert "head office's address" in view.message.text()

        view.server.setText(hq.backend.base + "/")
        view.code.setText(hq.code().lower())  # codes are read in any case
        with qtbot.waitSignal(view.enrolled) as done:
            qtbot.keyClick(view.code, Qt.Key.Key_Return)
        result = done.args[0]
        assert isinstance(result, Enrolled) and result.outlet_id == "BPL1"
        assert result.catalogue_rows > 300 and result.token_kept_in == "file"
        assert view.progress.value() == view.progress.maximum()
        assert result.series_prefix in view.stage.text()
        assert enrolled(store)
    finally:
        store.close()


def test_head_office_unreachable_is_said_plainly(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.headoffice.conftest import free_port

    store = open_store(tmp_path / "till.db")
    try:
        view = EnrolmentView(Translator(Lang.EN), enrolment(store, tmp_path, use_keyring=False),
                             InlineRunner())
        qtbot.addWidget(view)
        view.fill(f"http://127.0.0.1:{free_port()}", "ABCD-EFGH-12", "stall")
        view.submit()
        assert "cannot be reached" in view.message.text()
        assert not enrolled(store)
    finally:
        store.close()
