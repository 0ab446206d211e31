-- Copies and stories (resolve/cluster_rows.py, resolve/stories.py).
--
-- A near-duplicate article under another outlet (articles.duplicate_of set) is not parsed
-- again; it is a *copy* mention of each of its original's events: one row here per (event,
-- copy). Its cluster is the original event's (through event_cluster_members), so merges
-- carry it along. Clusters count copies in n_mentions, n_articles and n_outlets (as GDELT
-- counts reports) and leave them out of n_independent (outlets with their own report).
CREATE TABLE event_copies (
    event_id   TEXT NOT NULL REFERENCES events(id),
    article_id TEXT NOT NULL REFERENCES articles(id),  -- the copy
    outlet     TEXT NOT NULL,                           -- its outlet, else its article id
    PRIMARY KEY (event_id, article_id)
) WITHOUT ROWID;
CREATE INDEX event_copies_article ON event_copies(article_id);
ALTER TABLE event_clusters ADD COLUMN n_independent INTEGER NOT NULL DEFAULT 0;
UPDATE event_clusters SET n_independent = n_outlets;
INSERT OR IGNORE INTO event_copies (event_id, article_id, outlet)
    SELECT e.id, d.id, COALESCE(d.outlet, d.id) FROM articles d
    JOIN events e ON e.article_id = d.duplicate_of WHERE d.duplicate_of IS NOT NULL;

-- Stories: articles about the same main event. Each article's story terms (its title and
-- lead's words weighted by rarity) are kept in story_articles; its few heaviest terms,
-- with its day, index it for candidate lookups (story_terms). A story is a connected
-- component of the article link relation (resolve/stories.py), its id the hash of its
-- smallest article id; stories holds its counts for listing.
CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    story_id   TEXT NOT NULL,
    day        TEXT,                                    -- published, else ingested (YYYY-MM-DD)
    outlet     TEXT NOT NULL,                           -- outlet, else the article id
    copy       INTEGER NOT NULL,                        -- 1: a near-duplicate of another article
    terms      TEXT NOT NULL                            -- "term weight" pairs, space separated
);
CREATE INDEX story_articles_story ON story_articles(story_id, article_id);
CREATE TABLE story_terms (
    term       TEXT NOT NULL,
    day        TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (term, day, article_id)
) WITHOUT ROWID;
CREATE TABLE stories (
    id            TEXT PRIMARY KEY,
    title         TEXT,                                 -- the earliest article's title
    n_articles    INTEGER NOT NULL,
    n_outlets     INTEGER NOT NULL,
    n_independent INTEGER NOT NULL,                     -- outlets with an article not a copy
    first_seen    TEXT,
    last_seen     TEXT
);
CREATE INDEX stories_seen ON stories(last_seen);

-- One side missing: a member kind with two or more participants is also filed under each
-- participant alone (target_key '+', the member's own key in full_key), where a mention
-- naming only that participant looks it up (resolve/events.py).
ALTER TABLE cluster_kinds ADD COLUMN full_key TEXT;
DROP INDEX cluster_kinds_kind;
CREATE UNIQUE INDEX cluster_kinds_kind ON cluster_kinds(
    cluster_id, source_key, target_key, stance, cameo, root, COALESCE(plover_type, ''), lo,
    hi, weak, terms, COALESCE(full_key, ''));
