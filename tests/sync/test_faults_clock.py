"""A till whose clock is days off: its events are flagged, its business dates are the ones its
day was opened under, and the catalogue feed (a change sequence, never a time) is unaffected."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from headoffice.catalog import CatalogWriter
from headoffice.clock import now_utc
from pos.domain.cart import UnknownCode
from pos.store.sync_store import SqlSyncStore
from tests.headoffice.conftest import HQ
from tests.services.fakes import FixedClock
from tests.sync.faultproxy import FaultProxy
from tests.sync.scenario import (
    KURTA,
    SAREE,
    assert_head_office_agrees,
    close_day,
    drain,
    issues,
    open_day,
    sell,
    statuses,
    till_via,
)


def test_a_device_clock_days_ahead_is_flagged_and_changes_neither_cursor_nor_dates(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    clock = FixedClock(now_utc() + timedelta(days=3))
    synced = till_via(hq, proxy, tmp_path / "till", clock=clock)
    try:
        open_day(synced)
        day = clock.today()
        sale = sell(synced, SAREE)
        kurta = synced.till.lookup(KURTA).product_id
        with hq.engine.begin() as conn:
            CatalogWriter(conn).delete("product", kurta)
        cursor = hq.scalar("SELECT change_seq FROM catalog_state")
        drain(synced)
        # the catalogue came down by its change sequence, whatever the till's clock says
        assert SqlSyncStore(synced.parts.store).catalogue_cursor() == cursor
        with pytest.raises(UnknownCode):
            synced.till.lookup(KURTA)
        # every event is applied, flagged for the clock
        assert set(statuses(synced).values()) == {"flagged"}
        assert "clock_ahead" in issues(synced)[sale.sale_id].flags
        close_day(synced)
        drain(synced)
        assert str(hq.scalar("SELECT business_date FROM sales WHERE sale_id = :s",
                             s=sale.sale_id)) == day.isoformat()
        assert str(hq.scalar("SELECT business_date FROM business_days")) == day.isoformat()
        assert hq.scalar("SELECT recon_status FROM business_days") == "reconciled"
        assert assert_head_office_agrees(hq, synced).sales == 1
    finally:
        synced.close()


def test_a_device_clock_days_behind_still_syncs_and_pulls_the_catalogue(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    clock = FixedClock(now_utc() - timedelta(days=4))
    synced = till_via(hq, proxy, tmp_path / "till", clock=clock)
    try:
        open_day(synced)
        sale = sell(synced, SAREE)
        with hq.engine.begin() as conn:
            CatalogWriter(conn).delete("product", synced.till.lookup(KURTA).product_id)
        drain(synced)
        assert SqlSyncStore(synced.parts.store).catalogue_cursor() == hq.scalar(
            "SELECT change_seq FROM catalog_state")
        assert str(hq.scalar("SELECT business_date FROM sales WHERE sale_id = :s",
                             s=sale.sale_id)) == clock.today().isoformat()
        assert_head_office_agrees(hq, synced)
    finally:
        synced.close()
