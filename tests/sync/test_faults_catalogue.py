"""The catalogue coming down a bad line: a snapshot cut at 80 % leaves the old catalogue in
use (the till keeps selling from it) and a later attempt loads it whole."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from headoffice.catalog import CatalogWriter, purge_tombstones
from headoffice.clock import now_utc
from pos.domain.cart import UnknownCode
from pos.services.sync_status import SyncState
from pos.store.database import open_store
from pos.store.sync_store import SqlSyncStore
from pos.sync.transport import HttpTransport
from pos.sync_wiring import enrolment, open_worker
from tests.headoffice.conftest import HQ
from tests.sync.faultproxy import PASS, Cut, FaultProxy
from tests.sync.scenario import (
    CHANGES,
    KURTA,
    SAREE,
    SNAPSHOT,
    assert_head_office_agrees,
    drain,
    open_day,
    sell,
    till_via,
)


def test_a_snapshot_cut_at_80_percent_keeps_the_old_catalogue_until_one_arrives_whole(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    synced = till_via(hq, proxy, tmp_path / "till")
    try:
        open_day(synced)
        sync_store = SqlSyncStore(synced.parts.store)
        old_cursor = sync_store.catalogue_cursor()
        kurta = synced.till.lookup(KURTA).product_id
        # head office deletes a product and purges the tombstone: the till's cursor is stale
        with hq.engine.begin() as conn:
            CatalogWriter(conn).delete("product", kurta)
            assert purge_tombstones(conn, now_utc() + timedelta(minutes=1)) >= 1
        sale = sell(synced, KURTA)
        proxy.plan(SNAPSHOT, [Cut(0.8)])
        assert synced.worker.attempt() is not None
        assert synced.worker.status().state is SyncState.OFFLINE
        assert [s.status for s in proxy.requests(CHANGES)] == [410]
        cut = proxy.requests(SNAPSHOT)
        assert [(s.action, s.status) for s in cut] == [("cut", 200)]
        # the old catalogue is untouched and in use: the product still sells
        assert sync_store.catalogue_cursor() == old_cursor
        assert synced.till.lookup(KURTA).product_id == kurta
        sell(synced, KURTA)
        # the sales went up before the pull was tried
        assert hq.scalar("SELECT count(*) FROM sales WHERE sale_id = :s", s=sale.sale_id) == 1
        proxy.plan(SNAPSHOT, [PASS])
        drain(synced)
        assert sync_store.catalogue_cursor() == hq.scalar(
            "SELECT change_seq FROM catalog_state")
        with pytest.raises(UnknownCode):
            synced.till.lookup(KURTA)
        assert synced.till.lookup(SAREE).name_en
        assert assert_head_office_agrees(hq, synced).sales == 2
    finally:
        synced.close()


def test_the_first_snapshot_cut_at_enrolment_is_loaded_by_the_worker(
        hq: HQ, proxy: FaultProxy, tmp_path: Path) -> None:
    folder = tmp_path / "till"
    folder.mkdir()
    store = open_store(folder / "till.db")
    try:
        proxy.plan(SNAPSHOT, [Cut(0.8)])
        done = enrolment(store, folder, use_keyring=False,
                         transport_factory=lambda _url: HttpTransport(proxy.url)).enrol(
            hq.backend.base, hq.code(), "counter", lambda *_: None)
        assert done.catalogue_rows == 0  # enrolled; the catalogue comes later
        assert SqlSyncStore(store).catalogue_cursor() is None
        worker = open_worker(store, folder, use_keyring=False,
                             transport_factory=lambda _url, token: HttpTransport(proxy.url,
                                                                                 token))
        assert worker is not None
        try:
            assert worker.attempt() == worker.idle_seconds
            assert SqlSyncStore(store).catalogue_cursor() == hq.scalar(
                "SELECT change_seq FROM catalog_state")
        finally:
            worker.release()
            worker.engine.transport.close()  # type: ignore[attr-defined]
    finally:
        store.close()
