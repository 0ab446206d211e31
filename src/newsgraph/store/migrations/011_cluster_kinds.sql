-- Candidate lookups read kinds of members, not members. Members of one cluster alike in all
-- that matching reads (actors, stance, codes, date range, evidence words) answer every
-- matching test alike, so a story carried word for word by hundreds of outlets is one row
-- here, and a lookup reads as many rows as there are kinds in the date window, not
-- mentions. ``event_id`` is one member of the kind. Members without a comparable date
-- (lo NULL) are never candidates and have no kind. ``span`` classes a kind by its date
-- range's length in days (at most 3, 7, 31, 92, else 370; ``SPANS`` in
-- resolve/events.py): a lookup reads each class only as far back as that class's ranges
-- can reach, so for day-precision kinds a few days, not a year.
CREATE TABLE cluster_kinds (
    cluster_id  TEXT NOT NULL,
    source_key  TEXT NOT NULL,
    target_key  TEXT NOT NULL,
    stance      TEXT NOT NULL,
    cameo       TEXT NOT NULL,
    root        TEXT NOT NULL,
    plover_type TEXT,
    lo          TEXT NOT NULL,
    hi          TEXT NOT NULL,
    weak        INTEGER NOT NULL,
    terms       TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    span        INTEGER GENERATED ALWAYS AS (
        CASE WHEN julianday(hi) - julianday(lo) <= 3 THEN 3
             WHEN julianday(hi) - julianday(lo) <= 7 THEN 7
             WHEN julianday(hi) - julianday(lo) <= 31 THEN 31
             WHEN julianday(hi) - julianday(lo) <= 92 THEN 92
             ELSE 370 END) VIRTUAL
);
CREATE UNIQUE INDEX cluster_kinds_kind ON cluster_kinds(
    cluster_id, source_key, target_key, stance, cameo, root, COALESCE(plover_type, ''), lo,
    hi, weak, terms);
CREATE INDEX cluster_kinds_key ON cluster_kinds(source_key, target_key, stance, span, lo);
INSERT OR IGNORE INTO cluster_kinds (cluster_id, source_key, target_key, stance, cameo, root,
                                     plover_type, lo, hi, weak, terms, event_id)
    SELECT cluster_id, source_key, target_key, stance, cameo, root, plover_type, lo, hi, weak,
           terms, event_id FROM event_cluster_members WHERE lo IS NOT NULL AND hi IS NOT NULL
    ORDER BY event_id;
-- members are no longer looked up by key: their key index only cost writes
DROP INDEX IF EXISTS event_cluster_members_key;
