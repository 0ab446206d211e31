"""Exports users know: GDELT 2.0 tables, ICEWS-style TSV, PLOVER JSON, Parquet, JSONL, TimelineJS.

Each format is one module; all read the same filtered streams (``_rows``) so they agree.
Column mappings are documented in ``docs/exports.md``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from newsgraph.export import gdelt, icews, jsonl, parquet, plover, summaries, timelinejs
from newsgraph.export._rows import Filters, UnknownActor

Exporter = Callable[[sqlite3.Connection, Path, Filters], int]

FORMATS: dict[str, Exporter] = {
    "gdelt": gdelt.export_events,
    "gdelt-mentions": gdelt.export_mentions,
    "icews": icews.export,
    "plover": plover.export,
    "parquet": parquet.export,
    "jsonl": jsonl.export,
    "timelinejs": timelinejs.export,
    "summaries": summaries.export,
}


#: what one record is, for the formats whose record is not one event mention: their counts
#: differ from the mention formats' by design (``gdelt`` 202 rows where ``icews`` has 206)
UNITS: dict[str, str] = {
    "gdelt": "real-world event (a cluster of mentions)",
    "timelinejs": "real-world event (cluster) of the actor or dyad",
    "summaries": "article",
}


def count_mentions(conn: sqlite3.Connection, filters: Filters | None = None) -> int:
    """The event mentions that pass ``filters`` (the records of the per-mention formats)."""
    from newsgraph.export._rows import mentions

    return sum(1 for _ in mentions(conn, filters or Filters()))


def export(conn: sqlite3.Connection, fmt: str, path: Path, filters: Filters | None = None) -> int:
    """Write ``fmt`` to ``path``; returns the number of records written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    return FORMATS[fmt](conn, path, filters or Filters())


__all__ = ["FORMATS", "UNITS", "Filters", "UnknownActor", "count_mentions", "export"]
