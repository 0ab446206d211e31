"""The candidate lookup's date test (resolve/events.py ``_DATE_OK``, migration 019): the
kinds it reads back are exactly those ``dates_compatible`` accepts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsgraph.resolve.candidates import SPANS, insert_kinds, span_class
from newsgraph.resolve.compatibility import _window
from newsgraph.resolve.dates import Window, date_window, dates_compatible
from newsgraph.resolve.events import _candidate_query, _window_row
from newsgraph.store import Store

CENTER = dt.date(2024, 3, 8)


def _windows() -> list[Window]:
    """Every kind of window a mention has, at days around ``CENTER``: a day, a publication
    date (weak), "last Tuesday" (a day and the week before it), a week, a weekend, a month,
    a quarter, a season, a year."""
    out: list[Window] = []
    for off in range(-40, 41, 1):
        d = CENTER + dt.timedelta(days=off)
        for value, precision in ((d.isoformat(), "day"), (d.isoformat(), "publication")):
            w = date_window(value, precision)
            assert w is not None
            out.append(w)
        if off % 5 == 0:
            w = _window(d.isoformat(), "day", "it happened last Tuesday")
            assert w is not None and w.days == 8
            out.append(w)
    y, wk, _ = CENTER.isocalendar()
    for value, precision in ((f"{y}-W{wk:02d}", "week"), (f"{y}-W{wk + 1:02d}-WE", "week"),
                             ("2024-03", "month"), ("2024-02", "month"), ("2024-Q1", "quarter"),
                             ("2024-SP", "season"), ("2024", "year"), ("2023", "year")):
        w = date_window(value, precision)
        assert w is not None
        out.append(w)
    return out


def test_the_lookup_reads_exactly_the_kinds_of_compatible_dates(tmp_path: Path) -> None:
    windows = _windows()
    kinds = {f"c{i:04d}": w for i, w in enumerate(windows)}
    with Store(tmp_path / "k.db") as s:
        with s.transaction() as c:  # as every writer of kinds (migration 020)
            insert_kinds(c, [(cid, "AUS,JPN", "*r05", "positive", "057", "05", None,
                              w.lo.isoformat(), w.hi.isoformat(), int(w.weak), "", "e" + cid,
                              None) for cid, w in kinds.items()])
        checked = 0
        for w in windows:
            sql, params = _candidate_query([(("AUS,JPN", "*r05", "positive"),
                                             _window_row(w))])
            got = {str(r[1]) for r in s.conn.execute(sql, params)}
            want = {cid for cid, k in kinds.items() if dates_compatible(w, k)}
            assert got == want, w
            checked += len(want)
        assert checked > len(windows)  # windows meet others, not only themselves
        # another key, stance or type reads nothing
        for key in (("AUS", "*r05", "positive"), ("AUS,JPN", "*r04", "positive"),
                    ("AUS,JPN", "*r05", "negative")):
            sql, params = _candidate_query([(key, _window_row(windows[0]))])
            assert s.conn.execute(sql, params).fetchall() == []


def test_kind_dates_migration_puts_hi_and_weak_in_the_index(tmp_path: Path) -> None:
    """Migration 019: a store written before it gets the candidate index with ``hi`` and
    ``weak``, which the lookup seeks."""
    db = tmp_path / "m.db"
    with Store(db) as s:
        s.conn.execute("DROP INDEX cluster_kinds_key")
        s.conn.execute("CREATE INDEX cluster_kinds_key ON cluster_kinds(source_key, "
                       "target_key, stance, span, lo)")
        s.conn.execute("PRAGMA user_version = 18")
    with Store(db) as s:
        assert s.schema_version() >= 19
        cols = [r[2] for r in s.conn.execute("PRAGMA index_info(cluster_kinds_key)")]
        assert cols == ["source_key", "target_key", "stance", "span", "lo", "hi", "weak"]
        w = date_window("2024-03-08", "day")
        assert w is not None
        sql, params = _candidate_query([(("AUS", "*r05", "positive"), _window_row(w))])
        plan = " ".join(str(r[3]) for r in s.conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert "USING INDEX cluster_kinds_key" in plan


def test_kind_spans_list_the_longer_classes_each_key_has(tmp_path: Path) -> None:
    """Migration 020: ``cluster_kind_spans`` lists, per key, the span classes beyond the
    first its kinds are in, as ``insert_kinds`` writes them and as the migration fills them
    from a store written before it; the lookup still reads kinds of every class."""
    db = tmp_path / "s.db"
    days = {"c1": ("2024-03-08", "2024-03-08"), "c2": ("2024-03-04", "2024-03-10"),
            "c3": ("2024-03-01", "2024-03-31"), "c4": ("2024-01-01", "2024-12-31")}
    with Store(db) as s:
        with s.transaction() as c:
            insert_kinds(c, [(cid, "AUS", "*r05", "positive", "057", "05", None, lo, hi, 0,
                              "", "e" + cid, None) for cid, (lo, hi) in days.items()])
            insert_kinds(c, [("c5", "JPN", "*r05", "positive", "057", "05", None,
                              "2024-03-08", "2024-03-09", 0, "", "ec5", None)])
        listed = s.conn.execute("SELECT source_key, span FROM cluster_kind_spans "
                                "ORDER BY 1, 2").fetchall()
        assert [tuple(r) for r in listed] == [("AUS", 7), ("AUS", 31), ("AUS", 370)]
        w = date_window("2024-03-08", "day")
        assert w is not None
        sql, params = _candidate_query([(("AUS", "*r05", "positive"), _window_row(w))])
        assert {str(r[1]) for r in s.conn.execute(sql, params)} == set(days)
        # a store written before the migration gets the table filled from its kinds
        s.conn.execute("DROP TABLE cluster_kind_spans")
        s.conn.execute("PRAGMA user_version = 19")
    with Store(db) as s:
        assert s.schema_version() >= 20
        again = s.conn.execute("SELECT source_key, span FROM cluster_kind_spans "
                               "ORDER BY 1, 2").fetchall()
        assert [tuple(r) for r in again] == [tuple(r) for r in listed]
        cols = [r[2] for r in s.conn.execute("PRAGMA index_info(events_article)")]
        assert cols == ["article_id", "ev_start", "id"]


def test_span_class_is_the_stored_span(tmp_path: Path) -> None:
    """``span_class`` computes in Python the generated ``span`` column of a kind."""
    with Store(tmp_path / "c.db") as s:
        lo = dt.date(2024, 2, 20)
        for n in (0, 1, 3, 4, 7, 8, 31, 32, 92, 93, 370, 371, 800):
            hi = (lo + dt.timedelta(days=n)).isoformat()
            got = s.conn.execute("SELECT CASE WHEN julianday(?2) - julianday(?1) <= 3 THEN 3 "
                                 "WHEN julianday(?2) - julianday(?1) <= 7 THEN 7 "
                                 "WHEN julianday(?2) - julianday(?1) <= 31 THEN 31 "
                                 "WHEN julianday(?2) - julianday(?1) <= 92 THEN 92 "
                                 "ELSE 370 END", (lo.isoformat(), hi)).fetchone()[0]
            with s.transaction() as c:
                c.execute("DELETE FROM cluster_kinds")
                insert_kinds(c, [("c", "AUS", "*r05", "positive", "057", "05", None,
                                  lo.isoformat(), hi, 0, "", "e", None)])
            stored = s.conn.execute("SELECT span FROM cluster_kinds").fetchone()[0]
            assert span_class(lo.isoformat(), hi) == stored == got, n
            assert stored in SPANS
