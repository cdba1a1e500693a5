"""Days offline, then a flaky link: 5,000 events pushed through a proxy that drops every
k-th request, before head office saw it and after head office committed it. All applied,
each exactly once. On PostgreSQL (the production database; SQLite runs every other scenario)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos.domain.payments import Tender
from pos.services.till import Till
from pos.store.unit_of_work import SqlUnitOfWork
from tests.headoffice.conftest import HQ
from tests.sync.faultproxy import DROP, LOSE_REPLY, PASS, Action, FaultProxy
from tests.sync.scenario import (
    META,
    PUSH,
    SAREE,
    assert_head_office_agrees,
    drain,
    open_day,
    pending,
    till_via,
)

BACKLOG = 5_000


def flaky(path: str, n: int) -> Action:
    if path == PUSH and n % 5 == 2:
        return DROP  # lost on the way up
    if path == PUSH and n % 5 == 4:
        return LOSE_REPLY  # committed, the acknowledgement lost
    if path == META and n % 4 == 3:
        return DROP
    return PASS


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_5000_event_backlog_through_a_flaky_link_is_applied_exactly_once(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    synced = till_via(hq, proxy, tmp_path / "till")
    try:
        open_day(synced)
        real = synced.till
        # the real till's services, committing without an fsync each: the test's speed
        fast = Till(lambda: SqlUnitOfWork(synced.parts.store, real.clock, durable=False),
                    real.clock, real.outlet, real.catalogue, real.policy)
        meena = fast.login("STF-MEENA", "1111")
        for _ in range(BACKLOG - 1):
            cart = fast.new_cart()
            fast.scan(cart, SAREE)
            fast.complete(cart, [Tender.cash(cart.totals().payable)], meena)
        assert pending(synced) == BACKLOG
        proxy.policy = flaky
        drain(synced, attempts=200)
        assert proxy.requests(PUSH, "drop") and proxy.requests(PUSH, "lose_reply")
        totals = assert_head_office_agrees(hq, synced)
        assert totals.events == BACKLOG and totals.sales == BACKLOG - 1
        assert hq.scalar("SELECT count(*) FROM received_events") == BACKLOG
    finally:
        synced.close()
