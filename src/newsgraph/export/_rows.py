"""Reads shared by the exporters: filtered event mentions and clusters as plain dicts.

Every exporter works from the same two streams so the formats agree with each other:
``mentions`` (one per ``events`` row, with actors, article, evidence and cluster) and
``clusters`` (one per real-world event, with its representative mention). Both stream in
chunks so exports of a large store run in constant memory.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from newsgraph.resolve.events import date_window

CHUNK = 2000


@dataclass(frozen=True, slots=True)
class Filters:
    """Export filters. Dates are ISO days; ``actors`` (names, codes or ids) must all appear."""

    since: str | None = None
    until: str | None = None
    actors: tuple[str, ...] = field(default_factory=tuple)
    min_confidence: float | None = None  # the event's (a cluster's representative's) confidence
    #: lay the analysts' corrections over the machine coding (rejected mentions left out,
    #: recoded types, dates, directions and actor codes as corrected); False: machine only
    corrections: bool = True


class UnknownActor(ValueError):
    """An ``--actor`` value that matches no stored actor."""


class _Layer:
    """The corrections in force, read once per export (migration 013's table).

    Mentions drop the rejected and carry the corrected fields (the same overlay the UI and
    API apply); formats that write whole clusters drop a cluster only when an analyst
    rejected every member, and mark clusters with a corrected member. Filters (dates, actors)
    match the machine coding, as the UI's do.
    """

    def __init__(self, conn: sqlite3.Connection, f: Filters) -> None:
        from newsgraph.store.workbench import ConnReader, rejected_ids

        self.reader = ConnReader(conn)
        self.active = f.corrections and self.reader.any_in_force()
        self.rejected: set[str] = set(rejected_ids(self.reader)) if self.active else set()
        self._flags: tuple[set[str], set[str]] | None = None

    def cluster_flags(self) -> tuple[set[str], set[str]]:
        """(clusters every member of which is rejected, clusters with a corrected member),
        read on first use: only the cluster formats need them."""
        if self._flags is None:
            from newsgraph.store.workbench import cluster_flags

            self._flags = cluster_flags(self.reader) if self.active else (set(), set())
        return self._flags

    def overlay(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``rows`` less the rejected, with corrections laid over (in place)."""
        if not self.active:
            return rows
        from newsgraph.store.workbench import overlay_events

        kept = [r for r in rows if r["id"] not in self.rejected]
        sides = [a for r in kept for k in ("source", "target") for a in r[k]]
        for a in sides:  # the overlay reads the UI's key for an actor's id
            a["actor_id"] = a["id"]
        overlay_events(self.reader, kept)
        for a in sides:
            del a["actor_id"]
        return kept


def actor_ids(conn: sqlite3.Connection, ref: str) -> list[str]:
    """Actor ids matching an id, an exact code (``AUSGOV``), a name (case-insensitive), or a
    country (ISO alpha-3 or name: every actor of that country, as GDELT country filters do)."""
    from newsgraph import reference

    iso = ref.upper() if ref.upper() in reference.countries() else \
        reference.country_names().get(ref.lower(), "")
    rows = conn.execute("SELECT id FROM actors WHERE id = ? OR code = ? OR lower(name) = lower(?) "
                        "OR (country = ? AND ? != '')", (ref, ref, ref, iso, iso)).fetchall()
    if not rows:
        raise UnknownActor(f"no actor matches {ref!r}")
    return sorted(str(r[0]) for r in rows)


def _where(conn: sqlite3.Connection, f: Filters, lo: str, hi: str, actor_sql: str,
           key: str) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.since:
        clauses.append(f"COALESCE({hi}, e.date) >= ?")
        params.append(f.since)
    if f.until:
        clauses.append(f"COALESCE({lo}, e.date) <= ?")
        params.append(f.until + "\uffff" if len(f.until) < 10 else f.until)
    if f.min_confidence is not None:
        clauses.append("e.confidence >= ?")
        params.append(f.min_confidence)
    for ref in f.actors:
        ids = actor_ids(conn, ref)
        clauses.append(actor_sql.format(key=key, marks=",".join("?" * len(ids))))
        params.extend(ids)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _actors(conn: sqlite3.Connection, event_ids: list[str]) -> dict[str, dict[str, list[Any]]]:
    out: dict[str, dict[str, list[Any]]] = {e: {"source": [], "target": []} for e in event_ids}
    marks = ",".join("?" * len(event_ids))
    for r in conn.execute(
            "SELECT ea.event_id, ea.role, ea.actor_id, ea.start, ea.end, ea.text, ac.name, "
            "ac.kind, ac.country, ac.roles, ac.code FROM event_actors ea "
            f"JOIN actors ac ON ac.id = ea.actor_id WHERE ea.event_id IN ({marks}) "
            "ORDER BY ea.event_id, ea.role, ea.start", event_ids):
        out[r[0]][r[1]].append({"id": r[2], "text": r[5], "start": r[3], "end": r[4],
                                "name": r[6], "kind": r[7], "country": r[8],
                                "roles": json.loads(r[9]), "code": r[10]})
    return out


_MENTION_SELECT = (
    "SELECT e.*, a.url, a.outlet, a.title, a.published, a.ingested_at, a.origin, "
    "length(a.text) AS doc_len, "
    "substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) AS evidence_text, "
    "instr(substr(a.text, 1, e.ev_start), char(10)) = 0 AS in_lead, "
    "m.cluster_id, m.lo, m.hi, c.n_mentions, c.n_outlets, c.n_articles, c.conflict, "
    "c.first_seen, c.last_seen, c.rep_event, "
    "p.name AS loc_name, p.feature AS loc_feature, p.country AS loc_country, "
    "p.fips AS loc_fips, p.admin1 AS loc_admin1, p.lat AS loc_lat, p.lon AS loc_lon "
    "FROM events e JOIN articles a ON a.id = e.article_id "
    "LEFT JOIN event_locations l ON l.event_id = e.id "
    "LEFT JOIN places p ON p.article_id = l.article_id AND p.start = l.start "
    "AND p.end = l.end "
    "LEFT JOIN event_cluster_members m ON m.event_id = e.id "
    "LEFT JOIN event_clusters c ON c.id = m.cluster_id")


def mentions(conn: sqlite3.Connection, f: Filters,
             copies: bool = False) -> Iterator[dict[str, Any]]:
    """Event mentions in event-date order, each with actors, article, evidence and cluster.

    With ``copies``, each mention is followed by its copies (``event_copies``, migration
    012: the same mention in a near-duplicate article under another outlet), each with the
    copy's article fields and ``copy_of`` (the original article's id); a plain mention has
    ``copy_of`` None.
    """
    where, params = _where(conn, f, "m.lo", "m.hi",
                           "EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = {key} "
                           "AND x.actor_id IN ({marks}))", "e.id")
    layer = _Layer(conn, f)
    cur = conn.execute(f"{_MENTION_SELECT}{where} ORDER BY COALESCE(m.lo, e.date), e.id",
                       params)
    cur.row_factory = sqlite3.Row  # type: ignore[attr-defined]
    while chunk := cur.fetchmany(CHUNK):
        rows = [dict(r) for r in chunk]
        actors = _actors(conn, [r["id"] for r in rows])
        copied = _copies(conn, [r["id"] for r in rows]) if copies else {}
        for r in rows:
            r["source"] = actors[r["id"]]["source"]
            r["target"] = actors[r["id"]]["target"]
        for r in layer.overlay(rows):
            r["copy_of"] = None
            yield r
            for c in copied.get(r["id"], ()):
                yield {**r, **c, "copy_of": r["article_id"]}


def _copies(conn: sqlite3.Connection, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The copies of these events: event id -> the copies' article fields."""
    out: dict[str, list[dict[str, Any]]] = {}
    if not event_ids:
        return out
    marks = ",".join("?" * len(event_ids))
    cur = conn.execute(
        "SELECT c.event_id, a.id AS article_id, a.url, a.outlet, a.title, a.published, "
        "a.ingested_at, a.origin, length(a.text) AS doc_len FROM event_copies c "
        f"JOIN articles a ON a.id = c.article_id WHERE c.event_id IN ({marks}) "
        "ORDER BY c.event_id, a.id", event_ids)
    cur.row_factory = sqlite3.Row  # type: ignore[attr-defined]
    for r in cur:
        d = dict(r)
        out.setdefault(str(d.pop("event_id")), []).append(d)
    return out


def clusters(conn: sqlite3.Connection, f: Filters) -> Iterator[dict[str, Any]]:
    """Clusters in date order with their representative mention's fields (``rep``)."""
    where, params = _where(conn, f, "c.lo", "c.hi",
                           "EXISTS (SELECT 1 FROM cluster_actors x WHERE x.cluster_id = {key} "
                           "AND x.actor_id IN ({marks}))", "c.id")
    gone, fixed = _Layer(conn, f).cluster_flags()
    sql = ("SELECT c.*, e.date AS rep_date FROM event_clusters c "
           "JOIN events e ON e.id = c.rep_event" + where +
           " ORDER BY COALESCE(c.lo, c.date), c.id")
    cur = conn.execute(sql, params)
    cur.row_factory = sqlite3.Row  # type: ignore[attr-defined]
    while chunk := cur.fetchmany(CHUNK):
        rows = [dict(r) for r in chunk if r["id"] not in gone]
        if not rows:
            continue
        reps = {}
        ids = [r["rep_event"] for r in rows]
        marks = ",".join("?" * len(ids))
        rcur = conn.execute(f"{_MENTION_SELECT} WHERE e.id IN ({marks})", ids)
        rcur.row_factory = sqlite3.Row  # type: ignore[attr-defined]
        for rep in rcur:
            reps[rep["id"]] = dict(rep)
        actors = _actors(conn, ids)
        for r in rows:
            rep = reps[r["rep_event"]]
            rep["source"] = actors[rep["id"]]["source"]
            rep["target"] = actors[rep["id"]]["target"]
            r["rep"] = rep
            r["corrected"] = r["id"] in fixed
            yield r


# -- dates ----------------------------------------------------------------------------------

def sqldate(date: str | None, precision: str) -> str:
    """GDELT-style ``YYYYMMDD`` of our event date; unknown parts are ``00``.

    Day and publication dates are complete. A month gives ``YYYYMM00``, a year ``YYYY0000``.
    A week, quarter or season inside one month gives that month (``YYYYMM00``), inside one
    year that year (``YYYY0000``); a winter spanning two years gives its first year. Undated,
    unresolved (``XXXX-03``) and decade dates give an empty field.
    """
    w = date_window(date, precision)
    if w is None or date is None:
        return ""
    if precision == "publication":  # the window reaches back; the date itself is its end
        return f"{w.hi.year:04d}{w.hi.month:02d}{w.hi.day:02d}"
    if precision == "day" or w.lo == w.hi:
        return f"{w.lo.year:04d}{w.lo.month:02d}{w.lo.day:02d}"
    if (w.lo.year, w.lo.month) == (w.hi.year, w.hi.month):
        return f"{w.lo.year:04d}{w.lo.month:02d}00"
    return f"{w.lo.year:04d}0000"


def fraction_date(date: str | None, precision: str) -> str:
    """GDELT's FractionDate (year + day-of-year / 365) at the middle of the date's window."""
    w = date_window(date, precision)
    if w is None:
        return ""
    mid = w.lo + (w.hi - w.lo) / 2
    return f"{mid.year + mid.timetuple().tm_yday / 365:.4f}"


def timestamp(day: str | None) -> str:
    """``YYYYMMDDHHMMSS`` of an ISO date or datetime (GDELT's DATEADDED style)."""
    if not day:
        return ""
    try:
        value = dt.datetime.fromisoformat(day)
    except ValueError:
        return ""
    return value.strftime("%Y%m%d%H%M%S")


def partition(date: str | None, precision: str) -> tuple[str, str]:
    """(year, month) partition of an event date: ``00`` month when unknown, else ``unknown``."""
    code = sqldate(date, precision)
    if not code:
        return "unknown", "00"
    return code[:4], code[4:6]
