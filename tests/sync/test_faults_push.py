"""Pushing the outbox through a network that loses things: the acknowledgement lost, head
office gone between two batches, busy (503), refusing a batch as too large (413), slow. Every
sale reaches head office exactly once."""

from __future__ import annotations

from pathlib import Path

from pos.services.sync_status import SyncState
from tests.headoffice.conftest import HQ
from tests.sync.faultproxy import DROP, LOSE_REPLY, PASS, TOO_LARGE, Delay, FaultProxy, Unavailable
from tests.sync.scenario import (
    KURTA,
    META,
    PUSH,
    SAREE,
    assert_head_office_agrees,
    drain,
    open_day,
    pending,
    sell,
    statuses,
    till_via,
)


def test_a_lost_acknowledgement_makes_the_resend_a_duplicate_and_one_sale(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    synced = till_via(hq, proxy, tmp_path / "till")
    try:
        open_day(synced)
        sale = sell(synced, SAREE)
        proxy.plan(PUSH, [LOSE_REPLY])
        delay = synced.worker.attempt()
        assert delay is not None and delay <= 1.0  # first failure: backoff from 1 s
        assert synced.worker.status().state is SyncState.OFFLINE
        assert pending(synced) == 2  # the till does not know head office has them
        assert hq.scalar("SELECT count(*) FROM sales WHERE sale_id = :s", s=sale.sale_id) == 1
        assert drain(synced) == 1
        resent = proxy.requests(PUSH)[-1].json()
        assert [e["event_id"] for e in resent["events"]] == list(statuses(synced))
        assert set(statuses(synced).values()) == {"sent"}
        assert hq.scalar("SELECT count(*) FROM sales") == 1
        assert_head_office_agrees(hq, synced)
    finally:
        synced.close()


def test_head_office_gone_after_a_batch_committed_the_rest_applies_on_retry(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    """A batch is one transaction at head office: "part of the queue" is batches that
    committed (one of them without its reply reaching the till) and batches that never got
    there. The retry sends the rest; nothing is applied twice."""
    synced = till_via(hq, proxy, tmp_path / "till", batch_events=3)
    try:
        open_day(synced)
        for _ in range(10):
            sell(synced, SAREE, KURTA)
        # batch 1 acknowledged, batch 2 committed but the server died before replying
        proxy.plan(PUSH, [PASS, LOSE_REPLY])
        assert synced.worker.attempt() is not None
        assert pending(synced) == 11 - 3
        assert hq.scalar("SELECT last_applied_seq FROM devices") == 6
        # while it is down, nothing answers at all
        proxy.plan(META, [DROP])
        assert synced.worker.attempt() is not None
        assert synced.worker.status().state is SyncState.OFFLINE
        assert drain(synced) == 1
        pushed = [s.events() for s in proxy.requests(PUSH)]
        # the retry starts again from the batch whose reply was lost: duplicates there
        assert [batch[0]["seq"] for batch in pushed] == [1, 4, 4, 7, 10]
        assert assert_head_office_agrees(hq, synced).sales == 10
    finally:
        synced.close()


def test_503_with_retry_after_is_waited_for_then_everything_applies(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    synced = till_via(hq, proxy, tmp_path / "till")
    try:
        open_day(synced)
        sell(synced, SAREE)
        proxy.plan(PUSH, [Unavailable(120)])
        delay = synced.worker.attempt()
        assert delay is not None and delay >= 120
        status = synced.worker.status()
        assert status.state is SyncState.ERROR and status.error == "throttled"
        assert pending(synced) == 2
        assert drain(synced) == 1
        assert_head_office_agrees(hq, synced)
    finally:
        synced.close()


def test_413_halves_the_batch_until_head_office_takes_it(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    synced = till_via(hq, proxy, tmp_path / "till")
    try:
        open_day(synced)
        for _ in range(8):
            sell(synced, SAREE)
        proxy.plan(PUSH, [TOO_LARGE, TOO_LARGE])
        assert drain(synced) == 1
        sizes = [len(s.events()) if s.action == "pass" else None
                 for s in proxy.requests(PUSH)]
        assert sizes[:3] == [None, None, 2]  # 9 refused, then 4, then 2 taken
        assert set(statuses(synced).values()) == {"sent"}
        assert assert_head_office_agrees(hq, synced).sales == 8
    finally:
        synced.close()


def test_a_reply_slower_than_the_read_timeout_is_offline_then_a_duplicate(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    synced = till_via(hq, proxy, tmp_path / "till", transport_kw={"read_timeout": 0.5})
    try:
        open_day(synced)
        sell(synced, SAREE)
        proxy.plan(PUSH, [Delay(3)])
        assert synced.worker.attempt() is not None
        assert synced.worker.status().state is SyncState.OFFLINE
        assert drain(synced) == 1
        assert_head_office_agrees(hq, synced)
    finally:
        synced.close()
