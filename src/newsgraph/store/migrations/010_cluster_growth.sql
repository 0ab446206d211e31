-- A cluster that gains members is updated from its stored row and the new members alone
-- (resolve/events.py ``_grow``), never by re-reading all its members: these indexes answer
-- its questions (smallest member, members per code, outlets and articles already counted)
-- in a few index steps, whatever the cluster's size.
DROP INDEX IF EXISTS event_cluster_members_cluster;
CREATE INDEX event_cluster_members_cluster ON event_cluster_members(cluster_id, event_id);
CREATE INDEX event_cluster_members_code ON event_cluster_members(cluster_id, cameo, event_id);
CREATE INDEX event_cluster_members_outlet ON event_cluster_members(cluster_id, outlet);
CREATE INDEX event_cluster_members_article ON event_cluster_members(cluster_id, article_id);
