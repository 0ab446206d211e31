"""Rule-based removal of the boilerplate scrapers leave in article text.

Works on paragraphs (one per line or block) so it applies equally to plain text and to the
text trafilatura extracted from HTML. Everything removed is returned as ``Removed`` records
for audit; nothing is dropped silently.

Every rule has a name (its ``Removed.rule``). The extraction eval measures each one on the
tune and check halves of the WCXB pages and on the Zyte pages (``newsgraph eval extraction
--ablate``); rules that do not pay on HTML text are listed in ``HTML_SKIP`` and run on plain
text only, where no markup helped trafilatura drop the furniture first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from newsgraph.clean.scan import followed_on_line
from newsgraph.records import Removed

_SUBSCRIBE = re.compile(
    r"\b(subscribe (now|today)|subscribers? only|for full access|already a subscriber|"
    r"log ?in to (continue|read)|start your free trial|"
    r"unlock (this|full) (article|access)|support (our|independent) journalism)\b",
    re.IGNORECASE,
)
#: words one of which every ``_SUBSCRIBE`` or sign-up-for-a-newsletter match holds
#: (lower-cased): a paragraph without them is not searched (``_may_hold``)
_SUBSCRIBE_WORDS = ("subscri", "full access", "log", "free trial", "unlock", "journalism",
                    "newsletter")
#: "sign up for our ... newsletter": the two ends, tested in order by ``followed_on_line``
#: (one ``A.*B`` regex rescans the line from every "sign up for our", quadratic)
_SIGN_UP = re.compile(r"\bsign up for (our|the)\b", re.IGNORECASE)
_NEWSLETTER = re.compile(r"newsletter\b", re.IGNORECASE)
# No two unbounded repeats of the same characters meet with only optional items between
# them below (``\s*\[?\s*`` tries every split of a run of spaces: 51 s on 20,000 of them);
# ``tests/test_regex_safety.py`` checks every pattern of clean/ and extract/ for the shapes.
#: a short call to action standing alone: "Subscribe to Premium", "Sign up", "Share this"
_CTA = re.compile(
    r"^\s*(subscribe|sign ?up|sign in|log ?in|register|join|follow|share|download the app|"
    r"get (the|our) (app|newsletter))\b[^.!?]{0,60}$",
    re.IGNORECASE,
)
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
#: legal and affiliate notices: what the publisher says about the page, not the story
#: a paragraph headed "Disclaimer:" (anchored: a search from every position would rescan the
#: spaces after each word)
_DISCLAIMER_HEAD = re.compile(r"\A\s*(disclaimer|disclosure|editorial note)\s*:", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"\b(affiliate links?|we may (earn|receive) (a )?(small )?commissions?|"
    r"for (general )?informational purposes only|"
    r"(does not|do not|is not intended to|not meant to) constitute (legal|financial|tax|"
    r"investment|medical) advice)\b",
    re.IGNORECASE,
)
#: words one of which every ``_DISCLAIMER`` match holds (lower-cased)
_DISCLAIMER_WORDS = ("affiliate link", "commission", "informational purposes only", "constitute")
#: characters that ``re.IGNORECASE`` matches to an ASCII letter although ``str.lower`` does
#: not turn them into it (long s, dotless i, dotted capital I, Kelvin sign)
_FOLDS_TO_ASCII = frozenset("\u017f\u0131\u0130\u212a")


def _may_hold(para: str, words: tuple[str, ...]) -> bool:
    """False only when no case-insensitive match of a pattern holding one of ``words`` can be
    in ``para``: a substring test on the lower-cased text is a tenth of the cost of the
    search with its case-insensitive alternation, which then runs only where it may match."""
    if not _FOLDS_TO_ASCII.isdisjoint(para):
        return True
    low = para.lower()
    return any(word in low for word in words)


#: a teaser cut short by the site ("According to the report, the top ten firms...")
_TRUNCATED = re.compile(r"(\.\.\.|…)\s*$")
#: one headline of a list that shares a section label: "Premium - <headline>"
_LABEL_PREFIX = re.compile(r"^\s*([A-Z][\w&+']*(?: [A-Z][\w&+']*)?)\s+[-–—|:]\s+\S")
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
#: a run of this many headline-like lines (short, no sentence punctuation) is a list of links
HEADLINE_RUN = 3
#: notices and prompts longer than this are body text that happens to use the words
MAX_NOTICE_WORDS = 60

#: rules that do not pay on text trafilatura extracted from HTML (``eval extraction
#: --ablate``): they run on plain text only, where no markup helped trafilatura drop the
#: furniture first. related-heading (check -0.0002, tune +0.0001), photo-credit and credit-tail
#: (check 0) stay on HTML: within one page of noise on check, and the bundled samples' related
#: boxes and credit lines need them. See docs/extraction.md.
HTML_SKIP: frozenset[str] = frozenset({
    "headline-list",      # tune -0.0053, check -0.0047, Zyte -0.0074: HTML subheading runs
    "truncated-teasers",  # check -0.0001
    "call-to-action",     # 0 on all three
})

#: (rule name, Removed kind, most words, test): the word limit is checked first, so a long
#: body paragraph is never searched by the notice patterns
_LineRule = tuple[str, str, int, Callable[[str], bool]]
#: no word limit
_ANY_LENGTH = 1 << 30


def _words(para: str) -> int:
    return len(para.split())


#: single-paragraph rules in the order they are tried
LINE_RULES: tuple[_LineRule, ...] = (
    ("reprint-notice", "credit", MAX_NOTICE_WORDS, lambda p: bool(_REPRINT.match(p))),
    ("subscribe-prompt", "subscribe", MAX_NOTICE_WORDS,
     lambda p: _may_hold(p, _SUBSCRIBE_WORDS)
     and (bool(_SUBSCRIBE.search(p)) or followed_on_line(p, _SIGN_UP, _NEWSLETTER))),
    ("call-to-action", "subscribe", 8,
     lambda p: bool(_CTA.match(p)) and not _SENTENCE_END.search(p)),
    ("disclaimer", "disclaimer", MAX_NOTICE_WORDS,
     lambda p: bool(_DISCLAIMER_HEAD.match(p)
                    or (_may_hold(p, _DISCLAIMER_WORDS) and _DISCLAIMER.search(p)))),
    ("photo-credit", "credit", 30, lambda p: bool(_CREDIT.match(p))),
    ("related-link-line", "related", MAX_LINK_TITLE_WORDS + 4,
     lambda p: bool(_RELATED_LINE.match(p))),
    ("share-or-advert", "share", _ANY_LENGTH, lambda p: bool(_SHARE.match(p))),
)
RULE_NAMES: tuple[str, ...] = (
    "related-heading", "headline-list", "truncated-teasers", "repeated-short-paragraph",
    "figure-caption-repeated", *(name for name, _, _, _ in LINE_RULES), "credit-tail",
)


def split_paragraphs(text: str) -> list[str]:
    """Split on newlines, trimming and dropping blank lines."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def remove_clutter(paragraphs: list[str],
                   captions: list[str] | None = None,
                   drop_repeated: bool = True,
                   skip: frozenset[str] = frozenset()) -> tuple[list[str], list[Removed]]:
    """Return the paragraphs worth keeping and the records of what was removed, in order.

    ``captions`` are figure captions found in the page's markup: a body paragraph with the same
    words (credit or not) is the caption printed a second time. ``drop_repeated`` drops the
    second copy of a short paragraph printed exactly twice (a caption inline and again in a
    gallery, a live blog's entry repeated under "key events"): the first copy stays, so a
    repeated entry is kept once. Text extracted from HTML passes ``False``: there the markup's
    captions are the evidence, and the lines that repeat are structure (lists, schedules).
    ``skip`` names rules (``RULE_NAMES``) left out; the eval's ablation uses it.
    """
    removed: list[Removed] = []
    known = {_strip_credit_tail(c) for c in captions or []}
    counts = Counter(p for p in paragraphs
                     if _words(p) <= MAX_REPEATED_WORDS and not _LIST_OR_TABLE.match(p)
                     ) if drop_repeated else Counter()
    seen: set[str] = set()
    rules = [rule for rule in LINE_RULES if rule[0] not in skip]
    kept: list[str] = []
    i = 0
    while i < len(paragraphs):
        para = paragraphs[i]
        block = _block(paragraphs, i, skip)
        if block is not None:
            rule, kind, j = block
            removed.append(Removed(kind, "\n".join(paragraphs[i:j]), rule))
            i = j
            continue
        i += 1
        if (drop_repeated and "repeated-short-paragraph" not in skip
                and counts.get(para, 0) == REPEATED_COPIES and para in seen):
            removed.append(Removed("duplicate", para, "repeated-short-paragraph"))
            continue
        seen.add(para)
        # the caption rule and the credit-tail rule below read the same cut
        tail_cut = _strip_credit_tail(para)
        if "figure-caption-repeated" not in skip and (para in known or tail_cut in known):
            removed.append(Removed("caption", para, "figure-caption-repeated"))
            continue
        hit = _line_rule(para, rules)
        if hit is not None:
            removed.append(Removed(hit[1], para, hit[0]))
            continue
        j = _headline_run(paragraphs, i - 1, rules) if "headline-list" not in skip else i
        if j > i:
            removed.append(Removed("related", "\n".join(paragraphs[i - 1:j]), "headline-list"))
            i = j
            continue
        stripped = para if "credit-tail" in skip else tail_cut
        if stripped != para:
            removed.append(Removed("credit", para[len(stripped):].strip(), "credit-tail"))
            para = stripped
        if para:
            kept.append(para)
    return kept, removed


