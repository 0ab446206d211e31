-- Clustering cost that does not grow with the database.
--
-- 1. Candidate lookups by date span. A member's date allows lo..hi (a day, a week, ... a
--    year). Looking up the members whose range can meet a new mention's used to scan every
--    member of the same actors and stance with lo up to 370 days back (a year-long range
--    could still reach), so a busy dyad's lookup read a year of its members. ``span`` puts
--    each member in a class by its range's length (at most 3, 7, 31, 92 days, else 370),
--    and the lookup reads each class only as far back as that class's ranges can reach:
--    for the common day-precision members, a few days. ``resolve/events.py`` (``SPANS``)
--    holds the same classes.
ALTER TABLE event_cluster_members ADD COLUMN span INTEGER GENERATED ALWAYS AS (
    CASE WHEN lo IS NULL OR hi IS NULL THEN NULL
         WHEN julianday(hi) - julianday(lo) <= 3 THEN 3
         WHEN julianday(hi) - julianday(lo) <= 7 THEN 7
         WHEN julianday(hi) - julianday(lo) <= 31 THEN 31
         WHEN julianday(hi) - julianday(lo) <= 92 THEN 92
         ELSE 370 END) VIRTUAL;
DROP INDEX IF EXISTS event_cluster_members_key;
CREATE INDEX event_cluster_members_key
    ON event_cluster_members(source_key, target_key, stance, span, lo);

-- 2. A cluster that gains members is updated from its stored row and the new members alone
--    (``_grow``), never by re-reading all its members: these indexes answer its questions
--    (smallest member, members per code, outlets and articles already counted) in a few
--    index steps, whatever the cluster's size.
DROP INDEX IF EXISTS event_cluster_members_cluster;
CREATE INDEX event_cluster_members_cluster ON event_cluster_members(cluster_id, event_id);
CREATE INDEX event_cluster_members_code ON event_cluster_members(cluster_id, cameo, event_id);
CREATE INDEX event_cluster_members_outlet ON event_cluster_members(cluster_id, outlet);
CREATE INDEX event_cluster_members_article ON event_cluster_members(cluster_id, article_id);
