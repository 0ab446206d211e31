"""Cross-article event resolution: event mentions of one real-world event become one cluster.

An ``events`` row is one *mention*: one article's sentence coding an event. Several outlets
report the same meeting, signing or attack; analysts want it counted once, with how many
mentions, articles and outlets carried it (GDELT's NumMentions/NumArticles/NumSources).

Two mentions are *compatible* (may be the same event) when all of these hold:

- **Actors**: the same canonical source actor ids and the same target actor ids (sets,
  order-free). For roots where the roles are interchangeable (04 consult, 05 diplomatic
  cooperation, 06 material cooperation: "A signed with B" = "A and B signed") the key is the
  set of all participants. A mention with an actor that has no country and is not a named
  person ("officials", "police", "the ministry") merges with nothing: such actors differ
  between articles (``identifies``). A mention that names no actor at all ("the shooting",
  "the protests": ``extract/unsided.py``) is keyed by its type alone (``UNSIDED``): it meets
  other such mentions of its type, with the evidence test below, but not sided ones.
- **Stance**: the same reading of whether it happened. ``asserted``/``reported`` are
  *positive*, ``negated``/``refused`` *negative*, ``hypothetical``/``conditional``/``future``
  *irrealis*. Different stances are never merged.
- **Code**: the same CAMEO root or the same PLOVER type.
- **Date**, given precision (see ``date_window``): two days at most one day apart; a day inside
  a week, month, quarter, season or year; overlapping coarse periods. The publication date
  standing in for a missing event date is *weak*: it allows the three days up to publication,
  and two weak dates must be at most a day apart. Undated, unresolved (``XXXX-03``) and
  decade dates never merge.
- **Evidence**: when the date agreement is weak (a publication date, or a period longer than
  a month), a side is missing, or the key holds states alone, the two mentions also need
  evidence sentences sharing at least a fifth of their content words (or at least
  ``LEAD_SHARED_TERMS`` of them and half the shorter sentence's: a short report inside a
  long one that tells more), or articles about one story: the cosine of their story terms
  (title and lead words weighted by rarity, ``resolve/stories.py``) at least
  ``MIN_TOPIC_COSINE``, both dates given outright or both publication dates. Independent
  reports word the same event differently; their titles and leads name the same rare names
  and places. A *main event* needs less: when one of the two sentences starts in its
  article's lead (``Mention.lead``, the first ``LEAD_CHARS`` characters), story terms as
  alike as the story-record link asks (``stories.MIN_COSINE``) and ``LEAD_SHARED_TERMS``
  shared content words do, dates again both outright or both publication dates.
- **Main events**: an article's *main event* is its first event (by where its sentence
  starts: news tells the main event first, ``Mention.main``). Two articles' main events are
  one event *whatever their type* when the articles are about one story (story terms at
  least ``stories.MIN_COSINE`` alike, the story link's, not equal, one of their heaviest
  shared) and their dates are compatible, whoever they name as its sides: outlets type one happening
  differently ("tram derails, killing seven": ASSAULT; "driver arrested after crash":
  COERCE) and name its sides differently (a driver's country, the race's, none), and it is
  what their articles share. One mention per article is a main event, so this cannot chain
  a cluster through an article's other events; main events are also filed type- and
  participant-free under their articles' heaviest story terms (``cluster_kinds`` target
  key ``#``, migrations 015 and 017) for their lookups.

Clusters are the connected components of that relation (single link), so the partition does
not depend on the order articles arrive in, and the cluster id (a hash of the smallest member
event id) does not either. Adding an article only looks up candidate mentions through the
index on (source actors, target actors, stance, date) and merges the components they belong
to; nothing else is recomputed.

**Conflicting reports are kept apart and flagged.** A positive and a negative mention of a
compatible event (one outlet says they signed, another that they did not), or two positive
mentions where one is cooperation (roots 03-06, PLOVER AGREE/SUPPORT/COOPERATE/CONSULT) and
the other a rejection (root 12, PLOVER REJECT) for the same actors and compatible dates, stay
in separate clusters and both clusters get ``conflict = 1``.

Where it lives: the pairwise tests and the mention itself in ``resolve/compatibility.py``,
which stored members a mention is compared with in ``resolve/candidates.py``; this module
loads mentions from the store, runs the batches and writes the clusters.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from newsgraph.clean import content_hash
from newsgraph.resolve.candidates import (
    _KIND_COLS_K,
    _MEMBER_COLS,
    KIND_INSERT,
    MAIN,
    SPANS,
    TOPIC_MARK,
    _alone,
    _alone_keys,
    _found,
    _from_member_row,
    _Lookup,
    _lookups,
    _main_keys,
    _Member,
    _member_row,
    _mention,
    insert_kinds,
    kind_rows,
)
from newsgraph.resolve.cluster_rows import (
    PRECISION_RANK,
    _by_id,
    _cluster_row,
    _drop_cluster,
    _grow,
    _refresh_many,
    _rep_key,
)
from newsgraph.resolve.compatibility import (
    COOPERATIVE_ROOTS,
    COOPERATIVE_TYPES,
    MIN_TERM_OVERLAP,
    MIN_TOPIC_COSINE,
    STANCE,
    SYMMETRIC_ROOTS,
    TOPIC_TERMS,
    Mention,
    _surname,
    _window,
    article_topic,
    compatible,
    conflicting,
    identifies,
    mention_keys,
    participant,
    terms,
    type_key,
)
from newsgraph.resolve.dates import (
    DAY_TOLERANCE,
    WEAK_DAYS_BEFORE,
    Window,
    date_window,
    dates_compatible,
)
from newsgraph.resolve.stories import LEAD_CHARS, decode, story_terms

__all__ = ["COOPERATIVE_ROOTS", "COOPERATIVE_TYPES", "DAY_TOLERANCE", "KIND_INSERT",
           "MIN_TERM_OVERLAP", "MIN_TOPIC_COSINE", "PRECISION_RANK", "SPANS", "STANCE",
           "SYMMETRIC_ROOTS", "TOPIC_MARK", "TOPIC_TERMS", "WEAK_DAYS_BEFORE", "Mention",
           "Window", "_by_id", "_cluster_row", "_grow", "_refresh_many", "_rep_key",
           "add_mentions", "article_topic", "cluster_id_for", "compatible", "conflicting",
           "date_window", "dates_compatible", "identifies", "insert_kinds", "kind_rows",
           "load_mention", "participant", "recluster_all", "terms", "type_key"]


@lru_cache(maxsize=256)
def _stored_topic(encoded: str) -> tuple[tuple[str, float], ...]:
    """``article_topic`` of a ``story_articles.terms`` value: only its first terms read."""
    parts = encoded.split(maxsplit=2 * TOPIC_TERMS)[:2 * TOPIC_TERMS]
    return article_topic(decode(" ".join(parts)))


def _row_topic(row: Sequence[object]) -> tuple[tuple[str, float], ...]:
    """A ``_MENTION_SQL`` row's topic: from its article's story row, which a save writes
    first (``Store.save``), else from the article's title and lead."""
    if row[13] is not None:
        return _stored_topic(str(row[13]))
    return article_topic(story_terms(None if row[11] is None else str(row[11]),
                                     str(row[12] or "")))