def _headline_like(para: str) -> bool:
    """Short, no sentence punctuation at the end, not a list item or table row."""
    return (2 <= _words(para) <= MAX_LINK_TITLE_WORDS and not _SENTENCE_END.search(para)
            and not _LIST_OR_TABLE.match(para))


def _block(paragraphs: list[str], i: int,
           skip: frozenset[str]) -> tuple[str, str, int] | None:
    """A run of link titles starting at ``i``: (rule, kind, end index), or ``None``."""
    para = paragraphs[i]
    if "related-heading" not in skip and _RELATED_HEAD.match(para):
        j = i + 1
        while (j < len(paragraphs) and _words(paragraphs[j]) <= MAX_LINK_TITLE_WORDS
               and not _SENTENCE_END.search(paragraphs[j])):
            j += 1
        return "related-heading", "related", j
    if "truncated-teasers" not in skip and _TRUNCATED.search(para):
        j = i
        while j < len(paragraphs) and _TRUNCATED.search(paragraphs[j]):
            j += 1
        if j - i >= 2:
            return "truncated-teasers", "related", j
    return None


def _line_rule(para: str, rules: list[_LineRule]) -> tuple[str, str] | None:
    words = _words(para)
    return next(((name, kind) for name, kind, most, test in rules
                 if words <= most and test(para)), None)


