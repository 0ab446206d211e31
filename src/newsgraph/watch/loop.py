"""The watch loop: one round polls every due feed, ingests the new entries, raises alerts.

A round: (1) each due feed is requested with its validators (``If-None-Match`` /
``If-Modified-Since``) through the politeness gate, hosts interleaved so the per-host delay
rarely costs a wait; a ``304`` costs nothing more. A changed feed's new entries (never seen
for that feed) are queued in the store together with its new validators. (2) Queued entries,
a killed run's included, have their page fetched and go through the ordinary pipeline
(clean, near-duplicate check, analysis, clustering in ``Store.save``); results are written
``group`` at a time inside ``Store.grouped()``, each entry marked done in the same
transaction as its article, so nothing is fetched twice and nothing is half-written.
(3) The watches are evaluated and undelivered alerts POSTed to the webhook.

A failing feed (network error, HTTP error, refused address, unparsable) waits
``every * 2**(failures-1)`` (a day at most) before it is polled again. ``stop`` (set by
SIGTERM / Ctrl-C) ends the round after the article being processed: the pipeline finishes
its current batch, which is written, and the rest stays queued for the next run.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import feedparser

from newsgraph.clean import content_hash
from newsgraph.config import Config
from newsgraph.errors import SkipCode, SkipError
from newsgraph.ingest.feeds import _content, _entry_date
from newsgraph.ingest.fetch import Fetcher, FetchPolicy
from newsgraph.records import Analysis, RawDocument, Skip
from newsgraph.store import Store
from newsgraph.watch.alerts import Alerter, WatchConfig, deliver
from newsgraph.watch.polite import HostGate, host_of
from newsgraph.watch.state import ENTRY_TRIES, Feed, Pending, WatchState

if TYPE_CHECKING:
    from newsgraph.pipeline import Pipeline
    from newsgraph.resolve.duplicates import DuplicateIndex

PAGE_TYPES = ("html", "xml", "text/")  # content types read as a page; others are skipped


def parse_duration(text: str) -> float:
    """``90``, ``90s``, ``15m``, ``2h``, ``1d`` as seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"{text!r} is not a duration like 90s, 15m, 2h or 1d")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


@dataclass(slots=True)
class RoundStats:
    """What one round did; ``line()`` is the progress line the CLI prints."""

    round: int = 0
    feeds: int = 0
    polled: int = 0
    not_modified: int = 0
    new_entries: int = 0
    articles: int = 0
    duplicates: int = 0
    skips: int = 0
    retries: int = 0  # entry pages that failed to fetch and stay queued
    errors: int = 0
    alerts: int = 0
    seconds: float = 0.0
    stopped: bool = False
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"round {self.round}: {self.feeds} feeds ({self.polled} polled, "
                f"{self.not_modified} not modified), {self.new_entries} new entries, "
                f"{self.articles} articles ({self.duplicates} near-duplicates), "
                f"{self.skips} skips{f' ({self.retries} pages to retry)' if self.retries else ''}"
                f", {self.errors} errors, {self.alerts} alerts "
                f"in {self.seconds:.1f}s{' (stopped)' if self.stopped else ''}")

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("polled", "not_modified", "new_entries",
                                              "articles", "skips", "errors", "alerts")}


