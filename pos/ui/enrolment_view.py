"""Connecting a new till to head office: its address, the one-time enrolment code and a name
for the till; then the first catalogue loads with its progress shown. Keyboard first: Enter
moves on and finally connects. Everything slow runs off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.services.sync_status import Enrolled, Enroller
from pos.ui.errors import beep, describe
from pos.ui.i18n import Translator
from pos.ui.tasks import Runner


class EnrolmentView(QWidget):
    enrolled = Signal(object)  # Enrolled
    _progress = Signal(str, int, int)  # emitted on the runner's thread, shown on the GUI's

    def __init__(self, translator: Translator, enroller: Enroller, runner: Runner) -> None:
        super().__init__()
        self.setObjectName("Enrolment")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.t, self.enroller, self.runner = translator, enroller, runner
        self.busy = False
        self.title = QLabel()
        self.title.setObjectName("Title")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.server = QLineEdit()
        self.server.setPlaceholderText("http://10.0.0.5:8700")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH")
        self.label = QLineEdit()
        self.button = QPushButton()
        self.button.setObjectName("Primary")
        self.button.clicked.connect(self.submit)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.stage = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("Error")
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setVerticalSpacing(10)
        self.captions = [QLabel(), QLabel(), QLabel()]
        for caption, field in zip(self.captions, (self.server, self.code, self.label),
                                  strict=True):
            self.form.addRow(caption, field)
        box = QWidget()
        box.setFixedWidth(680)
        inner = QVBoxLayout(box)
        inner.setSpacing(14)
        inner.addWidget(self.title)
        inner.addWidget(self.intro)
        inner.addLayout(self.form)
        inner.addWidget(self.button)
        inner.addWidget(self.progress)
        inner.addWidget(self.stage)
        inner.addWidget(self.message)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self._progress.connect(self._show_progress)
        translator.changed.connect(self.retranslate)
        self.retranslate()
        self.server.setFocus()

    def fill(self, server: str = "", code: str = "", label: str = "") -> None:
        self.server.setText(server)
        self.code.setText(code)
        self.label.setText(label)

    def retranslate(self) -> None:
        t = self.t.t
        self.setWindowTitle(t("enrol.title"))
        self.title.setText(t("enrol.title"))
        self.intro.setText(t("enrol.intro"))
        for caption, key in zip(self.captions, ("enrol.server", "enrol.code", "enrol.label"),
                                strict=True):
            caption.setText(t(key))
        self.button.setText(t("enrol.go"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for field, following in ((self.server, self.code), (self.code, self.label)):
                if field.hasFocus() and not following.text().strip():
                    following.setFocus()
                    return
            self.submit()
        elif event.key() == Qt.Key.Key_F9:
            self.t.toggle()
        else:
            super().keyPressEvent(event)

    def submit(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.button.setEnabled(False)
        self.message.clear()
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)  # busy until the first figure arrives
        self.stage.setText(self.t.t("enrol.stage.enrol"))
        server, code, label = self.server.text(), self.code.text(), self.label.text()
        self.runner.submit(lambda: self.enroller.enrol(server, code, label,
                                                       self._progress.emit),
                           self._done, self._failed)

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        if stage == "snapshot" and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.stage.setText(self.t.t("enrol.stage.snapshot", done=done, total=total))
        elif stage == "enrol":
            self.stage.setText(self.t.t("enrol.stage.enrol"))

    def _done(self, result: Enrolled) -> None:
        self.busy = False
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        text = self.t.t("enrol.done", outlet=result.outlet_name, series=result.series_prefix)
        if not result.catalogue_rows:
            text += " " + self.t.t("enrol.no_catalogue")
        self.stage.setText(text)
        self.enrolled.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.button.setEnabled(True)
        self.progress.setVisible(False)
        self.stage.clear()
        beep()
        self.message.setText(describe(error, self.t))
        self.code.setFocus()
        self.code.selectAll()
