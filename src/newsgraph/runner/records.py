"""Input records: plain, Arrow-friendly dicts describing one raw input (or an early skip).

A record is what travels from a reader to ``process_partition``: the same fields as
``RawDocument`` with the bytes in ``data``, or, for a JSONL-style row written by hand or by
another system, ``text``/``html`` plus optional ``url``, ``published``, ``title``,
``outlet``. Inputs that failed before parsing (unreadable file, bad JSON line) travel as a
record with ``skip_code`` set, so they still end as a skip row in input order.
"""

from __future__ import annotations

import json
from typing import Any

from newsgraph.ingest.files import _record_to_document
from newsgraph.records import RawDocument, Skip

Record = dict[str, Any]


def record_from(item: RawDocument | Skip) -> Record:
    """The record of a reader's output."""
    if isinstance(item, Skip):
        return {"origin": item.origin, "skip_stage": item.stage, "skip_code": item.code,
                "skip_reason": item.reason}
    return {"origin": item.origin, "kind": item.kind, "data": item.data, "url": item.url,
            "published": item.published, "user_published": item.user_published,
            "title": item.title, "outlet": item.outlet}


def to_raw(rec: Record) -> RawDocument | Skip:
    """The ``RawDocument`` (or ``Skip``) a record stands for.

    Records without ``data`` are read like JSONL rows, by the same function the JSONL reader
    uses, so a record with neither ``text`` nor ``html`` becomes the same skip.
    """
    origin = str(rec.get("origin") or "<record>")
    if rec.get("skip_code"):
        return Skip(origin, str(rec.get("skip_stage") or "ingest"), str(rec["skip_code"]),
                    str(rec.get("skip_reason") or ""))
    data = rec.get("data")
    if data is None:
        return _record_to_document(rec, origin, rec.get("user_published"))
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    return RawDocument(data=bytes(data), origin=origin, kind=rec.get("kind") or "unknown",
                       url=rec.get("url"), published=rec.get("published"),
                       user_published=rec.get("user_published"), title=rec.get("title"),
                       outlet=rec.get("outlet"))


# -- the Arrow form: every column always present and non-null ------------------------------

def record_to_arrow(rec: Record) -> dict[str, Any]:
    """Two columns, ``meta`` (JSON) and ``data`` (bytes): a schema that never varies."""
    data = rec.get("data")
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    meta = {k: v for k, v in rec.items() if k != "data"}
    return {"meta": json.dumps(meta, ensure_ascii=False), "data": data or b"",
            "has_data": data is not None}


def record_from_arrow(row: dict[str, Any]) -> Record:
    """Inverse of ``record_to_arrow``."""
    rec: Record = json.loads(row["meta"])
    if row["has_data"]:
        rec["data"] = row["data"]
    return rec


__all__ = ["Record", "record_from", "to_raw", "record_to_arrow", "record_from_arrow"]
