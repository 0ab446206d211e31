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
  between articles (``identifies``).
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
  evidence sentences sharing at least a fifth of their content words, or articles about
  one story: the cosine of their story terms (title and lead words weighted by rarity,
  ``resolve/stories.py``) at least ``MIN_TOPIC_COSINE``, both dates given outright or both
  publication dates. Independent reports word the same event differently; their titles and
  leads name the same rare names and places.

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
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.clean import content_hash
from newsgraph.resolve.cluster_rows import (
    PRECISION_RANK,
    _by_id,
    _cluster_row,
    _drop_cluster,
    _grow,
    _refresh_many,
    _rep_key,
)
from newsgraph.resolve.dates import (
    DAY_TOLERANCE,
    WEAK_DAYS_BEFORE,
    Window,
    date_window,
    dates_compatible,
)
from newsgraph.resolve.stories import LEAD_CHARS, cosine, decode, story_terms

__all__ = ["DAY_TOLERANCE", "PRECISION_RANK", "WEAK_DAYS_BEFORE", "Window", "_by_id",
           "_cluster_row", "_grow", "_refresh_many", "_rep_key", "add_mentions",
           "cluster_id_for", "date_window", "dates_compatible", "recluster_all"]

SYMMETRIC_ROOTS = frozenset({"04", "05", "06"})
COOPERATIVE_ROOTS = frozenset({"03", "04", "05", "06"})
COOPERATIVE_TYPES = frozenset({"AGREE", "SUPPORT", "COOPERATE", "CONSULT"})
STANCE = {"asserted": "positive", "reported": "positive", "negated": "negative",
          "refused": "negative", "hypothetical": "irrealis", "conditional": "irrealis",
          "future": "irrealis"}
MIN_TERM_OVERLAP = 0.2
#: how alike two mentions' articles must be (cosine of their story terms, ``TOPIC_TERMS``
#: heaviest each) to stand in for the evidence words: two reports of one story name the same
#: rare names and places in their titles and leads ("Croydon", "tram", "derail") where their
#: sentences differ; set above the story link (``stories.MIN_COSINE``), as a mention joins on
#: it alone
MIN_TOPIC_COSINE = 0.55
TOPIC_TERMS = 16
#: the mark of a story term in a member's stored ``terms``: sorts before the evidence words,
#: so the cut to 48 keeps it
TOPIC_MARK = "^"
#: classes of a member's date range length in days (``span``, migration 011, same values)
SPANS = (3, 7, 31, 92, 370)
_STOP_WORDS = """that this with from have were been their they them will would said says
about after also into over than then there these those which while when where what more most
other some such only very just year years week weeks month months told according"""
_STOP = frozenset(_STOP_WORDS.split())




def article_topic(vec: dict[str, float]) -> tuple[tuple[str, float], ...]:
    """The story terms an article's mentions carry (``Mention.topic``): the ``TOPIC_TERMS``
    heaviest of its story terms (``stories.story_terms``, title and lead, heaviest first as
    it returns and ``story_articles`` stores them) with their weights (one decimal, as
    stored); a function of the article alone, so clustering stays order-independent."""
    return tuple(sorted((t, round(v, 1)) for t, v in list(vec.items())[:TOPIC_TERMS]))


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


def terms(text: str) -> frozenset[str]:
    """Content words of an evidence sentence, for the evidence-similarity test."""
    return frozenset(w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP)


@dataclass(frozen=True, slots=True)
class Mention:
    """What clustering needs to know about one event row."""

    event_id: str
    article_id: str
    outlet: str
    source_key: str
    target_key: str
    stance: str
    cameo: str
    root: str
    plover_type: str | None
    window: Window | None
    terms: frozenset[str]
    #: the heaviest story terms of the mention's article (``resolve/stories.py``): what
    #: the article as a whole is about, shared by reports of one story
    topic: tuple[tuple[str, float], ...] = ()


def identifies(country: str | None, kind: str, name: str) -> bool:
    """Whether a canonical actor names the same actor in any article.

    A country-bound actor does ("Australian police"); so does a named person ("Olaf
    Scholz": two or more capitalised words). A bare role noun without a country ("officials",
    "police", "the ministry") does not, nor an organisation name without a country (which
    country's "Ministry of Foreign Affairs"?), so mentions with such actors stay alone.
    """
    if country is not None:
        return True
    return kind == "person" and sum(w[:1].isupper() for w in name.split()) >= 2


