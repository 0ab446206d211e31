"""The read layer shared by the REST API, the web UI and the CLI.

Every listing takes the same ``EventFilter`` and returns plain JSON-ready dicts, so a page,
its JSON twin and a CLI command can never disagree. Aggregates (timeline, dyads, network)
are computed in SQL and only bucketed in Python, so a 100k-event store answers from a few
thousand grouped rows instead of every event.

Event dates are TIMEX3 values of different precisions (``2024-03-12``, ``2024-03``,
``2024-W11``, ``2024-Q1``, ``2024``); a date range compares them as strings, so a range
``2024-03`` .. ``2024-03`` holds every date that starts with ``2024-03``.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from typing import Any

from newsgraph.store import Store

MAX_LIMIT = 500
GRANULARITIES = ("day", "week", "month", "year")
MODALITIES = ("asserted", "negated", "reported", "hypothetical", "conditional", "future",
              "refused")
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}

#: ``(sql, params)`` pieces: a list of WHERE clauses and their parameters.
Where = tuple[list[str], list[Any]]


@dataclass(slots=True)
class EventFilter:
    """Filters every event query understands; ``None`` means "any"."""

    actor: str | None = None  # actor id or actor code (``AUSGOV``), either role
    source: str | None = None  # source actor's country (ISO alpha-3) or code
    target: str | None = None  # target actor's country or code
    cameo: str | None = None  # CAMEO code prefix: ``04`` = the root, ``042`` exact
    root: str | None = None
    quad_class: int | None = None
    plover: str | None = None  # PLOVER event type, e.g. ``CONSULT``
    modality: str | None = None
    date_from: str | None = None  # TIMEX3 prefix, inclusive
    date_to: str | None = None  # TIMEX3 prefix, inclusive
    outlet: str | None = None
    article: str | None = None  # article id or unique prefix

    def active(self) -> dict[str, Any]:
        """The filters that are set, for links and echoing back to clients."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def _actor_ids_sql(role: str | None) -> str:
    """Events having an actor (in ``role``) whose id, code or country matches the parameter."""
    role_sql = f"ea.role = '{role}' AND " if role else ""
    return (f"e.id IN (SELECT ea.event_id FROM event_actors ea WHERE {role_sql}ea.actor_id IN "
            "(SELECT id FROM actors WHERE id = :{p} OR code = :{p} OR country = :{p}))")


def event_where(f: EventFilter) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (with a leading ``WHERE`` or empty) and named parameters for ``f``."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if f.actor:
        clauses.append(_actor_ids_sql(None).replace("{p}", "actor"))
        params["actor"] = f.actor
    if f.source:
        clauses.append(_actor_ids_sql("source").replace("{p}", "source"))
        params["source"] = f.source.upper()
    if f.target:
        clauses.append(_actor_ids_sql("target").replace("{p}", "target"))
        params["target"] = f.target.upper()
    if f.cameo:
        clauses.append("e.cameo LIKE :cameo || '%'")
        params["cameo"] = f.cameo
    if f.root:
        clauses.append("e.root = :root")
        params["root"] = f.root.zfill(2)
    if f.quad_class:
        clauses.append("e.quad_class = :quad")
        params["quad"] = f.quad_class
    if f.plover:
        clauses.append("e.plover_type = :plover")
        params["plover"] = f.plover.upper()
    if f.modality:
        clauses.append("e.modality = :modality")
        params["modality"] = f.modality
    if f.date_from:
        clauses.append("e.date >= :date_from")
        params["date_from"] = f.date_from
    if f.date_to:
        clauses.append("e.date <= :date_to || '~'")  # '~' sorts after digits and '-'
        params["date_to"] = f.date_to
    if f.outlet:
        clauses.append("e.article_id IN (SELECT id FROM articles WHERE outlet = :outlet)")
        params["outlet"] = f.outlet
    if f.article:
        clauses.append("e.article_id LIKE :article || '%'")
        params["article"] = f.article
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    """The envelope of every paginated listing."""
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next_offset": offset + limit if offset + limit < total else None}


