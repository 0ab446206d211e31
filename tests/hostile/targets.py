"""Fuzz targets shared by the property tests (small example counts) and ``scripts/fuzz_all.py``
(a large campaign run by hand).

Each target is a hypothesis strategy plus a check. A check calls one parser or normaliser and
asserts its contract: it returns a well-formed value or raises one of the documented errors
(``SkipError``, a ``NewsgraphError`` subclass, or the ``ValueError`` a strict reader names in
its docstring). Any other exception escaping is a bug. Offsets returned must index the input.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from newsgraph.clean import clean, looks_like_html
from newsgraph.clean.clutter import remove_clutter, split_paragraphs
from newsgraph.clean.dateline import find_dateline
from newsgraph.clean.decode import decode_bytes, repair_mojibake
from newsgraph.clean.html import extract_html
from newsgraph.clean.published import parse_published
from newsgraph.config import Config
from newsgraph.errors import NewsgraphError, SkipCode, SkipError
from newsgraph.eval.brat import parse_ann
from newsgraph.extract.quote_marks import quote_spans
from newsgraph.extract.timex import find_timexes, normalise
from newsgraph.ingest.feeds import looks_like_feed, read_feed
from newsgraph.ingest.fetch import Fetcher, refusal
from newsgraph.ingest.files import iter_documents
from newsgraph.ingest.warc import read_archive
from newsgraph.records import Article, RawDocument, Skip

CODES = {c.value for c in SkipCode}
#: how ``analyze()`` inputs ended (filled by its check; the campaign prints it)
ANALYZE_OUTCOMES: Counter[str] = Counter()

# -- building blocks ------------------------------------------------------------------------

WORDS = ["Australia", "Japan", "signed", "a", "defence", "pact", "on", "Friday", "said", "the",
         "minister", "\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "\u00ab", "\u00bb",
         "last", "March", "2019", "next", "week", "ago", "two", "years", "Q3", "1990s",
         "\n", "\n\n", "\t", " ", "\u00a0", "\u200b", "\ufeff", "\x00", "\r\n", "\u2028",
         "Published:", "Title:", "CANBERRA, March 5 (Reuters) -", "Photo: AP", "Subscribe now",
         "Read more:", "&amp;", "&#0;", "&#xD800;", "<", ">", "é", "日本", "\U0001f600",
         "\u202e", "Ã©", "â€œ", "-", "\u2014", "(", ")", ";", ",", ".", "Mr.", "Dr."]

#: text made of news-like words, quote marks, dates and hostile characters
news_text = st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=60).map(" ".join)
#: anything at all, weighted toward news-like text
any_text = news_text | st.text(max_size=300)

TAGS = ["div", "p", "article", "main", "nav", "aside", "script", "style", "noscript", "span",
        "figure", "figcaption", "table", "tr", "td", "iframe", "svg", "math", "template",
        "form", "a", "img", "h1", "title", "meta", "html", "body", "head", "!--", "![CDATA["]
ATTRS = ['class="related"', 'id="share"', 'onerror="alert(1)"', 'href="javascript:x()"',
         'class="paywall"', "style=\"x:expression(1)\"", 'content="2024-03-05"',
         'property="og:title"', 'src="data:text/html,<script>"', "", "x", '"']


def _html(parts: list[tuple[int, str, str, str]]) -> str:
    out = []
    for kind, tag, attr, text in parts:
        if kind == 0:
            out.append(f"<{tag} {attr}>{text}")
        elif kind == 1:
            out.append(f"</{tag}>{text}")
        else:
            out.append(text)
    return "".join(out)


html_soup = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(TAGS), st.sampled_from(ATTRS), news_text),
    max_size=40).map(_html)
#: HTML-ish strings: tag soup, or tag soup around a paragraph of news text
html_text = html_soup | st.builds(
    lambda a, b, body: f"<html><body>{a}<article><p>{body}</p></article>{b}</body></html>",
    html_soup, html_soup, news_text)


def _mutate(seed: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """Apply (position, operation, byte) edits: 0 replace, 1 insert, 2 delete, 3 truncate."""
    data = bytearray(seed)
    for pos, op, value in edits:
        if not data:
            break
        i = pos % len(data)
        if op == 0:
            data[i] = value
        elif op == 1:
            data.insert(i, value)
        elif op == 2:
            del data[i]
        else:
            del data[i:]
    return bytes(data)


def mutated(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """Valid seeds with random byte edits (truncations, flips, insertions)."""
    return st.builds(_mutate, st.sampled_from(seeds),
                     st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 3),
                                        st.integers(0, 255)), max_size=6))


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1",
             "shift_jis", "koi8-r"]


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


hostile_bytes = (st.binary(max_size=400)
                 | st.builds(_encode, any_text, st.sampled_from(ENCODINGS))
                 | st.builds(lambda a, b: a + b, st.sampled_from(
                     [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"%PDF",
                      b"\x1f\x8b", b"", b"\x00"]), st.binary(max_size=200))
                 | st.builds(lambda a, b: a + b, st.builds(_encode, news_text,
                                                           st.sampled_from(ENCODINGS)),
                             st.builds(_encode, news_text, st.sampled_from(ENCODINGS))))

# -- checks -----------------------------------------------------------------------------------


def check_decode(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except SkipError as exc:
        assert exc.code.value in CODES
        return
    assert isinstance(text, str) and text.strip() and "\r" not in text
    assert repair_mojibake(text) is not None


def check_clutter(text: str) -> None:
    paras = split_paragraphs(text)
    assert all(p == p.strip() and p and "\n" not in p for p in paras)
    for repeated in (True, False):
        kept, removed = remove_clutter(paras, paras[:2], drop_repeated=repeated)
        assert len(kept) <= len(paras)
        for r in removed:
            assert isinstance(r.text, str) and r.kind


def check_html(html: str) -> None:
    looks_like_html(html)
    try:
        ext = extract_html(html)
    except SkipError as exc:
        assert exc.code is SkipCode.NO_TEXT
        return
    assert ext.text.strip()


def _check_article(article: Article) -> None:
    assert article.text and article.text == article.text.strip()
    assert "\x00" not in article.text and "\r" not in article.text
    assert len(article.id) == 16
    if article.published is not None:
        dt.date.fromisoformat(article.published)


def check_clean(raw: RawDocument) -> None:
    try:
        article = clean(raw, Config())
    except SkipError as exc:
        assert exc.code.value in CODES
        return
    except NewsgraphError:  # a bad user-supplied date is a usage error, documented
        assert raw.user_published is not None
        return
    _check_article(article)


raw_docs = st.builds(
    lambda data, kind, pub, meta: RawDocument(data=data, origin="fuzz", kind=kind,
                                              published=meta, user_published=pub),
    hostile_bytes | st.builds(lambda t: t.encode("utf-8", "surrogatepass"), html_text | any_text),
    st.sampled_from(["text", "html", "unknown"]),
    st.sampled_from([None, "2024-03-13", "13 March 2024"]),
    st.sampled_from([None, "2024-02-30", "yesterday", "2019-06-01T10:00:00Z", "\x00", "9999"]))


def check_dateline(text: str) -> None:
    value = find_dateline(text)
    if value is not None:
        dt.date.fromisoformat(value)


def check_published(value: str) -> None:
    try:
        out = parse_published(value)
    except NewsgraphError:
        return
    assert out is None or dt.date.fromisoformat(out)


DCTS = st.sampled_from([None, dt.date(2024, 3, 13), dt.date(1, 1, 1), dt.date(9999, 12, 31),
                        dt.date(2000, 2, 29)])
TENSES = st.sampled_from([None, "past", "present", "future"])


def check_timex(args: tuple[str, dt.date | None, str | None]) -> None:
    text, dct, tense = args
    for t in find_timexes(text, dct, lambda _i: tense):  # type: ignore[arg-type, return-value]
        assert 0 <= t.start < t.end <= len(text) and text[t.start:t.end] == t.text
        assert t.value and t.type in ("DATE", "TIME", "DURATION", "SET")
        if dct is None:
            assert t.anchor in ("none", "absolute")
    norm = normalise(text[:80], dct, tense)  # type: ignore[arg-type]
    assert norm is None or norm.value


def check_quotes(text: str) -> None:
    last = -1
    for q in quote_spans(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= last  # top-level spans do not overlap and come in order
        last = q.end


def check_brat(text: str) -> None:
    try:
        ann = parse_ann(text)
    except ValueError:  # the reader is strict about shape (documented)
        return
    for tb in ann.textbounds.values():
        assert tb.spans


def _tmp_file(name: str, data: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ngfuzz-"))
    path = folder / name
    path.write_bytes(data)
    return path


def _drain(path: Path, **kw: Any) -> list[RawDocument | Skip]:
    try:
        out = list(iter_documents([path], Config(max_bytes=100_000), **kw))
    finally:
        path.unlink()
        path.parent.rmdir()
    for item in out:
        assert isinstance(item, RawDocument | Skip)
        if isinstance(item, Skip):
            assert item.code in CODES and item.reason
    return out


def check_jsonl(data: bytes) -> None:
    _drain(_tmp_file("fuzz.jsonl", data))


def check_warc(data: bytes) -> None:
    path = _tmp_file("fuzz.warc.gz" if data[:2] == b"\x1f\x8b" else "fuzz.warc", data)
    try:
        out = list(read_archive(path, Config(max_bytes=100_000)))
    finally:
        path.unlink()
        path.parent.rmdir()
    assert all(isinstance(x, RawDocument | Skip) for x in out)


def check_feed(data: bytes) -> None:
    looks_like_feed(data)
    for item in read_feed(data, "fuzz.xml"):
        assert isinstance(item, RawDocument | Skip)
        if isinstance(item, Skip):
            assert item.code in CODES


class _FakeResolver:
    """Answers from the generated list; never touches the network."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers

    def __call__(self, host: str, port: int) -> list[str]:
        return self.answers


