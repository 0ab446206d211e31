"""Derived read tables the API aggregates instead of joining raw records per request.

``event_pairs`` (migration 006) holds one row per distinct (event, source, target) at the
actor level and at the country level. Migration 006 fills it for events stored before it;
``Store.save`` calls ``fill_event_pairs`` for each new article's events, and bulk loaders
call it (through ``Store.recluster``) after loading events and their actors.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

_ACTOR_PAIRS = (
    "INSERT OR IGNORE INTO event_pairs "
    "SELECT e.id, 'actor', es.actor_id, et.actor_id, e.goldstein, e.quad_class "
    "FROM events e "
    "JOIN event_actors es ON es.event_id = e.id AND es.role = 'source' "
    "JOIN event_actors et ON et.event_id = e.id AND et.role = 'target' {where}")
_COUNTRY_PAIRS = (
    "INSERT OR IGNORE INTO event_pairs "
    "SELECT e.id, 'country', s.country, t.country, e.goldstein, e.quad_class "
    "FROM events e "
    "JOIN event_actors es ON es.event_id = e.id AND es.role = 'source' "
    "JOIN actors s ON s.id = es.actor_id "
    "JOIN event_actors et ON et.event_id = e.id AND et.role = 'target' "
    "JOIN actors t ON t.id = et.actor_id "
    "WHERE s.country IS NOT NULL AND t.country IS NOT NULL {cond}")


def fill_event_pairs(conn: sqlite3.Connection, event_ids: Sequence[str] | None = None) -> None:
    """Add the pairs of ``event_ids`` (all events when None); existing rows stay as they are."""
    if event_ids is None:
        conn.execute(_ACTOR_PAIRS.format(where=""))
        conn.execute(_COUNTRY_PAIRS.format(cond=""))
        return
    for i in range(0, len(event_ids), 500):
        chunk = tuple(event_ids[i:i + 500])
        marks = ",".join("?" * len(chunk))
        conn.execute(_ACTOR_PAIRS.format(where=f"WHERE e.id IN ({marks})"), chunk)
        conn.execute(_COUNTRY_PAIRS.format(cond=f"AND e.id IN ({marks})"), chunk)
