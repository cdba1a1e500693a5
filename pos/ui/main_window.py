"""The till's window: top bar, login/lock screen or billing screen, status bar, shortcuts."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, SignalInstance
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos.domain.discounts import Role
from pos.locale.formatting import format_date
from pos.services.auth import StaffSession
from pos.services.sync_status import NoSync, SyncControl
from pos.services.till import Till
from pos.ui.billing_controller import BillingController
from pos.ui.billing_view import BillingView
from pos.ui.cart_model import CartModel
from pos.ui.dialogs import finish
from pos.ui.dialogs.help import HelpDialog
from pos.ui.dialogs.sync_issues import SyncIssuesDialog
from pos.ui.errors import beep, describe
from pos.ui.i18n import Translator
from pos.ui.login_view import LoginView
from pos.ui.manager_actions import ManagerActions
from pos.ui.printing_controller import PrintingController
from pos.ui.scanner_wedge import ScannerWedge
from pos.ui.status_bar import TillStatusBar
from pos.ui.sync_bridge import SyncBridge
from pos.ui.tasks import Runner


class MainWindow(QMainWindow):
    def __init__(self, till: Till, runner: Runner, translator: Translator,
                 printing: PrintingController | None = None,
                 sync: SyncControl | None = None) -> None:
        super().__init__()
        self.till, self.runner, self.t = till, runner, translator
        self.printing = printing
        self.sync: SyncControl = sync or NoSync(till.pending_events)
        self.sync_bridge = SyncBridge(self.sync)
        self.sync_dialog: SyncIssuesDialog | None = None
        self.session: StaffSession | None = None
        self.setMinimumSize(1024, 700)
        self.resize(1366, 768)

        top = QWidget()
        top.setObjectName("TopBar")
        self.outlet_label = QLabel()
        self.outlet_label.setObjectName("OutletName")
        self.user_label = QLabel()
        self.language_button = QPushButton()
        self.language_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language_button.clicked.connect(translator.toggle)
        self.lock_button = QPushButton()
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lock_button.clicked.connect(self.lock)
        bar = QHBoxLayout(top)
        bar.setContentsMargins(16, 8, 16, 8)
        bar.addWidget(self.outlet_label)
        bar.addStretch(1)
        bar.addWidget(self.user_label)
        bar.addWidget(self.language_button)
        bar.addWidget(self.lock_button)

        self.login = LoginView(translator)
        self.model = CartModel(translator)
        self.billing_view = BillingView(translator, self.model)
        self.billing = BillingController(self.billing_view, self.model, till, runner,
                                         translator, lambda: self.session)
        self.manager = ManagerActions(self, till, runner, translator, self.billing,
                                      lambda: self.session)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.billing_view)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.status = TillStatusBar(translator)
        self.setStatusBar(self.status)

        self.login.login_requested.connect(self.try_login)
        self.billing.manager_menu.connect(self.show_manager_menu)
        self.billing.help_requested.connect(self.show_help)
        self.billing.sale_completed.connect(self._after_sale)
        if printing is not None:
            printing.problem_changed.connect(self.status.set_printer)
            printing.notice.connect(lambda text: self.billing_view.flash("info", text))
        self.manager.day_changed.connect(self.refresh_status)
        self.manager.day_changed.connect(self._check_day)
        self.manager.day_changed.connect(self.sync.sync_now)  # a day opened or closed: send it
        self.manager.sync_now = self.sync.sync_now
        self.sync_bridge.status_changed.connect(self.status.set_sync)
        self.sync_bridge.catalogue_changed.connect(self._catalogue_changed)
        translator.changed.connect(self.retranslate)
        # Scans typed while the focus is anywhere but the scan box (a dialog's field, the PIN
        # pad, a menu) are taken out of it and brought to the bill.
        self.wedge = ScannerWedge(parent=self)
        self.wedge.own.add(self.billing_view.scan)
        self.wedge.scanned.connect(self._scanned)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.wedge)
        self._held_scans: list[str] = []
        self._held_by: tuple[QWidget, SignalInstance] | None = None
        self.retranslate()
        self.runner.submit(till.staff, self.login.set_staff, self._error_on_login)
        self.show_login()

    # -- keys -----------------------------------------------------------------------------
    # Keys are dispatched from the key events themselves (they bubble up from the scan box,
    # which keeps the focus), not through QShortcut: shortcuts need an "active" window, which
    # a kiosk session without a window manager never reports.
    BILLING_KEYS: dict[tuple[int, bool], str] = {  # noqa: RUF012
        (Qt.Key.Key_F1, False): "help", (Qt.Key.Key_F3, False): "qty",
        (Qt.Key.Key_F4, False): "hold", (Qt.Key.Key_F5, False): "held",
        (Qt.Key.Key_F5, True): "reprice", (Qt.Key.Key_F6, False): "customer",
        (Qt.Key.Key_F7, False): "price",
        (Qt.Key.Key_F8, False): "discount", (Qt.Key.Key_F8, True): "bill_discount",
        (Qt.Key.Key_F10, False): "manager", (Qt.Key.Key_F12, False): "pay",
    }

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        mods = event.modifiers()
        if key == Qt.Key.Key_F9:
            self.t.toggle()
        elif key == Qt.Key.Key_L and mods & Qt.KeyboardModifier.ControlModifier:
            self.lock()
        elif key == Qt.Key.Key_S and mods & Qt.KeyboardModifier.ControlModifier:
            self.show_sync()
        elif key == Qt.Key.Key_F11 and self.printing is not None:
            self.printing.reprint_last()
        elif (key == Qt.Key.Key_P and mods & Qt.KeyboardModifier.ControlModifier
              and self.printing is not None):
            self.printing.run()
        elif self.stack.currentWidget() is self.billing_view:
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            action = self.BILLING_KEYS.get((key, shift))
            if key == Qt.Key.Key_F2:
                self.billing_view.scan.setFocus()
            elif action is not None:
                self.billing.act(action)
            else:
                super().keyPressEvent(event)
        else:
            super().keyPressEvent(event)

    # -- scans outside the scan box -------------------------------------------------------
    def _scanned(self, code: str, _typed_into: QObject) -> None:
        if self.session is None or self.stack.currentWidget() is not self.billing_view:
            beep()  # locked or logged out: nobody may add to the bill
            self.login.pin.clear()  # the digits the scan typed are no PIN
            self.login.show_error(lambda: self.t.t("scan.log_in_first"))
            return
        holder = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if holder is None:
            self.billing.scanned_elsewhere(code)
            return
        take = getattr(holder, "take_scan", None)
        if callable(take) and take(code):
            return  # the window itself uses scans (the return screen: the item returned)
        # A window is open over the bill (quantity, PIN, payment...): the scan waits for it
        # to close, so the bill never changes under a question being answered about it.
        self._held_scans.append(code)
        self._hold_until_closed(holder)
        # said above the bill, which stays in sight around the window (a tooltip would vanish
        # with the scanner's own key release)
        count = len(self._held_scans)
        self.billing_view.flash("info", lambda: self.t.t("scan.kept", code=code, count=count))

    def _hold_until_closed(self, holder: QWidget) -> None:
        if self._held_by is not None and self._held_by[0] is holder:
            return
        closed = holder.finished if isinstance(holder, QDialog) else \
            holder.aboutToHide if isinstance(holder, QMenu) else holder.destroyed
        closed.connect(self._release_soon)
        self._held_by = (holder, closed)

    def _release_soon(self, *_args: object) -> None:
        # after the dialog's own code has run (a payment completing, a quantity applied)
        if self._held_by is not None:
            _holder, closed = self._held_by
            self._held_by = None
            with contextlib.suppress(RuntimeError, TypeError):  # gone, with its connections
                closed.disconnect(self._release_soon)
        QTimer.singleShot(0, self._release_held)

    def _release_held(self) -> None:
        if not self._held_scans:
            return
        if self.session is None or self.stack.currentWidget() is not self.billing_view:
            self._held_scans.clear()  # locked meanwhile: the bill is not open to scans
            return
        holder = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if holder is not None:  # the next window opened at once (customer, then payment)
            self._hold_until_closed(holder)
            return
        codes, self._held_scans = self._held_scans, []
        for code in codes:
            self.billing.scanned_elsewhere(code)

    # -- login and lock -------------------------------------------------------------------
    def show_login(self) -> None:
        self.stack.setCurrentWidget(self.login)
        self.lock_button.hide()  # nothing to lock while nobody is in
        self.login.setFocus()

    def lock(self) -> None:
        if self.session is not None:
            self.login.lock_for(self.session)
            self.show_login()

    def try_login(self, staff_id: str, pin: str) -> None:
        self.runner.submit(lambda: self.till.login(staff_id, pin), self._logged_in,
                           self._error_on_login)

    def _logged_in(self, session: StaffSession) -> None:
        locked_for = self.session
        # A locked bill is its cashier's: only they, or a manager, take it up again
        if locked_for is not None and session.staff_id != locked_for.staff_id \
                and not session.role.at_least(Role.MANAGER):
            beep()
            self.login.show_error(lambda: self.t.t("login.locked_for", name=locked_for.name))
            return
        self.session = session
        self.login.lock_for(None)
        self.stack.setCurrentWidget(self.billing_view)
        self.lock_button.show()
        self._check_day()
        self.billing_view.scan.setFocus()
        self.refresh_status()

    def _check_day(self) -> None:
        self.runner.submit(self.till.day_open, self.billing.set_day_open, lambda _e: None)

    def _error_on_login(self, error: BaseException) -> None:
        beep()
        self.login.show_error(lambda: describe(error, self.t))

    def show_manager_menu(self) -> None:
        menu = self.manager.menu()
        menu.exec(self.billing_view.mapToGlobal(QPoint(self.billing_view.width() // 2, 80)))
        finish(menu)

    def _after_sale(self, _sale: object) -> None:
        if self.printing is not None:
            self.printing.run()
        self.sync.sync_now()  # the sale is saved: send it while the network is there
        self.refresh_status()

    # -- sync -----------------------------------------------------------------------------
    def show_sync(self) -> None:
        """Ctrl+S: the sync screen (status, sync now, what head office did not simply take)."""
        manager = self.session is not None and self.session.role.at_least(Role.MANAGER)
        dialog = SyncIssuesDialog(self, self.t, self.sync, self.runner, may_unenrol=manager)
        self.sync_dialog = dialog
        self.sync_bridge.status_changed.connect(dialog.show_status)
        try:
            dialog.exec()
        finally:
            self.sync_bridge.status_changed.disconnect(dialog.show_status)
            self.sync_dialog = None
            finish(dialog, delete=False)  # a reload or un-enrolment may still answer it

    def show_help(self) -> None:
        dialog = HelpDialog(self, self.t)
        dialog.exec()
        finish(dialog)

    def _catalogue_changed(self) -> None:
        """Head office's catalogue was applied: the bill on screen checks its prices, and
        the login screen lists the staff as they are now (a person added at head office)."""
        self.runner.submit(self.till.staff, self.login.set_staff, lambda _e: None)
        notify = getattr(self.billing, "catalogue_changed", None)
        if callable(notify):
            notify()

    # -- status ---------------------------------------------------------------------------
    def refresh_status(self) -> None:
        self.retranslate()
        self.runner.submit(self.sync.status, self.status.set_sync, lambda _e: None)

    def retranslate(self) -> None:
        t = self.t.t
        outlet = self.till.outlet
        who_title = f" — {self.session.name}" if self.session is not None else ""
        self.setWindowTitle(f"{t('app.title')} — {outlet.name_en}{who_title}")
        name = outlet.name_hi if self.t.lang.value == "hi" else outlet.name_en
        self.outlet_label.setText(name)
        self.language_button.setText(t("app.language"))
        self.lock_button.setText(t("billing.lock"))
        who = self.session
        self.user_label.setText("" if who is None else t(
            "status.cashier", name=who.name, role=t(f"role.{who.role.value}")))
        self.status.outlet.setText(f"{name} · {t('status.gstin', gstin=outlet.gstin)}")
        self.status.date.setText(t("status.date", date=format_date(self.till.clock.today(),
                                                                   self.t.lang)))
        self.status.cashier.setText(self.user_label.text())
        self.status.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.billing.flush_keep()  # a bill scanned in the last moments is not lost
        self.runner.shutdown()  # let a sale being saved finish
        super().closeEvent(event)
