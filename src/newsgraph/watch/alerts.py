"""Alerts: the user's watches (YAML) evaluated over event clusters after every round.

A watch selects events with the filters every query understands (``EventFilter``: actor,
source, target, CAMEO code or root, quad class, PLOVER type, place, bounding box), plus a
``dyad`` (either direction) and ``words`` (any of them in the evidence sentence). What is
counted is the *cluster* a matching event belongs to, never the report: one wire story
carried by 30 outlets is one cluster, so one event.

Rules (thresholds in docs/watch.md):

- ``new``: a matching cluster all of whose articles arrived after the watch was first
  evaluated; one alert per cluster.
- ``count``: at least ``threshold`` matching clusters whose day (the first day their date
  allows, ``event_clusters.lo``) lies in the last ``window`` days; one alert per day.
- ``spike``: the metric of the current window (``clusters``: distinct clusters;
  ``goldstein``: their summed Goldstein score) against the ``baseline`` windows just
  before it: mean ``mu`` and standard deviation ``sigma``; it fires when the value departs
  from ``mu`` by at least ``max(k * sigma, min_delta)`` in the rule's direction (``up`` for
  clusters, ``down``, i.e. more conflict, for Goldstein). One alert per day.

Each alert is stored with the clusters that triggered it and one evidence sentence each; an
alert's key (watch, rule, cluster or day) makes it fire once, and a crashed round's alerts
fire on the next one because rules read the store, not the round.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from newsgraph.errors import NewsgraphError, SkipError
from newsgraph.ingest.fetch import Fetcher
from newsgraph.store import Store
from newsgraph.store.queries import EventFilter, event_where, parse_bbox

RULES = ("new", "count", "spike")
MAX_CLUSTERS = 50  # clusters kept as evidence per alert
MAX_TRIES = 10  # webhook attempts (one per round) before an alert is given up on
_FILTER_KEYS = ("actor", "source", "target", "cameo", "root", "quad_class", "plover", "place",
                "bbox")


class BadWatches(NewsgraphError):
    """The alerts YAML file is malformed."""

    code = "E204"


@dataclass(frozen=True, slots=True)
class WatchSpec:
    """One watch: what to match and the rule that turns matches into an alert."""

    name: str
    rule: str = "new"
    filters: tuple[tuple[str, Any], ...] = ()
    dyad: tuple[str, str] | None = None
    words: tuple[str, ...] = ()
    window: int = 1  # days
    threshold: int = 3  # count
    metric: str = "clusters"  # spike: clusters | goldstein
    baseline: int = 14  # spike: windows before the current one
    k: float = 3.0
    min_delta: float = 3.0
    direction: str = "up"

    def event_filters(self) -> list[EventFilter]:
        base = dict(self.filters)
        if self.dyad is None:
            return [EventFilter(**base)]
        a, b = self.dyad
        return [EventFilter(**{**base, "source": a, "target": b}),
                EventFilter(**{**base, "source": b, "target": a})]


@dataclass(frozen=True, slots=True)
class WatchConfig:
    watches: tuple[WatchSpec, ...] = ()
    webhook: str | None = None


def _days(value: Any, what: str) -> int:
    """``3``, ``"3d"``, ``"24h"``, ``"2w"`` as whole days (hours round up)."""
    text = str(value).strip().lower()
    m = re.fullmatch(r"(\d+)\s*([dhw]?)", text)
    if not m or int(m.group(1)) <= 0:
        raise BadWatches(f"{what}: {value!r} is not a duration like 1d, 24h or 2w")
    n, unit = int(m.group(1)), m.group(2) or "d"
    return {"d": n, "w": 7 * n, "h": math.ceil(n / 24)}[unit]


def load_watches(path: str | Path) -> WatchConfig:
    """Parse the alerts YAML (format in docs/watch.md); ``BadWatches`` says what is wrong."""
    try:
        doc = yaml.safe_load(Path(path).read_text("utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BadWatches(f"cannot read {path}: {exc}") from exc
    if isinstance(doc, list):
        doc = {"watches": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("watches"), list):
        raise BadWatches(f"{path}: expected a mapping with a 'watches' list")
    specs = [parse_watch(w, i) for i, w in enumerate(doc["watches"])]
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise BadWatches(f"{path}: watch names must be unique")
    webhook = doc.get("webhook")
    if webhook is not None and not str(webhook).lower().startswith(("http://", "https://")):
        raise BadWatches(f"{path}: webhook must be an http(s) URL")
    return WatchConfig(tuple(specs), str(webhook) if webhook else None)


def parse_watch(w: Any, i: int) -> WatchSpec:
    """One watch from its YAML mapping."""
    if not isinstance(w, dict) or not w.get("name"):
        raise BadWatches(f"watch #{i + 1} needs a mapping with a name")
    name = str(w["name"])
    known = {f.name for f in fields(WatchSpec)} | set(_FILTER_KEYS) | {"dyad", "words"}
    unknown = sorted(set(w) - known)
    if unknown:
        raise BadWatches(f"watch {name!r}: unknown keys {', '.join(unknown)}")
    rule = str(w.get("rule", "new"))
    if rule not in RULES:
        raise BadWatches(f"watch {name!r}: rule must be one of {', '.join(RULES)}")
    filters = []
    for key in _FILTER_KEYS:
        if w.get(key) not in (None, ""):
            value: Any = int(w[key]) if key == "quad_class" else str(w[key])
            filters.append((key, value))
    if "bbox" in dict(filters):
        try:
            parse_bbox(dict(filters)["bbox"])
        except ValueError as exc:
            raise BadWatches(f"watch {name!r}: {exc}") from exc
    dyad = w.get("dyad")
    if dyad is not None:
        parts = dyad.split("-") if isinstance(dyad, str) else list(dyad)
        if len(parts) != 2:
            raise BadWatches(f"watch {name!r}: dyad needs two actors, e.g. [AUS, CHN]")
        dyad = (str(parts[0]).upper(), str(parts[1]).upper())
    words = w.get("words") or ()
    if isinstance(words, str):
        words = [words]
    metric = str(w.get("metric", "clusters"))
    if metric not in ("clusters", "goldstein"):
        raise BadWatches(f"watch {name!r}: metric must be clusters or goldstein")
    direction = str(w.get("direction", "down" if metric == "goldstein" else "up"))
    if direction not in ("up", "down"):
        raise BadWatches(f"watch {name!r}: direction must be up or down")
    try:
        return WatchSpec(
            name=name, rule=rule, filters=tuple(filters), dyad=dyad,
            words=tuple(str(x).lower() for x in words),
            window=_days(w.get("window", 1), f"watch {name!r} window"),
            threshold=int(w.get("threshold", 3)), metric=metric,
            baseline=_days(w.get("baseline", 14), f"watch {name!r} baseline"),
            k=float(w.get("k", 3.0)),
            min_delta=float(w.get("min_delta", 3.0 if metric == "clusters" else 10.0)),
            direction=direction)
    except (TypeError, ValueError) as exc:
        raise BadWatches(f"watch {name!r}: {exc}") from exc


@dataclass(slots=True)
class Match:
    cluster_id: str
    event_id: str
    article_id: str
    day: str | None
    goldstein: float
    evidence: str


@dataclass(slots=True)
class Fired:
    key: str
    watch: str
    rule: str
    day: str
    value: float
    title: str
    matches: list[Match] = field(default_factory=list)
    baseline: float | None = None
    spread: float | None = None


class Alerter:
    """Evaluates the watches against the store and records what fired."""

    def __init__(self, store: Store, config: WatchConfig, now: float) -> None:
        self.store = store
        self.config = config
        with store.transaction() as c:  # where each watch starts ("new" is after this)
            seq = c.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
            c.executemany("INSERT OR IGNORE INTO watch_marks (watch, article_seq, created, "
                          "scanned_seq) VALUES (?, ?, ?, ?)",
                          [(w.name, seq, now, seq) for w in config.watches])
        self.marks = {str(r[0]): int(r[1]) for r in store.conn.execute(
            "SELECT watch, article_seq FROM watch_marks")}
        self._scanned: dict[str, int] = {}

    def evaluate(self, now: float) -> list[int]:
        """Evaluate every watch at time ``now``; returns the ids of the alerts stored."""
        today = dt.datetime.fromtimestamp(now, dt.UTC).date()
        out: list[int] = []
        self._scanned = {}
        for w in self.config.watches:
            for fired in self._fire(w, today):
                alert_id = self._store(fired, now)
                if alert_id is not None:
                    out.append(alert_id)
        if self._scanned:  # after the alerts: a crash in between only looks again
            with self.store.transaction() as c:
                c.executemany("UPDATE watch_marks SET scanned_seq = ? WHERE watch = ?",
                              [(v, k) for k, v in self._scanned.items()])
        return out

    def _fire(self, w: WatchSpec, today: dt.date) -> list[Fired]:
        if w.rule == "new":
            return self._new(w, today)
        windows = 1 if w.rule == "count" else w.baseline + 1
        since = today - dt.timedelta(days=w.window * windows - 1)
        matches = self.matches(w, "c.lo >= :since_day AND c.lo <= :today_day",
                               {"since_day": since.isoformat(), "today_day": today.isoformat()})
        buckets: list[dict[str, Match]] = [{} for _ in range(windows)]
        for m in matches:
            if m.day is None:
                continue
            idx = (today - dt.date.fromisoformat(m.day[:10])).days // w.window
            if 0 <= idx < windows:
                buckets[idx].setdefault(m.cluster_id, m)
        current = list(buckets[0].values())
        day = today.isoformat()
        if w.rule == "count":
            if len(current) < w.threshold:
                return []
            return [Fired(f"{w.name}|count|{day}", w.name, "count", day, len(current),
                          f"{w.name}: {len(current)} events in {w.window} day(s) "
                          f"(threshold {w.threshold})", current)]

        def value(b: dict[str, Match]) -> float:
            return float(len(b)) if w.metric == "clusters" else sum(m.goldstein
                                                                    for m in b.values())

        series = [value(b) for b in buckets[1:]]
        mu = sum(series) / len(series)
        sigma = math.sqrt(sum((x - mu) ** 2 for x in series) / len(series))
        now_v = value(buckets[0])
        delta = now_v - mu if w.direction == "up" else mu - now_v
        if not current or delta < max(w.k * sigma, w.min_delta):
            return []
        return [Fired(f"{w.name}|spike|{day}", w.name, "spike", day, now_v,
                      f"{w.name}: {w.metric} {now_v:g} against a baseline of {mu:.1f} "
                      f"± {sigma:.1f}", current, mu, sigma)]

    def _new(self, w: WatchSpec, today: dt.date) -> list[Fired]:
        """Clusters with a matching mention in the articles stored since the last look
        (``scanned_seq``: each round reads only its own new articles, not the whole store)."""
        mark = self.marks.get(w.name, 0)
        conn = self.store.conn
        top = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])
        row = conn.execute("SELECT scanned_seq FROM watch_marks WHERE watch = ?",
                           (w.name,)).fetchone()
        scanned = max(mark, int(row[0]) if row else 0)
        self._scanned[w.name] = top  # written once this evaluation's alerts are stored
        if top <= scanned:
            return []
        matches = self.matches(
            w, "e.article_id IN (SELECT id FROM articles WHERE rowid > :lo AND rowid <= :hi)",
            {"lo": scanned, "hi": top})
        by_cluster: dict[str, Match] = {}
        for m in matches:
            by_cluster.setdefault(m.cluster_id, m)
        # clusters first reported by the same sentence (two event types in one clause) are
        # one happening to a reader: one alert lists them all
        by_sentence: dict[tuple[str, str], Fired] = {}
        for cid, m in by_cluster.items():
            older = conn.execute(
                "SELECT 1 FROM event_cluster_members m JOIN articles a ON a.id = m.article_id "
                "WHERE m.cluster_id = ? AND a.rowid <= ? LIMIT 1", (cid, mark)).fetchone()
            # a cluster renamed by a merge is still the one alerted: its evidence is a member
            told = conn.execute(
                "SELECT 1 FROM alert_clusters ac JOIN alerts al ON al.id = ac.alert_id "
                "JOIN event_cluster_members m ON m.event_id = ac.event_id "
                "WHERE al.watch = ? AND al.rule = 'new' AND m.cluster_id = ? LIMIT 1",
                (w.name, cid)).fetchone()
            if older or told:
                continue
            same = by_sentence.get((m.article_id, m.evidence))
            if same is not None:
                same.matches.append(m)
                same.value += 1
                continue
            by_sentence[(m.article_id, m.evidence)] = Fired(
                f"{w.name}|new|{cid}", w.name, "new", (m.day or today.isoformat())[:10], 1.0,
                f"{w.name}: new event: {_short(m.evidence)}", [m])
        return list(by_sentence.values())

    def matches(self, w: WatchSpec, scope: str, params: dict[str, Any]) -> list[Match]:
        """Matching event mentions with their clusters, restricted by ``scope`` (SQL)."""
        out: list[Match] = []
        seen: set[str] = set()
        words = [re.compile(rf"\b{re.escape(x)}\b", re.IGNORECASE) for x in w.words]
        for f in w.event_filters():
            where, fparams = event_where(f)
            clause = f"WHERE ({scope})" + (f" AND {where[len('WHERE '):]}" if where else "")
            sql = ("SELECT m.cluster_id, e.id, e.article_id, c.lo, c.goldstein, "
                   "substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) "
                   "FROM event_clusters c JOIN event_cluster_members m ON m.cluster_id = c.id "
                   "JOIN events e ON e.id = m.event_id JOIN articles a ON a.id = e.article_id "
                   f"{clause} ORDER BY c.lo, e.id")
            for row in self.store.conn.execute(sql, {**params, **fparams}):
                if row[1] in seen:
                    continue
                if words and not any(p.search(row[5] or "") for p in words):
                    continue
                seen.add(row[1])
                out.append(Match(str(row[0]), str(row[1]), str(row[2]), row[3],
                                 float(row[4]), str(row[5] or "")))
        return out

    def _store(self, f: Fired, now: float) -> int | None:
        delivered = 0 if self.config.webhook else -1
        with self.store.transaction() as c:
            cur = c.execute(
                "INSERT OR IGNORE INTO alerts (key, watch, rule, fired_at, day, value, baseline, "
                "spread, title, delivered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (f.key, f.watch, f.rule, now, f.day, f.value, f.baseline, f.spread, f.title,
                 delivered))
            if not cur.rowcount:
                return None
            alert_id = int(cur.lastrowid or 0)
            c.executemany("INSERT OR IGNORE INTO alert_clusters VALUES (?, ?, ?, ?, ?)",
                          [(alert_id, m.cluster_id, m.event_id, m.article_id, m.evidence)
                           for m in f.matches[:MAX_CLUSTERS]])
        return alert_id


def _short(text: str, n: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- reads (CLI, API, web) ----------------------------------------------------------------------

def list_alerts(conn: sqlite3.Connection, *, since: int = 0, limit: int = 50,
                watch: str | None = None, alert_id: int | None = None) -> list[dict[str, Any]]:
    """Alerts newest first (``since``: only ids above it), each with its clusters' evidence."""
    where, params = "WHERE a.id > ?", list[Any]([since])
    if alert_id is not None:
        where += " AND a.id = ?"
        params.append(alert_id)
    if watch:
        where += " AND a.watch = ?"
        params.append(watch)
    try:
        cur = conn.execute(
            "SELECT a.id, a.watch, a.rule, a.fired_at, a.day, a.value, a.baseline, a.spread, "
            f"a.title, a.delivered FROM alerts a {where} ORDER BY a.id DESC LIMIT ?",
            (*params, limit))
    except sqlite3.OperationalError:  # a store from before migration 014
        return []
    names = [d[0] for d in cur.description]
    alerts = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for a in alerts:
        a["fired"] = dt.datetime.fromtimestamp(a["fired_at"], dt.UTC).isoformat(
            timespec="seconds")
        cur = conn.execute(
            "SELECT ac.cluster_id, ac.event_id, ac.article_id, ac.evidence, ar.title, ar.url, "
            "ar.outlet, ar.published, c.n_articles, c.n_outlets, c.n_independent, c.cameo, "
            "c.plover_type, "
            "c.goldstein, c.lo FROM alert_clusters ac "
            "LEFT JOIN articles ar ON ar.id = ac.article_id "
            "LEFT JOIN event_clusters c ON c.id = ac.cluster_id "
            "WHERE ac.alert_id = ? ORDER BY c.lo, ac.cluster_id", (a["id"],))
        cnames = [d[0] for d in cur.description]
        a["clusters"] = [dict(zip(cnames, r, strict=True)) for r in cur.fetchall()]
    return alerts


