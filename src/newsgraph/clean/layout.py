"""Where each extracted paragraph sat on the page: its link density and whether it lies inside
the element that holds the article body.

trafilatura hands back text; the markup it came from still says what the text is. A paragraph
whose words are nearly all link text is a link to another page (a teaser, "other posts"), and
one outside the container that holds most of the article (a sign-up box after the post, an
author card, a "more from" strip, a breadcrumb above it) is page furniture that trafilatura's
fallbacks pulled in with the body. Both signals come from one walk over the page's block
elements, before trafilatura runs (it prunes its own copy).

Measured with ``newsgraph eval extraction --ablate`` on the WCXB tune and check halves and the
Zyte pages (docs/extraction.md); the thresholds were chosen on tune.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from newsgraph.records import Removed

#: elements that hold one paragraph of text as trafilatura prints it
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td", "th",
           "blockquote", "pre", "div")
_BLOCK_SET = frozenset(_BLOCKS)
#: a block longer than this is a container, not a paragraph trafilatura prints as one line
_MAX_BLOCK_CHARS = 2000
#: how much of a long block's text is collapsed first to tell it is over ``_MAX_BLOCK_CHARS``:
#: the whitespace-collapsed head of a text is a prefix of the whole collapsed text, so a head
#: over the limit settles it without collapsing the rest (three quarters of the characters
#: serialised on a page are in such containers)
_HEAD_CHARS = 2 * _MAX_BLOCK_CHARS + 2
#: a paragraph whose text is at least this share link text is a link
LINK_SHARE = 0.9
#: ... and at most this many words (a link-title, not a paragraph with a link in it)
MAX_LINK_WORDS = 30
#: a body paragraph: this many words and mostly not link text
MIN_BODY_WORDS = 25
#: the body's container holds at least this share of the located paragraphs' characters
BODY_SHARE = 0.8
#: a line before the body outside its container is dropped only when short and not a sentence
MAX_LEAD_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?\"'”’)]\s*$")
#: list markers trafilatura prints before an item
_MARKER = re.compile(r"^[-*•]\s+")


@dataclass(slots=True)
class Placed:
    """One block of the page: the share of its text that is link text, and its element."""

    link_share: float
    element: lxml.html.HtmlElement


def _key(text: str) -> str:
    return " ".join(_MARKER.sub("", text.strip()).split())


def _text(el: lxml.html.HtmlElement) -> str:
    """The element's string value, as ``text_content()`` gives it, serialised in C rather
    than by an XPath evaluation (half the cost per call)."""
    return str(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def place_blocks(tree: lxml.html.HtmlElement) -> dict[str, Placed]:
    """Text of each paragraph-like block (whitespace collapsed) -> where it is on the page.

    One walk over the block elements; a ``div`` counts only when it holds no block of its
    own (a container's text is many paragraphs, never one): the elements with a block child
    are the blocks' parents, collected in one pass (an ``iterchildren`` per ``div`` cost as
    much as the walk). The innermost block with a text wins, so a ``<li><p>`` pair names the
    ``p``. A block's link text is the sum over the links inside it, each link's length
    measured once; only the blocks kept (2,000 characters at most) look theirs up.
    """
    text_of = _text
    blocks = list(tree.iter(*_BLOCKS))
    holders = {el.getparent() for el in blocks}
    lengths: dict[lxml.html.HtmlElement, int] = {}
    for a in tree.iter("a"):
        n = len(" ".join(text_of(a).split()))
        if n:
            lengths[a] = n
    got = lengths.get
    out: dict[str, Placed] = {}
    for el in blocks:
        if el.tag == "div" and el in holders:
            continue
        raw = text_of(el)
        if len(raw) > _HEAD_CHARS and len(" ".join(raw[:_HEAD_CHARS].split())) > _MAX_BLOCK_CHARS:
            continue  # a container: its text's head alone is too long (see _HEAD_CHARS)
        text = " ".join(raw.split())
        if not text or len(text) > _MAX_BLOCK_CHARS:
            continue
        n = sum(got(a, 0) for a in el.iter("a")) if lengths else 0
        out[text] = Placed(min(1.0, n / len(text)), el)
    return out


def _words(para: str) -> int:
    return len(para.split())


#: a paragraph found only inside a longer block must be at least this long (a short piece,
#: "-" or "};", is found anywhere)
MIN_PIECE_CHARS = 20


def locate(kept: list[str], placed: dict[str, Placed]) -> list[Placed | None]:
    """Where each paragraph sat on the page, ``None`` when it cannot be found.

    Most paragraphs are one block's text. trafilatura also prints pieces of a block (lines of
    a ``<br>``-separated address or code listing) and table rows as ``| cell | cell |``: a
    row is placed at its longest cell's block, and a piece at the first block whose text
    holds it. Without this a footer of ``<br>`` lines was invisible to the position rules
    (a sixth of the paragraphs on the WCXB tune pages were not found).
    """
    out: list[Placed | None] = []
    joined: str | None = None
    starts: list[int] = []
    blocks: list[Placed] = []
    for para in kept:
        key = _key(para)
        hit = placed.get(key)
        if hit is None and key.startswith("|"):
            # str.split, not a regex with "\s*" around the bar (it backtracks on long blank runs)
            cells = [c.strip() for c in key.split("|")]
            cells = [c for c in cells if c and set(c) - set("-: ")]
            if cells:
                hit = placed.get(max(cells, key=len))
        elif hit is None and len(key) >= MIN_PIECE_CHARS:
            if joined is None:
                offset = 0
                for text, where in placed.items():
                    starts.append(offset)
                    blocks.append(where)
                    offset += len(text) + 1
                joined = "\n".join(placed)
            at = joined.find(key)
            if at >= 0:
                hit = blocks[bisect.bisect_right(starts, at) - 1]
        out.append(hit)
    return out


def trim_by_layout(kept: list[str], placed: dict[str, Placed],
                   skip: frozenset[str] = frozenset()) -> tuple[list[str], list[Removed]]:
    """Drop link runs after the body and furniture outside the body's container.

    - ``link-run-tail``: after the last body paragraph (25+ words, under half link text), two
      or more paragraphs in a row that are nearly all link text (a "more posts" list);
    - ``outside-body``: the trailing paragraphs that lie outside the element holding 80% of the
      located text, and leading ones that are also short and not sentences (breadcrumbs,
      "5 min read", a byline card). Paragraphs not found on the page (text trafilatura
      rewrote) neither count nor stop a run's end from being kept.
    """
    if not placed or not kept:
        return kept, []
    where = locate(kept, placed)
    removed: list[Removed] = []
    if "link-run-tail" not in skip:
        links = [w is not None and w.link_share >= LINK_SHARE and _words(p) <= MAX_LINK_WORDS
                 for p, w in zip(kept, where, strict=True)]
        last = max((i for i, (p, w) in enumerate(zip(kept, where, strict=True))
                    if _words(p) >= MIN_BODY_WORDS and (w is None or w.link_share < 0.5)),
                   default=len(kept))
        drop: set[int] = set()
        i = last + 1
        while i < len(kept):
            j = i
            while j < len(kept) and links[j]:
                j += 1
            if j - i >= 2:
                drop.update(range(i, j))
            i = j + 1
        if drop:
            removed.extend(Removed("related", kept[i], "link-run-tail") for i in sorted(drop))
            kept = [p for i, p in enumerate(kept) if i not in drop]
            where = [w for i, w in enumerate(where) if i not in drop]
    if "outside-body" not in skip:
        kept, where, cut = _outside_body(kept, where)
        removed.extend(cut)
    return kept, removed


def _body_root(located: list[tuple[int, lxml.html.HtmlElement]]
               ) -> lxml.html.HtmlElement | None:
    """The deepest element holding ``BODY_SHARE`` of the located characters (``(length,
    element)`` pairs), ``None`` when nothing is located. The lengths are summed per element
    first, so each element's ancestors are walked once, not once per paragraph placed in it;
    at most one element of a depth can hold over half the text, so the deepest is unique."""
    own: dict[lxml.html.HtmlElement, int] = {}
    for n, el in located:
        own[el] = own.get(el, 0) + n
    total = sum(own.values())
    if not total:
        return None
    weight: dict[lxml.html.HtmlElement, int] = {}
    depth: dict[lxml.html.HtmlElement, int] = {}
    for el, n in own.items():
        for d, anc in enumerate(reversed([el, *el.iterancestors()])):
            weight[anc] = weight.get(anc, 0) + n
            depth[anc] = d
    return max((el for el, n in weight.items() if n >= BODY_SHARE * total),
               key=depth.__getitem__)


def _outside_body(kept: list[str], where: list[Placed | None]
                  ) -> tuple[list[str], list[Placed | None], list[Removed]]:
    root = _body_root([(len(p), w.element) for p, w in zip(kept, where, strict=True)
                       if w is not None])
    if root is None:
        return kept, where, []
    inside: dict[lxml.html.HtmlElement, bool] = {}
    outside = []
    for w in where:
        if w is None:
            outside.append(False)
            continue
        el = w.element
        if el not in inside:
            inside[el] = el is root or root in el.iterancestors()
        outside.append(not inside[el])
    i, j = 0, len(kept)
    while (i < j and outside[i] and _words(kept[i]) <= MAX_LEAD_WORDS
           and not _SENTENCE_END.search(kept[i])):
        i += 1
    while j > i and outside[j - 1]:
        j -= 1
    cut = [Removed("furniture", p, "outside-body") for p in (*kept[:i], *kept[j:])]
    return kept[i:j], where[i:j], cut


def body_coverage(paragraphs: list[str], placed: dict[str, Placed]) -> float:
    """The share of the body container's text that ``paragraphs`` hold.

    The container is the deepest element holding 80% of the located paragraphs' characters
    (as for ``outside-body``). An extraction that kept most of its own container's text
    found the body; one that kept little of it pruned part of the article (lists, an intro,
    sections it scored as boilerplate). 0.0 when no paragraph is found on the page.
    """
    root = _body_root([(len(p), w.element)
                       for p, w in zip(paragraphs, locate(paragraphs, placed), strict=True)
                       if w is not None])
    if root is None:
        return 0.0
    return sum(len(p) for p in paragraphs) / max(1, len(" ".join(_text(root).split())))