def _headline_run(paragraphs: list[str], i: int, rules: list[_LineRule]) -> int:
    """End index of a list of headlines starting at ``i`` (``i + 1`` when there is none).

    Headlines are short lines that do not end like sentences; three in a row are a list of
    links, and two are when they share a section label ("Premium - <headline>"). A line
    another rule already names (a credit, a prompt) ends the run.
    """
    def headline(j: int) -> bool:
        para = paragraphs[j]
        return (_headline_like(para) and not _RELATED_HEAD.match(para)
                and _line_rule(para, rules) is None)

    if not headline(i):
        return i + 1
    label = _LABEL_PREFIX.match(paragraphs[i])
    j = i
    if label:
        while (j < len(paragraphs) and headline(j)
               and (m := _LABEL_PREFIX.match(paragraphs[j])) and m[1] == label[1]):
            j += 1
        if j - i >= 2:
            return j
    j = i
    while j < len(paragraphs) and headline(j):
        j += 1
    return j if j - i >= HEADLINE_RUN else i + 1


#: a headline: a few words, no full stop, colon or comma at the end (a question may end one)
_HEADLINE_END = re.compile(r"[.!:;,]\s*$")
MAX_HEADLINE_WORDS = 20
MAX_DEK_WORDS = 40
#: the paragraph after a headline is body text: at least this many words
MIN_LEAD_WORDS = 8