_GUARD: list[Fetcher] = []


def _guard() -> Fetcher:
    """One fetcher for the whole run (``check`` never connects; the client is idle)."""
    if not _GUARD:
        _GUARD.append(Fetcher())
    return _GUARD[0]


def check_fetch_guard(args: tuple[str, list[str]]) -> None:
    """``Fetcher.check`` never raises anything but ``SkipError`` and never lets a
    non-public address through (no connection is made: only the check runs)."""
    import ipaddress

    url, answers = args
    f = _guard()
    f.resolver = _FakeResolver(answers)
    try:
        addr, _host = f.check(url)
    except SkipError as exc:
        assert exc.code in (SkipCode.FETCH_REFUSED, SkipCode.FETCH_FAILED)
        return
    ip = ipaddress.ip_address(addr.split("%", 1)[0])
    assert refusal(ip, f.policy) is None and ip.is_global


IP_ANSWERS = st.lists(st.sampled_from(
    ["93.184.216.34", "10.0.0.1", "127.0.0.1", "::1", "169.254.169.254", "fe80::1%eth0",
     "::ffff:127.0.0.1", "0.0.0.0", "100.64.0.1", "2606:4700::1111", "fd00::1", "8.8.8.8",
     "224.0.0.1", "192.0.2.1", "not-an-ip"]) | st.ip_addresses().map(str), max_size=3)
