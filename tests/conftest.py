"""Shared fixtures: one real spaCy pipeline per test session, paths to samples and gold data."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import settings

from newsgraph.pipeline import Pipeline, analyze
from newsgraph.records import Summary
from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"

# Property tests check behaviour, not speed: hypothesis's per-example deadline (200 ms) fails
# them on a loaded CI machine, and timing belongs in bench/. One profile for every test file.
settings.register_profile("newsgraph", deadline=None)
settings.load_profile("newsgraph")


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, int], Callable[[], None]]:
    """``full_disk(db, spare)``: create ``db`` and make every Store opened on it fill up after
    ``spare`` more pages (``PRAGMA max_page_count``), the disk-full case without a full disk.
    It returns the call that gives the room back."""

    def cap(db: Path, spare: int) -> Callable[[], None]:
        with Store(db):
            pass
        pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
        original = Store.__init__

        def capped(self: Store, *args: object, **kw: object) -> None:
            original(self, *args, **kw)  # type: ignore[arg-type]
            self.conn.execute(f"PRAGMA max_page_count = {int(pages) + spare}")

        monkeypatch.setattr(Store, "__init__", capped)
        return lambda: monkeypatch.setattr(Store, "__init__", original)

    return cap


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
    """The 5W1H summary of ``text``; every answer's offsets are checked against the article
    text they index (the clean text: clutter cut out of a line shifts what follows it)."""
    analysis = analyze(text, published, pipeline=pipeline)
    s = analysis.summary
    assert s is not None
    for q in ("who", "what", "when", "where", "why", "how"):
        a = getattr(s, q)
        if a is not None and a.start is not None:
            assert analysis.article.text[a.start:a.end] == a.text, q
    return s