def _in_lead(row: Sequence[object]) -> bool:
    """Whether a ``_MENTION_SQL`` row's evidence sentence starts in its article's lead."""
    start = row[14]
    return isinstance(start, int) and 0 <= start < LEAD_CHARS


def _first_events(conn: sqlite3.Connection, article_ids: Sequence[str]) -> set[str]:
    """The main event (``Mention.main``) of each of these articles: its first event, by
    where its sentence starts, then id. A function of the article alone (its events are
    stored together), so clustering stays order-independent."""
    first: dict[str, str] = {}
    for k in range(0, len(article_ids), 500):
        some = article_ids[k:k + 500]
        marks = _marks(len(some))
        for aid, eid in conn.execute(
                f"SELECT article_id, id FROM events WHERE article_id IN ({marks}) "
                "ORDER BY article_id, ev_start, id", some):
            first.setdefault(str(aid), str(eid))
    return set(first.values())


# -- store side ---------------------------------------------------------------------------

_MENTION_SQL = (
    "SELECT e.id, e.article_id, e.cameo, e.root, e.plover_type, e.modality, e.date, "
    "e.date_precision, COALESCE(a.outlet, a.id) AS outlet, "
    "substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) AS evidence, e.date_text, "
    f"a.title, substr(a.text, 1, {LEAD_CHARS}) AS lead, s.terms, e.ev_start, e.ev_end "
    "FROM events e JOIN articles a ON a.id = e.article_id "
    "LEFT JOIN story_articles s ON s.article_id = e.article_id WHERE e.id = ?")


