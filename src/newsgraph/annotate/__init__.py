"""Annotate: spaCy components that add actors (and, later, aliases and coreference) to a Doc."""
