"""Feed state in the store (migration 014): validators, failures, seen entries, rounds.

Every write here is one ``Store.transaction`` (a savepoint inside ``grouped()``), so it lands
with the article it belongs to or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from newsgraph.store import Store

MAX_BACKOFF_S = 24 * 3600.0
ENTRY_TRIES = 3  # rounds an entry page that fails to fetch (E110) is tried in
_CHUNK = 500  # keys per IN (...) lookup


@dataclass(slots=True)
class Feed:
    url: str
    etag: str | None
    last_modified: str | None
    failures: int
    next_at: float


@dataclass(slots=True)
class Pending:
    feed_url: str
    entry_key: str
    origin: str
    payload: dict[str, Any]
    tries: int = 0


class WatchState:
    """The watcher's reads and writes of its own tables."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def sync_feeds(self, urls: list[str]) -> list[Feed]:
        """Add feeds new to the list; the state of known ones is kept (a restart continues)."""
        with self.store.transaction() as c:
            c.executemany("INSERT OR IGNORE INTO watch_feeds (url) VALUES (?)",
                          [(u,) for u in urls])
        rows = {r[0]: r for r in self.store.conn.execute(
            "SELECT url, etag, last_modified, failures, next_at FROM watch_feeds")}
        return [Feed(u, rows[u][1], rows[u][2], int(rows[u][3]), float(rows[u][4]))
                for u in urls]

    def known_keys(self, feed_url: str, keys: list[str]) -> set[str]:
        out: set[str] = set()
        for i in range(0, len(keys), _CHUNK):
            part = keys[i:i + _CHUNK]
            marks = ",".join("?" * len(part))
            out.update(r[0] for r in self.store.conn.execute(
                "SELECT entry_key FROM watch_entries WHERE feed_url = ? "
                f"AND entry_key IN ({marks})", (feed_url, *part)))
        return out

    def polled(self, feed: Feed, status: str, now: float, *, etag: str | None = None,
               last_modified: str | None = None, title: str | None = None,
               queue: list[Pending] | None = None) -> None:
        """A successful poll: new validators and the new entries queued in one transaction,
        so a crash cannot leave validators that would hide entries never processed."""
        with self.store.transaction() as c:
            if queue:
                c.executemany(
                    "INSERT OR IGNORE INTO watch_entries (feed_url, entry_key, origin, link, "
                    "payload, state, seen_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
                    [(p.feed_url, p.entry_key, p.origin, p.payload.get("link"),
                      json.dumps(p.payload), now) for p in queue])
            c.execute(
                "UPDATE watch_feeds SET etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified), title = coalesce(?, title), "
                "failures = 0, next_at = 0, last_polled = ?, last_status = ?, last_error = NULL, "
                "entries = entries + ? WHERE url = ?",
                (etag, last_modified, title, now, status, len(queue or ()), feed.url))

    def failed(self, feed: Feed, code: str, reason: str, now: float, every: float) -> float:
        """A failed poll; the feed waits ``every * 2**(failures-1)`` (at most a day) before
        it is polled again. Returns that wait."""
        failures = feed.failures + 1
        wait = float(min(every * 2 ** (failures - 1), MAX_BACKOFF_S))
        with self.store.transaction() as c:
            c.execute("UPDATE watch_feeds SET failures = ?, next_at = ?, last_polled = ?, "
                      "last_status = ?, last_error = ? WHERE url = ?",
                      (failures, now + wait, now, code, reason[:500], feed.url))
        return wait

    def pending(self) -> list[Pending]:
        """Entries queued and not yet stored or skipped, oldest first (a killed run's too)."""
        return [Pending(r[0], r[1], r[2], json.loads(r[3]), int(r[4]))
                for r in self.store.conn.execute(
                    "SELECT feed_url, entry_key, origin, payload, tries FROM watch_entries "
                    "WHERE state = 'pending' ORDER BY seen_at, feed_url, entry_key")]

    def retry_entry(self, p: Pending) -> None:
        """A page that could not be fetched this time stays queued for the next round."""
        with self.store.transaction() as c:
            c.execute("UPDATE watch_entries SET tries = tries + 1 WHERE feed_url = ? "
                      "AND entry_key = ?", (p.feed_url, p.entry_key))

    def finish_entry(self, p: Pending, *, article_id: str | None = None,
                     code: str | None = None) -> None:
        """Mark an entry done (its article) or skipped (its code): never fetched again."""
        with self.store.transaction() as c:
            c.execute("UPDATE watch_entries SET state = ?, article_id = ?, code = ?, "
                      "payload = NULL WHERE feed_url = ? AND entry_key = ?",
                      ("skipped" if code else "done", article_id, code, p.feed_url,
                       p.entry_key))

    def start_round(self, now: float, feeds: int) -> int:
        with self.store.transaction() as c:
            cur = c.execute("INSERT INTO watch_rounds (started, feeds) VALUES (?, ?)",
                            (now, feeds))
            return int(cur.lastrowid or 0)

    def finish_round(self, round_id: int, now: float, stats: dict[str, int]) -> None:
        cols = ("polled", "not_modified", "new_entries", "articles", "skips", "errors",
                "alerts")
        with self.store.transaction() as c:
            c.execute(f"UPDATE watch_rounds SET finished = ?, "
                      f"{', '.join(f'{k} = ?' for k in cols)} WHERE id = ?",
                      (now, *(stats.get(k, 0) for k in cols), round_id))


def status(conn: sqlite3.Connection, *, limit: int = 500) -> dict[str, Any]:
    """The watcher's state for ``watch --status`` and ``/api/watch/status``: the last round,
    entry counts and every feed with its last answer and backoff."""
    def rows(sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        cur = conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    try:
        last = rows("SELECT * FROM watch_rounds ORDER BY id DESC LIMIT 1")
    except sqlite3.OperationalError:  # a store from before migration 014
        return {"rounds": 0, "last_round": None, "entries": {}, "feeds": [], "alerts": 0}
    entries = {r["state"]: r["n"] for r in rows(
        "SELECT state, count(*) AS n FROM watch_entries GROUP BY state")}
    return {
        "rounds": conn.execute("SELECT count(*) FROM watch_rounds").fetchone()[0],
        "last_round": last[0] if last else None,
        "entries": entries,
        "alerts": conn.execute("SELECT count(*) FROM alerts").fetchone()[0],
        "feeds": rows("SELECT url, title, last_status, last_error, failures, next_at, "
                      "last_polled, entries FROM watch_feeds ORDER BY url LIMIT ?", (limit,)),
    }
