"""Issue 25, fetch side: malformed URLs and Locations, a whole-request deadline, bounded
decompression, and the IPv6 ranges that embed or hide an internal address.

All traffic goes to a real HTTP server on 127.0.0.1 (opened on the allow-list, as in
``test_fetch.py``); the refusals of other addresses happen before any connection.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from conftest import loopback_server
from newsgraph.errors import SkipCode, SkipError
from newsgraph.ingest import iter_documents
from newsgraph.ingest.fetch import Fetcher, FetchPolicy
from newsgraph.records import RawDocument, Skip

GOOD = ("Australia and Japan signed a defence agreement in Canberra on Friday, officials said. "
        "The pact allows joint exercises and was welcomed by the United States.")
PAGE = f"<html><body><article><p>{GOOD}</p></article></body></html>".encode()
#: 200 MB of zeros compressed twice: under 1 kB on the wire
BOMB = gzip.compress(gzip.compress(b"\0" * 200_000_000, 9), 9)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        if self.path == "/page":
            self._body(PAGE)
        elif self.path == "/to-http-foo":
            self._redirect("http:foo")
        elif self.path == "/to-idn":
            self._redirect("http://bücher.example/page")
        elif self.path == "/gzip-gzip":
            self._body(BOMB, encoding="gzip, gzip")
        elif self.path == "/gzip-page":
            self._body(gzip.compress(PAGE), encoding="gzip")
        elif self.path == "/gzip-gzip-page":
            self._body(gzip.compress(gzip.compress(PAGE)), encoding="gzip, gzip")
        elif self.path == "/trickle":  # one header line per 0.5 s, for 20 s
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for i in range(40):
                    self.wfile.write(f"X-Drip-{i}: x\r\n".encode())
                    self.wfile.flush()
                    time.sleep(0.5)
                self.wfile.write(b"Content-Length: 2\r\n\r\nok")
            except (BrokenPipeError, ConnectionResetError):
                return
        else:
            self.send_response(404)
            self.end_headers()

    def _body(self, body: bytes, encoding: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with loopback_server(Handler) as url:
        yield url


def loopback_resolver(host: str, port: int) -> list[str]:
    """Every name is this machine: the guard's checks run, traffic stays on loopback."""
    return ["127.0.0.1"]


def fetcher(**kw: object) -> Fetcher:
    policy = FetchPolicy(allow=FetchPolicy.allowing(["127.0.0.1/32"]).allow, **kw)  # type: ignore[arg-type]
    return Fetcher(policy, resolver=loopback_resolver)


@pytest.mark.parametrize("url", [
    "http://news.example/a\x01b", "http://news.example/a b", "http://news.exa\x00mple/",
    "http://news.example/" + "a" * 65_000, "http://" + "a" * 300 + ".example/",
    "http://bücher.example:PORT/page",
])
def test_malformed_urls_are_skips_not_exceptions(base: str, url: str) -> None:
    url = url.replace("PORT", base.rsplit(":", 1)[1])
    with fetcher() as f:
        try:
            got = f.fetch(url)
        except SkipError as exc:
            assert exc.code in (SkipCode.FETCH_REFUSED, SkipCode.FETCH_FAILED), exc
        else:  # an IDN host is a host like any other: fetched under its punycode name
            assert "bücher" in url and got.data == PAGE


@pytest.mark.parametrize("path", ["/to-http-foo", "/to-idn"])
def test_malformed_or_idn_redirects_are_skips(base: str, path: str) -> None:
    with fetcher() as f:
        try:
            got = f.fetch(base + path)
        except SkipError as exc:
            assert exc.code in (SkipCode.FETCH_REFUSED, SkipCode.FETCH_FAILED), exc
        else:
            assert path == "/to-idn" and got.status in (200, 404)


def test_a_bad_url_in_a_batch_costs_only_itself(base: str, tmp_path: Path) -> None:
    """Through iter_documents, and through a feed's links with --fetch-links."""
    feed = tmp_path / "f.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        f"<item><title>a</title><link>{base}/to-http-foo</link></item>"
        "<item><title>b</title><link>http://news.example/a\x7fb</link></item>"
        f"<item><title>c</title><link>{base}/page</link></item></channel></rss>",
        encoding="utf-8")
    with fetcher() as f:
        out = list(iter_documents([base + "/to-http-foo", "http://x.example/" + "a" * 65_000,
                                   feed, base + "/page"], fetcher=f, fetch_links=True))
    docs = [o for o in out if isinstance(o, RawDocument)]
    skips = [o for o in out if isinstance(o, Skip)]
    assert len(docs) == 2 and {s.code for s in skips} <= {"E109", "E110"}, out
    assert len(skips) == 4, skips


def test_deadline_holds_while_headers_trickle(base: str) -> None:
    start = time.monotonic()
    with fetcher(timeout=2.0) as f, pytest.raises(SkipError) as info:
        f.fetch(base + "/trickle")
    elapsed = time.monotonic() - start
    assert info.value.code == SkipCode.FETCH_FAILED
    assert elapsed < 4.0, f"{elapsed:.1f} s with a 2 s limit"


def test_double_gzip_is_cut_at_the_size_limit_without_inflating_it_all(base: str) -> None:
    import tracemalloc

    start = time.monotonic()
    tracemalloc.start()
    try:
        with fetcher(max_bytes=1_000_000) as f, pytest.raises(SkipError) as info:
            f.fetch(base + "/gzip-gzip")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.code == SkipCode.TOO_LARGE
    assert peak < 20_000_000, f"peak Python allocation {peak / 1e6:.0f} MB"
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("path", ["/gzip-page", "/gzip-gzip-page"])
def test_compressed_pages_still_decode(base: str, path: str) -> None:
    with fetcher() as f:
        assert f.fetch(base + path).data == PAGE


@pytest.mark.parametrize("addr", [
    "2002:7f00:1::", "2002:c0a8:101::1", "2002:a9fe:a9fe::",  # 6to4 around 127/8, 192.168/16,
    "fec0::1", "fec0:1:2::3", "feff::1",  # site-local (deprecated, often routed internally)
    "64:ff9b::7f00:1", "64:ff9b::a00:1",  # NAT64 around loopback and 10/8
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
])
def test_ipv6_forms_that_hide_internal_addresses_are_refused(addr: str) -> None:
    with Fetcher(FetchPolicy()) as f, pytest.raises(SkipError) as info:
        f.check(f"http://[{addr}]/")
    assert info.value.code == SkipCode.FETCH_REFUSED, addr
