"""Printer setup (manager menu): the connection, paper width, darkness and drawer kick; a test
page and a drawer kick on the printer as filled in; Save keeps it in the till database and the
running printer switches at once. Every printer and database call runs on the printing
thread; the result comes back as one clear sentence. The heading says what the window is (a
kiosk session shows no title bar); F9 switches Hindi ⇄ English, the last result included."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos.locale.messages import MESSAGES
from pos.services.errors import ServiceError
from pos.services.print_queue import PrintFailure
from pos.services.printer_settings import (
    BAUDS,
    KINDS,
    WIDTHS_MM,
    PrinterConfig,
    PrinterSetup,
    parse_usb_id,
)
from pos.ui.dialogs.form_parts import SwitchingDialog, Text, heading
from pos.ui.errors import describe
from pos.ui.i18n import Translator
from pos.ui.printing_controller import problem_text
from pos.ui.tasks import Runner


def where_text(t: Translator, config: PrinterConfig) -> str:
    """Where ``config`` prints, for people."""
    if config.kind == "file" and not config.folder:
        return t.t("printer_setup.folder_default")
    return config.where()


def saved_text(t: Translator, config: PrinterConfig) -> str:
    return t.t("printer_setup.saved", where=where_text(t, config), mm=config.width_mm)


class PrinterSetupDialog(SwitchingDialog):
    saved = Signal(object)  # the PrinterConfig now in use

    def __init__(self, parent: QWidget | None, translator: Translator, setup: PrinterSetup,
                 runner: Runner, config: PrinterConfig,
                 windows_printers: list[str] | None = None) -> None:
        super().__init__(parent, translator)
        self.setup, self.runner = setup, runner
        self.config = config
        self.busy = False
        self.setMinimumWidth(560)
        self.heading = heading()
        self.keys = QLabel()
        self.keys.setWordWrap(True)
        self._labels: list[tuple[QLabel, str]] = []  # a label and its message key

        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.pages = QStackedWidget()
        # file
        self.folder = QLineEdit(config.folder)
        # LAN
        self.host = QLineEdit(config.host)
        self.host.setPlaceholderText("192.168.1.50")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(config.port)
        # USB
        self.usb_vendor = QLineEdit(f"{config.usb_vendor:04x}" if config.usb_vendor else "")
        self.usb_product = QLineEdit(f"{config.usb_product:04x}" if config.usb_product else "")
        # serial
        self.serial_port = QLineEdit(config.serial_port)
        self.serial_port.setPlaceholderText("COM3")
        self.baud = QComboBox()
        for baud in BAUDS:
            self.baud.addItem(str(baud), baud)
        self.baud.setCurrentIndex(max(0, self.baud.findData(config.baud)))
        # Windows
        self.windows_name = QComboBox()
        self.windows_name.setEditable(True)
        self.windows_name.addItems(windows_printers or [])
        self.windows_name.setCurrentText(config.windows_name)

        fields: dict[str, list[tuple[str, QWidget]]] = {
            "file": [("printer_setup.folder", self.folder)],
            "lan": [("printer_setup.host", self.host), ("printer_setup.port", self.port)],
            "usb": [("printer_setup.usb_vendor", self.usb_vendor),
                    ("printer_setup.usb_product", self.usb_product)],
            "serial": [("printer_setup.serial_port", self.serial_port),
                       ("printer_setup.baud", self.baud)],
            "windows": [("printer_setup.windows_name", self.windows_name)],
        }
        for kind in KINDS:
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for key, widget in fields[kind]:
                form.addRow(self._label(key, widget), widget)
            self.pages.addWidget(page)
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        self.kind.setCurrentIndex(max(0, self.kind.findData(config.kind)))
        self.pages.setCurrentIndex(self.kind.currentIndex())

        self.width_mm = QComboBox()
        for mm in WIDTHS_MM:
            self.width_mm.addItem("", mm)
        self.width_mm.setCurrentIndex(max(0, self.width_mm.findData(config.width_mm)))
        self.darkness = QSpinBox()
        self.darkness.setRange(0, 100)
        self.darkness.setSingleStep(5)
        self.darkness.setValue(config.darkness)
        self.kick = QCheckBox()
        self.kick.setChecked(config.kick_drawer)

        common = QFormLayout()
        common.addRow(self._label("printer_setup.connection", self.kind), self.kind)
        paper = QFormLayout()
        paper.addRow(self._label("printer_setup.paper", self.width_mm), self.width_mm)
        paper.addRow(self._label("printer_setup.darkness", self.darkness), self.darkness)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("SetupResult")
        self._said: Text = lambda: self.t.t("printer_setup.hint")
        self.test_button = QPushButton()
        self.drawer_button = QPushButton()
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.test_button.clicked.connect(self.print_test_page)
        self.drawer_button.clicked.connect(self.open_drawer)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.drawer_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.keys)
        layout.addLayout(common)
        layout.addWidget(self.pages)
        layout.addLayout(paper)
        layout.addWidget(self.kick)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.retranslate()
        self.kind.setFocus()

    def _label(self, key: str, buddy: QWidget) -> QLabel:
        label = QLabel()
        label.setBuddy(buddy)
        self._labels.append((label, key))
        return label

    def retranslate(self) -> None:
        t = self.t.t
        self.setWindowTitle(t("printer_setup.title"))
        self.heading.setText(t("printer_setup.title"))
        self.keys.setText(t("printer_setup.keys"))
        for label, key in self._labels:
            label.setText(t(key))
        for index in range(self.kind.count()):
            self.kind.setItemText(index, t(f"printer_setup.kind.{self.kind.itemData(index)}"))
        for index in range(self.width_mm.count()):
            self.width_mm.setItemText(index, t("printer_setup.paper_mm",
                                               mm=self.width_mm.itemData(index)))
        self.folder.setPlaceholderText(t("printer_setup.folder_default"))
        self.kick.setText(t("printer_setup.kick"))
        self.test_button.setText(t("printer_setup.test"))
        self.drawer_button.setText(t("printer_setup.drawer"))
        self.save_button.setText(t("printer_setup.save"))
        self.cancel_button.setText(t("printer_setup.cancel"))
        self.message.setText(self._said())

    # -- the form -------------------------------------------------------------------------
    def form_config(self) -> PrinterConfig:
        """What the form says; ``ServiceError`` for USB ids that are not hex."""
        kind = str(self.kind.currentData())
        vendor, product = self.config.usb_vendor, self.config.usb_product
        if kind == "usb":
            try:
                vendor = parse_usb_id(self.usb_vendor.text())
                product = parse_usb_id(self.usb_product.text())
            except ValueError as exc:
                raise ServiceError("printer_bad_usb", str(exc)) from exc
        return PrinterConfig(
            kind=kind, folder=self.folder.text(), host=self.host.text(),
            port=self.port.value(), usb_vendor=vendor, usb_product=product,
            serial_port=self.serial_port.text(), baud=int(self.baud.currentData()),
            windows_name=self.windows_name.currentText(), width_mm=int(self.width_mm.currentData()),
            darkness=self.darkness.value(), kick_drawer=self.kick.isChecked())

    def describe(self, error: BaseException) -> str:
        if isinstance(error, PrintFailure):
            if error.code == "unsupported" and str(self.kind.currentData()) == "windows":
                problem = self.t.t("printer.no_spooler")
            elif f"printer_setup.problem.{error.code}" in MESSAGES:
                problem = self.t.t(f"printer_setup.problem.{error.code}")
            else:
                problem = problem_text(self.t, error.code, str(error))
            return self.t.t("printer_setup.failed", problem=problem)
        return describe(error, self.t)

    # -- actions (off the GUI thread) -------------------------------------------------------
    def _run(self, work: Callable[[PrinterConfig], PrinterConfig],
             done: Callable[[PrinterConfig], None]) -> None:
        if self.busy:
            return
        try:
            config = self.form_config()
        except ServiceError as exc:
            refused = exc
            self._show(lambda: describe(refused, self.t), ok=False)
            return
        self._set_busy(True)
        self._show(lambda: self.t.t("printer_setup.working"), ok=True)

        def finished(result: PrinterConfig) -> None:
            self._set_busy(False)
            done(result)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self._show(lambda: self.describe(error), ok=False)

        self.runner.submit(lambda: work(config), finished, failed)

    def where(self, config: PrinterConfig) -> str:
        return where_text(self.t, config)

    def print_test_page(self) -> None:
        self._run(self.setup.test_page, lambda c: self._show(
            lambda: self.t.t("printer_setup.test_ok", where=self.where(c)), ok=True))

    def open_drawer(self) -> None:
        self._run(self.setup.open_drawer, lambda c: self._show(
            lambda: self.t.t("printer_setup.drawer_ok", where=self.where(c)), ok=True))

    def save(self) -> None:
        def saved(config: PrinterConfig) -> None:
            self.config = config
            self._show(lambda: saved_text(self.t, config), ok=True)
            self.saved.emit(config)
            self.accept()

        self._run(self.setup.save, saved)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.test_button, self.drawer_button, self.save_button):
            button.setEnabled(not busy)

    def _show(self, message: Text, *, ok: bool) -> None:
        self._said = message
        self.message.setText(message())
        self.message.setProperty("state", "ok" if ok else "error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
