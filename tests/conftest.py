"""Shared fixtures: one real spaCy pipeline per test session, paths to samples and gold data."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsgraph.pipeline import Pipeline, analyze
from newsgraph.records import Summary

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The gold data beside the checkout; tests that need it skip on a user's machine."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@contextmanager
def loopback_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 (a free port) for tests; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def summarise(pipeline: Pipeline, text: str, published: str | None = "2020-03-06") -> Summary:
    """The 5W1H summary of ``text``; every answer's offsets are checked against the text."""
    s = analyze(text, published, pipeline=pipeline).summary
    assert s is not None
    for q in ("who", "what", "when", "where", "why", "how"):
        a = getattr(s, q)
        if a is not None and a.start is not None:
            assert text[a.start:a.end] == a.text, q
    return s