class Watcher:
    """Keeps ``store`` current with the feeds at ``urls``. Create once, call ``round()`` or
    ``run()``; ``stop`` is a ``threading.Event`` a signal handler may set."""

    def __init__(self, store: Store, urls: list[str], *, policy: FetchPolicy | None = None,
                 watches: WatchConfig | None = None, every: float = 900.0,
                 delay: float = 1.0, robots: bool = True, config: Config | None = None,
                 pipeline: Pipeline | None = None, group: int = 16, dedup: bool = True,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.store = store
        self.urls = urls
        self.state = WatchState(store)
        self.config = config or Config(batch_size=8)
        self.fetcher = Fetcher(policy)
        self.stop = threading.Event()
        self.clock = clock
        self.sleep: Callable[[float], None] = sleep or self._wait
        self.gate = HostGate(self.fetcher, delay, clock, self.sleep, robots=robots)
        self.every = every
        self.group = max(1, group)
        self.dedup = dedup
        self._pipeline = pipeline
        self._index: DuplicateIndex | None = None
        self.watches = watches or WatchConfig()
        self.alerter = Alerter(store, self.watches, clock()) if self.watches.watches else None
        self.rounds = 0

    def close(self) -> None:
        self.fetcher.close()

    def _wait(self, seconds: float) -> None:
        """Real waiting: ends early when ``stop`` is set."""
        self.stop.wait(seconds)

    # -- the loop -------------------------------------------------------------------------

    def run(self, *, rounds: int | None = None,
            on_round: Callable[[RoundStats], None] | None = None) -> None:
        """Rounds every ``every`` seconds until ``stop`` is set (or ``rounds`` are done)."""
        done = 0
        while not self.stop.is_set():
            started = self.clock()
            stats = self.round()
            done += 1
            if on_round is not None:
                on_round(stats)
            if self.stop.is_set() or (rounds is not None and done >= rounds):
                return
            wait = started + self.every - self.clock()
            if wait > 0:
                self.sleep(wait)

    def round(self) -> RoundStats:
        """One round: poll due feeds, ingest what is new, evaluate the watches."""
        t0 = time.monotonic()
        now = self.clock()
        feeds = self.state.sync_feeds(self.urls)
        self.rounds += 1
        stats = RoundStats(feeds=len(feeds))
        stats.round = self.state.start_round(now, len(feeds))
        for feed in _interleave([f for f in feeds if f.next_at <= now]):
            if self.stop.is_set():
                stats.stopped = True
                break
            self._poll(feed, stats)
        if not self.stop.is_set():
            self._ingest(stats)
        if self.alerter is not None:
            stats.alerts = len(self.alerter.evaluate(self.clock()))
        if self.watches.webhook:
            deliver(self.store, self.fetcher, self.watches.webhook)
        stats.stopped = stats.stopped or self.stop.is_set()
        stats.seconds = time.monotonic() - t0
        self.state.finish_round(stats.round, self.clock(), stats.counts())
        return stats

    # -- feeds ----------------------------------------------------------------------------

    def _poll(self, feed: Feed, stats: RoundStats) -> None:
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        now = self.clock()
        stats.polled += 1
        try:
            got = self.gate.fetch(feed.url, headers)
            if got.status == 304:
                stats.not_modified += 1
                self.state.polled(feed, "304", now)
                return
            parsed = feedparser.parse(got.data, resolve_relative_uris=False,
                                      sanitize_html=False)
            entries = parsed.get("entries") or []
            if not entries and parsed.get("bozo"):
                raise SkipError(SkipCode.BAD_FEED,
                                f"feed not parsed: {parsed.get('bozo_exception')}")
        except SkipError as exc:
            stats.errors += 1
            wait = self.state.failed(feed, exc.code.value, exc.reason, now, self.every)
            stats.problems.append(f"{feed.url}: [{exc.code.value}] {exc.reason} "
                                  f"(next try in {wait:.0f}s)")
            return
        outlet = (parsed.get("feed") or {}).get("title") or None
        keyed = {_entry_key(e): e for e in entries}
        known = self.state.known_keys(feed.url, list(keyed))
        queue = []
        for key, e in keyed.items():
            if key in known:
                continue
            link = e.get("link") or None
            queue.append(Pending(feed.url, key, f"{feed.url}#{link or key}", {
                "link": link, "title": e.get("title") or None, "published": _entry_date(e),
                "outlet": outlet, "content": None if link else _content(e)}))
        stats.new_entries += len(queue)
        self.state.polled(feed, str(got.status), now, etag=got.headers.get("etag"),
                          last_modified=got.headers.get("last-modified"), title=outlet,
                          queue=queue)

    # -- entries --------------------------------------------------------------------------

    def pipeline(self) -> Pipeline:
        """The spaCy pipeline, loaded on the first new entry (a quiet round never needs it)."""
        if self._pipeline is None:
            from newsgraph.pipeline import Pipeline

            self._pipeline = Pipeline(self.config)
        return self._pipeline

    def _ingest(self, stats: RoundStats) -> None:
        pending = self.state.pending()
        if not pending:
            return
        if self.dedup and self._index is None:
            from newsgraph.resolve.duplicates import DuplicateIndex

            self._index = DuplicateIndex().load(self.store.signatures())
        by_origin: dict[str, deque[Pending]] = defaultdict(deque)
        for p in pending:
            by_origin[p.origin].append(p)

        def raws() -> Iterator[RawDocument | Skip]:
            for p in pending:
                if self.stop.is_set():
                    return
                yield self._raw(p)

        buffer: list[tuple[Pending, Analysis | Skip]] = []
        for result in self.pipeline().process(raws(), duplicates=self._index):
            origin = result.origin if isinstance(result, Skip) else result.article.origin
            buffer.append((by_origin[origin].popleft(), result))
            if len(buffer) >= self.group:
                self._write(buffer, stats)
                buffer = []
        self._write(buffer, stats)

    def _raw(self, p: Pending) -> RawDocument | Skip:
        """The entry's page (fetched politely), or its content when it has no link."""
        e = p.payload
        link = e.get("link")
        if not link:
            if e.get("content"):
                return RawDocument(str(e["content"]).encode("utf-8", "surrogatepass"),
                                   p.origin, "html", published=e.get("published"),
                                   title=e.get("title"), outlet=e.get("outlet"))
            return Skip(p.origin, "ingest", SkipCode.NO_TEXT.value,
                        "feed entry has neither content nor a link")
        try:
            got = self.gate.fetch(str(link))
        except SkipError as exc:
            return Skip(p.origin, "fetch", exc.code.value, exc.reason)
        ctype = got.content_type.split(";", 1)[0].strip().lower()
        if ctype and not any(t in ctype for t in PAGE_TYPES):
            return Skip(p.origin, "fetch", SkipCode.UNSUPPORTED.value,
                        f"entry page is {ctype}, not a web page")
        return RawDocument(got.data, p.origin, "html", url=got.url,
                           published=e.get("published"), title=e.get("title"),
                           outlet=e.get("outlet"))

    def _write(self, buffer: list[tuple[Pending, Analysis | Skip]], stats: RoundStats) -> None:
        """Store a group of results in one commit; each entry is marked with its article."""
        if not buffer:
            return

        index = self._index
        with self.store.grouped():
            for p, result in buffer:
                if isinstance(result, Skip):
                    if (result.stage == "fetch" and result.code == SkipCode.FETCH_FAILED.value
                            and p.tries + 1 < ENTRY_TRIES):
                        self.state.retry_entry(p)  # network trouble: again next round
                        stats.retries += 1
                        continue
                    self.store.record_skip(result)
                    self.state.finish_entry(p, code=result.code)
                    stats.skips += 1
                    continue
                art = result.article
                if self.store.save_indexed(result, index):
                    stats.articles += 1
                    stats.duplicates += bool(art.duplicate_of)
                self.state.finish_entry(p, article_id=art.id)


def _entry_key(entry: Any) -> str:
    key = entry.get("id") or entry.get("link")
    if key:
        return str(key)[:2000]
    return content_hash(f"{entry.get('title', '')}|{entry.get('summary', '')}")


def _interleave(feeds: list[Feed]) -> list[Feed]:
    """Feeds in round-robin order over their hosts, so one host's delay overlaps others'."""
    by_host: dict[str, deque[Feed]] = defaultdict(deque)
    for f in feeds:
        by_host[host_of(f.url)].append(f)
    out: list[Feed] = []
    while by_host:
        for host in list(by_host):
            out.append(by_host[host].popleft())
            if not by_host[host]:
                del by_host[host]
    return out
