"""Replacing a till from the dashboard, on the real server (SQLite and PostgreSQL): a one-time
code for the device's outlet; the till enrolling with it revokes the old one. The code is
made by POST-redirect-GET (a reload shows it again, never makes another), a new one cancels
the device's earlier ones, and a till that may hold unsent events is replaced only when the
person says it is lost."""

from __future__ import annotations

import re
from datetime import timedelta

import requests
from sqlalchemy import select

from headoffice.clock import now_utc
from headoffice.db import schema as t
from tests.headoffice.conftest import HQ, TIMEOUT
from tests.headoffice.test_dashboard import browser, csrf_of
from tests.headoffice.tillsim import SimTill


def replace(hq: HQ, device_id: str, lang: str = "en", *, lost: bool = False,
            session: requests.Session | None = None) -> tuple[int, str]:
    s = session or browser(hq)
    token = csrf_of(s.get(f"{hq.backend.base}/?lang={lang}", timeout=TIMEOUT).text)
    data = {"csrf": token, **({"lost": "on", "confirming": "1"} if lost else {})}
    r = s.post(f"{hq.backend.base}/devices/{device_id}/replace", data=data, timeout=TIMEOUT)
    return r.status_code, r.text


def synced(hq: HQ, till: SimTill, pending: int = 0) -> None:
    """The till's sync worker asked head office what it holds, saying what it has to send."""
    headers = {"X-Outbox-Pending": str(pending)}
    if pending:
        headers["X-Outbox-Oldest"] = (now_utc() - timedelta(hours=2)).isoformat()
    assert hq.get("/sync/meta", till.token, headers=headers).status_code == 200


def code_in(page: str) -> str:
    found = re.search(r'id="enrol-code">([^<]+)<', page)
    assert found, page
    return found[1]


def test_the_replacement_revokes_the_old_till_when_it_enrols(hq: HQ) -> None:
    hq.open_stall()
    old = SimTill.enrol(hq, "IITF26", label="stall laptop")
    other = SimTill.enrol(hq, label="counter 1")
    synced(hq, old)  # it said it has nothing left to send
    status, page = replace(hq, old.device_id)
    code = code_in(page)
    assert status == 200
    assert "replaces stall laptop (series IITF1)" in page
    assert 'id="pending-warning"' not in page and 'id="replace-confirm"' not in page
    assert old.meta()["device_status"] == "active"  # until the new one enrols
    new = hq.enroll(code, label="new stall laptop")
    assert new["outlet"]["outlet_id"] == "IITF26" and new["series_prefix"] == "IITF12"
    assert hq.get("/sync/meta", old.token).status_code == 401
    assert hq.get("/sync/meta", new["token"]).status_code == 200
    assert other.meta()["device_status"] == "active"
    assert hq.scalar("SELECT status_reason FROM devices WHERE device_id = :d",
                     d=old.device_id) == "replaced by new stall laptop"
    home = browser(hq).get(f"{hq.backend.base}/?lang=en", timeout=TIMEOUT).text
    row = re.search(rf'<tr data-device="{old.device_id}"[^>]*>(.*?)</tr>', home, re.S)
    assert row and "revoked" in row[1] and "/replace" not in row[1]


