"""Candidate retrieval: which stored cluster members a new mention is compared with.

A member is stored twice over: its row in ``event_cluster_members`` (``_member_row``) and its
*kind* in ``cluster_kinds`` (migration 011: members alike in everything ``compatible`` and
``conflicting`` read come back once), filed under its key and, for a key of two or more
participants, under each participant alone (``+`` and its type, migration 012) so that a
report with one side missing finds it. ``_lookups`` says which keys, stances and date ranges
a mention reads (index lookups only: nothing here grows with the store beyond the members
of the mention's own key and days); ``_found`` applies those conditions to members already
read (the store's query also leaves out dates ``dates_compatible`` refuses,
``events._DATE_OK``), and ``_parsed`` reads stored rows back into ``Mention``s, remembered.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache

from newsgraph.resolve.compatibility import (
    COOPERATIVE_ROOTS,
    COOPERATIVE_TYPES,
    UNSIDED,
    Mention,
    _cooperative,
    _keyed,
    _participants,
    _rejecting,
    topic_index,
)
from newsgraph.resolve.dates import DAY_TOLERANCE, WEAK_DAYS_BEFORE, Window

#: the mark of a story term in a member's stored ``terms``: sorts before the evidence words,
#: so the cut to 48 keeps it
TOPIC_MARK = "^"
#: the mark of a member in its article's lead (``Mention.lead``): the first item of its
#: stored ``terms``, before the topic, so the cut to 48 keeps it
LEAD_MARK = "!"
#: the mark of a main event (``Mention.main``): the first item of its stored ``terms``, after
#: the lead mark if it has one ("!#" in the lead, "#" after it)
MAIN_MARK = "#"
_MARKS = frozenset({"!", "#", "!#"})
#: the ``target_key`` a main event is also filed under, with each of its article's
#: heaviest story terms (``_main_keys``) as the source key: type- and participant-free, as
#: main events meet whatever their type and sides; read back, the row gives the member's
#: own key (``full_key``) and type key (from its code columns)
MAIN = "#"
#: classes of a member's date range length in days (``span``, migration 011, same values)
SPANS = (3, 7, 31, 92, 370)


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
    follow (the lead mark, if any, taken off first: ``_from_member_row``)."""
    if text[:1] != TOPIC_MARK:
        return (), frozenset(text.split())
    end = text.find(" ", text.rfind(TOPIC_MARK))
    if end < 0:
        return _topic_of(text), frozenset()
    return _topic_of(text[:end]), frozenset(text[end + 1:].split())


def _from_member_row(r: Sequence[object]) -> Mention:
    lo, hi = r[10], r[11]
    stored = str(r[13])
    head = stored.split(" ", 1)[0]
    marked = head in _MARKS
    topic, words = _split_terms(stored[len(head) + 1:] if marked else stored)
    window = (Window(dt.date.fromisoformat(str(lo)), dt.date.fromisoformat(str(hi)),
                     bool(r[12])) if lo is not None and hi is not None else None)
    return Mention(event_id=str(r[0]), article_id=str(r[2]), outlet=str(r[3]),
                   source_key=str(r[4]), target_key=str(r[5]), stance=str(r[6]),
                   cameo=str(r[7]), root=str(r[8]),
                   plover_type=None if r[9] is None else str(r[9]), window=window,
                   terms=words, topic=topic, lead=marked and LEAD_MARK in head,
                   main=marked and MAIN_MARK in head)



_MEMBER_COLS = ("event_id, cluster_id, article_id, outlet, source_key, target_key, stance, "
                "cameo, root, plover_type, lo, hi, weak, terms")
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
    else f"CASE WHEN k.target_key = '{MAIN}' "
         "THEN '*' || COALESCE(k.plover_type, 'r' || k.root) "
         "WHEN k.full_key IS NULL THEN k.target_key ELSE '*' || substr(k.target_key, 2) "
         "END" if c == "target_key"
    else "k." + c for c in _MEMBER_COLS.split(", ")) + ", k.source_key, k.target_key"
