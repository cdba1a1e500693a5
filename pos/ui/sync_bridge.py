"""Sync's events brought to the GUI thread: the worker calls its listeners on its own thread;
this object re-emits them as Qt signals, which Qt queues to the GUI thread (Electrum's way of
bridging core events to Qt). It also asks for an immediate attempt when the operating system
says the network came back."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from pos.services.sync_status import SyncControl, SyncStatus

log = logging.getLogger(__name__)


class SyncBridge(QObject):
    status_changed = Signal(object)  # SyncStatus
    catalogue_changed = Signal()

    def __init__(self, control: SyncControl) -> None:
        super().__init__()
        self.control = control
        control.subscribe(self._status)
        control.on_catalogue_changed(self.catalogue_changed.emit)
        self._network = self._watch_network()

    def _status(self, status: SyncStatus) -> None:
        self.status_changed.emit(status)

    def _watch_network(self) -> object | None:
        """Reconnect → sync at once, where Qt can tell (QNetworkInformation backends exist on
        Windows, macOS and Linux with NetworkManager); elsewhere the backoff finds it."""
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:  # pragma: no cover - QtNetwork ships with pyside6-essentials
            return None
        if not QNetworkInformation.loadDefaultBackend():
            log.info("no network-reachability backend: reconnects are found by retrying")
            return None
        info = QNetworkInformation.instance()
        if info is None:
            return None

        def changed(reachability: QNetworkInformation.Reachability) -> None:
            if reachability in (QNetworkInformation.Reachability.Online,
                                QNetworkInformation.Reachability.Site,
                                QNetworkInformation.Reachability.Local):
                log.info("the network is back: syncing now")
                self.control.sync_now()

        info.reachabilityChanged.connect(changed)
        return info
