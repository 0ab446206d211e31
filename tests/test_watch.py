"""``newsgraph watch`` against a real HTTP server on 127.0.0.1 whose feeds change between
rounds (opened on the fetcher's allow-list, as test_fetch.py does): new entries, 304s, a feed
that times out, a redirect to a private address, huge and binary entry pages, robots.txt,
the same story from two feeds, alerts (JSON, Atom, web page, webhook) and a kill -9."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.errors import SkipCode
from newsgraph.ingest.fetch import FetchPolicy
from newsgraph.pipeline import Pipeline
from newsgraph.store import Store
from newsgraph.watch.alerts import (
    Alerter,
    BadWatches,
    WatchConfig,
    list_alerts,
    load_watches,
    parse_watch,
)
from newsgraph.watch.demo import FeedServer, Item, sample_pages, text_page
from newsgraph.watch.feedlist import BadFeedList, read_feed_list
from newsgraph.watch.loop import Watcher, parse_duration

DAY = dt.datetime(2024, 3, 11, 12, tzinfo=dt.UTC).timestamp()
LOOPBACK = FetchPolicy(allow=FetchPolicy.allowing(["127.0.0.1/32"]).allow, timeout=1.0,
                       max_bytes=200_000)
STORY_A = ("Japan protests detention of businessman in China",
           "Japan's Foreign Ministry formally protested to China on Monday after Chinese state "
           "security officers detained a Japanese businessman in Beijing.\n\nThe ministry said "
           "the man, an employee of a trading company, had been held since last week without "
           "access to a lawyer. Tokyo demanded his immediate release and said it would raise "
           "the case at every level.\n\nChina's foreign ministry said the case was being "
           "handled according to law.")
STORY_B = ("Tokyo lodges protest with Beijing over detained national",
           "Japan protested to China on Monday after Chinese state security officers detained "
           "a Japanese businessman in Beijing, the Foreign Ministry said.\n\nOfficials in Tokyo "
           "said the man, who works for a trading house, had been held since last week and had "
           "not been allowed to see a lawyer. Japan demanded that he be released.\n\nBeijing "
           "said the matter was being handled in accordance with the law.")


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        self.t += s


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    with FeedServer() as s:
        yield s


def test_feed_list_plain_and_opml(tmp_path: Path) -> None:
    plain = tmp_path / "feeds.txt"
    plain.write_text("# my feeds\nhttps://a.example/rss\n\nhttps://b.example/atom extra\n"
                     "https://a.example/rss\nftp://nope\n")
    assert read_feed_list(plain) == ["https://a.example/rss", "https://b.example/atom"]
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
                    '<outline type="rss" xmlUrl="https://c.example/feed"/></outline>'
                    '<outline xmlUrl="http://d.example/rss"/></body></opml>')
    assert read_feed_list(opml) == ["https://c.example/feed", "http://d.example/rss"]
    bad = tmp_path / "bad.opml"
    bad.write_text("<?xml version='1.0'?><opml><body><outline")
    with pytest.raises(BadFeedList):
        read_feed_list(bad)
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n")
    with pytest.raises(BadFeedList, match="E203"):
        read_feed_list(empty)


def test_watch_yaml_is_checked(tmp_path: Path) -> None:
    good = tmp_path / "w.yaml"
    good.write_text("webhook: http://127.0.0.1:1/hook\nwatches:\n"
                    "  - {name: a, dyad: AUS-CHN, rule: spike, metric: goldstein, window: 24h}\n"
                    "  - {name: b, plover: PROTEST, bbox: '100,-10,150,10', words: port}\n")
    cfg = load_watches(good)
    assert cfg.webhook == "http://127.0.0.1:1/hook"
    a, b = cfg.watches
    assert a.dyad == ("AUS", "CHN") and a.window == 1 and a.direction == "down"
    assert len(a.event_filters()) == 2  # both directions
    assert b.words == ("port",) and dict(b.filters)["plover"] == "PROTEST"
    bad = ("{name: x, rule: sometimes}", "{name: x, colour: red}", "{name: x, bbox: '1,2,3'}",
           "{name: x, window: soon}", "{name: x, metric: mood}", "{rule: new}")
    for text in [f"watches:\n  - {w}\n" for w in bad] + ["- {name: x}\n- {name: x}\n",
                                                           "nope: 1\n"]:
        good.write_text(text)
        with pytest.raises(BadWatches):
            load_watches(good)
    assert parse_duration("15m") == 900 and parse_duration("2h") == 7200
    with pytest.raises(ValueError):
        parse_duration("often")


def _pages(server: FeedServer) -> list[tuple[str, str, str | None]]:
    out = []
    for slug, title, published, page in sample_pages():
        server.pages[f"/a/{slug}"] = (page, "text/html; charset=utf-8")
        out.append((slug, title, published))
    return out


def test_rounds_conditional_backoff_skips_and_one_alert(server: FeedServer, tmp_path: Path,
                                                          pipeline: Pipeline) -> None:
    samples = _pages(server)
    server.pages["/s/a"] = (text_page(*STORY_A), "text/html")
    server.pages["/s/b"] = (text_page(*STORY_B), "text/html")
    server.pages["/s/wire-copy"] = (text_page(*STORY_A), "text/html")  # same bytes elsewhere
    server.pages["/huge"] = (b"<html><body><p>" + b"word " * 100_000 + b"</p></body></html>",
                             "text/html")
    server.pages["/binary"] = (bytes(range(256)) * 50, "application/octet-stream")
    server.pages["/private/page"] = (text_page(*STORY_B), "text/html")
    server.robots = "User-agent: *\nDisallow: /private/\n"
    server.feeds = {"/one.rss": [Item(t, f"/a/{s}", p) for s, t, p in samples[:2]],
                    "/two.rss": [Item(samples[2][1], f"/a/{samples[2][0]}", samples[2][2])],
                    "/slow.rss": []}
    server.slow["/slow.rss"] = 3.0  # over the 1 s time limit
    server.redirects["/moved.rss"] = "http://10.0.0.7/feed.rss"  # refused before connecting
    urls = [server.url + p for p in ("/one.rss", "/two.rss", "/slow.rss", "/moved.rss")]
    clock = Clock(DAY)
    watches = WatchConfig((parse_watch({"name": "detentions", "dyad": ["CHN", "JPN"],
                                        "root": "17", "rule": "new"}, 0),),
                          webhook=server.url + "/hook")
    with Store(tmp_path / "w.db") as store:
        w = Watcher(store, urls, policy=LOOPBACK, watches=watches, every=900, delay=0.0,
                    pipeline=pipeline, clock=clock, sleep=clock.sleep, group=2)
        s1 = w.round()
        assert (s1.feeds, s1.polled, s1.new_entries, s1.articles, s1.errors) == (4, 4, 3, 3, 2)
        feeds = {r["url"]: r for r in store._all("SELECT * FROM watch_feeds")}
        assert feeds[urls[2]]["last_status"] == SkipCode.FETCH_FAILED.value  # timed out
        assert feeds[urls[3]]["last_status"] == SkipCode.FETCH_REFUSED.value  # private
        assert "10.0.0.7" in feeds[urls[3]]["last_error"]
        assert feeds[urls[2]]["next_at"] == DAY + 900  # backoff: every * 2**0
        n_articles = store.counts()["articles"]

        # nothing new: only conditional requests, every feed answers 304, no page fetched
        clock.t += 450  # the failing feeds wait until DAY + 900
        mark = len(server.log)
        s2 = w.round()
        sent = server.log[mark:]
        assert (s2.polled, s2.not_modified, s2.new_entries) == (2, 2, 0)
        assert sent and all(cond for _, path, cond in sent) and len(sent) == 2
        assert store.counts()["articles"] == n_articles

        # new entries: one story on two feeds (and a word-for-word wire copy on a third path),
        # a huge page, a binary file, a page robots.txt disallows
        server.feeds["/one.rss"].insert(0, Item(STORY_A[0], "/s/a", "2024-03-11"))
        server.feeds["/two.rss"] += [Item(STORY_B[0], "/s/b", "2024-03-11"),
                                     Item("wire copy", "/s/wire-copy", "2024-03-11"),
                                     Item("huge", "/huge", "2024-03-11"),
                                     Item("binary", "/binary", "2024-03-11"),
                                     Item("private", "/private/page", "2024-03-11")]
        clock.t += 900
        mark = len(server.log)
        s3 = w.round()
        assert s3.new_entries == 6 and s3.polled == 4  # the backed-off feeds are due again
        assert (s3.articles, s3.duplicates, s3.skips) == (3, 1, 3)
        fetched = [p for m, p, _ in server.log[mark:] if m == "GET"]
        assert "/private/page" not in fetched  # robots.txt
        assert all(fetched.count(p) == 1 for p in ("/s/a", "/s/b", "/huge", "/binary"))
        codes = dict(store.conn.execute(
            "SELECT link, code FROM watch_entries WHERE state = 'skipped'").fetchall())
        assert codes == {server.url + "/huge": SkipCode.TOO_LARGE.value,
                         server.url + "/binary": SkipCode.UNSUPPORTED.value,
                         server.url + "/private/page": SkipCode.FETCH_REFUSED.value}
        assert {r["code"] for r in store.skips()} == set(codes.values())
        failing = store.conn.execute("SELECT failures, next_at FROM watch_feeds WHERE url = ?",
                                     (urls[2],)).fetchone()
        assert tuple(failing) == (2, clock.t + 1800)  # every * 2**1

        # one cluster, one alert: the detention is one event whoever reported it
        alerts = list_alerts(store.conn)
        assert s3.alerts == 1 and len(alerts) == 1
        (cluster,) = alerts[0]["clusters"]
        # the wire copy is a copy mention: it counts as an article, not as an independent report
        assert cluster["n_articles"] == 3 and cluster["n_outlets"] == 2
        assert cluster["n_independent"] == 2
        assert "detained" in cluster["evidence"]
        assert len(server.posts) == 1  # the webhook, through the same guard
        posted = json.loads(server.posts[0])
        assert posted["id"] == alerts[0]["id"] and posted["clusters"][0]["evidence"]
        assert store.conn.execute("SELECT delivered FROM alerts").fetchone()[0] == 1

        # again: nothing new, nothing fetched twice, no second alert
        clock.t += 3600
        mark = len(server.log)
        s4 = w.round()
        assert s4.new_entries == 0 and s4.alerts == 0 and s4.articles == 0
        assert all(cond for m, p, cond in server.log[mark:]
                   if p not in ("/slow.rss", "/moved.rss"))  # never answered: no validators
        w.close()
        rounds = store.conn.execute("SELECT count(*) FROM watch_rounds WHERE finished IS NOT "
                                    "NULL").fetchone()[0]
        assert rounds == 4
    _check_api(tmp_path / "w.db")


def _check_api(db: Path) -> None:
    from fastapi.testclient import TestClient

    from newsgraph.api import Settings, create_app

    with TestClient(create_app(Settings(db=db))) as client:
        status = client.get("/api/watch/status").json()
        assert status["rounds"] == 4 and len(status["feeds"]) == 4
        got = client.get("/api/alerts").json()
        assert got["count"] == 1 and got["items"][0]["clusters"]
        assert client.get("/api/alerts", params={"since": got["items"][0]["id"]}).json()[
            "count"] == 0
        atom = client.get("/api/alerts.atom")
        assert atom.headers["content-type"].startswith("application/atom+xml")
        import feedparser

        parsed = feedparser.parse(atom.content)
        assert not parsed.bozo and len(parsed.entries) == 1
        assert "detained" in parsed.entries[0].summary
        page = client.get("/alerts")
        assert page.status_code == 200 and "1 new since you last looked" in page.text
        assert "detained" in page.text
        again = client.get("/alerts")  # the cookie moved the mark: nothing new now
        assert "0 new since you last looked" in again.text
        assert client.get("/alerts", params={"format": "json"}).json()["items"]


def test_spike_and_count_rules(tmp_path: Path, pipeline: Pipeline, server: FeedServer) -> None:
    """Count and spike read clusters by day; a quiet baseline then a busy day fires once."""
    samples = _pages(server)
    server.feeds = {"/f.rss": [Item(t, f"/a/{s}", p) for s, t, p in samples]}
    with Store(tmp_path / "s.db") as store:
        w = Watcher(store, [server.url + "/f.rss"], policy=LOOPBACK, delay=0.0,
                    pipeline=pipeline, clock=Clock(DAY))
        w.round()
        w.close()
        day = store.conn.execute("SELECT lo, count(*) FROM event_clusters WHERE lo IS NOT NULL "
                                 "GROUP BY lo ORDER BY 2 DESC LIMIT 1").fetchone()
        busiest, n = day[0], int(day[1])
        noon = dt.datetime.fromisoformat(busiest).replace(hour=12, tzinfo=dt.UTC).timestamp()
        rules = WatchConfig((
            parse_watch({"name": "count", "rule": "count", "threshold": n}, 0),
            parse_watch({"name": "count-high", "rule": "count", "threshold": n + 1}, 1),
            parse_watch({"name": "spike", "rule": "spike", "baseline": 7, "k": 2,
                         "min_delta": 1}, 2)))
        alerter = Alerter(store, rules, noon)
        fired = alerter.evaluate(noon)
        got = {a["watch"]: a for a in list_alerts(store.conn)}
        assert set(got) == {"count", "spike"} and len(fired) == 2
        assert got["count"]["value"] == n and len(got["count"]["clusters"]) == n
        assert got["spike"]["value"] == n and got["spike"]["baseline"] is not None
        assert alerter.evaluate(noon + 60) == []  # once per day


def test_kill_9_mid_round_then_restart(tmp_path: Path, server: FeedServer) -> None:
    """kill -9 while articles are being written; the restart finishes the queue, stores no
    article twice, fetches no finished entry again and loses no alert. A reader (as
    ``serve`` would be) reads the store throughout."""
    samples = _pages(server)
    server.feeds = {"/a.rss": [Item(t, f"/a/{s}", p) for s, t, p in samples[:5]],
                    "/b.rss": [Item(t, f"/a/{s}", p, guid=f"b-{s}") for s, t, p in samples[5:]]}
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.url}/a.rss\n{server.url}/b.rss\n")
    alerts = tmp_path / "alerts.yaml"
    alerts.write_text("watches:\n  - {name: any, rule: new}\n")
    db = tmp_path / "k.db"
    args = [sys.executable, "-c", "from newsgraph.cli import app; app()", "watch", str(feeds),
            "--db", str(db), "--once", "--delay", "0", "--alerts", str(alerts),
            "--allow-network", "127.0.0.1/32", "--timeout", "5", "--group", "1"]
    for path in list(server.pages):
        server.slow[path] = 0.3  # the kill lands while pages are still coming
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 240
    seen = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    with Store(db, readonly=True) as reader:  # a concurrent WAL reader
                        seen = reader.counts()["articles"]
                except Exception:  # noqa: BLE001 - the file may be mid-creation
                    seen = 0
            if seen >= 2:
                break
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()[0].decode()[-2000:]
        _serve_while_watching(db)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    with Store(db) as store:
        done_before = {r[0] for r in store.conn.execute(
            "SELECT link FROM watch_entries WHERE state != 'pending'")}
        pending = store.conn.execute(
            "SELECT count(*) FROM watch_entries WHERE state = 'pending'").fetchone()[0]
    assert done_before and pending  # killed with work committed and work queued
    mark = len(server.log)
    out = subprocess.run(args, env=env, capture_output=True, timeout=300, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "round" in out.stdout
    refetched = {server.url + p for m, p, _ in server.log[mark:] if p.startswith("/a/")}
    assert not refetched & done_before  # a finished entry is never fetched again
    with Store(db) as store:
        states = dict(store.conn.execute(
            "SELECT state, count(*) FROM watch_entries GROUP BY state").fetchall())
        assert states.get("pending") is None and sum(states.values()) == 10
        n_articles = store.counts()["articles"]
        assert n_articles == len({r[0] for r in store.conn.execute(
            "SELECT article_id FROM watch_entries WHERE article_id IS NOT NULL")})
        assert n_articles == 10
        # no lost alert: every cluster of the new articles is in an alert
        spec = parse_watch({"name": "any", "rule": "new"}, 0)
        alerter = Alerter(store, WatchConfig((spec,)), time.time())
        clusters = {m.cluster_id for m in alerter.matches(spec, "1", {})}
        alerted = {r[0] for r in store.conn.execute("SELECT cluster_id FROM alert_clusters")}
        assert clusters and clusters <= alerted


def _serve_while_watching(db: Path) -> None:
    """The API app on the store the watcher is writing (as ``serve`` would run beside it)."""
    from fastapi.testclient import TestClient

    from newsgraph.api import Settings, create_app

    with TestClient(create_app(Settings(db=db))) as client:
        assert client.get("/api/watch/status").json()["feeds"]
        assert client.get("/api/articles").status_code == 200
        assert client.get("/alerts").status_code == 200


def test_sigterm_stops_after_the_current_article(tmp_path: Path, server: FeedServer) -> None:
    samples = _pages(server)
    server.feeds = {"/a.rss": [Item(t, f"/a/{s}", p) for s, t, p in samples]}
    for path in list(server.pages):
        server.slow[path] = 0.5  # slow pages: the signal arrives mid-round
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.url}/a.rss\n")
    db = tmp_path / "t.db"
    args = [sys.executable, "-c", "from newsgraph.cli import app; app()", "watch", str(feeds),
            "--db", str(db), "--every", "1h", "--delay", "0", "--allow-network",
            "127.0.0.1/32"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(p.startswith("/a/") for _, p, _ in server.log):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out = proc.communicate(timeout=120)[0]
    assert proc.returncode == 0, out
    assert "stopping after the current article" in out and "(stopped)" in out
    with Store(db) as store:
        states = dict(store.conn.execute(
            "SELECT state, count(*) FROM watch_entries GROUP BY state").fetchall())
        assert states.get("pending", 0) > 0  # the rest waits for the next run
        assert store.counts()["articles"] == states.get("done", 0)


def test_cli_usage_errors_and_status(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsgraph.cli import app

    runner = CliRunner()
    empty = tmp_path / "feeds.txt"
    empty.write_text("# none yet\n")
    got = runner.invoke(app, ["watch", str(empty), "--db", str(tmp_path / "x.db")])
    assert got.exit_code == 2 and "E203" in got.output
    feeds = tmp_path / "ok.txt"
    feeds.write_text("http://127.0.0.1:9/rss\n")
    got = runner.invoke(app, ["watch", str(feeds), "--every", "often"])
    assert got.exit_code == 2 and "duration" in got.output
    bad = tmp_path / "w.yaml"
    bad.write_text("watches: [{name: a, rule: maybe}]\n")
    got = runner.invoke(app, ["watch", str(feeds), "--alerts", str(bad)])
    assert got.exit_code == 2 and "E204" in got.output
    # a refused feed (loopback without --allow-network) is an error with a code, not a crash
    db = tmp_path / "r.db"
    got = runner.invoke(app, ["watch", str(feeds), "--db", str(db), "--once", "--json"])
    assert got.exit_code == 0, got.output
    line = json.loads(got.output.strip().splitlines()[-1])
    assert line["errors"] == 1 and "E109" in line["problems"][0]
    status = runner.invoke(app, ["watch", "--status", "--db", str(db), "--json"])
    data = json.loads(status.output)
    assert data["rounds"] == 1 and data["feeds"][0]["last_status"] == "E109"
    text = runner.invoke(app, ["watch", "--status", "--db", str(db)])
    assert "1 rounds" in text.output and "E109" in text.output


def test_webhook_failure_is_retried_then_given_up(tmp_path: Path, server: FeedServer) -> None:
    from newsgraph.ingest.fetch import Fetcher
    from newsgraph.watch.alerts import MAX_TRIES, deliver

    with Store(tmp_path / "h.db") as store, Fetcher(LOOPBACK) as fetcher:
        with store.transaction() as c:
            for i in (1, 2):
                c.execute("INSERT INTO alerts (key, watch, rule, fired_at, day, value, title) "
                          "VALUES (?, 'w', 'count', ?, '2024-03-11', 3, 't')", (f"k{i}", DAY))
        import socket

        with socket.socket() as sock:  # a port nobody listens on: connection refused
            sock.bind(("127.0.0.1", 0))
            down = f"http://127.0.0.1:{sock.getsockname()[1]}/hook"
        assert deliver(store, fetcher, down) == (0, 1)  # first failure ends the round
        tries = [r[0] for r in store.conn.execute("SELECT tries FROM alerts ORDER BY id")]
        assert tries == [1, 0]
        for _ in range(MAX_TRIES):
            deliver(store, fetcher, down)
        assert store.conn.execute("SELECT delivered FROM alerts WHERE id = 1").fetchone()[0] == -2
        assert deliver(store, fetcher, server.url + "/hook") == (1, 0)
        assert len(server.posts) == 1


def test_last_modified_and_a_page_retried(tmp_path: Path, server: FeedServer,
                                          pipeline: Pipeline) -> None:
    """A server with Last-Modified only gets If-Modified-Since and answers 304; an entry page
    that fails (503) stays queued and is fetched in a later round, not skipped."""
    server.etags = False
    server.pages["/s/a"] = (text_page(*STORY_A), "text/html")
    server.failing["/s/a"] = 1
    server.feeds = {"/lm.rss": [Item(STORY_A[0], "/s/a", "2024-03-11")]}
    clock = Clock(DAY)
    with Store(tmp_path / "lm.db") as store:
        w = Watcher(store, [server.url + "/lm.rss"], policy=LOOPBACK, delay=0.0,
                    pipeline=pipeline, clock=clock, sleep=clock.sleep)
        s1 = w.round()
        assert (s1.new_entries, s1.articles, s1.skips, s1.retries) == (1, 0, 0, 1)
        assert "1 pages to retry" in s1.line()
        clock.t += 900
        s2 = w.round()
        assert (s2.not_modified, s2.articles, s2.skips) == (1, 1, 0)
        feed_gets = [c for m, p, c in server.log if p == "/lm.rss"]
        assert feed_gets == [False, True]
        assert tuple(store.conn.execute("SELECT state, tries FROM watch_entries").fetchone()) == \
            ("done", 1)
        w.close()
