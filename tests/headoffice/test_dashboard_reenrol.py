"""Replacing a till from the dashboard, on the real server (SQLite and PostgreSQL): a one-time
code for the device's outlet; the till enrolling with it revokes the old one."""

from __future__ import annotations

import re
from datetime import timedelta

from headoffice.clock import now_utc
from tests.headoffice.conftest import HQ, TIMEOUT
from tests.headoffice.test_dashboard import browser, csrf_of
from tests.headoffice.tillsim import SimTill


def replace(hq: HQ, device_id: str, lang: str = "en") -> tuple[int, str]:
    s = browser(hq)
    token = csrf_of(s.get(f"{hq.backend.base}/?lang={lang}", timeout=TIMEOUT).text)
    r = s.post(f"{hq.backend.base}/devices/{device_id}/replace", data={"csrf": token},
               timeout=TIMEOUT)
    return r.status_code, r.text


def test_the_replacement_revokes_the_old_till_when_it_enrols(hq: HQ) -> None:
    hq.open_stall()
    old = SimTill.enrol(hq, "IITF26", label="stall laptop")
    other = SimTill.enrol(hq, label="counter 1")
    status, page = replace(hq, old.device_id)
    code = re.search(r'id="enrol-code">([^<]+)<', page)
    assert status == 200 and code
    assert "replaces stall laptop (series IITF1)" in page
    assert 'id="pending-warning"' not in page
    assert old.meta()["device_status"] == "active"  # until the new one enrols
    new = hq.enroll(code[1], label="new stall laptop")
    assert new["outlet"]["outlet_id"] == "IITF26" and new["series_prefix"] == "IITF12"
    assert hq.get("/sync/meta", old.token).status_code == 401
    assert hq.get("/sync/meta", new["token"]).status_code == 200
    assert other.meta()["device_status"] == "active"
    assert hq.scalar("SELECT status_reason FROM devices WHERE device_id = :d",
                     d=old.device_id) == "replaced by new stall laptop"
    home = browser(hq).get(f"{hq.backend.base}/?lang=en", timeout=TIMEOUT).text
    row = re.search(rf'<tr data-device="{old.device_id}">(.*?)</tr>', home, re.S)
    assert row and "revoked" in row[1] and "/replace" not in row[1]


def test_pending_events_are_warned_about_with_the_code(hq: HQ) -> None:
    till = SimTill.enrol(hq, label="counter 2")
    assert hq.get("/sync/meta", till.token, headers={
        "X-Outbox-Pending": "37",
        "X-Outbox-Oldest": (now_utc() - timedelta(hours=2)).isoformat()}).status_code == 200
    status, page = replace(hq, till.device_id)
    warning = re.search(r'id="pending-warning">([^<]+)<', page)
    assert status == 200 and warning and "37 events not yet sent" in warning[1]
    status, hindi = replace(hq, till.device_id, "hi")
    assert status == 200 and "37 घटनाएँ भेजनी बाकी" in hindi


def test_a_revoked_device_cannot_be_replaced_and_a_viewer_cannot_replace(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    viewer = browser(hq, "ravi", role="viewer")
    token = csrf_of(viewer.get(f"{hq.backend.base}/", timeout=TIMEOUT).text)
    r = viewer.post(f"{hq.backend.base}/devices/{till.device_id}/replace",
                    data={"csrf": token}, timeout=TIMEOUT)
    assert r.status_code == 403
    admin = browser(hq)
    assert admin.post(f"{hq.backend.base}/devices/{till.device_id}/replace",
                      data={"csrf": token}, timeout=TIMEOUT).status_code == 403  # not its token
    assert hq.scalar("SELECT count(*) FROM enrol_codes WHERE replaces_device_id IS NOT NULL") == 0
    own = csrf_of(admin.get(f"{hq.backend.base}/", timeout=TIMEOUT).text)
    assert admin.post(f"{hq.backend.base}/devices/{till.device_id}/revoke",
                      data={"csrf": own}, timeout=TIMEOUT).status_code == 200
    status, page = replace(hq, till.device_id)
    assert status == 400 and "already revoked" in page and 'id="enrol-code"' not in page
    assert replace(hq, "no-such-device")[0] == 404