HOSTS = st.sampled_from(["example.com", "127.0.0.1", "[::1]", "2130706433", "0x7f.0.0.1",
                         "0177.0.0.1", "127.1", "[::ffff:7f00:1]", "localhost", "", "@",
                         "user:pw@example.com", "example.com:99999", "[fe80::1%25eth0]",
                         "xn--nxasmq6b", "\u0441\u0430\u0439\u0442.\u0440\u0444", "%00"]) \
    | st.text(max_size=20)
URLS = st.builds(lambda s, h, p: f"{s}://{h}{p}", st.sampled_from(
    ["http", "https", "HTTP", "file", "gopher", "ftp", "javascript", ""]), HOSTS,
    st.sampled_from(["/", "/a?b=c", "", "#x", "/\x00", "/../..", ":80/"]))


@dataclass(frozen=True)
class Target:
    """One fuzzed entry point."""

    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]
    #: a rough cost class: cheap targets take most of a large campaign
    weight: int = 10


def _seed_warcs() -> list[bytes]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = []
    for gz in (True, False):
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=gz)
        for i in range(2):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            body = (b"<html><body><article><p>Japan and Australia met in Canberra on Friday "
                    b"to sign a pact, officials said.</p></article></body></html>")
            writer.write_record(writer.create_warc_record(
                f"https://example.com/{i}", "response", payload=io.BytesIO(body),
                http_headers=headers))
        out.append(buf.getvalue())
    return out


