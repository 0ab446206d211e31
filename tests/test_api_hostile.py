"""Hostile clients against a real ``newsgraph serve`` on loopback (issue 25): tampered cursors
are a 400 with a reason, searches are bounded, half-sent connections time out, and a write
request is refused before its body is parsed.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsgraph.store import Store, queries
from newsgraph.store.queries import Queries, SearchTooCostly, safe_fts
from test_api import Server, build_sample_db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_db(tmp_path_factory.mktemp("hostiledb"))


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[Server]:
    s = Server(db, "--request-timeout", "1")
    yield s
    s.stop()


def _cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("raw", [
    b'[null,"a",' + b"9" * 30 + b',"e"]',  # OverflowError binding it: was a 500
    b"[" * 1490,  # RecursionError in json: was a 500 and a dropped connection
    b'["2024-01-01","\\ud800",1,"e"]',  # a lone surrogate SQLite cannot encode
    b'["2024-01-01","a",true,"e"]',
    b'{"a": 1}', b"not json",
])
def test_tampered_cursor_is_a_400_with_a_reason(server: Server, raw: bytes) -> None:
    r = httpx.get(server.url + "/api/events", params={"after": _cursor(raw)[:2000]}, timeout=10)
    assert r.status_code == 400, r.text
    assert r.json()["detail"] == "not a valid cursor"
    assert httpx.get(server.url + "/api/stats", timeout=10).status_code == 200


def test_search_syntax_is_a_safe_subset(server: Server) -> None:
    assert safe_fts('NEAR(t* t* t*, 100)') == '"t" "t" "t" "100"'
    assert safe_fts('japan OR "prime minister" NOT tal* ^x title:y (z') == \
        '"japan" OR "prime minister" NOT "tal"* "x" "title" "y" "z"'
    assert safe_fts("OR AND") == "" and safe_fts("a*" * 50).count("*") == 0
    assert safe_fts(" ".join(f"abc{i}*" for i in range(40))).count("*") == 3
    red_team = "NEAR(" + " ".join(["t*"] * 80) + ", 100)"  # 27.9 s of CPU before
    r = httpx.get(server.url + "/api/search", params={"q": red_team[:250]}, timeout=30)
    assert r.status_code == 200 and "NEAR" not in r.json()["query"] and "*" not in r.json()["query"]
    body = httpx.get(server.url + "/api/search", params={"q": "Japan OR Germany"}).json()
    assert body["total"] >= 1 and body["query"] == '"Japan" OR "Germany"'
    page = httpx.get(server.url + "/search", params={"q": red_team[:250]}, timeout=30)
    assert page.status_code == 200


def test_search_past_its_step_budget_is_refused(db: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "SEARCH_STEP", 1)  # a check every step: a tiny budget bites
    copy = tmp_path / "s.db"
    shutil.copy(db, copy)
    store = Store(copy, readonly=True)
    try:
        q = Queries(store)
        assert q.search("Japan", budget=10_000)["total"] >= 1
        with pytest.raises(SearchTooCostly, match="too costly"):
            q.search("Japan", budget=0)
        assert q.search("Japan")["total"] >= 1  # the handler is gone afterwards
    finally:
        store.close()


def test_half_sent_connections_time_out_and_the_server_still_answers(server: Server) -> None:
    socks = []
    try:
        for i in range(200):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Slow: " + str(i).encode())
            socks.append(s)
        assert httpx.get(server.url + "/api/stats", timeout=10).status_code == 200
        time.sleep(2.5)  # past --request-timeout 1
        closed = 0
        deadline = time.monotonic() + 5  # the old server never closed them: bounded wait
        for s in socks:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            with contextlib.suppress(TimeoutError, ConnectionResetError):
                closed += s.recv(1024) == b""
        assert closed == len(socks)
        assert httpx.get(server.url + "/api/stats", timeout=10).status_code == 200
    finally:
        for s in socks:
            s.close()


def test_write_is_refused_before_its_body_is_parsed(db: Path, tmp_path: Path,
                                                    server: Server) -> None:
    # ingest off: 403 whatever the body (was a 422 for "{")
    r = httpx.post(server.url + "/api/ingest", content=b"{",
                   headers={"content-type": "application/json"})
    assert r.status_code == 403 and r.json()["status"] == 403
    w = tmp_path / "w.db"
    shutil.copy(db, w)
    s = Server(w, "--enable-ingest", env={"NEWSGRAPH_TOKEN": "s3cret"})
    try:
        for headers in ({}, {"authorization": "s3cret"}, {"authorization": "Basic s3cret"},
                        {"authorization": "Bearer wrong"}):
            r = httpx.post(s.url + "/api/ingest", content=b"{",
                           headers={"content-type": "application/json", **headers})
            assert r.status_code == 401, (headers, r.text)
            assert r.headers["www-authenticate"] == "Bearer"
        r = httpx.post(s.url + "/api/ingest", content=b"{", headers={
            "content-type": "application/json", "authorization": "bearer s3cret"})
        assert r.status_code == 422  # authorised: now the body is read, and it is bad
        r = httpx.post(s.url + "/api/ingest", content=json.dumps({"documents": []}),
                       headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 415
    finally:
        s.stop()