KIND_INSERT = ("INSERT OR IGNORE INTO cluster_kinds (cluster_id, source_key, target_key, "
                "stance, cameo, root, plover_type, lo, hi, weak, terms, event_id, full_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
#: a span class beyond the first that a key has kinds in (migration 020)
KIND_SPAN_INSERT = ("INSERT OR IGNORE INTO cluster_kind_spans (source_key, target_key, stance, "
                    "span) VALUES (?, ?, ?, ?)")


def span_class(lo: str, hi: str) -> int:
    """The ``span`` class of a kind's date range (ISO days): the stored generated column
    of ``cluster_kinds`` (migration 011), computed here."""
    days = (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days
    return next((s for s in SPANS if days <= s), SPANS[-1])


def insert_kinds(conn: sqlite3.Connection, kinds: Sequence[Sequence[object]]) -> None:
    """Insert ``cluster_kinds`` rows (``KIND_INSERT`` order, as ``kind_rows`` gives them)
    and list the span classes beyond the first they bring to their keys
    (``cluster_kind_spans``, migration 020), which the candidate lookup seeks only where
    listed: every writer of kinds goes through here."""
    conn.executemany(KIND_INSERT, kinds)
    longer = {(k[1], k[2], k[3], span) for k in kinds if k[7] != k[8]
              and (span := span_class(str(k[7]), str(k[8]))) > SPANS[0]}
    if longer:
        conn.executemany(KIND_SPAN_INSERT, sorted(longer))


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
        if _is_main(str(r[13])):
            for p in _main_keys(_from_member_row(r)):
                out.append((r[1], p, MAIN, *r[6:14], r[0], r[4]))
    return out


def _is_main(stored_terms: str) -> bool:
    return MAIN_MARK in stored_terms.split(" ", 1)[0]


def _main_keys(m: Mention) -> list[str]:
    """Where a main event is filed (with target key ``MAIN``): under each of its
    article's heaviest story terms (``topic_index``, marked ``TOPIC_MARK``), as two main
    events meet only when they share one (``compatibility._main_events``); none for a key
    that identifies no one or an article without story terms."""
    if not _keyed(m.target_key) or "~" in m.source_key or not m.source_key:
        return []
    return [TOPIC_MARK + t for t in topic_index(m.topic)]



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
    elif _keyed(m.target_key) and "~" not in m.source_key and m.source_key \
            and m.source_key != UNSIDED:
        join.append((m.source_key, _alone(m.target_key), m.stance, lo_min, lo_max, hi_min))
    # a main event: the other articles' main events filed under its story terms, any
    # type, any participants
    if m.main:
        join += [(p, MAIN, m.stance, lo_min, lo_max, hi_min) for p in _main_keys(m)]
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


# a stored (or batch) member: its cluster id as read, the mention as stored (a stored one
# as its row, read back by ``_parsed`` only when a test needs it: ``_mention``), its lo
# and hi
_Member = tuple[str, "Mention | Sequence[object]", object, object]


def _found(spec: _Lookup, event_id: str, *pools: dict[tuple[str, str, str], list[_Member]]
           ) -> list[tuple[str, Mention | Sequence[object]]]:
    """The members one candidate lookup (``spec``) returns: its key, its range on ``lo``
    and least ``hi``. The store's query also leaves out kinds whose dates cannot match
    (``events._DATE_OK``), which ``compatible`` and ``conflicting`` reject in any case."""
    s, t, stance, lo_min, lo_max, hi_min = spec
    return [(cid, o) for pool in pools for cid, o, lo, hi in pool.get((s, t, stance), ())
            if isinstance(lo, str) and isinstance(hi, str) and lo_min <= lo <= lo_max
            and hi >= hi_min
            and (o.event_id if isinstance(o, Mention) else o[0]) != event_id]


def _mention(o: Mention | Sequence[object]) -> Mention:
    """A member of a ``_found`` answer as a ``Mention``: a stored row is read back
    (``_parsed``) here, when a test first needs it, as most rows a lookup returns are in a
    cluster the mention was already found to join and are never tested."""
    return o if isinstance(o, Mention) else _parsed(o)


def _mark(m: Mention) -> str:
    """The first item of a marked member's stored ``terms``: lead, main event, or both."""
    return (LEAD_MARK if m.lead else "") + (MAIN_MARK if m.main else "")


def _member_row(m: Mention, cluster: str) -> tuple[object, ...]:
    """The ``event_cluster_members`` row of a mention (``_MEMBER_COLS`` order)."""
    w = m.window
    return (m.event_id, cluster, m.article_id, m.outlet, m.source_key, m.target_key, m.stance,
            m.cameo, m.root, m.plover_type, w.lo.isoformat() if w else None,
            w.hi.isoformat() if w else None, int(bool(w and w.weak)),
            " ".join([*((_mark(m),) if m.lead or m.main else ()),
                      *(f"{TOPIC_MARK}{t}={v:g}" for t, v in m.topic), *sorted(m.terms)[:48]]))


_PARSED: dict[tuple[object, ...], Mention] = {}
# an entry (a mention, its evidence words and the row as key) takes ~2 kB (measured on
# the bench articles): 16k entries stay near 35 MB, where 131k let a long-running
# writer grow by ~270 MB before the first clear
_PARSED_MAX = 1 << 14


def _parsed(r: Sequence[object]) -> Mention:
    """``_from_member_row``, remembered by the row's content (all but its cluster id, which
    merges change): members of a large cluster come back as candidates for every new mention
    of it, and parsing their dates and terms again each time was most of the clustering.
    Only the ``_MEMBER_COLS`` it reads are the key: a kind row's two lookup-key columns
    (``_KIND_COLS_K``) are left out, so a kind filed under several keys (a main event under
    each of its story terms) is parsed once."""
    key = (r[0], *r[2:14])
    got = _PARSED.get(key)
    if got is None:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        got = _PARSED[key] = _from_member_row(r)
    return got
