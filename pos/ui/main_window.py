"""The till's window: top bar, login/lock screen or billing screen, status bar, shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
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
from pos.ui.dialogs.help import HelpDialog
from pos.ui.dialogs.sync_issues import SyncIssuesDialog
from pos.ui.errors import beep, describe
from pos.ui.i18n import Translator
from pos.ui.login_view import LoginView
from pos.ui.manager_actions import ManagerActions
from pos.ui.printing_controller import PrintingController
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
        self.billing.help_requested.connect(lambda: HelpDialog(self, translator).exec())
        self.billing.sale_completed.connect(self._after_sale)
        if printing is not None:
            printing.problem_changed.connect(self.status.set_printer)
            printing.notice.connect(lambda text: self.billing_view.flash("info", text))
        self.manager.day_changed.connect(self.refresh_status)
        self.manager.day_changed.connect(self.sync.sync_now)  # a day opened or closed: send it
        self.manager.sync_now = self.sync.sync_now
        self.sync_bridge.status_changed.connect(self.status.set_sync)
        self.sync_bridge.catalogue_changed.connect(self._catalogue_changed)
        translator.changed.connect(self.retranslate)
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

    # -- login and lock -------------------------------------------------------------------
    def show_login(self) -> None:
        self.stack.setCurrentWidget(self.login)
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
        if locked_for is not None and session.staff_id != locked_for.staff_id \
                and not session.role.at_least(locked_for.role):
            beep()
            self.login.show_error(self.t.error("not_allowed", needed=self.t.t(
                f"role.{locked_for.role.value}")))
            return
        self.session = session
        self.login.lock_for(None)
        self.stack.setCurrentWidget(self.billing_view)
        self.billing_view.scan.setFocus()
        self.refresh_status()

    def _error_on_login(self, error: BaseException) -> None:
        beep()
        self.login.show_error(describe(error, self.t))

    def show_manager_menu(self) -> None:
        menu = self.manager.menu()
        menu.exec(self.billing_view.mapToGlobal(QPoint(self.billing_view.width() // 2, 80)))

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

    def _catalogue_changed(self) -> None:
        """Head office's catalogue was applied: the bill on screen checks its prices."""
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
