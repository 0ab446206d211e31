"""HTML to article text and metadata with trafilatura (settings measured, not guessed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from newsgraph.errors import SkipCode, SkipError
from newsgraph.records import Removed

#: trafilatura settings, each measured on the WCXB tune and check halves and on the Zyte pages
#: (docs/extraction.md): its balanced mode with its own fallbacks (readability, jusText) wins
#: on pages it was not tuned on; precision mode loses 0.02 F1 there (whole sections of posts),
#: and our former class/id pre-pass lost 0.003-0.006 (it dropped inline links and posts whose
#: container was named like furniture). Tables stay (news tables are body text); reader
#: comments are not the article.
_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": False,
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}


@dataclass(slots=True)
class HtmlExtraction:
    """What the HTML stage hands on: body text (newline-separated paragraphs) and metadata."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    removed: list[Removed] = field(default_factory=list)
    #: caption texts seen in <figcaption>: the same words in the body are a caption printed twice
    captions: list[str] = field(default_factory=list)


def extract_html(html: str, url: str | None = None) -> HtmlExtraction:
    """Extract the article body and metadata (title, authors, site, original date)."""
    try:
        tree = load_html(html)
        if tree is None and html.strip():
            # trafilatura refuses a fragment of one element or bare text ("<p>...</p>", the
            # usual content of a feed entry); as the body of a page it parses
            html = f"<html><body><article>{html}</article></body></html>"
            tree = load_html(html)
    except (etree.ParserError, ValueError) as exc:
        raise SkipError(SkipCode.NO_TEXT, f"HTML could not be parsed: {exc}") from exc
    if tree is None:
        raise SkipError(SkipCode.NO_TEXT, "HTML could not be parsed")
    # for some fragments load_html hands back an inner element (an <iframe> under <body>);
    # work on the document root, or trafilatura's cleaners try to drop a root and assert
    tree = tree.getroottree().getroot()
    captions = [" ".join(el.text_content().split()) for el in tree.iter("figcaption")]
    data = _trafilatura(tree, url)
    text = data.get("text") or ""
    if not text.strip():
        raise SkipError(SkipCode.NO_TEXT, "no article body found in the HTML")
    author = data.get("author") or ""
    return HtmlExtraction(
        text=text,
        title=data.get("title") or None,
        authors=[a.strip() for a in re.split(r";|\band\b", author) if a.strip()],
        outlet=data.get("sitename") or None,
        published=data.get("date") or None,
        url=data.get("url") or url,
        captions=[c for c in captions if c],
    )


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None) -> dict[str, Any]:
    """One trafilatura pass with our settings, as a plain dict (empty when nothing found)."""
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, **_OPTIONS)
    if doc is None:
        return {}
    return dict(doc.as_dict() if hasattr(doc, "as_dict") else doc)