def _surname(name: str) -> str | None:
    words = [w for w in re.findall(r"[\w'’-]+", name) if w[:1].isupper()]
    return words[-1].lower() if words else None


def participant(country: str | None, kind: str, name: str,
                people: dict[str, str] | None = None) -> str | None:
    """What an actor contributes to a mention's key, None when it identifies no one.

    Its country where it has one (reports name one state's people differently: "police",
    "officers", "London Fire Brigade"); for a person without one, the country of a person of
    the same surname the article names with a country (``people``: "Erdogan" after "Turkish
    President Recep Tayyip Erdogan"), else, for a full name, the surname ("@obama"). A bare
    role noun or a lone unplaced name ("officials", "Smith") is left out: the mention keeps
    its other side, or stays alone when it has none (see ``identifies``).
    """
    if country:
        return country
    if kind != "person":
        return None
    last = _surname(name)
    if last and people and last in people:
        return people[last]
    if identifies(country, kind, name) and last:
        return "@" + last
    return None


def type_key(root: str, plover_type: str | None) -> str:
    """The ``target_key`` of a keyed mention: ``*`` and its PLOVER type (else ``r`` and its
    CAMEO root). Mentions meet only where type or root agree (``compatible``), so lookups
    read only the kinds of their own type, not every event of the same states."""
    return "*" + (plover_type or f"r{root}")


def _keys(root: str, plover_type: str | None, sources: Iterable[str],
          targets: Iterable[str]) -> tuple[str, str]:
    """A mention's key: the set of its participants, role-free (outlets disagree on who did
    what to whom far more often than on who was involved: the role is left to the evidence
    words), and its type (``type_key``)."""
    return ",".join(sorted(set(sources) | set(targets))), type_key(root, plover_type)


def _keyed(target_key: str) -> bool:
    return target_key.startswith("*")


#: "last Tuesday" written on a Wednesday is yesterday or eight days ago; the day resolved is
#: the nearer one, so its range reaches back a week and the other reports settle it
_LAST_WEEKDAY = re.compile(r"\b(last|past)\s+(monday|tuesday|wednesday|thursday|friday|"
                           r"saturday|sunday)\b", re.IGNORECASE)


def _window(value: str | None, precision: str, text: str | None) -> Window | None:
    w = date_window(value, precision)
    if w is not None and w.days == 1 and text and _LAST_WEEKDAY.search(text):
        return Window(w.lo - dt.timedelta(days=7), w.hi)
    return w


def _one_side_missing(a: Mention, b: Mention) -> bool:
    """One mention names a single participant, and it is one of the other's (the other
    side missing in one report: "Turkey demanded the soldiers' extradition" and "Turkey
    demanded that Greece extradite the soldiers")."""
    if not (_keyed(a.target_key) and _keyed(b.target_key)) or "~" in a.source_key + b.source_key:
        return False
    pa, pb = a.source_key.split(","), b.source_key.split(",")
    return (len(pa) == 1 and pa[0] in pb) or (len(pb) == 1 and pb[0] in pa)


def compatible(a: Mention, b: Mention) -> bool:
    """Whether two mentions may report the same real-world event."""
    if a.stance != b.stance:
        return False
    partial = (a.source_key, a.target_key) != (b.source_key, b.target_key)
    if partial and not _one_side_missing(a, b):
        return False
    if a.root != b.root and (a.plover_type is None or a.plover_type != b.plover_type):
        return False
    if not dates_compatible(a.window, b.window):
        return False
    assert a.window is not None and b.window is not None
    loose = a.window.weak or b.window.weak or max(a.window.days, b.window.days) > 31
    # a key of states alone ("GBR") is met by many events of a day: the evidence words
    # must then agree as well, as they must when the dates agree only loosely
    if loose or partial or "@" not in a.source_key:
        union = a.terms | b.terms
        if union and len(a.terms & b.terms) / len(union) >= MIN_TERM_OVERLAP:
            return True
        # the articles' story terms stand in for the words (the same story), not for the
        # date: a publication date and a date given outright agree too loosely for that.
        # Equal story terms are one article (or a copy of it): they say nothing about
        # whether two of its sentences report one event
        return a.window.weak == b.window.weak and bool(a.topic and b.topic) \
            and a.topic != b.topic \
            and cosine(dict(a.topic), dict(b.topic)) >= MIN_TOPIC_COSINE
    return True


