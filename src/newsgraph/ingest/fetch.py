"""A guarded HTTP fetcher: public web pages only, bounded in size and time.

Why our own: a URL in a feed or a JSONL record is untrusted input. Before any connection the
host is resolved once and every address checked (loopback, private, link-local, multicast,
reserved, unspecified and cloud-metadata addresses are refused unless the caller opened the
allow-list for them); the connection then goes to the checked address itself, so a second DNS
answer cannot swap in an internal one. Redirects are followed by hand so every hop is checked
the same way. Bodies are streamed and cut off at ``max_bytes``; the whole fetch has a deadline.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from newsgraph.errors import SkipCode, SkipError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

#: metadata services of cloud providers (also covered by link-local, listed for clarity)
METADATA_ADDRESSES = frozenset({
    ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("169.254.170.2"),
    ipaddress.ip_address("100.100.100.200"), ipaddress.ip_address("fd00:ec2::254"),
})
USER_AGENT = "newsgraph/0.1 (+https://example.invalid/newsgraph)"


def system_resolver(host: str, port: int) -> list[str]:
    """All addresses the system resolver gives for ``host``."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What the fetcher may reach and how much it may read."""

    allow: tuple[Network, ...] = ()  # networks opened explicitly (e.g. 127.0.0.1/32 in tests)
    max_bytes: int = 5_000_000
    timeout: float = 20.0  # seconds for the whole fetch, redirects included
    max_redirects: int = 5
    schemes: frozenset[str] = field(default_factory=lambda: frozenset({"http", "https"}))

    @staticmethod
    def allowing(networks: Iterable[str]) -> FetchPolicy:
        """A policy whose allow-list holds ``networks`` (CIDR strings)."""
        return FetchPolicy(allow=tuple(ipaddress.ip_network(n, strict=False) for n in networks))


def refusal(addr: IPAddress, policy: FetchPolicy) -> str | None:
    """Why ``addr`` may not be contacted, or ``None`` when it may."""
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if any(addr in net for net in policy.allow):
        return None
    if addr in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for name in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(addr, f"is_{name}"):
            return f"a {name.replace('_', '-')} address"
    if not addr.is_global:
        return "not a public address"
    return None


@dataclass(slots=True)
class Fetched:
    """A fetched body with where it finally came from."""

    url: str
    data: bytes
    content_type: str
    status: int
    location: str = ""  # redirect target, for 3xx answers
    headers: dict[str, str] = field(default_factory=dict)  # response headers (lower-case)


class Fetcher:
    """Fetch public URLs under a ``FetchPolicy``; every failure is a ``SkipError``."""

    def __init__(self, policy: FetchPolicy | None = None,
                 resolver: Resolver = system_resolver) -> None:
        self.policy = policy or FetchPolicy()
        self.resolver = resolver
        self.client = httpx.Client(follow_redirects=False, trust_env=False,
                                   headers={"User-Agent": USER_AGENT})

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def check(self, url: str) -> tuple[str, str]:
        """Resolve ``url``'s host once and return ``(checked address, host)`` or refuse."""
        try:  # urlsplit and .port raise ValueError on a bad IPv6 literal or port
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise SkipError(SkipCode.FETCH_REFUSED, f"malformed URL: {exc}") from exc
        if parts.scheme not in self.policy.schemes:
            raise SkipError(SkipCode.FETCH_REFUSED, f"scheme {parts.scheme!r} is not fetched")
        host = parts.hostname
        if not host:
            raise SkipError(SkipCode.FETCH_REFUSED, "URL without a host")
        try:
            literal: IPAddress | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        try:
            answers = [str(literal)] if literal else self.resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise SkipError(SkipCode.FETCH_FAILED, f"cannot resolve {host!r}: {exc}") from exc
        if not answers:
            raise SkipError(SkipCode.FETCH_FAILED, f"no address for {host!r}")
        # every answer must be acceptable: a mixed answer is how rebinding attacks start
        for answer in answers:
            try:
                why = refusal(ipaddress.ip_address(answer.split("%", 1)[0]), self.policy)
            except ValueError:
                why = "not an IP address"
            if why:
                raise SkipError(SkipCode.FETCH_REFUSED, f"{host} resolves to {answer}, {why}")
        return answers[0], host

    def fetch(self, url: str, *, headers: Mapping[str, str] | None = None,
              method: str = "GET", content: bytes | None = None) -> Fetched:
        """GET ``url`` following checked redirects; bounded by size and a deadline.

        ``headers`` are sent with every hop (conditional requests: ``If-None-Match``); a
        ``304`` comes back as a ``Fetched`` with that status and no body. Another ``method``
        (a webhook ``POST`` with ``content``) goes through the same checks but a redirect
        is returned, not followed.
        """
        deadline = time.monotonic() + self.policy.timeout
        for _ in range(self.policy.max_redirects + 1):
            addr, host = self.check(url)
            response = self._get(url, addr, host, deadline, headers, method, content)
            if response.status in (301, 302, 303, 307, 308) and method == "GET":
                location = response.location
                if not location:
                    raise SkipError(SkipCode.FETCH_FAILED, "redirect without a Location")
                try:
                    url = urljoin(url, location)
                except ValueError as exc:  # e.g. a broken IPv6 literal in the Location
                    raise SkipError(SkipCode.FETCH_REFUSED,
                                    f"malformed redirect Location: {exc}") from exc
                continue
            return response
        raise SkipError(SkipCode.FETCH_FAILED,
                        f"more than {self.policy.max_redirects} redirects")

    def _get(self, url: str, addr: str, host: str, deadline: float,
             extra: Mapping[str, str] | None = None, method: str = "GET",
             content: bytes | None = None) -> Fetched:
        parts = urlsplit(url)
        # connect to the address we checked; the Host header and TLS name stay the host's
        netloc_addr = f"[{addr}]" if ":" in addr else addr
        if parts.port:
            netloc_addr += f":{parts.port}"
        target = parts._replace(netloc=netloc_addr).geturl()
        headers = {**(extra or {}), "Host": parts.netloc.rsplit("@", 1)[-1]}
        extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SkipError(SkipCode.FETCH_FAILED, "time limit reached")
        timeout = httpx.Timeout(remaining)
        try:
            with self.client.stream(method, target, headers=headers, timeout=timeout,
                                    extensions=extensions, content=content) as resp:
                if resp.is_redirect or resp.status_code == 304:
                    return Fetched(url, b"", "", resp.status_code,
                                   resp.headers.get("location", ""), dict(resp.headers))
                if resp.status_code >= 400:
                    raise SkipError(SkipCode.FETCH_FAILED, f"HTTP {resp.status_code}")
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise SkipError(SkipCode.TOO_LARGE,
                                    f"{declared} bytes declared, over {self.policy.max_bytes}")
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.policy.max_bytes:
                        raise SkipError(SkipCode.TOO_LARGE,
                                        f"response over {self.policy.max_bytes} bytes")
                    if time.monotonic() > deadline:
                        raise SkipError(SkipCode.FETCH_FAILED,
                                        f"time limit of {self.policy.timeout}s reached")
                    chunks.append(chunk)
                return Fetched(url, b"".join(chunks), resp.headers.get("content-type", ""),
                               resp.status_code, headers=dict(resp.headers))
        except httpx.HTTPError as exc:
            raise SkipError(SkipCode.FETCH_FAILED, f"{type(exc).__name__}: {exc}") from exc
