"""A guarded HTTP fetcher: public web pages only, bounded in size and time.

Why our own: a URL in a feed or a JSONL record is untrusted input. Before any connection the
host is resolved once and every address checked (loopback, private, link-local, multicast,
reserved, unspecified and cloud-metadata addresses are refused unless the caller opened the
allow-list for them); the connection then goes to the checked address itself, so a second DNS
answer cannot swap in an internal one. Redirects are followed by hand so every hop is checked
the same way. IPv6 forms that carry an IPv4 address (mapped, 6to4, NAT64, Teredo) are judged by
that address, and the deprecated site-local range ``fec0::/10`` is refused like a private one.

Bodies are read raw and decompressed here, a bounded piece at a time, so a stacked
``Content-Encoding: gzip, gzip`` bomb is cut off at ``max_bytes`` of *output* instead of being
inflated whole first. The deadline covers the whole fetch: every socket read, connect and TLS
step gets only the time that is left (``_DeadlineBackend``), so a server that trickles its
headers one byte at a time cannot hold a fetch past ``timeout``. A malformed URL or Location
(control bytes, an overlong URL, a bad IDN host) is a skip, never an exception.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
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
#: longer URLs are refused: browsers and servers stop near 8 kB, and a 65 kB "URL" is an attack
MAX_URL_CHARS = 8192
#: IPv6 ranges that carry an IPv4 address in their last 32 bits (RFC 6052 NAT64, local use)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
#: decompressed bytes produced per step: bounds memory whatever the compression ratio
_INFLATE_STEP = 65_536


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
    if isinstance(addr, ipaddress.IPv6Address):
        if any(addr in net for net in policy.allow):
            return None
        embedded = _embedded_ipv4(addr)
        if embedded is not None:  # 6to4, NAT64, Teredo: the IPv4 inside is what is reached
            # judged without the allow-list: opening 127.0.0.1 does not open a relay to it
            why = refusal(embedded, FetchPolicy(schemes=policy.schemes))
            if why is not None:
                return f"an IPv6 form of {embedded}, {why}"
        if addr.is_site_local:
            return "a site-local address"
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


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64, Teredo client)."""
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr.teredo is not None:
        return addr.teredo[1]
    if any(addr in net for net in _NAT64):
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def _check_chars(url: str) -> None:
    """Refuse what no valid URL holds: control bytes, whitespace, lone surrogates, 8 kB+."""
    if len(url) > MAX_URL_CHARS:
        raise SkipError(SkipCode.FETCH_REFUSED,
                        f"URL of {len(url)} characters, over {MAX_URL_CHARS}")
    for i, ch in enumerate(url):
        code = ord(ch)
        if code <= 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
            raise SkipError(SkipCode.FETCH_REFUSED,
                            f"malformed URL: character {ch!r} at position {i}")


def _ascii_host(host: str) -> str:
    """``host`` as the DNS and the Host header need it (IDNA/punycode), or refused."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise SkipError(SkipCode.FETCH_REFUSED, f"malformed host name {host!r}: {exc}") from exc


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write gets at most the time left to the fetch."""

    def __init__(self, inner: httpcore.NetworkStream, backend: _DeadlineBackend) -> None:
        self.inner = inner
        self.backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.backend.clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.backend.clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self.inner.start_tls(ssl_context, server_hostname,
                                     self.backend.clamp(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner, self.backend)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync backend with a deadline per thread: httpx's timeouts are per socket
    operation, so a server sending a byte just inside each read timeout held a fetch forever."""

    def __init__(self) -> None:
        self.inner = httpcore.SyncBackend()
        self.local = threading.local()

    def clamp(self, timeout: float | None, error: type[Exception]) -> float | None:
        deadline: float | None = getattr(self.local, "deadline", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise error("time limit of the fetch reached")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        stream = self.inner.connect_tcp(host, port, self.clamp(timeout, httpcore.ConnectTimeout),
                                        local_address, socket_options)
        return _DeadlineStream(stream, self)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None
                            ) -> httpcore.NetworkStream:  # pragma: no cover - never used
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class _Transport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that uses ``_DeadlineBackend``.

    httpx does not take a network backend, so the pool it built is replaced by one that
    does (``_pool`` is the attribute ``HTTPTransport.handle_request`` sends through).
    """

    def __init__(self, backend: _DeadlineBackend) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(),
                                             network_backend=backend)


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """One gzip or zlib ("deflate") layer, decoded lazily in pieces of at most
    ``_INFLATE_STEP`` bytes; concatenated gzip members are read on."""
    d = zlib.decompressobj(32 + zlib.MAX_WBITS)  # 32: take a gzip or a zlib header
    for chunk in chunks:
        data = chunk
        while data:
            out = d.decompress(data, _INFLATE_STEP)
            if out:
                yield out
            if d.eof:
                data = d.unused_data
                if data:
                    d = zlib.decompressobj(32 + zlib.MAX_WBITS)
            else:
                data = d.unconsumed_tail
    tail = d.flush()
    if tail:
        yield tail


def _decoded(raw: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """The body through each ``Content-Encoding`` layer, last applied first, lazily."""
    layers = [e.strip().lower() for e in encoding.split(",") if e.strip()]
    stream: Iterable[bytes] = raw
    for layer in reversed(layers):
        if layer in ("identity", ""):
            continue
        if layer not in ("gzip", "x-gzip", "deflate"):
            raise SkipError(SkipCode.FETCH_FAILED, f"unsupported Content-Encoding {layer!r}")
        stream = _inflate(stream)
    return iter(stream)


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
        self.backend = _DeadlineBackend()
        # only the encodings ``_decoded`` undoes, each a bounded step at a time
        self.client = httpx.Client(follow_redirects=False, trust_env=False,
                                   transport=_Transport(self.backend),
                                   headers={"User-Agent": USER_AGENT,
                                            "Accept-Encoding": "gzip, deflate"})

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def check(self, url: str) -> tuple[str, str]:
        """Resolve ``url``'s host once and return ``(checked address, host)`` or refuse.

        The host comes back in its ASCII (punycode) form, as DNS and the Host header need it.
        """
        _check_chars(url)
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
        host = _ascii_host(host)
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
        self.backend.local.deadline = deadline
        try:
            return self._follow(url, deadline, headers, method, content)
        finally:
            self.backend.local.deadline = None

    def _follow(self, url: str, deadline: float, headers: Mapping[str, str] | None,
                method: str, content: bytes | None) -> Fetched:
        for _ in range(self.policy.max_redirects + 1):
            addr, host = self.check(url)
            try:
                response = self._get(url, addr, host, deadline, headers, method, content)
            except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
                # what urlsplit let through and httpx still refuses ("http:foo")
                raise SkipError(SkipCode.FETCH_REFUSED, f"malformed URL: {exc}") from exc
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
        host_header = f"[{host}]" if ":" in host else host
        headers = {**(extra or {}), "Host": host_header + (f":{parts.port}" if parts.port else "")}
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
                body = _decoded(resp.iter_raw(), resp.headers.get("content-encoding", ""))
                for chunk in body:
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
        except zlib.error as exc:
            raise SkipError(SkipCode.FETCH_FAILED, f"broken compressed body: {exc}") from exc
