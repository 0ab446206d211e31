"""The analyst's reads beside :mod:`newsgraph.store.queries`: names resolved to codes, the
"between A and B" page, a cluster's page, quotes by speaker, stemmed search over events and
quotes, facet counts, and the corrections layer (migration 013).

Corrections are stored as their own append-only table (who, when, what) and laid over the
machine coding at read time, so ``newsgraph ingest`` or a re-analysis never loses them: the
newest correction of each (target, field) is in force; an event correction finds its event by
id or, after a recode under a new id, by its anchor (article, trigger offset).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from newsgraph import reference

if TYPE_CHECKING:  # pragma: no cover
    from newsgraph.store.queries import EventFilter, Queries

EVENT_FIELDS = ("cameo", "direction", "date", "reject")
ACTOR_FIELDS = ("code", "country")
_CODE = re.compile(r"^[A-Z0-9]{2,15}$")


class UnknownRef(ValueError):
    """A name, code or country that matches nothing stored."""


class CorrectionsReader(Protocol):
    """What the corrections layer reads through: :class:`Queries` in the UI and API, a bare
    connection (:class:`ConnReader`) in the exporters, so both apply the same layer."""

    conn: sqlite3.Connection
    corrections: bool

    def _one(self, sql: str, params: Any = ()) -> Any: ...

    def _all(self, sql: str, params: Any = ()) -> list[dict[str, Any]]: ...


@dataclass
class ConnReader:
    """The corrections layer over a plain connection (exports open no :class:`Queries`)."""

    conn: sqlite3.Connection
    corrections: bool = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.corrections = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'corrections'").fetchone() is not None

    def _one(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def _all(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def any_in_force(self) -> bool:
        """Whether one correction exists at all (most stores have none: nothing to lay over)."""
        return self.corrections and self._one("SELECT 1 FROM corrections LIMIT 1") is not None


# -- names to codes ---------------------------------------------------------------------------

def resolve_ref(q: Queries, ref: str) -> str:
    """A filter item as the token the store matches: a country (ISO alpha-3, any case, or its
    name), an actor code (``AUSGOV``, any case), an actor id, or an actor's exact name (its id,
    the most mentioned when several share it). UnknownRef when nothing matches."""
    ref = ref.strip()
    up = ref.upper()
    if up in reference.countries():
        return up
    if q._one("SELECT 1 FROM actors WHERE id = ?", (ref,)):
        return ref
    if q._one("SELECT 1 FROM actors WHERE code = ? LIMIT 1", (up,)):
        return up
    iso = reference.country_names().get(ref.lower())
    if iso:
        return iso
    best = q._one(
        "SELECT ac.id FROM actors ac WHERE ac.name = ? COLLATE NOCASE ORDER BY "
        "(SELECT count(*) FROM actor_mentions m WHERE m.actor_id = ac.id) DESC, ac.id LIMIT 1",
        (ref,))
    if best is not None:
        return str(best)
    if q.corrections and q._one("SELECT 1 FROM current_corrections WHERE kind = 'actor' AND "
                                "field = 'code' AND value = ?", (up,)):
        return up
    raise UnknownRef(f"no actor, code or country matches {ref!r}")


def resolve_refs(q: Queries, value: str | None) -> str | None:
    """A comma-separated filter value with every item resolved (``aus,Japan`` -> ``AUS,JPN``)."""
    if not value or not value.strip():
        return None
    items = [resolve_ref(q, x) for x in value.split(",") if x.strip()]
    return ",".join(dict.fromkeys(items)) or None


def label_of(q: Queries, token: str) -> str:
    """A readable name for a resolved token: the country's or the actor's name."""
    if token in reference.countries():
        return str(reference.countries()[token].name)
    row = q._one("SELECT name FROM actors WHERE id = ? OR code = ? ORDER BY id = ? DESC LIMIT 1",
                 (token, token, token))
    return str(row) if row else token


def suggestions(q: Queries, limit: int = 400) -> list[dict[str, str]]:
    """Names for autocomplete: the countries that occur in the store, then the most
    mentioned actors (name and code)."""
    def compute() -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        countries = reference.countries()
        for r in q._all("SELECT DISTINCT country FROM actors WHERE country IS NOT NULL "
                        "ORDER BY country"):
            c = countries.get(r["country"])
            out.append((r["country"], c.name if c else r["country"]))
        for r in q.actors(limit=min(limit, 500))["items"]:
            out.append((r["name"], f"{r['code']} · {r['kind']}"))
        return tuple(out)

    # every page's datalist: cached per store state
    pairs: tuple[tuple[str, str], ...] = q._cached(("suggest", limit), compute, frozen=True)
    return [{"value": v, "label": lab} for v, lab in pairs]


# -- corrections --------------------------------------------------------------------------------

def rejected_ids(q: CorrectionsReader) -> tuple[str, ...]:
    """Ids of the events a correction in force rejects (by id, or by anchor after a recode)."""
    rows = q.conn.execute(
        "SELECT target AS id FROM current_corrections WHERE kind = 'event' AND field = 'reject' "
        "AND value = '1' UNION SELECT e.id FROM current_corrections r JOIN events e ON "
        "e.article_id = r.article_id AND e.trigger_start = r.trigger_start "
        "WHERE r.kind = 'event' AND r.field = 'reject' AND r.value = '1'").fetchall()
    return tuple(sorted(str(r[0]) for r in rows))


def _event_corrections(q: CorrectionsReader,
                       rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not rows or q._one("SELECT 1 FROM corrections WHERE kind = 'event' LIMIT 1") is None:
        return out
    by_anchor = {(r["article_id"], r["trigger_start"]): r["id"] for r in rows}
    ids = [r["id"] for r in rows]
    arts = sorted({r["article_id"] for r in rows})
    found: list[dict[str, Any]] = []
    for i in range(0, max(len(ids), len(arts)), 400):
        a_ids, a_arts = ids[i:i + 400], arts[i:i + 400]
        id_marks = ",".join("?" * len(a_ids)) or "''"
        article_marks = ",".join("?" * len(a_arts)) or "''"
        found += q._all(
            "SELECT * FROM current_corrections WHERE kind = 'event' AND "
            f"(target IN ({id_marks}) OR article_id IN ({article_marks}))", (*a_ids, *a_arts))
    found = list({c["id"]: c for c in found}.values())
    ids_set = set(ids)
    seen: set[tuple[str, str]] = set()
    for c in sorted(found, key=lambda c: (c["target"] not in ids_set, -c["id"])):
        eid = c["target"] if c["target"] in ids_set else by_anchor.get(
            (c["article_id"], c["trigger_start"]))
        if eid is None or (eid, c["field"]) in seen:
            continue
        seen.add((eid, c["field"]))
        if c["value"] is not None:
            out[eid].append(c)
    return out


def actor_corrections(q: CorrectionsReader,
                      ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """The corrections in force per actor id and field."""
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    if not ids or not q.corrections or q._one(
            "SELECT 1 FROM corrections WHERE kind = 'actor' LIMIT 1") is None:
        return out
    for i in range(0, len(ids), 500):
        chunk = tuple(ids[i:i + 500])
        marks = ",".join("?" * len(chunk))
        for c in q._all("SELECT * FROM current_corrections WHERE kind = 'actor' AND "
                        f"target IN ({marks}) AND value IS NOT NULL", chunk):
            out[c["target"]][c["field"]] = c
    return out


def _note(c: dict[str, Any], machine: Any) -> dict[str, Any]:
    return {"id": c["id"], "field": c["field"], "value": c["value"], "machine": machine,
            "who": c["who"], "at": c["at"], "note": c["note"]}


def overlay_actor(actor: dict[str, Any], fixes: dict[str, dict[str, Any]]) -> None:
    """An actor dict (``code``/``country``) with its corrections laid over, flagged."""
    actor.setdefault("corrections", [])
    for field, c in fixes.items():
        actor["corrections"].append(_note(c, actor.get(field)))
        actor[field] = c["value"]
    actor["corrected"] = bool(actor["corrections"])


def overlay_events(q: CorrectionsReader, rows: list[dict[str, Any]]) -> None:
    """Event rows (with ``source``/``target``) as corrected: code, direction, date, actors'
    code and country; each row gets ``corrected`` / ``rejected`` flags and ``corrections``
    (field, value, machine value, who, when)."""
    fixes = _event_corrections(q, rows)
    actor_ids = sorted({a["actor_id"] for r in rows for k in ("source", "target")
                        for a in r.get(k, [])})
    afix = actor_corrections(q, actor_ids)
    for r in rows:
        notes = []
        for c in fixes.get(r["id"], []):
            f = c["field"]
            if f == "cameo":
                info = reference.cameo_info(c["value"])
                notes.append(_note(c, r["cameo"]))
                plover = reference.plover_for(c["value"])
                r.update(cameo=c["value"], root=c["value"][:2], goldstein=info.goldstein,
                         quad_class=info.quad_class,
                         plover_type=plover.type if plover else r.get("plover_type"))
            elif f == "direction":
                notes.append(_note(c, "as coded"))
                r["source"], r["target"] = r["target"], r["source"]
            elif f == "date":
                notes.append(_note(c, r["date"]))
                parsed = parse_date(c["value"])
                r.update(date=c["value"], date_precision=parsed or r["date_precision"])
            elif f == "reject":
                notes.append(_note(c, None))
        r["corrections"] = notes
        r["rejected"] = any(n["field"] == "reject" for n in notes)
        for k in ("source", "target"):
            for a in r.get(k, []):
                overlay_actor(a, afix.get(a["actor_id"], {}))
        r["corrected"] = bool(notes) or any(a.get("corrected") for k in ("source", "target")
                                            for a in r.get(k, []))


def correct_groups(q: Queries, where: str, params: dict[str, Any],
                   groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Timeline groups (date, precision, n, gsum, q1..q4) with corrected dates and types: each
    corrected event matching the filter moves from its machine group to its corrected one.
    (Filters themselves match the machine coding; counts follow the corrections.)"""
    ids = [r[0] for r in q.conn.execute(
        "SELECT DISTINCT target FROM current_corrections WHERE kind = 'event' AND "
        "field IN ('cameo', 'date') AND value IS NOT NULL")]
    if not ids:
        return groups
    named = {f"c{i}": x for i, x in enumerate(ids)}
    cond = "e.id IN (" + ",".join(":" + k for k in named) + ")"
    located = f"{where} AND {cond}" if where else "WHERE " + cond
    rows = q._all(
        "SELECT e.id, e.article_id, e.trigger_start, e.date, e.date_precision, e.quad_class, "
        f"e.goldstein, e.cameo FROM events e {located}", {**params, **named})
    if not rows:
        return groups
    for r in rows:
        r["source"], r["target"] = [], []
    before = [dict(r) for r in rows]
    overlay_events(q, rows)
    by_key = {(g["date"], g["precision"]): g for g in groups}
    for old, new in zip(before, rows, strict=True):
        for r, sign in ((old, -1), (new, 1)):
            g = by_key.setdefault((r["date"], r["date_precision"]), {
                "date": r["date"], "precision": r["date_precision"], "n": 0, "gsum": 0.0,
                "q1": 0, "q2": 0, "q3": 0, "q4": 0})
            g["n"] += sign
            g["gsum"] = (g["gsum"] or 0.0) + sign * r["goldstein"]
            g[f"q{r['quad_class']}"] = (g[f"q{r['quad_class']}"] or 0) + sign
    return [g for g in by_key.values() if g["n"] > 0]