def atom_feed(conn: sqlite3.Connection, base_url: str, *, limit: int = 50) -> bytes:
    """The latest alerts as an Atom 1.0 feed (each entry: title, time, evidence sentences)."""
    ns = "http://www.w3.org/2005/Atom"
    feed = ET.Element("feed", xmlns=ns)
    alerts = list_alerts(conn, limit=limit)
    ET.SubElement(feed, "title").text = "newsgraph alerts"
    ET.SubElement(feed, "id").text = f"{base_url}/alerts"
    ET.SubElement(feed, "updated").text = alerts[0]["fired"] if alerts else \
        "1970-01-01T00:00:00+00:00"
    ET.SubElement(feed, "link", href=f"{base_url}/alerts")
    ET.SubElement(feed, "link", rel="self", href=f"{base_url}/api/alerts.atom")
    for a in alerts:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = f"{base_url}/alerts#{a['id']}"
        ET.SubElement(entry, "title").text = a["title"]
        ET.SubElement(entry, "updated").text = a["fired"]
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = "newsgraph watch"
        ET.SubElement(entry, "link", href=f"{base_url}/alerts#{a['id']}")
        lines = [f"{c['evidence']} ({c['outlet'] or c['article_id'][:12]}, "
                 f"{c['n_articles'] or 1} article(s))" for c in a["clusters"]]
        ET.SubElement(entry, "summary", type="text").text = "\n".join(lines)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


