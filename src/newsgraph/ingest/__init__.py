"""Ingest: turn user-supplied sources into ``RawDocument`` records (or ``Skip`` records).

One module per kind of source; every reader streams, so a large folder or JSONL file is
never held in memory at once.
"""

from newsgraph.ingest.files import iter_documents

__all__ = ["iter_documents"]