def cluster_flags(q: CorrectionsReader) -> tuple[set[str], set[str]]:
    """(clusters every member of which is rejected, clusters with a corrected member): what
    the exporters that write whole clusters (GDELT, TimelineJS) need to honour the layer."""
    if not q.corrections:
        return set(), set()
    rejected = set(rejected_ids(q))
    fixed = {r[0] for r in q.conn.execute(
        "SELECT DISTINCT target FROM current_corrections WHERE kind = 'event' AND "
        "field != 'reject' AND value IS NOT NULL")}

    def clusters_of_ids(ids: set[str]) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        chunk_ids = sorted(ids)
        for i in range(0, len(chunk_ids), 500):
            chunk = chunk_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for cid, n in q.conn.execute(
                    "SELECT cluster_id, count(*) FROM event_cluster_members WHERE event_id IN "
                    f"({marks}) GROUP BY cluster_id", chunk):
                out[cid] += n
        return out

    hit = clusters_of_ids(rejected)
    whole = {cid for cid, n in hit.items() if n >= int(q._one(
        "SELECT count(*) FROM event_cluster_members WHERE cluster_id = ?", (cid,)))}
    return whole, set(clusters_of_ids(fixed))


def parse_date(value: str) -> str | None:
    from newsgraph.store.queries import parse_timex

    parsed = parse_timex(value)
    return parsed[0] if parsed else None


