"""The web UI in headless Chromium (Selenium with the system chromedriver, never a download).

Loads every page, follows a timeline item to its evidence on the article page, saves
screenshots, reads the browser log for console errors, and proves a hostile article's
scripts, handlers and ``javascript:`` URLs never run.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from test_api import Server, build_sample_db

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("headless browser tests need /usr/bin/chromium and /usr/bin/chromedriver "
                "(scripts/install-browser.sh installs them)", allow_module_level=True)

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = Server(build_sample_db(tmp_path_factory.mktemp("uidb")))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chrome-profile")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                f"--user-data-dir={profile}", "--window-size=1400,1000"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def no_alert(driver: Any) -> bool:
    try:
        _ = driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def pages(server: Server) -> list[str]:
    arts = httpx.get(server.url + "/api/articles", params={"limit": 100}).json()["items"]
    actor = httpx.get(server.url + "/api/actors", params={"limit": 1}).json()["items"][0]
    dyad = httpx.get(server.url + "/api/dyads").json()["items"][0]
    return (["/", "/timeline", "/timeline?granularity=month", "/events", "/events?cameo=04",
             "/network", "/network?level=actor", "/dyads",
             f"/dyads/{dyad['source']}/{dyad['target']}", "/articles", "/actors",
             f"/actors/{actor['id']}", "/skips", "/search?q=Canberra", "/docs", "/map",
             "/events?place=AUS", "/alerts"]
            + [f"/articles/{a['id']}" for a in arts])


def test_every_page_loads_without_console_errors(server: Server, browser: Any,
                                                 shots: Path) -> None:
    for i, path in enumerate(pages(server)):
        browser.get(server.url + path)
        # Swagger UI (/docs) renders from script after load: wait for text, do not race it
        WebDriverWait(browser, 15).until(
            lambda d: d.find_element(By.TAG_NAME, "body").text.strip())
        assert browser.find_element(By.TAG_NAME, "body").text.strip(), path
        name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-") or "home"
        browser.save_screenshot(str(shots / f"{i:02d}-{name[:40]}.png"))
        assert console_errors(browser) == [], path
        assert no_alert(browser) and browser.execute_script("return window.__xss") is None


def test_timeline_item_leads_to_its_evidence(server: Server, browser: Any, shots: Path) -> None:
    browser.get(server.url + "/timeline")
    link = browser.find_elements(By.CSS_SELECTOR, "ol.timeline a.evidence-link")[0]
    event_id = link.get_attribute("href").rsplit("#ev-", 1)[1]
    link.click()
    assert "/articles/" in browser.current_url
    active = browser.find_elements(By.CSS_SELECTOR, ".seg.active")
    assert active, "the event's evidence is highlighted"
    assert all(event_id in (s.get_attribute("data-ev") or "").split() for s in active)
    card = browser.find_element(By.ID, f"ev-{event_id}")
    assert "active" in card.get_attribute("class")
    browser.save_screenshot(str(shots / "evidence.png"))
    # clicking a quote passage activates its quote card
    quote = browser.find_elements(By.CSS_SELECTOR, ".seg.q")
    if quote:
        quote[0].click()
        assert browser.find_elements(By.CSS_SELECTOR, ".card.quote.active")
    # removed boilerplate can be opened
    details = browser.find_elements(By.CSS_SELECTOR, "details.removed summary")
    if details:
        details[0].click()
    assert console_errors(browser) == []


def test_hostile_article_never_executes(server: Server, browser: Any, shots: Path) -> None:
    arts = httpx.get(server.url + "/api/articles", params={"limit": 100}).json()["items"]
    hostile = next(a for a in arts if a["title"] and "<script>" in a["title"])
    for path in (f"/articles/{hostile['id']}", "/articles", "/timeline", "/events",
                 "/search?q=agreement", f"/search?q={hostile['title'][:20]}"):
        browser.get(server.url + path)
        assert no_alert(browser), path
        assert browser.execute_script("return window.__xss") is None, path
        scripts = [s.get_attribute("src") for s in
                   browser.find_elements(By.TAG_NAME, "script")]
        assert all(s and s.startswith(server.url + "/static/") for s in scripts), scripts
        handlers = browser.execute_script(
            "return Array.from(document.querySelectorAll('*')).flatMap(e => "
            "Array.from(e.attributes).map(a => a.name)).filter(n => n.startsWith('on'))")
        assert handlers == [], path
        js_links = browser.execute_script(
            "return Array.from(document.querySelectorAll('[href],[src]')).map(e => "
            "e.getAttribute('href') || e.getAttribute('src'))"
            ".filter(u => /^\\s*javascript:/i.test(u))")
        assert js_links == [], path
        assert console_errors(browser) == [], path
    browser.get(server.url + f"/articles/{hostile['id']}")
    assert "<script>window.__xss='title'</script>" in browser.find_element(By.TAG_NAME, "h1").text
    body = browser.find_element(By.ID, "text").text
    assert "<img src=x" in body and "javascript:window.__xss" in body
    browser.save_screenshot(str(shots / "hostile.png"))