def _cooperative(m: Mention) -> bool:
    return m.root in COOPERATIVE_ROOTS or m.plover_type in COOPERATIVE_TYPES


def _rejecting(m: Mention) -> bool:
    return m.root == "12" or m.plover_type == "REJECT"


def _participants(m: Mention) -> frozenset[str]:
    # a keyed mention's target_key is its type; a key of separate sides (stores and
    # callers of the older form) names participants on both
    target = () if _keyed(m.target_key) else m.target_key.split(",")
    return frozenset(x for x in (*m.source_key.split(","), *target)
                     if x and not x.startswith("~"))


def conflicting(a: Mention, b: Mention) -> bool:
    """Opposite reports of one event: asserted vs negated, or agreed vs rejected."""
    if not dates_compatible(a.window, b.window):
        return False
    if {a.stance, b.stance} == {"positive", "negative"}:
        return (a.source_key, a.target_key) == (b.source_key, b.target_key) and (
            a.root == b.root or (a.plover_type is not None and a.plover_type == b.plover_type))
    if a.stance == b.stance == "positive" and (
            (_cooperative(a) and _rejecting(b)) or (_rejecting(a) and _cooperative(b))):
        pa, pb = _participants(a), _participants(b)
        return len(pa) >= 2 and pa == pb
    return False


# -- store side ---------------------------------------------------------------------------

_MENTION_SQL = (
    "SELECT e.id, e.article_id, e.cameo, e.root, e.plover_type, e.modality, e.date, "
    "e.date_precision, COALESCE(a.outlet, a.id) AS outlet, "
    "substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start) AS evidence, e.date_text, "
    f"a.title, substr(a.text, 1, {LEAD_CHARS}) AS lead, s.terms "
    "FROM events e JOIN articles a ON a.id = e.article_id "
    "LEFT JOIN story_articles s ON s.article_id = e.article_id WHERE e.id = ?")


def load_mention(conn: sqlite3.Connection, event_id: str) -> Mention | None:
    """Build the clustering view of one stored event row."""
    row = conn.execute(_MENTION_SQL, (event_id,)).fetchone()
    if row is None:
        return None
    people = _people(conn, [str(row[1])]).get(str(row[1]), {})
    roles: dict[str, list[str]] = {"source": [], "target": []}
    for role, _actor, country, kind, name in conn.execute(
            "SELECT ea.role, ea.actor_id, ac.country, ac.kind, ac.name FROM event_actors ea "
            "JOIN actors ac ON ac.id = ea.actor_id WHERE ea.event_id = ?", (event_id,)):
        p = participant(country, kind, name, people)
        if p is not None:
            roles[role].append(p)
    skey, tkey = _keys(row[3], row[4], roles["source"], roles["target"])
    if not skey:  # "officials", "police": who they are differs from article to article
        skey, tkey = f"~{event_id}", ""
    return Mention(event_id=row[0], article_id=row[1], outlet=row[8], source_key=skey,
                   target_key=tkey, stance=STANCE.get(row[5], "irrealis"), cameo=row[2],
                   root=row[3], plover_type=row[4], window=_window(row[6], row[7], row[10]),
                   terms=terms(row[9] or ""), topic=_row_topic(row))


@lru_cache(maxsize=1024)
def _topic_of(text: str) -> tuple[tuple[str, float], ...]:
    """A stored topic (``^term=weight`` items, space separated) read back; remembered, as
    an article's members all carry its one topic."""
    out = []
    for item in text.split():
        t, _, v = item[1:].rpartition("=")
        out.append((t, float(v)))
    return tuple(out)


def _split_terms(text: str) -> tuple[tuple[tuple[str, float], ...], frozenset[str]]:
    """A stored ``terms`` value: the topic items lead (``_member_row``), evidence words
    follow."""
    if text[:1] != TOPIC_MARK:
        return (), frozenset(text.split())
    end = text.find(" ", text.rfind(TOPIC_MARK))
    if end < 0:
        return _topic_of(text), frozenset()
    return _topic_of(text[:end]), frozenset(text[end + 1:].split())


def _from_member_row(r: Sequence[object]) -> Mention:
    lo, hi = r[10], r[11]
    topic, words = _split_terms(str(r[13]))
    window = (Window(dt.date.fromisoformat(str(lo)), dt.date.fromisoformat(str(hi)),
                     bool(r[12])) if lo is not None and hi is not None else None)
    return Mention(event_id=str(r[0]), article_id=str(r[2]), outlet=str(r[3]),
                   source_key=str(r[4]), target_key=str(r[5]), stance=str(r[6]),
                   cameo=str(r[7]), root=str(r[8]),
                   plover_type=None if r[9] is None else str(r[9]), window=window,
                   terms=words, topic=topic)


