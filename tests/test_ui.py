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
    event = httpx.get(server.url + "/api/events", params={"actor": "AUS"}).json()["items"][0]
    cluster = httpx.get(server.url + "/api/between/AUS/JPN").json()["events"]["items"][0]
    return (["/", "/timeline", "/timeline?granularity=month", "/events", "/events?cameo=04",
             "/network", "/network?level=actor", "/dyads",
             f"/dyads/{dyad['source']}/{dyad['target']}", "/articles", "/actors",
             f"/actors/{actor['id']}", "/skips", "/search?q=Canberra", "/docs", "/map",
             "/events?place=AUS", "/between", "/between/AUS/JPN", "/between/Japan/Australia",
             "/quotes", "/quotes?speaker=Japan&about=agreement", "/corrections",
             f"/events/{event['id']}", f"/clusters/{cluster['cluster']['id']}",
             "/search?q=arrest", "/events?actor=aus&order=-cameo", "/alerts"]
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


def test_between_page_answers_the_analysts_question(server: Server, browser: Any,
                                                    shots: Path) -> None:
    """Pick Australia and Japan by name on the form; the joint pact shows under both
    directions with its outlets, the quotes of either side are beside it, zero errors."""
    browser.get(server.url + "/between")
    browser.find_element(By.NAME, "a").send_keys("Australia")
    browser.find_element(By.NAME, "b").send_keys("japan")
    browser.find_element(By.CSS_SELECTOR, "form.pair button").click()
    WebDriverWait(browser, 10).until(lambda d: "/between/AUS/JPN" in d.current_url)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Australia" in body and "Japan" in body
    pact = [li for li in browser.find_elements(By.CSS_SELECTOR, "ol.between li.tl-item")
            if "reciprocal access agreement" in li.text]
    assert pact, "the joint pact is on the page"
    dirs = [d.text for d in pact[0].find_elements(By.CSS_SELECTOR, ".dir")]
    assert "AUS → JPN" in dirs and "JPN → AUS" in dirs and "joint" in dirs
    assert "The Harbour Ledger" in pact[0].find_element(By.CSS_SELECTOR, "a.outlets").text
    quotes = browser.find_elements(By.CSS_SELECTOR, "ul.quotes li.quote")
    assert quotes and any("Japan" in x.text for x in quotes)
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timechart rect.coop")
    # each direction on its own still holds the pact
    for side in ("ab", "ba"):
        browser.get(server.url + f"/between/AUS/JPN?side={side}")
        assert "reciprocal access agreement" in browser.find_element(By.TAG_NAME, "body").text
    browser.get(server.url + "/between/AUS/JPN")
    browser.save_screenshot(str(shots / "between.png"))
    assert console_errors(browser) == []


def test_correction_made_in_the_page_survives_reingest(server: Server, browser: Any,
                                                       shots: Path, tmp_path: Path) -> None:
    """Reject one event and retype another from their pages; both show (flagged) in the
    views and the CSV twin, and still do after `newsgraph ingest` of the same folder again."""
    import sqlite3

    from typer.testing import CliRunner

    from newsgraph.cli import app
    from test_api import EXAMPLES

    db = tmp_path / "fix.db"
    src = sqlite3.connect(server.db)
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    own = Server(db)
    try:
        items = httpx.get(own.url + "/api/between/AUS/JPN").json()["events"]["items"]
        pact = next(e for e in items if e["joint"])
        other = next(e for e in httpx.get(own.url + "/api/events",
                                          params={"actor": "CHN"}).json()["items"])
        browser.get(own.url + f"/events/{pact['id']}")
        form = browser.find_element(By.ID, "fix-cameo")
        form.find_element(By.NAME, "value").send_keys("057")
        form.find_element(By.NAME, "who").send_keys("ui-test")
        form.find_element(By.NAME, "note").send_keys("a signed agreement")
        form.find_element(By.CSS_SELECTOR, "button").click()
        WebDriverWait(browser, 10).until(lambda d: "saved=1" in d.current_url)
        assert "ui-test" in browser.find_element(By.TAG_NAME, "body").text
        browser.save_screenshot(str(shots / "event-corrected.png"))
        browser.get(own.url + f"/events/{other['id']}")
        browser.find_element(By.CSS_SELECTOR, "#fix-reject button").click()
        WebDriverWait(browser, 10).until(lambda d: "saved=1" in d.current_url)
        assert console_errors(browser) == []

        def check() -> None:
            got = httpx.get(own.url + f"/api/events/{pact['id']}").json()
            assert got["corrected"] and got["cameo"] == "057"
            assert got["corrections"][0]["who"] == "ui-test"
            ids = [e["id"] for e in httpx.get(own.url + "/api/events",
                                              params={"limit": 500}).json()["items"]]
            assert other["id"] not in ids, "a rejected event leaves the listings"
            csv_text = httpx.get(own.url + "/between/AUS/JPN?format=csv").text
            assert "corrected" in csv_text.splitlines()[0] and "ui-test" in csv_text
            browser.get(own.url + "/between/AUS/JPN")
            assert browser.find_elements(By.CSS_SELECTOR, "ol.between .flag.corrected")

        check()
        res = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
        assert res.exit_code == 0, res.output
        check()
        browser.get(own.url + "/corrections")
        assert "ui-test" in browser.find_element(By.TAG_NAME, "body").text
        browser.save_screenshot(str(shots / "corrections.png"))
        assert console_errors(browser) == []
    finally:
        own.stop()
