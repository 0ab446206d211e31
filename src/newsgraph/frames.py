"""Analyst tables: the read layer's answers as ``pyarrow.Table`` or pandas ``DataFrame``.

Every frame is built from :class:`newsgraph.store.queries.Queries` (the same filters, the same
rows as the REST API, the web UI and the CLI) and flattened to one row per item, so a notebook
and a page can never disagree. Tables are typed explicitly: CAMEO codes, roots and TIMEX3 dates
stay strings (``"042"`` keeps its zero), counts are integers that may be missing, and a
``date_start`` column gives the first day of each event's own date for time arithmetic.

pandas is optional (``pip install newsgraph[pandas]``); the Arrow tables need only pyarrow.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from newsgraph.resolve.events import SYMMETRIC_ROOTS
from newsgraph.store import Store
from newsgraph.store.queries import MAX_LIMIT, EventFilter, Queries, parse_timex

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

SEP = "; "  # joins several actors of one role in one cell (CSV-friendly, splittable)
GRANULARITIES = ("day", "week", "month", "year", "auto")

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()

EVENT_SCHEMA = pa.schema([
    ("id", _S), ("article_id", _S), ("outlet", _S), ("article_title", _S), ("published", _S),
    ("date", _S), ("date_precision", _S), ("date_start", pa.date32()), ("date_text", _S),
    ("cameo", _S), ("root", _S), ("quad_class", _I), ("goldstein", _F), ("plover_type", _S),
    ("plover_mode", _S), ("plover_context", _S), ("modality", _S), ("negated", _B),
    ("confidence", _F), ("trigger", _S),
    ("source_ids", _S), ("source_codes", _S), ("source_names", _S), ("source_countries", _S),
    ("source_text", _S),
    ("target_ids", _S), ("target_codes", _S), ("target_names", _S), ("target_countries", _S),
    ("target_text", _S),
    ("asserted_by", _S), ("cue", _S), ("evidence_text", _S), ("ev_start", _I), ("ev_end", _I),
    ("cluster_id", _S), ("cluster_mentions", _I), ("cluster_outlets", _I),
    ("cluster_articles", _I), ("cluster_conflict", _B),
])

CLUSTER_SCHEMA = pa.schema([
    ("id", _S), ("date", _S), ("date_precision", _S), ("lo", _S), ("hi", _S),
    ("cameo", _S), ("root", _S), ("quad_class", _I), ("goldstein", _F), ("plover_type", _S),
    ("stance", _S), ("symmetric", _B),
    ("source_ids", _S), ("source_codes", _S), ("source_names", _S),
    ("target_ids", _S), ("target_codes", _S), ("target_names", _S),
    ("n_mentions", _I), ("n_outlets", _I), ("n_articles", _I), ("matched_mentions", _I),
    ("outlets", _S), ("article_ids", _S), ("event_ids", _S), ("first_seen", _S),
    ("last_seen", _S), ("conflict", _B), ("rep_event", _S), ("evidence_text", _S),
])

SERIES_SCHEMA = pa.schema([
    ("period", _S), ("start", pa.date32()), ("coarse", _B), ("count", _I),
    ("goldstein_mean", _F), ("cooperation", _I), ("conflict", _I),
    ("verbal_cooperation", _I), ("material_cooperation", _I), ("verbal_conflict", _I),
    ("material_conflict", _I),
])

DYAD_SCHEMA = pa.schema([("direction", _S), ("source", _S), ("target", _S),
                         *SERIES_SCHEMA, ("granularity", _S)])
ACTOR_SCHEMA = pa.schema([("actor", _S), *SERIES_SCHEMA, ("granularity", _S)])

SEARCH_SCHEMA = pa.schema([("rank", _I), ("id", _S), ("title", _S), ("outlet", _S),
                           ("published", _S), ("snippet", _S)])

NETWORK_SCHEMA = pa.schema([
    ("source", _S), ("target", _S), ("source_label", _S), ("target_label", _S),
    ("source_code", _S), ("target_code", _S), ("source_country", _S), ("target_country", _S),
    ("weight", _I), ("goldstein_mean", _F), ("cooperation", _I), ("conflict", _I),
])

NODE_SCHEMA = pa.schema([("id", _S), ("label", _S), ("code", _S), ("country", _S),
                         ("kind", _S), ("weight", _I)])


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as a DataFrame with nullable dtypes (strings stay ``string``, counts
    ``Int64``), so a CAMEO code never turns into a number and a missing count is ``<NA>``."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("pandas is needed for DataFrames: pip install 'newsgraph[pandas]' "
                          "(or pass arrow=True for a pyarrow.Table)") from exc
    mapping = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(),
               pa.bool_(): pd.BooleanDtype(), pa.float64(): pd.Float64Dtype()}
    frame: pd.DataFrame = table.to_pandas(types_mapper=mapping.get)
    for field in table.schema:  # dates as datetime64 so .dt and resampling work
        if pa.types.is_date32(field.type):
            frame[field.name] = pd.to_datetime(frame[field.name])
    return frame


def make_filter(f: EventFilter | None = None, **filters: Any) -> EventFilter:
    """``f`` with keyword filters laid over it (``actor="AUS", root="04"``); unknown names
    are a TypeError, as they would be for ``EventFilter`` itself."""
    base = dataclasses.asdict(f) if f else {}
    return EventFilter(**{**base, **{k: v for k, v in filters.items() if v is not None}})


def _join(xs: Iterable[Any]) -> str | None:
    parts = [str(x) for x in xs if x not in (None, "")]
    return SEP.join(parts) if parts else None


def _start(value: str | None) -> Any:
    parsed = parse_timex(value)
    return parsed[1] if parsed else None


def _chunks(ids: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


class Frames:
    """Tables for analysts over one store; each method takes ``arrow=True`` for Arrow.

    Filters are an :class:`EventFilter`, keyword arguments, or both (keywords win)::

        with Frames.open("newsgraph.db") as fr:
            df = fr.events(actor="AUS", root="04")
    """

    def __init__(self, store: Store, queries: Queries | None = None) -> None:
        self.store = store
        self.q = queries or Queries(store)
        self.conn = store.conn
        self._owned = False

    @classmethod
    def open(cls, path: str | Path) -> Frames:
        """Frames over a database file, opened read-only (closed by ``close`` / ``with``)."""
        if not Path(path).exists():
            raise FileNotFoundError(f"no database at {path}")
        frames = cls(Store(path, readonly=True))
        frames._owned = True
        return frames

    def close(self) -> None:
        if self._owned:
            self.store.close()

    def __enter__(self) -> Frames:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _out(table: pa.Table, arrow: bool) -> Any:
        return table if arrow else to_pandas(table)

    # -- events -----------------------------------------------------------------------------

    def event_rows(self, f: EventFilter | None = None, *,
                   limit: int | None = None) -> list[dict[str, Any]]:
        """``Queries.events`` followed page by page (keyset cursor): every match, or the
        first ``limit`` in date order, with the cluster each belongs to."""
        f = f or EventFilter()
        rows: list[dict[str, Any]] = []
        after: str | None = None
        while limit is None or len(rows) < limit:
            want = MAX_LIMIT if limit is None else min(MAX_LIMIT, limit - len(rows))
            got = self.q.events(f, limit=want, after=after)
            rows += got["items"]
            after = got["next_after"]
            if after is None:
                break
        clusters = self._clusters_of([r["id"] for r in rows])
        return [self._flat_event(r, clusters.get(r["id"])) for r in rows]

    def _clusters_of(self, event_ids: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(event_ids):
            marks = ",".join("?" * len(chunk))
            for r in self.q._all(
                    "SELECT m.event_id, c.id, c.n_mentions, c.n_outlets, c.n_articles, "
                    "c.conflict FROM event_cluster_members m JOIN event_clusters c "
                    f"ON c.id = m.cluster_id WHERE m.event_id IN ({marks})", chunk):
                out[r.pop("event_id")] = r
        return out

    @staticmethod
    def _flat_event(r: dict[str, Any], cluster: dict[str, Any] | None) -> dict[str, Any]:
        row = {k: r.get(k) for k in EVENT_SCHEMA.names}
        row["date_start"] = _start(r["date"])
        for role in ("source", "target"):
            actors = r[role]
            row[f"{role}_ids"] = _join(a["actor_id"] for a in actors)
            row[f"{role}_codes"] = _join(a["code"] for a in actors)
            row[f"{role}_names"] = _join(a["name"] for a in actors)
            row[f"{role}_countries"] = _join(a["country"] for a in actors)
            row[f"{role}_text"] = _join(a["text"] for a in actors)
        c = cluster or {}
        row.update(cluster_id=c.get("id"), cluster_mentions=c.get("n_mentions"),
                   cluster_outlets=c.get("n_outlets"), cluster_articles=c.get("n_articles"),
                   cluster_conflict=None if not c else bool(c["conflict"]))
        return row

    def events(self, f: EventFilter | None = None, *, limit: int | None = None,
               arrow: bool = False, **filters: Any) -> Any:
        """One row per event mention: code, date, actors (ids, codes, names, countries, joined
        by ``"; "``), evidence sentence, article, and its cluster with the cluster's counts."""
        rows = self.event_rows(make_filter(f, **filters), limit=limit)
        return self._out(pa.Table.from_pylist(rows, schema=EVENT_SCHEMA), arrow)

    # -- clusters ---------------------------------------------------------------------------

    def cluster_rows(self, f: EventFilter | None = None, *,
                     limit: int | None = None) -> list[dict[str, Any]]:
        """Real-world events having at least one mention that matches ``f``, most reported
        first; ``matched_mentions`` counts those mentions, ``n_mentions`` all of them."""
        f = f or EventFilter()
        where, params = self.q._where(f)  # rejected events left out, as everywhere
        matched = self.q._all(
            "SELECT m.cluster_id, count(*) AS matched FROM events e JOIN event_cluster_members m "
            f"ON m.event_id = e.id {where} GROUP BY m.cluster_id", params)
        hits = {r["cluster_id"]: r["matched"] for r in matched}
        rows: list[dict[str, Any]] = []
        for chunk in _chunks(sorted(hits)):
            marks = ",".join("?" * len(chunk))
            rows += self.q._all(
                "SELECT c.*, substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) "
                "AS evidence_text FROM event_clusters c JOIN events e ON e.id = c.rep_event "
                f"JOIN articles a ON a.id = e.article_id WHERE c.id IN ({marks})", chunk)
        rows.sort(key=lambda r: (-r["n_mentions"], -r["n_outlets"], r["lo"] is None,
                                 r["lo"] or "", r["id"]))
        if limit is not None:
            rows = rows[:limit]
        members = self._members([r["id"] for r in rows])
        # a cluster's actors are its representative mention's (cluster keys hold countries
        # and types, resolve/events.py, not actor ids)
        sides = self._sides([r["rep_event"] for r in rows])
        names = self._actor_info({a for got in sides.values() for ids in got.values()
                                  for a in ids})
        out = []
        for r in rows:
            row = {k: r.get(k) for k in CLUSTER_SCHEMA.names}
            row["symmetric"] = r["root"] in SYMMETRIC_ROOTS
            for role in ("source", "target"):
                ids = sides.get(r["rep_event"], {}).get(role, [])
                row[f"{role}_ids"] = _join(ids)
                row[f"{role}_codes"] = _join(names.get(a, {}).get("code") for a in ids)
                row[f"{role}_names"] = _join(names.get(a, {}).get("name") for a in ids)
            ms = members.get(r["id"], [])
            row["outlets"] = _join(sorted({m["outlet"] for m in ms if m["outlet"]}))
            row["article_ids"] = _join(sorted({m["article_id"] for m in ms}))
            row["event_ids"] = _join(sorted(m["event_id"] for m in ms))
            row["matched_mentions"] = hits[r["id"]]
            row["conflict"] = bool(r["conflict"])
            out.append(row)
        return out

    def _members(self, cluster_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for chunk in _chunks(cluster_ids):
            marks = ",".join("?" * len(chunk))
            for r in self.q._all(
                    "SELECT m.cluster_id, m.event_id, m.article_id, a.outlet "
                    "FROM event_cluster_members m JOIN articles a ON a.id = m.article_id "
                    f"WHERE m.cluster_id IN ({marks})", chunk):
                out.setdefault(r.pop("cluster_id"), []).append(r)
        return out

    def _sides(self, event_ids: list[str]) -> dict[str, dict[str, list[str]]]:
        """Event id -> role -> its actor ids, in mention order."""
        out: dict[str, dict[str, list[str]]] = {}
        for chunk in _chunks(sorted(set(event_ids))):
            marks = ",".join("?" * len(chunk))
            for r in self.q._all(
                    "SELECT event_id, role, actor_id FROM event_actors "
                    f"WHERE event_id IN ({marks}) ORDER BY event_id, role, start", chunk):
                ids = out.setdefault(r["event_id"], {}).setdefault(r["role"], [])
                if r["actor_id"] not in ids:
                    ids.append(r["actor_id"])
        return out

    def _actor_info(self, ids: set[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(sorted(ids)):
            marks = ",".join("?" * len(chunk))
            for r in self.q._all(f"SELECT id, name, code, country FROM actors "
                                 f"WHERE id IN ({marks})", chunk):
                out[r["id"]] = r
        return out

    def clusters(self, f: EventFilter | None = None, *, limit: int | None = None,
                 arrow: bool = False, **filters: Any) -> Any:
        """One row per real-world event: its code, date window, actors, how many mentions,
        outlets and articles carried it, and whether an opposite report exists."""
        rows = self.cluster_rows(make_filter(f, **filters), limit=limit)
        return self._out(pa.Table.from_pylist(rows, schema=CLUSTER_SCHEMA), arrow)

    # -- series -----------------------------------------------------------------------------

    @staticmethod
    def _series_row(b: dict[str, Any]) -> dict[str, Any]:
        q = b["by_quad"]
        return {"period": b["period"], "start": _start(b["start"]), "coarse": b["coarse"],
                "count": b["count"], "goldstein_mean": b["goldstein_mean"],
                "cooperation": b["cooperation"], "conflict": b["conflict"],
                "verbal_cooperation": q["1"], "material_cooperation": q["2"],
                "verbal_conflict": q["3"], "material_conflict": q["4"]}

    def dyad_rows(self, a: str, b: str, f: EventFilter | None = None,
                  granularity: str = "auto") -> list[dict[str, Any]]:
        """Both directions of a pair (country or actor code) per period, from ``Queries.dyad``."""
        d = self.q.dyad(a, b, f, granularity)
        rows = []
        for direction, buckets in d["series"].items():
            src, tgt = direction.split(">", 1)
            rows += [{"direction": direction, "source": src, "target": tgt,
                      **self._series_row(x), "granularity": d["granularity"]} for x in buckets]
        return rows

    def dyad(self, a: str, b: str, f: EventFilter | None = None, *, granularity: str = "auto",
             arrow: bool = False, **filters: Any) -> Any:
        """Events from ``a`` to ``b`` and back per day/week/month/year: counts, mean
        Goldstein, cooperation (quad classes 1-2) vs conflict (3-4). Dates coarser than the
        period keep a row of their own (``coarse``); undated events are left out."""
        rows = self.dyad_rows(a, b, make_filter(f, **filters), granularity)
        return self._out(pa.Table.from_pylist(rows, schema=DYAD_SCHEMA), arrow)

    def resolve_actor(self, actor: str) -> str:
        """An id, code or country as is; otherwise the id of the actor with that name (the
        most mentioned one when several share it, e.g. a state and its government)."""
        known = self.q._one("SELECT 1 FROM actors WHERE id = ? OR code = ? OR country = ? "
                            "LIMIT 1", (actor, actor, actor))
        if known:
            return actor
        best = self.q._one(
            "SELECT ac.id FROM actors ac WHERE ac.name = ? COLLATE NOCASE ORDER BY "
            "(SELECT count(*) FROM actor_mentions m WHERE m.actor_id = ac.id) DESC, ac.id "
            "LIMIT 1", (actor,))
        return str(best) if best is not None else actor

    def actor_rows(self, actor: str, f: EventFilter | None = None,
                   granularity: str = "auto") -> list[dict[str, Any]]:
        base = make_filter(f, actor=self.resolve_actor(actor))
        t = self.q.timeline(base, granularity)
        return [{"actor": actor, **self._series_row(x), "granularity": t["granularity"]}
                for x in t["buckets"]]

    def actor(self, actor: str, f: EventFilter | None = None, *, granularity: str = "auto",
              arrow: bool = False, **filters: Any) -> Any:
        """An actor's events (either role) per period: counts, mean Goldstein, cooperation
        vs conflict. ``actor`` is an id, a code (``AUSGOV``), a country or an exact name."""
        rows = self.actor_rows(actor, make_filter(f, **filters), granularity)
        return self._out(pa.Table.from_pylist(rows, schema=ACTOR_SCHEMA), arrow)

    # -- search and network -----------------------------------------------------------------

    def search_rows(self, text: str, *, limit: int = 100) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        while len(rows) < limit:
            got = self.q.search(text, limit=min(MAX_LIMIT, limit - len(rows)), offset=len(rows))
            rows += got["items"]
            if got["next_offset"] is None or not got["items"]:
                break
        return [{"rank": i + 1, **{k: r.get(k) for k in SEARCH_SCHEMA.names if k != "rank"}}
                for i, r in enumerate(rows)]

    def search(self, text: str, *, limit: int = 100, arrow: bool = False) -> Any:
        """Articles matching a full-text query (FTS5 syntax, or plain words), best first,
        with a snippet whose hits are in ``[brackets]``."""
        return self._out(pa.Table.from_pylist(self.search_rows(text, limit=limit),
                                              schema=SEARCH_SCHEMA), arrow)

    def network_rows(self, f: EventFilter | None = None, *, level: str = "actor",
                     limit: int = 100, min_weight: int = 1) -> list[dict[str, Any]]:
        n = self.q.network(f, level=level, limit=limit, min_weight=min_weight)
        nodes = {x["id"]: x for x in n["nodes"]}
        rows = []
        for e in n["edges"]:
            row = dict(e)
            for role in ("source", "target"):
                node = nodes.get(e[role], {})
                row[f"{role}_label"] = node.get("label")
                row[f"{role}_code"] = node.get("code")
                row[f"{role}_country"] = node.get("country")
            rows.append(row)
        return rows

    def network(self, f: EventFilter | None = None, *, level: str = "actor", limit: int = 100,
                min_weight: int = 1, arrow: bool = False, **filters: Any) -> Any:
        """Directed source -> target edges weighted by event count (actors, or countries
        with ``level="country"``), with mean Goldstein and cooperation/conflict counts."""
        rows = self.network_rows(make_filter(f, **filters), level=level, limit=limit,
                                 min_weight=min_weight)
        return self._out(pa.Table.from_pylist(rows, schema=NETWORK_SCHEMA), arrow)

    def network_nodes(self, f: EventFilter | None = None, *, level: str = "actor",
                      limit: int = 100, min_weight: int = 1, arrow: bool = False,
                      **filters: Any) -> Any:
        """The nodes of ``network`` (same arguments): label, code, country, kind, weight."""
        n = self.q.network(make_filter(f, **filters), level=level, limit=limit,
                           min_weight=min_weight)
        return self._out(pa.Table.from_pylist(n["nodes"], schema=NODE_SCHEMA), arrow)
