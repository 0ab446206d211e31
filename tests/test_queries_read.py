"""The read model behind the API: event_pairs, the result cache, keyset cursors.

A small store is written row by row (no NLP) the way ``bench/api.py`` builds its large one,
then its aggregates are checked against the joins they replace.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsgraph.store import Store
from newsgraph.store.queries import EventFilter, Queries, decode_cursor, encode_cursor

ACTORS = [("aAUS", "AUS", "state", "AUS", "[]", "AUS"),
          ("aJPN", "JPN", "state", "JPN", "[]", "JPN"),
          ("aJPNGOV", "JPN GOV", "organisation", "JPN", '["GOV"]', "JPNGOV"),
          ("aNONE", "officials", "person", None, "[]", "")]
DATES = ["2024-03-01", "2024-03", None, "2024-W10", "2024", "2024-03-02", None, "2023-12-30"]


def add_article(c: sqlite3.Connection, i: int, pairs: list[tuple[list[str], list[str]]]) -> None:
    """One article with one event per (sources, targets) pair and a mention per actor."""
    aid = f"art{i:04d}"
    c.execute("INSERT INTO articles (id, url, outlet, title, authors, published, "
              "published_source, language, origin, text, removed, duplicate_of, ingested_at) "
              "VALUES (?, NULL, 'Outlet', 't', '[]', '2024-03-05', 'metadata', 'en', ?, ?, "
              "'[]', NULL, '2025-01-01')", (aid, f"o{i}", "x" * 400))
    for j, (sources, targets) in enumerate(pairs):
        eid = f"ev{i:04d}{j:02d}"
        date = DATES[(i + j) % len(DATES)]
        c.execute("INSERT INTO events VALUES (?, ?, 'met', ?, ?, '042', '04', 1.9, ?, "
                  "'CONSULT', NULL, NULL, NULL, NULL, 'asserted', 0, ?, ?, NULL, ?, ?, NULL, "
                  "NULL, 0.5)", (eid, aid, j * 10, j * 10 + 3, 1 + (i + j) % 4, date,
                                 "day" if date else "unknown", j * 10, j * 10 + 9))
        for role, actors in (("source", sources), ("target", targets)):
            for k, actor in enumerate(actors):
                start = j * 10 + k + (0 if role == "source" else 5)
                c.execute("INSERT INTO event_actors VALUES (?, ?, ?, ?, ?, 'x', '')",
                          (eid, role, actor, start, start + 1))
                c.execute("INSERT OR IGNORE INTO actor_mentions VALUES (?, ?, ?, 'x', ?, 'n')",
                          (aid, start, start + 1, actor))


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "read.db")
    with s.transaction() as c:
        c.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?)", ACTORS)
        for i in range(30):
            add_article(c, i, [(["aAUS"], ["aJPN"]),
                               (["aJPN", "aJPNGOV"], ["aAUS"]),  # two JPN actors: one dyad
                               (["aNONE"], ["aAUS", "aJPN"])])   # no source country
    s.recluster()  # fills event_pairs for the rows written above
    return s


def joined_dyads(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
    """The dyad counts as the join over event_actors computes them."""
    return {(r[0], r[1]): r[2] for r in conn.execute(
        "SELECT a, b, count(*) FROM (SELECT DISTINCT e.id, s.country AS a, t.country AS b "
        "FROM events e JOIN event_actors es ON es.event_id = e.id AND es.role = 'source' "
        "JOIN actors s ON s.id = es.actor_id "
        "JOIN event_actors et ON et.event_id = e.id AND et.role = 'target' "
        "JOIN actors t ON t.id = et.actor_id "
        "WHERE s.country IS NOT NULL AND t.country IS NOT NULL) GROUP BY a, b")}


def test_dyads_and_network_match_the_joins(store: Store) -> None:
    q = Queries(store)
    dyads = q.dyads(limit=500)
    assert {(d["source"], d["target"]): d["events"] for d in dyads["items"]} == \
        joined_dyads(store.conn)
    assert dyads["total"] == len(dyads["items"]) == 2
    net = q.network(limit=500)
    actor_pairs = {(e["source"], e["target"]): e["weight"] for e in net["edges"]}
    assert actor_pairs[("aJPN", "aAUS")] == actor_pairs[("aJPNGOV", "aAUS")] == 30
    assert actor_pairs[("aNONE", "aAUS")] == 30  # actor level keeps actors without a country
    filtered = q.dyads(EventFilter(quad_class=1), limit=500)["items"]
    assert sum(d["events"] for d in filtered) == int(store.conn.execute(
        "SELECT count(DISTINCT p.event_id) FROM event_pairs p JOIN events e ON e.id = p.event_id "
        "WHERE p.level = 'country' AND e.quad_class = 1").fetchone()[0])


def test_cache_follows_ingests(store: Store) -> None:
    q = Queries(store)
    before = q.dyads()["items"][0]["events"]
    assert q.timeline()["total"] == 90
    assert q.stats()["events"] == 90
    with store.transaction() as c:
        add_article(c, 99, [(["aAUS"], ["aJPN"])])
    store.recluster()
    assert q.timeline()["total"] == 91
    assert q.stats()["events"] == 91
    assert q.dyads()["items"][0]["events"] == before + 1
    with store.transaction() as c:  # an update or delete is seen through the counter
        c.execute("DELETE FROM event_pairs WHERE event_id = 'ev009900'")
    assert q.dyads()["items"][0]["events"] == before


def test_cached_results_are_copies(store: Store) -> None:
    q = Queries(store)
    q.stats()["events"] = -1
    q.timeline()["buckets"].clear()
    assert q.stats()["events"] == 90
    assert q.timeline()["buckets"]


def test_cursor_pages_equal_offset_pages(store: Store) -> None:
    q = Queries(store)
    for f in (EventFilter(), EventFilter(source="JPN"), EventFilter(date_to="2024-03")):
        by_offset = [e["id"] for e in q.events(f, limit=1000)["items"]]
        walked: list[str] = []
        body = q.events(f, limit=7)
        walked += [e["id"] for e in body["items"]]
        while body["next_after"]:
            body = q.events(f, limit=7, after=body["next_after"])
            walked += [e["id"] for e in body["items"]]
        assert walked == by_offset and len(walked) == q.events(f)["total"]


def test_cursor_tokens_round_trip_and_reject_junk(store: Store) -> None:
    key = [None, "art1", 3, "ev1"]
    assert decode_cursor(encode_cursor(key)) == key
    for junk in ("", "nope", encode_cursor([1, 2]), encode_cursor(["a", 1, "x", "y"])):
        with pytest.raises(ValueError):
            decode_cursor(junk)
    with pytest.raises(ValueError):  # a cursor follows the default order only
        Queries(store).events(order="goldstein", after=encode_cursor(key))


def test_article_prefix_is_a_range(store: Store) -> None:
    q = Queries(store)
    assert q.article("art0001")["article"]["id"] == "art0001"  # type: ignore[index]
    assert q.article("art00") is None  # ambiguous prefix
    assert q.article("art0029")["events"]  # type: ignore[index]
    assert q.article("%") is None and q.article("") is None
    assert {e["article_id"] for e in q.events(EventFilter(article="art001"))["items"]} == \
        {f"art001{i}" for i in range(10)}


def test_min_confidence_filters_events_and_exports(store: Store, tmp_path: Path) -> None:
    from newsgraph.export import Filters
    from newsgraph.export import export as run_export

    with store.transaction() as c:
        c.execute("UPDATE events SET confidence = 0.9 WHERE id LIKE 'ev0001%'")
    q = Queries(store)
    high = q.events(EventFilter(min_confidence=0.8), limit=500)["items"]
    assert {e["id"] for e in high} == {"ev000100", "ev000101", "ev000102"}
    assert q.events(EventFilter(min_confidence=0.5), limit=500)["total"] == 90
    n = run_export(store.conn, "jsonl", tmp_path / "e.jsonl", Filters(min_confidence=0.8))
    assert n == 3
