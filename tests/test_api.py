"""The REST API against a real uvicorn process on a free loopback port.

The database is built from ``examples/`` (plus one hostile article) through the CLI, the
server runs as ``python -m newsgraph serve`` in a subprocess and is stopped at teardown.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from newsgraph.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

HOSTILE_TITLE = "<script>window.__xss='title'</script><img src=x onerror=\"window.__xss='img'\">"
HOSTILE = {
    "text": ("<script>window.__xss='text'</script> Japan and Australia agreed on Monday to "
             "hold talks in Canberra next week, officials said. <img src=x "
             "onerror=\"window.__xss='onerror'\"> China criticised the agreement on Tuesday, "
             "a spokesman said. <a href=\"javascript:window.__xss='href'\">click me</a> "
             "The ministers will meet again in March, according to a joint statement."),
    "title": HOSTILE_TITLE,
    "url": "javascript:window.__xss='url'",
    "outlet": "<b onmouseover=\"window.__xss='outlet'\">Evil Times</b>",
    "published": "2024-05-02",
}

_DB_CACHE: dict[str, Path] = {}


def build_sample_db(base: Path) -> Path:
    """examples/ plus the hostile JSONL record, ingested by the CLI (once per session)."""
    if "db" in _DB_CACHE:
        return _DB_CACHE["db"]
    src = base / "input"
    shutil.copytree(EXAMPLES, src)
    (src / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = base / "sample.db"
    res = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    _DB_CACHE["db"] = db
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``newsgraph serve`` in a subprocess; ``url`` once it answers."""

    def __init__(self, db: Path, *extra: str, env: dict[str, str] | None = None) -> None:
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsgraph", "serve", "--db", str(db), "--port",
             str(self.port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read().decode() if self.proc.stdout else ""
                raise RuntimeError(f"server exited early: {out}")
            try:
                if httpx.get(self.url + "/api/stats", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not start in 30 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = build_sample_db(tmp_path_factory.mktemp("apidb"))
    s = Server(db)
    yield s
    s.stop()


def get(server: Server, path: str, status: int = 200, **params: Any) -> Any:
    r = httpx.get(server.url + path, params=params, timeout=10)
    assert r.status_code == status, r.text
    return r.json()


def all_events(server: Server, **params: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        body = get(server, "/api/events", limit=7, offset=offset, **params)
        out += body["items"]
        offset = body["next_offset"]
    return out


def test_openapi_and_offline_docs(server: Server) -> None:
    spec = get(server, "/openapi.json")
    for path in ("/api/events", "/api/articles/{article_id}", "/api/timeline", "/api/network",
                 "/api/dyads/{a}/{b}", "/api/search", "/api/skips", "/api/ingest"):
        assert path in spec["paths"]
    docs = httpx.get(server.url + "/docs").text
    assert "swagger-ui-bundle.js" in docs and "http" not in docs.split("<body>")[1]
    assert httpx.get(server.url + "/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_pagination_covers_every_event_once(server: Server) -> None:
    stats = get(server, "/api/stats")
    events = all_events(server)
    assert len(events) == stats["events"] > 0
    assert len({e["id"] for e in events}) == len(events)
    dated = [e["date"] for e in events if e["date"]]
    assert dated == sorted(dated)


def test_event_filters(server: Server) -> None:
    events = all_events(server)
    pair = next(e for e in events if e["source"] and e["target"]
                and e["source"][0]["country"] and e["target"][0]["country"])
    a, b = pair["source"][0]["country"], pair["target"][0]["country"]
    dyad = all_events(server, source=a, target=b)
    assert pair["id"] in {e["id"] for e in dyad}
    assert all(any(x["country"] == a for x in e["source"]) and
               any(x["country"] == b for x in e["target"]) for e in dyad)
    root = pair["cameo"][:2]
    by_root = all_events(server, cameo=root)
    assert by_root and all(e["cameo"].startswith(root) for e in by_root)
    assert {e["id"] for e in by_root} == {e["id"] for e in events if e["root"] == root}
    for modality in {e["modality"] for e in events}:
        got = all_events(server, modality=modality)
        assert len(got) == sum(e["modality"] == modality for e in events)
    window = all_events(server, date_from="2024-01", date_to="2024-12")
    assert window and all(e["date"].startswith("2024") for e in window)
    outlet = pair["outlet"]
    assert all(e["outlet"] == outlet for e in all_events(server, outlet=outlet))
    article = all_events(server, article=pair["article_id"][:8])
    assert article and all(e["article_id"] == pair["article_id"] for e in article)
    plover = next(e["plover_type"] for e in events if e["plover_type"])
    assert all(e["plover_type"] == plover for e in all_events(server, plover=plover))


def test_timeline_aggregates_match_events(server: Server) -> None:
    events = all_events(server)
    for g in ("auto", "day", "week", "month", "year"):
        tl = get(server, "/api/timeline", granularity=g)
        assert tl["total"] == len(events)
        assert sum(b["count"] for b in tl["buckets"]) + tl["undated"] == len(events)
        assert all(b["cooperation"] + b["conflict"] == b["count"] for b in tl["buckets"])
        starts = [b["start"] for b in tl["buckets"]]
        assert starts == sorted(starts)
    month = get(server, "/api/timeline", granularity="month")
    assert any(b["by_precision"].get("day") for b in month["buckets"])
    assert all(len(b["period"]) == 7 for b in month["buckets"] if not b["coarse"])


def test_dyads_network_actors(server: Server) -> None:
    dyads = get(server, "/api/dyads")["items"]
    assert dyads
    top = dyads[0]
    series = get(server, f"/api/dyads/{top['source']}/{top['target']}", granularity="year")
    key = f"{top['source']}>{top['target']}"
    assert series["totals"][key] == top["events"]
    assert len(all_events(server, source=top["source"], target=top["target"])) == top["events"]
    net = get(server, "/api/network", level="country")
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    actors = get(server, "/api/actors", limit=500)
    mentions = [a["mentions"] for a in actors["items"]]
    assert mentions == sorted(mentions, reverse=True) and mentions[0] > 0
    one = get(server, f"/api/actors/{actors['items'][0]['id']}")
    assert len(one["mentions"]) == min(200, mentions[0])


def test_article_detail_has_valid_evidence(server: Server) -> None:
    arts = get(server, "/api/articles", limit=100)["items"]
    assert any(a["published"] is None for a in arts)
    html_article = None
    for a in arts:
        body = get(server, f"/api/articles/{a['id']}")
        text = body["article"]["text"]
        for e in body["events"]:
            assert 0 <= e["ev_start"] <= e["trigger_start"] < e["trigger_end"] <= e["ev_end"]
            assert text[e["ev_start"]:e["ev_end"]] == e["evidence_text"]
        for q in body["quotes"]:
            assert text[q["content_start"]:q["content_end"]] == q["content"]
        if body["article"]["removed"]:
            html_article = body
    assert html_article is not None


def test_search_quotes_skips(server: Server) -> None:
    hits = get(server, "/api/search", q="Canberra")
    assert hits["total"] > 0 and any(p[1] for p in hits["items"][0]["snippet_parts"])
    assert get(server, "/api/search", q='"unbalanced AND (')["total"] >= 0
    quotes = get(server, "/api/quotes", kind="direct")
    assert quotes["items"] and all(q["kind"] == "direct" for q in quotes["items"])
    skips = get(server, "/api/skips")
    assert skips["total"] >= 1 and all(s["code"].startswith("E") for s in skips["items"])


def test_errors_are_problem_json(server: Server) -> None:
    for path, params, status in (("/api/articles/ffffffffffff", {}, 404),
                                 ("/api/nope", {}, 404),
                                 ("/api/events", {"limit": 0}, 422),
                                 ("/api/events", {"modality": "maybe"}, 422),
                                 ("/api/dyads/AUSTRALIA/JPN", {}, 422)):
        r = httpx.get(server.url + path, params=params)
        assert r.status_code == status
        assert r.headers["content-type"].startswith("application/problem+json")
        body = r.json()
        assert body["status"] == status and body["type"] and body["title"]
    page = httpx.get(server.url + "/articles/ffffffffffff")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


def test_write_endpoint_off_and_body_limits(server: Server) -> None:
    r = httpx.post(server.url + "/api/ingest", json={"documents": [{"text": "x"}]})
    assert r.status_code == 403 and r.json()["status"] == 403
    r = httpx.post(server.url + "/api/ingest", content=b"x" * 6_000_000,
                   headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["status"] == 413
    r = httpx.post(server.url + "/api/events", content=b"x" * 100_000)
    assert r.status_code == 413


def test_pages_and_json_twins(server: Server) -> None:
    aid = get(server, "/api/articles", limit=1)["items"][0]["id"]
    dyad = get(server, "/api/dyads")["items"][0]
    for path, api in (("/", "/api/stats"), ("/events", "/api/events"),
                      ("/timeline", "/api/timeline"), ("/network", "/api/network"),
                      ("/dyads", "/api/dyads"),
                      (f"/dyads/{dyad['source']}/{dyad['target']}",
                       f"/api/dyads/{dyad['source']}/{dyad['target']}"),
                      ("/articles", "/api/articles"), (f"/articles/{aid}", f"/api/articles/{aid}"),
                      ("/actors", "/api/actors"), ("/skips", "/api/skips"),
                      ("/search?q=Japan", "/api/search?q=Japan")):
        r = httpx.get(server.url + path)
        assert r.status_code == 200 and "text/html" in r.headers["content-type"]
        assert f'href="{api}' in r.text.replace("&amp;", "&"), path
        assert "script-src 'self'" in r.headers["content-security-policy"]
        twin = httpx.get(server.url + path, params={"format": "json"})
        assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert (get(server, "/events", format="json", limit=5)["items"]
            == get(server, "/api/events", limit=5)["items"])


def test_hostile_article_is_escaped_in_html(server: Server) -> None:
    hostile = [a for a in get(server, "/api/articles", limit=100)["items"]
               if a["title"] and "<script>" in a["title"]]
    assert len(hostile) == 1
    page = httpx.get(server.url + f"/articles/{hostile[0]['id']}").text
    assert "<script>window" not in page and "&lt;script&gt;window.__xss" in page
    assert 'href="javascript:' not in page and "<img src=x" not in page
    assert "onmouseover=" not in page.replace("onmouseover=&#34;", "")


def test_ingest_enabled_needs_token(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    shutil.copy(build_sample_db(tmp_path), db)
    s = Server(db, "--enable-ingest", env={"NEWSGRAPH_TOKEN": "s3cret"})
    try:
        doc = {"documents": [{"text": "Germany and France agreed on Monday to hold talks in "
                              "Berlin next month, officials said.", "published": "2024-06-03"}]}
        assert httpx.post(s.url + "/api/ingest", json=doc).status_code == 401
        r = httpx.post(s.url + "/api/ingest", json=doc, timeout=60,
                       headers={"authorization": "Bearer wrong"})
        assert r.status_code == 401
        r = httpx.post(s.url + "/api/ingest", json=doc, timeout=60,
                       headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 200, r.text
        added = r.json()["added"]
        assert len(added) == 1
        assert get(s, f"/api/articles/{added[0]['id']}")["article"]["published"] == "2024-06-03"
    finally:
        s.stop()


def test_open_ingest_beyond_loopback_is_refused(tmp_path: Path) -> None:
    from newsgraph.api import Settings, create_app, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    db = build_sample_db(tmp_path)
    with pytest.raises(ValueError, match="token"):
        create_app(Settings(db=db, host="0.0.0.0", enable_ingest=True))
    create_app(Settings(db=db, host="0.0.0.0", enable_ingest=True, token="t"))
    res = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0",
                                   "--enable-ingest"], env={"NEWSGRAPH_TOKEN": ""})
    assert res.exit_code == 2


def test_keyset_cursor_and_offset_bound(server: Server) -> None:
    by_offset = [e["id"] for e in all_events(server)]
    walked: list[str] = []
    body = get(server, "/api/events", limit=5)
    walked += [e["id"] for e in body["items"]]
    while body["next_after"]:
        body = get(server, "/api/events", limit=5, after=body["next_after"])
        walked += [e["id"] for e in body["items"]]
    assert walked == by_offset
    assert get(server, "/api/events", 400, after="junk")["status"] == 400
    assert get(server, "/api/events", 422, offset=10_000_001)["status"] == 422


def test_place_and_bbox_filters_and_map(server: Server) -> None:
    located = get(server, "/api/map")
    assert located["points"], "the samples have located events"
    top = located["points"][0]
    assert -90 <= top["lat"] <= 90 and -180 <= top["lon"] <= 180
    by_place = get(server, "/api/events", place=top["country"], limit=500)
    per_country = {c["country"]: c["events"] for c in located["countries"]}
    assert by_place["total"] == per_country[top["country"]] >= top["events"]
    assert all(e["location"]["country"] == top["country"] for e in by_place["items"])
    box = f"{top['lon'] - 0.5},{top['lat'] - 0.5},{top['lon'] + 0.5},{top['lat'] + 0.5}"
    in_box = get(server, "/api/events", bbox=box, limit=500)
    assert in_box["total"] >= top["events"]
    assert all(abs(e["location"]["lat"] - top["lat"]) <= 0.5 for e in in_box["items"])
    assert get(server, "/api/events", bbox="0,0,0.001,0.001")["total"] == 0
    get(server, "/api/events", 422, bbox="10,10,5,5")  # inverted box
    get(server, "/api/events", 422, place="Japan")
    page = httpx.get(server.url + "/map", timeout=10)
    assert page.status_code == 200 and "<svg" in page.text


def test_filters_speak(server: Server) -> None:
    """Names and lower case resolve to codes, lists work, bad values and unknown
    parameters are a 422 with the reason, and both-take-part holds the joint pact."""
    def total(**params: str) -> int:
        r = httpx.get(server.url + "/api/events", params=params)
        assert r.status_code == 200, r.text
        return int(r.json()["total"])

    aus = total(actor="AUS")
    assert aus > 0 and total(actor="aus") == aus and total(actor="Australia") == aus
    jpn = total(actor="JPN")
    both_or = total(actor="AUS,JPN")
    assert max(aus, jpn) <= both_or <= aus + jpn
    joint = total(both="Australia,Japan")
    assert 0 < joint <= min(aus, jpn)
    for params, words in (({"actor": "Atlantis"}, "Atlantis"),
                          ({"date_from": "garbage"}, "date_from"),
                          ({"actr": "AUS"}, "unknown parameter"),
                          ({"both": "AUS"}, "two or more")):
        r = httpx.get(server.url + "/api/events", params=params)
        assert r.status_code == 422 and words in r.json()["detail"], (params, r.text)
    r = httpx.get(server.url + "/events", params={"actor": "Atlantis"})
    assert r.status_code == 422 and "Atlantis" in r.text
    actors = httpx.get(server.url + "/api/actors").json()["items"]
    assert all(isinstance(a["roles"], list) for a in actors), "roles: a list, not JSON text"


def test_between_both_directions_outlets_quotes_and_exports(server: Server) -> None:
    for a, b in (("AUS", "JPN"), ("japan", "Australia")):
        d = httpx.get(server.url + f"/api/between/{a}/{b}").json()
        pact = [e for e in d["events"]["items"] if "reciprocal access" in e["evidence_text"]]
        assert pact and pact[0]["joint"] and len(pact[0]["directions"]) == 2
        assert "The Harbour Ledger" in pact[0]["cluster"]["outlets"]
        assert pact[0]["cluster"]["n_articles"] >= 1
        assert {x["side"] for x in d["quotes"]} == {"AUS", "JPN"}
        assert d["series"] and all("cooperation" in s for s in d["series"])
    csv_text = httpx.get(server.url + "/between/AUS/JPN/export/csv").text
    assert csv_text.startswith("id,") and "reciprocal access" in csv_text
    tl = httpx.get(server.url + "/between/AUS/JPN/export/timelinejs").json()
    assert tl["events"]
    gd = httpx.get(server.url + "/between/AUS/JPN/export/gdelt")
    assert gd.status_code == 200 and "\t" in gd.text
    assert httpx.get(server.url + "/api/between/AUS/aus").status_code == 422


def test_quotes_search_clusters_csv_twins(server: Server) -> None:
    q = httpx.get(server.url + "/api/quotes", params={"speaker": "Japan"}).json()
    assert q["total"] >= 1 and all(x["speaker_info"]["country"] == "JPN" for x in q["items"])
    assert httpx.get(server.url + "/api/quotes", params={"country": "Atlantis"}
                     ).status_code == 422
    s = httpx.get(server.url + "/api/search", params={"q": "arrest"}).json()
    stemmed = httpx.get(server.url + "/api/search", params={"q": "arrested"}).json()
    assert s["total"] == stemmed["total"] >= 1, "porter stemming: arrest finds arrested"
    assert s["records"]["events_total"] >= 1
    ev = httpx.get(server.url + "/api/between/AUS/JPN").json()["events"]["items"][0]
    c = httpx.get(server.url + f"/api/clusters/{ev['cluster']['id']}").json()
    assert c["events"] and c["articles"] and c["outlets"]
    for path in ("/events", "/timeline", "/quotes", "/network", "/map", "/dyads", "/articles",
                 "/between/AUS/JPN", f"/clusters/{ev['cluster']['id']}"):
        r = httpx.get(server.url + path, params={"format": "csv"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), path
    net = httpx.get(server.url + "/api/network", params={"level": "country"}).json()
    assert all(e["source"] != e["target"] for e in net["edges"]), "no self-loops"
    assert all(d["source"] != d["target"]
               for d in httpx.get(server.url + "/api/dyads").json()["items"])


def test_corrections_api_and_gold_export(tmp_path: Path) -> None:
    import sqlite3

    from newsgraph.eval.realnews import load

    db = tmp_path / "c.db"
    src, dst = sqlite3.connect(build_sample_db(tmp_path)), sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    s = Server(db)
    try:
        ev = next(e for e in httpx.get(s.url + "/api/events", params={"actor": "CHN"}).json()[
            "items"] if "JPN" in {a["country"] for a in e["source"] + e["target"]})
        bad = httpx.post(s.url + "/api/corrections", json={
            "kind": "event", "target": ev["id"], "field": "cameo", "value": "999"})
        assert bad.status_code == 422 and "CAMEO" in bad.json()["detail"]
        cross = httpx.post(s.url + "/api/corrections", headers={"origin": "http://evil.test"},
                           json={"kind": "event", "target": ev["id"], "field": "reject",
                                 "value": "1"})
        assert cross.status_code == 403
        ok = httpx.post(s.url + "/api/corrections", json={
            "kind": "event", "target": ev["id"], "field": "direction", "value": "swap",
            "who": "tester"})
        assert ok.status_code == 200, ok.text
        got = httpx.get(s.url + f"/api/events/{ev['id']}").json()
        assert got["corrected"] and got["source"] == ev["target"]

        def coop() -> int:
            t = httpx.get(s.url + "/api/timeline", params={"actor": "CHN"}).json()
            return sum(b["cooperation"] for b in t["buckets"])

        was = coop()
        assert ev["quad_class"] in (3, 4)
        assert httpx.post(s.url + "/api/corrections", json={
            "kind": "event", "target": ev["id"], "field": "cameo", "value": "057"}
                          ).status_code == 200
        assert coop() == was + 1, "the timeline counts the corrected type"

        def slides() -> list[str]:
            doc = httpx.get(s.url + "/between/CHN/JPN/export/timelinejs").json()
            return [x["text"]["headline"] for x in doc["events"]]

        before = slides()
        assert any(h.startswith("[corrected]") for h in before), before
        assert httpx.post(s.url + "/api/corrections", json={
            "kind": "event", "target": ev["id"], "field": "reject", "value": "1"}
                          ).status_code == 200
        assert len(slides()) == len(before) - 1, "a wholly rejected cluster leaves the export"
    finally:
        s.stop()
    res = CliRunner().invoke(app, ["corrections", "export", "--db", str(db), "--out",
                                   str(tmp_path / "gold")])
    assert res.exit_code == 0, res.output
    gold = load(tmp_path / "gold")
    assert gold and gold[0].entries


def test_serve_says_when_the_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        res = CliRunner().invoke(app, ["serve", "--db", str(build_sample_db(tmp_path)),
                                       "--port", str(port)])
    assert res.exit_code == 2 and "already in use" in res.output


def test_chart_geometry() -> None:
    """Time axis to scale, force layout without self-loops, merged map points, outlines."""
    from newsgraph.web import charts

    buckets = [{"period": p, "start": s, "count": n, "cooperation": n, "conflict": 0,
                "coarse": False} for p, s, n in (("2015", "2015-01-01", 1),
                                                 ("2019", "2019-01-01", 2),
                                                 ("2020", "2020-01-01", 4))]
    c = charts.time_chart(buckets, "year")
    xs = [b["x"] for b in c["bars"]]
    assert (xs[1] - xs[0]) > 3 * (xs[2] - xs[1]), "four years apart is four times one year"
    assert c["yticks"][-1]["v"] >= 4 and c["xticks"]
    net = {"nodes": [{"id": k, "weight": 2} for k in "ABC"],
           "edges": [{"source": "A", "target": "B", "weight": 2, "cooperation": 2,
                      "conflict": 0},
                     {"source": "C", "target": "C", "weight": 5, "cooperation": 0,
                      "conflict": 5}]}
    g = charts.force_layout(net)
    assert len(g["edges"]) == 1 and all(0 <= n["x"] <= g["width"] for n in g["nodes"])
    dots = [{"name": n, "x": x, "y": 10.0, "r": 5.0, "events": e, "kind": "cooperation"}
            for n, x, e in (("Tokyo", 10.0, 3), ("Yokohama", 13.0, 1), ("Paris", 300.0, 2))]
    groups = charts.cluster_points(dots)
    assert len(groups) == 2 and groups[0]["label"] == "Tokyo +1"
    names = {n for n, _ in charts.country_rings()}
    assert {"Australia", "Japan"} <= names
    paths = charts.outline_paths(lambda lon, lat: (lon, -lat), 130.0, 145.0, 30.0, 45.0)
    assert any(p["name"] == "Japan" for p in paths)


def test_dyad_granularity_does_not_depend_on_the_order(server: Server) -> None:
    ab = httpx.get(server.url + "/api/dyads/AUS/JPN").json()
    ba = httpx.get(server.url + "/api/dyads/JPN/AUS").json()
    assert ab["granularity"] == ba["granularity"]
    assert ab["totals"]["AUS>JPN"] == ba["totals"]["AUS>JPN"]
