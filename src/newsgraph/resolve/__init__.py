"""Cross-article resolution: near-duplicate articles, and mentions of one real-world event
across articles and outlets."""

from newsgraph.resolve.events import add_mentions, recluster_all

__all__ = ["add_mentions", "recluster_all"]
