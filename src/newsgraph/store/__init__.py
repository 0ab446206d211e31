"""The embedded store: one SQLite file, WAL, FTS5, numbered migrations, one writer.

Every article is written in one transaction together with all its records, so a crash
mid-batch leaves either the whole article or nothing. Re-ingesting the same input is a no-op
(keyed on the raw-input hash and on the clean-text hash).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.clean import content_hash
from newsgraph.clean.decode import scrub
from newsgraph.clean.outlet import outlet_from_url
from newsgraph.records import ActorMention, Analysis, Answer, Removed, Skip
from newsgraph.resolve.copies import add_copies
from newsgraph.resolve.events import add_mentions, insert_kinds, kind_rows, recluster_all
from newsgraph.resolve.stories import add_story, rebuild_stories, refresh_story
from newsgraph.store.readmodel import fill_event_pairs

if TYPE_CHECKING:  # datasketch loads only where near-duplicate detection runs
    from newsgraph.resolve.duplicates import DuplicateIndex

DEFAULT_DB = "newsgraph.db"
CLUSTERS_MIGRATION = 5  # 005_event_clusters.sql
READ_MODEL_MIGRATION = 6  # 006_read_indexes.sql: event_pairs
STORIES_MIGRATION = 12  # 012_copies_stories.sql: event copies, stories
MAIN_EVENTS_MIGRATION = 15  # 015_main_events.sql: main events filed type-free
EVENT_ACTOR_VIA_MIGRATION = 16  # 016_event_actor_via.sql: how an event's side was found
MAIN_STORY_TERMS_MIGRATION = 17  # 017_main_events_story_terms.sql: main events by story terms
PENDING_INDEXES_MIGRATION = 8  # 008_pending_indexes.sql
WAL_CHECKPOINT_PAGES = 10_000
WRITER_CACHE_KIB = 65_536


def actor_id(m: ActorMention) -> str:
    """Stable id of the canonical actor behind a mention (same across articles)."""
    return _actor_id(m.name, m.country, tuple(m.roles), m.kind)


@lru_cache(maxsize=1 << 16)
def _actor_id(name: str, country: str | None, roles: tuple[str, ...], kind: str) -> str:
    # the same few thousand actors recur in every article: hash each once per process
    return content_hash(f"{name.lower()}|{country or ''}|{','.join(roles)}|{kind}")


_ANSWER_FIELDS = tuple(f.name for f in fields(Answer))
_REMOVED_FIELDS = tuple(f.name for f in fields(Removed))


def _flat(obj: object, names: tuple[str, ...]) -> dict[str, Any]:
    """``dataclasses.asdict`` of a record whose fields are all plain values, minus its cost."""
    return {n: getattr(obj, n) for n in names}


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("newsgraph.store").joinpath("migrations")
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.read_text("utf-8")))
    return sorted(out)


class Store:
    """A newsgraph database file. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self._read_model = False
        self._grouped = False  # inside ``grouped()``: transactions are savepoints
        if readonly:
            uri = f"file:{self.path}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                        check_same_thread=False)
        else:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30,
                                        check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            self._enable_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            # checkpoint the WAL every ~40 MB instead of every 4 MB: an article dirties pages
            # of a dozen indexes, and the same hot pages were copied back (with an fsync)
            # every few articles. Commits are as durable as before: a killed writer loses
            # nothing committed, whatever the WAL's length.
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            # the writer's page cache: ids are hashes, so an article's rows land on scattered
            # index pages; 64 MiB instead of SQLite's 2 MiB keeps the upper levels and recent
            # leaves in memory (a writer's CPU per article -15% at 6,000 articles)
            self.conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
            self.migrate()
            self.build_pending_indexes()  # a bulk load that was killed half-way

    def _enable_wal(self, wait_s: float = 30.0) -> None:
        """Switch the file to WAL (persistent, so usually already done by an earlier open).

        Changing the journal mode needs the file to itself and SQLite answers "database is
        locked" at once instead of calling the busy handler when another connection of a
        brand-new file is mid-transaction (several first opens racing), so the switch is
        retried with a short back-off for up to ``wait_s``, like the busy timeout.
        """
        deadline = time.monotonic() + wait_s
        delay = 0.01
        while True:
            try:
                mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE``: one writer at a time, everything or nothing.

        Inside ``grouped()`` it is a savepoint of the group's transaction instead: the
        writes are still all-or-nothing, and land with the group's one commit.
        """
        if self._grouped:
            with self._savepoint():
                yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            # SQLite has already rolled back after some errors (SQLITE_FULL, SQLITE_IOERR);
            # a second ROLLBACK would raise and hide the real error
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        self.conn.execute("SAVEPOINT write")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # not when SQLite rolled the whole group back
                self.conn.execute("ROLLBACK TO write")
                self.conn.execute("RELEASE write")
            raise
        self.conn.execute("RELEASE write")

    @contextmanager
    def grouped(self) -> Iterator[None]:
        """Commit the writes made inside as one transaction (one commit for many articles).

        An article committed on its own copies every page it touched (a dozen indexes) to
        the WAL; a group of articles shares those pages, so one commit per partition writes
        a fraction of the bytes. Each write inside stays a unit (a savepoint): an article
        is whole or absent. A run killed mid-group loses only the uncommitted group, which
        a resumed run redoes (inputs are keyed by their raw hash). Keep the work done inside
        to writing: the write lock is held until the group ends. Nested groups join the
        outer one.
        """
        if self._grouped:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._grouped = True
        try:
            yield
        except BaseException:
            self._grouped = False
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self._grouped = False
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # -- schema ---------------------------------------------------------------------------

    def schema_version(self) -> int:
        row = self.conn.execute("PRAGMA user_version").fetchone()
        return int(row[0])

    def migrate(self) -> None:
        """Apply the numbered migrations above the file's ``user_version``, all of them in one
        transaction: a file is at one schema version or the next, never between.

        Events stored before clustering existed (``CLUSTERS_MIGRATION``) are clustered in the
        same transaction once every pending migration is in, so the clustering code always
        runs against the schema it was written for.
        """
        latest = max(v for v, _ in _migrations())
        if self.schema_version() >= latest:
            return
        with self.transaction() as c:
            current = self.schema_version()  # another process may have migrated meanwhile
            pending = [(v, sql) for v, sql in _migrations() if v > current]
            for version, sql in pending:
                for statement in _split_sql(sql):
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {int(version)}")
            if pending and current < CLUSTERS_MIGRATION <= pending[-1][0] \
                    and not current < STORIES_MIGRATION <= pending[-1][0]:
                recluster_all(c)
            if pending and current < STORIES_MIGRATION <= pending[-1][0]:
                # mention keys changed (country level, one side missing), copies of older
                # near-duplicates (filled by the migration) count in their clusters, and
                # older articles join stories: everything is clustered again, once
                # articles stored without an outlet get their URL's (clean/outlet.py)
                named = [(outlet_from_url(str(url)), str(aid)) for aid, url in c.execute(
                    "SELECT id, url FROM articles WHERE outlet IS NULL AND url IS NOT NULL")]
                c.executemany("UPDATE articles SET outlet = ? WHERE id = ?",
                              [(o, aid) for o, aid in named if o])
                c.execute("UPDATE event_copies SET outlet = COALESCE((SELECT outlet FROM "
                          "articles a WHERE a.id = event_copies.article_id), outlet)")
                rebuild_stories(c)  # first: mentions read their articles' story terms
                recluster_all(c)
            elif pending and current >= CLUSTERS_MIGRATION and (
                    current < MAIN_EVENTS_MIGRATION <= pending[-1][0]
                    or current < MAIN_STORY_TERMS_MIGRATION <= pending[-1][0]):
                # main events are marked and filed type-free (015), under their articles'
                # story terms (017): stored members again
                recluster_all(c)

    # -- writes ---------------------------------------------------------------------------

    def has_source(self, source_hash: str) -> bool:
        """True when these raw bytes were ingested before."""
        return self.conn.execute("SELECT 1 FROM sources WHERE source_hash = ?",
                                 (source_hash,)).fetchone() is not None

    def stale_user_date(self, source_hash: str, user_published: str | None) -> bool:
        """True when these raw bytes were stored with a *user* date (or none) other than
        ``user_published``: re-ingesting them with a corrected ``--published`` must redo the
        article (``replace``), not report it unchanged. A date the document carries itself
        is never overridden by the user's."""
        if user_published is None:
            return False
        row = self.conn.execute(
            "SELECT a.published, a.published_source FROM sources s JOIN articles a "
            "ON a.id = s.article_id WHERE s.source_hash = ?", (source_hash,)).fetchone()
        return bool(row and row[1] in ("user", "unknown") and row[0] != user_published)

    def replace(self, analysis: Analysis, signature: bytes | None = None) -> bool:
        """Write ``analysis`` in place of the stored article of the same id (a new user date
        changes the article's date, its events' dates and its timexes), in one transaction.

        The old article's rows go first (every table keyed by its id or its events' ids,
        found from the schema, so later migrations are covered); the clusters its events
        belonged to are dissolved, and their other members clustered again after the new
        events: clustering is order-independent, so the result is what a clean run gives.
        Other inputs linked to the article (``sources``) and its MinHash (same id, same
        text) are kept.
        """
        aid = analysis.article.id
        with self.grouped():
            c = self.conn
            c.execute("PRAGMA defer_foreign_keys = ON")  # duplicates may point at it
            events = [str(r[0]) for r in c.execute("SELECT id FROM events WHERE article_id = ?",
                                                   (aid,))]
            others: list[str] = []
            if events and self._has_table("event_cluster_members"):
                marks = ", ".join("?" * len(events))
                cids = [str(r[0]) for r in c.execute(
                    "SELECT DISTINCT cluster_id FROM event_cluster_members "
                    f"WHERE event_id IN ({marks})", events)]
                if cids:
                    id_marks = ", ".join("?" * len(cids))
                    others = [str(r[0]) for r in c.execute(
                        "SELECT event_id FROM event_cluster_members WHERE cluster_id IN "
                        f"({id_marks}) AND event_id NOT IN ({marks})", [*cids, *events])]
                    for table in self._tables_with("cluster_id"):
                        c.execute(f"DELETE FROM {table} WHERE cluster_id IN ({id_marks})", cids)
                    c.execute(f"DELETE FROM event_clusters WHERE id IN ({id_marks})", cids)
            for table in self._tables_with("event_id"):
                if table != "events":
                    c.execute(f"DELETE FROM {table} WHERE event_id IN "
                              "(SELECT id FROM events WHERE article_id = ?)", (aid,))
            story = (c.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                               (aid,)).fetchone() if self._has_table("story_articles") else None)
            for table in self._tables_with("article_id"):
                # the same id is the same clean text: its inputs and MinHash stay valid
                if table not in ("sources", "minhashes"):
                    c.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
            c.execute("DELETE FROM articles WHERE id = ?", (aid,))
            if story is not None:  # its story's row counts it no more (rows grow from it)
                refresh_story(c, str(story[0]))
            saved = self.save(analysis, signature=signature)
            if others:
                add_mentions(c, others)
        return saved

    def _has_table(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                 "name = ?", (name,)).fetchone() is not None

    def _tables_with(self, column: str) -> list[str]:
        """Plain tables of this file that have ``column`` (names checked against the schema:
        they are interpolated into the caller's SQL)."""
        names = [str(r[0]) for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")]
        out = []
        for table in names:
            if not table.isidentifier():
                continue
            cols = {str(r[1]) for r in self.conn.execute(f"PRAGMA table_info({table})")}
            if column in cols:
                out.append(table)
        return out

    def save_indexed(self, analysis: Analysis, index: DuplicateIndex | None) -> bool:
        """``save`` for a result of ``Pipeline.process`` with a near-duplicate ``index``: a
        duplicate whose original was skipped later on is kept as a plain article, and an
        original's MinHash from the index is written with it, also for an article stored
        before without one (ingest, watch and the stories eval all save this way)."""
        art = analysis.article
        if art.duplicate_of and not self.has_article(art.duplicate_of):
            art.duplicate_of = None
        signature = None
        if index is not None and not art.duplicate_of and art.id in index.signatures:
            from newsgraph.resolve.duplicates import to_bytes

            signature = to_bytes(index.signatures[art.id])
        if self.save(analysis, signature=signature):
            return True
        if signature is not None:  # already stored without one (INSERT OR IGNORE)
            self.save_signature(art.id, signature)
        return False

    def save(self, analysis: Analysis, signature: bytes | None = None) -> bool:
        """Write one analysed article with all its records; False when it was already there.

        ``signature`` (its MinHash) is written in the same transaction, so a crash can never
        leave an article the near-duplicate index will not know about on the next run.

        Rows go in with one ``executemany`` per table; actors first (each canonical actor
        once, in order of first mention, so the row ``INSERT OR IGNORE`` keeps is the same one
        a row-by-row write kept), then the records that reference them.
        """
        a = analysis.article
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        ids: dict[int, str] = {}  # id(mention) -> actor id, each hashed once

        def aid_of(m: ActorMention) -> str:
            key = id(m)
            got = ids.get(key)
            if got is None:
                got = ids[key] = actor_id(m)
            return got

        actors: dict[str, tuple[Any, ...]] = {}

        def add_actor(m: ActorMention) -> str:
            i = aid_of(m)
            if i not in actors:
                actors[i] = (i, m.name, m.kind, m.country, json.dumps(m.roles), m.code)
            return i

        mentions = [(a.id, m.start, m.end, m.text, add_actor(m), m.via)
                    for m in analysis.actors]
        events = []
        event_actors = []
        for e in analysis.events:
            events.append(
                (e.id, a.id, e.trigger, e.trigger_start, e.trigger_end, e.cameo, e.root,
                 e.goldstein, e.quad_class, e.plover_type, e.plover_mode, e.plover_context,
                 e.source[0].code if e.source else None,
                 e.target[0].code if e.target else None,
                 e.modality, int(e.negated), e.date, e.date_precision, e.date_text,
                 e.evidence.start, e.evidence.end, e.evidence.asserted_by, e.evidence.cue,
                 e.confidence))
            for role, ms in (("source", e.source), ("target", e.target)):
                for m in ms:
                    # the via tells a side the event's phrase gave from one filled from around
                    # it (migration 016): the resolver keys clusters on the former only
                    event_actors.append((e.id, role, add_actor(m), m.start, m.end, m.text,
                                         m.via))
        quotes = []
        for i, q in enumerate(analysis.quotes):
            speaker = add_actor(q.speaker_actor) if q.speaker_actor is not None else None
            quotes.append(
                (q.id or content_hash(f"{a.id}:q{i}:{q.content_start}"), a.id, q.speaker,
                 q.speaker_start, q.speaker_end, speaker, q.cue, q.content_start,
                 q.content_end, q.kind, int(q.anonymous), q.evidence.start, q.evidence.end,
                 q.cue_start, q.cue_end))
        timexes = [(a.id, t.start, t.end, t.text, t.type, t.value, t.precision, t.anchor)
                   for t in analysis.timexes]
        event_ids = [e.id for e in analysis.events]
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM articles WHERE id = ?", (a.id,)).fetchone():
                if a.source_hash:
                    c.execute("INSERT OR IGNORE INTO sources VALUES (?, ?, ?)",
                              (a.source_hash, a.id, a.origin))
                return False
            c.execute(
                "INSERT INTO articles (id, url, outlet, title, authors, published, "
                "published_source, language, origin, text, removed, duplicate_of, ingested_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.id, a.url, a.outlet, a.title, json.dumps(a.authors), a.published,
                 a.published_source, a.language, a.origin, a.text,
                 json.dumps([_flat(r, _REMOVED_FIELDS) for r in a.removed]), a.duplicate_of, now),
            )
            if a.source_hash:
                c.execute("INSERT OR IGNORE INTO sources VALUES (?, ?, ?)",
                          (a.source_hash, a.id, a.origin))
            if actors:
                c.executemany("INSERT OR IGNORE INTO actors VALUES (?, ?, ?, ?, ?, ?)",
                              actors.values())
            if mentions:
                c.executemany("INSERT OR IGNORE INTO actor_mentions VALUES (?, ?, ?, ?, ?, ?)",
                              mentions)
            if events:  # one statement: see ``_insert_rows``
                _insert_rows(c, "events", 24, events)
            if event_actors:
                c.executemany("INSERT OR IGNORE INTO event_actors VALUES (?, ?, ?, ?, ?, ?, ?)",
                              event_actors)
            if quotes:
                _insert_rows(c, "quotes", 15, quotes)
            if timexes:
                c.executemany("INSERT OR IGNORE INTO timexes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              timexes)
            self._places(c, analysis)
            if signature is not None:
                c.execute("INSERT OR IGNORE INTO minhashes (article_id, seq, signature) VALUES "
                          "(?, (SELECT coalesce(max(seq), 0) + 1 FROM minhashes), ?)",
                          (a.id, signature))
            # cross-article resolution in the same transaction: the article and its
            # clustering land together or not at all; every article joins a story (first:
            # its story terms are what its mentions match other reports' by); a
            # near-duplicate is a copy mention of its original's events
            add_story(c, a.id)
            add_mentions(c, event_ids)
            if a.duplicate_of:
                add_copies(c, a.id, a.duplicate_of, a.outlet)
            # read model (migration 006): the events' source -> target pairs for aggregates
            if self._has_read_model():
                fill_event_pairs(c, event_ids)
        return True

    def _has_read_model(self) -> bool:
        """Whether migration 006 is applied (once true it stays true: remembered)."""
        if not self._read_model:
            self._read_model = self.schema_version() >= READ_MODEL_MIGRATION
        return self._read_model

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?",
                                 (article_id,)).fetchone() is not None

    def save_signature(self, article_id: str, signature: bytes) -> None:
        """Keep an original article's MinHash for near-duplicate detection in later runs."""
        with self.transaction() as c:
            c.execute("INSERT OR IGNORE INTO minhashes (article_id, seq, signature) VALUES "
                      "(?, (SELECT coalesce(max(seq), 0) + 1 FROM minhashes), ?)",
                      (article_id, signature))

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Stored MinHash signatures in ingest order."""
        for row in self.conn.execute("SELECT article_id, signature FROM minhashes ORDER BY seq"):
            yield str(row[0]), bytes(row[1])

    # tables a bulk load may fill, with their column counts (a guard against typos)
    _BULK_TABLES = {"articles": 13, "sources": 3, "actors": 6, "actor_mentions": 6,
                    "events": 24, "event_actors": 7, "event_clusters": 21,
                    "event_cluster_members": 14, "cluster_actors": 3}

    def bulk_insert(self, table: str, rows: Iterable[Sequence[Any]]) -> int:
        """Append rows to ``table`` in one transaction with ``executemany``; returns the count.

        For loaders that bring their own ids and clusters (benchmarks, imports from another
        store): no clustering, no checks beyond the schema's. Rows are positional in the
        table's column order.
        """
        width = self._BULK_TABLES.get(table)
        if width is None:
            raise ValueError(f"bulk_insert does not load {table!r}")
        marks = ", ".join("?" * width)
        if table == "event_cluster_members":
            rows = list(rows)  # their matching kinds go in too (candidate lookups read those)
        with self.transaction() as c:  # rowcount leaves out rows written by triggers (FTS)
            n = c.executemany(f"INSERT INTO {table} VALUES ({marks})", rows).rowcount
            if table == "event_cluster_members":
                insert_kinds(c, kind_rows(rows))  # type: ignore[arg-type]
            return n

    @contextmanager
    def deferred_indexes(self, tables: Iterable[str]) -> Iterator[None]:
        """Drop the secondary indexes of ``tables`` for a bulk load, build them after it.

        Building an index once from sorted data costs far less than keeping it up to date row
        by row while millions of rows arrive in random key order. The dropped definitions are
        recorded in ``pending_indexes`` in the same transaction as the drop, so if the load is
        killed the next writer to open the file rebuilds them: the store never stays without
        its indexes. Primary keys and UNIQUE constraints stay (they guard the data). Only for
        loaders; ``save`` keeps every index current.
        """
        self.drop_indexes(tables)
        try:
            yield
        finally:
            self.build_pending_indexes()

    def drop_indexes(self, tables: Iterable[str]) -> int:
        """Drop the secondary indexes of ``tables``, recording them in ``pending_indexes``
        (same transaction); returns how many. ``build_pending_indexes`` undoes it."""
        names = tuple(tables)
        marks = ",".join("?" * len(names))
        with self.transaction() as c:
            rows = c.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' "
                "AND sql IS NOT NULL AND upper(sql) NOT LIKE 'CREATE UNIQUE%' "
                f"AND tbl_name IN ({marks}) ORDER BY name", names).fetchall()
            for name, table, sql in rows:
                c.execute("INSERT OR REPLACE INTO pending_indexes VALUES (?, ?, ?)",
                          (name, table, sql))
                c.execute(f'DROP INDEX "{name}"')
        return len(rows)

    def build_pending_indexes(self, table: str | None = None) -> int:
        """Create the indexes a bulk load dropped (of ``table``, else all) in one transaction;
        returns how many were built."""
        if self.schema_version() < PENDING_INDEXES_MIGRATION:
            return 0
        where, params = ("WHERE tbl = ?", (table,)) if table else ("", ())
        if self.conn.execute(f"SELECT 1 FROM pending_indexes {where} LIMIT 1",
                             params).fetchone() is None:
            return 0
        with self.transaction() as c:
            rows = c.execute(f"SELECT name, sql FROM pending_indexes {where} ORDER BY name",
                             params).fetchall()
            for name, sql in rows:
                if c.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                             (name,)).fetchone() is None:
                    c.execute(sql)
                c.execute("DELETE FROM pending_indexes WHERE name = ?", (name,))
        return len(rows)

    def recluster(self) -> int:
        """Rebuild all event clusters from the events (after an import); returns the count.

        Also fills the read model (``event_pairs``) for events a bulk load brought in, and
        regroups every article into stories (``resolve/stories.py``).
        """
        with self.transaction() as c:
            if self.schema_version() >= READ_MODEL_MIGRATION:
                fill_event_pairs(c)
            rebuild_stories(c)  # first: mentions read their articles' story terms
            return recluster_all(c)

    @staticmethod
    def _places(c: sqlite3.Connection, analysis: Analysis) -> None:
        """Places, event locations and the 5W1H summary of one article (same transaction)."""
        aid = analysis.article.id
        places = {(p.start, p.end): p for p in analysis.places}
        for e in analysis.events:
            if e.location is not None:
                places.setdefault((e.location.start, e.location.end), e.location)
        if places:
            c.executemany(
                "INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(aid, p.start, p.end, p.text, p.name, p.feature, p.country, p.fips, p.admin1,
                  p.lat, p.lon, p.confidence, p.via) for p in places.values()])
        located = [(e.id, aid, e.location.start, e.location.end) for e in analysis.events
                   if e.location is not None]
        if located:
            c.executemany("INSERT OR IGNORE INTO event_locations VALUES (?, ?, ?, ?)", located)
        s = analysis.summary
        if s is not None:
            answers = {q: None if getattr(s, q) is None else _flat(getattr(s, q), _ANSWER_FIELDS)
                       for q in ("who", "what", "when", "where", "why", "how")}
            c.execute("INSERT OR IGNORE INTO summaries VALUES (?, ?, ?)",
                      (aid, s.event_id, json.dumps(answers)))

    def summary(self, article_id: str) -> dict[str, Any] | None:
        """The stored 5W1H summary of an article (answers decoded), or None."""
        row = self.conn.execute("SELECT event_id, answers FROM summaries WHERE article_id = ?",
                                (article_id,)).fetchone()
        if row is None:
            return None
        return {"article_id": article_id, "event_id": row[0], **json.loads(row[1])}

    def places(self, article_id: str) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM places WHERE article_id = ? ORDER BY start",
                         (article_id,))

    def record_skip(self, skip: Skip) -> None:
        """Store a skip once (the same input skipped again for the same reason adds nothing)."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.transaction() as c:
            # origins and reasons quote the input (a URL, a file name): keep them storable
            c.execute("INSERT OR IGNORE INTO skips (origin, stage, code, reason, at) "
                      "VALUES (?, ?, ?, ?, ?)", (scrub(skip.origin), skip.stage, skip.code,
                                                 scrub(skip.reason), now))

    # -- reads ----------------------------------------------------------------------------

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def counts(self) -> dict[str, int]:
        """Rows per table, for summaries."""
        out = {}
        for table in ("articles", "actors", "events", "quotes", "timexes", "skips"):
            out[table] = int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        return out

    def articles(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        return self._all(
            "SELECT id, title, outlet, url, published, published_source, language, origin, "
            "length(text) AS chars, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
            "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes "
            "FROM articles a ORDER BY published IS NULL, published, id LIMIT ? OFFSET ?",
            (limit, offset))

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article by id or unique id prefix, with its JSON fields decoded."""
        rows = self._all("SELECT * FROM articles WHERE id LIKE ? || '%' LIMIT 2",
                         (article_id,))
        if len(rows) != 1:
            return None
        row = rows[0]
        row["authors"] = json.loads(row["authors"])
        row["removed"] = json.loads(row["removed"])
        return row

    def events(self, article_id: str | None = None, limit: int = 1000,
               offset: int = 0, min_confidence: float | None = None) -> list[dict[str, Any]]:
        """Events in order of their own dates with actors, place and evidence text (the read
        layer's query; see ``store/queries.py``)."""
        from newsgraph.store.queries import EventFilter, Queries

        page = Queries(self).events(EventFilter(article=article_id,
                                                min_confidence=min_confidence),
                                    limit=limit, offset=offset)
        return list(page["items"])

    def quotes(self, article_id: str | None = None, limit: int = 1000,
               offset: int = 0) -> list[dict[str, Any]]:
        where, params = ("WHERE q.article_id = ?", (article_id,)) if article_id else ("", ())
        return self._all(
            "SELECT q.*, substr(a.text, q.content_start + 1, q.content_end - q.content_start) "
            "AS content, a.title AS article_title FROM quotes q "
            f"JOIN articles a ON a.id = q.article_id {where} "
            "ORDER BY q.article_id, q.content_start LIMIT ? OFFSET ?",
            (*params, limit, offset))

    def timexes(self, article_id: str) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM timexes WHERE article_id = ? ORDER BY start",
                         (article_id,))

    def actor_mentions(self, article_id: str) -> list[dict[str, Any]]:
        return self._all("SELECT m.*, ac.name, ac.code, ac.kind FROM actor_mentions m "
                         "JOIN actors ac ON ac.id = m.actor_id WHERE m.article_id = ? "
                         "ORDER BY m.start", (article_id,))

    def actors(self, limit: int = 100, offset: int = 0,
               country: str | None = None) -> list[dict[str, Any]]:
        """Canonical actors with mention and article counts and the texts they were seen as."""
        where, params = ("WHERE ac.country = ?", (country.upper(),)) if country else ("", ())
        rows = self._all(
            "SELECT ac.id, ac.name, ac.kind, ac.country, ac.roles, ac.code, "
            "count(m.start) AS mentions, count(DISTINCT m.article_id) AS articles, "
            "json_group_array(DISTINCT m.text) AS aliases "
            f"FROM actors ac JOIN actor_mentions m ON m.actor_id = ac.id {where} "
            "GROUP BY ac.id ORDER BY mentions DESC, ac.name LIMIT ? OFFSET ?",
            (*params, limit, offset))
        for r in rows:
            r["roles"] = json.loads(r["roles"])
            r["aliases"] = json.loads(r["aliases"])
        return rows

    def skips(self) -> list[dict[str, Any]]:
        return self._all("SELECT origin, stage, code, reason, at FROM skips ORDER BY id")

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts (FTS5 query syntax)."""
        return self._all(
            "SELECT a.id, a.title, a.published, snippet(articles_fts, 1, '[', ']', '…', 12) "
            "AS snippet FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit))


#: rows per multi-row INSERT (``_insert_rows``): 500 x 24 columns stays under SQLite's
#: 32,766 bound parameters
_ROWS_PER_INSERT = 500


#: the tables ``_insert_rows`` writes (its SQL names no other)
_MULTIROW_TABLES = ("events", "quotes")


def _insert_rows(c: sqlite3.Connection, table: str, width: int,
                 rows: Sequence[Sequence[Any]]) -> None:
    """``c.executemany("INSERT OR IGNORE INTO <table> VALUES (?, ...)", rows)`` as one
    multi-row ``VALUES`` statement per ``_ROWS_PER_INSERT`` rows; same rows, same order,
    same rowids.

    For tables with an FTS5 insert trigger (events, quotes: migration 013): FTS5 writes its
    pending terms to disk as a new segment at every statement savepoint, so ``executemany``
    flushed one segment per row, which later merges rewrote (about half of these inserts'
    cost); one statement flushes once.
    """
    if table not in _MULTIROW_TABLES:
        raise ValueError(f"_insert_rows writes only {_MULTIROW_TABLES}, not {table!r}")
    one = "(" + ", ".join("?" * width) + ")"
    for k in range(0, len(rows), _ROWS_PER_INSERT):
        part = rows[k:k + _ROWS_PER_INSERT]
        rows_marks = ", ".join([one] * len(part))
        c.execute(f"INSERT OR IGNORE INTO {table} VALUES {rows_marks}",
                  [v for r in part for v in r])


def _split_sql(sql: str) -> list[str]:
    """Split a migration into complete statements (trigger bodies stay whole)."""
    statements, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip() and not all(ln.strip().startswith("--") for ln in buf.strip().splitlines()):
        statements.append(buf.strip())
    return statements
