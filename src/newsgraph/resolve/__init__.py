"""Resolve: cross-article work (near-duplicate articles, later same-event clusters)."""