#: how a side filled from around an event ends its ``via`` (``extract/discourse_sides.py``,
#: ``extract/event_coref.py``; stored since migration 016)
FILL_MARKS = frozenset({"clause", "coref", "discourse"})


def _keys_on(start: object, via: object, row: Sequence[object]) -> bool:
    """Whether an event's actor keys its clusters: one its own phrase gave, named in its own
    sentence (``row``: a ``_MENTION_SQL`` row). A side filled from around it (event
    coreference, the discourse topic, the subject of the clause an event noun sits in: a
    ``via`` marked so) says who the article is about, not which act it is."""
    if isinstance(via, str) and not FILL_MARKS.isdisjoint(via.split("+")[1:]):
        return False
    lo, hi = row[14], row[15]
    if not isinstance(start, int) or not isinstance(lo, int) or not isinstance(hi, int):
        return True
    return lo <= start < hi


def load_mention(conn: sqlite3.Connection, event_id: str) -> Mention | None:
    """Build the clustering view of one stored event row."""
    row = conn.execute(_MENTION_SQL, (event_id,)).fetchone()
    if row is None:
        return None
    people = _people(conn, [str(row[1])]).get(str(row[1]), {})
    main = str(row[0]) in _first_events(conn, [str(row[1])])
    roles: dict[str, list[str]] = {"source": [], "target": []}
    n_actors = 0
    for role, _actor, country, kind, name, start, via in conn.execute(
            "SELECT ea.role, ea.actor_id, ac.country, ac.kind, ac.name, ea.start, ea.via "
            "FROM event_actors ea JOIN actors ac ON ac.id = ea.actor_id WHERE ea.event_id = ?",
            (event_id,)):
        if not _keys_on(start, via, row):
            continue
        n_actors += 1
        p = participant(country, kind, name, people)
        if p is not None:
            roles[role].append(p)
    # "officials", "police" alone: who they are differs from article to article
    skey, tkey = mention_keys(row[3], row[4], event_id, n_actors > 0, roles["source"],
                              roles["target"])
    return Mention(event_id=row[0], article_id=row[1], outlet=row[8], source_key=skey,
                   target_key=tkey, stance=STANCE.get(row[5], "irrealis"), cameo=row[2],
                   root=row[3], plover_type=row[4], window=_window(row[6], row[7], row[10]),
                   terms=terms(row[9] or ""), topic=_row_topic(row), lead=_in_lead(row),
                   main=main)



def cluster_id_for(min_event_id: str) -> str:
    """A cluster's id: stable whatever order its members arrived in."""
    return content_hash(f"cluster:{min_event_id}")


_CHUNK = 200  # events per batch (SQLite's parameter limit bounds the IN lists)


