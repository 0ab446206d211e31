"""Tune-part errors of ``newsgraph eval stories``: per tune story, each article's event
members (key, type, stance, date range, lead mark, evidence words) and the clusters they
share with other articles of the story, so one sees why reports of one event did not meet.

The per-article listing behind ``newsgraph eval stories --errors`` (which counts the pairs).
Usage: ``python scripts/story_errors.py DB [GOLD]`` where DB is a store kept by
``newsgraph eval stories --db DB``. Reads tune stories only (``eval/splits.py``).
"""

from __future__ import annotations

import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

from newsgraph.eval.splits import part_of
from newsgraph.eval.stories import DEFAULT_GOLD, load
from newsgraph.resolve.candidates import LEAD_MARK


def main() -> None:
    db = Path(sys.argv[1])
    gold = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_GOLD
    docs = [d for d in load(gold) if d["story"] and part_of(d["story"]) == "tune"]
    conn = sqlite3.connect(db)
    origin = {str(o): str(a) for o, a in conn.execute("SELECT origin, id FROM articles")}
    by_story: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for d in docs:
        aid = origin.get(f"<5w1h:{d['id']}>")
        if aid:
            by_story[d["story"]].append((aid, d["title"] or ""))
    for story, arts in sorted(by_story.items()):
        print(f"\n===== {story}: {len(arts)} articles")
        ids = [a for a, _ in arts]
        clusters: dict[str, set[str]] = defaultdict(set)
        for aid in ids:
            for (cid,) in conn.execute(
                    "SELECT cluster_id FROM event_cluster_members WHERE article_id = ?", (aid,)):
                clusters[str(cid)].add(aid)
        shared = {c: a for c, a in clusters.items() if len(a) >= 2}
        print(f"  shared clusters: {len(shared)} " +
              " ".join(f"{c[:6]}x{len(a)}" for c, a in shared.items()))
        for aid, title in arts:
            out = conn.execute("SELECT outlet, published FROM articles WHERE id = ?",
                               (aid,)).fetchone()
            print(f"  -- {aid[:8]} {out[0]} {out[1]} {title[:70]}")
            for row in conn.execute(
                    "SELECT m.cluster_id, m.source_key, m.target_key, m.stance, m.cameo, "
                    "m.lo, m.hi, m.weak, m.terms, e.date_text, "
                    "substr(a.text, e.ev_start + 1, min(120, e.ev_end - e.ev_start)) "
                    "FROM event_cluster_members m JOIN events e ON e.id = m.event_id "
                    "JOIN articles a ON a.id = e.article_id WHERE m.article_id = ? "
                    "ORDER BY m.lo", (aid,)):
                cid, sk, tk, st, cameo, lo, hi, weak, terms, dtext, ev = row
                items = str(terms).split()
                lead = "L" if items[:1] == [LEAD_MARK] else " "  # told in the article's lead
                words = [t for t in items if not t.startswith(("^", LEAD_MARK))]
                mark = "S" if cid in shared else " "
                print(f"    {mark}{lead} {cid[:6]} {sk:<18} {tk:<12} {st[:3]} {cameo:<4} "
                      f"{lo}..{hi}{' w' if weak else '  '} [{dtext}] {ev!r}")
                print(f"        words: {' '.join(words[:14])}")


if __name__ == "__main__":
    main()
