"""Enrolling a till with head office: a one-time code → this device's token, outlet and
invoice series, then the first catalogue snapshot (with progress).

Every failure becomes a :class:`~pos.services.errors.ServiceError` whose code the enrolment
screen translates (``error.enrol_*``); nothing is recorded until head office has said yes,
and the token is kept (keyring or file) before the database records the enrolment, so a
crash in between leaves a till that can simply enrol again with a new code.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from pos import __version__
from pos.services.errors import ServiceError
from pos.services.sync_status import Enrolled, Progress
from pos.sync.credentials import TokenStore
from pos.sync.engine import SyncEngine, SyncStore, Tally
from pos.sync.protocol import EnrollRequest
from pos.sync.transport import (
    Forbidden,
    HttpTransport,
    Offline,
    Throttled,
    TransportError,
    Unauthorized,
)

log = logging.getLogger("pos.sync")

_URL = re.compile(r"^https?://[^\s/]+(:\d+)?(/\S*)?$")


class EnrolmentStore(SyncStore, Protocol):
    def enrol(self, state: Mapping[str, Any], outlet: Mapping[str, Any]) -> None: ...


EngineFactory = Callable[[HttpTransport], SyncEngine]


def _server_error(exc: TransportError) -> ServiceError:
    if isinstance(exc, Offline):
        return ServiceError("enrol_offline", exc.detail)
    if isinstance(exc, Throttled):
        return ServiceError("enrol_throttled", exc.detail, seconds=int(exc.retry_after) or 60)
    if isinstance(exc, Forbidden | Unauthorized) and exc.server_code.startswith("enrol_code"):
        return ServiceError(exc.server_code, exc.detail)
    if isinstance(exc, Forbidden) and exc.server_code in ("outlet_inactive", "outlet_closed"):
        return ServiceError(f"enrol_{exc.server_code}", exc.detail)
    return ServiceError("enrol_failed", exc.detail, detail=exc.server_code or exc.code)


class Enrolment:
    def __init__(self, store: EnrolmentStore, tokens: TokenStore,
                 engine_factory: EngineFactory, *, has_pending: Callable[[], bool],
                 transport_factory: Callable[[str], HttpTransport] = HttpTransport) -> None:
        self.store = store
        self.tokens = tokens
        self.engine_factory = engine_factory
        self.has_pending = has_pending
        self.transport_factory = transport_factory

    def enrol(self, server_url: str, code: str, label: str, progress: Progress) -> Enrolled:
        server_url = server_url.strip().rstrip("/")
        code = code.strip().upper().replace(" ", "")
        label = label.strip() or "till"
        if not _URL.match(server_url):
            raise ServiceError("enrol_bad_url", "not an http(s) address")
        if len(code) < 4:
            raise ServiceError("enrol_code_unknown", "the code is too short")
        if self.has_pending():
            raise ServiceError("enrol_pending", "events of the current enrolment are unsent")
        transport = self.transport_factory(server_url)
        try:
            progress("enrol", 0, 1)
            answer = transport.enroll(EnrollRequest(code=code, label=label[:64],
                                                    app_version=__version__))
            kept_in = self.tokens.save(answer.device_id, answer.token)
            self.store.enrol({
                "server_url": server_url, "device_id": answer.device_id, "label": label,
                "outlet_id": answer.outlet.outlet_id, "series_prefix": answer.series_prefix,
                "credit_series_prefix": answer.credit_series_prefix,
                "device_status": "active"}, answer.outlet.model_dump(mode="json"))
            log.info("enrolled as device %s of outlet %s (series %s)", answer.device_id,
                     answer.outlet.outlet_id, answer.series_prefix)
            progress("enrol", 1, 1)
            transport.token = answer.token
            engine = self.engine_factory(transport)
            engine.on_progress = progress
            tally = Tally()
            try:
                engine.load_snapshot(tally)
                engine.pull(tally)
            except TransportError as exc:
                log.warning("enrolled, but the first catalogue could not be loaded: %s",
                            exc.detail)
        except TransportError as exc:
            raise _server_error(exc) from None
        finally:
            transport.close()
        return Enrolled(answer.device_id, answer.outlet.outlet_id, answer.outlet.name_en,
                        answer.series_prefix, tally.snapshot_rows, kept_in)


def forget_enrolment(store: SyncStore, tokens: TokenStore, pending: int) -> None:
    """Un-enrol this till (refused while events wait to be sent)."""
    if pending:
        raise ServiceError("unenrol_pending", "events are waiting to be sent", count=pending)
    state = store.state()
    if state.get("device_id"):
        tokens.forget(str(state["device_id"]))
    store.update_state(device_id="", token_saved=False, device_status="unenrolled")
