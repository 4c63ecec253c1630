"""The catalog site in a real browser: headless Chromium (the distribution's package) driven
by selenium through the distribution's chromedriver; no browser is downloaded.

Every page loads without a console message of level SEVERE, every link and resource resolves
to a file inside the site, the index's filter hides the rows that do not match and its
headers sort, the picture's boxes link to segment pages. Screenshots of the index, of a
segment page and of the picture go to the test's directory, and to ``SEGMENTGEN_SCREENSHOTS``
when set (``make test-browser`` sets it to docs/images, the README's pictures). Skipped with the
reason where Chromium, chromedriver or selenium is absent (``chromium`` and ``chromedriver`` are
looked up on the PATH, or named by SEGMENTGEN_CHROMIUM and SEGMENTGEN_CHROMEDRIVER):
``make test-browser`` installs them and sets SEGMENTGEN_BROWSER_REQUIRED, which turns the skip
into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner

from segmentgen.cli import main

CASE = Path(__file__).parent / "cases" / "docs-catalog"


def _program(variable: str, name: str) -> Path | None:
    """The program named by ``variable``, else ``name`` on the PATH (None: not found)."""
    given = os.environ.get(variable)
    found = given or shutil.which(name)
    return Path(found) if found and Path(found).is_file() else None


CHROMIUM = _program("SEGMENTGEN_CHROMIUM", "chromium")
CHROMEDRIVER = _program("SEGMENTGEN_CHROMEDRIVER", "chromedriver")
SCREENSHOTS = "SEGMENTGEN_SCREENSHOTS"
REQUIRED = "SEGMENTGEN_BROWSER_REQUIRED"  # set: a missing browser fails instead of skipping
# every link and resource of the page (HTML and SVG), resolved as the browser resolves it
RESOLVED = """return Array.from(document.querySelectorAll("a[href], link[href], script[src]"),
  e => new URL(e.getAttribute("href") || e.getAttribute("src"), document.baseURI).href);"""


def _missing() -> str | None:
    for path, variable, program, package in (
            (CHROMIUM, "SEGMENTGEN_CHROMIUM", "chromium", "chromium"),
            (CHROMEDRIVER, "SEGMENTGEN_CHROMEDRIVER", "chromedriver", "chromium-driver")):
        if path is None:
            where = os.environ.get(variable) or f"{program} on the PATH"
            return (f"no headless browser: {where} not found; install the Debian package "
                    f"{package}, or run make test-browser (it installs what is missing)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return ("selenium is not installed in the virtualenv (it is not locked: "
                "make test-browser installs it)")
    return None


if _missing() is not None and os.environ.get(REQUIRED, "") not in ("", "0"):
    raise RuntimeError(f"{REQUIRED} is set: {_missing()}")
pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden case's site, built into a fresh directory."""
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(CASE / "specs", root / "specs")
    shutil.copy(CASE / "endpoints.jsonl", root / "endpoints.jsonl")
    shutil.copy(CASE / "profiles.jsonl", root / "profiles.jsonl")
    previous = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["docs", "--no-lint", "--endpoints", "endpoints.jsonl",
                                           "--profiles", "profiles.jsonl", "--as-of",
                                           "2024-06-01"])
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: Any, page: Path) -> None:
    browser.get(page.as_uri())
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], (page.name, errors)


def _inside(site: Path, url: str) -> Path:
    parsed = urlparse(url)
    assert parsed.scheme == "file", url
    target = Path(unquote(parsed.path))
    assert target.resolve().is_relative_to(site.resolve()), url
    return target


def test_every_page_loads_and_every_link_resolves_inside_the_site(browser: Any,
                                                                   site: Path) -> None:
    from selenium.webdriver.common.by import By

    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 2 + 6  # index, graph and one page per segment
    for page in pages:
        _open(browser, page)
        for url in browser.execute_script(RESOLVED):
            assert _inside(site, url).is_file(), (page.name, url)
        title = browser.find_element(By.TAG_NAME, "h1").text
        assert title, page.name


