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
    assert site / "index.de.html" in local
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


# Each element with text of its own: the contrast of its colour with the first opaque
# background behind it (WCAG 2.1 relative luminance).
LOW_CONTRAST = """
function rgb(text) { return text.match(/[\\d.]+/g).map(Number); }
function lum(c) {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function background(el) {
  for (; el; el = el.parentElement) {
    const c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length < 4 || c[3] > 0) return c;
  }
  return [255, 255, 255];
}
const low = [];
for (const el of document.querySelectorAll('body *')) {
  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || el.closest('.visually-hidden, script, style')) continue;
  if (!el.getClientRects().length) continue;
  const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) low.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)}`);
}
return low;
"""


@pytest.mark.parametrize("page", ["index.html", "index.de.html", f"de/{DOC}.html"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_keeps_its_contrast_in_both_colour_schemes(
    browser: WebDriver, site: Path, page: str, scheme: str
) -> None:
    features = [{"name": "prefers-color-scheme", "value": scheme}]
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": features})
    try:
        open_page(browser, site / page)
        background = browser.execute_script(
            "return getComputedStyle(document.body).backgroundColor"
        )
        assert (background == "rgb(255, 255, 255)") == (scheme == "light")
        assert browser.execute_script(LOW_CONTRAST) == []
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


def test_a_printed_page_shows_the_text_without_navigation(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "de" / f"{DOC}.html")
    assert browser.find_element(By.CSS_SELECTOR, "nav.languages").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for hidden in ["header.site", ".downloads", "footer.site"]:
            assert not browser.find_element(By.CSS_SELECTOR, hidden).is_displayed(), hidden
        assert browser.find_element(By.CSS_SELECTOR, "main h1").is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, "main table").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_printed_page_fits_fewer_sheets(
    site: Path, tmp_path: Path, chromium: tuple[str, str]
) -> None:
    """Chromium's own print of the German page: A4, and no page spent on the language bar."""
    binary, _driver = chromium
    target = tmp_path / "printed.pdf"
    subprocess.run(
        [
            binary,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            (site / "de" / f"{DOC}.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    info = subprocess.run(
        ["pdfinfo", str(target)], check=True, capture_output=True, text=True
    ).stdout
    assert "(A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages <= 3
    text = subprocess.run(
        ["pdftotext", str(target), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "slovenščina" not in text and "Ethische Leitlinien" in text


def test_the_index_offers_the_readers_language(browser: WebDriver, site: Path) -> None:
    agent = str(browser.execute_script("return navigator.userAgent"))
    for accept, expected in [("fr-BE,fr;q=0.9,en;q=0.5", "fr"), ("en-GB,en", None)]:
        browser.execute_cdp_cmd(
            "Emulation.setUserAgentOverride", {"userAgent": agent, "acceptLanguage": accept}
        )
        open_page(browser, site / "index.html")
        offer = browser.find_element(By.ID, "offer")
        if expected is None:
            assert not offer.is_displayed()
            continue
        assert offer.is_displayed() and offer.get_attribute("lang") == expected
        offer.find_element(By.TAG_NAME, "a").click()
        WebDriverWait(browser, 30).until(lambda driver, lang=expected: html_lang(driver) == lang)
        assert local_path(browser.current_url) == site / f"index.{expected}.html"
    assert console_errors(browser) == []