def check_correction(kind: str, field: str, value: str | None) -> str | None:
    """The value as stored, or ValueError with the reason it cannot be one."""
    if kind == "event" and field not in EVENT_FIELDS:
        raise ValueError(f"an event correction fixes one of {', '.join(EVENT_FIELDS)}")
    if kind == "actor" and field not in ACTOR_FIELDS:
        raise ValueError(f"an actor correction fixes one of {', '.join(ACTOR_FIELDS)}")
    if kind not in ("event", "actor"):
        raise ValueError("kind is event or actor")
    if value is None or value.strip() == "":
        return None  # withdraws the correction in force
    value = value.strip()
    if field == "cameo":
        if not re.fullmatch(r"\d{2,4}", value) or value not in reference.cameo_codes():
            raise ValueError(f"{value!r} is not a CAMEO code (e.g. 042, 057, 111)")
    elif field == "direction":
        if value != "swap":
            raise ValueError("direction takes 'swap' (source and target exchanged)")
    elif field == "date":
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                dt.date.fromisoformat(value)
            except ValueError as exc:
                raise ValueError(f"{value!r} is not a calendar day") from exc
        if parse_date(value) is None:
            raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www)")
    elif field == "reject":
        if value not in ("1", "0"):
            raise ValueError("reject takes 1 (reject) or 0 (withdraw)")
        return "1" if value == "1" else None
    elif field == "country":
        value = value.upper()
        if value not in reference.countries():
            raise ValueError(f"{value!r} is not an ISO 3166 alpha-3 country code")
    elif field == "code":
        value = value.upper()
        if not _CODE.match(value):
            raise ValueError(f"{value!r} is not an actor code (2-15 letters or digits)")
    return value


