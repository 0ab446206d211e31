"""Bulk loads with deferred indexes, and the write path's row-for-row equivalence."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from newsgraph.records import ActorMention, Analysis, Answer, Article, Removed, Summary
from newsgraph.runner.rows import plain
from newsgraph.store import Store, actor_id


def _indexes(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return {n: s for n, s in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    finally:
        conn.close()


def _actor_rows(n: int) -> list[tuple[str, str, str, str, str, str]]:
    return [(f"a{i:05d}", f"Actor {i}", "state", "AUS", "[]", "AUS") for i in range(n)]


def test_deferred_indexes_are_built_again_after_the_load(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    with Store(db) as store:
        before = _indexes(db)
        assert "actors_code" in before and "events_order" in before
        with store.deferred_indexes(["actors", "events"]):
            during = _indexes(db)
            assert "actors_code" not in during and "events_order" not in during
            assert "articles_order" in during  # other tables keep theirs
            store.bulk_insert("actors", _actor_rows(50))
        assert _indexes(db) == before
        assert store.conn.execute("SELECT count(*) FROM pending_indexes").fetchone()[0] == 0
        # the rebuilt index serves its query
        plan = " ".join(r[3] for r in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM actors WHERE code = 'AUS'"))
        assert "actors_code" in plan
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_killed_bulk_load_gets_its_indexes_back_on_the_next_open(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with Store(db) as store:
        before = _indexes(db)
        # what a loader killed inside ``deferred_indexes`` leaves: indexes dropped, not rebuilt
        assert store.drop_indexes(["actors"]) == 2
        store.bulk_insert("actors", _actor_rows(10))
        assert "actors_code" not in _indexes(db)
    with Store(db) as store:  # the next writer repairs the file
        assert _indexes(db) == before
        assert store.conn.execute("SELECT count(*) FROM actors").fetchone()[0] == 10


def test_build_pending_indexes_by_table(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with Store(db) as store:
        with store.deferred_indexes(["actors", "quotes"]):
            assert store.build_pending_indexes("actors") == 2  # actors_code, actors_country
            assert "actors_code" in _indexes(db)
            assert "quotes_article" not in _indexes(db)
        assert "quotes_article" in _indexes(db)


def test_plain_matches_asdict() -> None:
    m = ActorMention("the minister", 4, 16, "Minister", "person", "AUS", ["GOV"], "role")
    a = Analysis(article=Article("x1", "text", removed=[Removed("caption", "c", "r")]),
                 actors=[m],
                 summary=Summary("x1", None, Answer("who", 0, 3, "AUS"), None, None, None,
                                 None, None))
    assert plain(a) == dataclasses.asdict(a)
    assert plain(a)["actors"][0]["roles"] is not m.roles  # containers are copies


def test_actor_id_is_cached_but_stable() -> None:
    m = ActorMention("France", 0, 6, "France", "state", "FRA", [], "country")
    first = actor_id(m)
    assert actor_id(dataclasses.replace(m, start=10, end=16)) == first
    assert actor_id(dataclasses.replace(m, roles=["GOV"])) != first
