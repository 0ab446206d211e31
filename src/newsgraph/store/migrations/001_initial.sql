-- newsgraph store, schema version 1.
-- Offsets (start/end, *_start/*_end) are character offsets into articles.text.

CREATE TABLE articles (
    id               TEXT PRIMARY KEY,          -- hash of the clean text
    url              TEXT,
    outlet           TEXT,
    title            TEXT,
    authors          TEXT NOT NULL DEFAULT '[]',  -- JSON list
    published        TEXT,                       -- YYYY-MM-DD or NULL when unknown
    published_source TEXT NOT NULL,              -- metadata | text | user | unknown
    language         TEXT NOT NULL,
    origin           TEXT NOT NULL,
    text             TEXT NOT NULL,
    removed          TEXT NOT NULL DEFAULT '[]',  -- JSON list of removed boilerplate
    duplicate_of     TEXT REFERENCES articles(id),
    ingested_at      TEXT NOT NULL
);

-- raw inputs already seen: re-ingesting the same bytes is a no-op before any parsing
CREATE TABLE sources (
    source_hash TEXT PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id),
    origin      TEXT NOT NULL
);

CREATE TABLE actors (
    id      TEXT PRIMARY KEY,                   -- hash of name, country and roles
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL,
    country TEXT,
    roles   TEXT NOT NULL DEFAULT '[]',
    code    TEXT NOT NULL
);

CREATE TABLE actor_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    actor_id   TEXT NOT NULL REFERENCES actors(id),
    via        TEXT NOT NULL,
    PRIMARY KEY (article_id, start, end)
);

CREATE TABLE events (
    id             TEXT PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id),
    trigger        TEXT NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    cameo          TEXT NOT NULL,               -- leading zeros kept
    root           TEXT NOT NULL,
    goldstein      REAL NOT NULL,
    quad_class     INTEGER NOT NULL,
    plover_type    TEXT,
    plover_mode    TEXT,
    plover_context TEXT,
    source_code    TEXT,                        -- first source actor's code, for filtering
    target_code    TEXT,
    modality       TEXT NOT NULL,
    negated        INTEGER NOT NULL,
    date           TEXT,                        -- TIMEX3 value of the event's own date
    date_precision TEXT NOT NULL,
    date_text      TEXT,
    ev_start       INTEGER NOT NULL,
    ev_end         INTEGER NOT NULL,
    asserted_by    TEXT,
    cue            TEXT,
    confidence     REAL NOT NULL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_codes ON events(source_code, target_code);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id),
    role     TEXT NOT NULL CHECK (role IN ('source', 'target')),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (event_id, role, start, end)
);
CREATE INDEX event_actors_actor ON event_actors(actor_id);

CREATE TABLE quotes (
    id            TEXT PRIMARY KEY,
    article_id    TEXT NOT NULL REFERENCES articles(id),
    speaker       TEXT,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    speaker_actor TEXT REFERENCES actors(id),
    cue           TEXT,
    content_start INTEGER NOT NULL,
    content_end   INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    anonymous     INTEGER NOT NULL,
    ev_start      INTEGER NOT NULL,
    ev_end        INTEGER NOT NULL
);
CREATE INDEX quotes_article ON quotes(article_id);

CREATE TABLE timexes (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    value      TEXT NOT NULL,
    precision  TEXT NOT NULL,
    anchor     TEXT NOT NULL,
    PRIMARY KEY (article_id, start, end)
);

CREATE TABLE skips (
    id     INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    stage  TEXT NOT NULL,
    code   TEXT NOT NULL,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL,
    UNIQUE (origin, stage, code, reason)
);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
