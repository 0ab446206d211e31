-- Which span classes beyond the first (``cluster_kinds.span`` above 3, migration 011) each
-- lookup key has kinds in. A candidate lookup reads each class of a key as far back as
-- that class's ranges reach, and seeking all five for every key and window was mostly
-- seeks into nothing: nearly every kind has a range of at most three days (a day, a
-- publication date), and many keys looked up have no kinds at all (a participant alone,
-- an opposing type). The lookup (resolve/events.py ``_candidate_query``) seeks the first
-- class of every key, and the others only where this table lists them for the key. A row
-- may outlive the last kind of its class (kinds are deleted when their cluster is merged
-- away, and this is not): a class listed and empty is only a wasted seek, never a kind
-- missed, as every kind of a longer class is listed when it is inserted (resolve/
-- candidates.py ``insert_kinds``, which every writer of kinds calls; not a trigger: a
-- trigger on cluster_kinds doubled the CPU of each kind's insert, its statement journal
-- included, for the few kinds it files).
CREATE TABLE IF NOT EXISTS cluster_kind_spans (
    source_key TEXT NOT NULL,
    target_key TEXT NOT NULL,
    stance     TEXT NOT NULL,
    span       INTEGER NOT NULL,
    PRIMARY KEY (source_key, target_key, stance, span)
) WITHOUT ROWID;
INSERT OR IGNORE INTO cluster_kind_spans (source_key, target_key, stance, span)
    SELECT DISTINCT source_key, target_key, stance, span FROM cluster_kinds WHERE span > 3;
-- An article's main event is its first by where its sentence starts (resolve/events.py
-- ``_first_events``), read for every batch of mentions: with the start and the id in the
-- article index, that is read from the index's entries of the article, not from every
-- event row of it.
DROP INDEX IF EXISTS events_article;
CREATE INDEX events_article ON events(article_id, ev_start, id);
