"""JSONL: one full event record per line with actors, evidence, article and cluster."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from newsgraph.export._rows import Filters, mentions

_EVENT_FIELDS = ("id", "trigger", "trigger_start", "trigger_end", "cameo", "root", "goldstein",
                 "quad_class", "plover_type", "plover_mode", "plover_context", "modality",
                 "date", "date_precision", "date_text", "confidence")


def record(m: dict[str, Any]) -> dict[str, Any]:
    """Everything the store knows about one mention, nested by subject."""
    return {
        **{k: m[k] for k in _EVENT_FIELDS},
        "negated": bool(m["negated"]),
        # the analysts' corrections laid over the fields above (empty for machine coding)
        "corrected": bool(m.get("corrected")),
        "corrections": m.get("corrections", []),
        "source": m["source"],
        "target": m["target"],
        "evidence": {"article_id": m["article_id"], "start": m["ev_start"], "end": m["ev_end"],
                     "text": m["evidence_text"], "asserted_by": m["asserted_by"],
                     "cue": m["cue"]},
        "location": None if not m.get("loc_name") else {
            "name": m["loc_name"], "feature": m["loc_feature"], "country": m["loc_country"],
            "fips": m["loc_fips"], "admin1": m["loc_admin1"], "lat": m["loc_lat"],
            "lon": m["loc_lon"]},
        "article": {"id": m["article_id"], "url": m["url"], "outlet": m["outlet"],
                    "title": m["title"], "published": m["published"]},
        "cluster": None if m["cluster_id"] is None else {
            "id": m["cluster_id"], "mentions": m["n_mentions"], "outlets": m["n_outlets"],
            "articles": m["n_articles"], "conflict": bool(m["conflict"]),
            "first_seen": m["first_seen"], "last_seen": m["last_seen"],
            "representative": m["rep_event"] == m["id"]},
    }


def export(conn: sqlite3.Connection, path: Path, f: Filters) -> int:
    """Write one JSON object per line; returns the line count."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for m in mentions(conn, f):
            out.write(json.dumps(record(m), ensure_ascii=False) + "\n")
            n += 1
    return n
