"""Watch feeds as they change: polled on a schedule, the store kept current, alerts raised.

``feedlist`` reads the list of feeds (plain URLs or OPML), ``polite`` keeps to each host's
robots.txt and a delay between requests, ``loop`` runs the rounds (conditional requests,
backoff, entry pages ingested through the ordinary pipeline in grouped commits), ``alerts``
evaluates the user's watches over clusters (never raw reports) and delivers what fired.
All state lives in the store (migration 014), so a restarted watcher continues where it
stopped. See docs/watch.md.
"""

from newsgraph.watch.feedlist import read_feed_list
from newsgraph.watch.loop import RoundStats, Watcher, parse_duration

__all__ = ["RoundStats", "Watcher", "parse_duration", "read_feed_list"]
