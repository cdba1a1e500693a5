"""Enrolment and device authentication on the real server, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from headoffice import devices
from headoffice.catalog import CatalogWriter
from headoffice.clock import now_utc
from headoffice.db import schema as t
from pos.sync.protocol import DeviceStatus, OutletData
from tests.headoffice.conftest import HQ, TIMEOUT
from tests.headoffice.tillsim import SimTill


def detail(response: object) -> str:
    return str(response.json()["detail"]["code"])  # type: ignore[attr-defined]


def test_enrolment_gives_a_token_a_series_and_the_outlet(hq: HQ) -> None:
    code = hq.code("BPL1")
    enrolled = hq.enroll(code, label="counter 1")
    assert enrolled["outlet"]["outlet_id"] == "BPL1"
    assert enrolled["outlet"]["gstin"] == "23AABCM4821N1ZH"
    assert enrolled["outlet"]["receipt_footer_hi"].startswith("इस रसीद")
    assert (enrolled["series_prefix"], enrolled["credit_series_prefix"]) == ("BPL1A", "BPL1C")
    meta = hq.get("/sync/meta", enrolled["token"]).json()
    assert meta["device_id"] == enrolled["device_id"]
    assert (meta["device_status"], meta["last_applied_seq"]) == ("active", 0)
    assert meta["catalog_cursor"] == hq.scalar("SELECT change_seq FROM catalog_state")
    row = hq.rows("SELECT * FROM devices")[0]
    # Only the token's hash is kept, and neither token nor code appears anywhere in the row.
    assert row.token_sha256 == hashlib.sha256(enrolled["token"].encode()).hexdigest()
    assert enrolled["token"] not in repr(tuple(row)) and code not in repr(tuple(row))
    assert hq.scalar("SELECT count(*) FROM enrol_codes WHERE code_sha256 = :c", c=code) == 0
    assert enrolled["token"] not in hq.backend.log.read_text()
    assert code not in hq.backend.log.read_text()


def test_a_code_is_single_use(hq: HQ) -> None:
    code = hq.code()
    hq.enroll(code)
    again = hq.session.post(f"{hq.api}/enroll", json={"code": code, "label": "x",
                                                       "app_version": "1"}, timeout=TIMEOUT)
    assert again.status_code == 403 and detail(again) == "enrol_code_used"
    assert hq.scalar("SELECT count(*) FROM devices") == 1


def test_two_tills_racing_with_one_code_enrol_one_device(hq: HQ) -> None:
    code = hq.code()
    statuses: list[int] = []

    def go() -> None:
        r = hq.session.post(f"{hq.api}/enroll", json={"code": code, "label": "race",
                                                       "app_version": "1"}, timeout=TIMEOUT)
        statuses.append(r.status_code)

    threads = [threading.Thread(target=go) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 403, 403, 403, 403]
    assert hq.scalar("SELECT count(*) FROM devices") == 1


def test_an_expired_code_is_refused(hq: HQ) -> None:
    code = hq.code()
    with hq.engine.begin() as conn:
        conn.execute(update(t.enrol_codes).values(expires_at=now_utc() - timedelta(seconds=1)))
    r = hq.session.post(f"{hq.api}/enroll", json={"code": code, "label": "x",
                                                   "app_version": "1"}, timeout=TIMEOUT)
    assert r.status_code == 403 and detail(r) == "enrol_code_expired"


def test_an_unknown_code_is_refused_and_typing_is_forgiven(hq: HQ) -> None:
    r = hq.session.post(f"{hq.api}/enroll", json={"code": "AAAA-BBBB-CC", "label": "x",
                                                   "app_version": "1"}, timeout=TIMEOUT)
    assert r.status_code == 403 and detail(r) == "enrol_code_unknown"
    code = hq.code()
    assert hq.enroll(code.lower().replace("-", " "))["outlet"]["outlet_id"] == "BPL1"


def test_a_code_for_another_outlet_is_refused_and_not_spent(hq: HQ) -> None:
    code = hq.code("BPL1")
    wrong = hq.session.post(f"{hq.api}/enroll", json={
        "code": code, "label": "stall laptop", "app_version": "1", "outlet_id": "IITF26"},
        timeout=TIMEOUT)
    assert wrong.status_code == 403 and detail(wrong) == "enrol_code_other_outlet"
    assert hq.enroll(code, outlet_id="BPL1")["outlet"]["outlet_id"] == "BPL1"


def test_each_device_gets_series_of_its_own_never_reused(hq: HQ) -> None:
    prefixes = [(e["series_prefix"], e["credit_series_prefix"])
                for e in (hq.enroll(hq.code("BPL1")) for _ in range(3))]
    assert prefixes == [("BPL1A", "BPL1C"), ("BPL1A2", "BPL1C2"), ("BPL1A3", "BPL1C3")]
    hq.open_stall()
    stall = hq.enroll(hq.code("IITF26"))
    assert (stall["series_prefix"], stall["credit_series_prefix"]) == ("IITF1", "IITC1")
    assert stall["outlet"]["kind"] == "stall" and stall["outlet"]["casual_taxable_person"]
    # A replacement laptop after a revocation gets a new series: the old one may be unsent.
    first = hq.rows("SELECT device_id FROM devices WHERE series_prefix = 'BPL1A'")[0][0]
    with hq.engine.begin() as conn:
        devices.set_status(conn, first, DeviceStatus.REVOKED, "stolen", now_utc())
    assert hq.enroll(hq.code("BPL1"))["series_prefix"] == "BPL1A4"


def test_a_stall_whose_registration_ended_cannot_enrol(hq: HQ) -> None:
    with hq.engine.begin() as conn:
        row = conn.execute(select(t.outlets).where(t.outlets.c.outlet_id == "IITF26")).one()
        ended = OutletData.model_validate(dict(row._mapping)).model_copy(update={
            "valid_from": now_utc().date() - timedelta(days=30),
            "valid_to": now_utc().date() - timedelta(days=2)})
        CatalogWriter(conn).put("outlet", [ended])
    r = hq.session.post(f"{hq.api}/enroll", json={"code": hq.code("IITF26"), "label": "x",
                                                   "app_version": "1"}, timeout=TIMEOUT)
    assert r.status_code == 403 and detail(r) == "outlet_closed"


def test_a_revoked_token_gets_401_everywhere(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    assert till.statuses([till.sale()[1]]) == ["applied"]
    with hq.engine.begin() as conn:
        devices.set_status(conn, till.device_id, DeviceStatus.REVOKED, "laptop stolen",
                           now_utc())
    for response in (hq.get("/sync/meta", till.token),
                     hq.get("/catalog/changes", till.token),
                     hq.get("/catalog/snapshot", till.token),
                     till.push([till.sale()[1]])):
        assert response.status_code == 401, response.text
        assert detail(response) == "device_revoked"
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert hq.scalar("SELECT count(*) FROM sales") == 1


def test_unknown_or_missing_tokens_get_401(hq: HQ) -> None:
    assert hq.get("/sync/meta", "not-a-token").status_code == 401
    r = hq.session.get(f"{hq.api}/sync/meta", timeout=TIMEOUT)
    assert r.status_code == 401 and detail(r) == "token_required"
    r = hq.session.post(f"{hq.api}/sync/push", json={"events": []}, timeout=TIMEOUT)
    assert r.status_code == 401


def test_enrolment_attempts_are_rate_limited(hq: HQ) -> None:
    limit = int(hq.backend.env["EMPORIUM_HQ_ENROL_LIMIT"])
    for _ in range(limit):
        r = hq.session.post(f"{hq.api}/enroll", json={"code": "WXYZ-WXYZ-WX", "label": "x",
                                                       "app_version": "1"}, timeout=TIMEOUT)
        assert r.status_code == 403
    blocked = hq.session.post(f"{hq.api}/enroll", json={"code": hq.code(), "label": "x",
                                                         "app_version": "1"}, timeout=TIMEOUT)
    assert blocked.status_code == 429 and detail(blocked) == "too_many_attempts"
    assert 0 < int(blocked.headers["Retry-After"]) <= 301
    assert hq.scalar("SELECT count(*) FROM devices") == 0


def test_a_device_is_seen(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    with hq.engine.begin() as conn:
        conn.execute(update(t.devices).values(last_seen_at=now_utc() - timedelta(hours=5)))
    till.meta()
    seen = hq.q(select(t.devices.c.last_seen_at))[0][0]
    assert now_utc() - seen < timedelta(minutes=1)


def replacement_code(hq: HQ, outlet_id: str, device_id: str, *, lost: bool = False,
                     refused: str = "") -> str:
    """A replacement code for ``device_id`` at ``outlet_id``, or (``refused``) the refusal
    with that code."""
    with hq.engine.begin() as conn:
        if not refused:
            return devices.create_enrol_code(conn, outlet_id, now=now_utc(),
                                             ttl=timedelta(minutes=5),
                                             replaces_device_id=device_id, lost_confirmed=lost)
        with pytest.raises(devices.DeviceError) as caught:
            devices.create_enrol_code(conn, outlet_id, now=now_utc(), ttl=timedelta(minutes=5),
                                      replaces_device_id=device_id, lost_confirmed=lost)
        assert caught.value.code == refused
        return ""


def test_a_replacement_code_revokes_the_old_device_in_the_enrolment(hq: HQ) -> None:
    old = SimTill.enrol(hq, label="old laptop")
    # It never said what it still holds: a code only when it is said to be lost.
    replacement_code(hq, "BPL1", old.device_id, refused="unsent_events")
    earlier = replacement_code(hq, "BPL1", old.device_id, lost=True)
    code = replacement_code(hq, "BPL1", old.device_id, lost=True)
    # Only the newest replacement code of a device works.
    expired = hq.session.post(f"{hq.api}/enroll", json={
        "code": earlier, "label": "x", "app_version": "1"}, timeout=TIMEOUT)
    assert expired.status_code == 403 and old.meta()["device_status"] == "active"
    # A refused enrolment (a code for another outlet) leaves the old device as it was.
    wrong = hq.session.post(f"{hq.api}/enroll", json={
        "code": code, "label": "x", "app_version": "1", "outlet_id": "IITF26"},
        timeout=TIMEOUT)
    assert wrong.status_code == 403 and old.meta()["device_status"] == "active"
    new = hq.enroll(code, label="new laptop")
    rows = {r.device_id: r for r in hq.rows("SELECT device_id, status, status_reason, "
                                            "enrolled_at, status_changed_at FROM devices")}
    assert rows[old.device_id].status == "revoked"
    assert rows[old.device_id].status_reason == "replaced by new laptop"
    assert rows[new["device_id"]].status == "active"
    assert rows[old.device_id].status_changed_at == rows[new["device_id"]].enrolled_at


def test_a_replacement_code_needs_a_live_device_of_that_outlet(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    for outlet, device in (("IITF26", till.device_id), ("BPL1", "no-such-device")):
        replacement_code(hq, outlet, device, refused="unknown_device")
    with hq.engine.begin() as conn:
        devices.set_status(conn, till.device_id, DeviceStatus.REVOKED, "stolen", now_utc())
    replacement_code(hq, "BPL1", till.device_id, lost=True, refused="device_revoked")
