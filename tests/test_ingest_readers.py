"""Readers for WARC archives and feed files, and the bad inputs each must turn into skips."""

from __future__ import annotations

import gzip
import io
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.errors import SkipCode
from newsgraph.ingest import iter_documents
from newsgraph.records import RawDocument, Skip

PAGE = ("<html><body><article><p>Ministers met in Canberra on Tuesday to discuss a new trade "
        "agreement, officials said.</p></article></body></html>")


def make_warc(records: list[tuple[str, str, bytes]], gz: bool = True) -> bytes:
    """A WARC holding (url, content type, body) response records plus one request record."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, ctype, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
    return buf.getvalue()


def docs(out: list[RawDocument | Skip]) -> list[RawDocument]:
    return [d for d in out if isinstance(d, RawDocument)]


def skips(out: list[RawDocument | Skip]) -> list[Skip]:
    return [d for d in out if isinstance(d, Skip)]


def test_warc_html_responses_become_documents(tmp_path: Path) -> None:
    for gz, name in ((True, "a.warc.gz"), (False, "b.warc")):
        path = tmp_path / name
        path.write_bytes(make_warc([("https://example.com/a", "text/html; charset=utf-8",
                                     PAGE.encode()),
                                    ("https://example.com/logo.png", "image/png", b"\x89PNG"),
                                    ("https://example.com/b", "text/html", PAGE.encode())],
                                   gz=gz))
        out = list(iter_documents([path]))
        assert [d.url for d in docs(out)] == ["https://example.com/a", "https://example.com/b"]
        assert not skips(out)
        assert all(d.kind == "html" and d.published is None for d in docs(out))


def test_truncated_gzip_warc_keeps_records_before_the_cut(tmp_path: Path) -> None:
    first = make_warc([("https://example.com/a", "text/html", PAGE.encode())])
    second = make_warc([("https://example.com/b", "text/html", PAGE.encode() * 50)])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(first + second[: len(second) // 2])
    out = list(iter_documents([path]))
    assert [d.url for d in docs(out)] == ["https://example.com/a"]
    assert [s.code for s in skips(out)] == [SkipCode.BAD_ARCHIVE.value]


def test_malformed_warc_header_is_a_skip(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(b"NOT-A-WARC/1.0\r\nWARC-Type: response\r\n\r\ngarbage\r\n\r\n")
    out = list(iter_documents([path, tmp_path / "bad.warc"]))
    assert len(out) == 2 and all(isinstance(s, Skip) for s in out)
    assert {s.code for s in skips(out)} == {SkipCode.BAD_ARCHIVE.value}


def test_garbage_gzip_is_a_skip(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(gzip.compress(b"hello")[:8] + b"\x00" * 40)
    out = list(iter_documents([path]))
    assert skips(out) and skips(out)[0].code == SkipCode.BAD_ARCHIVE.value


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Test Wire</title>
<item><title>Talks in Canberra</title><link>https://example.com/talks</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Ministers met in Canberra on Tuesday.</p>]]></content:encoded>
</item>
<item><title>Link only</title><link>https://example.com/other</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Wire</title><entry><title>Summit</title><link href="https://example.com/s"/>
<updated>2024-04-01T08:00:00Z</updated>
<content type="html">&lt;p&gt;Leaders gathered in Jakarta.&lt;/p&gt;</content></entry></feed>"""


def test_rss_and_atom_entries_with_content(tmp_path: Path) -> None:
    (tmp_path / "a.rss").write_text(RSS, "utf-8")
    (tmp_path / "b.atom").write_text(ATOM, "utf-8")
    out = list(iter_documents([tmp_path]))
    got = docs(out)
    assert [(d.title, d.published, d.outlet, d.url) for d in got] == [
        ("Talks in Canberra", "2024-03-05", "Test Wire", "https://example.com/talks"),
        ("Summit", "2024-04-01", "Atom Wire", "https://example.com/s"),
    ]
    assert b"Ministers met" in got[0].data
    # the link-only entry is not fetched without permission, and says so
    assert [s.reason for s in skips(out)] == ["feed entry has only a link and fetching is off"]


def test_billion_laughs_feed_is_not_expanded(tmp_path: Path) -> None:
    lol = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE rss [{lol}]><rss version="2.0"><channel>'
            "<title>t</title><item><title>&l9;</title><description>&l9;</description>"
            "</item></channel></rss>")
    path = tmp_path / "bomb.xml"
    path.write_text(bomb, "utf-8")
    start = time.monotonic()
    out = list(iter_documents([path]))
    assert time.monotonic() - start < 10
    for d in docs(out):
        assert len(d.data) < 10_000
    assert out  # an entry or a skip, never silence


def test_not_a_feed_is_a_skip(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<?xml version='1.0'?><nothing/>", "utf-8")
    out = list(iter_documents([path]))
    assert [s.code for s in skips(out)] == [SkipCode.BAD_FEED.value]