def test_a_reload_shows_the_same_code_and_a_new_code_cancels_the_old_one(hq: HQ) -> None:
    till = SimTill.enrol(hq, label="counter 1")
    synced(hq, till)
    s = browser(hq)
    token = csrf_of(s.get(f"{hq.backend.base}/?lang=en", timeout=TIMEOUT).text)
    made = s.post(f"{hq.backend.base}/devices/{till.device_id}/replace",
                  data={"csrf": token}, timeout=TIMEOUT)
    assert [r.status_code for r in made.history] == [303]  # POST, redirect, GET
    first = code_in(made.text)
    # Reloading the page (a GET: the browser never re-sends the form) shows the same code.
    assert code_in(s.get(f"{hq.backend.base}/", timeout=TIMEOUT).text) == first
    assert code_in(s.get(f"{hq.backend.base}/?lang=hi", timeout=TIMEOUT).text) == first
    assert hq.scalar("SELECT count(*) FROM enrol_codes WHERE replaces_device_id IS NOT NULL") == 1
    # Asking again on purpose makes a new code, and the first one stops working.
    second = code_in(s.post(f"{hq.backend.base}/devices/{till.device_id}/replace",
                            data={"csrf": token}, timeout=TIMEOUT).text)
    assert second != first
    ec = t.enrol_codes
    live = hq.q(select(ec.c.code_sha256).where(
        ec.c.replaces_device_id == till.device_id, ec.c.used_at.is_(None),
        ec.c.expires_at > now_utc()))
    assert len(live) == 1
    refused = hq.session.post(f"{hq.api}/enroll", json={
        "code": first, "label": "new laptop", "app_version": "0.1.0"}, timeout=TIMEOUT)
    assert refused.status_code == 403 and refused.json()["detail"]["code"] == \
        "enrol_code_expired"
    hq.enroll(second, label="new laptop")
    # Used: the page no longer shows it, and the cookie forgets it.
    page = s.get(f"{hq.backend.base}/", timeout=TIMEOUT).text
    assert 'id="enrol-code"' not in page and second not in page
    # An ordinary code for an outlet is made the same way: a reload shows it, never a new one.
    outlet_code = s.post(f"{hq.backend.base}/enrol-codes",
                         data={"csrf": token, "outlet_id": "BPL1"}, timeout=TIMEOUT)
    assert [r.status_code for r in outlet_code.history] == [303]
    assert code_in(s.get(f"{hq.backend.base}/", timeout=TIMEOUT).text) == \
        code_in(outlet_code.text)
    assert hq.scalar("SELECT count(*) FROM enrol_codes WHERE replaces_device_id IS NULL "
                     "AND used_at IS NULL") == 1


def test_a_till_with_unsent_events_is_replaced_only_when_said_lost(hq: HQ) -> None:
    till = SimTill.enrol(hq, label="counter 2")
    synced(hq, till, pending=37)
    status, page = replace(hq, till.device_id)
    assert status == 409 and 'id="enrol-code"' not in page
    warning = re.search(r'id="unsent-warning">([^<]+)<', page)
    assert warning and "37 events not yet sent" in warning[1]
    assert 'name="lost"' in page and "The old laptop is lost; its unsent sales are lost with " \
        "it." in page
    assert hq.scalar("SELECT count(*) FROM enrol_codes WHERE replaces_device_id IS NOT NULL") == 0
    status, hindi = replace(hq, till.device_id, "hi")
    assert status == 409 and "37 घटनाएँ भेजनी बाकी" in hindi
    assert "पुराना लैपटॉप खो गया है" in hindi
    status, page = replace(hq, till.device_id, lost=True)
    assert status == 200 and code_in(page)
    warning = re.search(r'id="pending-warning">([^<]+)<', page)
    assert warning and "37 events not yet sent" in warning[1]
    # The confirmation form sent without the box ticked is refused again, with a reason.
    s = browser(hq)
    token = csrf_of(s.get(f"{hq.backend.base}/", timeout=TIMEOUT).text)
    r = s.post(f"{hq.backend.base}/devices/{till.device_id}/replace",
               data={"csrf": token, "confirming": "1"}, timeout=TIMEOUT)
    assert r.status_code == 409 and "Tick the box" in r.text


def test_a_till_not_heard_from_since_its_last_push_needs_the_confirmation(hq: HQ) -> None:
    never = SimTill.enrol(hq, label="never reported")
    assert replace(hq, never.device_id)[0] == 409  # it never said what it holds
    pushed = SimTill.enrol(hq, label="pushed")
    synced(hq, pushed)
    assert pushed.statuses([pushed.sale()[1]]) == ["applied"]  # its last word: a push
    status, page = replace(hq, pushed.device_id)
    assert status == 409 and "has not said whether it still has sales to send" in page
    synced(hq, pushed)  # then it said it has nothing left
    status, page = replace(hq, pushed.device_id)
    assert status == 200 and code_in(page)


def test_a_revoked_device_cannot_be_replaced_and_a_viewer_cannot_replace(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    synced(hq, till)
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
