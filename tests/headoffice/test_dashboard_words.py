"""What a new user reads on the dashboard, over HTTP on the real server (SQLite and
PostgreSQL): the import report's reasons, "ago", role names and dates in the session's
language; one and many; a form's error summary linking to its fields; device rows and the
day reconciliation that tell tills apart."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import requests

from headoffice.clock import india_date, now_utc
from headoffice.dashboard.i18n import day, inr, moment, text
from headoffice.dashboard.views import ago
from tests.headoffice.conftest import HQ, TIMEOUT
from tests.headoffice.test_dashboard import browser, csrf_of
from tests.headoffice.test_dashboard_outlets import stall_form
from tests.headoffice.tillsim import KURTA, SAREE, SimTill

NOW = datetime(2026, 11, 22, 8, 35, tzinfo=UTC)  # 14:05 in India
HEADER = "sku,name_en,name_hi,category,hsn,unit,mrp_inr,handicraft,supplier,barcodes\n"


def ean13(stem: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(stem))
    return stem + str((10 - total % 10) % 10)


# -- the words themselves ----------------------------------------------------------------------

def test_ago_is_said_in_the_sessions_language() -> None:
    cases = [(timedelta(seconds=3), "just now", "अभी"),
             (timedelta(seconds=2 * 60 + 5), "2 min ago", "2 मिनट पहले"),
             (timedelta(minutes=44), "44 min ago", "44 मिनट पहले"),
             (timedelta(hours=1, minutes=40), "1 h ago", "1 घंटा पहले"),
             (timedelta(hours=4), "4 h ago", "4 घंटे पहले"),
             (timedelta(days=3), "3 days ago", "3 दिन पहले")]
    for before, english, hindi in cases:
        assert ago(NOW - before, NOW, "en") == english
        assert ago(NOW - before, NOW, "hi") == hindi
    assert ago(NOW - timedelta(seconds=30), NOW, "hi") == "30 सेकंड पहले"
    assert ago(None, NOW, "hi") == "—"


def test_one_and_many() -> None:
    assert text("apply_clean", "en", n=1) == "Publish the 1 clean row only"
    assert text("apply_clean", "en", n=3) == "Publish the 3 clean rows only"
    assert text("apply_clean", "hi", n=1) == "केवल 1 सही पंक्ति प्रकाशित करें"
    assert text("apply_clean", "hi", n=3) == "केवल 3 सही पंक्तियाँ प्रकाशित करें"
    assert text("applied_n", "en", n=1, rows=text("n_rows_read", "en", n=1)) == \
        "Published: 1 product changed or new (1 row read)."
    assert text("applied_n", "en", n=0, rows=text("n_rows_read", "en", n=2)) == \
        "Published: 0 products changed or new (2 rows read)."
    assert text("applied_n", "hi", n=2, rows=text("n_rows_read", "hi", n=2)) == \
        "प्रकाशित: 2 उत्पाद बदले या नए (2 पंक्तियाँ पढ़ी गईं)।"
    assert text("found", "en", n=1, page=1, pages=1) == "1 product — page 1 of 1"
    assert text("replace_pending", "en", label="vm", n=1, ago="4 h ago") == \
        "vm last reported 1 event not yet sent (last seen 4 h ago)."


def test_dates_are_day_first_like_the_till() -> None:
    assert day(date(2026, 11, 2)) == "02-11-2026"
    assert moment(NOW) == "22-11-2026 14:05"  # India's time


# -- the import report -------------------------------------------------------------------------

def check(s: requests.Session, base: str, name: str, body: bytes, lang: str
          ) -> requests.Response:
    token = csrf_of(s.get(f"{base}/import?lang={lang}", timeout=TIMEOUT).text)
    return s.post(f"{base}/import", data={"csrf": token}, timeout=TIMEOUT,
                  files={"file": (name, body, "text/csv")})


def test_the_import_report_speaks_hindi_on_the_hindi_page(hq: HQ, tmp_path: Path) -> None:
    good = ean13("200000099101")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    sheet = (HEADER + f"MAH-SAR-0991,Maheshwari Saree - Rose,महेश्वरी साड़ी - गुलाबी,sarees,500720,"
             f"PCS,4200,no,SUP01,{good}\n"
             f"MAH-SAR-0992,Maheshwari Saree - Teal,महेश्वरी साड़ी - फ़िरोज़ी,sarees,500720,PCS,"
             f"4350,no,SUP99,{bad}\n").encode()
    s = browser(hq, role="catalogue")
    base = hq.backend.base
    page = html.unescape(check(s, base, "new.csv", sheet, "hi").text)
    row = re.search(r'<tr data-row="3">(.*?)</tr>', page, re.S)
    assert row, page
    assert 'data-code="unknown_supplier"' in row[1] and 'data-code="barcode_check_digit"' in row[1]
    assert "अज्ञात आपूर्तिकर्ता 'SUP99'" in row[1] and f"बारकोड {bad}: जाँच अंक" in row[1]
    assert "unknown supplier" not in page and "check digit" not in page
    assert "2 पंक्तियाँ: 1 सही, 1 में त्रुटियाँ।" in page
    assert "केवल 1 सही पंक्ति प्रकाशित करें" in page
    english = check(s, base, "new.csv", sheet, "en").text
    assert "unknown supplier 'SUP99'" in html.unescape(english) and "Publish the 1 clean row only" \
        in english and "2 rows: 1 clean, 1 with errors." in english
    upload = re.search(r'name="upload" value="([^"]+)"', english)
    assert upload
    token = csrf_of(english)
    done = s.post(f"{base}/import/apply", data={"csrf": token, "upload": upload[1],
                                                "shown": "new.csv", "mode": "clean"},
                  timeout=TIMEOUT).text
    assert "Published: 1 product changed or new (2 rows read)." in done
    # A file that is not what its name says: a translated reason, not a server error.
    broken = check(s, base, "sheet.xlsx", b"not a workbook", "hi")
    assert broken.status_code == 200 and "यह Excel वर्कबुक (.xlsx) नहीं है" in broken.text
    wrong = check(s, base, "sheet.pdf", b"%PDF", "hi")
    assert wrong.status_code == 400 and ".pdf: .csv या .xlsx फ़ाइल भेजें" in wrong.text
    missing = check(s, base, "few.csv", b"sku,name_en\n", "hi").text
    assert "ये कॉलम नहीं हैं: name_hi" in missing


# -- the home page -----------------------------------------------------------------------------

def test_the_home_page_in_hindi_says_ago_roles_and_dates_in_hindi(hq: HQ) -> None:
    till = SimTill.enrol(hq, label="vm")
    assert hq.get("/sync/meta", till.token, headers={
        "X-Outbox-Pending": "3",
        "X-Outbox-Oldest": (now_utc() - timedelta(hours=4)).isoformat()}).status_code == 200
    s = browser(hq, role="admin")
    page = s.get(f"{hq.backend.base}/?lang=hi", timeout=TIMEOUT).text
    row = re.search(rf'<tr data-device="{till.device_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert row and "4 घंटे पहले" in row[1] and "अभी" in row[1]
    assert " h ago" not in page and " min ago" not in page and " s ago" not in page
    assert re.search(r'id="role">एडमिन<', page)
    today = india_date(now_utc())
    assert f'<time datetime="{today.isoformat()}">{day(today)}</time>' in page
    staff = s.get(f"{hq.backend.base}/staff?lang=hi", timeout=TIMEOUT).text
    assert "कैशियर" in staff and ">cashier<" not in staff
    english = s.get(f"{hq.backend.base}/?lang=en", timeout=TIMEOUT).text
    assert re.search(r'id="role">admin<', english) and "4 h ago" in english


def test_device_rows_and_reconciled_days_tell_the_tills_apart(hq: HQ) -> None:
    first = SimTill.enrol(hq, label="vm")
    second = SimTill.enrol(hq, label="vm")  # the till's label defaults to the host name
    for till in (first, second):
        till.business_date = india_date(now_utc())
    events = [first.day_open(), first.sale([(SAREE, 1000), (KURTA, 2000)])[1],
              first.sale([(KURTA, 1000)])[1]]
    figures = first.figures()
    figures["counted_cash"] = figures["expected_cash"] - 5_000  # ₹50 short
    events.append(first.day_close(figures))
    assert first.statuses(events) == ["applied"] * 4
    assert second.statuses([second.day_open(), second.sale()[1]]) == ["applied"] * 2
    page = browser(hq, role="viewer").get(f"{hq.backend.base}/?lang=en", timeout=TIMEOUT).text
    rows = {}
    for till in (first, second):
        row = re.search(rf'<tr data-device="{till.device_id}" data-series="{till.prefix}">'
                        r'(.*?)</tr>', page, re.S)
        assert row, page
        rows[till.prefix] = row[1]
        assert f'<span class="chip mono">{till.prefix}</span>' in row[1]
        assert re.search(r"enrolled \d\d-\d\d-20\d\d \d\d:\d\d", row[1])
    assert first.prefix != second.prefix and rows[first.prefix] != rows[second.prefix]
    days: dict[str, tuple[str, str]] = {}
    for m in re.finditer(r'<tr data-day="([^"]+)" data-date="([^"]+)" data-series="([^"]+)">'
                         r'(.*?)</tr>', page, re.S):
        days[m[3]] = (m[2], m[4])
    assert set(days) == {first.prefix, second.prefix}
    iso, closed = days[first.prefix]
    assert iso == first.business_date.isoformat() and day(first.business_date) in closed
    cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', closed, re.S)
    payable = sum(s.totals.payable for s in first.sales.values())
    assert cells[0].strip() == "2" and inr(payable) in cells[1]
    assert inr(figures["expected_cash"]) in cells[2]
    assert inr(figures["counted_cash"]) in cells[3] and inr(-5_000) in cells[3]
    assert "reconciled" in closed
    _, open_day = days[second.prefix]
    cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', open_day, re.S)
    assert cells[0].strip() == "1" and cells[2].strip() == "—" and "open" in open_day


# -- a form's errors ---------------------------------------------------------------------------

def test_a_forms_errors_are_listed_with_links_and_the_first_is_focused(hq: HQ) -> None:
    s = browser(hq)
    base = hq.backend.base
    blank = s.get(f"{base}/outlets/new?lang=en", timeout=TIMEOUT).text
    hint = re.search(r'id="series-hint">([^<]+)<', blank)
    assert hint and "BPL1A" not in blank and "the prefix with 2, 3" in hint[1]
    token = csrf_of(blank)
    sent = s.post(f"{base}/outlets/new", timeout=TIMEOUT, data={
        **stall_form(upi_payee_name="", invoice_prefix="DLH9A", phone="call me"),
        "csrf": token})
    assert sent.status_code == 400
    listed = re.search(r'<ul id="error-list">(.*?)</ul>', sent.text, re.S)
    assert listed, sent.text
    links = re.findall(r'<a href="#(f-[a-z_]+)" data-field="[a-z_]+">([^<]+)</a>', listed[1])
    assert links == [("f-upi_payee_name", "Payee name shown in the UPI app"),
                     ("f-phone", "Phone")]  # in the page's order
    for anchor, _ in links:
        assert f'id="{anchor}"' in sent.text
    focused = re.findall(r'<input id="(f-[a-z_]+)"[^>]*\sautofocus', sent.text)
    assert focused == ["f-upi_payee_name"]
    hint = re.search(r'id="series-hint">([^<]+)<', sent.text)
    assert hint and "DLH9A, DLH9A2, DLH9A3" in hint[1]
    hindi = s.post(f"{base}/outlets/new?lang=hi", timeout=TIMEOUT, data={
        **stall_form(upi_payee_name=""), "csrf": token}).text
    assert "कुछ भी सहेजा नहीं गया: ये खाने ठीक करें।" in hindi
    assert re.search(r'href="#f-upi_payee_name"[^>]*>यूपीआई ऐप में दिखने वाला प्राप्तकर्ता नाम</a>',
                     hindi)
    staff = s.post(f"{base}/staff/new", timeout=TIMEOUT, data={
        "csrf": token, "staff_id": "STF-X", "name_en": "", "role": "cashier", "active": "on",
        "pin": "12", "pin_again": "12"}).text
    links = re.findall(r'<a href="#(f-[a-z_]+)"', staff)
    assert links == ["f-name_en", "f-outlet_ids", "f-pin"]
    assert re.findall(r'id="(f-[a-z_]+)"[^>]*\sautofocus', staff) == ["f-name_en"]
