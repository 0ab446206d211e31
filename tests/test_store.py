"""The SQLite store: migrations, WAL, one transaction per article, idempotence, skips, FTS."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsgraph.pipeline import Pipeline, analyze
from newsgraph.records import Skip
from newsgraph.store import Store

TEXT = ("Title: Pact signed\n\nAustralia and Japan signed a defence agreement in Tokyo last "
        'Friday. "This is a historic day," Prime Minister Anthony Albanese said.')


def test_schema_and_wal(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as s:
        assert s.schema_version() >= 1
        mode = s.conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
    with Store(tmp_path / "a.db") as s:  # reopening applies nothing twice
        assert s.schema_version() >= 1


def test_save_is_idempotent_and_complete(tmp_path: Path, pipeline: Pipeline) -> None:
    a = analyze(TEXT, published="2024-03-13", pipeline=pipeline)
    with Store(tmp_path / "a.db") as s:
        assert s.save(a) is True
        before = s.counts()
        assert s.save(a) is False
        assert s.counts() == before
        assert before["articles"] == 1 and before["events"] >= 1 and before["quotes"] >= 1
        ev = s.events()[0]
        assert ev["evidence_text"] == a.article.text[ev["ev_start"]:ev["ev_end"]]
        assert ev["source"] and ev["cameo"] == "057"
        q = s.quotes()[0]
        assert q["content"].startswith("This is a historic day")
        assert s.search("defence")[0]["title"] == "Pact signed"


def test_failed_write_leaves_no_partial_article(tmp_path: Path, pipeline: Pipeline) -> None:
    a = analyze(TEXT, published="2024-03-13", pipeline=pipeline)
    a.events[0].evidence.start = None  # type: ignore[assignment]  # violates NOT NULL
    with Store(tmp_path / "a.db") as s:
        with pytest.raises(sqlite3.IntegrityError):
            s.save(a)
        assert s.counts()["articles"] == 0 and s.counts()["events"] == 0


def test_skips_are_recorded_once(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as s:
        sk = Skip("x.bin", "clean", "E102", "binary input (NUL bytes)")
        s.record_skip(sk)
        s.record_skip(sk)
        rows = s.skips()
        assert len(rows) == 1
        assert {k: rows[0][k] for k in ("origin", "stage", "code", "reason")} == {
            "origin": "x.bin", "stage": "clean", "code": "E102",
            "reason": "binary input (NUL bytes)"}


def test_readers_see_data_during_write(tmp_path: Path, pipeline: Pipeline) -> None:
    a = analyze(TEXT, published="2024-03-13", pipeline=pipeline)
    db = tmp_path / "a.db"
    with Store(db) as writer:
        writer.save(a)
        writer.conn.execute("BEGIN IMMEDIATE")  # a long write in progress
        with Store(db, readonly=True) as reader:
            assert reader.counts()["articles"] == 1
        writer.conn.execute("ROLLBACK")


OTHER = ("Title: Talks held\n\nFrance and Germany held talks in Berlin on Monday. "
         '"We agreed on much," a German government spokeswoman said.')


def test_grouped_writes_commit_together(tmp_path: Path, pipeline: Pipeline) -> None:
    """Inside ``grouped()`` nothing is visible to readers until the group's one commit."""
    a = analyze(TEXT, published="2024-03-13", pipeline=pipeline)
    b = analyze(OTHER, published="2024-03-13", pipeline=pipeline)
    db = tmp_path / "a.db"
    with Store(db) as s:
        with s.grouped():
            assert s.save(a) is True
            assert s.save(b) is True
            assert s.save(a) is False  # the group sees its own writes: still idempotent
            s.record_skip(Skip("x.bin", "clean", "E102", "binary input (NUL bytes)"))
            with Store(db, readonly=True) as reader:
                assert reader.counts()["articles"] == 0
        with Store(db, readonly=True) as reader:
            counts = reader.counts()
            assert counts["articles"] == 2 and counts["skips"] == 1
            assert counts["events"] >= 2 and counts["quotes"] >= 2