class Queries:
    """Read-only questions asked of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    def _all(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def _one(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    # -- overview ---------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Table sizes and the span of event dates."""
        out: dict[str, Any] = dict(self.store.counts())
        out["first_date"] = self._one("SELECT min(date) FROM events WHERE date GLOB '[0-9]*'")
        out["last_date"] = self._one("SELECT max(date) FROM events WHERE date GLOB '[0-9]*'")
        out["outlets"] = [r["outlet"] for r in self._all(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]
        return out

    # -- articles ---------------------------------------------------------------------------

    def articles(self, *, outlet: str | None = None, published_from: str | None = None,
                 published_to: str | None = None, limit: int = 50,
                 offset: int = 0) -> dict[str, Any]:
        """Articles with their publication date, how it is known, and record counts."""
        clauses, params = [], []
        if outlet:
            clauses.append("a.outlet = ?")
            params.append(outlet)
        if published_from:
            clauses.append("a.published >= ?")
            params.append(published_from)
        if published_to:
            clauses.append("a.published <= ? || '~'")
            params.append(published_to)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        total = int(self._one(f"SELECT count(*) FROM articles a {where}", params))
        rows = self._all(
            "SELECT a.id, a.title, a.outlet, a.url, a.published, a.published_source, "
            "a.language, a.origin, length(a.text) AS chars, a.duplicate_of, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
            "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes "
            f"FROM articles a {where} ORDER BY a.published IS NULL, a.published DESC, a.id "
            "LIMIT ? OFFSET ?", (*params, limit, offset))
        return page(rows, total, limit, offset)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with everything extracted from it and the removed boilerplate."""
        art = self.store.article(article_id)
        if art is None:
            return None
        aid = art["id"]
        events = self.events(EventFilter(article=aid), limit=MAX_LIMIT * 4)["items"]
        quotes = self.quotes(article=aid, limit=MAX_LIMIT * 4)["items"]
        return {"article": art, "events": events, "quotes": quotes,
                "timexes": self.store.timexes(aid), "mentions": self.store.actor_mentions(aid)}

    # -- events -----------------------------------------------------------------------------

    def events(self, f: EventFilter | None = None, *, limit: int = 50, offset: int = 0,
               order: str = "date") -> dict[str, Any]:
        """Events matching ``f`` with their actors and evidence text, ordered by own date."""
        f = f or EventFilter()
        where, params = event_where(f)
        total = int(self._one(f"SELECT count(*) FROM events e {where}", params))
        order_sql = {"date": "e.date IS NULL, e.date, e.article_id, e.trigger_start",
                     "-date": "e.date IS NULL, e.date DESC, e.article_id, e.trigger_start",
                     "goldstein": "e.goldstein, e.date"}.get(order, "e.date")
        rows = self._all(
            "SELECT e.*, a.title AS article_title, a.outlet AS outlet, a.published AS published, "
            "substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) AS evidence_text "
            f"FROM (SELECT * FROM events e {where} ORDER BY {order_sql} "
            "LIMIT :limit OFFSET :offset) e JOIN articles a ON a.id = e.article_id "
            f"ORDER BY {order_sql}", {**params, "limit": limit, "offset": offset})
        self._attach_actors(rows)
        return page(rows, total, limit, offset)

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._all(
            "SELECT e.*, a.title AS article_title, a.outlet AS outlet, a.published AS published, "
            "substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) AS evidence_text "
            "FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id = ?", (event_id,))
        self._attach_actors(rows)
        return rows[0] if rows else None

    def _attach_actors(self, rows: list[dict[str, Any]]) -> None:
        """Source and target actors of each event, in one query for the whole page."""
        for r in rows:
            r["source"], r["target"] = [], []
            r["negated"] = bool(r["negated"])
        if not rows:
            return
        by_id = {r["id"]: r for r in rows}
        marks = ",".join("?" * len(by_id))
        for x in self._all(
                "SELECT ea.event_id, ea.role, ea.text, ea.start, ea.end, ac.id AS actor_id, "
                "ac.name, ac.code, ac.country, ac.kind FROM event_actors ea "
                f"JOIN actors ac ON ac.id = ea.actor_id WHERE ea.event_id IN ({marks}) "
                "ORDER BY ea.start", tuple(by_id)):
            by_id[x.pop("event_id")][x.pop("role")].append(x)

    # -- quotes -----------------------------------------------------------------------------

    def quotes(self, *, article: str | None = None, speaker: str | None = None,
               kind: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """Quotes with their content text; ``speaker`` matches an actor id or speaker text."""
        clauses, params = [], []
        if article:
            clauses.append("q.article_id LIKE ? || '%'")
            params.append(article)
        if speaker:
            clauses.append("(q.speaker_actor = ? OR q.speaker LIKE '%' || ? || '%')")
            params += [speaker, speaker]
        if kind:
            clauses.append("q.kind = ?")
            params.append(kind)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        total = int(self._one(f"SELECT count(*) FROM quotes q {where}", params))
        rows = self._all(
            "SELECT q.*, substr(a.text, q.content_start + 1, q.content_end - q.content_start) "
            "AS content, a.title AS article_title, a.published AS published "
            f"FROM quotes q JOIN articles a ON a.id = q.article_id {where} "
            "ORDER BY a.published IS NULL, a.published, q.article_id, q.content_start "
            "LIMIT ? OFFSET ?", (*params, limit, offset))
        for r in rows:
            r["anonymous"] = bool(r["anonymous"])
        return page(rows, total, limit, offset)

    # -- actors -----------------------------------------------------------------------------

    def actors(self, *, q: str | None = None, country: str | None = None,
               kind: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """Canonical actors with mention and event counts, most mentioned first."""
        clauses, params = [], []
        if q:
            clauses.append("(ac.name LIKE '%' || ? || '%' OR ac.code = ?)")
            params += [q, q.upper()]
        if country:
            clauses.append("ac.country = ?")
            params.append(country.upper())
        if kind:
            clauses.append("ac.kind = ?")
            params.append(kind)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        total = int(self._one(f"SELECT count(*) FROM actors ac {where}", params))
        rows = self._all(
            "WITH m AS (SELECT actor_id, count(*) AS n FROM actor_mentions GROUP BY actor_id), "
            "ev AS (SELECT actor_id, count(DISTINCT event_id) AS n FROM event_actors "
            "GROUP BY actor_id) "
            "SELECT ac.id, ac.name, ac.kind, ac.country, ac.roles, ac.code, "
            "coalesce(m.n, 0) AS mentions, coalesce(ev.n, 0) AS events FROM actors ac "
            "LEFT JOIN m ON m.actor_id = ac.id LEFT JOIN ev ON ev.actor_id = ac.id "
            f"{where} ORDER BY mentions DESC, events DESC, ac.name LIMIT ? OFFSET ?",
            (*params, limit, offset))
        return page(rows, total, limit, offset)

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        rows = self._all(
            "SELECT ac.*, (SELECT count(*) FROM event_actors ea WHERE ea.actor_id = ac.id) "
            "AS events FROM actors ac WHERE ac.id = ?", (actor_id,))
        if not rows:
            return None
        row = rows[0]
        row["mentions"] = self._all(
            "SELECT m.article_id, m.start, m.end, m.text, m.via, a.title FROM actor_mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.actor_id = ? "
            "ORDER BY a.published, m.start LIMIT 200", (actor_id,))
        return row

    # -- search and skips -------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> dict[str, Any]:
        """Full-text search; a query FTS5 cannot parse is retried as plain quoted words."""
        try:
            return self._search(query, limit, offset)
        except sqlite3.OperationalError:
            words = re.findall(r"\w+", query)
            if not words:
                return page([], 0, limit, offset) | {"query": query}
            return self._search(" ".join(f'"{w}"' for w in words), limit, offset)

    def _search(self, fts: str, limit: int, offset: int) -> dict[str, Any]:
        total = int(self._one("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                              (fts,)))
        rows = self._all(
            "SELECT a.id, a.title, a.outlet, a.published, "
            "snippet(articles_fts, 1, char(2), char(3), '…', 16) AS snippet "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?", (fts, limit, offset))
        for r in rows:
            r["snippet_parts"] = split_marks(r["snippet"] or "")
            r["snippet"] = (r["snippet"] or "").replace("\x02", "[").replace("\x03", "]")
        return page(rows, total, limit, offset) | {"query": fts}

    def skips(self, *, code: str | None = None, limit: int = 100,
              offset: int = 0) -> dict[str, Any]:
        where, params = ("WHERE code = ?", [code]) if code else ("", [])
        total = int(self._one(f"SELECT count(*) FROM skips {where}", params))
        rows = self._all(f"SELECT id, origin, stage, code, reason, at FROM skips {where} "
                         "ORDER BY id LIMIT ? OFFSET ?", (*params, limit, offset))
        return page(rows, total, limit, offset)

    # -- aggregates -------------------------------------------------------------------------

    def timeline(self, f: EventFilter | None = None,
                 granularity: str = "auto") -> dict[str, Any]:
        """Event counts per period of the events' own dates, with their precisions.

        A date coarser than the period (``2024`` when counting months) gets a bucket of its
        own marked ``coarse`` rather than being spread over or pinned to a finer period.
        """
        f = f or EventFilter()
        where, params = event_where(f)
        groups = self._all(
            "SELECT e.date, e.date_precision AS precision, count(*) AS n, "
            "sum(e.goldstein) AS gsum, sum(e.quad_class = 1) AS q1, sum(e.quad_class = 2) AS q2, "
            "sum(e.quad_class = 3) AS q3, sum(e.quad_class = 4) AS q4 "
            f"FROM events e {where} GROUP BY e.date, e.date_precision", params)
        if granularity not in GRANULARITIES:
            granularity = auto_granularity([g["date"] for g in groups])
        buckets: dict[str, dict[str, Any]] = {}
        undated = 0
        for g in groups:
            period = bucket(g["date"], granularity)
            if period is None:
                undated += g["n"]
                continue
            label, start, coarse = period
            b = buckets.setdefault(label, {
                "period": label, "start": start, "coarse": coarse, "count": 0, "gsum": 0.0,
                "by_precision": defaultdict(int), "by_quad": {"1": 0, "2": 0, "3": 0, "4": 0}})
            b["count"] += g["n"]
            b["gsum"] += g["gsum"] or 0.0
            b["by_precision"][g["precision"]] += g["n"]
            for q in "1234":
                b["by_quad"][q] += g[f"q{q}"] or 0
        out = []
        for b in sorted(buckets.values(), key=lambda b: (b["start"], b["coarse"], b["period"])):
            b["goldstein_mean"] = round(b.pop("gsum") / b["count"], 3) if b["count"] else None
            b["by_precision"] = dict(b["by_precision"])
            b["cooperation"] = b["by_quad"]["1"] + b["by_quad"]["2"]
            b["conflict"] = b["by_quad"]["3"] + b["by_quad"]["4"]
            out.append(b)
        return {"granularity": granularity, "filters": f.active(), "buckets": out,
                "undated": undated, "total": sum(g["n"] for g in groups)}

    def dyads(self, f: EventFilter | None = None, *, limit: int = 50,
              offset: int = 0) -> dict[str, Any]:
        """Directed country pairs (source country -> target country) by event count."""
        f = f or EventFilter()
        where, params = event_where(f)
        pairs = (
            "SELECT DISTINCT e.id, s.country AS a, t.country AS b, e.goldstein, e.quad_class "
            "FROM events e "
            "JOIN event_actors es ON es.event_id = e.id AND es.role = 'source' "
            "JOIN actors s ON s.id = es.actor_id "
            "JOIN event_actors et ON et.event_id = e.id AND et.role = 'target' "
            f"JOIN actors t ON t.id = et.actor_id {where} "
            f"{'AND' if where else 'WHERE'} s.country IS NOT NULL AND t.country IS NOT NULL")
        total = int(self._one(f"SELECT count(*) FROM (SELECT DISTINCT a, b FROM ({pairs}))",
                              params))
        rows = self._all(
            "SELECT a AS source, b AS target, count(*) AS events, "
            "round(avg(goldstein), 3) AS goldstein_mean, "
            "sum(quad_class IN (1, 2)) AS cooperation, sum(quad_class IN (3, 4)) AS conflict "
            f"FROM ({pairs}) GROUP BY a, b ORDER BY events DESC, a, b "
            "LIMIT :limit OFFSET :offset", {**params, "limit": limit, "offset": offset})
        return page(rows, total, limit, offset)

    def dyad(self, a: str, b: str, f: EventFilter | None = None,
             granularity: str = "auto") -> dict[str, Any]:
        """Both directions of a country pair over time: counts by quad class, mean Goldstein."""
        base = asdict(f) if f else {}
        a, b = a.upper(), b.upper()
        forward = self.timeline(EventFilter(**{**base, "source": a, "target": b}), granularity)
        g = forward["granularity"]
        backward = self.timeline(EventFilter(**{**base, "source": b, "target": a}), g)
        if forward["total"] == 0 and backward["total"]:
            g = backward["granularity"]
            forward = self.timeline(EventFilter(**{**base, "source": a, "target": b}), g)
        return {"a": a, "b": b, "granularity": g,
                "series": {f"{a}>{b}": forward["buckets"], f"{b}>{a}": backward["buckets"]},
                "undated": {f"{a}>{b}": forward["undated"], f"{b}>{a}": backward["undated"]},
                "totals": {f"{a}>{b}": forward["total"], f"{b}>{a}": backward["total"]}}

    def network(self, f: EventFilter | None = None, *, level: str = "actor",
                limit: int = 100, min_weight: int = 1) -> dict[str, Any]:
        """Actors (or countries) as nodes, source->target edges weighted by event counts."""
        f = f or EventFilter()
        where, params = event_where(f)
        if level == "country":
            skey, tkey = "s.country", "t.country"
            cond = "s.country IS NOT NULL AND t.country IS NOT NULL"
        else:
            level, skey, tkey, cond = "actor", "s.id", "t.id", "1"
        edges = self._all(
            f"SELECT a AS source, b AS target, count(*) AS weight, "
            "round(avg(goldstein), 3) AS goldstein_mean, "
            "sum(quad_class IN (1, 2)) AS cooperation, sum(quad_class IN (3, 4)) AS conflict "
            f"FROM (SELECT DISTINCT e.id, {skey} AS a, {tkey} AS b, e.goldstein, e.quad_class "
            "FROM events e "
            "JOIN event_actors es ON es.event_id = e.id AND es.role = 'source' "
            "JOIN actors s ON s.id = es.actor_id "
            "JOIN event_actors et ON et.event_id = e.id AND et.role = 'target' "
            f"JOIN actors t ON t.id = et.actor_id {where} {'AND' if where else 'WHERE'} {cond}) "
            "GROUP BY a, b HAVING count(*) >= :min_weight "
            "ORDER BY weight DESC, a, b LIMIT :limit",
            {**params, "limit": limit, "min_weight": min_weight})
        weight: dict[str, int] = defaultdict(int)
        for e in edges:
            weight[e["source"]] += e["weight"]
            weight[e["target"]] += e["weight"]
        nodes: list[dict[str, Any]] = []
        if level == "actor" and weight:
            marks = ",".join("?" * len(weight))
            info = {r["id"]: r for r in self._all(
                f"SELECT id, name, code, country, kind FROM actors WHERE id IN ({marks})",
                tuple(weight))}
            for k, w in weight.items():
                r = info.get(k, {})
                nodes.append({"id": k, "label": r.get("name", k), "code": r.get("code"),
                              "country": r.get("country"), "kind": r.get("kind"), "weight": w})
        else:
            nodes = [{"id": k, "label": k, "code": k, "country": k, "kind": "state",
                      "weight": w} for k, w in weight.items()]
        nodes.sort(key=lambda n: (-n["weight"], str(n["label"])))
        return {"level": level, "filters": f.active(), "nodes": nodes, "edges": edges}


# -- dates --------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")
_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def parse_timex(value: str | None) -> tuple[str, dt.date] | None:
    """The precision and first day of a TIMEX3 date value; None when it has no known year."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            return "day", dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH.match(value):
            return "month", dt.date(int(m[1]), int(m[2]), 1)
        if m := _WEEK.match(value):
            return "week", dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m := _QUARTER.match(value):
            return "quarter", dt.date(int(m[1]), 3 * int(m[2]) - 2, 1)
        if m := _SEASON.match(value):
            return "season", dt.date(int(m[1]), _SEASON_MONTH[m[2]], 1)
        if m := _YEAR.match(value):
            return "year", dt.date(int(m[1]), 1, 1)
        if m := _DECADE.match(value):
            return "decade", dt.date(int(m[1]) * 10, 1, 1)
    except ValueError:
        return None
    return None


_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "year": 4, "decade": 5}
_GRAN_RANK = {"day": 0, "week": 1, "month": 2, "year": 4}


