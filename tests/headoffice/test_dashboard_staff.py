"""The staff pages over HTTP on the real server (SQLite and PostgreSQL): adding a person with
a PIN the till accepts, editing, resetting a PIN, deactivating; the PIN never comes back."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from headoffice import security
from headoffice.dashboard.forms import Form, lock_catalogue
from headoffice.dashboard.staff_pages import save_staff
from headoffice.db import schema as t
from pos.domain.pins import verify_pin
from tests.headoffice.conftest import HQ, TIMEOUT
from tests.headoffice.test_dashboard import browser, csrf_of
from tests.headoffice.tillsim import SimTill

PIN = "48213"


def person(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {"staff_id": "STF-KAVITA", "name_en": "Kavita", "name_hi": "कविता",
                            "role": "supervisor", "outlet_ids": ["BPL1", "IITF26"],
                            "active": "on", "pin": PIN, "pin_again": PIN}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def post(s: requests.Session, base: str, path: str, data: dict[str, Any]) -> requests.Response:
    token = csrf_of(s.get(f"{base}/staff", timeout=TIMEOUT).text)
    return s.post(f"{base}{path}", data={**data, "csrf": token}, timeout=TIMEOUT)


def staff_row(hq: HQ, staff_id: str = "STF-KAVITA") -> Any:
    rows = hq.q(select(t.staff).where(t.staff.c.staff_id == staff_id))
    return rows[0] if rows else None


def test_an_admin_adds_a_person_whose_pin_the_till_accepts(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    cursor = till.meta()["catalog_cursor"]
    s = browser(hq)
    base = hq.backend.base
    done = post(s, base, "/staff/new", person())
    assert done.status_code == 200 and done.url.endswith("/staff?saved=STF-KAVITA"), done.text
    assert PIN not in done.text
    row = staff_row(hq)
    assert (row.name_hi, row.role, sorted(row.outlet_ids)) == ("कविता", "supervisor",
                                                                ["BPL1", "IITF26"])
    assert row.pin_hash.startswith("scrypt$") and verify_pin(PIN, row.pin_hash)
    feed = hq.get("/catalog/changes", till.token, params={"since": cursor}).json()["changes"]
    [change] = [c for c in feed if c["entity"] == "staff"]
    assert change["id"] == "STF-KAVITA" and verify_pin(PIN, change["data"]["pin_hash"])
    listed = s.get(f"{base}/staff?lang=en", timeout=TIMEOUT).text
    line = re.search(r'<tr data-staff="STF-KAVITA"[^>]*>(.*?)</tr>', listed, re.S)
    assert line and "supervisor" in line[1] and "IITF26" in line[1] and "active" in line[1]
    hindi = s.get(f"{base}/staff?lang=hi", timeout=TIMEOUT).text
    assert "टिल के कर्मचारी" in hindi and "पर्यवेक्षक" in hindi
    assert PIN not in hq.backend.log.read_text()


def test_editing_keeps_the_pin_unless_a_new_one_is_given_and_deactivates(hq: HQ) -> None:
    s = browser(hq)
    base = hq.backend.base
    old_hash = staff_row(hq, "STF-SURESH").pin_hash
    page = s.get(f"{base}/staff/STF-SURESH", timeout=TIMEOUT).text
    assert 'name="pin"' in page and "scrypt" not in page and 'name="pin" value' not in page
    moved = post(s, base, "/staff/STF-SURESH", person(staff_id=None, name_en="Suresh Kumar",
                                                      role="manager", outlet_ids=["IITF26"],
                                                      pin="", pin_again=""))
    assert moved.status_code == 200, moved.text
    row = staff_row(hq, "STF-SURESH")
    assert (row.name_en, row.role, row.outlet_ids, row.pin_hash) == (
        "Suresh Kumar", "manager", ["IITF26"], old_hash)
    reset = post(s, base, "/staff/STF-SURESH", person(staff_id=None, outlet_ids=["IITF26"],
                                                      pin="9090", pin_again="9090",
                                                      active=None))
    assert reset.status_code == 200, reset.text
    row = staff_row(hq, "STF-SURESH")
    assert verify_pin("9090", row.pin_hash) and not row.active
    assert row.staff_id == "STF-SURESH"  # the id is never taken from the form


def test_bad_forms_say_why_write_nothing_and_never_echo_the_pin(hq: HQ) -> None:
    s = browser(hq)
    base = hq.backend.base
    head = hq.scalar("SELECT change_seq FROM catalog_state")
    for changes, field, words in (
            ({"pin": "12a4", "pin_again": "12a4"}, "pin", "A PIN is 4 to 8 digits"),
            ({"pin": "123", "pin_again": "123"}, "pin", "A PIN is 4 to 8 digits"),
            ({"pin_again": "48214"}, "pin_again", "The two PINs differ"),
            ({"outlet_ids": []}, "outlet_ids", "at least one outlet"),
            ({"name_en": ""}, "name_en", "Required"),
            ({"role": "owner"}, "role", "Required"),
            ({"staff_id": "STF-MEENA"}, "staff_id", "already used"),
            ({"outlet_ids": ["NOPE"]}, "outlet_ids", "Required")):
        r = post(s, base, "/staff/new?lang=en", person(**changes))
        assert r.status_code == 400, changes
        assert re.search(rf'data-error="{field}">[^<]*{words}', r.text), (changes, r.text)
        assert PIN not in r.text and "48214" not in r.text
    r = post(s, base, "/staff/new?lang=hi", person(name_en=""))
    assert "पिन फिर से डालें" in r.text and 'value="कविता"' in r.text
    assert staff_row(hq) is None
    assert staff_row(hq, "STF-MEENA").name_en == "Meena"
    assert hq.scalar("SELECT change_seq FROM catalog_state") == head
    assert PIN not in hq.backend.log.read_text()


def test_only_an_admin_writes_staff_and_only_with_the_form_token(hq: HQ) -> None:
    base = hq.backend.base
    viewer = browser(hq, "ravi", role="catalogue")
    assert viewer.get(f"{base}/staff", timeout=TIMEOUT).status_code == 200
    assert viewer.get(f"{base}/staff/new", timeout=TIMEOUT).status_code == 403
    page = viewer.get(f"{base}/staff/STF-MEENA", timeout=TIMEOUT).text
    assert 'name="pin"' not in page and 'id="save"' not in page
    assert post(viewer, base, "/staff/new", person()).status_code == 403
    admin = browser(hq)
    assert admin.post(f"{base}/staff/new", data=person(), timeout=TIMEOUT).status_code == 403
    assert admin.post(f"{base}/staff/STF-MEENA", data={**person(), "csrf": "forged"},
                      timeout=TIMEOUT).status_code == 403
    assert staff_row(hq) is None and staff_row(hq, "STF-MEENA").role == "cashier"
    assert admin.get(f"{base}/staff/NOPE", timeout=TIMEOUT).status_code == 404


def catalogue_lock_held(hq: HQ) -> bool:
    """Whether some transaction holds what a catalogue write takes: the counter row's lock
    on PostgreSQL, the write lock on SQLite (asked for without waiting)."""
    if hq.engine.dialect.name == "postgresql":
        try:
            with hq.engine.begin() as conn:
                conn.execute(select(t.catalog_state.c.id).where(t.catalog_state.c.id == 1)
                             .with_for_update(nowait=True))
        except OperationalError:
            return True
        return False
    raw = sqlite3.connect(hq.engine.url.database or "", timeout=0, isolation_level=None)
    try:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("ROLLBACK")
    except sqlite3.OperationalError:
        return True
    finally:
        raw.close()
    return False


def test_the_pin_is_hashed_before_the_catalogue_lock_is_taken(
        hq: HQ, monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt is slow on purpose: made under the catalogue writers' lock it would hold every
    other catalogue write (and outlet or staff save) behind it."""
    with hq.engine.begin() as conn:
        lock_catalogue(conn)
        assert catalogue_lock_held(hq)  # the probe sees the lock when it is held
    assert not catalogue_lock_held(hq)
    real, seen = security.hash_pin, []

    def probing(pin: str) -> str:
        seen.append(catalogue_lock_held(hq))
        return real(pin)

    monkeypatch.setattr(security, "hash_pin", probing)
    saved, _ = save_staff(hq.engine, Form(person(), "en"), None)
    assert saved is not None and seen == [False]
    assert verify_pin(PIN, staff_row(hq).pin_hash)
    again, _ = save_staff(hq.engine, Form(person(staff_id=None, pin="1357", pin_again="1357"),
                                          "en"), "STF-KAVITA")
    assert again is not None and seen == [False, False]
    assert verify_pin("1357", staff_row(hq).pin_hash)
    wrong = Form(person(staff_id="STF-OTHER", pin="12", pin_again="12"), "en")
    assert save_staff(hq.engine, wrong, None)[0] is None and "pin" in wrong.errors
    assert seen == [False, False]  # an invalid PIN is not hashed at all
