"""Enrolment and the happy path: a till enrols with a code, loads head office's catalogue,
sells, and its events reach head office exactly once."""

from __future__ import annotations

from pathlib import Path

from pos.domain.payments import Tender
from pos.services.sync_status import SyncState
from pos.store.settings_repo import OUTLET_PROFILE, get_setting
from pos.store.sync_store import SqlSyncStore
from tests.headoffice.conftest import HQ
from tests.sync.conftest import SyncedTill


def test_enrolment_gives_the_till_its_outlet_series_staff_and_catalogue(
        synced: SyncedTill, hq: HQ) -> None:
    till = synced.till
    assert till.outlet.outlet_id == "BPL1"
    state = SqlSyncStore(synced.parts.store).state()
    assert till.outlet.invoice_series.prefix == state["series_prefix"]
    assert till.next_invoice_number().startswith(state["series_prefix"] + "/")
    # staff and their PINs come from head office
    assert {s.staff_id for s in till.staff()} >= {"STF-MEENA", "STF-RAMESH"}
    assert till.login("STF-MEENA", "1111").name
    # the catalogue came from head office's snapshot
    assert till.lookup("2000000100012").name_en
    with synced.parts.store.reading() as conn:
        profile = get_setting(conn, OUTLET_PROFILE)
    assert isinstance(profile, dict)
    assert profile["outlet_id"] == "BPL1" and profile["gstin"]
    # the token is kept in a file only this user can read
    token_file = synced.folder / "device-token"
    assert token_file.stat().st_mode & 0o077 == 0


def test_a_sale_reaches_head_office_once_even_when_sent_twice(synced: SyncedTill,
                                                               hq: HQ) -> None:
    till = synced.till
    manager = till.login("STF-RAMESH", "9999")
    meena = synced.login()
    till.open_day(manager, 500_000)
    cart = till.new_cart()
    till.scan(cart, "2000000100012")
    sale = till.complete(cart, [Tender.cash(cart.totals().payable)], meena)
    assert synced.worker.attempt() is not None
    status = synced.worker.status()
    assert status.state is SyncState.ONLINE and status.pending == 0 and status.last_success
    assert hq.scalar("SELECT count(*) FROM sales") == 1
    assert hq.scalar("SELECT payable FROM sales WHERE sale_id = :s", s=sale.sale_id) \
        == sale.totals.payable
    # everything is acknowledged: a second attempt sends nothing new
    synced.worker.attempt()
    assert hq.scalar("SELECT count(*) FROM received_events") == 2  # day_open + sale


def test_a_second_enrolment_code_is_refused_while_events_wait(synced: SyncedTill, hq: HQ,
                                                              tmp_path: Path) -> None:
    import pytest

    from pos.services.errors import ServiceError
    from pos.sync_wiring import enrolment

    till = synced.till
    till.open_day(till.login("STF-RAMESH", "9999"), 100_000)
    with pytest.raises(ServiceError) as refused:
        enrolment(synced.parts.store, synced.folder, use_keyring=False).enrol(
            hq.backend.base, hq.code(), "again", lambda *_: None)
    assert refused.value.code == "enrol_pending"


def test_unenrolment_is_refused_while_events_wait_then_forgets_the_token(
        synced: SyncedTill, hq: HQ) -> None:
    import pytest

    from pos.services.errors import ServiceError
    from pos.store.sync_store import SqlSyncStore
    from pos.sync.credentials import TokenStore
    from pos.sync_wiring import TillSync, enrolled

    sync = TillSync(synced.worker, SqlSyncStore(synced.parts.store),
                    TokenStore(synced.folder, use_keyring=False))
    till = synced.till
    till.open_day(till.login("STF-RAMESH", "9999"), 100_000)
    with pytest.raises(ServiceError) as refused:
        sync.unenrol()
    assert refused.value.code == "unenrol_pending" and refused.value.details == {"count": 1}
    assert (synced.folder / "device-token").exists()
    synced.worker.attempt()  # everything reaches head office
    sync.unenrol()
    assert not (synced.folder / "device-token").exists()
    assert not enrolled(synced.parts.store)
    assert sync.status().state is SyncState.NOT_ENROLLED


def test_a_stall_extended_at_head_office_sells_on_the_new_dates(hq: HQ, tmp_path: Path) -> None:
    from pos.sync_wiring import keep_outlet_fresh
    from tests.sync.conftest import enrol_till

    today = hq.open_stall("IITF26", days=2)
    stall = enrol_till(hq, tmp_path / "stall", "IITF26")
    try:
        keep_outlet_fresh(stall.worker, stall.parts.store, stall.till)
        assert stall.till.outlet.valid_to is not None
        before = stall.till.outlet.valid_to
        hq.open_stall("IITF26", days=9)  # head office extends the stall's registration
        stall.worker.attempt()
        assert stall.till.outlet.valid_to > before
        assert stall.till.outlet.valid_to.toordinal() - today.toordinal() == 9
        assert stall.till.outlet.invoice_series.prefix == \
            SqlSyncStore(stall.parts.store).state()["series_prefix"]
    finally:
        stall.close()
