"""Errors as problem details (RFC 9457) and the ASGI guards every request passes.

A client gets the same ``type/title/status/detail`` object for a bad filter, a missing
article, an oversized body or a bug, so it never has to parse an HTML error page.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("newsgraph.api")

PROBLEM_TYPE = "about:blank"
PROBLEM_MEDIA = "application/problem+json"


def problem(status: int, detail: str | None = None, *, title: str | None = None,
            **extra: Any) -> dict[str, Any]:
    """A problem-details object; ``about:blank`` because the HTTP status says it all."""
    body: dict[str, Any] = {"type": PROBLEM_TYPE,
                            "title": title or HTTPStatus(status).phrase,
                            "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return body


#: Content-Security-Policy for our pages: only our own scripts and styles, nothing inline,
#: so even a text that slipped past escaping could not run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: Swagger UI sets inline styles; its page alone may use them.
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class GuardMiddleware:
    """Body-size limit (413 before reading further) and security headers on every response."""

    def __init__(self, app: ASGIApp, max_body: int, max_ingest_body: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_ingest_body = max_ingest_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.max_ingest_body if path == "/api/ingest" else self.max_body
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _send_problem(send, 413, f"request body over the limit of {limit} bytes")
            return
        if path == "/api/ingest" and scope.get("method") == "POST":
            from newsgraph.api.routes import ingest_refusal

            # refused before a byte of the body is read or parsed
            refusal = ingest_refusal(scope["app"].state.settings, {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in headers.items()})
            if refusal is not None:
                await _send_problem(send, refusal[0], refusal[1], refusal[2])
                return
        seen = 0
        too_big = False

        async def limited_receive() -> Message:
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    too_big = True
                    raise _BodyTooLarge
            return message

        csp = CSP_DOCS if path.startswith("/docs") else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"no-referrer"),
                         (b"x-frame-options", b"DENY"),
                         (b"content-security-policy", csp.encode())]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _BodyTooLarge:
            if too_big:
                await _send_problem(send, 413, f"request body over the limit of {limit} bytes")


class _BodyTooLarge(Exception):
    pass


async def _send_problem(send: Send, status: int, detail: str,
                        headers: dict[str, str] | None = None) -> None:
    body = json.dumps(problem(status, detail)).encode()
    extra = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", PROBLEM_MEDIA.encode()),
                            (b"content-length", str(len(body)).encode()), *extra]})
    await send({"type": "http.response.body", "body": body})