def bucket(value: str | None, granularity: str) -> tuple[str, str, bool] | None:
    """(label, ISO start day, coarse) of the period holding ``value`` at ``granularity``."""
    parsed = parse_timex(value)
    if parsed is None:
        return None
    precision, start = parsed
    assert value is not None
    if _RANK[precision] > _GRAN_RANK[granularity] or (
            precision == "week" and granularity == "month"):
        # coarser than the period asked for (a week also straddles months): its own bucket
        return value, start.isoformat(), True
    if granularity == "day":
        return start.isoformat(), start.isoformat(), False
    if granularity == "week":
        year, week, _ = start.isocalendar()
        monday = dt.date.fromisocalendar(year, week, 1)
        return f"{year}-W{week:02d}", monday.isoformat(), False
    if granularity == "month":
        return f"{start.year}-{start.month:02d}", start.replace(day=1).isoformat(), False
    return f"{start.year}", f"{start.year}-01-01", False


def auto_granularity(values: list[str | None]) -> str:
    """The finest period that keeps a timeline readable (at most about 60 bars)."""
    days = [p[1] for v in values if (p := parse_timex(v))]
    if not days:
        return "month"
    span = (max(days) - min(days)).days
    if span <= 60:
        return "day"
    if span <= 60 * 7:
        return "week"
    if span <= 60 * 31:
        return "month"
    return "year"


def split_marks(snippet: str) -> list[tuple[str, bool]]:
    """A snippet with \\x02 .. \\x03 hit marks as (text, is_hit) parts, for safe rendering."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(r"[\x02\x03]", snippet)):
        if chunk:
            parts.append((chunk, i % 2 == 1))
    return parts
