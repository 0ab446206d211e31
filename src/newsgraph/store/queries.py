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

import base64
import copy
import datetime as dt
import json
import re
import sqlite3
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import asdict, dataclass, fields
from typing import Any

from newsgraph.store import Store

MAX_LIMIT = 500
MAX_OFFSET = 100_000  # deeper pages: follow the keyset cursor (``after``)
_PREFIX_END = "\U0010ffff"  # sorts after every character: id prefix ranges use the index
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
    place: str | None = None  # country (ISO alpha-3) where the event happened
    bbox: str | None = None  # "min_lon,min_lat,max_lon,max_lat" around the event's place
    both: str | None = None  # "A,B": every listed actor/code/country takes part (any role)
    min_confidence: float | None = None  # calibrated confidence at least this (0-1)

    def active(self) -> dict[str, Any]:
        """The filters that are set, for links and echoing back to clients."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def _actor_ids_sql(role: str | None, p: str, corrected: bool = False) -> str:
    """Events having an actor (in ``role``) whose id, code or country is one of the JSON list
    in parameter ``p`` (with ``corrected``, also a code or country given by a correction)."""
    role_sql = f"ea.role = '{role}' AND " if role else ""
    each = f"(SELECT value FROM json_each(:{p}))"
    fixed = (f" UNION SELECT target FROM current_corrections WHERE kind = 'actor' AND "
             f"field IN ('code', 'country') AND value IN {each}" if corrected else "")
    return (f"e.id IN (SELECT ea.event_id FROM event_actors ea WHERE {role_sql}ea.actor_id IN "
            f"(SELECT id FROM actors WHERE id IN {each} OR code IN {each} OR country IN {each}"
            f"{fixed}))")


def ref_list(value: str) -> list[str]:
    """A filter value as its comma-separated items (``"AUS,JPN"``), blanks dropped."""
    return [x.strip() for x in value.split(",") if x.strip()]


def _refs(value: str) -> str:
    """The items of a filter value as a JSON list, each also upper-cased (codes, countries)."""
    items = ref_list(value)
    return json.dumps(sorted({*items, *(x.upper() for x in items)}))


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``min_lon,min_lat,max_lon,max_lat`` (GeoJSON order) as floats; ValueError if not."""
    parts = [float(x) for x in text.split(",")]
    if len(parts) != 4:
        raise ValueError("bbox needs four numbers: min_lon,min_lat,max_lon,max_lat")
    west, south, east, north = parts
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError("bbox out of range or inverted")
    return west, south, east, north


