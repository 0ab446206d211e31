"""HTML to article text and metadata: our structural pre-pass, then trafilatura."""

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

#: class/id words that mark page furniture rather than article body
_CLUTTER_ATTR = re.compile(
    r"(^|[\s_-])(related|recommend[^\W_]*|more-stories|read-more|subscribe|subscription|paywall|"
    r"newsletter|signup|promo|advert[^\W_]*|ad-slot|sponsored|share|social|photo-credit|credit|"
    r"breadcrumbs?|cookie[^\W_]*)($|[\s_-])",  # [^\W_]*: a "_" is not rescanned
    re.IGNORECASE,
)
_KIND_BY_WORD = (
    ("related", "related"), ("recommend", "related"), ("more-stories", "related"),
    ("read-more", "related"), ("subscri", "subscribe"), ("paywall", "subscribe"),
    ("newsletter", "subscribe"), ("signup", "subscribe"), ("credit", "credit"),
    ("share", "share"), ("social", "share"), ("advert", "advert"), ("ad-slot", "advert"),
    ("sponsored", "advert"), ("promo", "advert"),
)
#: ``form`` is not here: some sites wrap the whole page, article included, in one form
_STRUCTURAL = ("nav", "aside", "script", "style", "noscript")
#: an element picked by its class/id words is dropped only when it holds at most this share of
#: the page's words; furniture is small, and a large block named "paywall" or "has-advert" is
#: usually the article body itself
MAX_FURNITURE_SHARE = 0.05
#: ... but a block this short is furniture whatever the page size (a short page's "related" box)
SMALL_BLOCK_WORDS = 30
#: a precision-mode body shorter than this is checked against trafilatura's balanced mode
SHORT_BODY_WORDS = 120
#: ... and replaced when the balanced body is at least this many times longer
WIDER_FACTOR = 3


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
    """Extract the article body and metadata, recording the furniture removed on the way."""
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
    # work on the document root, or the cleaners below try to drop a root and assert
    tree = tree.getroottree().getroot()
    captions = [" ".join(el.text_content().split()) for el in tree.iter("figcaption")]
    removed = _prune(tree)
    # favor_precision: boilerplate costs the NLP more than a missed sentence
    data = _trafilatura(tree, url, favor_precision=True)
    text = data.get("text") or ""
    if len(text.split()) < SHORT_BODY_WORDS:
        # precision mode sometimes settles on a small side block (a reprint notice) and
        # loses the article; the balanced mode's body wins when it is several times longer
        # trafilatura rewrites the tree it is given: the second pass gets a fresh copy
        fresh = load_html(html)
        if fresh is not None:
            fresh = fresh.getroottree().getroot()
            _prune(fresh)
        wider = _trafilatura(fresh, url, favor_precision=False) if fresh is not None else {}
        wider_text = wider.get("text") or ""
        if len(wider_text.split()) >= WIDER_FACTOR * max(len(text.split()), 1):
            data, text = wider, wider_text
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
        removed=removed,
        captions=[c for c in captions if c],
    )


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None,
                 favor_precision: bool) -> dict[str, Any]:
    """One trafilatura pass with our settings, as a plain dict (empty when nothing found)."""
    # tables stay (news tables are body text: results, figures); reader comments are not
    # the article
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=favor_precision,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return {}
    return dict(doc.as_dict() if hasattr(doc, "as_dict") else doc)


def _prune(tree: lxml.html.HtmlElement) -> list[Removed]:
    """Drop page furniture by tag and by class/id words, keeping its text for audit."""
    removed: list[Removed] = []
    body = tree.find("body")
    total_words = _words(body if body is not None else tree) or 1
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in ("html", "body", "article", "main"):
            continue
        attrs = f"{el.get('class', '')} {el.get('id', '')}"
        kind = None
        if el.tag == "figcaption":
            kind = "caption"
        elif el.tag in _STRUCTURAL:
            kind = "script" if el.tag in ("script", "style", "noscript") else "navigation"
        elif _CLUTTER_ATTR.search(attrs) and _small(el, total_words):
            low = attrs.lower()
            kind = next((k for w, k in _KIND_BY_WORD if w in low), "furniture")
        if kind is None or _inside_removed(el):
            continue
        text = " ".join(el.text_content().split())
        if text and kind != "script":
            removed.append(Removed(kind, text, f"html:{el.tag}"))
        el.drop_tree()
    return removed


def _small(el: lxml.html.HtmlElement, total_words: int) -> bool:
    return _words(el) <= max(MAX_FURNITURE_SHARE * total_words, SMALL_BLOCK_WORDS)


def _words(el: lxml.html.HtmlElement) -> int:
    return len("".join(el.itertext()).split())


def _inside_removed(el: lxml.html.HtmlElement) -> bool:
    """True once an ancestor was dropped (the element no longer reaches the root)."""
    node = el
    while node.getparent() is not None:
        node = node.getparent()
    return bool(node.tag != "html")
