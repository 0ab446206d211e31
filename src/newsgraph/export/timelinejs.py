"""TimelineJS 3 JSON for one actor or a dyad: one slide per real-world event (cluster).

Slides carry the representative evidence sentence, the counts of mentions, articles and
outlets, and a conflict note; ``start_date`` has only the parts the event date knows (a month
precision date has no day), so the timeline never invents precision. Undated clusters are
left out.
"""

from __future__ import annotations

import html
import json
import sqlite3
from pathlib import Path
from typing import Any

from newsgraph import reference as ref
from newsgraph.export._rows import Filters, clusters, sqldate


def _start_date(date: str | None, precision: str) -> dict[str, str] | None:
    code = sqldate(date, precision)
    if not code:
        return None
    out = {"year": str(int(code[:4]))}
    if code[4:6] != "00":
        out["month"] = str(int(code[4:6]))
    if code[6:8] != "00":
        out["day"] = str(int(code[6:8]))
    return out


def _names(actors: list[dict[str, Any]]) -> str:
    return " and ".join(a["name"] for a in actors) or "?"


def slide(c: dict[str, Any]) -> dict[str, Any] | None:
    """One TimelineJS event, or None for an undated cluster."""
    start = _start_date(c["date"], c["date_precision"])
    if start is None:
        return None
    rep = c["rep"]
    codes = ref.cameo_codes()
    info = codes.get(c["cameo"]) or codes.get(c["cameo"][:3]) or codes.get(c["cameo"][:2])
    action = info.name.lower() if info else c["cameo"]
    if c["stance"] == "negative":
        action = f"did not: {action}"
    elif c["stance"] == "irrealis":
        action = f"may: {action}"
    headline = f"{_names(rep['source'])} — {action} — {_names(rep['target'])}"
    if c.get("corrected"):  # an analyst corrected a mention of it (the corrections layer)
        headline = "[corrected] " + headline
    counts = (f"{c['n_mentions']} mention(s) in {c['n_articles']} article(s) from "
              f"{c['n_outlets']} outlet(s)")
    note = " Conflicting reports exist." if c["conflict"] else ""
    link = rep["url"] or rep["origin"]
    text = (f"“{html.escape(' '.join(rep['evidence_text'].split()))}” "
            f"<br><small>{html.escape(counts)}.{note} "
            f"Source: <a href=\"{html.escape(link)}\">{html.escape(rep['outlet'] or link)}"
            f"</a>; date precision: {html.escape(c['date_precision'])}.</small>")
    return {"start_date": start, "text": {"headline": html.escape(headline), "text": text},
            "group": c["plover_type"] or c["root"], "unique_id": f"c{c['id']}"}


def export(conn: sqlite3.Connection, path: Path, f: Filters) -> int:
    """Write the TimelineJS document; returns the slide count. Needs one or two actors."""
    if not 1 <= len(f.actors) <= 2:
        raise ValueError("the timelinejs export needs --actor once (actor) or twice (dyad)")
    events = [s for c in clusters(conn, f) if (s := slide(c)) is not None]
    title = " and ".join(f.actors)
    doc = {"title": {"text": {"headline": html.escape(f"Timeline: {title}"),
                              "text": f"{len(events)} events, from newsgraph"}},
           "events": events}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(events)
