"""The stored row of an event cluster: counts, representative, first and last seen.

A cluster's row is computed from all its members (``_cluster_row``) or, for a stored
cluster that only gained members, from its stored row and the new members (``_grow``); both
give the same row. Counts include the cluster's *copies* (``event_copies``, migration 012:
a near-duplicate article under another outlet is a mention of each of its original's
events): ``n_mentions``, ``n_articles`` and ``n_outlets`` count them as GDELT counts
reports, ``n_independent`` counts only the outlets of independently written members.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import Any

# how exact a date is, for choosing a cluster's representative date (smaller is better)
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4,
                  "publication": 5}


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _conflict_of(conn: sqlite3.Connection, cid: str) -> bool:
    row = conn.execute("SELECT conflict FROM event_clusters WHERE id = ?", (cid,)).fetchone()
    return bool(row and row[0])


def _drop_cluster(conn: sqlite3.Connection, cid: str) -> None:
    conn.execute("DELETE FROM event_clusters WHERE id = ?", (cid,))
    conn.execute("DELETE FROM cluster_actors WHERE cluster_id = ?", (cid,))
    conn.execute("DELETE FROM cluster_kinds WHERE cluster_id = ?", (cid,))


def _refresh_sql(marks: str) -> str:
    """The members of the clusters bound to ``marks`` (a run of '?' placeholders)."""
    return (
        "SELECT m.event_id, m.article_id, m.outlet, e.cameo, e.root, e.plover_type, "
        "e.quad_class, e.goldstein, e.date, e.date_precision, m.lo, m.hi, "
        "COALESCE(a.published, substr(a.ingested_at, 1, 10)) AS seen, m.source_key, "
        "m.target_key, m.stance, m.cluster_id FROM event_cluster_members m "
        "JOIN events e ON e.id = m.event_id JOIN articles a ON a.id = m.article_id "
        f"WHERE m.cluster_id IN ({marks})")


def _refresh_many(conn: sqlite3.Connection, conflicts: dict[str, bool],
                  grown: dict[str, list[tuple[object, ...]]] | None = None) -> None:
    """Write clusters' rows and actor index, with a few statements for all of them; rows are
    written in the order of ``conflicts`` (cluster -> flag).

    Clusters in ``grown`` (stored clusters that only gained the given member rows) are
    updated from their stored row and those members (``_grow``); every other one is
    recomputed from all its members. Both give the same row: see ``_cluster_row``.
    """
    updated = _grow(conn, grown, conflicts) if grown else {}
    cids = [c for c in conflicts if c not in updated]
    members: dict[str, list[Sequence[Any]]] = {}
    copies: dict[str, list[Sequence[Any]]] = {}
    for k in range(0, len(cids), 500):
        some = cids[k:k + 500]
        for r in conn.execute(_refresh_sql(_marks(len(some))), some):
            members.setdefault(str(r[16]), []).append(r)
        if has_copies(conn):
            for r in conn.execute(_copies_sql(_marks(len(some))), some):
                copies.setdefault(str(r[0]), []).append(r)
    out = []
    whole: list[str] = []  # clusters whose actor index is rebuilt from all members
    for cid in conflicts:
        if cid in updated:
            out.append(updated[cid])
            continue
        rows = members.get(cid)
        if not rows:
            continue
        out.append(_cluster_row(cid, rows, conflicts[cid], copies.get(cid, ())))
        whole.append(cid)
    if not out:
        return
    conn.executemany(
        "INSERT OR REPLACE INTO event_clusters (id, source_key, target_key, stance, cameo, "
        "root, plover_type, quad_class, goldstein, date, date_precision, lo, hi, n_mentions, "
        "n_outlets, n_articles, first_seen, last_seen, conflict, rep_event, n_independent) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", out)
    for k in range(0, len(whole), 500):
        some = whole[k:k + 500]
        marks = _marks(len(some))
        conn.execute(f"DELETE FROM cluster_actors WHERE cluster_id IN ({marks})", some)
        conn.execute(
            "INSERT OR IGNORE INTO cluster_actors (actor_id, date, cluster_id) "
            "SELECT DISTINCT ea.actor_id, COALESCE(c.lo, ''), c.id FROM event_clusters c "
            "JOIN event_cluster_members m ON m.cluster_id = c.id "
            f"JOIN event_actors ea ON ea.event_id = m.event_id WHERE c.id IN ({marks})", some)


def _rep_key(precision: object, seen: object, event_id: object, lo: object = None,
             hi: object = None) -> tuple[float, str, str]:
    """Order of a cluster's members for its representative: most precise date (a day whose
    range is wider than the day, as "last Tuesday"'s, after the days given outright, so
    another report settles it), earliest seen, smallest id."""
    rank = float(PRECISION_RANK.get(str(precision), 9))
    if precision == "day" and lo is not None and lo != hi:
        rank += 0.5
    return (rank, str(seen or "9"), str(event_id))


def _cluster_row(cid: str, rows: list[Sequence[Any]], conflict: bool,
                 copies: Sequence[Sequence[Any]] = ()) -> tuple[Any, ...]:
    """A cluster's row from all its members (``_refresh_sql`` rows) and copies
    (``_copies_sql`` rows: cluster, article, outlet, seen)."""
    codes = Counter(str(r[3]) for r in rows)
    cameo = min(codes, key=lambda c: (-codes[c], c))
    coded = min((r for r in rows if r[3] == cameo), key=lambda r: str(r[0]))
    rep = min(rows, key=lambda r: _rep_key(r[9], r[12], r[0], r[10], r[11]))
    seen = sorted([str(r[12]) for r in rows if r[12]] + [str(c[3]) for c in copies if c[3]])
    outlets = {str(r[2]) for r in rows}
    return (cid, rep[13], rep[14], rep[15], cameo, coded[4], coded[5], coded[6],
            coded[7], rep[8], rep[9], rep[10], rep[11], len(rows) + len(copies),
            len(outlets | {str(c[2]) for c in copies}),
            len({str(r[1]) for r in rows} | {str(c[1]) for c in copies}),
            seen[0] if seen else None, seen[-1] if seen else None,
            int(conflict), rep[0], len(outlets))


def _by_id(conn: sqlite3.Connection, select: str,
           ids: Sequence[str]) -> dict[str, Sequence[Any]]:
    """Rows of ``select`` (a constant query ending in ``IN``, its first column the id) for
    ``ids``, keyed by that id; 500 ids per statement (SQLite's parameter limit)."""
    out: dict[str, Sequence[Any]] = {}
    for k in range(0, len(ids), 500):
        some = ids[k:k + 500]
        marks = _marks(len(some))
        for r in conn.execute(f"{select} ({marks})", some):
            out[str(r[0])] = r
    return out


_HELD_SELECT = {  # per column: the start of a query for the values some member holds
    "outlet": "SELECT DISTINCT outlet FROM event_cluster_members WHERE cluster_id = ? "
              "AND outlet IN",
    "article_id": "SELECT DISTINCT article_id FROM event_cluster_members "
                  "WHERE cluster_id = ? AND article_id IN",
}


def _held_by_others(conn: sqlite3.Connection, column: str, cid: str, values: set[str],
                    ids: list[str]) -> set[str]:
    """Which of ``values`` (outlets or article ids) a member of ``cid`` other than the events
    ``ids`` already has (indexes of migration 010: a few steps each)."""
    select = _HELD_SELECT[column]
    marks, id_marks = _marks(len(values)), _marks(len(ids))
    return {str(x[0]) for x in conn.execute(
        f"{select} ({marks}) AND event_id NOT IN ({id_marks})", [cid, *sorted(values), *ids])}


def _copies_sql(marks: str) -> str:
    """The copies (migration 012) of the clusters bound to ``marks``: cluster, copy
    article, its outlet, its date."""
    return ("SELECT m.cluster_id, c.article_id, c.outlet, "
            "COALESCE(a.published, substr(a.ingested_at, 1, 10)) FROM event_copies c "
            "JOIN event_cluster_members m ON m.event_id = c.event_id "
            f"JOIN articles a ON a.id = c.article_id WHERE m.cluster_id IN ({marks})")


def has_copies(conn: sqlite3.Connection) -> bool:
    """Whether the store holds any copy mention (most stores hold none: their clusters never
    pay for the copy lookups)."""
    return conn.execute("SELECT 1 FROM event_copies LIMIT 1").fetchone() is not None


def _held_by_copies(conn: sqlite3.Connection, cid: str, values: set[str]) -> set[str]:
    """Which of ``values`` (outlets) a copy of a member of ``cid`` already has."""
    if not values:
        return set()
    marks = _marks(len(values))
    return {str(x[0]) for x in conn.execute(
        "SELECT DISTINCT c.outlet FROM event_cluster_members m "
        "JOIN event_copies c ON c.event_id = m.event_id "
        f"WHERE m.cluster_id = ? AND c.outlet IN ({marks})",
        [cid, *sorted(values)])}


def _grow(conn: sqlite3.Connection, grown: dict[str, list[tuple[object, ...]]],
          conflicts: dict[str, bool]) -> dict[str, tuple[Any, ...]]:
    """Rows of stored clusters that gained members, from their stored row and the new
    members alone (the indexes of migration 010 answer the rest), so adding to a cluster
    costs the same at ten members as at ten thousand. Each value equals what
    ``_cluster_row`` computes from all members:

    - the code seen most often (ties: the smallest) can only become one of the new members'
      codes, and only by count: the old code's and the new codes' counts decide;
    - the representative is the old one or a new member, by ``_rep_key``;
    - mentions add up; an outlet or article counts when no old member has it;
    - first/last seen widen by the new members' dates.

    The actor index gains the new members' actors, and moves to the new ``lo`` when the
    representative changed.
    """
    old = _by_id(conn, (
        "SELECT c.id, c.cameo, c.root, c.plover_type, c.quad_class, c.goldstein, "
        "c.date, c.date_precision, c.lo, c.hi, c.n_mentions, c.n_outlets, "
        "c.n_articles, c.first_seen, c.last_seen, c.rep_event, "
        "COALESCE(a.published, substr(a.ingested_at, 1, 10)), c.n_independent, "
        "c.source_key, c.target_key "
        "FROM event_clusters c JOIN events e ON e.id = c.rep_event "
        "JOIN articles a ON a.id = e.article_id WHERE c.id IN"), list(grown))
    # event id -> its events/articles columns
    new = _by_id(conn, (
        "SELECT e.id, e.cameo, e.root, e.plover_type, e.quad_class, e.goldstein, "
        "e.date, e.date_precision, COALESCE(a.published, substr(a.ingested_at, 1, 10)) "
        "FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id IN"),
        [str(r[0]) for rows in grown.values() for r in rows])
    out: dict[str, tuple[Any, ...]] = {}
    copied = has_copies(conn)
    for cid, rows in grown.items():
        o = old.get(cid)
        if o is None:  # not stored after all: leave it to the full path
            continue
        ids = [str(r[0]) for r in rows]
        id_marks = _marks(len(ids))
        # the code: counts and smallest members of the old code and the new codes
        codes = sorted({str(o[1])} | {str(new[i][1]) for i in ids})
        code_marks = _marks(len(codes))
        counts = {str(c): (int(n), str(first)) for c, n, first in conn.execute(
            "SELECT cameo, count(*), min(event_id) FROM event_cluster_members "
            f"WHERE cluster_id = ? AND cameo IN ({code_marks}) GROUP BY cameo",
            [cid, *codes])}
        cameo = min(counts, key=lambda c: (-counts[c][0], c))
        coded_id = counts[cameo][1]
        if coded_id in new:
            c = new[coded_id]
            coded = (c[2], c[3], c[4], c[5])
        elif cameo == str(o[1]):  # the old code and its old smallest member
            coded = (o[2], o[3], o[4], o[5])
        else:
            c = conn.execute("SELECT root, plover_type, quad_class, goldstein FROM events "
                             "WHERE id = ?", (coded_id,)).fetchone()
            coded = (c[0], c[1], c[2], c[3])
        # the representative
        rep = (o[6], o[7], o[8], o[9], o[15])  # date, precision, lo, hi, event id
        actors = (o[18], o[19])  # the representative's key is the cluster's
        best = _rep_key(o[7], o[16], o[15], o[8], o[9])
        for r in rows:
            e = new[str(r[0])]
            key = _rep_key(e[7], e[8], e[0], r[10], r[11])
            if key < best:
                best, rep = key, (e[6], e[7], r[10], r[11], e[0])
                actors = (r[4], r[5])
        # outlets and articles not carried by an old member
        outlets = {str(r[3]) for r in rows}
        have = _held_by_others(conn, "outlet", cid, outlets, ids)
        by_copies = _held_by_copies(conn, cid, outlets - have) if copied else set()
        articles = {str(r[2]) for r in rows}
        have_articles = _held_by_others(conn, "article_id", cid, articles, ids)
        seen = sorted([str(x) for x in (o[13], o[14]) if x]
                      + [str(new[i][8]) for i in ids if new[i][8]])
        first = rows[0]
        out[cid] = (cid, actors[0], actors[1], first[6], cameo, *coded, rep[0], rep[1], rep[2],
                    rep[3], int(o[10]) + len(rows),
                    int(o[11]) + len(outlets - have - by_copies),
                    int(o[12]) + len(articles - have_articles),
                    seen[0] if seen else None, seen[-1] if seen else None,
                    int(conflicts[cid]), rep[4], int(o[17]) + len(outlets - have))
        if rep[2] != o[8]:
            conn.execute("UPDATE cluster_actors SET date = ? WHERE cluster_id = ?",
                         (rep[2] if rep[2] is not None else "", cid))
        conn.execute(
            "INSERT OR IGNORE INTO cluster_actors (actor_id, date, cluster_id) "
            "SELECT DISTINCT ea.actor_id, ?, ? FROM event_actors ea "
            f"WHERE ea.event_id IN ({id_marks})",
            [rep[2] if rep[2] is not None else "", cid, *ids])
    return out

