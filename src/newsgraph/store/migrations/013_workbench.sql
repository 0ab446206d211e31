-- The analyst's workbench: a corrections layer, stemmed search over articles, events and quotes.

-- Corrections are their own append-only layer (who, when, what): ingest and re-analysis never
-- write here, and the read layer lays the newest correction of each (kind, target, field) over
-- the machine coding. An event correction also keeps its anchor (article, trigger offset) so it
-- still finds its event when re-analysis recodes it under a new id.
CREATE TABLE corrections (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,                 -- UTC, ISO 8601
    who           TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('event', 'actor')),
    target        TEXT NOT NULL,                 -- events.id or actors.id
    field         TEXT NOT NULL CHECK (field IN ('cameo', 'direction', 'date', 'reject',
                                                 'code', 'country')),
    value         TEXT,                          -- NULL: this correction is withdrawn
    note          TEXT,
    article_id    TEXT,                          -- event anchor
    trigger_start INTEGER
);
CREATE INDEX corrections_target ON corrections(target, field);
CREATE INDEX corrections_anchor ON corrections(article_id, trigger_start);

-- the correction in force per (kind, target, field): the newest one
DROP VIEW IF EXISTS current_corrections;
CREATE VIEW current_corrections AS
SELECT c.* FROM corrections c
WHERE c.id = (SELECT max(c2.id) FROM corrections c2 WHERE c2.kind = c.kind
              AND c2.target = c.target AND c2.field = c.field);

-- Stemmed search: articles re-indexed with the porter tokenizer ("arrest" finds "arrested"),
-- and event evidence sentences and quote contents indexed beside them (rowid = the record's
-- rowid, so a delete is one lookup).
DROP TRIGGER IF EXISTS articles_fts_ai;
DROP TRIGGER IF EXISTS articles_fts_ad;
DROP TABLE IF EXISTS articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid',
                                             tokenize='porter unicode61');
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;

CREATE VIRTUAL TABLE events_fts USING fts5(text, tokenize='porter unicode61');
INSERT INTO events_fts(rowid, text)
SELECT e.rowid, substr(a.text, e.ev_start + 1, e.ev_end - e.ev_start)
FROM events e JOIN articles a ON a.id = e.article_id;
CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
    INSERT INTO events_fts(rowid, text)
    SELECT new.rowid, substr(a.text, new.ev_start + 1, new.ev_end - new.ev_start)
    FROM articles a WHERE a.id = new.article_id;
END;
CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
    DELETE FROM events_fts WHERE rowid = old.rowid;
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(speaker, text, tokenize='porter unicode61');
INSERT INTO quotes_fts(rowid, speaker, text)
SELECT q.rowid, q.speaker, substr(a.text, q.content_start + 1, q.content_end - q.content_start)
FROM quotes q JOIN articles a ON a.id = q.article_id;
CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, speaker, text)
    SELECT new.rowid, new.speaker,
           substr(a.text, new.content_start + 1, new.content_end - new.content_start)
    FROM articles a WHERE a.id = new.article_id;
END;
CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
    DELETE FROM quotes_fts WHERE rowid = old.rowid;
END;
