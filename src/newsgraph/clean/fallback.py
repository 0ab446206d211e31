"""A second trafilatura pass in its recall mode for pages whose body it pruned.

trafilatura's balanced mode (our default, ``clean/html.py``) sometimes keeps only part of the
element that holds the article: a list it scored as navigation, an intro, a section whose
markup looks like a teaser. Its recall mode keeps those, and on most pages also keeps
furniture the balanced mode rightly drops, so it is not the default (WCXB check 0.9368 vs
0.9392 before the layout rules; docs/extraction.md). Here it runs only where the balanced
text covers under 90% of its own body container's text (``layout.body_coverage``: under a
quarter of the WCXB pages, a third of the Zyte ones), and its text replaces the balanced one
only when it is 1.1-3 times as long: longer, so it found what balanced pruned, and not so
much longer that it took in the page around the article. Measured with ``newsgraph eval
extraction --baseline`` (docs/extraction.md): F1 tune +0.0071, check +0.0037 (with the
located pieces of ``layout.locate``), Zyte -0.0012; pages/s 0.62x -> 0.54x trafilatura's.
"""

from __future__ import annotations

from typing import Any

import lxml.html
import trafilatura

from newsgraph.clean.layout import Placed, body_coverage

#: below this share of its container's text, the balanced body may have lost part of it
RECALL_COVERAGE = 0.9
#: the recall text is taken when it is this many times as long as the balanced one ...
MIN_GAIN = 1.1
#: ... and at most this many (beyond, it has taken in the page around the article)
MAX_GAIN = 3.0


def _length(text: str) -> int:
    return sum(len(line.strip()) for line in text.split("\n"))


def recall_text(tree: lxml.html.HtmlElement, url: str | None, text: str,
                placed: dict[str, Placed], options: dict[str, Any]) -> str:
    """``text`` (trafilatura's balanced body) or, where it covers little of its container and
    the recall mode finds 1.1-3x as much, the recall mode's body."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if not paragraphs or body_coverage(paragraphs, placed) >= RECALL_COVERAGE:
        return text
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=False,
                                      **{**options, "favor_recall": True})
    if doc is None:
        return text
    wider = (doc if isinstance(doc, dict) else doc.as_dict()).get("text") or ""
    if MIN_GAIN * _length(text) <= _length(wider) <= MAX_GAIN * _length(text):
        return wider
    return text
