"""RSS and Atom feeds: entries with their full content become documents.

feedparser is always given bytes (never a URL or a path), so it never opens a connection of its
own; fetching goes through our guarded ``Fetcher``. It does not resolve external entities, and
internal entity expansion is bounded by expat's amplification limit (a "billion laughs" feed
falls back to the loose parser with the entities left unexpanded), which a test checks.
Entries that carry only a link are fetched when a fetcher is given, else skipped with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import feedparser

from newsgraph.clean import looks_like_html
from newsgraph.errors import SkipCode, SkipError
from newsgraph.ingest.fetch import Fetcher
from newsgraph.records import DocKind, RawDocument, Skip

#: an entry summary shorter than this is a teaser, not the article
MIN_CONTENT_CHARS = 400


def looks_like_feed(data: bytes) -> bool:
    """True when the start of ``data`` is an RSS, RDF or Atom document."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head) and b"<html" not in head


def read_feed(data: bytes, origin: str, *, fetcher: Fetcher | None = None,
              user_published: str | None = None) -> Iterator[RawDocument | Skip]:
    """Yield a document (or a skip) per feed entry."""
    try:
        parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=False)
    except Exception as exc:  # feedparser rarely raises, but a bad feed must not stop a run
        yield Skip(origin, "ingest", SkipCode.BAD_FEED.value, f"feed not parsed: {exc}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        yield Skip(origin, "ingest", SkipCode.BAD_FEED.value,
                   f"no feed entries{f' ({why})' if why else ''}")
        return
    outlet = (parsed.get("feed") or {}).get("title") or None
    for i, entry in enumerate(entries):
        link = entry.get("link") or None
        entry_origin = f"{origin}#{link or i}"
        published = _entry_date(entry)
        title = entry.get("title") or None
        body = _content(entry)
        if body is not None:
            # plain-text content (type="text", most RSS descriptions) is read as text: its
            # paragraphs are its lines, and there is no markup to extract from
            kind: DocKind = "html" if looks_like_html(body) else "text"
            yield RawDocument(data=body.encode("utf-8", errors="surrogatepass"),
                              origin=entry_origin, kind=kind, url=link, published=published,
                              user_published=user_published, title=title, outlet=outlet)
            continue
        if link is None:
            yield Skip(entry_origin, "ingest", SkipCode.NO_TEXT.value,
                       "feed entry has neither content nor a link")
            continue
        if fetcher is None:
            yield Skip(entry_origin, "ingest", SkipCode.NO_TEXT.value,
                       "feed entry has only a link and fetching is off")
            continue
        try:
            got = fetcher.fetch(link)
        except SkipError as exc:
            yield Skip(entry_origin, "fetch", exc.code.value, exc.reason)
            continue
        yield RawDocument(data=got.data, origin=entry_origin, kind="html", url=got.url,
                          published=published, user_published=user_published, title=title,
                          outlet=outlet)


def _content(entry: Any) -> str | None:
    """The entry's full content, or a summary long enough to be the article."""
    for item in entry.get("content") or []:
        value = item.get("value") or ""
        if value.strip():
            return str(value)
    summary = entry.get("summary") or ""
    return str(summary) if len(summary) >= MIN_CONTENT_CHARS else None


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
            except (ValueError, AttributeError):
                continue
    return None
