"""The built site in a real browser: Debian's headless Chromium driven through chromedriver.

A small copy of the project (German and French) is built once into a temporary folder; the
tests open its index and factsheet pages from file:// URLs, as a reader of a downloaded copy
would.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import REPO, copy_project, require_tool

LANGUAGES = ["de", "fr"]
DOC = "factsheet"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
]


@pytest.fixture(scope="module")
def chromium() -> tuple[str, str]:
    """Paths of Chromium and its driver (skips, or fails in CI, without them)."""
    return require_tool("chromium"), require_tool("chromedriver")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, chromium: tuple[str, str]) -> Path:
    """outputs/ of a German and French build in every format."""
    root = copy_project(tmp_path_factory.mktemp("site"), LANGUAGES)
    command = [sys.executable, "-m", "pipeline", "--root", str(root), "build"]
    result = subprocess.run(
        [*command, "--formats", "html,epub,pdf"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return (root / "outputs").resolve()


@pytest.fixture(scope="module")
def browser(
    tmp_path_factory: pytest.TempPathFactory, chromium: tuple[str, str]
) -> Iterator[WebDriver]:
    binary, driver_path = chromium
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser: WebDriver, path: Path) -> None:
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(path.as_uri())
    WebDriverWait(browser, 30).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )
    assert urlsplit(browser.current_url).scheme == "file", f"{path} did not open"


def console_errors(browser: WebDriver) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def html_lang(browser: WebDriver) -> str:
    return str(browser.execute_script("return document.documentElement.lang"))


def local_path(url: str) -> Path:
    parts = urlsplit(url)
    assert parts.scheme == "file", f"not a link to a file of the site: {url}"
    return Path(unquote(parts.path)).resolve()


@pytest.mark.parametrize("page", ["index.html", f"de/{DOC}.html"])
def test_page_renders_without_console_errors(browser: WebDriver, site: Path, page: str) -> None:
    open_page(browser, site / page)
    assert browser.title.strip()
    assert browser.find_element(By.TAG_NAME, "h1").text.strip()
    assert browser.find_element(By.TAG_NAME, "main").is_displayed()
    assert console_errors(browser) == []


def test_every_link_on_the_index_resolves_to_a_file(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "index.html")
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href]'), a => a.href)"
    )
    expected = {
        site / code / f"{DOC}.{ext}" for code in LANGUAGES for ext in ["html", "epub", "pdf"]
    }
    targets = {local_path(link) for link in links}
    assert expected <= targets
    missing = sorted(str(target) for target in targets if not target.is_file())
    assert missing == []
    assert console_errors(browser) == []


def test_links_of_a_factsheet_page_resolve(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "de" / f"{DOC}.html")
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href]'), a => a.href)"
    )
    local = [local_path(link) for link in links if link.startswith("file:")]
    assert site / "index.html" in local
    assert sorted(str(target) for target in local if not target.is_file()) == []


def test_language_switcher_reaches_the_french_page(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "de" / f"{DOC}.html")
    assert html_lang(browser) == "de"
    switcher = browser.find_element(By.CSS_SELECTOR, "nav.languages")
    french = switcher.find_element(By.CSS_SELECTOR, 'a[hreflang="fr"]')
    assert french.get_attribute("lang") == "fr"
    assert french.is_displayed()
    french.click()
    WebDriverWait(browser, 30).until(lambda driver: html_lang(driver) == "fr")
    assert local_path(browser.current_url) == site / "fr" / f"{DOC}.html"
    current = browser.find_element(By.CSS_SELECTOR, 'nav.languages a[aria-current="page"]')
    assert current.get_attribute("hreflang") == "fr"
    assert console_errors(browser) == []
