"""The device itself: two till processes on one data folder, a token revoked mid-fair, a
device suspended and reinstated. Selling never stops and nothing is sent twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from headoffice import devices
from headoffice.clock import now_utc
from pos.services.errors import ServiceError
from pos.services.sync_status import SyncState
from pos.sync.protocol import DeviceStatus
from pos.sync_wiring import enrolment
from tests.headoffice.conftest import HQ, ROOT
from tests.sync.conftest import SyncedTill
from tests.sync.faultproxy import FaultProxy
from tests.sync.scenario import (
    META,
    PUSH,
    SAREE,
    assert_head_office_agrees,
    device_id,
    drain,
    open_day,
    pending,
    sell,
    till_via,
)

OTHER_PROCESS = """
import json, sys
from pathlib import Path
from pos.store.database import open_store
from pos.sync.transport import HttpTransport
from pos.sync_wiring import open_worker

folder, proxy = Path(sys.argv[1]), sys.argv[2]
store = open_store(folder / "till.db")
worker = open_worker(store, folder, use_keyring=False,
                     transport_factory=lambda _url, token: HttpTransport(proxy, token))
delay = worker.attempt()
status = worker.status()
print(json.dumps({"state": status.state.value, "delay": delay, "pending": status.pending}))
worker.release()
store.close()
"""


def other_process_attempt(synced: SyncedTill, proxy: FaultProxy) -> dict[str, object]:
    """One sync attempt by a second till process on the same data folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(synced.folder), proxy.url],
                          capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_two_till_processes_on_one_device_the_lock_holds_and_nothing_is_sent_twice(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    synced = till_via(hq, proxy, tmp_path / "till")
    try:
        open_day(synced)
        sell(synced, SAREE)
        drain(synced)  # this process holds the device's lock from now on
        assert synced.worker.holds_lock
        sell(synced, SAREE)
        before = len(proxy.seen)
        other = other_process_attempt(synced, proxy)
        assert other["state"] == SyncState.ELSEWHERE.value and other["pending"] == 1
        assert len(proxy.seen) == before  # it did not talk to head office at all
        # the first process exits: the second one takes over and sends what waits
        synced.worker.release()
        other = other_process_attempt(synced, proxy)
        assert other["state"] == SyncState.ONLINE.value and other["pending"] == 0
        assert synced.worker.attempt() == synced.worker.idle_seconds
        assert len(proxy.requests(PUSH)) == 2
        assert assert_head_office_agrees(hq, synced).sales == 2
    finally:
        synced.close()


def set_status(hq: HQ, synced: SyncedTill, status: DeviceStatus) -> None:
    with hq.engine.begin() as conn:
        assert devices.set_status(conn, device_id(synced), status, "test", now_utc())


def test_a_token_revoked_mid_fair_stops_syncing_but_never_selling(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    """Revoked is final at head office (it cannot be reinstated), so the till keeps every
    unsent event and refuses a new enrolment while they wait: enrolling again would leave
    them in a series head office no longer accepts from this till."""
    synced = till_via(hq, proxy, tmp_path / "till")
    try:
        open_day(synced)
        sell(synced, SAREE)
        drain(synced)
        set_status(hq, synced, DeviceStatus.REVOKED)
        sales = [sell(synced, SAREE) for _ in range(3)]
        assert synced.worker.attempt() is None  # stops until someone asks
        status = synced.worker.status()
        assert status.state is SyncState.UNAUTHORIZED and status.error == "unauthorized"
        assert status.pending == 3 and pending(synced) == 3
        assert not proxy.requests(PUSH)[1:]
        # selling goes on, and asking again changes nothing
        sales.append(sell(synced, SAREE))
        assert synced.worker.attempt() is None and pending(synced) == 4
        with pytest.raises(ServiceError) as refused:
            enrolment(synced.parts.store, synced.folder, use_keyring=False).enrol(
                hq.backend.base, hq.code(), "again", lambda *_: None)
        assert refused.value.code == "enrol_pending"
        assert pending(synced) == 4
        assert hq.scalar("SELECT count(*) FROM sales") == 1
    finally:
        synced.close()


def test_a_suspended_device_keeps_selling_and_catches_up_when_reinstated(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    synced = till_via(hq, proxy, tmp_path / "till")
    try:
        open_day(synced)
        sell(synced, SAREE)
        drain(synced)
        set_status(hq, synced, DeviceStatus.SUSPENDED)
        for _ in range(3):
            sell(synced, SAREE)
        pushes = len(proxy.requests(PUSH))
        delay = synced.worker.attempt()
        assert delay is not None  # it keeps asking, at its idle pace
        assert synced.worker.status().state is SyncState.SUSPENDED
        assert len(proxy.requests(PUSH)) == pushes and pending(synced) == 3
        set_status(hq, synced, DeviceStatus.ACTIVE)
        drain(synced)
        assert synced.worker.status().state is SyncState.ONLINE
        assert len(proxy.requests(META)) >= 3
        assert assert_head_office_agrees(hq, synced).sales == 4
    finally:
        synced.close()
