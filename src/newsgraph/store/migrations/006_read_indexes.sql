-- Read side of the REST API: indexes for its listings and aggregates, a derived table of
-- source -> target pairs per event, and a change counter for its result cache.

-- actor listing: mention and (distinct) event counts per actor streamed from covering indexes
CREATE INDEX actor_mentions_actor ON actor_mentions(actor_id, article_id);
DROP INDEX IF EXISTS event_actors_actor;
CREATE INDEX event_actors_actor ON event_actors(actor_id, event_id, role);

-- event listing in its default order (undated last), walked without a sort; keyset cursor
CREATE INDEX events_order ON events(date IS NULL, date, article_id, trigger_start, id);
-- timeline: grouped by date straight from the index (also serves date ranges)
DROP INDEX IF EXISTS events_date;
CREATE INDEX events_timeline ON events(date, date_precision, quad_class, goldstein);

-- article listing newest first, quotes in article order
CREATE INDEX articles_order ON articles(published IS NULL, published DESC, id);
CREATE INDEX articles_published ON articles(published IS NULL, published, id);
DROP INDEX IF EXISTS quotes_article;
CREATE INDEX quotes_article ON quotes(article_id, content_start);

-- One row per distinct (event, source, target) at two levels: 'actor' (actor ids) and
-- 'country' (the actors' countries, both known). Dyads and networks group this table
-- instead of joining event_actors twice per event. Filled here for stored events and by
-- Store.save (store/readmodel.py) for new ones; goldstein and quad_class are copied from
-- events, which never change after insert.
CREATE TABLE event_pairs (
    event_id   TEXT NOT NULL REFERENCES events(id),
    level      TEXT NOT NULL CHECK (level IN ('actor', 'country')),
    source     TEXT NOT NULL,
    target     TEXT NOT NULL,
    goldstein  REAL NOT NULL,
    quad_class INTEGER NOT NULL,
    PRIMARY KEY (event_id, level, source, target)
) WITHOUT ROWID;
CREATE INDEX event_pairs_group ON event_pairs(level, source, target, quad_class, goldstein);

INSERT OR IGNORE INTO event_pairs
SELECT e.id, 'actor', es.actor_id, et.actor_id, e.goldstein, e.quad_class
FROM events e
JOIN event_actors es ON es.event_id = e.id AND es.role = 'source'
JOIN event_actors et ON et.event_id = e.id AND et.role = 'target';

INSERT OR IGNORE INTO event_pairs
SELECT e.id, 'country', s.country, t.country, e.goldstein, e.quad_class
FROM events e
JOIN event_actors es ON es.event_id = e.id AND es.role = 'source'
JOIN actors s ON s.id = es.actor_id
JOIN event_actors et ON et.event_id = e.id AND et.role = 'target'
JOIN actors t ON t.id = et.actor_id
WHERE s.country IS NOT NULL AND t.country IS NOT NULL;

-- Bumped by every UPDATE or DELETE on a table the read layer aggregates. Inserts are seen
-- through the tables' max(rowid), so the insert path pays nothing; together they tell a
-- cached aggregate whether it is still current (see store/queries.py, fingerprint()).
CREATE TABLE read_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO read_generation VALUES (1, 0);

CREATE TRIGGER articles_gen_u AFTER UPDATE ON articles BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER articles_gen_d AFTER DELETE ON articles BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER events_gen_u AFTER UPDATE ON events BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER events_gen_d AFTER DELETE ON events BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER event_actors_gen_u AFTER UPDATE ON event_actors BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER event_actors_gen_d AFTER DELETE ON event_actors BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER actor_mentions_gen_u AFTER UPDATE ON actor_mentions BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER actor_mentions_gen_d AFTER DELETE ON actor_mentions BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER actors_gen_u AFTER UPDATE ON actors BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER actors_gen_d AFTER DELETE ON actors BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER quotes_gen_u AFTER UPDATE ON quotes BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER quotes_gen_d AFTER DELETE ON quotes BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER skips_gen_d AFTER DELETE ON skips BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER event_pairs_gen_d AFTER DELETE ON event_pairs BEGIN
    UPDATE read_generation SET n = n + 1 WHERE id = 1; END;

-- actor filters (id, code or country) resolve their actors from indexes
CREATE INDEX actors_code ON actors(code);
CREATE INDEX actors_country ON actors(country);
