"""The FEEDS file: one RSS/Atom URL a line (``#`` comments), or an OPML export.

OPML is what feed readers export; every ``outline`` with an ``xmlUrl`` is a feed, nested
folders included. The file is parsed with the standard library's expat, which resolves no
external entities and bounds internal entity expansion (its amplification limit).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from newsgraph.errors import NewsgraphError


class BadFeedList(NewsgraphError):
    """The FEEDS file cannot be read or holds no feed URL."""

    code = "E203"


def read_feed_list(path: str | Path) -> list[str]:
    """The feed URLs in ``path`` in file order, each once."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BadFeedList(f"cannot read {path}: {exc}") from exc
    head = data[:512].lstrip().lower()
    urls = _opml(data, path) if head.startswith(b"<?xml") or b"<opml" in head else _lines(data)
    seen: dict[str, None] = {}
    for url in urls:
        if url.lower().startswith(("http://", "https://")):
            seen.setdefault(url, None)
    if not seen:
        raise BadFeedList(f"no http(s) feed URL in {path}")
    return list(seen)


def _lines(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    return [ln.split()[0] for ln in text.splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]


def _opml(data: bytes, path: str | Path) -> list[str]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise BadFeedList(f"{path} is not well-formed OPML: {exc}") from exc
    return [str(o.get("xmlUrl") or o.get("xmlurl")).strip() for o in root.iter("outline")
            if o.get("xmlUrl") or o.get("xmlurl")]
