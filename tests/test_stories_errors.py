"""``newsgraph eval stories --errors``: why two reports of one story share no cluster."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from newsgraph.eval.stories import format_errors
from newsgraph.eval.stories_errors import STAGES, diagnose, stage
from newsgraph.resolve.compatibility import Mention
from newsgraph.resolve.dates import Window
from newsgraph.store import Store

DAY = Window(dt.date(2024, 3, 8), dt.date(2024, 3, 8))


def _m(eid: str, *, key: str = "AUS,JPN", ptype: str = "AGREE", root: str = "03",
       stance: str = "positive", window: Window | None = DAY,
       words: str = "signed defence pact tokyo") -> Mention:
    return Mention(event_id=eid, article_id="a" + eid, outlet="o" + eid, source_key=key,
                   target_key="*" + ptype, stance=stance, cameo=root + "0", root=root,
                   plover_type=ptype, window=window, terms=frozenset(words.split()))


def test_stage_names_the_first_test_that_fails() -> None:
    a = _m("1")
    assert STAGES[stage(a, _m("2"))] == "compatible"
    assert STAGES[stage(a, _m("2", stance="negative"))] == "stance"
    assert STAGES[stage(a, _m("2", ptype="ASSAULT", root="18"))] == "type"
    assert STAGES[stage(a, _m("2", key="~x"))] == "unidentified actors"
    assert STAGES[stage(a, _m("2", key="CHN,USA"))] == "participants"
    late = Window(dt.date(2024, 5, 1), dt.date(2024, 5, 1))
    assert STAGES[stage(a, _m("2", window=late))] == "date"
    # a key of states alone needs alike evidence words (or story terms)
    assert STAGES[stage(a, _m("2", words="harbour crane storm collapse"))] == "evidence"
    # one side missing is not a participants failure
    assert STAGES[stage(a, _m("2", key="AUS"))] == "compatible"


def test_diagnose_counts_pairs_and_attainable_coverage(tmp_path: Path) -> None:
    """Three articles of one story: two linked, one with no events at all."""
    with Store(tmp_path / "s.db") as store:
        conn: sqlite3.Connection = store.conn
        conn.execute("PRAGMA foreign_keys = OFF")
        for eid, cid in (("1", "c1"), ("2", "c1")):
            conn.execute(
                "INSERT INTO event_cluster_members (event_id, cluster_id, article_id, outlet, "
                "source_key, target_key, stance, cameo, root, plover_type, lo, hi, weak, "
                "terms) VALUES (?, ?, ?, ?, 'AUS,JPN', '*AGREE', 'positive', '030', '03', "
                "'AGREE', '2024-03-08', '2024-03-08', 0, 'defence pact signed')",
                (eid, cid, "a" + eid, "o" + eid))
        story_of = {"a1": "pact", "a2": "pact", "a3": "pact"}
        res = diagnose(conn, story_of, ["pact"], {"c1": {"a1", "a2"}})
    assert res["outcomes"] == {"linked": 1, "no dated member": 2}
    assert abs(float(res["attainable_any_type"]) - 2 / 3) < 1e-9  # type: ignore[arg-type]
    text = format_errors({"part": "tune", **res})
    assert "no dated member" in text and "0.667 (any type)" in text
