"""The dashboard over HTTP on the real server: login (argon2, CSRF, rate limit), today's sales
by outlet and stall in English and Hindi, device health, sync issues, admin actions."""

from __future__ import annotations

import re
from datetime import timedelta

import requests

from headoffice.clock import india_date, now_utc
from headoffice.dashboard.i18n import inr
from headoffice.users import set_user
from tests.headoffice.conftest import HQ, TIMEOUT
from tests.headoffice.tillsim import KURTA, SAREE, SimTill

PASSWORD = "a long demo password"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found[1]


def browser(hq: HQ, username: str = "asha", role: str = "admin") -> requests.Session:
    with hq.engine.begin() as conn:
        set_user(conn, username, PASSWORD, role=role, name=username.title(), now=now_utc(),
                 replace=True)
    session = requests.Session()
    form = session.get(f"{hq.backend.base}/login", timeout=TIMEOUT)
    r = session.post(f"{hq.backend.base}/login", data={
        "username": username, "password": PASSWORD, "csrf": csrf_of(form.text)},
        timeout=TIMEOUT)
    assert r.status_code == 200 and r.url.endswith("/"), r.text
    return session


def test_pages_need_a_login_and_the_login_needs_its_form(hq: HQ) -> None:
    base = hq.backend.base
    s = requests.Session()
    first = s.get(f"{base}/", timeout=TIMEOUT)
    assert first.url.endswith("/login") and 'type="password"' in first.text
    cookie = s.cookies.get("hq_session")
    assert cookie and "asha" not in cookie
    headers = first.history[0].headers
    assert "httponly" in headers["set-cookie"].lower()
    assert "samesite=lax" in headers["set-cookie"].lower()
    forged = s.post(f"{base}/login", data={"username": "asha", "password": PASSWORD,
                                             "csrf": "forged"}, timeout=TIMEOUT)
    assert forged.status_code == 403
    with hq.engine.begin() as conn:
        set_user(conn, "asha", PASSWORD, role="viewer", now=now_utc())
    wrong = s.post(f"{base}/login", data={"username": "asha", "password": "not it",
                                           "csrf": csrf_of(first.text)}, timeout=TIMEOUT)
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    assert s.get(f"{base}/", timeout=TIMEOUT).url.endswith("/login")
    # A cookie from someone else's key, or edited, is worth nothing.
    s.cookies.set("hq_session", cookie[:-3] + "AAA")
    assert s.get(f"{base}/", timeout=TIMEOUT).url.endswith("/login")


