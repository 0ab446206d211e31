-- newsgraph store, schema version 2: where the attribution cue ("said", "according to") sits.
-- Character offsets into articles.text; NULL when a quote has no cue (a floating quote).

ALTER TABLE quotes ADD COLUMN cue_start INTEGER;
ALTER TABLE quotes ADD COLUMN cue_end INTEGER;