def deliver(store: Store, fetcher: Fetcher, url: str) -> tuple[int, int]:
    """POST undelivered alerts (JSON) to the webhook through the guarded fetcher; returns
    (sent, failed). The first failure ends the round's deliveries; an alert is retried next
    round, ``MAX_TRIES`` times at most."""
    sent = failed = 0
    rows = store.conn.execute("SELECT id FROM alerts WHERE delivered = 0 ORDER BY id").fetchall()
    for (alert_id,) in rows:
        body = list_alerts(store.conn, alert_id=alert_id, limit=1)
        ok = False
        try:
            got = fetcher.fetch(url, method="POST", content=json.dumps(
                body[0], ensure_ascii=False, default=str).encode("utf-8"),
                headers={"Content-Type": "application/json"})
            ok = 200 <= got.status < 300
        except SkipError:
            ok = False
        with store.transaction() as c:
            c.execute("UPDATE alerts SET tries = tries + 1, delivered = CASE WHEN ? THEN 1 "
                      "WHEN tries + 1 >= ? THEN -2 ELSE 0 END WHERE id = ?",
                      (ok, MAX_TRIES, alert_id))
        sent += ok
        failed += not ok
        if not ok:  # the endpoint is down: the rest waits for the next round, no pile-up
            break
    return sent, failed