def test_login_attempts_are_rate_limited(hq: HQ) -> None:
    base = hq.backend.base
    s = requests.Session()
    token = csrf_of(s.get(f"{base}/login", timeout=TIMEOUT).text)
    statuses = [s.post(f"{base}/login", data={"username": "x", "password": "y", "csrf": token},
                       timeout=TIMEOUT).status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429


def test_todays_sales_by_outlet_and_stall_in_english_and_hindi(hq: HQ) -> None:
    today = india_date(now_utc())
    bhopal = SimTill.enrol(hq, business_date=today)
    stall = SimTill.enrol(hq, "IITF26", label="stall laptop")
    made = []
    for till, items in ((bhopal, [(SAREE, 1000), (KURTA, 2000)]), (bhopal, [(KURTA, 1000)]),
                        (stall, [(SAREE, 1000)])):
        sale, event = till.sale(items)
        made.append(sale)
        assert till.statuses([event]) == ["applied"]
    old = SimTill.enrol(hq, business_date=today - timedelta(days=1), label="yesterday")
    assert old.statuses([old.sale()[1]]) == ["applied"]  # not today's: not counted
    s = browser(hq, role="viewer")
    page = s.get(f"{hq.backend.base}/?lang=en", timeout=TIMEOUT).text
    bpl = re.search(r'<tr data-outlet="BPL1">(.*?)</tr>', page, re.S)
    iitf = re.search(r'<tr data-outlet="IITF26">(.*?)</tr>', page, re.S)
    assert bpl and iitf
    assert "Mrignayani Emporium, Bhopal" in bpl[1] and "fair stall" in iitf[1]
    bpl_total = made[0].totals.payable + made[1].totals.payable
    assert re.search(r'class="num">2</td>', bpl[1]) and inr(bpl_total) in bpl[1]
    assert inr(made[2].totals.payable) in iitf[1]
    assert inr(sum(m.totals.payable for m in made)) in page  # the total line
    hindi = s.get(f"{hq.backend.base}/?lang=hi", timeout=TIMEOUT).text
    assert "आज की बिक्री" in hindi and "मृगनयनी एम्पोरियम, भोपाल" in hindi
    assert "मेला स्टॉल" in hindi and 'lang="hi"' in hindi
    assert "आज की बिक्री" in s.get(f"{hq.backend.base}/", timeout=TIMEOUT).text  # remembered


def test_device_health_and_sync_issues(hq: HQ) -> None:
    good = SimTill.enrol(hq, label="counter 1")
    bad = SimTill.enrol(hq, label="counter 2")
    first, event = bad.sale()
    broken = bad.sale()[1]
    broken["sha256"] = "0" * 64
    clone = bad.sale(invoice_no=first.invoice_no)[1]
    bad.push_ok([event, broken, clone])
    r = hq.get("/sync/meta", good.token, headers={"X-Outbox-Pending": "212",
                                                   "X-Outbox-Oldest": (now_utc() - timedelta(
                                                       hours=3)).isoformat()})
    assert r.status_code == 200
    page = browser(hq, role="viewer").get(f"{hq.backend.base}/?lang=en",
                                          timeout=TIMEOUT).text
    good_row = re.search(rf'<tr data-device="{good.device_id}"[^>]*>(.*?)</tr>', page, re.S)
    bad_row = re.search(rf'<tr data-device="{bad.device_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert good_row and bad_row
    assert "212" in good_row[1] and "3 h" in good_row[1] and "active" in good_row[1]
    assert "suspended" in bad_row[1] and "invoice_reused" in bad_row[1]
    assert "Revoke" not in page  # a viewer sees no admin buttons
    issues = re.search(r'<table id="issues">(.*?)</table>', page, re.S)
    assert issues and "sha256_mismatch" in issues[1] and "invoice_reused" in issues[1]
    assert broken["event_id"] in issues[1]
    assert "invoice_reused" in re.search(r'<table id="alerts">(.*?)</table>', page, re.S)[1]


def test_an_admin_revokes_a_device_and_makes_an_enrolment_code(hq: HQ) -> None:
    till = SimTill.enrol(hq)
    viewer = browser(hq, "ravi", role="viewer")
    token = csrf_of(viewer.get(f"{hq.backend.base}/", timeout=TIMEOUT).text)
    denied = viewer.post(f"{hq.backend.base}/devices/{till.device_id}/revoke",
                         data={"csrf": token}, timeout=TIMEOUT)
    assert denied.status_code == 403
    admin = browser(hq)
    no_csrf = admin.post(f"{hq.backend.base}/devices/{till.device_id}/revoke",
                         data={"csrf": token}, timeout=TIMEOUT)  # another session's token
    assert no_csrf.status_code == 403
    assert till.meta()["device_status"] == "active"
    token = csrf_of(admin.get(f"{hq.backend.base}/", timeout=TIMEOUT).text)
    done = admin.post(f"{hq.backend.base}/devices/{till.device_id}/revoke",
                      data={"csrf": token}, timeout=TIMEOUT)
    assert done.status_code == 200 and done.url.endswith("/")
    assert hq.get("/sync/meta", till.token).status_code == 401
    made = admin.post(f"{hq.backend.base}/enrol-codes", data={"csrf": token,
                                                              "outlet_id": "BPL1"},
                      timeout=TIMEOUT)
    code = re.search(r'id="enrol-code">([^<]+)<', made.text)
    assert made.status_code == 200 and code
    assert hq.enroll(code[1])["outlet"]["outlet_id"] == "BPL1"
    logout = admin.post(f"{hq.backend.base}/logout", data={"csrf": token}, timeout=TIMEOUT)
    assert logout.url.endswith("/login")
    assert admin.get(f"{hq.backend.base}/", timeout=TIMEOUT).url.endswith("/login")
