"""JSONL of article summaries: one line per article with its main event's 5W1H answers.

Each answer carries its text, its character span in the article's clean text (null when it
does not come from the text, e.g. the publication date standing in for "when") and the
structured value behind it (actor code, CAMEO code, TIMEX3 value, country).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from newsgraph.export._rows import Filters


def export(conn: sqlite3.Connection, path: Path, f: Filters) -> int:
    """Write one JSON object per summarised article; date filters apply to publication dates.

    Actor filters do not apply (a summary is per article); they are ignored.
    """
    clauses, params = [], []
    if f.since:
        clauses.append("a.published >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("a.published <= ?")
        params.append(f.until)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for aid, title, url, outlet, published, event_id, answers in conn.execute(
                "SELECT a.id, a.title, a.url, a.outlet, a.published, s.event_id, s.answers "
                f"FROM summaries s JOIN articles a ON a.id = s.article_id{where} "
                "ORDER BY a.published IS NULL, a.published, a.id", params):
            out.write(json.dumps({"article": {"id": aid, "title": title, "url": url,
                                              "outlet": outlet, "published": published},
                                  "main_event_id": event_id, **json.loads(answers)},
                                 ensure_ascii=False) + "\n")
            n += 1
    return n
