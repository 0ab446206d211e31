"""Plain rows: the one output format every runner produces and the store loader reads.

One *unit* per input record: ``{"origin", "status", "article_id", "source_hash", "article",
"actors", "events", "quotes", "timexes", "skip"}``. A unit is the atomic piece of work: it is
written to the store in one transaction, so no runner can leave half an article behind. Units
are plain dicts (JSON types only), so they pickle cheaply between processes, travel through
Ray's object store and serialise to Parquet as JSON columns.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, fields, is_dataclass
from typing import Any

from newsgraph.records import (
    ActorMention,
    Analysis,
    Answer,
    Article,
    Event,
    Evidence,
    Place,
    Quote,
    Removed,
    Skip,
    Summary,
    Timex,
)

Unit = dict[str, Any]

#: the record lists of a unit, in the order the store writes them
RECORD_KEYS = ("actors", "events", "quotes", "timexes", "places")
#: tables produced by ``flatten``
TABLES = ("articles", "actors", "events", "quotes", "timexes", "places", "summaries",
          "skips")


_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(obj: Any) -> Any:
    """What ``dataclasses.asdict`` gives for our records, without its per-value deepcopy.

    ``asdict`` deep-copies every leaf value through ``copy.deepcopy`` and looks the fields up
    again for every instance; an article's few hundred records made it cost as much as writing
    them to the store. Strings, numbers, booleans and None are immutable, so they are shared
    (and tested inline, without a call per leaf); containers and dataclasses are rebuilt
    exactly as ``asdict`` rebuilds them.
    """
    cls = type(obj)
    if cls in _ATOMS:
        return obj
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not (is_dataclass(obj) and not isinstance(obj, type)):
            if cls is list:
                return [v if type(v) in _ATOMS else plain(v) for v in obj]
            if cls is dict:
                return {plain(k): plain(v) for k, v in obj.items()}
            if cls is tuple:
                return tuple(plain(v) for v in obj)
            return copy.deepcopy(obj)  # anything else: exactly what asdict does
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(obj))
    out: dict[str, Any] = {}
    for n in names:
        v = getattr(obj, n)
        out[n] = v if type(v) in _ATOMS else plain(v)
    return out


def analysis_to_unit(analysis: Analysis) -> Unit:
    """The unit of an analysed article (``dataclasses.asdict`` of every record)."""
    d = plain(analysis)
    a = analysis.article
    return {"origin": a.origin, "status": "article", "article_id": a.id,
            "source_hash": a.source_hash, "article": d["article"],
            **{k: d[k] for k in RECORD_KEYS}, "summary": d["summary"], "skip": None}


def skip_to_unit(skip: Skip) -> Unit:
    """The unit of an input that became a skip."""
    return {"origin": skip.origin, "status": "skip", "article_id": "", "source_hash": "",
            "article": None, **{k: [] for k in RECORD_KEYS}, "summary": None,
            "skip": asdict(skip)}


def _mention(d: dict[str, Any] | None) -> ActorMention | None:
    return None if d is None else ActorMention(**d)


def _mentions(ds: list[dict[str, Any]]) -> list[ActorMention]:
    return [ActorMention(**d) for d in ds]


def unit_to_result(unit: Unit) -> Analysis | Skip:
    """Rebuild the typed records from a unit (the inverse of ``analysis_to_unit``)."""
    if unit["status"] == "skip":
        return Skip(**unit["skip"])
    a = dict(unit["article"])
    a["removed"] = [Removed(**r) for r in a.get("removed", [])]
    events = []
    for e in unit["events"]:
        e = dict(e)
        e["source"] = _mentions(e["source"])
        e["target"] = _mentions(e["target"])
        e["evidence"] = Evidence(**e["evidence"])
        e["location"] = Place(**e["location"]) if e.get("location") else None
        events.append(Event(**e))
    quotes = []
    for q in unit["quotes"]:
        q = dict(q)
        q["speaker_actor"] = _mention(q["speaker_actor"])
        q["evidence"] = Evidence(**q["evidence"])
        quotes.append(Quote(**q))
    summary = None
    if unit.get("summary"):
        s = dict(unit["summary"])
        for q in ("who", "what", "when", "where", "why", "how"):
            s[q] = Answer(**s[q]) if s.get(q) else None
        summary = Summary(**s)
    return Analysis(article=Article(**a), actors=_mentions(unit["actors"]), events=events,
                    quotes=quotes, timexes=[Timex(**t) for t in unit["timexes"]],
                    places=[Place(**p) for p in unit.get("places", [])], summary=summary)


def flatten(units: list[Unit]) -> dict[str, list[dict[str, Any]]]:
    """Per-table rows (each record row carries its ``article_id``), e.g. for DataFrames."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for u in units:
        if u["status"] == "skip":
            out["skips"].append(dict(u["skip"]))
            continue
        out["articles"].append(dict(u["article"]))
        for key in RECORD_KEYS:
            out[key].extend({"article_id": u["article_id"], **r} for r in u[key])
        if u.get("summary"):
            out["summaries"].append(dict(u["summary"]))
    return out


# -- the Parquet/Arrow form: scalar columns plus one JSON payload --------------------------

ARROW_COLUMNS = ("origin", "status", "article_id", "source_hash", "payload")


def unit_to_arrow_row(unit: Unit) -> dict[str, str]:
    """Flat string columns (a schema that never varies between shards) plus JSON payload."""
    payload = {k: unit.get(k) for k in ("article", *RECORD_KEYS, "summary", "skip")}
    return {"origin": unit["origin"], "status": unit["status"],
            "article_id": unit["article_id"], "source_hash": unit["source_hash"],
            "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":"))}


def arrow_row_to_unit(row: dict[str, Any]) -> Unit:
    """Inverse of ``unit_to_arrow_row``."""
    payload = json.loads(row["payload"])
    return {"origin": row["origin"], "status": row["status"], "article_id": row["article_id"],
            "source_hash": row["source_hash"], **payload}