def event_where(f: EventFilter, *, rejected: tuple[str, ...] = (),
                corrected: bool = False) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (with a leading ``WHERE`` or empty) and named parameters for ``f``.

    Actor, source, target and both take comma-separated lists (any of them; for ``both``
    every one). ``rejected`` event ids are left out (the corrections layer); ``corrected``
    also matches actors by a corrected code or country.
    """
    clauses: list[str] = []
    params: dict[str, Any] = {}
    for name, role in (("actor", None), ("source", "source"), ("target", "target")):
        value = getattr(f, name)
        if value:
            clauses.append(_actor_ids_sql(role, name, corrected))
            params[name] = _refs(value)
    if f.both:
        for i, item in enumerate(ref_list(f.both)):
            clauses.append(_actor_ids_sql(None, f"both{i}", corrected))
            params[f"both{i}"] = _refs(item)
    if rejected:
        clauses.append("e.id NOT IN (SELECT value FROM json_each(:rejected))")
        params["rejected"] = json.dumps(list(rejected))
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
    if f.place:
        clauses.append("e.id IN (SELECT l.event_id FROM event_locations l JOIN places p ON "
                       "p.article_id = l.article_id AND p.start = l.start AND p.end = l.end "
                       "WHERE p.country = :place)")
        params["place"] = f.place.upper()
    if f.bbox:
        west, south, east, north = parse_bbox(f.bbox)
        clauses.append("e.id IN (SELECT l.event_id FROM event_locations l JOIN places p ON "
                       "p.article_id = l.article_id AND p.start = l.start AND p.end = l.end "
                       "WHERE p.lat BETWEEN :south AND :north AND p.lon BETWEEN :west AND :east)")
        params.update(west=west, south=south, east=east, north=north)
    if f.min_confidence is not None:
        clauses.append("e.confidence >= :min_confidence")
        params["min_confidence"] = f.min_confidence
    if f.article:  # an id prefix, as a range the index answers
        clauses.append("e.article_id >= :article AND e.article_id < :article_end")
        params["article"] = f.article
        params["article_end"] = f.article + _PREFIX_END
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


class Conditions:
    """A WHERE clause from the filters a caller was given: ``when(value, sql, *params)`` adds
    its condition only when the value is set, so each filter of a listing reads as one line
    (articles, quotes and the workbench's quotes share it)."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def when(self, value: Any, sql: str, *params: Any) -> Conditions:
        if value:
            self.clauses.append(sql)
            self.params.extend(params)
        return self

    @property
    def sql(self) -> str:
        return "WHERE " + " AND ".join(self.clauses) if self.clauses else ""


def page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    """The envelope of every paginated listing."""
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next_offset": offset + limit if offset + limit < total else None}


# -- search syntax ----------------------------------------------------------------------------

#: SQLite virtual-machine steps between two budget checks of a search, and the checks allowed
#: (about 2e8 steps: ranking and snippets over many hits). FTS5's own term matching runs
#: inside one step and is not seen by the handler: ``safe_fts`` is what bounds that (issue 25)
SEARCH_STEP = 1000
SEARCH_BUDGET = 200_000
#: at most this many terms, of which this many prefix terms ("tal*"), each of this many letters
MAX_TERMS = 16
MAX_PREFIXES = 3
MIN_PREFIX = 3
_FTS_TOKEN = re.compile(r'"([^"]*)"?|(\w+)(\*?)')


class SearchTooCostly(ValueError):
    """A search that ran past its step budget."""


def safe_fts(query: str) -> str:
    """The user's query as an FTS5 expression of quoted terms: words, "phrases", ``word*``
    prefixes (3+ letters, at most 3), joined by AND (implicit), OR or NOT. NEAR, column
    filters, ``^`` and parentheses are dropped: each term is quoted, so no user text is
    FTS5 syntax, and prefix expansions stay few and narrow."""
    parts: list[str] = []
    prefixes = terms = 0
    for m in _FTS_TOKEN.finditer(query):
        phrase, word, star = m.group(1), m.group(2), m.group(3)
        if word in ("AND", "OR", "NOT"):
            if parts and parts[-1] not in ("AND", "OR", "NOT"):
                parts.append(word)
            continue
        if word == "NEAR":
            continue
        words = re.findall(r"\w+", phrase) if phrase is not None else [word]
        if not words or terms >= MAX_TERMS:
            continue
        term = '"' + " ".join(words[:MAX_TERMS]) + '"'
        if star and len(word) >= MIN_PREFIX and prefixes < MAX_PREFIXES:
            term += "*"
            prefixes += 1
        parts.append(term)
        terms += 1
    while parts and parts[-1] in ("AND", "OR", "NOT"):
        parts.pop()
    return " ".join(parts)


# -- keyset cursors ---------------------------------------------------------------------------

def encode_cursor(key: list[Any]) -> str:
    """An opaque, URL-safe token for the sort key of the last row of a page."""
    raw = json.dumps(key, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> list[Any]:
    """The sort key inside a cursor; ValueError when the token is not one of ours."""
    # a tampered token must be a 400, never a 500 (issue 25): deep nesting (RecursionError),
    # an integer SQLite cannot bind (OverflowError), a lone surrogate it cannot encode
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        if raw[:1] != b"[" or raw.count(b"[") > 1:
            raise ValueError("not a flat list")
        key = json.loads(raw)
    except (ValueError, TypeError, RecursionError) as exc:
        raise ValueError("not a valid cursor") from exc
    if (not isinstance(key, list) or len(key) != 4 or not isinstance(key[0], str | None)
            or not isinstance(key[1], str) or type(key[2]) is not int
            or not -(2 ** 63) <= key[2] < 2 ** 63 or not isinstance(key[3], str)
            or not all(_encodable(k) for k in key if isinstance(k, str))):
        raise ValueError("not a valid cursor")
    return key


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# -- result cache -----------------------------------------------------------------------------

_MISS = object()


class ResultCache:
    """Aggregate results shared by every reader thread, each kept with the store fingerprint
    it was computed at; a later ingest changes the fingerprint and the entry is recomputed.

    Small and LRU-bounded: it serves the handful of whole-store aggregates (timeline,
    dyads, network, actor ranking, counts) that pages ask for again and again.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, fingerprint: Hashable) -> Any:
        with self._lock:
            hit = self._data.get(key)
            if hit is None or hit[0] != fingerprint:
                return _MISS
            self._data.move_to_end(key)
            return hit[1]

    def put(self, key: Hashable, fingerprint: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = (fingerprint, value)
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


#: what the store looks like right now: migration 006's update/delete counter plus the
#: highest rowid of every table the read layer aggregates (inserts move those). Each part
#: is one B-tree descent, so this costs well under a millisecond on any store size.
_FINGERPRINT_SQL = (
    "SELECT (SELECT n FROM read_generation WHERE id = 1), "
    + ", ".join(f"(SELECT max(rowid) FROM {t})" for t in (
        "articles", "events", "event_actors", "actor_mentions", "actors", "quotes", "skips")))


class Queries:
    """Read-only questions asked of one store."""

    def __init__(self, store: Store, cache: ResultCache | None = None) -> None:
        self.store = store
        self.conn = store.conn
        self.cache = cache if cache is not None else ResultCache()
        #: the corrections layer (migration 013) is there: overlay it on every read
        self.corrections = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'corrections'").fetchone() is not None
        self._fingerprint_sql = (_FINGERPRINT_SQL + ", (SELECT max(rowid) FROM corrections)"
                                 if self.corrections else _FINGERPRINT_SQL)

    def _where(self, f: EventFilter) -> tuple[str, dict[str, Any]]:
        """``event_where`` with the corrections layer: rejected events left out, corrected
        actor codes and countries matched."""
        if not self.corrections:
            return event_where(f)
        from newsgraph.store.workbench import rejected_ids

        rejected: tuple[str, ...] = self._cached(("rejected",), lambda: rejected_ids(self),
                                                 frozen=True)
        return event_where(f, rejected=rejected, corrected=True)

    def fingerprint(self) -> tuple[Any, ...] | None:
        """The store's change state; None on a store without migration 006 (no caching)."""
        try:
            row = self.conn.execute(self._fingerprint_sql).fetchone()
        except sqlite3.OperationalError:
            return None
        return (str(self.store.path), *row)

    def _cached(self, key: Hashable, compute: Callable[[], Any], *,
                frozen: bool = False) -> Any:
        """``compute()``, or the result kept from an earlier call on the same store state.

        Callers may change what they get, so a kept result is handed out as a copy unless
        it is ``frozen`` (tuples of scalars), which is shared as is.
        """
        fp = self.fingerprint()
        if fp is not None:
            hit = self.cache.get(key, fp)
            if hit is not _MISS:
                return hit if frozen else copy.deepcopy(hit)
        value = compute()
        if fp is not None:
            self.cache.put(key, fp, value if frozen else copy.deepcopy(value))
        return value

    def _count(self, sql: str, params: Any) -> int:
        """A ``count(*)`` (the totals of listings), cached per store state."""
        key = ("count", sql, tuple(sorted(params.items())) if isinstance(params, dict)
               else tuple(params))
        return int(self._cached(key, lambda: self._one(sql, params), frozen=True))

    def _all(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def _one(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    # -- overview ---------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Table sizes and the span of event dates (every page shows them: cached)."""
        result: dict[str, Any] = self._cached(("stats",), self._stats)
        return result

    def _stats(self) -> dict[str, Any]:
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
        w = (Conditions().when(outlet, "a.outlet = ?", outlet)
             .when(published_from, "a.published >= ?", published_from)
             .when(published_to, "a.published <= ? || '~'", published_to))
        where, params = w.sql, w.params
        total = self._count(f"SELECT count(*) FROM articles a {where}", params)
        order = "a.published IS NULL, a.published DESC, a.id"
        # the page's ids from the index first: texts and counts only for the rows shown
        rows = self._all(
            "SELECT a.id, a.title, a.outlet, a.url, a.published, a.published_source, "
            "a.language, a.origin, length(a.text) AS chars, a.duplicate_of, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
            "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes "
            f"FROM (SELECT a.id FROM articles a {where} ORDER BY {order} LIMIT ? OFFSET ?) k "
            f"JOIN articles a ON a.id = k.id ORDER BY {order}", (*params, limit, offset))
        return page(rows, total, limit, offset)

    def _article_row(self, article_id: str) -> dict[str, Any] | None:
        """An article by id or unique id prefix (a range on the primary key)."""
        rows = self._all("SELECT * FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                         (article_id, article_id + _PREFIX_END))
        if not rows or (len(rows) > 1 and rows[0]["id"] != article_id):
            return None
        row = rows[0]
        row["authors"] = json.loads(row["authors"])
        row["removed"] = json.loads(row["removed"])
        return row

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with everything extracted from it and the removed boilerplate."""
        art = self._article_row(article_id) if article_id else None
        if art is None:
            return None
        aid = art["id"]
        events = self.events(EventFilter(article=aid), limit=MAX_LIMIT * 4)["items"]
        quotes = self.quotes(article=aid, limit=MAX_LIMIT * 4)["items"]
        return {"article": art, "events": events, "quotes": quotes,
                "timexes": self.store.timexes(aid), "mentions": self.store.actor_mentions(aid),
                "places": self.store.places(aid), "summary": self.store.summary(aid)}

    # -- stories ----------------------------------------------------------------------------

    def stories(self, *, since: str | None = None, min_outlets: int = 1, limit: int = 50,
                offset: int = 0) -> dict[str, Any]:
        """Story records (``resolve/stories.py``), most recently seen first: id, title,
        n_articles, n_outlets, n_independent, first_seen, last_seen.

        ``since`` keeps stories last seen on or after that day; ``min_outlets`` those
        carried by at least that many outlets. Not cached: a page is one index range.
        """
        clauses: list[str] = ["n_outlets >= ?"]
        params: list[Any] = [min_outlets]
        if since:
            clauses.append("last_seen >= ?")
            params.append(since)
        where = "WHERE " + " AND ".join(clauses)
        total = int(self._one(f"SELECT count(*) FROM stories {where}", params))
        rows = self._all(
            f"SELECT * FROM stories {where} ORDER BY last_seen DESC, n_outlets DESC, id "
            "LIMIT ? OFFSET ?", (*params, limit, offset))
        return page(rows, total, limit, offset)

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article belongs to."""
        got = self._one("SELECT story_id FROM story_articles WHERE article_id = ?",
                        (article_id,))
        return None if got is None else str(got)

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story as plain dicts: its row (``stories``), its ``articles`` (id, title,
        outlet, url, day, copy, copy_of, events), its ``outlets`` (name, articles, copies),
        its ``events`` (the event clusters its articles' events or copies are in, with how
        many of the story's articles each holds, most first) and ``main_cluster`` (the
        first of those: the cluster holding most of the story's articles; ties: more
        mentions, then the smaller id), or None for an unknown id."""
        head = self._all("SELECT * FROM stories WHERE id = ?", (story_id,))
        if not head:
            return None
        story = head[0]
        articles = self._all(
            "SELECT a.id, a.title, a.outlet, a.url, s.day, s.copy, a.duplicate_of AS copy_of, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events "
            "FROM story_articles s JOIN articles a ON a.id = s.article_id "
            "WHERE s.story_id = ? ORDER BY s.day, a.id", (story_id,))
        outlets: dict[str, dict[str, Any]] = {}
        for a in articles:
            name = a["outlet"] or a["id"]
            o = outlets.setdefault(name, {"outlet": name, "articles": 0, "copies": 0})
            o["articles"] += 1
            o["copies"] += int(bool(a["copy"]))
        held: dict[str, set[str]] = {}
        for cid, aid in self.conn.execute(
                "SELECT m.cluster_id, m.article_id FROM story_articles s "
                "JOIN event_cluster_members m ON m.article_id = s.article_id "
                "WHERE s.story_id = ? UNION SELECT m.cluster_id, c.article_id "
                "FROM story_articles s JOIN event_copies c ON c.article_id = s.article_id "
                "JOIN event_cluster_members m ON m.event_id = c.event_id "
                "WHERE s.story_id = ?", (story_id, story_id)):
            held.setdefault(str(cid), set()).add(str(aid))
        events: list[dict[str, Any]] = []
        ids = sorted(held)
        for k in range(0, len(ids), 500):
            some = ids[k:k + 500]
            marks = ",".join("?" * len(some))
            events += self._all(
                "SELECT c.id, c.cameo, c.root, c.plover_type, c.stance, c.date, "
                "c.date_precision, c.n_mentions, c.n_articles, c.n_outlets, c.n_independent, "
                "c.first_seen, c.last_seen, c.conflict, c.rep_event, "
                "substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) AS evidence_text "
                "FROM event_clusters c JOIN events e ON e.id = c.rep_event "
                "JOIN articles a ON a.id = e.article_id "
                f"WHERE c.id IN ({marks})", some)
        for ev in events:
            ev["story_articles"] = len(held[ev["id"]])
        events.sort(key=lambda ev: (-ev["story_articles"], -ev["n_mentions"], ev["id"]))
        return {**story, "articles": articles,
                "outlets": sorted(outlets.values(), key=lambda o: (-o["articles"],
                                                                   o["outlet"])),
                "events": events, "main_cluster": events[0] if events else None}

    # -- events -----------------------------------------------------------------------------

    def events(self, f: EventFilter | None = None, *, limit: int = 50, offset: int = 0,
               order: str = "date", after: str | None = None) -> dict[str, Any]:
        """Events matching ``f`` with their actors and evidence text, ordered by own date.

        ``after`` (a cursor from ``next_after``, default order only) continues after the
        row it names: a keyset page costs the same at any depth, unlike ``offset``.
        """
        f = f or EventFilter()
        where, params = self._where(f)
        total = self._count(f"SELECT count(*) FROM events e {where}", params)
        order_sql = {"date": "e.date IS NULL, e.date, e.article_id, e.trigger_start, e.id",
                     "-date": "e.date IS NULL, e.date DESC, e.article_id, e.trigger_start, e.id",
                     "goldstein": "e.goldstein, e.date, e.id",
                     "-goldstein": "e.goldstein DESC, e.date, e.id",
                     "cameo": "e.cameo, e.date, e.id",
                     "-cameo": "e.cameo DESC, e.date, e.id",
                     "modality": "e.modality, e.date, e.id"}.get(order, "e.date, e.id")
        inner_where = where
        if after is not None:
            if order != "date":
                raise ValueError("a cursor (after) follows the default order only")
            date, article_id, start, event_id = decode_cursor(after)
            if date is None:  # inside the undated tail
                seek = ("e.date IS NULL AND (e.article_id, e.trigger_start, e.id) > "
                        "(:c_art, :c_start, :c_id)")
            else:  # rows of the undated tail compare greater on the first term
                seek = ("(e.date IS NULL, e.date, e.article_id, e.trigger_start, e.id) > "
                        "(0, :c_date, :c_art, :c_start, :c_id)")
            params = {**params, "c_date": date, "c_art": article_id, "c_start": start,
                      "c_id": event_id}
            inner_where = f"{where} AND {seek}" if where else f"WHERE {seek}"
            offset = 0
        # the page's ids from the index, then their rows, article fields and evidence
        rows = self._all(
            "SELECT e.*, a.title AS article_title, a.outlet AS outlet, a.published AS published, "
            "substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) AS evidence_text "
            f"FROM (SELECT e.id FROM events e {inner_where} ORDER BY {order_sql} "
            "LIMIT :limit OFFSET :offset) k JOIN events e ON e.id = k.id "
            f"JOIN articles a ON a.id = e.article_id ORDER BY {order_sql}",
            {**params, "limit": limit, "offset": offset})
        self._attach_actors(rows)
        out = page(rows, total, limit, offset)
        if after is not None:
            out["next_offset"] = None
        last = rows[-1] if rows else None
        out["next_after"] = (encode_cursor([last["date"], last["article_id"],
                                            last["trigger_start"], last["id"]])
                             if order == "date" and last is not None and len(rows) == limit
                             else None)
        return out

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._all(
            "SELECT e.*, a.title AS article_title, a.outlet AS outlet, a.published AS published, "
            "substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) AS evidence_text "
            "FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id = ?", (event_id,))
        self._attach_actors(rows)
        return rows[0] if rows else None

    def _attach_actors(self, rows: list[dict[str, Any]]) -> None:
        """Source and target actors and the place of each event, in one query each for the
        whole page."""
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
        for r in rows:
            r["location"] = None
        for x in self._all(
                "SELECT l.event_id, p.* FROM event_locations l JOIN places p ON "
                "p.article_id = l.article_id AND p.start = l.start AND p.end = l.end "
                f"WHERE l.event_id IN ({marks})", tuple(by_id)):
            by_id[x.pop("event_id")]["location"] = x
        if self.corrections:
            from newsgraph.store.workbench import overlay_events

            overlay_events(self, rows)

    # -- quotes -----------------------------------------------------------------------------

    def quotes(self, *, article: str | None = None, speaker: str | None = None,
               kind: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """Quotes with their content text; ``speaker`` matches an actor id or speaker text."""
        w = (Conditions().when(article, "q.article_id >= ? AND q.article_id < ?", article,
                          (article or "") + _PREFIX_END)
             .when(speaker, "(q.speaker_actor = ? OR q.speaker LIKE '%' || ? || '%')", speaker,
                   speaker)
             .when(kind, "q.kind = ?", kind))
        where, params = w.sql, w.params
        total = self._count(f"SELECT count(*) FROM quotes q {where}", params)
        order = "a.published IS NULL, a.published, a.id, q.content_start"
        rows = self._all(
            "SELECT q.*, substr(a.text, q.content_start + 1, q.content_end - q.content_start) "
            "AS content, a.title AS article_title, a.published AS published "
            f"FROM (SELECT q.id FROM articles a JOIN quotes q ON q.article_id = a.id {where} "
            f"ORDER BY {order} LIMIT ? OFFSET ?) k JOIN quotes q ON q.id = k.id "
            f"JOIN articles a ON a.id = q.article_id ORDER BY {order}",
            (*params, limit, offset))
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
        ranking: tuple[tuple[str, int, int], ...] = self._cached(
            ("actor_ranking",), self._actor_ranking, frozen=True)
        if clauses:
            ids = {r[0] for r in self.conn.execute(
                f"SELECT ac.id FROM actors ac WHERE {' AND '.join(clauses)}", params)}
            ranking = tuple(r for r in ranking if r[0] in ids)
        chosen = ranking[offset:offset + limit]
        rows = []
        if chosen:
            marks = ",".join("?" * len(chosen))
            info = {r["id"]: r for r in self._all(
                "SELECT id, name, kind, country, roles, code FROM actors "
                f"WHERE id IN ({marks})", tuple(r[0] for r in chosen))}
            rows = [{**info[i], "roles": json.loads(info[i]["roles"] or "[]"), "mentions": m,
                     "events": e} for i, m, e in chosen]
        return page(rows, len(ranking), limit, offset)

    def _actor_ranking(self) -> tuple[tuple[str, int, int], ...]:
        """Every actor's (id, mentions, events), most mentioned first, from covering indexes."""
        return tuple((str(r[0]), int(r[1]), int(r[2])) for r in self.conn.execute(
            "WITH m AS (SELECT actor_id, count(*) AS n FROM actor_mentions GROUP BY actor_id), "
            "ev AS (SELECT actor_id, count(DISTINCT event_id) AS n FROM event_actors "
            "GROUP BY actor_id) "
            "SELECT ac.id, coalesce(m.n, 0) AS mentions, coalesce(ev.n, 0) AS events "
            "FROM actors ac LEFT JOIN m ON m.actor_id = ac.id "
            "LEFT JOIN ev ON ev.actor_id = ac.id ORDER BY mentions DESC, events DESC, ac.name"))

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        rows = self._all(
            "SELECT ac.*, (SELECT count(*) FROM event_actors ea WHERE ea.actor_id = ac.id) "
            "AS events FROM actors ac WHERE ac.id = ?", (actor_id,))
        if not rows:
            return None
        row = rows[0]
        row["roles"] = json.loads(row["roles"] or "[]")  # a list, not JSON inside JSON
        row["mentions"] = self._all(
            "SELECT m.article_id, m.start, m.end, m.text, m.via, a.title FROM actor_mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.actor_id = ? "
            "ORDER BY a.published, m.start LIMIT 200", (actor_id,))
        return row

    # -- search and skips -------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 20, offset: int = 0,
               budget: int = SEARCH_BUDGET) -> dict[str, Any]:
        """Full-text search over a safe subset of FTS5 syntax (``safe_fts``), within a budget
        of SQLite steps: ``SearchTooCostly`` (a ValueError) past it."""
        fts = safe_fts(query)
        if not fts:
            return page([], 0, limit, offset) | {"query": fts}
        steps = 0

        def tick() -> int:
            nonlocal steps
            steps += 1
            return 1 if steps > budget else 0

        self.conn.set_progress_handler(tick, SEARCH_STEP)
        try:
            return self._search(fts, limit, offset)
        except sqlite3.OperationalError as exc:
            if steps > budget:
                raise SearchTooCostly("search too costly: use fewer or longer words") from exc
            raise ValueError(f"search not understood: {exc}") from exc
        finally:
            self.conn.set_progress_handler(None, 0)

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
        result: dict[str, Any] = self._cached(("timeline", _key(f), granularity),
                                              lambda: self._timeline(f, granularity))
        return result

    def _timeline(self, f: EventFilter, granularity: str) -> dict[str, Any]:
        where, params = self._where(f)
        groups = self._all(
            "SELECT e.date, e.date_precision AS precision, count(*) AS n, "
            "sum(e.goldstein) AS gsum, sum(e.quad_class = 1) AS q1, sum(e.quad_class = 2) AS q2, "
            "sum(e.quad_class = 3) AS q3, sum(e.quad_class = 4) AS q4 "
            f"FROM events e {where} GROUP BY e.date, e.date_precision", params)
        if self.corrections:
            from newsgraph.store.workbench import correct_groups

            groups = correct_groups(self, where, params, groups)
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
        groups = [g for g in self._pairs(f, "country") if g[0] != g[1]]  # no self-pairs
        rows = [{"source": a, "target": b, "events": n, "goldstein_mean": g,
                 "cooperation": co, "conflict": cf}
                for a, b, n, g, co, cf in groups[offset:offset + limit]]
        return page(rows, len(groups), limit, offset)

    def _pairs(self, f: EventFilter, level: str) -> tuple[tuple[Any, ...], ...]:
        """(source, target, events, mean Goldstein, cooperation, conflict) per pair at
        ``level``, most events first, from ``event_pairs`` (cached per store state)."""
        def compute() -> tuple[tuple[Any, ...], ...]:
            where, params = self._where(f)
            # filtered: the matching events drive, each finds its pairs by primary key
            source = (f"events e CROSS JOIN event_pairs p ON p.event_id = e.id "
                      f"AND p.level = :level {where}" if where
                      else "event_pairs p WHERE p.level = :level")
            return tuple(tuple(r) for r in self.conn.execute(
                "SELECT p.source, p.target, count(*) AS n, round(avg(p.goldstein), 3), "
                "sum(p.quad_class IN (1, 2)), sum(p.quad_class IN (3, 4)) "
                f"FROM {source} "
                "GROUP BY p.source, p.target ORDER BY n DESC, p.source, p.target",
                {**params, "level": level}))
        result: tuple[tuple[Any, ...], ...] = self._cached(("pairs", level, _key(f)), compute,
                                                           frozen=True)
        return result

    def dyad(self, a: str, b: str, f: EventFilter | None = None,
             granularity: str = "auto") -> dict[str, Any]:
        """Both directions of a country pair over time: counts by quad class, mean Goldstein."""
        base = asdict(f) if f else {}
        a, b = a.upper(), b.upper()
        fwd_f = EventFilter(**{**base, "source": a, "target": b})
        back_f = EventFilter(**{**base, "source": b, "target": a})
        g = granularity
        if g not in GRANULARITIES:  # the coarser of the two: the same whichever way round
            picks = [t["granularity"] for t in (self.timeline(fwd_f, g), self.timeline(back_f, g))
                     if t["total"]]
            g = max(picks, key=lambda x: _GRAN_RANK[x]) if picks else "month"
        forward = self.timeline(fwd_f, g)
        backward = self.timeline(back_f, g)
        return {"a": a, "b": b, "granularity": g,
                "series": {f"{a}>{b}": forward["buckets"], f"{b}>{a}": backward["buckets"]},
                "undated": {f"{a}>{b}": forward["undated"], f"{b}>{a}": backward["undated"]},
                "totals": {f"{a}>{b}": forward["total"], f"{b}>{a}": backward["total"]}}

    def network(self, f: EventFilter | None = None, *, level: str = "actor",
                limit: int = 100, min_weight: int = 1) -> dict[str, Any]:
        """Actors (or countries) as nodes, source->target edges weighted by event counts."""
        f = f or EventFilter()
        level = "country" if level == "country" else "actor"
        heavy = [p for p in self._pairs(f, level)
                 if p[2] >= min_weight and p[0] != p[1]][:limit]  # a self-loop says nothing
        edges = [{"source": a, "target": b, "weight": n, "goldstein_mean": g,
                  "cooperation": co, "conflict": cf} for a, b, n, g, co, cf in heavy]
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


    def map_points(self, f: EventFilter | None = None, *, limit: int = 500) -> dict[str, Any]:
        """Event locations with coordinates, one point per place, weighted by event count."""
        f = f or EventFilter()
        where, params = self._where(f)
        located = f"{where} AND p.lat IS NOT NULL" if where else "WHERE p.lat IS NOT NULL"
        rows = self._all(
            "SELECT p.name, p.country, p.feature, round(p.lat, 4) AS lat, round(p.lon, 4) AS lon, "
            "count(*) AS events, avg(e.goldstein) AS goldstein_mean FROM events e "
            "JOIN event_locations l ON l.event_id = e.id JOIN places p ON "
            "p.article_id = l.article_id AND p.start = l.start AND p.end = l.end "
            f"{located} "
            "GROUP BY p.name, p.country, round(p.lat, 4), round(p.lon, 4) "
            "ORDER BY events DESC, p.name LIMIT :limit", {**params, "limit": limit})
        countries = self._all(
            "SELECT p.country, count(*) AS events FROM events e JOIN event_locations l ON "
            "l.event_id = e.id JOIN places p ON p.article_id = l.article_id AND "
            f"p.start = l.start AND p.end = l.end {where} GROUP BY p.country "
            "ORDER BY events DESC", params)
        return {"filters": f.active(), "points": rows, "countries": countries}


def _key(f: EventFilter) -> tuple[tuple[str, Any], ...]:
    """A filter as a cache key."""
    return tuple(sorted(f.active().items()))


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
