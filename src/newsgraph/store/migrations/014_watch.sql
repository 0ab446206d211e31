-- newsgraph watch: feed state (validators, failures, backoff), every entry ever seen, one row
-- per round, and the alerts with the clusters and evidence sentences that triggered them.
-- An entry is queued (state 'pending') in the same transaction that stores its feed's new
-- validators, and marked done in the same transaction as its article, so a killed watcher
-- neither loses an entry (the next 304 would hide it) nor fetches one twice.

CREATE TABLE watch_feeds (
    url           TEXT PRIMARY KEY,
    title         TEXT,
    etag          TEXT,
    last_modified TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,   -- consecutive failed polls
    next_at       REAL NOT NULL DEFAULT 0,      -- unix time before which it is not polled
    last_polled   REAL,
    last_status   TEXT,                         -- 200, 304, or the skip code (E110 ...)
    last_error    TEXT,
    entries       INTEGER NOT NULL DEFAULT 0    -- entries seen in total
);

CREATE TABLE watch_entries (
    feed_url   TEXT NOT NULL,
    entry_key  TEXT NOT NULL,                   -- entry id, else link, else a content hash
    origin     TEXT NOT NULL,                   -- origin given to the article or skip
    link       TEXT,
    payload    TEXT,                            -- JSON of the queued entry; NULL once done
    state      TEXT NOT NULL,                   -- pending | done | skipped
    seen_at    REAL NOT NULL,
    article_id TEXT,
    code       TEXT,                            -- skip code when skipped
    tries      INTEGER NOT NULL DEFAULT 0,      -- page fetches that failed (E110), retried
    PRIMARY KEY (feed_url, entry_key)
) WITHOUT ROWID;
CREATE INDEX watch_entries_pending ON watch_entries(state, seen_at) WHERE state = 'pending';

CREATE TABLE watch_rounds (
    id          INTEGER PRIMARY KEY,
    started     REAL NOT NULL,
    finished    REAL,
    feeds       INTEGER NOT NULL DEFAULT 0,
    polled      INTEGER NOT NULL DEFAULT 0,
    not_modified INTEGER NOT NULL DEFAULT 0,
    new_entries INTEGER NOT NULL DEFAULT 0,
    articles    INTEGER NOT NULL DEFAULT 0,
    skips       INTEGER NOT NULL DEFAULT 0,
    errors      INTEGER NOT NULL DEFAULT 0,
    alerts      INTEGER NOT NULL DEFAULT 0
);

-- where each watch started: clusters whose every article came later are "new"
CREATE TABLE watch_marks (
    watch      TEXT PRIMARY KEY,
    article_seq INTEGER NOT NULL,               -- max(articles.rowid) when first evaluated
    created    REAL NOT NULL,
    scanned_seq INTEGER NOT NULL DEFAULT 0      -- articles up to here already looked at
);

CREATE TABLE alerts (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,            -- watch|rule|period: an alert fires once
    watch      TEXT NOT NULL,
    rule       TEXT NOT NULL,                   -- new | count | spike
    fired_at   REAL NOT NULL,
    day        TEXT NOT NULL,                   -- the window's last day (UTC)
    value      REAL NOT NULL,                   -- clusters counted, or summed Goldstein
    baseline   REAL,                            -- trailing mean (spike)
    spread     REAL,                            -- trailing standard deviation (spike)
    title      TEXT NOT NULL,
    delivered  INTEGER NOT NULL DEFAULT 0,      -- webhook: 0 pending, 1 sent, -1 none set
    tries      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alerts_undelivered ON alerts(delivered) WHERE delivered = 0;

CREATE TABLE alert_clusters (
    alert_id   INTEGER NOT NULL REFERENCES alerts(id),
    cluster_id TEXT NOT NULL,
    event_id   TEXT NOT NULL,                   -- the matching mention shown as evidence
    article_id TEXT NOT NULL,
    evidence   TEXT NOT NULL,                   -- the evidence sentence, as stored text
    PRIMARY KEY (alert_id, cluster_id)
) WITHOUT ROWID;
