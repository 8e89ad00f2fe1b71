"""The web page in a real headless Chromium: upload a workbook, see the highlighted cells and the findings.

Debian's chromium and chromium-driver (installed by .ci/run) are driven with
selenium. Set JXLINT_SERVE_SCREENSHOT=docs/serve.png to refresh the README's
screenshot; every run saves one under the test's tmp dir.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_fixtures import counts, seed_workbook_fixture, served_fixture  # noqa: F401 — fixtures

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="no chromium / chromedriver on this machine (Debian: apt-get install chromium chromium-driver; .ci/run does)",
)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    """A headless Chromium driven by selenium, with a profile of its own and no network chatter."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", "--window-size=1400,1600", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def _upload(driver: object, url: str, path: Path) -> None:
    """Open the page, choose ``path`` in its file input, wait until the answer is drawn."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url + "/")
    driver.find_element(By.ID, "files").send_keys(str(path))
    WebDriverWait(driver, 60).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-checked") == "1")


def test_upload_shows_highlighted_cells_and_findings(served: str, seed_workbook: Path, browser: object,
                                                     tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _upload(browser, served, seed_workbook)
    status = browser.find_element(By.ID, "status").text
    assert "已检查 1 个文件" in status

    summary = [[td.text for td in row.find_elements(By.TAG_NAME, "td")]
               for row in browser.find_elements(By.CSS_SELECTOR, "#summary tbody tr")]
    expected = counts(seed_workbook)  # the library's own count of the same workbook
    assert expected["error"] >= 3 and expected["warning"] >= 2
    assert summary == [[seed_workbook.name, *(str(expected[k]) for k in ("tables", "error", "warning", "info"))]]

    tables = browser.find_elements(By.CSS_SELECTOR, "section.table")
    assert [t.find_element(By.CSS_SELECTOR, "dd.plan-year").text for t in tables] == ["2025", "2025", "2025"]
    assert tables[0].find_element(By.CSS_SELECTOR, "dd.project").text == "2025年知识产权信息化建设运行维护经费"
    assert tables[0].find_element(By.CSS_SELECTOR, "dd.budget").text == "310,000 元"

    errors = {(c.get_attribute("data-where"), c.text) for c in browser.find_elements(By.CSS_SELECTOR, "td.sev-error")}
    assert ("表1!E15", "2015年12月前") in errors and ("表1!E16", "2015年12月前") in errors
    assert ("表3!E15", "≥18%") in errors
    warnings = {(c.get_attribute("data-where"), c.text) for c in browser.find_elements(By.CSS_SELECTOR, "td.sev-warning")}
    assert ("表1!C5", "310,000 元") in warnings and ("表2!E14", "≤40%") in warnings

    row = browser.find_element(By.CSS_SELECTOR, "td.sev-error[data-where='表1!E15']").find_element(By.XPATH, "..")
    beside = row.find_element(By.CSS_SELECTOR, "td.findings").text
    assert "DATE001" in beside and "截止时间 2015-11-30 早于计划年度 2025 年" in beside
    budget_row = browser.find_element(By.CSS_SELECTOR, "td.sev-warning[data-where='表1!C5']").find_element(By.XPATH, "..")
    assert "成本合计 280000×1 + 9500×12 + 20500×12 = 640000 元 > 预算 310000 元" in budget_row.text

    browser.save_screenshot(str(tmp_path / "serve.png"))
    if os.environ.get("JXLINT_SERVE_SCREENSHOT"):
        browser.save_screenshot(os.environ["JXLINT_SERVE_SCREENSHOT"])

    browser.find_element(By.CSS_SELECTOR, "li.finding[data-rule='DATE001'] button.rule").click()
    dialog = browser.find_element(By.ID, "explain")
    WebDriverWait(browser, 20).until(lambda _: dialog.get_attribute("open") is not None)
    assert "date.deadline-before-plan-year" in dialog.find_element(By.TAG_NAME, "pre").text
    browser.find_element(By.CSS_SELECTOR, "#explain form button").click()

    browser.find_element(By.ID, "lang-switch").click()
    english = browser.find_element(By.CSS_SELECTOR, "td.sev-warning[data-where='表1!C5']").find_element(By.XPATH, "..")
    assert "640000 元 > budget 310000 元" in english.text


def test_corrupt_file_shows_a_clear_error(served: str, browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    broken = tmp_path / "损坏的表.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is no workbook")
    _upload(browser, served, broken)
    error = browser.find_element(By.CSS_SELECTOR, "section.file .file-error").text
    assert "无法检查此文件" in error and "READ001" in error and "无法读取" in error
    assert browser.find_element(By.CSS_SELECTOR, "#summary tbody tr").text.split() == ["损坏的表.xlsx", "0", "1", "0", "0"]
    browser.save_screenshot(str(tmp_path / "serve-corrupt.png"))
