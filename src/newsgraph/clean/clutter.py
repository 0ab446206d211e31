"""Rule-based removal of the boilerplate scrapers leave in article text.

Works on paragraphs (one per line or block) so it applies equally to plain text and to the
text trafilatura extracted from HTML. Everything removed is returned as ``Removed`` records
for audit; nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter

from newsgraph.clean.scan import followed_on_line
from newsgraph.records import Removed

_SUBSCRIBE = re.compile(
    r"\b(subscribe (now|today)|subscribers? only|for full access|already a subscriber|"
    r"log ?in to (continue|read)|start your free trial|"
    r"unlock (this|full) (article|access)|support (our|independent) journalism)\b",
    re.IGNORECASE,
)
#: "sign up for our ... newsletter": the two ends, tested in order by ``followed_on_line``
#: (one ``A.*B`` regex rescans the line from every "sign up for our", quadratic)
_SIGN_UP = re.compile(r"\bsign up for (our|the)\b", re.IGNORECASE)
_NEWSLETTER = re.compile(r"newsletter\b", re.IGNORECASE)
# No two unbounded repeats of the same characters meet with only optional items between
# them below (``\s*\[?\s*`` tries every split of a run of spaces: 51 s on 20,000 of them);
# ``tests/test_regex_safety.py`` checks every pattern of clean/ and extract/ for the shapes.
_CREDIT = re.compile(
    r"^\s*((\(\s*)?(photo|image|picture|pictured|video|graphic|illustration)s?"
    r"(\s+credits?)?\s*[:/]|(\(\s*)?credit\s*:|©|\(c\)\s)",
    re.IGNORECASE,
)
_CREDIT_TAIL = re.compile(
    r"(\s[/|]\s*|\s)\(?(photo|image|picture)s?(\s+credit)?\s*(:|by)\s*"
    r"([^:\s][^:]{0,79}\)?\s*|\)\s*)?$",
    re.IGNORECASE
)
_AGENCY_TAIL = re.compile(
    r"[/|]\s*(Getty Images|AFP|AP|Reuters|EPA|AAP|Bloomberg|Shutterstock)(\s+via\s+\w+)?\s*$",
    re.IGNORECASE,
)
_RELATED_HEAD = re.compile(
    r"^\s*(related( articles?| stories| coverage| news| content)?|read more|more from|"
    r"more on this( story)?|you (may|might) also like|recommended( for you)?|"
    r"most (read|popular)|trending( now)?|see also|further reading)\s*(:\s*)?$",
    re.IGNORECASE,
)
#: one line pointing at another story: "Read more: <headline>", "[Related: <headline>]"
_RELATED_LINE = re.compile(
    r"^\s*(\[\s*)?(related( articles?| stories| coverage)?|read more|see more|more|also read|"
    r"don'?t miss)\s*:\s*\S.*$",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"^\s*((share|follow us)( (this|on))?\b.*(facebook|twitter|x|linkedin|whatsapp|email)|"
    r"advertisement|sponsored( content)?|skip to (main )?content|"
    r"(click|tap) here to\b.*|listen to this article.*|print this (page|article)|"
    r"(like|enjoy(ed)?) this (story|article)\?.*\bshare\b.*|"
    r"tell us what (you|YOU) think.*|\d*\s*comments?|tags?\s*:?|"
    r"(this article was |last )?updated( at| on)?:?\s+[\w ,:.]{3,40})\s*$",
    re.IGNORECASE,
)
#: reprint notices that some publishers print above or below every article
_REPRINT = re.compile(
    r"^\s*(this copy is for your personal,? non-commercial use only|"
    r"all rights reserved\.?$|copyright \d{4}\b.*all rights reserved)",
    re.IGNORECASE,
)
#: list items and table rows legitimately repeat ("Meal 1", "| Pos | Player |")
_LIST_OR_TABLE = re.compile(r"^\s*([|#*•-]|\d+[.)]\s)")
_SENTENCE_END = re.compile(r"[.!?\"'”’)]\s*$")

#: captions and other repeated lines are short; body paragraphs repeated verbatim are rare
MAX_REPEATED_WORDS = 40
#: a caption shown twice (inline and in the gallery); lines repeated more often are structure
#: (recipe steps, schedules, Q&A headings) and stay
REPEATED_COPIES = 2
#: a related-articles list is a run of short link titles under a heading
MAX_LINK_TITLE_WORDS = 16


def split_paragraphs(text: str) -> list[str]:
    """Split on newlines, trimming and dropping blank lines."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def remove_clutter(paragraphs: list[str],
                   captions: list[str] | None = None,
                   drop_repeated: bool = True) -> tuple[list[str], list[Removed]]:
    """Return the paragraphs worth keeping and the records of what was removed, in order.

    ``captions`` are figure captions found in the page's markup: a body paragraph with the same
    words (credit or not) is the caption printed a second time. ``drop_repeated`` removes short
    paragraphs printed exactly twice (a caption inline and again in a gallery). Text extracted
    from HTML passes ``False``: there the markup's captions are the evidence, and the lines
    that repeat are structure (lists, schedules).
    """
    removed: list[Removed] = []
    known = {_strip_credit_tail(c) for c in captions or []}
    counts = Counter(p for p in paragraphs
                     if len(p.split()) <= MAX_REPEATED_WORDS and not _LIST_OR_TABLE.match(p))
    kept: list[str] = []
    i = 0
    while i < len(paragraphs):
        para = paragraphs[i]
        if _RELATED_HEAD.match(para):
            j = i + 1
            items = []
            while (j < len(paragraphs) and len(paragraphs[j].split()) <= MAX_LINK_TITLE_WORDS
                   and not _SENTENCE_END.search(paragraphs[j])):
                items.append(paragraphs[j])
                j += 1
            removed.append(Removed("related", "\n".join([para, *items]), "related-heading"))
            i = j
            continue
        if drop_repeated and counts.get(para, 0) == REPEATED_COPIES:
            removed.append(Removed("caption", para, "repeated-short-paragraph"))
        elif para in known or _strip_credit_tail(para) in known:
            removed.append(Removed("caption", para, "figure-caption-repeated"))
        elif _REPRINT.match(para) and len(para.split()) <= 60:
            removed.append(Removed("credit", para, "reprint-notice"))
        elif (_SUBSCRIBE.search(para) or followed_on_line(para, _SIGN_UP, _NEWSLETTER)) \
                and len(para.split()) <= 60:
            removed.append(Removed("subscribe", para, "subscribe-prompt"))
        elif _CREDIT.match(para) and len(para.split()) <= 30:
            removed.append(Removed("credit", para, "photo-credit"))
        elif _RELATED_LINE.match(para) and len(para.split()) <= MAX_LINK_TITLE_WORDS + 4:
            removed.append(Removed("related", para, "related-link-line"))
        elif _SHARE.match(para):
            removed.append(Removed("share", para, "share-or-advert"))
        else:
            stripped = _strip_credit_tail(para)
            if stripped != para:
                removed.append(Removed("credit", para[len(stripped):].strip(), "credit-tail"))
                para = stripped
            if para:
                kept.append(para)
        i += 1
    return kept, removed


def drop_title_line(kept: list[str], title: str | None) -> Removed | None:
    """Pop the first paragraph when it is the headline again; the headline is metadata."""
    if kept and title and " ".join(kept[0].split()) == " ".join(title.split()):
        return Removed("headline", kept.pop(0), "title-repeated")
    return None


def _strip_credit_tail(para: str) -> str:
    """Cut a trailing "Photo: Jane Doe / Getty Images" style credit off a caption line."""
    for pattern in (_CREDIT_TAIL, _AGENCY_TAIL):
        m = pattern.search(para)
        if m and m.start() > 0 and len(para.split()) <= MAX_REPEATED_WORDS:
            # only when what remains still reads as text, not a dangling fragment
            head = para[: m.start()].rstrip(" /|-–—")
            if len(head.split()) >= 3:
                return head
    return para
