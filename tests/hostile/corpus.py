"""A corpus of hostile inputs, generated at test time into a folder (nothing large is committed).

``build(folder)`` writes every file and returns what each may end as: ``"article"`` and/or a set
of skip codes. Big inputs (a 50 MB text, 100k nested elements) are generated, never stored in
the repository; the 50 MB file is sparse, so writing it costs nothing.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
from pathlib import Path

GOOD = ("Australia and Japan signed a defence agreement in Canberra on Friday, officials said. "
        "The pact allows joint exercises and was welcomed by the United States. China "
        "criticised the agreement on Saturday, a spokesman said in Beijing.")
HTML_GOOD = f"<html><head><title>Pact</title></head><body><article><p>{GOOD}</p></article>"

ARTICLE = "article"
#: 50 MB, over the default 5 MB limit
BIG_BYTES = 50 * 1024 * 1024


def _warc(records: int = 2, gz: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i in range(records):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                   protocol="HTTP/1.1")
        body = f"<html><body><article><p>{GOOD} Record {i}.</p></article></body></html>"
        writer.write_record(writer.create_warc_record(
            f"https://news.example/{i}", "response", payload=io.BytesIO(body.encode()),
            http_headers=headers))
    return buf.getvalue()


def build(folder: Path) -> dict[str, set[str]]:
    """Write the hostile corpus under ``folder``; returns file name -> acceptable outcomes."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, set[str]] = {}

    def put(name: str, data: bytes, outcomes: set[str]) -> None:
        (folder / name).write_bytes(data)
        expect[name] = outcomes

    # binaries, empties, sizes
    put("image.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(2048), {"E102"})
    put("random.html", os.urandom(4096), {"E102", "E103", "E106", "E105"})
    put("elf.txt", b"\x7fELF" + bytes(range(256)) * 8, {"E102"})
    put("zero.txt", b"", {"E101"})
    put("whitespace.html", b" \n\t\r\n  " * 100, {"E101"})
    put("document.pdf", b"%PDF-1.4\n" + os.urandom(512), {"E108"})
    with (folder / "huge.txt").open("wb") as fh:  # sparse: 50 MB on paper, no disk used
        fh.truncate(BIG_BYTES)
    expect["huge.txt"] = {"E104"}
    # deep nesting: body first, then 100k nested divs; and 100k nested inline tags before it
    put("deep-after.html", (HTML_GOOD + "<div>" * 100_000 + "deep" + "</div>" * 100_000
                            + "</body></html>").encode(), {ARTICLE})
    put("deep-before.html", ("<html><body>" + "<b>" * 100_000 + f"<p>{GOOD}</p>"
                             + "</body></html>").encode(), {ARTICLE, "E106"})
    put("deep-table.html", ("<html><body>" + "<table><tr><td>" * 30_000 + f"<p>{GOOD}</p>"
                            + "</body></html>").encode(), {ARTICLE, "E106"})
    # encodings
    put("bad-utf8.txt", GOOD.encode().replace(b" ", b" \xff\xfe ", 3), {ARTICLE})
    put("mixed-encoding.txt", GOOD.encode("utf-8") + " caf\u00e9 d\u00e9j\u00e0 vu. ".encode(
        "cp1252") + "na\u00efve \u201cquote\u201d.".encode("utf-8"), {ARTICLE})
    put("bom-utf8.txt", codecs.BOM_UTF8 + GOOD.encode(), {ARTICLE})
    put("bom-utf16.txt", GOOD.encode("utf-16"), {ARTICLE})
    put("bom-utf32.html", HTML_GOOD.encode("utf-32"), {ARTICLE})
    put("bom-lies.txt", codecs.BOM_UTF16_LE + b"\xd8\x00" * 20, {"E103", "E102", "E106"})
    put("cp1252.txt", ("Title: Caf\u00e9 talks\n\n" + GOOD + " \u2018Yes\u2019, he said \u2013 "
                       "twice.").encode("cp1252"), {ARTICLE})
    put("nul-bytes.txt", GOOD.encode().replace(b".", b".\x00"), {"E102"})
    put("controls.txt", GOOD.encode() + bytes(range(1, 9)) * 200, {"E102"})
    put("one-nul-late.txt", GOOD.encode() * 400 + b"\x00" + GOOD.encode(), {ARTICLE})
    # markup attacks
    put("scripts.html", (
        "<html><head><script>alert('head')</script><style>p{}</style></head><body "
        "onload=\"alert(1)\"><article><p onclick=\"alert(2)\">" + GOOD + "</p><script>"
        "document.write('<p>INJECTED</p>')</script><a href=\"javascript:alert(3)\">x</a>"
        "<img src=x onerror=alert(4)><iframe src=\"javascript:alert(5)\"></iframe><svg>"
        "<script>alert(6)</script></svg><noscript>NOSCRIPT</noscript></article>"
        "</body></html>").encode(), {ARTICLE})
    put("entities.html", ("<html><body><article><p>" + GOOD + " &#0; &#xD800; &#x110000; "
                          "&amp;amp; &nbsp;&lt;script&gt;</p></article></body></html>").encode(),
        {ARTICLE})
    # feeds: billion laughs, external entities
    ents = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    put("laughs.xml", (f'<?xml version="1.0"?><!DOCTYPE rss [{ents}]><rss version="2.0">'
                       f"<channel><title>&l9;</title><item><title>&l9;</title><description>"
                       f"&l9;</description></item></channel></rss>").encode(),
        {"E112", "E106", ARTICLE})
    put("xxe.rss", ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM '
                    '"file:///etc/passwd">]><rss version="2.0"><channel><title>W</title>'
                    f"<item><title>T</title><description>&x; {GOOD * 3}</description></item>"
                    "</channel></rss>").encode(), {ARTICLE, "E112", "E106"})
    put("empty.warc", b"", {"E101", "E111"})
    put("requests-only.warc", b"WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 0\r\n\r\n"
        b"\r\n\r\n", {"E106", "E111"})
    put("not-a-feed.atom", b"<html><body>nope</body></html>", {"E112"})
    # archives
    whole = _warc(3)
    put("cut.warc.gz", whole[: len(whole) * 2 // 3], {ARTICLE, "E111"})
    raw = _warc(2, gz=False)
    put("cut-record.warc", raw[:-200], {ARTICLE, "E111"})
    put("garbage.warc", b"WARC/1.0\r\nnonsense\r\n\r\n" + os.urandom(300), {"E111", "E106"})
    put("gzip-bomb.warc.gz", gzip.compress(b"\x00" * 20_000_000), {"E111"})
    # JSONL: good lines among broken ones
    lines = [json.dumps({"text": GOOD + " Line one.", "published": "2024-03-05"}).encode(),
             b"{broken json", b"\xff\xfe\x00garbage", json.dumps([1, 2]).encode(),
             json.dumps({"url": "http://10.0.0.1/"}).encode(), json.dumps({"text": 5}).encode(),
             json.dumps({"html": HTML_GOOD + " Line two."}).encode(),
             json.dumps({"text": "x" * 6_000_000}).encode(), b"", b"   ",
             json.dumps({"text": GOOD + " \ud800 surrogate.", "published": "not a date"
                         }).encode()]
    put("mixed.jsonl", b"\n".join(lines) + b"\n{\"text\": \"unterminated", {ARTICLE, "E107",
                                                                           "E104"})
    # issue 25: JSONL lines that raised through the reader, metadata that raised on save
    put("deep.jsonl", b"\n".join([
        b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"text": "x", "n": ' + b"9" * 5_000 + b"}",
        json.dumps({"text": GOOD + " Deep neighbour."}).encode()]) + b"\n", {ARTICLE, "E107"})
    put("surrogates.jsonl", json.dumps({"text": GOOD + " Surrogates.", "title": "T \ud800",
                                        "outlet": "O \udfff", "url": "https://x.example/\ud83d"}
                                       ).encode() + b"\n", {ARTICLE})
    put("edge-dates.jsonl", b"\n".join(json.dumps({"text": f"{GOOD} Edge {d}.", "published": d}
                                                  ).encode()
                                       for d in ("9999-12-31", "0001-01-05")) + b"\n"
        + json.dumps({"text": "On 31 December 9999, " + GOOD}).encode() + b"\n", {ARTICLE})
    # a file name that is not UTF-8: its origin is the name with \\x escapes
    with open(os.fsencode(folder) + b"/name-\xff\xfe.txt", "wb") as fh:
        fh.write((GOOD + " Odd name.").encode())
    expect["name-\\xff\\xfe.txt"] = {ARTICLE}
    # feed entries of plain text and of one <p> (were all E106 "HTML could not be parsed")
    long_text = GOOD + (" The agreement follows two years of talks between the defence "
                        "ministers of both countries, who first met in Tokyo in 2022. "
                        "Officials said the first joint exercise would take place next year.")
    put("plain.rss", ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                      f"<item><title>One</title><description>{long_text}</description></item>"
                      '<item><title>Two</title><content:encoded xmlns:content="http://purl.org/'
                      f'rss/1.0/modules/content/"><![CDATA[<p>{GOOD} Second.</p>]]>'
                      "</content:encoded></item></channel></rss>").encode(), {ARTICLE})
    put("utf16le-nobom.txt", (GOOD + " Sixteen bits.").encode("utf-16-le"), {ARTICLE})
    # a link out of the ingested folder is not followed
    outside = folder.parent.parent / "outside-secret.txt"
    outside.write_text(GOOD + " SECRET-OUTSIDE.")
    (folder / "link-out.txt").symlink_to(outside)
    expect["link-out.txt"] = {"E100"}
    # names
    put("<script>alert(1)<\\script>.txt".replace("\\", "_"), GOOD.encode(), {ARTICLE})
    put("not-english.txt", ("Die Bundesregierung hat am Freitag in Berlin ein neues Abkommen "
                            "mit Frankreich unterzeichnet, teilten Beamte mit. Der Vertrag "
                            "erlaubt gemeinsame \u00dcbungen.").encode(), {"E105"})
    # regex bombs (issue 25): each took from 45 s to hours in the pipeline before the fixes
    put("redos.txt", (GOOD + "\n\nIt lasted the last " + "the last " * 30 + "weeks, a source "
                      + "a|" * 2000 + " said.\n\nSign up for our " * 300 + "\n\n"
                      + " " * 5000 + "x\n\n" + GOOD).encode(), {ARTICLE})
    return expect
