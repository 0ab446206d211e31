"""Security checks: SQL built only with parameters, SSRF guard edge cases, API input limits,
the write endpoint's token, and XSS over every HTML page (in-process, no browser).

The browser test (``tests/test_ui.py``) proves scripts never run in Chromium; here every page,
error pages and reflected query parameters included, is parsed and checked structurally: no
``<script>`` that is not ours, no ``on*`` handler attribute, no ``javascript:`` URL.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from conftest import loopback_server
from newsgraph.errors import SkipCode, SkipError
from newsgraph.ingest.fetch import Fetcher, FetchPolicy

SRC = Path(__file__).resolve().parent.parent / "src" / "newsgraph"

# -- SQL: parameters only ---------------------------------------------------------------------

_SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|PRAGMA|VALUES|JOIN|ORDER BY)\b")

#: expressions allowed inside SQL f-strings, each a fragment built by our own code from
#: constants (never from user input), with why
ALLOWED_INTERPOLATIONS = {
    "LEAD_CHARS": "an int module constant (how much of an article is its lead)",
    "marks": "a run of '?' placeholders: ','.join('?' * n)",
    "where": "a WHERE clause joined from constant clause strings with placeholders",
    "'AND' if where else 'WHERE'": "a constant keyword",
    "table": "a table name checked against Store._BULK_TABLES / a constant tuple, or read "
             "from sqlite_master and checked with isidentifier (Store._tables_with)",
    "int(version)": "a migration number from a packaged file name, cast to int",
    "_MEMBER_COLS": "a module constant column list",
    "_MEMBER_COLS_M": "the module constant column list above, qualified with 'm.'",
    "rows_marks": "a run of '(?, ?, ...)' placeholder tuples for a VALUES list",
    "id_marks": "a run of '?' placeholders (_marks)",
    "code_marks": "a run of '?' placeholders (_marks)",
    "outlet_marks": "a run of '?' placeholders (_marks)",
    "article_marks": "a run of '?' placeholders (_marks)",
    "select": "a constant query passed by its callers in resolve/events.py (_by_id)",
    "_KIND_COLS_K": "_MEMBER_COLS as constant column expressions over cluster_kinds",
    "WAL_CHECKPOINT_PAGES": "a module int constant (pages)",
    "WRITER_CACHE_KIB": "a module int constant (KiB)",
    "_MENTION_SELECT": "a module constant SELECT",
    "role": "'source' or 'target' passed as a literal by internal callers",
    "role_sql": "built from role (above)",
    "order_sql": "looked up in a constant dict keyed by the order name",
    "pairs": "a constant sub-select plus where (above)",
    "skey": "a constant column name chosen by level",
    "tkey": "a constant column name chosen by level",
    "cond": "a constant condition chosen by level",
    "hi": "a constant column expression passed by the export callers",
    "lo": "a constant column expression passed by the export callers",
    "t": "a table name from a constant tuple in store/queries.py (change fingerprint)",
    "order": "a constant ORDER BY string assigned just above the query",
    "seek": "a constant keyset condition with named placeholders",
    "inner_where": "where (above) plus seek (above)",
    "' AND '.join(clauses)": "constant clause strings with '?' placeholders",
    "source": "a constant FROM fragment plus where (above)",
    "located": "a constant condition joined to where (above)",
    "scope": "a constant condition with named placeholders from Alerter's rules (watch/alerts)",
    "clause": "scope (above) AND the WHERE that event_where builds (store/queries.py)",
    "', '.join((f'{k} = ?' for k in cols))": "'col = ?' over a constant tuple (watch/state.py)",
    "p": "a parameter name chosen by internal callers of _actor_ids_sql (actor, both0, ...)",
    "each": "a constant json_each sub-select over the named parameter p (above)",
    "fixed": "a constant UNION over current_corrections, or empty (corrections layer)",
    "_Q_COLS": "a module constant column list of the candidate query's VALUES table "
               "(resolve/events.py)",
    "_DATE_OK": "a module constant CASE condition over those columns (resolve/events.py)",
    "SPANS[0]": "the first span class, an int of the module constant SPANS "
                "(resolve/candidates.py)",
    "_REACH": "a module constant CASE expression over the span classes and the VALUES "
              "table's columns (resolve/events.py)",
}


def _sql_fstrings() -> Iterator[tuple[str, int, str]]:
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                consts = "".join(v.value for v in node.values
                                 if isinstance(v, ast.Constant) and isinstance(v.value, str))
                if _SQL.search(consts):
                    for v in node.values:
                        if isinstance(v, ast.FormattedValue):
                            yield str(path.relative_to(SRC)), node.lineno, ast.unparse(v.value)


def test_sql_fstrings_interpolate_only_constant_fragments() -> None:
    found = list(_sql_fstrings())
    assert found, "the scan found no SQL f-strings at all: the pattern is broken"
    bad = [f"{p}:{n}: {{{e}}}" for p, n, e in found if e not in ALLOWED_INTERPOLATIONS]
    assert not bad, "SQL f-string interpolates a value not on the reviewed list:\n" + \
        "\n".join(bad)


def test_sql_is_never_built_with_percent_or_format_from_values() -> None:
    """``%`` formatting and ``.format`` on SQL text are not used (one reviewed exception)."""
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and \
                    isinstance(node.left, ast.Constant) and isinstance(node.left.value, str) \
                    and _SQL.search(node.left.value):
                bad.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "format":
                text = ast.unparse(node)
                # export/_rows.py formats its actor clause with a column key and '?' marks;
                # store/readmodel.py formats its pair queries with '?' marks only
                if "format(where=f'WHERE e.id IN ({marks})')" in text:
                    continue
                if _SQL.search(text) or (".format(key=key, marks=" not in text and
                                         "sql" in ast.unparse(node.func.value).lower()):
                    bad.append(f"{path.name}:{node.lineno}: {text[:80]}")
    assert not bad, bad


def test_execute_first_argument_is_never_built_inline_from_a_call_argument() -> None:
    """Every ``execute``-style call takes SQL as a constant, an f-string checked above, or a
    local name; never ``+`` of a non-constant straight into the call."""
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("execute", "executemany", "executescript", "_all",
                                       "_one") and node.args:
                first = node.args[0]
                if isinstance(first, ast.BinOp) and not all(
                        isinstance(side, ast.Constant) for side in (first.left, first.right)):
                    text = ast.unparse(first)
                    if not re.search(r"\+ where\b|where \+", text):
                        bad.append(f"{path.name}:{node.lineno}: {text[:80]}")
    assert not bad, bad


def test_clause_lists_hold_only_constant_sql() -> None:
    """``clauses.append(...)`` in the query builders appends constants (or reviewed helpers)."""
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "append" and ast.unparse(node.func.value) == "clauses":
                arg = node.args[0]
                if isinstance(arg, ast.Constant):
                    continue
                text = ast.unparse(arg)
                if text.startswith("_actor_ids_sql(") or text.startswith("actor_sql.format("):
                    continue
                if isinstance(arg, ast.JoinedStr):
                    continue  # checked by the f-string test
                bad.append(f"{path.name}:{node.lineno}: {text[:80]}")
    assert not bad, bad


# -- SSRF: the cases tests/test_fetch.py does not list ------------------------------------------


def no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"resolver must not be asked for {host}")


@pytest.mark.parametrize("url", [
    "http://[::1]:8080/", "http://[0:0:0:0:0:0:0:1]/", "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/", "http://[::]/", "http://[fd00:ec2::254]/",
    "http://[fc00::1]/", "http://[::ffff:169.254.169.254]/", "http://127.0.0.1:1/",
    "http://127.255.255.254/", "http://0.0.0.0:80/", "http://[fe80::1%25eth0]/",
])
def test_ipv6_and_loopback_literals_refused(url: str) -> None:
    with Fetcher(resolver=no_dns) as f, pytest.raises(SkipError) as err:
        f.fetch(url)
    assert err.value.code is SkipCode.FETCH_REFUSED


@pytest.mark.parametrize("host, address", [
    ("2130706433", "127.0.0.1"), ("0x7f000001", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
    ("127.1", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("017700000001", "127.0.0.1"),
    ("2852039166", "169.254.169.254"), ("0xa9fea9fe", "169.254.169.254"),
    ("0251.0376.0251.0376", "169.254.169.254"), ("167772161", "10.0.0.1"), ("0", "0.0.0.0"),
])
def test_decimal_octal_hex_forms_are_refused(host: str, address: str) -> None:
    """The C resolver reads these numeric forms locally (inet_aton: no DNS query, no
    traffic); the guard checks what they resolve to, and connects to that address only."""
    with Fetcher() as f, pytest.raises(SkipError) as err:
        f.fetch(f"http://{host}/")
    assert err.value.code is SkipCode.FETCH_REFUSED and address in err.value.reason


@pytest.mark.parametrize("answers", [
    ["10.0.0.5"], ["127.0.0.1"], ["::1"], ["169.254.169.254"], ["fd00:ec2::254"],
    ["::ffff:10.1.1.1"], ["fe80::1%eth0"], ["93.184.216.34", "192.168.1.1"],
    ["2606:4700::1111", "fc00::5"], ["100.100.100.200"], ["not-an-address"],
])
def test_dns_names_resolving_to_private_addresses_are_refused(answers: list[str]) -> None:
    with Fetcher(resolver=lambda h, p: answers) as f, pytest.raises(SkipError) as err:
        f.fetch("http://innocent.example/")
    assert err.value.code is SkipCode.FETCH_REFUSED


@pytest.mark.parametrize("url", ["http://[/", "http://[::1/", "http://example.com:99999/",
                                 "http://example.com:-1/", "http:///nohost", "//x", "",
                                 "http://exa mple.com/"])
def test_malformed_urls_are_skips_not_crashes(url: str) -> None:
    """Found by fuzzing: ``http://[/`` escaped ``Fetcher.check`` as a ValueError."""
    with Fetcher(resolver=lambda h, p: []) as f, pytest.raises(SkipError) as err:
        f.fetch(url)
    assert err.value.code in (SkipCode.FETCH_REFUSED, SkipCode.FETCH_FAILED)