def test_filter_and_sort(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, site / "index.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "#catalog tbody tr")
    assert len(rows) == 6
    box = browser.find_element(By.ID, "filter")
    assert box.is_displayed()  # the script shows the filter it drives
    box.send_keys("nordic")
    shown = [row.get_attribute("data-key") for row in rows if row.is_displayed()]
    assert shown == ["new-in-nordics", "nordics"]
    assert browser.find_element(By.ID, "filter-count").text == "2 of 6 segments"
    box.clear()
    box.send_keys("tier=gold")
    assert [row.get_attribute("data-key") for row in rows if row.is_displayed()] == [
        "big-spenders"]
    box.clear()
    box.send_keys(" ")  # clear() fires no input event; an empty filter shows every row
    assert all(row.is_displayed() for row in rows)
    header = _sort(browser, "Matched")
    # endpoints and profiles matched in one column (each with its unit), ties by key
    assert _order(browser) == ["new-in-nordics", "big-spenders", "new-customers", "nordics",
                               "vip-oslo-frequent", "vip-oslo"]
    assert header.get_attribute("aria-sort") == "ascending"
    # the Customer Profiles segments have no sendable count (-): last in either direction
    header = _sort(browser, "Sendable")
    assert _order(browser) == ["big-spenders", "new-in-nordics", "nordics", "new-customers",
                               "vip-oslo", "vip-oslo-frequent"]
    header = _sort(browser, "Sendable")
    assert header.get_attribute("aria-sort") == "descending"
    assert _order(browser)[:4] == ["new-customers", "nordics", "new-in-nordics", "big-spenders"]
    assert sorted(_order(browser)[4:]) == ["vip-oslo", "vip-oslo-frequent"]
    _sort(browser, "Matched")  # the picture shows the index sorted by matched
    _screenshot(browser, site, "catalog-index.png")


def _sort(browser: Any, column: str) -> Any:
    """Click the header of ``column``; the header."""
    from selenium.webdriver.common.by import By

    header = browser.find_element(By.XPATH, f"//th[button[text()='{column}']]")
    header.find_element(By.TAG_NAME, "button").click()
    return header


def _order(browser: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [row.get_attribute("data-key")
            for row in browser.find_elements(By.CSS_SELECTOR, "#catalog tbody tr")]


def test_picture_links_to_segment_pages(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, site / "graph.html")
    boxes = browser.find_elements(By.CSS_SELECTOR, "svg a.node")
    assert len(boxes) == 10  # five linked segments in each of two environments
    stacks = browser.find_elements(By.CSS_SELECTOR, "svg g.cluster.stack")
    assert len(stacks) == 6 and all(box.is_displayed() for box in stacks)
    across = browser.find_elements(By.CSS_SELECTOR, "svg polyline.cross-stack")
    assert across and across[0].value_of_css_property("stroke-dasharray") not in ("", "none")
    prod = [box for box in boxes if "(stack prod-base)" in box.get_attribute("textContent")]
    assert len(prod) == 2
    next(box for box in prod if "new-customers" in box.text).click()
    assert browser.current_url.endswith("/segments/new-customers.html")
    _open(browser, site / "graph.html")
    _screenshot(browser, site, "catalog-graph.png")
    _open(browser, site / "segments" / "new-in-nordics.html")
    assert "fail" in browser.find_element(By.CSS_SELECTOR, "table.examples").text
    _screenshot(browser, site, "catalog-segment.png")


def _screenshot(browser: Any, site: Path, name: str) -> None:
    """The page as shown (up to 1600 px high) beside the site, and in SEGMENTGEN_SCREENSHOTS."""
    folders = [site.parent / "screenshots", *filter(None, [os.environ.get(SCREENSHOTS)])]
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(height, 600), 1600))
    for folder in map(Path, folders):
        folder.mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(folder / name))
        assert (folder / name).read_bytes().startswith(b"\x89PNG")
    browser.set_window_size(1280, 900)
