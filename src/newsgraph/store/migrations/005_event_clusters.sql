-- Cross-article event resolution: one row per real-world event (a cluster of event mentions),
-- a link from every mention, and an actor -> cluster index for timelines.
-- Dates: lo/hi are the ISO day bounds of what a mention's date allows (see resolve/events.py).

CREATE TABLE event_clusters (
    id             TEXT PRIMARY KEY,            -- hash of the smallest member event id
    source_key     TEXT NOT NULL,               -- sorted canonical source actor ids ('' none)
    target_key     TEXT NOT NULL,               -- sorted target ids, '*' for symmetric roots
    stance         TEXT NOT NULL,               -- positive | negative | irrealis
    cameo          TEXT NOT NULL,               -- representative code (leading zeros kept)
    root           TEXT NOT NULL,
    plover_type    TEXT,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    date           TEXT,                        -- most precise member date (TIMEX3 value)
    date_precision TEXT NOT NULL,
    lo             TEXT,                        -- first day the cluster's dates allow
    hi             TEXT,                        -- last day
    n_mentions     INTEGER NOT NULL,
    n_outlets      INTEGER NOT NULL,
    n_articles     INTEGER NOT NULL,
    first_seen     TEXT,                        -- earliest article date (published, else ingested)
    last_seen      TEXT,
    conflict       INTEGER NOT NULL DEFAULT 0,  -- 1: an opposite report of the same event exists
    rep_event      TEXT NOT NULL                -- the representative mention (events.id)
);
CREATE INDEX event_clusters_date ON event_clusters(lo);

CREATE TABLE event_cluster_members (
    event_id    TEXT PRIMARY KEY REFERENCES events(id),
    cluster_id  TEXT NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles(id),
    outlet      TEXT NOT NULL,                  -- outlet, else the article id (counts distinct)
    source_key  TEXT NOT NULL,
    target_key  TEXT NOT NULL,
    stance      TEXT NOT NULL,
    cameo       TEXT NOT NULL,
    root        TEXT NOT NULL,
    plover_type TEXT,
    lo          TEXT,                           -- NULL: the date cannot be compared
    hi          TEXT,
    weak        INTEGER NOT NULL,               -- 1: only the publication date stands in
    terms       TEXT NOT NULL                   -- content words of the evidence sentence
);
-- candidate lookup: same actors and stance, date bucket by range on lo
CREATE INDEX event_cluster_members_key
    ON event_cluster_members(source_key, target_key, stance, lo);
CREATE INDEX event_cluster_members_cluster ON event_cluster_members(cluster_id);

CREATE TABLE cluster_actors (
    actor_id   TEXT NOT NULL,
    date       TEXT NOT NULL,                   -- the cluster's lo ('' when undated)
    cluster_id TEXT NOT NULL,
    PRIMARY KEY (actor_id, date, cluster_id)
) WITHOUT ROWID;
CREATE INDEX cluster_actors_cluster ON cluster_actors(cluster_id);

-- dyad time series read (source_code, target_code) in date order straight from the index
DROP INDEX IF EXISTS events_codes;
CREATE INDEX events_dyad_date ON events(source_code, target_code, date, goldstein);
