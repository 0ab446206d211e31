"""Politeness towards each host: robots.txt respected and a delay between requests.

The watcher sends one request at a time (its loop is sequential), so one host never sees two
of ours at once; the gate adds the minimum gap between two requests to the same host and
answers robots.txt, fetched once a day per host through the same guarded fetcher. A missing
robots.txt (HTTP 4xx) allows everything; one that cannot be fetched (network error, 5xx)
disallows the host until it is tried again next round, as RFC 9309 advises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsgraph.errors import SkipCode, SkipError
from newsgraph.ingest.fetch import Fetched, Fetcher

AGENT = "newsgraph"
ROBOTS_TTL = 24 * 3600.0
RETRY_S = 300.0  # an unreadable robots.txt is asked again after this long


def host_of(url: str) -> str:
    """``scheme://host:port``: the unit robots.txt and the delay apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1].lower()}"


@dataclass
class _Robots:
    parser: RobotFileParser | None  # None: could not be fetched (everything disallowed)
    until: float


@dataclass
class HostGate:
    """Fetch through ``fetcher`` keeping to robots.txt and ``delay`` seconds per host."""

    fetcher: Fetcher
    delay: float
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    robots: bool = True
    _last: dict[str, float] = field(default_factory=dict)
    _rules: dict[str, _Robots] = field(default_factory=dict)
    requests: int = 0  # every request sent, robots.txt included (for the benchmark)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        """GET ``url`` when robots.txt allows it, after the host's delay; ``SkipError`` if not."""
        host = host_of(url)
        if self.robots and not self._allowed(host, url):
            raise SkipError(SkipCode.FETCH_REFUSED, f"robots.txt of {host} disallows {url}")
        return self._send(host, url, headers)

    def _send(self, host: str, url: str, headers: dict[str, str] | None) -> Fetched:
        wait = self._last.get(host, float("-inf")) + self.delay - self.clock()
        if wait > 0:
            self.sleep(wait)
        self.requests += 1
        try:
            return self.fetcher.fetch(url, headers=headers)
        finally:
            self._last[host] = self.clock()

    def _allowed(self, host: str, url: str) -> bool:
        now = self.clock()
        rules = self._rules.get(host)
        if rules is None or rules.until <= now:
            rules = self._rules[host] = self._load(host, now)
        if rules.parser is None:
            raise SkipError(SkipCode.FETCH_FAILED, f"robots.txt of {host} could not be read")
        return rules.parser.can_fetch(AGENT, url)

    def _load(self, host: str, now: float) -> _Robots:
        parser = RobotFileParser()
        try:
            got = self._send(host, f"{host}/robots.txt", None)
        except SkipError as exc:
            if exc.code is SkipCode.FETCH_REFUSED:
                raise  # the host itself is refused (a private address): say so, not "robots"
            if exc.code is SkipCode.FETCH_FAILED and exc.reason.startswith("HTTP 4"):
                parser.parse([])  # no robots.txt: everything allowed
                return _Robots(parser, now + ROBOTS_TTL)
            return _Robots(None, now + RETRY_S)  # unreachable: refused for a while
        parser.parse(got.data.decode("utf-8", errors="replace").splitlines())
        return _Robots(parser, now + ROBOTS_TTL)