def headline_lines(kept: list[str]) -> list[str]:
    """Rule names for the paragraphs that open ``kept`` as a headline (and a dek after it).

    Plain text saved from a page often starts with its headline and a one-line summary (the
    dek) without a ``Title:`` line. Headline: 3-20 words not ending like a sentence, followed by
    body text. Dek: the next paragraph when it too does not end like a sentence (up to 40
    words) and body text follows. Empty when the text does not open that way.
    """
    def bare(para: str, most: int) -> bool:
        return (3 <= _words(para) <= most and not _HEADLINE_END.search(para)
                and not _LIST_OR_TABLE.match(para))

    if len(kept) < 2 or not bare(kept[0], MAX_HEADLINE_WORDS):
        return []
    if len(kept) >= 3 and bare(kept[1], MAX_DEK_WORDS) and _words(kept[2]) >= MIN_LEAD_WORDS:
        return ["first-line-headline", "dek"]
    if _words(kept[1]) >= MIN_LEAD_WORDS:
        return ["first-line-headline"]
    return []


def drop_title_line(kept: list[str], title: str | None) -> Removed | None:
    """Pop the first paragraph when it is the headline again; the headline is metadata."""
    if kept and title and " ".join(kept[0].split()) == " ".join(title.split()):
        return Removed("headline", kept.pop(0), "title-repeated")
    return None


_WORD = re.compile(r"\w+")
#: a first line whose words are at least this share the title's is the headline again
TITLE_WORD_SHARE = 0.8


def drop_title_like_line(kept: list[str], title: str | None) -> Removed | None:
    """Pop the first paragraph when it is the headline in other words: a headline-like line
    (short, no sentence end) whose words are nearly all the title's. The page's ``<title>``
    often adds the site name ("Headline | Site") or a year, or the page prints a shorter
    headline than its metadata; an exact match (``drop_title_line``) misses those."""
    if not kept or not title or not _headline_like(kept[0]):
        return None
    words = [w.lower() for w in _WORD.findall(kept[0])]
    known = {w.lower() for w in _WORD.findall(title)}
    if words and sum(w in known for w in words) >= TITLE_WORD_SHARE * len(words):
        return Removed("headline", kept.pop(0), "title-like-line")
    return None


def _strip_credit_tail(para: str) -> str:
    """Cut a trailing "Photo: Jane Doe / Getty Images" style credit off a caption line."""
    if _words(para) > MAX_REPEATED_WORDS:
        return para
    for pattern in (_CREDIT_TAIL, _AGENCY_TAIL):
        m = pattern.search(para)
        if m and m.start() > 0:
            # only when what remains still reads as text, not a dangling fragment
            head = para[: m.start()].rstrip(" /|-–—")
            if len(head.split()) >= 3:
                return head
    return para


# -- furniture inline in flattened plain text ------------------------------------------------
# A page saved as plain text is often one line: its share buttons, photo credits and caption
# markers sit between the sentences, where the paragraph rules above (anchored on a whole
# line) cannot see them, and the sentence splitter glues them to the body ("... 8-7 Click to
# share on WhatsApp (Opens in new window) HILLARY CLINTON led ..."). ``split_inline_clutter``
# cuts them out and breaks the paragraph there, so each piece is a paragraph of its own that
# the line rules then read like any other.

