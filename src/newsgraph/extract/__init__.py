"""Extract: spaCy components producing timexes, quotes and coded events with evidence."""
