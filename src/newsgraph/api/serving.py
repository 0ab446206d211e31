"""Run the app under uvicorn with limits a slow or hostile client cannot outlast (issue 25).

uvicorn arms no timer while a request head is arriving, and any byte received cancels its
keep-alive timer: a client that opens a connection and sends half a request line holds it
for ever (1,100 of them stopped the server: too many open files). ``_TimedH11`` closes a
connection whose request head is not complete ``request_timeout`` seconds after the
connection opened or the previous response ended; ``limit_concurrency`` answers 503 past a
number of open connections, and the open-files limit is raised to its hard maximum so that
the limit, not ``accept()``, is what a flood meets first.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("newsgraph.api")

#: seconds a client has to send a whole request head
REQUEST_TIMEOUT = 10.0
#: open connections past which new requests get 503
LIMIT_CONCURRENCY = 500
#: largest request head h11 buffers (bytes)
MAX_HEAD = 16 * 1024


class _TimedH11(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head."""

    request_timeout = REQUEST_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.request_timeout, self._head_timeout)

    def _cancel_head_timer(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_timeout(self) -> None:
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._cancel_head_timer()  # a whole head arrived: the app has the request

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)


def _raise_open_files_limit() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft != resource.RLIM_INFINITY and soft < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        except (ValueError, OSError):  # pragma: no cover - a container may refuse
            log.debug("could not raise the open-files limit", exc_info=True)


def run(app: Any, host: str, port: int, log_level: str = "warning",
        request_timeout: float = REQUEST_TIMEOUT,
        limit_concurrency: int = LIMIT_CONCURRENCY) -> None:
    """Serve ``app`` until interrupted, with the limits above."""
    _raise_open_files_limit()
    protocol = type("TimedH11", (_TimedH11,), {"request_timeout": request_timeout})
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, http=protocol,
                            timeout_keep_alive=5, limit_concurrency=limit_concurrency,
                            h11_max_incomplete_event_size=MAX_HEAD)
    uvicorn.Server(config).run()
