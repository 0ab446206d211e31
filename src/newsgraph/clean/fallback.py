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

Most of those second passes returned the balanced text again, at the cost of a whole
trafilatura run. Recall mode differs from balanced in few places (trafilatura 2.3): its
wild-text recovery (the pass run when the main container held under 250 characters) also
takes ``div``s, line breaks and lists; it keeps "teaser" blocks and lists inside table cells;
and its readability comparison and recall escalation apply to texts under 3,000 characters
only. ``recall_may_add`` asks whether the first or the last of those applies before the
second pass runs (teasers and cell lists cannot add the tenth a long text needs): on the 974
WCXB and Zyte pages it runs on 106 pages instead of 241, and the text is the same on every
page (docs/extraction.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import lxml.html
import trafilatura
from trafilatura import main_extractor

from newsgraph.clean.layout import Placed, body_coverage

#: below this share of its container's text, the balanced body may have lost part of it
RECALL_COVERAGE = 0.9
#: the recall text is taken when it is this many times as long as the balanced one ...
MIN_GAIN = 1.1
#: ... and at most this many (beyond, it has taken in the page around the article)
MAX_GAIN = 3.0


#: under this many characters trafilatura's recall mode consults readability (under 10x its
#: MIN_EXTRACTED_SIZE of 250) and its balanced mode may escalate to recall (3,000): a text
#: this short may come out differently in recall mode whatever the page holds
SHORT_TEXT = 3000

_LOCAL = threading.local()


def _counting(original: Callable[..., Any]) -> Callable[..., Any]:
    """``original`` (trafilatura's wild-text recovery), counting its calls in this thread."""
    def recover_wild_text(*args: Any, **kwargs: Any) -> Any:
        _LOCAL.calls = getattr(_LOCAL, "calls", 0) + 1
        return original(*args, **kwargs)

    recover_wild_text.__wrapped__ = original  # type: ignore[attr-defined]
    recover_wild_text.newsgraph_probe = True  # type: ignore[attr-defined]
    return recover_wild_text


# trafilatura does not say which of its stages gave the text; its main extractor looks the
# wild-text recovery up in its module when it runs, so a counting wrapper there tells us
# (same arguments, same result). Without the function (another trafilatura) every page
# with a low coverage gets the second pass, as before.
_WILD = getattr(main_extractor, "recover_wild_text", None)
#: whether the wild-text probe is in place (``recall_may_add`` can rule pages out)
PROBED = callable(_WILD)
if PROBED and not getattr(_WILD, "newsgraph_probe", False):
    main_extractor.recover_wild_text = _counting(_WILD)  # type: ignore[arg-type]


def wild_text_calls() -> int:
    """How often trafilatura's wild-text recovery has run in this thread: read before and
    after a pass, the difference says whether that pass used it."""
    return int(getattr(_LOCAL, "calls", 0))


def recall_may_add(tree: lxml.html.HtmlElement, text: str, wild: bool) -> bool:
    """Whether trafilatura's recall mode can give a text long enough to be taken: the
    balanced pass used the wild-text recovery (``wild``) or its text is short. True when the
    probe is missing. ``tree`` is not read (kept for callers).

    The other recall-only differences, teaser blocks and lists in table cells, are pieces of
    a page: on a balanced text over ``SHORT_TEXT`` characters they would have to add a tenth
    of it (``MIN_GAIN``) to count. On the 12 of 974 WCXB and Zyte pages where only they ran
    the pass, the recall text was the balanced one on 10 and at most 2.8% longer on 2
    (never taken), at 2.5 ms a page of the whole set (docs/extraction.md)."""
    del tree
    return not PROBED or wild or _length(text) <= SHORT_TEXT


def _length(text: str) -> int:
    return sum(len(line.strip()) for line in text.split("\n"))


def recall_text(tree: lxml.html.HtmlElement, url: str | None, text: str,
                placed: dict[str, Placed], options: dict[str, Any], wild: bool = True) -> str:
    """``text`` (trafilatura's balanced body) or, where it covers little of its container and
    the recall mode finds 1.1-3x as much, the recall mode's body. ``wild``: whether the
    balanced pass used trafilatura's wild-text recovery (``wild_text_calls``); unknown, True."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    # the cheap test first: most pages are long texts without the wild-text recovery
    if (not paragraphs or not recall_may_add(tree, text, wild)
            or body_coverage(paragraphs, placed) >= RECALL_COVERAGE):
        return text
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=False,
                                      **{**options, "favor_recall": True})
    if doc is None:
        return text
    wider = (doc if isinstance(doc, dict) else doc.as_dict()).get("text") or ""
    if MIN_GAIN * _length(text) <= _length(wider) <= MAX_GAIN * _length(text):
        return wider
    return text