class _Redirector(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        target = parse_qs(urlsplit(self.path).query).get("u", ["/"])[0]
        self.send_response(302)
        self.send_header("Location", target)
        self.end_headers()


@pytest.fixture(scope="module")
def redirector() -> Iterator[str]:
    with loopback_server(_Redirector) as url:
        yield url


@pytest.mark.parametrize("target", [
    "http://[::1]/", "http://2852039166/latest/meta-data/", "http://0xa9fea9fe/",
    "http://0251.0376.0251.0376/", "file:///etc/passwd", "http://10.0.0.1/",
    "http://[::ffff:169.254.169.254]/", "gopher://127.0.0.1:25/", "http://[/",
])
def test_redirects_to_private_forms_are_refused(redirector: str, target: str) -> None:
    """Only 127.0.0.1/32 is opened (for the test server); every hop after it is checked."""
    from urllib.parse import quote

    policy = FetchPolicy.allowing(["127.0.0.1/32"])
    with Fetcher(policy) as f, pytest.raises(SkipError) as err:
        f.fetch(f"{redirector}/?u={quote(target, safe='')}")
    # refused by our check, or a Location httpx itself will not parse (octal dotted form)
    assert err.value.code is SkipCode.FETCH_REFUSED or "Invalid URL" in err.value.reason


# -- API: validation, limits, token, XSS on every page --------------------------------------------

XSS = "<script>window.__xss=1</script>\"'><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsgraph.records import Skip
    from newsgraph.store import Store
    from test_api import build_sample_db

    db = build_sample_db(tmp_path_factory.mktemp("secdb"))
    with Store(db) as store:  # a skip whose origin and reason carry markup
        store.record_skip(Skip(f"{XSS}.txt", "ingest", "E108", f"unsupported {XSS}"))
    return db


@pytest.fixture(scope="module")
def client(hostile_db: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from newsgraph.api import Settings, create_app

    with TestClient(create_app(Settings(db=hostile_db))) as c:
        yield c


def _pages(client: Any) -> list[str]:
    arts = client.get("/api/articles", params={"limit": 100}).json()["items"]
    actors = client.get("/api/actors", params={"limit": 100}).json()["items"]
    dyad = client.get("/api/dyads").json()["items"][0]
    hostile = XSS.replace("#", "")
    return (["/", "/timeline", "/timeline?granularity=month", "/events", "/events?cameo=04",
             "/network", "/network?level=actor", "/dyads",
             f"/dyads/{dyad['source']}/{dyad['target']}", "/articles", "/actors", "/skips",
             "/search?q=Canberra", "/search?q=script", "/docs",
             f"/search?q={hostile}", f"/events?actor={hostile}", f"/events?cameo={hostile}",
             f"/articles?outlet={hostile}", f"/actors?q={hostile}",
             f"/articles/{hostile}", f"/actors/{hostile}", f"/dyads/{hostile}/JPN",
             f"/nope/{hostile}", f"/timeline?granularity={hostile}"]
            + [f"/articles/{a['id']}" for a in arts] + [f"/actors/{a['id']}" for a in actors])


def _xss_findings(html: str) -> list[str]:
    tree = lxml.html.fromstring(html or "<html></html>")
    out = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "script":
            src = el.get("src") or ""
            if not src.startswith(("/static/", "/docs/assets/")) or (el.text or "").strip():
                out.append(f"script: {lxml.html.tostring(el)[:80]!r}")
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                out.append(f"handler {name} on <{el.tag}>")
            if name.lower() in ("href", "src", "action", "formaction") and \
                    re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE):
                out.append(f"{name}={value[:40]} on <{el.tag}>")
    return out


def test_every_html_page_is_free_of_injected_markup(client: Any) -> None:
    checked = 0
    for path in _pages(client):
        r = client.get(path)
        assert r.status_code < 500, (path, r.status_code, r.text[:300])
        if "text/html" not in r.headers.get("content-type", ""):
            continue
        assert _xss_findings(r.text) == [], path
        assert "<script>window.__xss" not in r.text, path
        assert "script-src 'self'" in r.headers["content-security-policy"]
        checked += 1
    assert checked >= 25


@pytest.mark.parametrize("path, params", [
    ("/api/events", {"limit": 10_000}), ("/api/events", {"limit": -1}),
    ("/api/events", {"offset": -5}), ("/api/events", {"offset": 10**30}),
    ("/api/events", {"date_from": "x'; DROP TABLE events; --"}),
    ("/api/events", {"cameo": "x" * 5000}),
    ("/api/search", {"q": ""}), ("/api/search", {"q": "x" * 501}),
    ("/api/skips", {"code": "'; DROP TABLE articles; --"}),
    ("/api/timeline", {"granularity": "century"}), ("/api/network", {"level": "<x>"}),
])
def test_api_rejects_bad_parameters_with_4xx(client: Any, path: str,
                                             params: dict[str, Any]) -> None:
    r = client.get(path, params=params)
    assert 400 <= r.status_code < 500, (path, params, r.status_code, r.text[:200])
    assert r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("q", ['"', "AND", "NEAR(", "a OR", "*", "col:x", "\x00", "')--",
                               "\u202e", "^", "a" * 500, '"unterminated', "(((", "-x"])
def test_search_never_fails_on_fts_syntax(client: Any, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code in (200, 422), (q, r.status_code, r.text[:200])


def test_injection_strings_in_filters_are_plain_values(client: Any, hostile_db: Path) -> None:
    from newsgraph.store import Store

    before = Store(hostile_db, readonly=True).counts()
    for value in ("' OR 1=1 --", "x'; DELETE FROM events; --", "%", "_", "\\"):
        for path, key in (("/api/events", "actor"), ("/api/events", "outlet"),
                          ("/api/quotes", "speaker"), ("/api/actors", "q"),
                          ("/api/articles", "outlet")):
            r = client.get(path, params={key: value})
            assert r.status_code in (200, 404, 422), (path, key, value, r.text[:200])
    assert Store(hostile_db, readonly=True).counts() == before


def test_write_endpoint_needs_token_even_on_loopback_when_set(hostile_db: Path,
                                                               tmp_path: Path) -> None:
    import shutil

    from fastapi.testclient import TestClient

    from newsgraph.api import Settings, create_app

    db = tmp_path / "w.db"
    shutil.copy(hostile_db, db)
    app = create_app(Settings(db=db, enable_ingest=True, token="t0ken"))
    doc = {"documents": [{"text": "Germany and France agreed on Monday to hold talks."}]}
    with TestClient(app) as c:
        for headers in ({}, {"authorization": "Bearer"}, {"authorization": "Bearer t0ke"},
                        {"authorization": "t0ken2"}, {"authorization": "Basic dDB rZW4="}):
            r = c.post("/api/ingest", json=doc, headers=headers)
            assert r.status_code == 401, headers
        r = c.post("/api/ingest", content=b"{}", headers={"authorization": "Bearer t0ken",
                                                          "content-type": "text/plain"})
        assert r.status_code == 415
        r = c.post("/api/ingest", json={"documents": []},
                   headers={"authorization": "Bearer t0ken"})
        assert r.status_code == 422
        r = c.post("/api/ingest", json={"documents": [{"text": "x"}] * 101},
                   headers={"authorization": "Bearer t0ken"})
        assert r.status_code == 422
        r = c.post("/api/ingest", content=b"x" * 5_000_001,
                   headers={"authorization": "Bearer t0ken",
                            "content-type": "application/json"})
        assert r.status_code == 413


def test_ingest_endpoint_survives_hostile_documents(hostile_db: Path, tmp_path: Path) -> None:
    """Lone surrogates, NULs and markup in a JSON body: a result or a 4xx, never a 500."""
    import shutil

    from fastapi.testclient import TestClient

    from newsgraph.api import Settings, create_app

    db = tmp_path / "w.db"
    shutil.copy(hostile_db, db)
    app = create_app(Settings(db=db, enable_ingest=True, token="t"))
    bodies = [
        b'{"documents": [{"text": "Japan and Australia met on Monday \\ud800 in Canberra."}]}',
        b'{"documents": [{"text": "\\u0000\\u0000 Japan met China.", "kind": "html"}]}',
        b'{"documents": [{"text": "' + XSS.replace('"', '\\"').encode() + b'", "kind": "html"}]}',
        b'{"documents": [{"text": "Japan met China.", "published": "2024-02-30"}]}',
        b'{"documents": [{"text": "Japan met China.", "published": "\\ud800"}]}',
        b'{"documents": [{"text": 5}]}', b'{"documents": "x"}', b"[]", b"{", b"\xff\xfe",
    ]
    with TestClient(app, raise_server_exceptions=False) as c:
        for body in bodies:
            r = c.post("/api/ingest", content=body, headers={
                "authorization": "Bearer t", "content-type": "application/json"})
            assert r.status_code < 500, (body[:60], r.status_code, r.text[:300])