_MEMBER_COLS = ("event_id, cluster_id, article_id, outlet, source_key, target_key, stance, "
                "cameo, root, plover_type, lo, hi, weak, terms")
#: the member columns qualified with the ``m.`` alias
_MEMBER_COLS_M = ", ".join("m." + c for c in _MEMBER_COLS.split(", "))
#: ``_MEMBER_COLS`` of a ``cluster_kinds`` row (migration 011): what ``compatible`` and
#: ``conflicting`` read of a stored member, with its cluster and one member's id; members
#: alike in all of it answer every test alike, so candidates come back one per kind (a story
#: many outlets carried word for word is one candidate, not hundreds)
#: A kind of a member with two or more participants is also filed under each participant
#: alone (``target_key`` ``+``, its own key in ``full_key``, migration 012), where a mention
#: naming only that participant looks it up; read back, such a row gives the member's own
#: key. The row's lookup key follows as two more columns.
_KIND_COLS_K = ", ".join(
    "''" if c in ("article_id", "outlet")
    else "COALESCE(k.full_key, k.source_key)" if c == "source_key"
    else "CASE WHEN k.full_key IS NULL THEN k.target_key ELSE '*' || substr(k.target_key, 2) "
         "END" if c == "target_key"
    else "k." + c for c in _MEMBER_COLS.split(", ")) + ", k.source_key, k.target_key"