def test_grouped_failed_write_keeps_the_rest_of_the_group(tmp_path: Path,
                                                          pipeline: Pipeline) -> None:
    """A failing article inside a group is rolled back alone (its savepoint); the others
    commit whole."""
    a = analyze(TEXT, published="2024-03-13", pipeline=pipeline)
    bad = analyze(OTHER, published="2024-03-13", pipeline=pipeline)
    bad.events[0].evidence.start = None  # type: ignore[assignment]  # violates NOT NULL
    with Store(tmp_path / "a.db") as s:
        with s.grouped():
            with pytest.raises(sqlite3.IntegrityError):
                s.save(bad)
            assert s.save(a) is True
        ids = [r[0] for r in s.conn.execute("SELECT id FROM articles")]
        assert ids == [a.article.id]
        # nothing of the failed article: no events, mentions, quotes or clusters point at it
        for table in ("events", "actor_mentions", "quotes", "timexes"):
            arts = {r[0] for r in s.conn.execute(f"SELECT article_id FROM {table}")}
            assert arts <= {a.article.id}, table
        members = s.conn.execute("SELECT count(*) FROM event_cluster_members").fetchone()[0]
        assert members == s.counts()["events"]


def test_group_interrupted_commits_nothing_of_it(tmp_path: Path, pipeline: Pipeline) -> None:
    """An error escaping the group (a killed batch) loses only that group's writes."""
    a = analyze(TEXT, published="2024-03-13", pipeline=pipeline)
    b = analyze(OTHER, published="2024-03-13", pipeline=pipeline)
    with Store(tmp_path / "a.db") as s:
        with s.grouped():
            s.save(a)
        with pytest.raises(KeyboardInterrupt), s.grouped():
            s.save(b)
            raise KeyboardInterrupt
        assert [r[0] for r in s.conn.execute("SELECT id FROM articles")] == [a.article.id]
        assert not s.conn.in_transaction
        assert s.save(b) is True  # the store is usable afterwards


def test_rows_in_chunked_statements_keep_order_and_fts(tmp_path: Path, pipeline: Pipeline,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Events and quotes go in as multi-row INSERTs (one FTS5 flush per statement, not per
    row); split into statements of two rows here, every row and its FTS entry is there, in
    the article's order."""
    import newsgraph.store as store_mod

    monkeypatch.setattr(store_mod, "_ROWS_PER_INSERT", 2)
    text = TEXT + (" Japan praised Australia on Monday. Australia thanked Japan. "
                   '"We are friends," Foreign Minister Penny Wong said. "It will last," she said.')
    a = analyze(text, published="2024-03-13", pipeline=pipeline)
    assert len(a.events) >= 3 and len(a.quotes) >= 2
    with Store(tmp_path / "a.db") as s:
        assert s.save(a)
        c = s.conn
        ids = [r[0] for r in c.execute("SELECT id FROM events ORDER BY rowid")]
        assert ids == [e.id for e in a.events]
        got = c.execute("SELECT f.text, substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) "
                        "FROM events e JOIN events_fts f ON f.rowid = e.rowid "
                        "JOIN articles a ON a.id = e.article_id").fetchall()
        assert len(got) == len(a.events) and all(f == t for f, t in got)
        quotes = c.execute("SELECT count(*) FROM quotes q JOIN quotes_fts f "
                           "ON f.rowid = q.rowid").fetchone()[0]
        assert quotes == len(a.quotes)
        for table in ("events_fts", "quotes_fts"):
            c.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        assert s.save(a) is False and s.counts()["events"] == len(a.events)


def test_multirow_insert_names_only_its_own_tables(tmp_path: Path) -> None:
    """``_insert_rows`` puts a table name into SQL text: it refuses any but events/quotes."""
    from newsgraph.store import _insert_rows

    with Store(tmp_path / "t.db") as s:
        with pytest.raises(ValueError, match="writes only"):
            _insert_rows(s.conn, "articles; DROP TABLE events", 1, [("x",)])
        assert s.counts()["events"] == 0
