"""The outlets and fair stalls pages over HTTP on the real server (SQLite and PostgreSQL):
the list, an admin adding a stall and editing an outlet, what tills then receive, refusals."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

from headoffice.clock import india_date, now_utc
from headoffice.dashboard.i18n import PLURALS, TEXT
from headoffice.dashboard.outlets_pages import FIELDS as OUTLET_FIELDS
from headoffice.dashboard.staff_pages import FIELDS as STAFF_FIELDS
from headoffice.dashboard.staff_pages import ROLES
from headoffice.db import schema as t
from headoffice.importer import PROBLEMS
from headoffice.users import ROLES as USER_ROLES
from tests.headoffice.conftest import HQ, TIMEOUT
from tests.headoffice.test_dashboard import browser, csrf_of
from tests.headoffice.tillsim import SimTill


def gstin(first14: str) -> str:
    from pos.domain.gstin import gstin_check_char
    return first14 + gstin_check_char(first14)


def stall_form(**changes: Any) -> dict[str, Any]:
    today = india_date(now_utc())
    form = {
        "outlet_id": "JPR26", "kind": "stall", "name_en": "Mrignayani Stall, Jaipur Fair",
        "name_hi": "मृगनयनी स्टॉल, जयपुर मेला", "legal_name": "M.P. Laghu Udyog Nigam Ltd.",
        "state_code": "08", "gstin": gstin("08AABCM4821N1Z"), "casual_taxable_person": "on",
        "valid_from": (today - timedelta(days=1)).isoformat(),
        "valid_to": (today + timedelta(days=9)).isoformat(),
        "invoice_prefix": "JPR1", "credit_prefix": "JPC1", "upi_vpa": "mrig.jaipur@sbi",
        "upi_payee_name": "Mrignayani Jaipur", "upi_mcc": "5999", "address_en": "Hall 1",
        "address_hi": "हॉल 1", "phone": "0141-2222222", "receipt_header_en": "Jaipur fair",
        "receipt_header_hi": "जयपुर मेला", "receipt_footer_en": "Thank you",
        "receipt_footer_hi": "धन्यवाद", "active": "on"}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def post(s: requests.Session, base: str, path: str, data: dict[str, Any]) -> requests.Response:
    token = csrf_of(s.get(f"{base}/outlets", timeout=TIMEOUT).text)
    return s.post(f"{base}{path}", data={**data, "csrf": token}, timeout=TIMEOUT)


def outlets(hq: HQ) -> dict[str, Any]:
    return {row.outlet_id: row for row in hq.q(select(t.outlets))}


def test_the_list_shows_validity_series_upi_and_devices(hq: HQ) -> None:
    SimTill.enrol(hq, label="counter 1")
    hq.open_stall(days=3)
    s = browser(hq, "ravi", role="viewer")
    page = s.get(f"{hq.backend.base}/outlets?lang=en", timeout=TIMEOUT)
    assert page.status_code == 200
    bpl = re.search(r'<tr data-outlet="BPL1"[^>]*>(.*?)</tr>', page.text, re.S)
    fair = re.search(r'<tr data-outlet="IITF26"[^>]*>(.*?)</tr>', page.text, re.S)
    assert bpl and fair
    assert "23AABCM4821N1ZH" in bpl[1] and "Madhya Pradesh" in bpl[1]
    assert "BPL1A / BPL1C" in bpl[1] and "demo.mrignayani-bpl@sbi" in bpl[1]
    assert re.search(r'class="num">1</td>', bpl[1]) and "no end date" in bpl[1]
    assert "v-open" in fair[1] and "fair stall" in fair[1] and "Delhi" in fair[1]
    assert 'href="/outlets/new"' not in page.text  # a viewer only looks
    hindi = s.get(f"{hq.backend.base}/outlets?lang=hi", timeout=TIMEOUT).text
    assert "आउटलेट और मेला स्टॉल" in hindi and "मध्य प्रदेश" in hindi and "चालू" in hindi
    with hq.engine.begin() as conn:  # an ended registration
        conn.execute(t.outlets.update().where(t.outlets.c.outlet_id == "IITF26").values(
            valid_to=india_date(now_utc()) - timedelta(days=1)))
    assert "v-ended" in s.get(f"{hq.backend.base}/outlets?lang=en", timeout=TIMEOUT).text


def test_an_admin_adds_a_stall_and_a_till_of_it_receives_it(hq: HQ) -> None:
    s = browser(hq)
    base = hq.backend.base
    before = hq.scalar("SELECT change_seq FROM catalog_state")
    done = post(s, base, "/outlets/new", stall_form())
    assert done.status_code == 200 and done.url.endswith("/outlets?saved=JPR26"), done.text
    assert "Saved JPR26" in done.text
    assert hq.scalar("SELECT change_seq FROM catalog_state") == before + 1
    row = outlets(hq)["JPR26"]
    assert (row.kind, row.state_code, row.casual_taxable_person) == ("stall", "08", True)
    assert (row.upi_vpa, row.name_hi) == ("mrig.jaipur@sbi", "मृगनयनी स्टॉल, जयपुर मेला")
    till = SimTill.enrol(hq, "JPR26", label="jaipur laptop")
    assert till.outlet_id == "JPR26" and till.prefix == "JPR1"
    again = post(s, base, "/outlets/new", stall_form(name_en="Someone else"))
    assert again.status_code == 400 and "This code is already used" in again.text
    assert outlets(hq)["JPR26"].name_en == "Mrignayani Stall, Jaipur Fair"  # not overwritten


def test_editing_the_upi_id_reaches_the_change_feed_of_that_outlet(hq: HQ) -> None:
    till = SimTill.enrol(hq, label="counter 1")
    cursor = till.meta()["catalog_cursor"]
    s = browser(hq)
    base = hq.backend.base
    form_page = s.get(f"{base}/outlets/BPL1?lang=en", timeout=TIMEOUT).text
    assert 'id="prefix-locked"' in form_page  # a till took a series: prefixes are fixed
    assert 'name="invoice_prefix"' not in form_page
    values = dict(re.findall(r'<input id="f-[a-z_]+" name="([a-z_]+)" '
                             r'type="(?:text|date)"[^>]*value="([^"]*)"', form_page))
    assert values["upi_vpa"] == "demo.mrignayani-bpl@sbi"
    row = outlets(hq)["BPL1"]
    form = {c: getattr(row, c) for c in row._fields if c not in ("valid_from", "valid_to")}
    form.update(upi_vpa="mrignayani.bhopal@upi", active="on", invoice_prefix="HACK",
                casual_taxable_person=None)
    done = post(s, base, "/outlets/BPL1", {k: v for k, v in form.items() if v is not None})
    assert done.status_code == 200 and "saved=BPL1" in done.url, done.text
    feed = hq.get("/catalog/changes", till.token, params={"since": cursor}).json()
    changed = [c for c in feed["changes"] if c["entity"] == "outlet"]
    assert [c["id"] for c in changed] == ["BPL1"]
    assert changed[0]["data"]["upi_vpa"] == "mrignayani.bhopal@upi"
    assert changed[0]["data"]["invoice_prefix"] == "BPL1A"  # not editable any more
    stall_till = SimTill.enrol(hq, "IITF26", label="stall")  # another outlet's feed
    assert not [c for c in hq.get("/catalog/changes", stall_till.token,
                                  params={"since": cursor}).json()["changes"]
                if c["entity"] == "outlet" and c["id"] == "BPL1"]


def test_a_bad_gstin_shows_the_reason_and_writes_nothing(hq: HQ) -> None:
    s = browser(hq)
    base = hq.backend.base
    head = hq.scalar("SELECT change_seq FROM catalog_state")
    wrong_check = stall_form(gstin="08AABCM4821N1ZZ", upi_vpa="no-at-sign")
    r = post(s, base, "/outlets/new?lang=en", wrong_check)
    assert r.status_code == 400
    assert re.search(r'data-error="gstin">Not a valid GSTIN', r.text)
    assert re.search(r'data-error="upi_vpa">Not a UPI id', r.text)
    assert 'value="Mrignayani Stall, Jaipur Fair"' in r.text  # what was typed is kept
    other_state = post(s, base, "/outlets/new?lang=hi", stall_form(gstin="23AABCM4821N1ZH"))
    assert other_state.status_code == 400
    assert "यह जीएसटीआईएन दूसरे राज्य का है: यह 08 से शुरू होना चाहिए" in other_state.text
    for bad in ({"valid_to": None}, {"invoice_prefix": "BPL1A"}, {"credit_prefix": "JPR1"},
                {"valid_from": "2026-13-01"}, {"upi_mcc": "59a9"}, {"outlet_id": "a b"}):
        r = post(s, base, "/outlets/new", stall_form(**bad))
        assert r.status_code == 400 and "data-error=" in r.text, bad
    assert "JPR26" not in outlets(hq)
    assert hq.scalar("SELECT change_seq FROM catalog_state") == head


def test_only_an_admin_writes_and_only_with_the_form_token(hq: HQ) -> None:
    base = hq.backend.base
    viewer = browser(hq, "ravi", role="viewer")
    assert viewer.get(f"{base}/outlets/new", timeout=TIMEOUT).status_code == 403
    page = viewer.get(f"{base}/outlets/BPL1", timeout=TIMEOUT).text
    assert "<fieldset disabled>" in page and 'id="save"' not in page
    assert post(viewer, base, "/outlets/new", stall_form()).status_code == 403
    assert post(viewer, base, "/outlets/BPL1", stall_form()).status_code == 403
    admin = browser(hq)
    no_csrf = admin.post(f"{base}/outlets/new", data=stall_form(), timeout=TIMEOUT)
    assert no_csrf.status_code == 403
    forged = admin.post(f"{base}/outlets/new", data={**stall_form(), "csrf": "x"},
                        timeout=TIMEOUT)
    assert forged.status_code == 403
    anonymous = requests.post(f"{base}/outlets/new", data=stall_form(), timeout=TIMEOUT)
    assert anonymous.status_code == 401
    assert "JPR26" not in outlets(hq)
    assert admin.get(f"{base}/outlets/NOPE", timeout=TIMEOUT).status_code == 404


def test_every_dashboard_word_has_hindi_and_every_key_used_exists() -> None:
    for key, (en, hi) in TEXT.items():
        assert en.strip() and hi.strip(), key
        if key != "language":  # "English", written in English on the Hindi page
            assert any("\u0900" <= ch <= "\u097f" for ch in hi), key
    folder = Path(__file__).resolve().parents[2] / "headoffice" / "dashboard"
    used: set[str] = set()
    for path in folder.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']\s*[,)]""", text))
        used |= set(re.findall(r'field\("[a-z_]+", "([a-z_]+)"', text))
        used |= set(re.findall(r'hint="([a-z_]+)"', text))
    for path in folder.glob("*.py"):
        used |= set(re.findall(r'"((?:err|dev)_[a-z_]+)"', path.read_text(encoding="utf-8")))
    used |= {f"role_{r}" for r in (*ROLES, *USER_ROLES)}
    used |= {f"v_{v}" for v in ("upcoming", "open", "ended")}
    used |= {label for _, label in (*OUTLET_FIELDS, *STAFF_FIELDS)}
    assert sorted(used - set(TEXT) - set(PLURALS)) == []
    for key, forms in PLURALS.items():  # one and many, in both languages
        assert all(text.strip() for pair in forms for text in pair), key
        assert all(any("\u0900" <= ch <= "\u097f" for ch in text) for text in forms[1]), key
    for code, (en, hi) in PROBLEMS.items():  # the import report's reasons
        assert en.strip() and hi.strip() and en.count("{") == hi.count("{"), code
        if code != "unreadable":  # the reader's own words
            assert any("\u0900" <= ch <= "\u097f" for ch in hi), code
