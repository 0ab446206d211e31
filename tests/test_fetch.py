"""The guarded fetcher against a real HTTP server on 127.0.0.1 (opened on the allow-list).

Refusals for private targets are checked with a fake resolver and literal addresses: the
guard refuses before any connection, so no traffic goes to a non-loopback address.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from conftest import loopback_server
from newsgraph.errors import SkipCode, SkipError
from newsgraph.ingest import iter_documents
from newsgraph.ingest.fetch import Fetcher, FetchPolicy
from newsgraph.records import RawDocument, Skip

PAGE = (b"<html><head><title>Talks</title></head><body><article><p>Ministers met in "
        b"Canberra on Tuesday to discuss trade.</p></article></body></html>")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        if self.path == "/page":
            self._send(200, PAGE, "text/html")
        elif self.path == "/redirect-local":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
        elif self.path == "/redirect-private":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.7/secret")
            self.end_headers()
        elif self.path == "/redirect-metadata":
            self.send_response(301)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"<p>more</p>" * 1000)
            except (BrokenPipeError, ConnectionResetError):
                return
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(50):
                    self.wfile.write(b"<p>drip</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                return
        elif self.path == "/feed":
            port = str(self.server.server_address[1]).encode()
            self._send(200, FEED.replace(b"PORT", port), "application/rss+xml")
        else:
            self._send(404, b"no", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>Talks</title><link>http://127.0.0.1:PORT/page</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with loopback_server(Handler) as url:
        yield url


def local(**kw: float | int) -> Fetcher:
    base = FetchPolicy.allowing(["127.0.0.1/32"])
    policy = FetchPolicy(allow=base.allow, **kw)  # type: ignore[arg-type]
    return Fetcher(policy)


def no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"resolver must not be asked for {host}")


def test_fetches_local_page_when_allowed(server: str) -> None:
    with local() as f:
        got = f.fetch(server + "/page")
    assert got.status == 200 and got.data == PAGE


def test_loopback_refused_by_default(server: str) -> None:
    with Fetcher() as f, pytest.raises(SkipError) as err:
        f.fetch(server + "/page")
    assert err.value.code is SkipCode.FETCH_REFUSED and "loopback" in err.value.reason


@pytest.mark.parametrize("url", [
    "http://10.1.2.3/", "http://192.168.0.1/", "http://172.16.5.4/", "http://169.254.169.254/",
    "http://[::1]/", "http://[fe80::1]/", "http://224.0.0.1/", "http://0.0.0.0/",
    "http://240.0.0.1/", "http://[::ffff:10.0.0.1]/", "http://100.64.0.1/",
])
def test_private_literals_refused_without_traffic(url: str) -> None:
    with Fetcher(resolver=no_dns) as f, pytest.raises(SkipError) as err:
        f.fetch(url)
    assert err.value.code is SkipCode.FETCH_REFUSED


def test_hostname_resolving_to_private_is_refused() -> None:
    with Fetcher(resolver=lambda h, p: ["93.184.216.34", "10.0.0.5"]) as f, \
            pytest.raises(SkipError) as err:
        f.fetch("http://rebind.example/")
    assert err.value.code is SkipCode.FETCH_REFUSED and "10.0.0.5" in err.value.reason


def test_other_schemes_refused() -> None:
    with Fetcher(resolver=no_dns) as f:
        for url in ("file:///etc/passwd", "ftp://example.com/x", "gopher://x/"):
            with pytest.raises(SkipError) as err:
                f.fetch(url)
            assert err.value.code is SkipCode.FETCH_REFUSED


def test_redirect_hops_are_checked(server: str) -> None:
    with local() as f:
        assert f.fetch(server + "/redirect-local").data == PAGE
        for path in ("/redirect-private", "/redirect-metadata"):
            with pytest.raises(SkipError) as err:
                f.fetch(server + path)
            assert err.value.code is SkipCode.FETCH_REFUSED


def test_redirect_loop_stops(server: str) -> None:
    with local() as f, pytest.raises(SkipError) as err:
        f.fetch(server + "/loop")
    assert err.value.code is SkipCode.FETCH_FAILED and "redirects" in err.value.reason


def test_endless_response_is_cut(server: str) -> None:
    with local(max_bytes=100_000) as f, pytest.raises(SkipError) as err:
        f.fetch(server + "/endless")
    assert err.value.code is SkipCode.TOO_LARGE


def test_slow_response_hits_deadline(server: str) -> None:
    start = time.monotonic()
    with local(timeout=0.5) as f, pytest.raises(SkipError) as err:
        f.fetch(server + "/slow")
    assert err.value.code is SkipCode.FETCH_FAILED
    assert time.monotonic() - start < 3


def test_http_error_is_a_skip(server: str) -> None:
    with local() as f, pytest.raises(SkipError) as err:
        f.fetch(server + "/missing")
    assert "404" in err.value.reason


def test_iter_documents_reads_urls_and_skips_refusals(server: str) -> None:
    with local() as f:
        out = list(iter_documents([server + "/page", "http://10.9.9.9/x"], fetcher=f))
    assert isinstance(out[0], RawDocument) and out[0].data == PAGE
    assert isinstance(out[1], Skip) and out[1].code == SkipCode.FETCH_REFUSED.value


def test_fetched_feed_fetches_link_entries_only_when_asked(server: str) -> None:
    with local() as f:
        linked = list(iter_documents([server + "/feed"], fetcher=f, fetch_links=True))
        unlinked = list(iter_documents([server + "/feed"], fetcher=f))
    assert isinstance(linked[0], RawDocument) and linked[0].data == PAGE
    assert linked[0].published == "2024-03-05" and linked[0].outlet == "Test Wire"
    assert isinstance(unlinked[0], Skip) and "fetching is off" in unlinked[0].reason