FEED_SEEDS = [
    b"""<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>T</title>
<link>http://127.0.0.1:1/x</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>Japan and Australia met.</description><content:encoded
xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>Japan and Australia
met in Canberra on Friday.</p>]]></content:encoded></item></channel></rss>""",
    b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>A</title><entry><title>T</title><updated>2024-03-05T10:00:00Z</updated>
<content type="html">&lt;p&gt;Seoul and Tokyo held talks.&lt;/p&gt;</content></entry></feed>""",
    b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2
"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&lol2;&ext;</title><description>&lol2;
</description></item></channel></rss>""",
]

JSONL_SEEDS = [
    json.dumps({"text": "Japan and Australia met in Canberra on Friday, officials said.",
                "published": "2024-03-05", "title": "T", "url": "http://x/"}).encode()
    + b"\n" + json.dumps({"html": "<p>Seoul and Tokyo held talks on Monday.</p>"}).encode()
    + b"\n[1,2]\n{bad json\n\"str\"\n{\"text\": 5}\n",
]


def _jsonl_lines(lines: list[Any]) -> bytes:
    return b"\n".join(json.dumps(x).encode() if not isinstance(x, bytes) else x for x in lines)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | any_text,
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(
        st.sampled_from(["text", "html", "url", "published", "title", "outlet", "x"]),
        kids, max_size=5),
    max_leaves=10)


TARGETS: list[Target] = [
    Target("decode", hostile_bytes, check_decode, 30),
    Target("clutter", any_text, check_clutter, 30),
    Target("dateline", any_text | st.builds(
        lambda p, d, t: f"{p}, {d} - {t}", st.sampled_from(["CANBERRA", "WASHINGTON (Reuters)",
                                                            ""]),
        st.sampled_from(["March 5", "2024-02-30", "Feb 29, 2023", "May 99, 2024",
                         "2024-03-05", "Jan. 1, 0"]), news_text), check_dateline, 30),
    Target("published", any_text | st.dates().map(str) | st.sampled_from(
        ["2024-02-30", "0000-01-01", "13 March 2024", "March 13", "9999-12-31T25:00"]),
        check_published, 3),
    Target("timex", st.tuples(news_text, DCTS, TENSES), check_timex, 30),
    Target("quote_marks", news_text | any_text, check_quotes, 30),
    Target("brat", st.lists(st.builds(
        lambda i, c1, c2: f"{i}\t{c1}\t{c2}", st.sampled_from(["T1", "T2", "E1", "R1", "#1",
                                                               "A1", "T", "E"]),
        st.sampled_from(["Content 0 5", "Source 3 4;6 9", "Cue", "Content 5", "Ev:T1 Content:T2",
                         "Ev:T1 Source:T9", "", " ", "X a b", "Content 1 2;", ":"])
        | st.text(max_size=12), st.text(max_size=12)), max_size=8).map("\n".join)
        | any_text, check_brat, 30),
    Target("html", html_text | any_text, check_html, 3),
    Target("clean", raw_docs, check_clean, 2),
    Target("jsonl", mutated(JSONL_SEEDS) | st.lists(json_values | st.binary(max_size=40),
                                                    max_size=6).map(_jsonl_lines),
           check_jsonl, 5),
    Target("warc", mutated(_seed_warcs()) | st.binary(max_size=300), check_warc, 5),
    Target("feed", mutated(FEED_SEEDS) | html_soup.map(lambda s: s.encode("utf-8",
                                                                          "surrogatepass")),
           check_feed, 5),
    Target("fetch_guard", st.tuples(URLS, IP_ANSWERS), check_fetch_guard, 20),
]