def add_mentions(conn: sqlite3.Connection, event_ids: Iterable[str]) -> set[str]:
    """Cluster these stored events into the existing clusters; returns touched cluster ids.

    Runs inside the caller's transaction (``Store.save``); events already clustered are
    skipped, so calling it twice changes nothing.

    The events are taken in id order and the result is exactly that of adding them one at a
    time, but per batch of events the store is read a fixed number of times (the mentions,
    all their candidate members in one query, those clusters' smallest members and conflict
    flags) and each touched cluster is written once at the end, instead of one to three
    candidate queries and a cluster refresh per event: most of an article's events land in
    a cluster of their own, and the per-event queries grew with the database.
    """
    ids = sorted(set(event_ids))
    touched: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        now, merged = _add_batch(conn, ids[i:i + _CHUNK])
        touched = (touched - merged) | now
    return touched


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _people(conn: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """Per article, the surname -> country of the persons it names with a country (a
    surname two such persons of different countries share is left out)."""
    out: dict[str, dict[str, str]] = {}
    clash: set[tuple[str, str]] = set()
    for k in range(0, len(article_ids), 500):
        some = article_ids[k:k + 500]
        marks = _marks(len(some))
        for aid, name, country in conn.execute(
                "SELECT DISTINCT am.article_id, ac.name, ac.country FROM actor_mentions am "
                "JOIN actors ac ON ac.id = am.actor_id "
                f"WHERE am.article_id IN ({marks}) AND ac.kind = 'person' "
                "AND ac.country IS NOT NULL", some):
            last = _surname(str(name))
            if last is None:
                continue
            got = out.setdefault(str(aid), {})
            if got.get(last, country) != country:
                clash.add((str(aid), last))
            got[last] = str(country)
    for aid, last in clash:
        out[aid].pop(last, None)
    return out


def _load_mentions(conn: sqlite3.Connection, ids: Sequence[str]) -> list[Mention]:
    """``load_mention`` for many events with two queries; in the order of ``ids``."""
    marks = _marks(len(ids))
    rows = {str(r[0]): r for r in conn.execute(
        _MENTION_SQL.replace("WHERE e.id = ?", f"WHERE e.id IN ({marks})"), ids)}
    arts = sorted({str(r[1]) for r in rows.values()})
    people = _people(conn, arts)
    mains = _first_events(conn, arts)
    roles: dict[str, dict[str, list[str]]] = {}
    for eid, role, _actor, country, kind, name, start, via in conn.execute(
            "SELECT ea.event_id, ea.role, ea.actor_id, ac.country, ac.kind, ac.name, ea.start, "
            "ea.via FROM event_actors ea JOIN actors ac ON ac.id = ea.actor_id "
            f"WHERE ea.event_id IN ({marks})", ids):
        if eid in rows and not _keys_on(start, via, rows[eid]):
            continue
        got = roles.setdefault(eid, {"source": [], "target": []})
        p = participant(country, kind, name, people.get(str(rows[eid][1]), {})
                        if eid in rows else None)
        if p is not None:
            got[role].append(p)
    out = []
    for eid in ids:
        row = rows.get(eid)
        if row is None:
            continue
        r = roles.get(eid, {"source": [], "target": []})
        # no one it names identifies anyone: it stays alone; it names no one: by its type
        skey, tkey = mention_keys(row[3], row[4], eid, eid in roles, r["source"],
                                  r["target"])
        out.append(Mention(event_id=row[0], article_id=row[1], outlet=row[8], source_key=skey,
                           target_key=tkey, stance=STANCE.get(row[5], "irrealis"),
                           cameo=row[2], root=row[3], plover_type=row[4],
                           window=_window(row[6], row[7], row[10]),
                           terms=terms(row[9] or ""),
                           topic=_row_topic(row), lead=_in_lead(row),
                           main=eid in mains))
    return out



#: ``dates_compatible(mention, kind)`` in SQL on a kind's ``lo``, ``hi`` and ``weak`` (ISO
#: days compare as strings), for a mention window as ``_window_row`` gives it: two weak
#: dates at most a day apart; else the ranges overlap, a one-day range widened by
#: ``DAY_TOLERANCE`` (the mention's in ``alo``/``ahi``, the kind's here). A kind it leaves
#: out fails ``compatible`` and ``conflicting`` with that mention, so it is not read back.
#: The index (``cluster_kinds_key``, migration 019) holds ``hi`` and ``weak``: the test is
#: made on its entries, before a table row is read.
_DATE_OK = ("CASE WHEN k.weak AND q.weak THEN k.hi BETWEEN q.whi_lo AND q.whi_hi "
            "WHEN k.lo = k.hi THEN k.lo BETWEEN q.hi_min AND q.lo_max "
            "ELSE k.lo <= q.ahi AND k.hi >= q.alo END")
_Q_COLS = ("s, t, st, " + ", ".join(f"r{span}" for span in SPANS)
           + ", lo_max, hi_min, weak, whi_lo, whi_hi, alo, ahi")
#: the least ``lo`` a kind of class ``ks.span`` (a class beyond the first) can have and
#: still reach the window: the ``r<span>`` column of the lookup's row (``_candidate_query``)
_REACH = ("CASE ks.span " + " ".join(f"WHEN {span} THEN q.r{span}" for span in SPANS[1:-1])
          + f" ELSE q.r{SPANS[-1]} END")
_Q_MARKS = "(" + ", ".join("?" * len(_Q_COLS.split(", "))) + ")"
_WindowRow = tuple[str, str, int, str, str, str, str]


def _window_row(w: Window) -> _WindowRow:
    """What ``_DATE_OK`` reads of a mention's window: the least ``hi`` and the greatest
    ``lo`` of a kind it can match (also a one-day kind's bounds), whether it is weak, the
    days a weak kind's ``hi`` may take, and the window as widened."""
    day = dt.timedelta(days=DAY_TOLERANCE)
    a_lo, a_hi = (w.lo - day, w.hi + day) if w.lo == w.hi else (w.lo, w.hi)
    return ((a_lo - day).isoformat(), (a_hi + day).isoformat(), int(w.weak),
            (w.hi - day).isoformat(), (w.hi + day).isoformat(), a_lo.isoformat(),
            a_hi.isoformat())


@lru_cache(maxsize=1024)
def _reaches(hi_min: str) -> tuple[str, ...]:
    """The least ``lo`` of a kind of each span class that can still end on or after
    ``hi_min`` (ISO days): a window's lookups under many keys share it, so remembered."""
    reach = dt.date.fromisoformat(hi_min)
    return tuple((reach - dt.timedelta(days=span)).isoformat() for span in SPANS)


def _candidate_query(specs: Sequence[tuple[tuple[str, str, str], _WindowRow]]
                     ) -> tuple[str, list[object]]:
    """The ``cluster_kinds`` rows (``_KIND_COLS_K``) filed under each key whose dates can
    match its window (``_window_row``): SQL and parameters. One index range per span class
    (migration 011): a kind of a class ends at most that many days after its lo, so only
    those that start that close can reach the window. The first class is sought for every
    key, the longer ones only where the key has kinds in them (``cluster_kind_spans``,
    migration 020); the join order is fixed, each step an index seek on the one before."""
    params: list[object] = []
    for (s, t, st), w in specs:
        params += (s, t, st, *_reaches(w[0]), w[1], w[0], *w[2:])
    rows_marks = ",".join([_Q_MARKS] * len(specs))
    return (f"WITH q({_Q_COLS}) AS (VALUES {rows_marks}) "
            f"SELECT {_KIND_COLS_K} FROM q CROSS JOIN cluster_kinds k "
            "WHERE k.source_key = q.s AND k.target_key = q.t AND k.stance = q.st "
            f"AND k.span = {SPANS[0]} AND k.lo BETWEEN q.r{SPANS[0]} AND q.lo_max "
            f"AND k.hi >= q.hi_min AND {_DATE_OK} "
            f"UNION ALL SELECT {_KIND_COLS_K} "
            "FROM q CROSS JOIN cluster_kind_spans ks CROSS JOIN cluster_kinds k "
            "WHERE ks.source_key = q.s AND ks.target_key = q.t AND ks.stance = q.st "
            "AND k.source_key = q.s AND k.target_key = q.t AND k.stance = q.st "
            f"AND k.span = ks.span AND k.lo BETWEEN {_REACH} AND q.lo_max "
            f"AND k.hi >= q.hi_min AND {_DATE_OK}", params)


def _add_batch(conn: sqlite3.Connection, ids: list[str]) -> tuple[set[str], set[str]]:
    """Add events (sorted ids) as if one by one; see ``add_mentions``. Returns the touched
    clusters and the ids of clusters merged away.

    Stored members are read once, then the one-by-one process runs in memory: each new
    mention is compared with the stored candidates and with the batch's earlier mentions
    (as their stored rows read back, terms cut to 48 as stored), merged clusters are renamed
    through ``alias``, and the tables are written at the end with the final cluster ids.
    """
    marks = _marks(len(ids))
    done = {str(r[0]) for r in conn.execute(
        f"SELECT event_id FROM event_cluster_members WHERE event_id IN ({marks})", ids)}
    mentions = _load_mentions(conn, [e for e in ids if e not in done])
    if not mentions:
        return set(), set()
    lookups = [_lookups(m) for m in mentions]
    # every stored member any lookup can return whose dates can match the window looking
    # it up (``_DATE_OK``), in one query; a kind two windows of one key find comes back
    # twice and is kept once; filtered per lookup below with exactly the conditions
    # ``_found`` states
    wanted: dict[tuple[str, str, str], dict[_WindowRow, None]] = {}
    for m, (join, oppose) in zip(mentions, lookups, strict=True):
        if m.window is None:  # no lookups
            continue
        window = _window_row(m.window)
        for s, t, stance, *_ in (*join, *oppose):
            wanted.setdefault((s, t, stance), {})[window] = None
    stored: dict[tuple[str, str, str], list[_Member]] = {}
    seen: set[tuple[object, ...]] = set()
    specs = [(key, w) for key, windows in wanted.items() for w in windows]
    for k in range(0, len(specs), 100):
        for r in conn.execute(*_candidate_query(specs[k:k + 100])):
            if r in seen:
                continue
            seen.add(r)
            stored.setdefault((str(r[14]), str(r[15]), str(r[6])), []).append(
                (str(r[1]), r, r[10], r[11]))
    # the stored clusters involved; the smallest member and conflict flag of those a
    # mention joins are read when it joins them (``known``): most candidates join nothing
    first: dict[str, str] = {}
    flag: dict[str, bool] = {}
    old = sorted({member[0] for rows in stored.values() for member in rows})

    def known(clusters: Iterable[str]) -> None:
        """Read the smallest member and the conflict flag of stored clusters not yet read
        (a cluster of this batch has both set when it is made)."""
        some = sorted(c for c in clusters if c not in first)
        for k in range(0, len(some), 500):
            part = some[k:k + 500]
            marks = _marks(len(part))
            first.update((str(c), str(e)) for c, e in conn.execute(
                "SELECT cluster_id, min(event_id) FROM event_cluster_members "
                f"WHERE cluster_id IN ({marks}) GROUP BY cluster_id", part))
            flag.update((str(c), bool(f)) for c, f in conn.execute(
                f"SELECT id, conflict FROM event_clusters WHERE id IN ({marks})", part)
                if str(c) not in flag)

    alias: dict[str, str] = {}  # a merged cluster's id -> the id it was merged into

    def current(cid: str) -> str:
        while cid in alias:
            cid = alias[cid]
        return cid

    added: dict[tuple[str, str, str], list[_Member]] = {}  # this batch's members
    rows: list[tuple[object, ...]] = []
    touched: dict[str, None] = {}  # in order of last refresh (the one-by-one write order)
    opposed_all: set[str] = set()

    def hits(m: Mention, specs: Iterable[_Lookup],
             test: Callable[[Mention, Mention], bool]) -> set[str]:
        """Current ids of the clusters with a member among ``specs`` that passes ``test``;
        a cluster found once needs none of its other members tested."""
        found: set[str] = set()
        for spec in specs:
            for cid, o in _found(spec, m.event_id, stored, added):
                c = current(cid)
                if c not in found and test(m, _mention(o)):
                    found.add(c)
        return found

    for m, (join, oppose) in zip(mentions, lookups, strict=True):
        joined = hits(m, join, compatible)
        opposed = hits(m, oppose, conflicting)
        own = cluster_id_for(m.event_id)
        row = _member_row(m, own)
        rows.append(row)
        member = (own, _from_member_row(row), row[10], row[11])
        added.setdefault((m.source_key, m.target_key, m.stance), []).append(member)
        for p in _alone_keys(m.source_key, m.target_key):
            added.setdefault((p, _alone(m.target_key), m.stance), []).append(member)
        if m.main and m.window is not None:
            for p in _main_keys(m):
                added.setdefault((p, MAIN, m.stance), []).append(member)
        known(joined)
        conflict = bool(opposed) or any(flag.get(c, False) for c in joined)
        group = sorted(joined | {own})
        first[own] = m.event_id
        least = min(first[c] for c in group)
        new_id = cluster_id_for(least)
        for c in group:
            if c != new_id:
                alias[c] = new_id
                touched.pop(c, None)
        first[new_id] = least
        flag[new_id] = conflict
        touched.pop(new_id, None)
        touched[new_id] = None
        for other in opposed:  # never among ``joined``: opposite reports do not merge
            flag[other] = True
        opposed_all |= opposed
    # write: the new members with their final clusters, stored clusters merged away renamed
    # and dropped, each touched cluster refreshed once, flags set on opposed ones
    final_rows = [(r[0], current(str(r[1])), *r[2:]) for r in rows]
    conn.executemany(
        f"INSERT INTO event_cluster_members ({_MEMBER_COLS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", final_rows)
    insert_kinds(conn, kind_rows(final_rows))
    rebuilt: set[str] = set()  # stored clusters that absorbed another stored one
    for cid in old:
        if cid in alias:
            conn.execute("UPDATE event_cluster_members SET cluster_id = ? WHERE cluster_id = ?",
                         (current(cid), cid))
            # kinds the surviving cluster has already stay behind and go with the old id
            conn.execute("UPDATE OR IGNORE cluster_kinds SET cluster_id = ? "
                         "WHERE cluster_id = ?", (current(cid), cid))
            _drop_cluster(conn, cid)
            rebuilt.add(current(cid))
    # a stored cluster that only gained this batch's members is updated from its row and
    # those members; new, renamed and merged clusters are computed from all their members
    grown: dict[str, list[tuple[object, ...]]] = {}
    stored_ids = set(old)
    for r in final_rows:
        cid = str(r[1])
        if cid in stored_ids and cid not in rebuilt:
            grown.setdefault(cid, []).append(r)
    _refresh_many(conn, {cid: flag[cid] for cid in touched}, grown)
    for other in sorted(opposed_all):
        if other not in alias and other not in touched:
            conn.execute("UPDATE event_clusters SET conflict = 1 WHERE id = ?", (other,))
    return set(touched), set(alias)



def recluster_all(conn: sqlite3.Connection) -> int:
    """Rebuild every cluster from the events table (batch mode); returns the cluster count.

    Used after a migration on an existing database and to check that incremental clustering
    equals batch clustering. Call inside a transaction.
    """
    conn.execute("DELETE FROM cluster_actors")
    conn.execute("DELETE FROM cluster_kinds")
    conn.execute("DELETE FROM cluster_kind_spans")
    conn.execute("DELETE FROM event_clusters")
    conn.execute("DELETE FROM event_cluster_members")
    ids = [str(r[0]) for r in conn.execute("SELECT id FROM events ORDER BY id")]
    add_mentions(conn, ids)
    return int(conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0])