#: photo agencies, two words of whose names are one credit ("Image copyright Getty Images")
_AGENCIES = (r"Getty Images|AP:Associated Press|Associated Press|Reuters|EPA|AFP|AP|PA|"
             r"Rex Features|Rex|Alamy|Shutterstock|Bloomberg|AAP|Xinhua|Sky News")
#: (rule, Removed kind, pattern) in the order tried; each pattern is bounded (no unbounded
#: repeat), so a search from every position stays linear
INLINE_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    # "Click to share on WhatsApp (Opens in new window)", "Share this video Watch Next"
    ("inline-share", "share", re.compile(
        r"\b(?:click|tap) to (?:share on \w+|email(?: this)?|print(?: this)?)"
        r"(?: \(opens in new window\))?(?= |$)"
        r"|\bshare this (?:video|article|story|page)(?: watch next)?\b",
        re.IGNORECASE)),
    # a newsletter box: "Get daily updates directly to your inbox + Subscribe Thank you for
    # subscribing! Could not subscribe, try again later Invalid Email"
    ("inline-subscribe", "subscribe", re.compile(
        r"\bGet (?:\w+ ){0,2}updates directly to your inbox(?: \+)?(?: Subscribe)?"
        r"(?: Thank you for subscribing!?)?(?: Could not subscribe, try again later)?"
        r"(?: Invalid Email)?|\bThank you for subscribing!?(?: Could not subscribe, try again"
        r" later)?(?: Invalid Email)?")),
    # an embedded player's notice
    ("inline-player", "share", re.compile(
        r"\bMedia playback is (?:not supported on this|unsupported on your) device\b")),
    # BBC pages: "Image copyright AFP", "Image copyright Getty Images"; the credit is one
    # word (an agency or a @handle) or a known agency of two
    ("inline-image-credit", "credit", re.compile(
        r"\bImage copyright (?:" + _AGENCIES + r"|@?\w+)(?= |$)")),
    # "(Photo: Getty Images)", "(Image: Reuters)"
    ("inline-photo-credit", "credit", re.compile(
        r"\((?:photo|image|picture)s?(?: credit)?: [^()]{1,60}\)", re.IGNORECASE)),
    # the marker before a caption; the caption stays, as a paragraph of its own
    ("inline-caption-marker", "credit", re.compile(r"\b(?:Image|Media) caption(?= )")),
    # New York Times pages; a bare label only between two sentences
    ("inline-advert", "share", re.compile(
        r"\bAdvertisement Continue reading the main story\b"
        r"|(?<=[.!?\"”] )Advertisement(?= [A-Z])")),
)
INLINE_RULE_NAMES: tuple[str, ...] = tuple(name for name, _, _ in INLINE_RULES)
#: a paragraph this short is not a flattened page: nothing of it is cut
MIN_FLAT_WORDS = 12


def split_inline_clutter(paragraphs: list[str]) -> tuple[list[str], list[Removed]]:
    """Cut share buttons, photo credits, caption markers and advert labels out of the inside
    of each paragraph (``INLINE_RULES``), breaking it into paragraphs where they stood.

    Plain text only: text extracted from HTML already has its furniture on lines of its own.
    Everything cut is returned as ``Removed`` records; text between two cuts is kept whole.
    """
    out: list[str] = []
    removed: list[Removed] = []
    for para in paragraphs:
        if _words(para) < MIN_FLAT_WORDS:
            out.append(para)
            continue
        cuts: list[tuple[int, int, str, str]] = []
        for name, kind, pattern in INLINE_RULES:
            for m in pattern.finditer(para):
                if not any(s < m.end() and m.start() < e for s, e, _, _ in cuts):
                    cuts.append((m.start(), m.end(), name, kind))
        if not cuts:
            out.append(para)
            continue
        pos = 0
        for start, end, name, kind in sorted(cuts):
            piece = para[pos:start].strip()
            if piece:
                out.append(piece)
            removed.append(Removed(kind, para[start:end], name))
            pos = end
        tail = para[pos:].strip()
        if tail:
            out.append(tail)
    return out, removed
