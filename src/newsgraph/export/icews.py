"""ICEWS-style event TSV: one row per event mention, in the ICEWS coded-event columns.

ICEWS rows are story-level (one per event per story), so each of our mentions is one row;
the cluster id and counts are appended as extra columns so users can deduplicate.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from newsgraph import reference as ref
from newsgraph.export._rows import Filters, mentions

COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude", "Modality", "Cluster ID", "Cluster Mentions",
]


def _country(iso: str | None) -> str:
    if not iso:
        return ""
    if iso == "IGO":
        return "International Organization"
    c = ref.countries().get(iso)
    return c.name if c else iso


def _side(actors: list[dict[str, Any]]) -> list[str]:
    if not actors:
        return ["", "", ""]
    a = actors[0]
    return [a["name"], ",".join(a["roles"]), _country(a["country"])]


def row(m: dict[str, Any]) -> list[str]:
    """One ICEWS row. Event Date is our event date as ISO 8601 (may be partial: 2024-03)."""
    codes = ref.cameo_codes()
    info = codes.get(m["cameo"]) or codes.get(m["cameo"][:3]) or codes.get(m["cameo"][:2])
    values = [
        m["id"], m["date"] or "", *_side(m["source"]), info.name if info else "", m["cameo"],
        f"{m['goldstein']:g}", *_side(m["target"]), m["article_id"], "", m["outlet"] or "",
        "", "", "", "", "", "", m["modality"], m["cluster_id"] or "",
        str(m["n_mentions"] or ""),
    ]
    return [" ".join(str(v).split()) for v in values]


def export(conn: sqlite3.Connection, path: Path, f: Filters) -> int:
    """Write the TSV with a header line; returns the row count."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for m in mentions(conn, f):
            out.write("\t".join(row(m)) + "\n")
            n += 1
    return n
