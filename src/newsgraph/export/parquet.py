"""Parquet, partitioned ``year=YYYY/month=MM`` (hive style) by event date, via pyarrow.

One row per event mention with flat columns (first source/target actor, lists of all actor
names) and the cluster counts; DuckDB, pandas and Spark read the folder as one table.
Undated events go to ``year=unknown/month=00``; a known year with unknown month to
``month=00``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from newsgraph.export._rows import Filters, mentions, partition

BATCH = 50_000


def _schema() -> Any:
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    return pa.schema([
        ("event_id", s), ("date", s), ("date_precision", s), ("date_text", s),
        ("cameo", s), ("root", s), ("quad_class", i), ("goldstein", f), ("plover_type", s),
        ("plover_mode", s), ("plover_context", s), ("modality", s), ("negated", b),
        ("trigger", s), ("source_name", s), ("source_code", s), ("source_country", s),
        ("target_name", s), ("target_code", s), ("target_country", s),
        ("source_names", pa.list_(s)), ("target_names", pa.list_(s)),
        ("article_id", s), ("url", s), ("outlet", s), ("published", s), ("ev_start", i),
        ("ev_end", i), ("evidence_text", s), ("asserted_by", s), ("confidence", f),
        ("cluster_id", s), ("cluster_mentions", i), ("cluster_outlets", i),
        ("cluster_articles", i), ("conflict", b), ("year", s), ("month", s),
    ])


def _flat(m: dict[str, Any]) -> dict[str, Any]:
    src = m["source"][0] if m["source"] else {}
    tgt = m["target"][0] if m["target"] else {}
    year, month = partition(m["date"], m["date_precision"])
    return {
        "event_id": m["id"], "date": m["date"], "date_precision": m["date_precision"],
        "date_text": m["date_text"], "cameo": m["cameo"], "root": m["root"],
        "quad_class": m["quad_class"], "goldstein": m["goldstein"],
        "plover_type": m["plover_type"], "plover_mode": m["plover_mode"],
        "plover_context": m["plover_context"], "modality": m["modality"],
        "negated": bool(m["negated"]), "trigger": m["trigger"],
        "source_name": src.get("name"), "source_code": src.get("code"),
        "source_country": src.get("country"), "target_name": tgt.get("name"),
        "target_code": tgt.get("code"), "target_country": tgt.get("country"),
        "source_names": [x["name"] for x in m["source"]],
        "target_names": [x["name"] for x in m["target"]],
        "article_id": m["article_id"], "url": m["url"], "outlet": m["outlet"],
        "published": m["published"], "ev_start": m["ev_start"], "ev_end": m["ev_end"],
        "evidence_text": m["evidence_text"], "asserted_by": m["asserted_by"],
        "confidence": m["confidence"], "cluster_id": m["cluster_id"],
        "cluster_mentions": m["n_mentions"], "cluster_outlets": m["n_outlets"],
        "cluster_articles": m["n_articles"],
        "conflict": None if m["conflict"] is None else bool(m["conflict"]),
        "year": year, "month": month,
    }


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while batch := list(islice(rows, BATCH)):
        yield batch


def export(conn: sqlite3.Connection, path: Path, f: Filters) -> int:
    """Write the partitioned dataset under ``path`` (a folder); returns the row count."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    schema = _schema()
    path.mkdir(parents=True, exist_ok=True)
    n = 0
    for k, batch in enumerate(_batches(_flat(m) for m in mentions(conn, f))):
        table = pa.Table.from_pylist(batch, schema=schema)
        ds.write_dataset(table, path, format="parquet", partitioning=["year", "month"],
                         partitioning_flavor="hive", basename_template=f"part-{k}-{{i}}.parquet",
                         existing_data_behavior="overwrite_or_ignore")
        n += len(batch)
    return n
