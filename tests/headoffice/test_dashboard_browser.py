"""The dashboard in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``) through Selenium, against the real server on loopback (SQLite).

Login, importing a CSV (upload, the validation report, publishing the clean rows) and the
sales page, whose screenshot is kept in ``artifacts/hq-dashboard.png``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from headoffice.clock import now_utc
from headoffice.dashboard.i18n import inr
from headoffice.users import set_user
from tests.headoffice.conftest import HQ, ROOT
from tests.headoffice.tillsim import KURTA, SAREE, SimTill

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
PASSWORD = "a long demo password"
SCREENSHOT = ROOT / "artifacts" / "hq-dashboard.png"
SCREENSHOT_HI = ROOT / "artifacts" / "hq-dashboard-hi.png"

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                       reason="headless Chromium not installed: apt-get install chromium "
                              "chromium-driver (CI installs them)"),
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]


@pytest.fixture(scope="module")
def chrome() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None and DRIVER is not None
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1280,1000", "--lang=en-IN",
                     "--force-device-scale-factor=1"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: WebDriver, css: str) -> None:
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def log_in(hq: HQ, driver: WebDriver, username: str = "asha", role: str = "admin") -> None:
    with hq.engine.begin() as conn:
        set_user(conn, username, PASSWORD, role=role, name=username.title(), now=now_utc(),
                 replace=True)
    driver.delete_all_cookies()
    driver.get(f"{hq.backend.base}/login?lang=en")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    wait_for(driver, "table#sales")


def test_login_with_a_wrong_password_then_the_right_one(hq: HQ, chrome: WebDriver) -> None:
    with hq.engine.begin() as conn:
        set_user(conn, "ravi", PASSWORD, role="viewer", name="Ravi", now=now_utc(),
                 replace=True)
    chrome.delete_all_cookies()
    chrome.get(f"{hq.backend.base}/")
    assert chrome.current_url.endswith("/login")  # the dashboard needs a login
    chrome.find_element(By.NAME, "username").send_keys("ravi")
    chrome.find_element(By.NAME, "password").send_keys("not the password")
    chrome.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    wait_for(chrome, "p.error")
    assert "Wrong user name or password" in chrome.find_element(By.CSS_SELECTOR, "p.error").text
    log_in(hq, chrome, "ravi", "viewer")
    assert chrome.current_url == f"{hq.backend.base}/"
    assert "Ravi" in chrome.find_element(By.TAG_NAME, "header").text


def ean13(stem: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(stem))
    return stem + str((10 - total % 10) % 10)


def test_import_shows_the_report_then_publishes_the_clean_rows(hq: HQ, chrome: WebDriver,
                                                                tmp_path: Path) -> None:
    good1, good2 = ean13("200000099001"), ean13("200000099002")
    bad = good2[:-1] + str((int(good2[-1]) + 1) % 10)  # a wrong check digit
    sheet = tmp_path / "new-sarees.csv"
    sheet.write_text(
        "sku,name_en,name_hi,category,hsn,unit,mrp_inr,handicraft,supplier,barcodes\n"
        f"MAH-SAR-0901,Maheshwari Saree - Rose,महेश्वरी साड़ी - गुलाबी,sarees,500720,PCS,4200,"
        f"no,SUP01,{good1}\n"
        f"MAH-SAR-0902,Maheshwari Saree - Teal,महेश्वरी साड़ी - फ़िरोज़ी,sarees,500720,PCS,4350,"
        f"no,SUP01,{good2}\n"
        f"MAH-SAR-0903,Maheshwari Saree - Ivory,महेश्वरी साड़ी - हाथीदाँत,sarees,500720,PCS,4100,"
        f"no,SUP01,{bad}\n", encoding="utf-8")
    log_in(hq, chrome)
    chrome.find_element(By.LINK_TEXT, "Import products").click()
    wait_for(chrome, "form#upload")
    chrome.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(sheet))
    chrome.find_element(By.CSS_SELECTOR, "form#upload button").click()
    wait_for(chrome, "section#report")

    assert "3 rows: 2 clean, 1 with errors." in chrome.find_element(By.ID, "counts").text
    bad_rows = chrome.find_elements(By.CSS_SELECTOR, "#bad-rows tbody tr")
    assert [r.get_attribute("data-row") for r in bad_rows] == ["4"]
    assert f"barcode {bad}: bad check digit" in bad_rows[0].text
    assert hq.scalar("SELECT count(*) FROM products WHERE sku LIKE 'MAH-SAR-09%'") == 0

    chrome.find_element(By.CSS_SELECTOR, "form#apply button[value=clean]").click()
    wait_for(chrome, "#applied")
    assert "Published: 2 products" in chrome.find_element(By.ID, "applied").text
    assert not chrome.find_elements(By.CSS_SELECTOR, "form#apply")  # nothing left to apply
    assert [r[0] for r in hq.rows("SELECT sku FROM products WHERE sku LIKE 'MAH-SAR-09%' "
                                  "ORDER BY sku")] == ["MAH-SAR-0901", "MAH-SAR-0902"]


def test_a_viewer_may_not_import(hq: HQ, chrome: WebDriver) -> None:
    log_in(hq, chrome, "ravi", "viewer")
    chrome.get(f"{hq.backend.base}/import")
    assert "form#upload" not in chrome.page_source
    assert not chrome.find_elements(By.CSS_SELECTOR, "form#upload")


def test_the_sales_page_shows_todays_sales_by_outlet_and_stall(hq: HQ,
                                                              chrome: WebDriver) -> None:
    shop = SimTill.enrol(hq, label="Counter 1")
    stall = SimTill.enrol(hq, "IITF26", label="Stall laptop")
    shop.business_date = stall.business_date  # today, in India
    opened = shop.day_open(), stall.day_open()
    sales = [shop.sale([(SAREE, 1000), (KURTA, 2000)]), shop.sale([(KURTA, 1000)]),
             stall.sale([(SAREE, 1000)])]
    assert shop.statuses([opened[0], sales[0][1], sales[1][1]]) == ["applied"] * 3
    assert stall.statuses([opened[1], sales[2][1]]) == ["applied"] * 2
    log_in(hq, chrome)
    chrome.get(f"{hq.backend.base}/?lang=en")
    wait_for(chrome, "table#sales")
    bpl = chrome.find_element(By.CSS_SELECTOR, "tr[data-outlet=BPL1]").text
    assert "2" in bpl.split() and inr(sales[0][0].totals.payable
                                      + sales[1][0].totals.payable) in bpl
    fair = chrome.find_element(By.CSS_SELECTOR, "tr[data-outlet=IITF26]").text
    assert "fair stall" in fair and inr(sales[2][0].totals.payable) in fair
    assert "Counter 1" in chrome.find_element(By.ID, "devices").text
    SCREENSHOT.parent.mkdir(exist_ok=True)
    full = chrome.execute_script("return document.documentElement.scrollHeight")
    chrome.set_window_size(1280, max(800, int(full) + 120))
    assert chrome.save_screenshot(str(SCREENSHOT))

    chrome.find_element(By.LINK_TEXT, "हिन्दी").click()  # the same page in Hindi
    wait_for(chrome, "html[lang=hi]")
    assert "आज की बिक्री" in chrome.find_element(By.TAG_NAME, "main").text
    assert "मेला स्टॉल" in chrome.find_element(By.CSS_SELECTOR,
                                                "tr[data-outlet=IITF26]").text
    assert chrome.execute_script(  # Hindi is drawn with the dashboard's own font
        "return document.fonts.check('16px \"Emporium Devanagari\"', 'आज')")
    assert chrome.save_screenshot(str(SCREENSHOT_HI))
    chrome.set_window_size(1280, 1000)


def test_the_catalogue_pages_through_and_searches_by_name_sku_and_barcode(
        hq: HQ, chrome: WebDriver) -> None:
    catalogue = SimTill.enrol(hq).catalogue
    count = int(hq.scalar("SELECT count(*) FROM products"))
    log_in(hq, chrome)
    chrome.find_element(By.LINK_TEXT, "Catalogue").click()
    wait_for(chrome, "table#products")
    pages = -(-count // 50)
    assert chrome.find_element(By.ID, "found").text == f"{count} products — page 1 of {pages}"
    first = [r.get_attribute("data-sku") for r in
             chrome.find_elements(By.CSS_SELECTOR, "#products tbody tr")]
    assert len(first) == 50 and first == sorted(first)
    assert chrome.save_screenshot(str(SCREENSHOT.parent / "hq-catalogue.png"))
    chrome.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    wait_for(chrome, "a[rel=prev]")
    second = [r.get_attribute("data-sku") for r in
              chrome.find_elements(By.CSS_SELECTOR, "#products tbody tr")]
    assert f"page 2 of {pages}" in chrome.find_element(By.ID, "found").text
    assert second[0] > first[-1]

    saree = catalogue.product(SAREE)
    for query, expected in ((saree.barcodes[0], [SAREE]), (SAREE.lower(), [SAREE]),
                            ("no such thing", [])):
        box = chrome.find_element(By.NAME, "q")
        box.clear()
        box.send_keys(query)
        chrome.find_element(By.CSS_SELECTOR, "form#search button").click()
        wait_for(chrome, "#found")
        assert [r.get_attribute("data-sku") for r in chrome.find_elements(
            By.CSS_SELECTOR, "#products tbody tr")] == expected, query
    chrome.get(f"{hq.backend.base}/products?q=चंदेरी&lang=hi")
    wait_for(chrome, "table#products")
    rows = chrome.find_elements(By.CSS_SELECTOR, "#products tbody tr")
    assert rows and all("चंदेरी" in r.text for r in rows)
    assert "उत्पाद" in chrome.find_element(By.TAG_NAME, "h2").text
    chrome.get(f"{hq.backend.base}/products?lang=en")
