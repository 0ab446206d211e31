-- newsgraph store, schema version 2: MinHash signatures for near-duplicate detection.
-- One row per article that entered the index, in ingest order (seq), so the earliest copy of
-- a story stays the original across runs.

CREATE TABLE minhashes (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    seq        INTEGER NOT NULL,
    signature  BLOB NOT NULL                    -- num_perm unsigned 64-bit values, little end.
);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
