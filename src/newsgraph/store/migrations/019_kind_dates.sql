-- Candidate lookups test a kind's whole date range against the mention's (resolve/events.py
-- ``_DATE_OK``: ``dates_compatible`` in SQL) besides the range on lo that seeks the index:
-- with hi and weak in the index, kinds whose dates cannot match are left out from their
-- index entries, without reading their table rows or sending them back to be decoded.
DROP INDEX IF EXISTS cluster_kinds_key;
CREATE INDEX cluster_kinds_key ON cluster_kinds(source_key, target_key, stance, span, lo, hi, weak);
