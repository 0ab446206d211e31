-- Main events (resolve/compatibility.py ``_main_events``) meet whoever their coders took for
-- the participants: a main event is filed in cluster_kinds under each of its article's
-- heaviest story terms ('^' and the term, target key '#', its own key in full_key) instead
-- of under its participants. No new column or table: the rows are written again by the
-- reclustering that follows this migration (Store.migrate, MAIN_STORY_TERMS_MIGRATION).
DELETE FROM cluster_kinds WHERE target_key = '#';
