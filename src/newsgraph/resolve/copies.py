"""Copies: a near-duplicate article is a mention of each of its original's events.

A syndicated or re-published text is linked to its original (``articles.duplicate_of``) and
not parsed again, but it is still one more report: GDELT counts it in NumArticles and
NumSources. Each of the original's events gets an ``event_copies`` row for the copy, so the
event's cluster counts it in ``n_mentions``, ``n_articles`` and ``n_outlets``; it is flagged
as a copy, so ``n_independent`` (outlets with a report of their own) does not move. The copy
follows its original event into whatever cluster that event is in, merges included.
"""

from __future__ import annotations

import sqlite3

from newsgraph.resolve.cluster_rows import _marks, _refresh_many


def add_copies(conn: sqlite3.Connection, article_id: str, original_id: str,
               outlet: str | None) -> set[str]:
    """Record ``article_id`` as a copy of every event of ``original_id``; returns the
    clusters whose rows were refreshed. Idempotent (a copy recorded twice counts once)."""
    events = [str(r[0]) for r in conn.execute(
        "SELECT id FROM events WHERE article_id = ? ORDER BY id", (original_id,))]
    if not events:
        return set()
    conn.executemany(
        "INSERT OR IGNORE INTO event_copies (event_id, article_id, outlet) VALUES (?, ?, ?)",
        [(e, article_id, outlet or article_id) for e in events])
    clusters: dict[str, bool] = {}
    for k in range(0, len(events), 500):
        some = events[k:k + 500]
        marks = _marks(len(some))
        for cid, conflict in conn.execute(
                "SELECT DISTINCT m.cluster_id, c.conflict FROM event_cluster_members m "
                "JOIN event_clusters c ON c.id = m.cluster_id "
                f"WHERE m.event_id IN ({marks})", some):
            clusters[str(cid)] = bool(conflict)
    # recomputed from all members and copies: a copy is saved once per copy article, and
    # its clusters are the original's (a story's few events), not the store's big ones
    _refresh_many(conn, dict(sorted(clusters.items())))
    return set(clusters)
