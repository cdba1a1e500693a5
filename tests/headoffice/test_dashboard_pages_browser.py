"""The outlets, staff and replace pages in headless Chromium against the real server (SQLite):
an admin creates a fair stall, edits an outlet's UPI id, adds a person with a PIN, and
replaces a till. Screenshots of each page in English and Hindi go to ``artifacts/``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from headoffice.clock import india_date, now_utc
from pos.domain.gstin import gstin_check_char
from pos.domain.pins import verify_pin
from tests.headoffice import test_dashboard_browser as browser_tests
from tests.headoffice.conftest import HQ, ROOT
from tests.headoffice.test_dashboard_browser import CHROMIUM, DRIVER, log_in, wait_for
from tests.headoffice.tillsim import SimTill

ARTIFACTS = ROOT / "artifacts"
chrome = browser_tests.chrome  # the module's headless Chromium fixture, shared

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                       reason="headless Chromium not installed: apt-get install chromium "
                              "chromium-driver (CI installs them)"),
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]


def shoot(driver: WebDriver, name: str, *, reload: bool = True) -> None:
    """A full-page screenshot of the page in English, then in Hindi (``reload=False``: the
    page as it is, e.g. a form sent back with its errors)."""
    ARTIFACTS.mkdir(exist_ok=True)
    url = driver.current_url.split("?")[0]
    for lang in ("en", "hi") if reload else ("",):
        if lang:
            driver.get(f"{url}?lang={lang}")
            wait_for(driver, f"html[lang={lang}]")
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, max(700, int(height) + 40))
        assert driver.save_screenshot(str(ARTIFACTS / f"hq-{name}-{lang or 'en'}.png"))
    driver.set_window_size(1280, 1000)
    if reload:
        driver.get(f"{url}?lang=en")


def fill(driver: WebDriver, values: dict[str, str]) -> None:
    for name, value in values.items():
        box = driver.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)


def new_entry_form(hq: HQ, driver: WebDriver, link: str, name: str) -> None:
    """Log in as an admin, open the list by its link (screenshots), then its "new" form."""
    log_in(hq, driver)
    driver.find_element(By.LINK_TEXT, link).click()
    wait_for(driver, f"table#{name}")
    shoot(driver, name)
    driver.find_element(By.CSS_SELECTOR, "a.button[href$='/new']").click()
    wait_for(driver, "form.grid")


def test_an_admin_creates_a_fair_stall(hq: HQ, chrome: WebDriver) -> None:
    new_entry_form(hq, chrome, "Outlets & stalls", "outlets")
    today = india_date(now_utc())
    Select(chrome.find_element(By.NAME, "state_code")).select_by_value("08")
    fill(chrome, {"outlet_id": "JPR26", "name_en": "Mrignayani Stall, Jaipur Fair",
                  "name_hi": "मृगनयनी स्टॉल, जयपुर मेला", "gstin": "08AABCM4821N1Z0",
                  "invoice_prefix": "JPR1", "credit_prefix": "JPC1",
                  "upi_vpa": "mrig.jaipur@sbi", "upi_payee_name": "Mrignayani Jaipur"})
    for name, day in (("valid_from", today), ("valid_to", today + timedelta(days=10))):
        chrome.execute_script("arguments[0].value = arguments[1]",
                              chrome.find_element(By.NAME, name), day.isoformat())
    chrome.find_element(By.ID, "save").click()
    wait_for(chrome, "#form-error")  # a made-up check character: refused, values kept
    assert "Not a valid GSTIN" in chrome.find_element(
        By.CSS_SELECTOR, "[data-error=gstin]").text
    assert chrome.find_element(By.NAME, "upi_vpa").get_attribute("value") == "mrig.jaipur@sbi"
    shoot(chrome, "outlet-error", reload=False)
    fill(chrome, {"gstin": "08AABCM4821N1Z" + gstin_check_char("08AABCM4821N1Z")})
    chrome.find_element(By.ID, "save").click()
    wait_for(chrome, "#saved")
    row = chrome.find_element(By.CSS_SELECTOR, "tr[data-outlet=JPR26]").text
    assert "Mrignayani Stall, Jaipur Fair" in row and "open" in row and "JPR1 / JPC1" in row
    assert hq.scalar("SELECT upi_vpa FROM outlets WHERE outlet_id = 'JPR26'") \
        == "mrig.jaipur@sbi"


def test_an_admin_edits_an_outlets_upi_id(hq: HQ, chrome: WebDriver) -> None:
    till = SimTill.enrol(hq, label="Counter 1")
    cursor = till.meta()["catalog_cursor"]
    log_in(hq, chrome)
    chrome.get(f"{hq.backend.base}/outlets")
    chrome.find_element(By.CSS_SELECTOR, "tr[data-outlet=BPL1] a").click()
    wait_for(chrome, "form#outlet-form")
    assert chrome.find_element(By.ID, "prefixes").text == "BPL1A / BPL1C"
    shoot(chrome, "outlet")
    fill(chrome, {"upi_vpa": "mrignayani.bhopal@upi"})
    chrome.find_element(By.ID, "save").click()
    wait_for(chrome, "#saved")
    assert "mrignayani.bhopal@upi" in chrome.find_element(
        By.CSS_SELECTOR, "tr[data-outlet=BPL1]").text
    changes = hq.get("/catalog/changes", till.token, params={"since": cursor}).json()
    assert [(c["id"], c["data"]["upi_vpa"]) for c in changes["changes"]] \
        == [("BPL1", "mrignayani.bhopal@upi")]


def test_an_admin_adds_staff_with_a_pin(hq: HQ, chrome: WebDriver) -> None:
    new_entry_form(hq, chrome, "Staff", "staff")
    fill(chrome, {"staff_id": "STF-KAVITA", "name_en": "Kavita", "name_hi": "कविता",
                  "pin": "4821", "pin_again": "4812"})
    Select(chrome.find_element(By.NAME, "role")).select_by_value("supervisor")
    chrome.find_element(By.CSS_SELECTOR, "input[name=outlet_ids][value=BPL1]").click()
    chrome.find_element(By.ID, "save").click()
    wait_for(chrome, "[data-error=pin_again]")
    assert chrome.find_element(By.NAME, "pin").get_attribute("value") == ""
    assert chrome.find_element(By.NAME, "name_hi").get_attribute("value") == "कविता"
    shoot(chrome, "staff-member", reload=False)
    fill(chrome, {"pin": "4821", "pin_again": "4821"})
    chrome.find_element(By.ID, "save").click()
    wait_for(chrome, "#saved")
    assert "Kavita" in chrome.find_element(By.CSS_SELECTOR, "tr[data-staff=STF-KAVITA]").text
    stored = hq.scalar("SELECT pin_hash FROM staff WHERE staff_id = 'STF-KAVITA'")
    assert verify_pin("4821", stored)
    chrome.find_element(By.CSS_SELECTOR, "tr[data-staff=STF-KAVITA] a").click()
    wait_for(chrome, "form#staff-form")
    shoot(chrome, "staff-edit")


def test_an_admin_replaces_a_till(hq: HQ, chrome: WebDriver) -> None:
    till = SimTill.enrol(hq, label="Counter 1")
    hq.get("/sync/meta", till.token, headers={"X-Outbox-Pending": "12"})
    log_in(hq, chrome)
    chrome.find_element(By.CSS_SELECTOR,
                        f"form[action='/devices/{till.device_id}/replace'] button").click()
    wait_for(chrome, "#replace-confirm")  # 12 events unsent: is the old laptop lost?
    assert "12 events not yet sent" in chrome.find_element(By.ID, "unsent-warning").text
    assert not chrome.find_elements(By.ID, "enrol-code")
    assert chrome.switch_to.active_element.get_attribute("id") == "lost"
    chrome.set_window_size(1280, 700)
    assert chrome.save_screenshot(str(ARTIFACTS / "hq-replace-confirm-en.png"))
    chrome.find_element(By.ID, "lost").click()
    chrome.find_element(By.CSS_SELECTOR, "#replace-confirm button").click()
    wait_for(chrome, "#enrol-code")
    code = chrome.find_element(By.ID, "enrol-code").text
    assert "12 events not yet sent" in chrome.find_element(By.ID, "pending-warning").text
    assert chrome.save_screenshot(str(ARTIFACTS / "hq-replace-en.png"))
    chrome.refresh()  # a reload shows the same code and makes no other
    wait_for(chrome, "#enrol-code")
    assert chrome.find_element(By.ID, "enrol-code").text == code
    assert hq.scalar("SELECT count(*) FROM enrol_codes WHERE replaces_device_id IS NOT NULL") \
        == 1
    chrome.set_window_size(1280, 1000)
