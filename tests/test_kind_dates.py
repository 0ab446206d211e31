"""The candidate lookup's date test (resolve/events.py ``_DATE_OK``, migration 019): the
kinds it reads back are exactly those ``dates_compatible`` accepts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
        with s.transaction() as c:
            c.executemany(
                "INSERT INTO cluster_kinds (cluster_id, source_key, target_key, stance, cameo, "
                "root, plover_type, lo, hi, weak, terms, event_id) VALUES (?, 'AUS,JPN', "
                "'*r05', 'positive', '057', '05', NULL, ?, ?, ?, '', ?)",
                [(cid, w.lo.isoformat(), w.hi.isoformat(), int(w.weak), "e" + cid)
                 for cid, w in kinds.items()])
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
