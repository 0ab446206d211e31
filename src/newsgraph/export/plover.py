"""PLOVER JSON: a JSON array, one object per event mention with the PLOVER fields.

Field names follow the PLOVER/POLECAT event record (``event_type``, ``mode``, ``context``,
``actor``, ``recipient`` ...); the CAMEO code, modality, evidence and cluster are kept beside
them so nothing from the store is lost.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from newsgraph.export._rows import Filters, mentions


def _party(actors: list[dict[str, Any]], prefix: str) -> dict[str, Any]:
    a = actors[0] if actors else None
    return {
        prefix: a["name"] if a else None,
        f"{prefix}_code": a["code"] if a else None,
        f"{prefix}_country": a["country"] if a else None,
        f"{prefix}_sector": a["roles"] if a else [],
        f"{prefix}_text": a["text"] if a else None,
        f"{prefix}s": [x["name"] for x in actors],
    }


def record(m: dict[str, Any]) -> dict[str, Any]:
    """The PLOVER object of one mention."""
    return {
        "event_id": m["id"],
        "event_date": m["date"],
        "date_precision": m["date_precision"],
        "event_type": m["plover_type"],
        "mode": m["plover_mode"],
        "context": [m["plover_context"]] if m["plover_context"] else [],
        **_party(m["source"], "actor"),
        **_party(m["target"], "recipient"),
        "cameo": m["cameo"],
        "modality": m["modality"],
        "negated": bool(m["negated"]),
        "source_text": m["evidence_text"],
        "asserted_by": m["asserted_by"],
        "story_id": m["article_id"],
        "publisher": m["outlet"],
        "url": m["url"],
        "story_date": m["published"],
        "cluster_id": m["cluster_id"],
        "num_mentions": m["n_mentions"],
        "conflict": bool(m["conflict"]),
    }


def export(conn: sqlite3.Connection, path: Path, f: Filters) -> int:
    """Write the JSON array (streamed, one object per line); returns the object count."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for m in mentions(conn, f):
            out.write(("\n" if n == 0 else ",\n") + json.dumps(record(m), ensure_ascii=False))
            n += 1
        out.write("\n]\n")
    return n
