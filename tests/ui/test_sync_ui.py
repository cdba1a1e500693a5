"""What the cashier sees of sync: the status chip in every state, in both languages; the sync
screen (Ctrl+S) with head office's reasons; an immediate attempt after each sale."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from pos.bootstrap import TillParts
from pos.locale.lang import Lang
from pos.services.sync_status import SyncIssue, SyncState, SyncStatus
from pos.ui.dialogs.sync_issues import SyncIssuesDialog
from pos.ui.i18n import Translator
from pos.ui.main_window import MainWindow
from pos.ui.payment_dialog import PaymentDialog
from pos.ui.status_bar import sync_chip
from pos.ui.tasks import InlineRunner
from tests.ui.conftest import when_dialog_opens
from tests.ui.test_billing_flow import SAREE, login, scan
from tests.ui.test_language import DEVANAGARI, latin_words, visible_texts

NOW = datetime(2026, 11, 22, 6, 30, tzinfo=UTC)


class FakeSync:
    """A SyncControl the test drives: it records the attempts asked for."""

    def __init__(self, status: SyncStatus, issues: list[SyncIssue] | None = None) -> None:
        self._status = status
        self._issues = issues or []
        self.asked = 0
        self.listeners: list[Callable[[SyncStatus], None]] = []
        self.catalogue_listeners: list[Callable[[], None]] = []

    def status(self) -> SyncStatus:
        return self._status

    def sync_now(self) -> None:
        self.asked += 1

    def issues(self) -> list[SyncIssue]:
        return list(self._issues)

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        self.listeners.append(listener)

    def on_catalogue_changed(self, listener: Callable[[], None]) -> None:
        self.catalogue_listeners.append(listener)

    def publish(self, status: SyncStatus) -> None:
        self._status = status
        for listener in self.listeners:
            listener(status)


STATES = [
    (SyncStatus(SyncState.ONLINE, last_success=NOW - timedelta(minutes=3)), "ok",
     "all sent"),
    (SyncStatus(SyncState.ONLINE, pending=4, oldest_pending=NOW - timedelta(hours=3),
                last_success=NOW), "warn", "4 to send · oldest 3 h"),
    (SyncStatus(SyncState.OFFLINE, pending=12, last_success=NOW - timedelta(days=2)), "warn",
     "Offline · 12 kept"),
    (SyncStatus(SyncState.OFFLINE, pending=2), "warn", "Offline · 2 kept"),
    (SyncStatus(SyncState.UNAUTHORIZED, pending=7), "error", "refused this till"),
    (SyncStatus(SyncState.SUSPENDED, pending=7), "error", "suspended"),
    (SyncStatus(SyncState.ELSEWHERE), "warn", "another window"),
    (SyncStatus(SyncState.ERROR, pending=1), "warn", "retrying"),
    (SyncStatus(SyncState.NOT_ENROLLED, pending=3), "warn", "Not connected"),
]


@pytest.mark.parametrize(("status", "state", "words"), STATES)
def test_the_chip_says_where_sync_stands_in_both_languages(status: SyncStatus, state: str,
                                                           words: str) -> None:
    english, chip_state = sync_chip(Translator(Lang.EN), status, NOW)
    assert words in english and chip_state == state
    hindi, _ = sync_chip(Translator(Lang.HI), status, NOW)
    assert DEVANAGARI.search(hindi), hindi
    if status.pending and status.state not in (SyncState.UNAUTHORIZED, SyncState.SUSPENDED,
                                               SyncState.ELSEWHERE):
        assert str(status.pending) in hindi


ISSUES = [
    SyncIssue(9, "e9", "sale", "2026-11-21", "flagged", flags=("negative_stock",),
              document="BPL1B/2627/00009"),
    SyncIssue(8, "e8", "credit_note", "2026-11-21", "parked", reason="sale_not_arrived",
              document="BPL1BC/2627/00001"),
    SyncIssue(7, "e7", "sale", "2026-11-20", "rejected", reason="malformed",
              detail="lines.0.qty_milli: Input should be greater than 0"),
    SyncIssue(6, "e6", "sale", "2026-11-20", "mismatch"),
]


def test_the_sync_screen_lists_what_head_office_did_not_simply_take(qtbot: QtBot) -> None:
    sync = FakeSync(SyncStatus(SyncState.OFFLINE, pending=5, issues=4,
                               server_url="http://hq.example:8700"), ISSUES)
    dialog = SyncIssuesDialog(None, Translator(Lang.EN), sync, InlineRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 4
    rows = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(4)]
    assert rows[0][0] == "BPL1B/2627/00009" and "more than the stock" in rows[0][4]
    assert rows[1][3] == "Waiting for its bill" and "not reached head office" in rows[1][4]
    assert "qty_milli" in rows[2][4]
    assert rows[3][3] == "Differs from head office's copy"
    assert "cannot be reached" in dialog.state.text()
    qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
    assert sync.asked == 1
    # the screen follows the status live
    sync.publish(SyncStatus(SyncState.ONLINE, last_success=datetime.now(UTC)))
    dialog.show_status(sync.status())
    assert not dialog.state.isVisible()
    # and in Hindi nothing English is left but data
    dialog.t.toggle()
    dialog.retranslate()
    left = [t for t in visible_texts(dialog) if latin_words(t) and not DEVANAGARI.search(t)
            and not re.fullmatch(r"[A-Z0-9/]+|e\d|http\S+", t)]
    assert left == []


def test_a_sale_asks_for_an_attempt_and_the_chip_follows_the_worker(
        qtbot: QtBot, parts: TillParts) -> None:
    sync = FakeSync(SyncStatus(SyncState.ONLINE, last_success=NOW))
    win = MainWindow(parts.till, InlineRunner(), Translator(), sync=sync)
    qtbot.addWidget(win)
    win.show()
    login(qtbot, win)
    scan(qtbot, win, SAREE)

    def pay(dialog: QWidget) -> None:
        assert isinstance(dialog, PaymentDialog)
        dialog.amount.setText("7000")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)

    when_dialog_opens(pay)
    qtbot.keyClick(win.billing_view.scan, Qt.Key.Key_F12)
    assert not win.billing.cart.lines, "the sale completed"
    assert sync.asked == 1
    sync.publish(SyncStatus(SyncState.OFFLINE, pending=1, last_success=NOW))
    qtbot.waitUntil(lambda: "Offline · 1 kept" in win.status.sync.text())
    assert win.status.sync.property("state") == "warn"


def test_ctrl_s_opens_the_sync_screen(qtbot: QtBot, parts: TillParts) -> None:
    sync = FakeSync(SyncStatus(SyncState.UNAUTHORIZED, pending=3), ISSUES[:1])
    win = MainWindow(parts.till, InlineRunner(), Translator(), sync=sync)
    qtbot.addWidget(win)
    win.show()
    login(qtbot, win)
    seen: list[int] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, SyncIssuesDialog)
        seen.append(dialog.table.rowCount())
        assert "new enrolment code" in dialog.state.text()
        dialog.accept()

    when_dialog_opens(look)
    qtbot.keyClick(win.billing_view.scan, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert seen == [1]


def test_closing_the_day_asks_for_an_attempt_first(qtbot: QtBot, parts: TillParts) -> None:
    sync = FakeSync(SyncStatus(SyncState.ONLINE, last_success=NOW))
    win = MainWindow(parts.till, InlineRunner(), Translator(), sync=sync)
    qtbot.addWidget(win)
    win.show()
    login(qtbot, win, "9999")
    when_dialog_opens(lambda dialog: dialog.reject())  # the cash count: not now
    win.manager.close_day()
    assert sync.asked == 1


def test_enter_on_the_sync_screen_syncs_and_never_disconnects(qtbot: QtBot,
                                                             parts: TillParts) -> None:
    """Review: Ctrl+S, Enter, Enter disconnected a manager's till (the focus was on
    "Disconnect" and the question's default was Yes)."""
    sync = FakeSync(SyncStatus(SyncState.OFFLINE, pending=0))
    unenrolled: list[bool] = []
    sync.unenrol = lambda: unenrolled.append(True)  # type: ignore[attr-defined]
    win = MainWindow(parts.till, InlineRunner(), Translator(), sync=sync)
    qtbot.addWidget(win)
    win.show()
    qtbot.keyClick(win.login, Qt.Key.Key_Down)  # Ramesh, a manager: he may disconnect
    login(qtbot, win, pin="9999")
    assert win.session is not None and win.session.name == "Ramesh"
    asked: list[str] = []

    def press_enter(dialog: QWidget) -> None:
        assert isinstance(dialog, SyncIssuesDialog)
        assert dialog.unenrol_button.isVisible()
        asked.append(dialog.focusWidget().objectName() if dialog.focusWidget() else "")
        before = sync.asked
        for _ in range(2):
            qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
        asked.append(str(sync.asked - before))
        dialog.accept()

    when_dialog_opens(press_enter)
    qtbot.keyClick(win.billing_view.scan, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked[1] == "2" and unenrolled == []


def test_staff_added_at_head_office_appear_on_the_login_screen(qtbot: QtBot,
                                                              parts: TillParts) -> None:
    """Review: a person added on the dashboard reached the till's database but not its login
    list (read once at start)."""
    from pos.domain.discounts import Role
    from pos.domain.pins import hash_pin
    from pos.services.ports import StaffMember

    sync = FakeSync(SyncStatus(SyncState.ONLINE))
    win = MainWindow(parts.till, InlineRunner(), Translator(), sync=sync)
    qtbot.addWidget(win)
    win.show()
    names = lambda: [win.login.staff_list.item(i).text() for i in  # noqa: E731
                     range(win.login.staff_list.count())]
    assert not any("Asha" in name for name in names())
    with parts.till.uow_factory() as uow:  # what applying head office's page does
        uow.staff.save(StaffMember("STF-ASHA", "Asha", Role.CASHIER, hash_pin("4444")))
        uow.commit()
    for listener in sync.catalogue_listeners:
        listener()
    qtbot.waitUntil(lambda: any("Asha" in name for name in names()))
