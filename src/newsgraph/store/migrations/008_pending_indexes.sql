-- Indexes a bulk load dropped and has not built again yet (Store.deferred_indexes). Written in
-- the transaction that drops them, so a load killed half-way leaves the list behind and the
-- next writer that opens the file builds them (Store.build_pending_indexes).

CREATE TABLE pending_indexes (
    name TEXT PRIMARY KEY,
    tbl  TEXT NOT NULL,                         -- the table it indexes
    sql  TEXT NOT NULL                          -- the CREATE INDEX statement, as sqlite_master had it
);
