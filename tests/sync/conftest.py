"""Sync tests run the real till (services over its SQLite store) against the real head-office
server on loopback, on SQLite and on a throwaway PostgreSQL (the fixtures of the head-office
tests)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pos.bootstrap import TillParts, build_till
from pos.services.auth import StaffSession
from pos.services.ports import Clock
from pos.services.till import Till
from pos.store.database import open_store
from pos.sync.worker import SyncWorker
from pos.sync_wiring import enrolment, open_worker
from tests.headoffice.conftest import (  # noqa: F401 - the fixtures
    HQ,
    backend,
    demo_pin_hashes,
    hq,
    pg_cluster,
)
from tests.sync.faultproxy import FaultProxy


@dataclass
class SyncedTill:
    parts: TillParts
    worker: SyncWorker
    folder: Path

    @property
    def till(self) -> Till:
        return self.parts.till

    def login(self, staff_id: str = "STF-MEENA", pin: str = "1111") -> StaffSession:
        return self.till.login(staff_id, pin)

    def close(self) -> None:
        self.worker.release()
        self.worker.engine.transport.close()  # type: ignore[attr-defined]
        self.parts.store.close()


def enrol_till(head_office: HQ, folder: Path, outlet_id: str = "BPL1", label: str = "counter",
               *, clock: Clock | None = None, **worker_kw: object) -> SyncedTill:
    """A fresh till database enrolled with head office (first snapshot loaded)."""
    folder.mkdir(parents=True, exist_ok=True)
    store = open_store(folder / "till.db")
    done = enrolment(store, folder, use_keyring=False).enrol(
        head_office.backend.base, head_office.code(outlet_id), label, lambda *_: None)
    assert done.catalogue_rows > 0
    worker = open_worker(store, folder, use_keyring=False, **worker_kw)  # type: ignore[arg-type]
    assert worker is not None
    return SyncedTill(build_till(store, done.outlet_id, clock), worker, folder)


@pytest.fixture
def synced(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SyncedTill]:
    till = enrol_till(request.getfixturevalue("hq"), tmp_path / "till-a")
    try:
        yield till
    finally:
        till.close()


@pytest.fixture
def proxy(request: pytest.FixtureRequest) -> Iterator[FaultProxy]:
    """The fault proxy in front of this test's head office."""
    head_office: HQ = request.getfixturevalue("hq")
    with FaultProxy(head_office.backend.base) as running:
        yield running