# -- the whole analyze() entry point (needs a loaded pipeline) -------------------------------

SUBJECTS = ["Australia", "The Japanese government", "Chancellor Olaf Scholz", "He", "It",
            "New Zealand's foreign minister", "The Department of Foreign Affairs and Trade "
            "(DFAT)", "A source close to the talks", "China's", "\u201cWe", "Mr. Smith"]
VERBS = ["met", "signed an agreement with", "criticised", "arrested two men from", "urged",
         "refused to meet", "will visit", "did not recall its ambassador from", "accused",
         "said it would cooperate with", "threatened", "said \u201cno\u201d to"]
OBJECTS = ["Japan", "France", "the United Nations", "Indonesian officials", "China", "it",
           "South Korea", "Canberra", "\u201cthe enemy\u201d", "1990s"]
TAILS = ["", " last Friday", " in June 2019", " on Tuesday", " two years ago", " next week",
         ", the paper understands", ", a spokeswoman said", ' "with great regret', "\u201d",
         " \u2014 ", "\n\n", " (Reuters) -", " in Q3 2024", " 31/02/2024"]

news_sentence = st.builds(lambda s, v, o, t: f"{s} {v} {o}{t}.", st.sampled_from(SUBJECTS),
                          st.sampled_from(VERBS), st.sampled_from(OBJECTS),
                          st.sampled_from(TAILS))
noise = st.sampled_from(WORDS) | st.text(max_size=6)
article_text = st.lists(news_sentence | noise, min_size=1, max_size=12).map(" ".join)


def _wrap(body: str, how: int) -> str:
    if how == 0:
        return body
    if how == 1:
        return (f"<html><body><article><p>{body}</p><script>alert(1)</script></article>"
                "</body></html>")
    if how == 2:
        return f'\u201c{body}\u201d, the minister said.'
    return f"Title: {body[:30]}\nPublished: 2024-03-13\n\n{body}"


#: noise without control characters (those make a text "binary", E102, before any NLP)
soft_noise = st.sampled_from([w for w in WORDS if w != "\x00"]) | st.text(
    st.characters(blacklist_categories=("Cc", "Cs")), max_size=6)
_wrapped = st.builds(_wrap, st.lists(news_sentence | news_sentence | soft_noise, min_size=3,
                                     max_size=14).map(
    " ".join), st.integers(0, 3))
#: three in five inputs are article-like (they reach the NLP), the rest raw noise and tag soup
analyze_inputs = st.tuples(
    st.integers(0, 4).flatmap(lambda i: _wrapped if i < 3 else (any_text, html_text)[i - 3]),
    st.sampled_from([None, "2024-03-13", "2019-12-31", dt.date(2000, 2, 29)]))


def make_analyze_check(pipeline: Any, check_offsets: Callable[[Any], None]
                       ) -> Callable[[tuple[str, Any]], None]:
    """``analyze()`` returns an ``Analysis`` with valid offsets or raises a documented error."""
    from newsgraph.pipeline import analyze

    def check(args: tuple[str, Any]) -> None:
        text, published = args
        try:
            result = analyze(text, published=published, pipeline=pipeline)
        except SkipError as exc:
            assert exc.code.value in CODES
            assert exc.code is not SkipCode.INTERNAL, exc.reason  # E199 is a bug
            ANALYZE_OUTCOMES[exc.code.value] += 1
            return
        except NewsgraphError as exc:
            ANALYZE_OUTCOMES[exc.code] += 1
            return
        check_offsets(result)
        ANALYZE_OUTCOMES["analysed"] += 1
        ANALYZE_OUTCOMES["records"] += len(result.events) + len(result.quotes) + \
            len(result.timexes) + len(result.actors)

    return check
