"""A local feed server over the bundled samples, and ``python -m newsgraph.watch.demo``.

``FeedServer`` serves RSS feeds and pages from memory on 127.0.0.1 (a free port) and answers
conditional requests the way real feed servers do (``ETag`` and ``Last-Modified``, ``304``
when they match). Tests, the demo and ``bench/watch.py`` change its feeds between rounds.
The demo starts one, writes a FEEDS file and an alerts file next to the database, and runs
three rounds of the watcher, adding sample articles to the feeds between rounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@dataclass
class Item:
    title: str
    link: str  # a path on this server or an absolute URL
    published: str | None = None  # YYYY-MM-DD
    guid: str | None = None


@dataclass
class FeedServer:
    """Feeds and pages served from dictionaries the caller may change at any time."""

    feeds: dict[str, list[Item]] = field(default_factory=dict)
    pages: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    slow: dict[str, float] = field(default_factory=dict)  # path -> seconds before answering
    robots: str | None = None  # robots.txt body (None: 404)
    etags: bool = True  # False: validate with Last-Modified only
    failing: dict[str, int] = field(default_factory=dict)  # path -> 503s still to answer
    log: list[tuple[str, str, bool]] = field(default_factory=list)  # method, path, conditional
    posts: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _modified: dict[str, tuple[str, str]] = field(default_factory=dict)  # body hash, date

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                server._get(self)

            def do_POST(self) -> None:  # noqa: N802
                n = int(self.headers.get("Content-Length") or 0)
                with server.lock:
                    server.log.append(("POST", self.path, False))
                    server.posts.append(self.rfile.read(n))
                server._send(self, 204, b"", "text/plain")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FeedServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rss(self, path: str) -> bytes:
        items = []
        for it in self.feeds[path]:
            link = it.link if it.link.startswith("http") else self.url + it.link
            date = ""
            if it.published:
                stamp = time.mktime(time.strptime(it.published, "%Y-%m-%d"))
                date = f"<pubDate>{formatdate(stamp, usegmt=True)}</pubDate>"
            items.append(f"<item><title>{html.escape(it.title)}</title>"
                         f"<link>{html.escape(link)}</link>"
                         f"<guid>{html.escape(it.guid or link)}</guid>{date}</item>")
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{path}</title>'
                f"<link>{self.url}</link><description>test</description>"
                f"{''.join(items)}</channel></rss>").encode()

    def _get(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        conditional = bool(h.headers.get("If-None-Match") or h.headers.get("If-Modified-Since"))
        with self.lock:
            self.log.append(("GET", path, conditional))
            delay = self.slow.get(path, 0.0)
            fail = self.failing.get(path, 0)
            if fail:
                self.failing[path] = fail - 1
        if delay:
            time.sleep(delay)
        if fail:
            self._send(h, 503, b"busy", "text/plain")
            return
        if path in self.redirects:
            h.send_response(302)
            h.send_header("Location", self.redirects[path])
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if path == "/robots.txt":
            if self.robots is None:
                self._send(h, 404, b"no robots.txt", "text/plain")
            else:
                self._send(h, 200, self.robots.encode(), "text/plain")
            return
        if path in self.feeds:
            body = self.rss(path)
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if not self.etags:
                with self.lock:
                    known = self._modified.get(path)
                    if known is None or known[0] != etag:
                        known = self._modified[path] = (etag, formatdate(usegmt=True))
                if h.headers.get("If-Modified-Since") == known[1]:
                    h.send_response(304)
                    h.end_headers()
                    return
                self._send(h, 200, body, "application/rss+xml", {"Last-Modified": known[1]})
                return
            if h.headers.get("If-None-Match") == etag:
                h.send_response(304)
                h.send_header("ETag", etag)
                h.end_headers()
                return
            self._send(h, 200, body, "application/rss+xml", {"ETag": etag})
            return
        if path in self.pages:
            body, ctype = self.pages[path]
            self._send(h, 200, body, ctype)
            return
        self._send(h, 404, b"not here", "text/plain")

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str,
              headers: dict[str, str] | None = None) -> None:
        try:
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
            pass


def sample_pages() -> list[tuple[str, str, str | None, bytes]]:
    """The bundled samples as (slug, title, published, HTML page); text ones wrapped."""
    out = []
    for path in sorted(EXAMPLES.glob("*")):
        if path.suffix == ".html":
            data = path.read_bytes()
            title = data.split(b"<title>", 1)[-1].split(b"</title>", 1)[0].decode()
            out.append((path.stem, html.unescape(title), _html_date(path.stem), data))
        elif path.suffix == ".txt":
            head, _, body = path.read_text("utf-8").partition("\n\n")
            meta = dict(ln.split(": ", 1) for ln in head.splitlines() if ": " in ln)
            out.append((path.stem, meta.get("Title", path.stem), meta.get("Published"),
                        text_page(meta.get("Title", path.stem), body)))
    return out


def text_page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n\n")
                    if p.strip())
    return (f"<html><head><title>{html.escape(title)}</title></head><body><article>"
            f"<h1>{html.escape(title)}</h1>{paras}</article></body></html>").encode()


_DATES = {"06": "2023-05-17", "07": "2024-06-04", "08": "2025-01-14", "09": "2023-10-30",
          "10": "2025-07-09"}  # from examples/README.md (the pages carry them in metadata)


def _html_date(stem: str) -> str | None:
    return _DATES.get(stem[:2])


def main(argv: list[str] | None = None) -> None:
    """Run three rounds of ``newsgraph watch`` against a local server over the samples."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", default="watch-demo.db")
    ap.add_argument("--every", type=float, default=2.0, help="seconds between rounds")
    args = ap.parse_args(argv)
    from newsgraph.ingest.fetch import FetchPolicy
    from newsgraph.store import Store
    from newsgraph.watch.alerts import list_alerts, load_watches
    from newsgraph.watch.loop import Watcher

    samples = sample_pages()
    # the samples are dated 2023-2025: the watcher's clock runs from the day after the latest
    # one, so windowed rules ("count") see them as recent
    offset = dt.datetime(2025, 7, 10, 9, tzinfo=dt.UTC).timestamp() - time.time()

    def clock() -> float:
        return time.time() + offset

    folder = Path(args.db).resolve().parent
    with FeedServer() as server:
        server.feeds = {"/wire.rss": [], "/regional.rss": []}
        for slug, _title, _published, page in samples:
            server.pages[f"/a/{slug}"] = (page, "text/html; charset=utf-8")
        feeds = folder / "watch-demo-feeds.txt"
        feeds.write_text(f"{server.url}/wire.rss\n{server.url}/regional.rss\n", "utf-8")
        alerts = folder / "watch-demo-alerts.yaml"
        alerts.write_text(DEMO_ALERTS, "utf-8")
        print(f"feed server at {server.url}; feeds in {feeds}, watches in {alerts}")
        with Store(args.db) as store:
            watcher = Watcher(store, [f"{server.url}/wire.rss", f"{server.url}/regional.rss"],
                              policy=FetchPolicy.allowing(["127.0.0.1/32"]),
                              watches=load_watches(alerts), every=args.every, delay=0.2,
                              clock=clock)
            plan: list[list[Any]] = [samples[:4], samples[4:7], samples[7:]]

            def publish(n: int) -> None:
                for i, (slug, title, published, _) in enumerate(plan[n]):
                    feed = "/wire.rss" if i % 2 == 0 else "/regional.rss"
                    server.feeds[feed].insert(0, Item(title, f"/a/{slug}", published))

            publish(0)
            done = 0

            def on_round(stats: Any) -> None:
                nonlocal done
                print(stats.line(), flush=True)
                done += 1
                if done < len(plan):
                    publish(done)

            watcher.run(rounds=len(plan) + 1, on_round=on_round)
            watcher.close()
            for a in reversed(list_alerts(store.conn, limit=20)):
                print(f"alert #{a['id']} {a['title']}")
                for c in a["clusters"][:3]:
                    print(f"    {' '.join(c['evidence'].split())[:110]}")


DEMO_ALERTS = """\
# Watches for the demo (format: docs/watch.md)
watches:
  - name: any-new-event
    rule: new
    quad_class: 4          # material conflict
  - name: australia
    actor: AUS
    rule: count
    window: 730d           # the samples span two years
    threshold: 3
  - name: japan-china
    dyad: [JPN, CHN]
    rule: new
"""

if __name__ == "__main__":  # pragma: no cover
    main()
