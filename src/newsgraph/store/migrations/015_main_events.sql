-- Main events (resolve/compatibility.py ``_main_events``): an article's first event is also
-- filed in cluster_kinds under its participants with the type-free target key
-- '#', and its member terms start with the main mark '#' ('!#' in the lead). No new column or table: the rows
-- of stored members are written again by the reclustering that follows this migration
-- (Store.migrate, MAIN_EVENTS_MIGRATION), so older main events are found by newer ones.
DELETE FROM cluster_kinds WHERE target_key = '#';