KIND_INSERT = ("INSERT OR IGNORE INTO cluster_kinds (cluster_id, source_key, target_key, "
                "stance, cameo, root, plover_type, lo, hi, weak, terms, event_id, full_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
#: the mark of a filing under one participant alone: its ``target_key`` is ``+`` and the
#: member's type (``type_key`` without its ``*``)
ALONE = "+"


def _alone(target_key: str) -> str:
    """The ``target_key`` of a filing under one participant alone."""
    return ALONE + target_key[1:]


def _alone_keys(source_key: str, target_key: str) -> list[str]:
    """The participants a member of this key is also filed under (none for one)."""
    if not _keyed(target_key) or "~" in source_key:
        return []
    parts = source_key.split(",")
    return parts if len(parts) >= 2 else []


def kind_rows(member_rows: Iterable[Sequence[object]]) -> list[tuple[object, ...]]:
    """``cluster_kinds`` rows of ``event_cluster_members`` rows (``_MEMBER_COLS`` order):
    each dated member's kind, and its filings under each participant alone."""
    out: list[tuple[object, ...]] = []
    for r in member_rows:
        if r[10] is None or r[11] is None:
            continue
        out.append((r[1], *r[4:14], r[0], None))
        for p in _alone_keys(str(r[4]), str(r[5])):
            out.append((r[1], p, _alone(str(r[5])), *r[6:14], r[0], r[4]))
    return out


def _candidates(conn: sqlite3.Connection, m: Mention, keys: Iterable[tuple[str, str]],
                stances: Iterable[str]) -> list[tuple[str, Mention]]:
    """Stored mentions whose key and date range could match ``m``: (cluster id, mention)."""
    if m.window is None:
        return []
    margin = dt.timedelta(days=WEAK_DAYS_BEFORE + DAY_TOLERANCE)
    lo_min = (m.window.lo - dt.timedelta(days=370)).isoformat()
    lo_max = (m.window.hi + margin).isoformat()
    hi_min = (m.window.lo - margin).isoformat()
    out: list[tuple[str, Mention]] = []
    for skey, tkey in dict.fromkeys(keys):
        for stance in stances:
            rows = conn.execute(
                f"SELECT {_MEMBER_COLS} FROM event_cluster_members "
                "WHERE source_key = ? AND target_key = ? AND stance = ? "
                "AND lo BETWEEN ? AND ? AND hi >= ? AND event_id != ?",
                (skey, tkey, stance, lo_min, lo_max, hi_min, m.event_id)).fetchall()
            out.extend((str(r[1]), _from_member_row(r)) for r in rows)
    return out


#: the types a cooperation conflicts with, and those a rejection conflicts with
_REJECTION_TYPES = ("*REJECT", "*r12")
_COOPERATION_TYPES = (*(f"*{t}" for t in sorted(COOPERATIVE_TYPES)),
                      *(f"*r{r}" for r in sorted(COOPERATIVE_ROOTS)))


def _conflict_keys(m: Mention) -> list[tuple[str, str]]:
    """Keys under which a cooperation-against-rejection opposite of ``m`` may be stored:
    the same participants (``conflicting`` wants two or more, equal) under the opposing
    types."""
    if len(_participants(m)) < 2 or not _keyed(m.target_key):
        return []
    types = [*(_REJECTION_TYPES if _cooperative(m) else ()),
             *(_COOPERATION_TYPES if _rejecting(m) else ())]
    return [(m.source_key, t) for t in dict.fromkeys(types)]


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
    people = _people(conn, sorted({str(r[1]) for r in rows.values()}))
    roles: dict[str, dict[str, list[str]]] = {}
    for eid, role, _actor, country, kind, name in conn.execute(
            "SELECT ea.event_id, ea.role, ea.actor_id, ac.country, ac.kind, ac.name "
            "FROM event_actors ea JOIN actors ac ON ac.id = ea.actor_id "
            f"WHERE ea.event_id IN ({marks})", ids):
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
        skey, tkey = _keys(row[3], row[4], r["source"], r["target"])
        if not skey:  # no one it names identifies anyone: it stays alone
            skey, tkey = f"~{eid}", ""
        out.append(Mention(event_id=row[0], article_id=row[1], outlet=row[8], source_key=skey,
                           target_key=tkey, stance=STANCE.get(row[5], "irrealis"),
                           cameo=row[2], root=row[3], plover_type=row[4],
                           window=_window(row[6], row[7], row[10]),
                           terms=terms(row[9] or ""),
                           topic=_row_topic(row)))
    return out


_Lookup = tuple[str, str, str, str, str, str]  # source key, target key, stance, lo range, hi min


def _lookups(m: Mention) -> tuple[list[_Lookup], list[_Lookup]]:
    """The member lookups ``m`` needs: for compatible mentions, and for opposite reports."""
    if m.window is None:
        return [], []
    margin = dt.timedelta(days=WEAK_DAYS_BEFORE + DAY_TOLERANCE)
    lo_min = (m.window.lo - dt.timedelta(days=370)).isoformat()
    lo_max = (m.window.hi + margin).isoformat()
    hi_min = (m.window.lo - margin).isoformat()
    join = [(m.source_key, m.target_key, m.stance, lo_min, lo_max, hi_min)]
    # one side missing: a lone participant looks among the members filed under it, a
    # mention of several among the members naming one of them alone
    parts = _alone_keys(m.source_key, m.target_key)
    if parts:
        join += [(p, m.target_key, m.stance, lo_min, lo_max, hi_min) for p in parts]
    elif _keyed(m.target_key) and "~" not in m.source_key and m.source_key:
        join.append((m.source_key, _alone(m.target_key), m.stance, lo_min, lo_max, hi_min))
    # only where ``conflicting`` can hold: a positive and a negative report under the same
    # key, or (both positive) cooperation against rejection among the same participants;
    # irrealis mentions conflict with nothing
    oppose: list[_Lookup] = []
    if m.stance in ("positive", "negative"):
        other = "negative" if m.stance == "positive" else "positive"
        oppose.append((m.source_key, m.target_key, other, lo_min, lo_max, hi_min))
    if m.stance == "positive" and (_cooperative(m) or _rejecting(m)):
        oppose += [(s, t, "positive", lo_min, lo_max, hi_min)
                   for s, t in dict.fromkeys(_conflict_keys(m))]
    return join, oppose


# a stored (or batch) member: its cluster id as read, the mention as stored, its lo and hi
_Member = tuple[str, Mention, object, object]


def _found(spec: _Lookup, event_id: str, *pools: dict[tuple[str, str, str], list[_Member]]
           ) -> list[tuple[str, Mention]]:
    """The members one candidate query (``spec``) returns: exactly its SQL conditions."""
    s, t, stance, lo_min, lo_max, hi_min = spec
    return [(cid, o) for pool in pools for cid, o, lo, hi in pool.get((s, t, stance), ())
            if isinstance(lo, str) and isinstance(hi, str) and lo_min <= lo <= lo_max
            and hi >= hi_min and o.event_id != event_id]


def _member_row(m: Mention, cluster: str) -> tuple[object, ...]:
    """The ``event_cluster_members`` row of a mention (``_MEMBER_COLS`` order)."""
    w = m.window
    return (m.event_id, cluster, m.article_id, m.outlet, m.source_key, m.target_key, m.stance,
            m.cameo, m.root, m.plover_type, w.lo.isoformat() if w else None,
            w.hi.isoformat() if w else None, int(bool(w and w.weak)),
            " ".join([*(f"{TOPIC_MARK}{t}={v:g}" for t, v in m.topic), *sorted(m.terms)[:48]]))


_PARSED: dict[tuple[object, ...], Mention] = {}
# an entry (a mention, its evidence words and the row as key) takes ~2 kB (measured on
# the bench articles): 16k entries stay near 35 MB, where 131k let a long-running
# writer grow by ~270 MB before the first clear
_PARSED_MAX = 1 << 14


def _parsed(r: Sequence[object]) -> Mention:
    """``_from_member_row``, remembered by the row's content (all but its cluster id, which
    merges change): members of a large cluster come back as candidates for every new mention
    of it, and parsing their dates and terms again each time was most of the clustering."""
    key = (r[0], *r[2:])
    got = _PARSED.get(key)
    if got is None:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        got = _PARSED[key] = _from_member_row(r)
    return got


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
    # every stored member any lookup can return, in one query; filtered per lookup below
    # with exactly the SQL conditions (lo in range, hi at least, another event)
    wanted: dict[tuple[str, str, str], list[str]] = {}
    for join, oppose in lookups:
        for s, t, stance, lo_min, lo_max, hi_min in (*join, *oppose):
            got = wanted.get((s, t, stance))
            if got is None:
                wanted[(s, t, stance)] = [lo_min, lo_max, hi_min]
            else:
                got[0], got[1], got[2] = min(got[0], lo_min), max(got[1], lo_max), \
                    min(got[2], hi_min)
    stored: dict[tuple[str, str, str], list[_Member]] = {}
    keys = list(wanted.items())
    for k in range(0, len(keys), 100):
        part = keys[k:k + 100]
        # one range per span class (migration 011): a member of a class ends at most that
        # many days after its lo, so only those that start that close can reach hi_min
        params: list[object] = []
        for (s, t, st), (lo_min, lo_max, hi_min) in part:
            reach = dt.date.fromisoformat(hi_min)
            for span in SPANS:
                params += (s, t, st, span,
                           max(lo_min, (reach - dt.timedelta(days=span)).isoformat()),
                           lo_max, hi_min)
        rows_marks = ",".join(["(?, ?, ?, ?, ?, ?, ?)"] * (len(part) * len(SPANS)))
        for r in conn.execute(
                f"WITH q(s, t, st, span, lo_min, lo_max, hi_min) AS (VALUES {rows_marks}) "
                f"SELECT {_KIND_COLS_K} "
                "FROM q JOIN cluster_kinds k ON k.source_key = q.s "
                "AND k.target_key = q.t AND k.stance = q.st AND k.span = q.span "
                "AND k.lo BETWEEN q.lo_min AND q.lo_max AND k.hi >= q.hi_min", params):
            stored.setdefault((str(r[14]), str(r[15]), str(r[6])), []).append(
                (str(r[1]), _parsed(r), r[10], r[11]))
    # the stored clusters involved: their smallest member and conflict flag
    first: dict[str, str] = {}
    flag: dict[str, bool] = {}
    old = sorted({member[0] for rows in stored.values() for member in rows})
    for k in range(0, len(old), 500):
        some = old[k:k + 500]
        marks = _marks(len(some))
        first.update((str(c), str(e)) for c, e in conn.execute(
            "SELECT cluster_id, min(event_id) FROM event_cluster_members "
            f"WHERE cluster_id IN ({marks}) GROUP BY cluster_id", some))
        flag.update((str(c), bool(f)) for c, f in conn.execute(
            f"SELECT id, conflict FROM event_clusters WHERE id IN ({marks})", some))
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
                if c not in found and test(m, o):
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
    conn.executemany(KIND_INSERT, kind_rows(final_rows))
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
    conn.execute("DELETE FROM event_clusters")
    conn.execute("DELETE FROM event_cluster_members")
    ids = [str(r[0]) for r in conn.execute("SELECT id FROM events ORDER BY id")]
    add_mentions(conn, ids)
    return int(conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0])
