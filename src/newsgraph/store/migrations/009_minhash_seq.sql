-- The next MinHash sequence number (max(seq) + 1, read on every save with a signature) comes
-- from the end of this index instead of a scan of the whole minhashes table; ``signatures``
-- reads in seq order from it too.
CREATE INDEX IF NOT EXISTS minhashes_seq ON minhashes(seq);