def add_correction(conn: sqlite3.Connection, *, kind: str, target: str, field: str,
                   value: str | None, who: str, note: str | None = None) -> dict[str, Any]:
    """Store one correction (validated) and return it; KeyError when the target is unknown."""
    stored = check_correction(kind, field, value)
    who = (who or "").strip()[:100] or "analyst"
    anchor: tuple[Any, Any] = (None, None)
    if kind == "event":
        row = conn.execute("SELECT article_id, trigger_start FROM events WHERE id = ?",
                           (target,)).fetchone()
        if row is None:
            raise KeyError(f"no event with id {target!r}")
        anchor = (row[0], row[1])
    elif conn.execute("SELECT 1 FROM actors WHERE id = ?", (target,)).fetchone() is None:
        raise KeyError(f"no actor with id {target!r}")
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    cur = conn.execute(
        "INSERT INTO corrections (at, who, kind, target, field, value, note, article_id, "
        "trigger_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (at, who, kind, target, field, stored, (note or "").strip()[:1000] or None, *anchor))
    return {"id": cur.lastrowid, "at": at, "who": who, "kind": kind, "target": target,
            "field": field, "value": stored, "note": note or None}


def corrections(q: Queries, *, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Every correction, newest first, marking which are in force."""
    from newsgraph.store.queries import page

    if not q.corrections:
        return page([], 0, limit, offset)
    total = int(q._one("SELECT count(*) FROM corrections"))
    rows = q._all("SELECT c.*, c.id IN (SELECT id FROM current_corrections) AS in_force "
                  "FROM corrections c ORDER BY c.id DESC LIMIT ? OFFSET ?", (limit, offset))
    for r in rows:
        r["in_force"] = bool(r["in_force"])
    return page(rows, total, limit, offset)


def export_gold(q: Queries, out: Path) -> int:
    """The corrected articles as a real-news gold folder (``manifest.json``,
    ``articles/<id>.txt``, ``coded/<id>.json``) that ``newsgraph eval events --gold`` scores.

    Every article an analyst corrected an event of is written with its events as corrected:
    rejected ones left out, the others with their corrected type, direction and date (the
    analyst vouches for that article's coding). Returns the number of gold entries."""
    from newsgraph.store.queries import MAX_LIMIT, EventFilter

    arts = [r["article_id"] for r in q._all(
        "SELECT DISTINCT e.article_id FROM corrections c JOIN events e ON e.id = c.target "
        "OR (e.article_id = c.article_id AND e.trigger_start = c.trigger_start) "
        "WHERE c.kind = 'event' ORDER BY 1")]
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "coded").mkdir(parents=True, exist_ok=True)
    manifest, n = [], 0
    rejected = set(rejected_ids(q))
    for aid in arts:
        art = q._article_row(aid)
        if art is None:
            continue
        events = q.events(EventFilter(article=aid), limit=MAX_LIMIT)["items"]
        # rejected events are left out of listings; a rejection is what the gold says
        entries = [_gold_entry(e) for e in events if e["id"] not in rejected]
        n += len(entries)
        gid = f"fix-{aid[:12]}"
        (out / "articles" / f"{gid}.txt").write_text(art["text"], encoding="utf-8")
        (out / "coded" / f"{gid}.json").write_text(json.dumps(
            {"id": gid, "published": art["published"], "events": entries}, indent=1,
            ensure_ascii=False), encoding="utf-8")
        manifest.append({"id": gid, "kind": "corrections", "title": art["title"],
                         "published": art["published"], "chars": len(art["text"])})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False),
                                       encoding="utf-8")
    return n


def _gold_entry(e: dict[str, Any]) -> dict[str, Any]:
    def side(actors: list[dict[str, Any]]) -> dict[str, Any] | None:
        if not actors:
            return None
        a = actors[0]
        code = a.get("code") or ""
        country = a.get("country")
        role = code[3:6] if country and code.startswith(country) and len(code) > 3 else None
        return {"text": a["text"], "country": country, "role": role or None}

    return {"sentence": e["evidence_text"], "trigger": e["trigger"],
            "plover": e.get("plover_type"), "cameo_root": e["root"],
            "source": side(e["source"]), "target": side(e["target"]), "date": e["date"],
            "modality": e["modality"], "note": "corrected in newsgraph" if e.get("corrected")
            else "confirmed with the article's corrections"}


