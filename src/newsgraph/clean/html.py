"""HTML to article text and metadata with trafilatura (settings measured, not guessed)."""

from __future__ import annotations

import contextlib
import copy
import functools
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from newsgraph.clean.fallback import recall_text, wild_text_calls
from newsgraph.clean.layout import Placed, place_blocks
from newsgraph.clean.parse import parse_html
from newsgraph.clean.regex_xpath import RegexXPaths
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
}
#: htmldate settings: the original date over an "updated" one, no search of the free text
_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}


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
    #: paragraph text -> its link share and element on the page (``clean/layout.py``)
    placed: dict[str, Placed] = field(default_factory=dict)


def extract_html(html: str, url: str | None = None) -> HtmlExtraction:
    """Extract the article body and metadata (title, authors, site, original date)."""
    try:
        tree = parse_html(html)  # trafilatura's parse, element classes chosen in C
        if tree is None and html.strip():
            # trafilatura refuses a fragment of one element or bare text ("<p>...</p>", the
            # usual content of a feed entry); as the body of a page it parses
            html = f"<html><body><article>{html}</article></body></html>"
            tree = parse_html(html)
    except (etree.ParserError, ValueError) as exc:
        raise SkipError(SkipCode.NO_TEXT, f"HTML could not be parsed: {exc}") from exc
    if tree is None:
        raise SkipError(SkipCode.NO_TEXT, "HTML could not be parsed")
    # for some fragments load_html hands back an inner element (an <iframe> under <body>);
    # work on the document root, or trafilatura's cleaners try to drop a root and assert
    tree = tree.getroottree().getroot()
    captions = [" ".join(el.text_content().split()) for el in tree.iter("figcaption")]
    placed = place_blocks(tree)  # before trafilatura, which prunes the tree it is given
    calls = wild_text_calls()
    data = _trafilatura(tree, url)
    text = data.get("text") or ""
    if text.strip():  # clean/fallback.py
        text = recall_text(tree, url, text, placed, _OPTIONS, wild=wild_text_calls() != calls)
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
        placed=placed,
    )


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None) -> dict[str, Any]:
    """One trafilatura pass with our settings, as a plain dict (empty when nothing found).

    The body comes from ``bare_extraction`` without its metadata step and the metadata from
    ``_metadata`` (the same fields, less the ones we never read): trafilatura's own metadata
    pass also collects categories, tags and a licence, a fifth of our time per page.
    """
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=False, **_OPTIONS)
    if doc is None:
        return {}
    out = _metadata(tree, url)
    out["text"] = (doc if isinstance(doc, dict) else doc.as_dict()).get("text")
    return out


def _metadata(tree: lxml.html.HtmlElement, url: str | None) -> dict[str, Any]:
    """Title, author, site name, original date and URL as ``trafilatura.extract_metadata``
    finds them, in its order and with its clean-up, less categories, tags and licence.

    Every field is found by trafilatura's own functions (we only choose which to call).
    Read-only on ``tree`` (the byline search and htmldate copy before pruning), so
    it may share the caller's tree; ``tests/test_clean.py`` checks the fields against
    trafilatura's own pass.
    """
    from htmldate import find_date
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )

    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    with contextlib.suppress(Exception):  # trafilatura guards its JSON-LD reader the same way
        meta = extract_meta_json(tree, meta)
    if not meta.title:
        meta.title = extract_title(tree)
    if not meta.author:
        meta.author = _author(tree)
    if not meta.url:
        meta.url = extract_url(tree, url)
    meta.date = find_date(tree, url=meta.url, **_DATE_PARAMS)
    if not meta.sitename:
        meta.sitename = extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (m := META_URL.match(meta.url)):
        meta.sitename = m[1]
    meta.clean_and_trim()  # the host name trafilatura adds is left out: nothing reads it
    return {key: getattr(meta, key, None) for key in ("title", "author", "sitename", "date",
                                                         "url")}



@functools.cache
def _author_xpaths() -> tuple[RegexXPaths, RegexXPaths] | None:
    """trafilatura's author and author-discard XPaths, their regex tests to be bound to each
    page's values (``clean/regex_xpath.py``); None where this trafilatura lacks them."""
    from trafilatura import metadata

    find = getattr(metadata, "AUTHOR_XPATHS", None)
    discard = getattr(metadata, "AUTHOR_DISCARD_XPATHS", None)
    if not isinstance(find, list) or not isinstance(discard, list):
        return None
    return RegexXPaths(find), RegexXPaths(discard)


def _author(tree: lxml.html.HtmlElement) -> str | None:
    """``trafilatura.metadata.extract_author`` (its discard prune on a copy of the page, then
    its author XPaths and clean-up) with the XPaths' regex tests answered once per distinct
    class and id of the page (``RegexXPaths``): the same author in under half the time.
    ``tests/test_clean.py`` checks it against trafilatura's own function.

    The copy and its prune are made only where they could change the answer
    (``_author_on_page``); on most pages the author XPaths run on the page itself."""
    from trafilatura.metadata import extract_author

    xpaths = _author_xpaths()
    if xpaths is None:
        return extract_author(tree)
    find, discard = xpaths
    values: dict[str, set[str]] = {}  # the page's classes and ids, collected once
    bound_find, bound_discard = find.bind(tree, values), discard.bind(tree, values)
    found = _author_on_page(tree, bound_find, bound_discard)
    if found is not _PRUNE:
        return found
    return _author_pruned(tree, bound_find, bound_discard)


#: ``_author_on_page``'s answer where only the pruned copy can tell
_PRUNE = "\0prune"


def _author_on_page(tree: lxml.html.HtmlElement, find: list[etree.XPath],
                    discard: list[etree.XPath]) -> str | None:
    """``_author_pruned``'s answer read off the page itself, or ``_PRUNE``.

    trafilatura's prune deletes each element its discard XPaths select, with all below it
    (keeping its tail text), and its author XPaths test only an element's own name and
    attributes (and a ``rel`` child): on the pruned copy they select the elements they
    select on the page, less those inside a deleted one, in the same order. An element
    with nothing deleted below it has the same text there (a deleted element's tail joins
    its previous sibling's tail or its parent's text, neither inside such an element).
    So the first candidate that is not deleted decides, unless something below it is
    deleted: then the copy is made. A page where the author XPaths select nothing needs
    neither the copy nor the discard XPaths."""
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.utils import trim

    removed: set[lxml.html.HtmlElement] | None = None
    for expression in find:
        for elem in expression(tree):
            if removed is None:
                removed = {el for xp in discard for el in xp(tree)}
            if elem in removed or any(a in removed for a in elem.iterancestors()):
                continue  # not on the pruned copy
            if any(d in removed for d in elem.iterdescendants()):
                return _PRUNE
            content = trim(" ".join(elem.itertext()))
            if content and 2 < len(content) < 120:  # extract_metainfo's len_limit=120
                return normalize_authors(None, content)
    return None


def _author_pruned(tree: lxml.html.HtmlElement, find: list[etree.XPath],
                   discard: list[etree.XPath]) -> str | None:
    """trafilatura's steps as they are: the discard prune on a copy, then the author
    XPaths (``extract_metainfo``) and ``normalize_authors``."""
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.metadata import extract_metainfo

    subtree = prune_unwanted_nodes(copy.deepcopy(tree), discard)
    author = extract_metainfo(subtree, find, len_limit=120)
    return normalize_authors(None, author) if author else author
