-- Places mentioned in articles, each event's action location, and the 5W1H summary.

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    name       TEXT NOT NULL,
    feature    TEXT NOT NULL,              -- country, adm1, city
    country    TEXT,                       -- ISO alpha-3
    fips       TEXT,                       -- FIPS 10-4 country code (GDELT geo columns)
    admin1     TEXT,
    lat        REAL,
    lon        REAL,
    confidence REAL NOT NULL,
    via        TEXT NOT NULL,              -- unique, qualifier, context, population, dateline
    PRIMARY KEY (article_id, start, end)
);
CREATE INDEX places_country ON places(country);
CREATE INDEX places_latlon ON places(lat, lon);

-- one row per located event; the place span is a row of `places`
CREATE TABLE event_locations (
    event_id   TEXT PRIMARY KEY REFERENCES events(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL
);
CREATE INDEX event_locations_place ON event_locations(article_id, start, end);

CREATE TABLE summaries (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    event_id   TEXT,                        -- the coded main event, when there is one
    answers    TEXT NOT NULL                -- JSON: {who|what|when|where|why|how: answer|null}
);