# -- clusters: which outlets reported an event ---------------------------------------------------

def clusters_of(q: Queries, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per event id: its cluster (id, mentions, outlets, articles, first/last seen) and the
    outlets that carried it."""
    out: dict[str, dict[str, Any]] = {}
    if not event_ids:
        return out
    marks = ",".join("?" * len(event_ids))
    rows = q._all(
        "SELECT m.event_id, c.id, c.n_mentions, c.n_outlets, c.n_articles, c.first_seen, "
        "c.last_seen, c.conflict FROM event_cluster_members m JOIN event_clusters c "
        f"ON c.id = m.cluster_id WHERE m.event_id IN ({marks})", tuple(event_ids))
    cids = sorted({r["id"] for r in rows})
    outlets: dict[str, list[str]] = defaultdict(list)
    if cids:
        id_marks = ",".join("?" * len(cids))
        for r in q._all("SELECT DISTINCT m.cluster_id, coalesce(a.outlet, '?') AS outlet FROM "
                        "event_cluster_members m JOIN articles a ON a.id = m.article_id "
                        f"WHERE m.cluster_id IN ({id_marks}) ORDER BY 2", tuple(cids)):
            outlets[r["cluster_id"]].append(r["outlet"])
    for r in rows:
        eid = r.pop("event_id")
        r["conflict"] = bool(r["conflict"])
        out[eid] = {**r, "outlets": outlets.get(r["id"], [])}
    return out


def cluster(q: Queries, cluster_id: str) -> dict[str, Any] | None:
    """One real-world event: its mentions (events), the articles and outlets that carried it,
    first and last seen, and the quotes beside its evidence in those articles."""
    rows = q._all("SELECT * FROM event_clusters WHERE id = ?", (cluster_id,))
    if not rows:
        return None
    c = rows[0]
    c["conflict"] = bool(c["conflict"])
    ids = [r["event_id"] for r in q._all(
        "SELECT event_id FROM event_cluster_members WHERE cluster_id = ?", (cluster_id,))]
    events = _events_by_id(q, ids)
    articles = q._all(
        "SELECT DISTINCT a.id, a.title, a.outlet, a.url, a.published FROM event_cluster_members "
        "m JOIN articles a ON a.id = m.article_id WHERE m.cluster_id = ? "
        "ORDER BY a.published, a.id", (cluster_id,))
    quotes = _quotes_near(q, events)
    return {"cluster": c, "events": events, "articles": articles,
            "outlets": sorted({a["outlet"] or "?" for a in articles}), "quotes": quotes}


def _events_by_id(q: Queries, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = q._all(
        "SELECT e.*, a.title AS article_title, a.outlet AS outlet, a.published AS published, "
        "substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) AS evidence_text "
        f"FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id IN ({marks}) "
        "ORDER BY e.date IS NULL, e.date, a.published, e.id", tuple(ids))
    q._attach_actors(rows)
    return rows


def _quotes_near(q: Queries, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quotes whose passage overlaps an event's evidence sentence, or whose speaker is one of
    the event's actors, in the event's article."""
    out: dict[str, dict[str, Any]] = {}
    for e in events:
        actors = [a["actor_id"] for k in ("source", "target") for a in e[k]]
        marks = ",".join("?" * len(actors)) or "''"
        for r in q._all(
                "SELECT q.*, substr(a.text, q.content_start + 1, q.content_end - "
                "q.content_start) AS content, a.title AS article_title, a.outlet AS outlet, "
                "a.published FROM quotes q JOIN articles a ON a.id = q.article_id "
                "WHERE q.article_id = ? AND ((q.ev_start < ? AND q.ev_end > ?) OR "
                f"q.speaker_actor IN ({marks}))", (e["article_id"], e["ev_end"], e["ev_start"],
                                                    *actors)):
            out[r["id"]] = r
    rows = sorted(out.values(), key=lambda r: (r["published"] or "", r["article_id"],
                                               r["content_start"]))
    _attach_speakers(q, rows)
    return rows


def _attach_speakers(q: Queries, rows: list[dict[str, Any]]) -> None:
    ids = sorted({r["speaker_actor"] for r in rows if r.get("speaker_actor")})
    info: dict[str, dict[str, Any]] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        info = {r["id"]: r for r in q._all(
            f"SELECT id, name, code, country, kind FROM actors WHERE id IN ({marks})",
            tuple(ids))}
        fixes = actor_corrections(q, ids)
        for i, a in info.items():
            overlay_actor(a, fixes.get(i, {}))
    for r in rows:
        r["anonymous"] = bool(r["anonymous"])
        r["speaker_info"] = info.get(r.get("speaker_actor") or "")


# -- between A and B -----------------------------------------------------------------------------

def _matches(actor: dict[str, Any], token: str) -> bool:
    return token in (actor.get("actor_id"), actor.get("code"), actor.get("country"))


def directions(e: dict[str, Any], a: str, b: str) -> tuple[list[str], bool]:
    """Which ways an event runs between ``a`` and ``b`` and whether it is a joint act (both on
    one side, e.g. "Australia and Japan signed"): a joint act belongs to both directions."""
    sa = any(_matches(x, a) for x in e["source"])
    sb = any(_matches(x, b) for x in e["source"])
    ta = any(_matches(x, a) for x in e["target"])
    tb = any(_matches(x, b) for x in e["target"])
    joint = (sa and sb) or (ta and tb)
    out = []
    if (sa and tb) or joint:
        out.append(f"{a}>{b}")
    if (sb and ta) or joint:
        out.append(f"{b}>{a}")
    return out, joint


def between(q: Queries, a: str, b: str, f: EventFilter | None = None, *,
            granularity: str = "auto", side: str = "all", limit: int = 500,
            offset: int = 0) -> dict[str, Any]:
    """Everything between two actors or countries (resolved tokens) on one page: the events
    in which both take part, in date order, each with its direction(s), joint flag and its
    cluster's outlets; counts per direction (a joint act counts in both); a cooperation vs
    conflict series over both; and the quotes of either side's people in those articles."""
    from dataclasses import asdict

    from newsgraph.store.queries import EventFilter as EF

    base = {**(asdict(f) if f else {}), "both": f"{a},{b}"}
    bf = EF(**base)
    # every matching event, light (ids, anchors, actors): directions are counted over all of
    # them; evidence, places and clusters are read for the page shown only
    light = _light_events(q, bf)
    counts = {f"{a}>{b}": 0, f"{b}>{a}": 0, "joint": 0}
    for e in light:
        e["directions"], e["joint"] = directions(e, a, b)
        for d in e["directions"]:
            counts[d] += 1
        counts["joint"] += e["joint"]
    want = {"all": None, "ab": f"{a}>{b}", "ba": f"{b}>{a}"}.get(side)
    chosen = [e for e in light if (side == "joint" and e["joint"])
              or (side != "joint" and (want is None or want in e["directions"]))]
    total = len(chosen)
    page_light = chosen[offset:offset + limit]
    full = {e["id"]: e for e in _events_by_id(q, [e["id"] for e in page_light])}
    shown = []
    for e in page_light:
        row = full.get(e["id"])
        if row is not None:
            row["directions"], row["joint"] = e["directions"], e["joint"]
            shown.append(row)
    cl = clusters_of(q, [e["id"] for e in shown])
    for e in shown:
        e["cluster"] = cl.get(e["id"])
    series = q.timeline(bf, granularity)
    quotes = side_quotes(q, a, b, sorted({e["article_id"] for e in light})[:2000])
    from newsgraph.store.queries import page

    return {"a": {"token": a, "label": label_of(q, a)}, "b": {"token": b, "label": label_of(q, b)},
            "filters": bf.active(), "side": side, "counts": counts,
            "events": page(shown, total, limit, offset),
            "granularity": series["granularity"], "series": series["buckets"],
            "undated": series["undated"], "quotes": quotes}


def _light_events(q: Queries, f: EventFilter) -> list[dict[str, Any]]:
    """Events matching ``f`` in date order with only what direction needs (actors' ids,
    codes, countries) and the corrections laid over; no text is read."""
    where, params = q._where(f)
    rows = q._all(
        "SELECT e.id, e.article_id, e.trigger_start, e.cameo, e.date, e.date_precision, "
        f"e.plover_type FROM events e {where} "
        "ORDER BY e.date IS NULL, e.date, e.article_id, e.trigger_start, e.id", params)
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r["source"], r["target"] = [], []
    for i in range(0, len(rows), 500):
        chunk = tuple(r["id"] for r in rows[i:i + 500])
        marks = ",".join("?" * len(chunk))
        for x in q._all("SELECT ea.event_id, ea.role, ac.id AS actor_id, ac.code, ac.country "
                        "FROM event_actors ea JOIN actors ac ON ac.id = ea.actor_id "
                        f"WHERE ea.event_id IN ({marks})", chunk):
            by_id[x.pop("event_id")][x.pop("role")].append(x)
    if q.corrections:
        overlay_events(q, rows)
    return rows


def side_quotes(q: Queries, a: str, b: str, article_ids: list[str]) -> list[dict[str, Any]]:
    """Quotes whose speaker belongs to ``a`` or ``b`` (id, code or country) in these articles."""
    if not article_ids:
        return []
    marks = ",".join("?" * len(article_ids))
    rows = q._all(
        "SELECT q.*, substr(a.text, q.content_start + 1, q.content_end - q.content_start) "
        "AS content, a.title AS article_title, a.outlet AS outlet, a.published "
        "FROM quotes q JOIN articles a ON a.id = q.article_id JOIN actors ac ON "
        f"ac.id = q.speaker_actor WHERE q.article_id IN ({marks}) AND "
        "(? IN (ac.id, ac.code, ac.country) OR ? IN (ac.id, ac.code, ac.country)) "
        "ORDER BY a.published, a.id, q.content_start LIMIT 200", (*article_ids, a, b))
    _attach_speakers(q, rows)
    for r in rows:
        s = r["speaker_info"] or {}
        r["side"] = a if _matches({"actor_id": s.get("id"), **s}, a) else b
    return rows


# -- quotes --------------------------------------------------------------------------------------

def fts_query(text: str) -> str:
    """Plain words as an FTS5 query (each word quoted: no operator can be injected; at most
    16 words, as ``safe_fts`` allows, so one request's cost stays bounded)."""
    words = re.findall(r"\w+", text)[:16]
    return " ".join(f'"{w}"' for w in words)


def quotes(q: Queries, *, speaker: str | None = None, country: str | None = None,
           outlet: str | None = None, date_from: str | None = None,
           date_to: str | None = None, words: str | None = None, kind: str | None = None,
           article: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Quotes filtered by speaker (a resolved actor token, or speaker text), the speaker's
    country, the article's outlet and date, and words in the quote (stemmed)."""
    from newsgraph.store.queries import _PREFIX_END, Conditions, page

    match = fts_query(words) if words else None
    w = (Conditions()
         .when(speaker, "(q.speaker_actor IN (SELECT id FROM actors WHERE ? IN "
               "(id, code, country)) OR q.speaker LIKE '%' || ? || '%')", speaker, speaker)
         .when(country, "q.speaker_actor IN (SELECT id FROM actors WHERE country = ?)", country)
         .when(outlet, "a.outlet = ?", outlet)
         .when(date_from, "a.published >= ?", date_from)
         .when(date_to, "a.published <= ? || '~'", date_to)
         .when(kind, "q.kind = ?", kind)
         .when(article, "q.article_id >= ? AND q.article_id < ?", article,
               (article or "") + _PREFIX_END)
         .when(match, "q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
               match))
    where, params = w.sql, w.params
    total = q._count(f"SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
                     f"{where}", params)
    order = "a.published IS NULL, a.published, a.id, q.content_start"
    rows = q._all(
        "SELECT q.*, substr(a.text, q.content_start + 1, q.content_end - q.content_start) "
        "AS content, a.title AS article_title, a.outlet AS outlet, a.published AS published "
        f"FROM quotes q JOIN articles a ON a.id = q.article_id {where} ORDER BY {order} "
        "LIMIT ? OFFSET ?", (*params, limit, offset))
    _attach_speakers(q, rows)
    return page(rows, total, limit, offset)


def cli_quotes(store: Any, speaker: str | None, country: str | None, article: str | None,
               limit: int) -> list[dict[str, Any]]:
    """``newsgraph quotes --speaker/--country``: the quotes page's filter, resolved the same
    way (an unknown country is a ValueError with the reason)."""
    from newsgraph.store.queries import MAX_LIMIT, Queries

    q = Queries(store)
    who = None
    if speaker:
        try:
            who = resolve_ref(q, speaker)
        except UnknownRef:
            who = speaker
    code = resolve_ref(q, country) if country else None
    if code is not None and code not in reference.countries():
        raise UnknownRef(f"{country!r} is not a country")
    rows: list[dict[str, Any]] = []
    while len(rows) < limit:
        got = quotes(q, speaker=who, country=code, article=article,
                     limit=min(MAX_LIMIT, limit - len(rows)), offset=len(rows))
        rows += got["items"]
        if got["next_offset"] is None:
            break
    return rows


def who_said_most(q: Queries, about: str, limit: int = 15) -> list[dict[str, Any]]:
    """Speakers ranked by how many of their quotes mention ``about`` (stemmed words)."""
    fts = fts_query(about)
    if not fts:
        return []
    rows = q._all(
        "SELECT coalesce(q.speaker_actor, '') AS actor_id, "
        "coalesce(ac.name, q.speaker, '(unnamed)') AS name, ac.code, ac.country, "
        "count(*) AS quotes FROM quotes q LEFT JOIN actors ac ON ac.id = q.speaker_actor "
        "WHERE q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?) "
        "GROUP BY coalesce(q.speaker_actor, lower(q.speaker)) ORDER BY quotes DESC, name "
        "LIMIT ?", (fts, limit))
    return rows


# -- search over events and quotes ------------------------------------------------------------

def search_records(q: Queries, text: str, limit: int = 20) -> dict[str, Any]:
    """Events (by evidence sentence) and quotes (by content or speaker) matching the words,
    stemmed ("arrest" finds "arrested"), best first, with marked snippets."""
    from newsgraph.store.queries import split_marks

    fts = fts_query(text)
    if not fts or not q.corrections:  # the stemmed indexes come with migration 013
        return {"events": [], "quotes": [], "events_total": 0, "quotes_total": 0}
    ev_ids = q._all("SELECT e.id, snippet(events_fts, 0, char(2), char(3), '…', 20) AS snip "
                    "FROM events_fts JOIN events e ON e.rowid = events_fts.rowid "
                    "WHERE events_fts MATCH ? ORDER BY rank LIMIT ?", (fts, limit))
    events = {e["id"]: e for e in _events_by_id(q, [r["id"] for r in ev_ids])}
    ev_out = []
    for r in ev_ids:
        e = events.get(r["id"])
        if e is not None and not e.get("rejected"):
            ev_out.append(e | {"snippet_parts": split_marks(r["snip"] or "")})
    qrows = q._all(
        "SELECT q.*, substr(a.text, q.content_start + 1, q.content_end - q.content_start) AS "
        "content, a.title AS article_title, a.outlet AS outlet, a.published AS published, "
        "snippet(quotes_fts, 1, char(2), char(3), '…', 20) AS snip FROM quotes_fts "
        "JOIN quotes q ON q.rowid = quotes_fts.rowid JOIN articles a ON a.id = q.article_id "
        "WHERE quotes_fts MATCH ? ORDER BY rank LIMIT ?", (fts, limit))
    _attach_speakers(q, qrows)
    for r in qrows:
        r["snippet_parts"] = split_marks(r.pop("snip") or "")
    return {"events": ev_out, "quotes": qrows,
            "events_total": int(q._one("SELECT count(*) FROM events_fts WHERE events_fts "
                                       "MATCH ?", (fts,))),
            "quotes_total": int(q._one("SELECT count(*) FROM quotes_fts WHERE quotes_fts "
                                       "MATCH ?", (fts,)))}


# -- facets --------------------------------------------------------------------------------------

def _outlets(q: Queries) -> dict[str, str | None]:
    """Every article's outlet (cached per store state: facets map article counts to it)."""
    result: dict[str, str | None] = q._cached(("article_outlets",), lambda: {
        r[0]: r[1] for r in q.conn.execute("SELECT id, outlet FROM articles")}, frozen=True)
    return result


def facets(q: Queries, f: EventFilter) -> dict[str, list[dict[str, Any]]]:
    """Counts beside each filter for the events matching ``f``: outlet, CAMEO root, quad
    class, modality, source and target country (cached per store state)."""
    from newsgraph.store.queries import _key

    def top(counter: dict[Any, int]) -> list[dict[str, Any]]:
        return [{"value": v, "n": n} for v, n in sorted(
            counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:30]]

    def compute() -> dict[str, list[dict[str, Any]]]:
        where, params = q._where(f)
        # one pass over the matching events: root, quad class, modality and article together
        by: dict[str, dict[Any, int]] = {k: defaultdict(int) for k in
                                         ("root", "quad_class", "modality", "outlet")}
        arts: dict[str, int] = defaultdict(int)
        for root, quad, mod, art, n in q.conn.execute(
                "SELECT e.root, e.quad_class, e.modality, e.article_id, count(*) FROM events e "
                f"{where} GROUP BY 1, 2, 3, 4", params):
            by["root"][root] += n
            by["quad_class"][quad] += n
            by["modality"][mod] += n
            arts[art] += n
        outlet_of = _outlets(q)
        for art, n in arts.items():
            by["outlet"][outlet_of.get(art)] += n
        out = {k: top(v) for k, v in by.items()}
        for role in ("source", "target"):
            out[role] = q._all(
                "SELECT ac.country AS value, count(DISTINCT ea.event_id) AS n "
                "FROM event_actors ea JOIN actors ac ON ac.id = ea.actor_id "
                f"WHERE ea.role = '{role}' AND ac.country IS NOT NULL AND ea.event_id IN "
                f"(SELECT e.id FROM events e {where}) "
                "GROUP BY 1 ORDER BY n DESC, value LIMIT 30", params)
        return out

    result: dict[str, list[dict[str, Any]]] = q._cached(("facets", _key(f)), compute)
    return result
