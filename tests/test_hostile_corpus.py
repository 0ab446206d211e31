"""The hostile corpus (``tests/hostile/corpus.py``) plus ``examples/`` and hostile URLs, in one
``newsgraph ingest`` run: it finishes, stores every good file, and accounts for every bad one
with a coded skip (or a clean article). The 50 MB file is refused by size without being read.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from conftest import loopback_server
from hostile.corpus import ARTICLE, GOOD, build
from newsgraph.config import Config
from newsgraph.ingest import iter_documents
from newsgraph.records import Skip
from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent
BOMB = gzip.compress(gzip.compress(b"\0" * 200_000_000, 9), 9)
EXAMPLES = ROOT / "examples"


class _Site(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        if self.path == "/gzip-gzip":  # 200 MB of zeros compressed twice, under 1 kB sent
            body = BOMB
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip, gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path == "/trickle":  # headers one line per 0.5 s, far past --timeout
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for i in range(60):
                    self.wfile.write(f"X-Drip-{i}: x\r\n".encode())
                    self.wfile.flush()
                    time.sleep(0.5)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if self.path == "/page":
            body = f"<html><body><article><p>{GOOD} Fetched.</p></article></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body.encode())))
            self.end_headers()
            self.wfile.write(body.encode())
            return
        self.send_response(302)
        self.send_header("Location", {"/loop": "/loop", "/a": "/b", "/b": "/a",
                                      "/private": "http://192.168.1.1/admin",
                                      "/http-foo": "http:foo",
                                      "/idn": "http://bücher.invalid/x",
                                      "/meta": "http://169.254.169.254/latest/"}.get(
                                          self.path, "/loop"))
        self.end_headers()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with loopback_server(_Site) as url:
        yield url


def test_big_file_is_refused_by_size_without_reading(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    read: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    start = time.monotonic()
    out = list(iter_documents([big], Config()))
    assert time.monotonic() - start < 1.0
    assert len(out) == 1 and isinstance(out[0], Skip) and out[0].code == "E104"
    assert read == []


@pytest.mark.parametrize("data, code", [
    (b"", "E111"), (b"WARC/1.0\r\nnonsense\r\n\r\n" + b"x" * 300, "E106"),
    (b"WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 0\r\n\r\n\r\n\r\n", "E106"),
])
def test_archive_without_html_records_leaves_a_skip(tmp_path: Path, data: bytes,
                                                    code: str) -> None:
    """Found with the hostile corpus: such archives vanished without a trace."""
    from newsgraph.ingest.warc import read_archive

    path = tmp_path / "a.warc"
    path.write_bytes(data)
    out = list(read_archive(path, Config()))
    assert len(out) == 1 and isinstance(out[0], Skip) and out[0].code == code, out


def test_hostile_batch_finishes_and_accounts_for_every_input(tmp_path: Path, site: str) -> None:
    corpus = tmp_path / "in"
    expect = build(corpus / "hostile")
    shutil.copytree(EXAMPLES, corpus / "examples", ignore=shutil.ignore_patterns("*.md"))
    urls = {f"{site}/page": {ARTICLE}, f"{site}/loop": {"E110"}, f"{site}/a": {"E110"},
            f"{site}/private": {"E109"}, f"{site}/meta": {"E109"},
            "http://10.0.0.1/x": {"E109"}, f"http://[::1]:{site.rsplit(':', 1)[1]}/page":
            {"E109"}, "http://169.254.169.254/latest/meta-data/": {"E109"},
            # issue 25: each of these escaped the fetcher and ended the whole batch
            f"{site}/http-foo": {"E109"}, f"{site}/idn": {"E109", "E110"},
            f"{site}/gzip-gzip": {"E104"}, f"{site}/trickle": {"E110"},
            f"{site}/x\x01y": {"E109"}, f"{site}/" + "a" * 65_000: {"E109"},
            "http://[2002:7f00:1::]/": {"E109"}, "http://[fec0::1]/": {"E109"}}
    db = tmp_path / "h.db"
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "newsgraph", "ingest", str(corpus), *urls, "--db", str(db),
         "--allow-network", "127.0.0.1/32", "--timeout", "5", "--json"],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    with Store(db, readonly=True) as store:
        arts = store.articles(limit=10_000)
        skips = store.skips()
        # an input whose clean text was already stored is linked through ``sources``
        origins = [str(r[0]) for r in store.conn.execute("SELECT origin FROM sources")]
    origins += [a["origin"] for a in arts]
    # every good example is stored
    for ex in sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html")):
        assert any(o.endswith(f"examples/{ex.name}") for o in origins), ex.name
    # every hostile file ends as an accepted outcome
    problems = []
    for name, ok in expect.items():
        path = str(corpus / "hostile" / name)
        got = {"article" for o in origins if o == path or o.startswith(path + ":")
               or o.startswith(path + "#")}
        got |= {s["code"] for s in skips if s["origin"] == path or
                s["origin"].startswith((path + ":", path + "#"))}
        if not got or not got <= ok:
            problems.append(f"{name}: expected {sorted(ok)}, got {sorted(got)}")
    for url, ok in urls.items():
        got = {"article" for o in origins if o == url} | \
            {s["code"] for s in skips if s["origin"] == url}
        if not got or not got <= ok:
            problems.append(f"{url}: expected {sorted(ok)}, got {sorted(got)}")
    assert not problems, "\n".join(problems)
    # the JSONL good lines survive the broken ones around them
    jsonl = {o for o in origins if "mixed.jsonl:" in o}
    assert len(jsonl) == 3, jsonl
    # markup never reaches the clean text; external entities are not resolved
    for a in arts:
        with Store(db, readonly=True) as store:
            text = store.article(a["id"])["text"]  # type: ignore[index]
        assert "alert(" not in text and "INJECTED" not in text and "root:x:0" not in text
        assert "SECRET-OUTSIDE" not in text  # the link out of the folder was not followed
    assert summary["this_run"]["skipped"] == len(skips)
    print(f"\nhostile batch: {len(arts)} articles, {len(skips)} skips, {elapsed:.1f} s")
