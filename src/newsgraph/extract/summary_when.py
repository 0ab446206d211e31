"""*When* of the 5W1H summary: the date phrase nearest the main event that lies near the
publication date, with clock times and the modifiers kept with it."""


from __future__ import annotations

import datetime as dt
import re
from collections.abc import Set as AbstractSet

from spacy.tokens import Doc, Span, Token

from newsgraph.doc_cache import doc_text
from newsgraph.extract.summary_spans import _SUBJ
from newsgraph.records import Answer, Timex

#: date modifiers kept with a timex: "late Thursday", "early on Sunday", "shortly before 7 pm"
_TIME_MODS = {"late", "early", "earlier", "around", "about", "approximately", "shortly",
              "just", "before", "after", "on", "at", "by", "until"}

_LEADING_PREPS = {"on", "at", "by", "until", "before", "after"}

_VAGUE = re.compile(r"(this|that|the) (day|week|month|year|time)", re.I)

#: a time counted from another event: "two days before the election", "hours after"
_RELATIVE = re.compile(r"\b(before|after|earlier|later)\s*$", re.I)

#: a part of the day written before the date: "the early hours of Wednesday"
_PART_OF_DAY = re.compile(r"\b(early|small|late) hours of\s*$|\b(morning|afternoon|evening|night) "
                          r"of\s*$", re.I)

_TWEET_DATELINE = re.compile(r"\(@\w+\)\s*$")

#: a date phrase the text gives, even low in the story, beats the publication date (which the
#: text may not contain); only phrases scored unlikely (far from publication, vague and deep,
#: dated from another event) give way to it
MIN_WHEN_SCORE = -1.0

#: a date of what the main actor did ("Mrs Clinton told donors on Saturday") counts for a
#: little less than a date of the event's own words
ACTOR_BONUS = 0.5

#: how far up the parse a timex's governing words are looked for
CHAIN_STEPS = 4

_REF_VALUES = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}


def _iso(value: str) -> dt.date | None:
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3] or 15))
    except ValueError:
        return None

#: a 24-hour or dotted clock time ("At 00:48 in Cleveland", "at 6.10") after a time preposition
_CLOCK_HINT = re.compile(r"\d[:.]\d\d")  # cheap first pass: most texts have few

_CLOCK = re.compile(r"(?<![\d.:])(?P<t>([01]?\d|2[0-3])[:.](?P<m>[0-5]\d))(?![.:]?\d)"
                    r"(?!\s*(?:per\b|%|pc\b|percent|points?\b|million|billion|seconds?\b|"
                    r"minutes?\b|[ap]\.?m\b))", re.I)

_CLOCK_PREP = re.compile(r"\b(?:at|around|about|until|by|from|before|after)\s+$", re.I)


def _clock_times(text: str, timexes: list[Timex], published: str | None) -> list[Timex]:
    """Clock times the time tagger leaves out ("At 00:48 in Cleveland", "called at 6.10"),
    read as a time on the publication day."""
    out: list[Timex] = []
    for hint in _CLOCK_HINT.finditer(text):
        m = _CLOCK.match(text, max(0, hint.start() - 1))
        if m is None and hint.start() > 0:
            m = _CLOCK.match(text, hint.start())
        if m is None or any(m.start("t") == t.start for t in out):
            continue
        s, e = m.start("t"), m.end("t")
        if not _CLOCK_PREP.search(text[max(0, s - 12):s]) or \
                any(t.start <= s < t.end or s <= t.start < e for t in timexes):
            continue
        hour, minute = m["t"][:-3], m["m"]
        day = published or "XXXX-XX-XX"
        out.append(Timex(m["t"], s, e, "TIME", f"{day}T{int(hour):02d}:{minute}", "time",
                         "publication"))
    return out


def _when(doc: Doc, keys: set[str], unit: Span, top: list[Span], timexes: list[Timex],
          published: str | None, actors: AbstractSet[str] = frozenset()) -> Answer | None:
    """The event's own date phrase: near the event, near the publication date, specific.

    ``keys`` are the 4-letter lemma prefixes of the main clause's verbs and nouns;
    ``actors`` the lower-case names in *who* (a date of what the same actor did counts for).
    """
    pub = _iso(published) if published else None
    text = doc_text(doc)
    best: tuple[float, Timex] | None = None
    for t in timexes + _clock_times(text, timexes, published):
        score = _when_score(doc, text, t, keys, unit, top, pub, actors)
        if score is not None and (best is None or score > best[0]):
            best = (score, t)
    if best is not None and best[0] > MIN_WHEN_SCORE:
        start, end = _extend_timex(doc, text, best[1], timexes)
        return Answer(text[start:end], start, end, best[1].value)
    if pub is not None and published:
        text = f"{pub:%B} {pub.day}, {pub.year}"
        return Answer(text, None, None, published)
    if best is not None:
        t = best[1]
        return Answer(t.text, t.start, t.end, t.value)
    return None


def _when_score(doc: Doc, text: str, t: Timex, keys: set[str], unit: Span, top: list[Span],
                pub: dt.date | None, actors: AbstractSet[str] = frozenset()) -> float | None:
    """How likely ``t`` dates the main event (None: not a calendar date at all).

    ``text`` is ``doc.text``, built once by the caller."""
    if t.type not in ("DATE", "TIME") or t.value in _REF_VALUES:
        return None
    if t.text.isupper() and len(t.text) > 3:  # "TODAY" in an outlet's name
        return None
    size = max(doc[-1].idx + len(doc[-1].text), 1)
    score = 0.0
    if unit.start_char <= t.start < unit.end_char:
        score += 3.0
    elif any(u.start_char <= t.start < u.end_char for u in top):
        score += 1.0
    else:
        score -= t.start / size
    when = _iso(t.value)
    days: int | None = None
    if pub is not None:
        if when is not None:
            days = abs((when - pub).days)
            score += 1.5 if days <= 7 else (0.3 if days <= 31 else -5.0)
        elif re.fullmatch(r"\d{4}", t.value):
            score += -0.5 if t.value == str(pub.year) else -5.0
    score += 0.5 * (t.precision in ("day", "time"))
    if _VAGUE.fullmatch(t.text.strip()):
        score -= 1.0  # "this day", "this month": a quote's or a feature's own time
    if _TWEET_DATELINE.search(text[max(0, t.start - 40):t.start]) and (days is None or days > 1):
        score -= 2.0  # "-- Jane Roe (@jroe) October 29, 2016": an embedded post's date
    if _RELATIVE.search(t.text):
        score -= 1.5  # "48 hours before (they met)": dated from another event, not the news
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return score
    verb = _clause_verb(span.root)
    if _governors(span.root) & keys:
        score += 1.0  # dated mention of the main event itself: "the bombing late Thursday"
    elif verb is not None and actors and any(c.dep_ in _SUBJ and c.lower_ in actors
                                             for c in verb.children):
        score += ACTOR_BONUS  # the main actor's act that day: "Mrs Clinton told ... on Saturday"
    if verb is not None and verb.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ == "VBD" for c in verb.children):
        score -= 1.0  # "At midnight, she had taken to Twitter": before the news
    if _PART_OF_DAY.search(text[max(0, t.start - 24):t.start]):
        score += 0.5  # "in the early hours of Wednesday": as precise as "Wednesday morning"
    if "since" in text[max(0, t.start - 120):t.start].lower() and _since(span.root):
        score -= 1.0  # "protests since his victory was confirmed on Wednesday": a prior event
    return score


def _since(tok: Token) -> bool:
    """The timex lies in a "since ..." clause or phrase: it dates what came before the news."""
    for _ in range(CHAIN_STEPS):
        if tok.head.i == tok.i:
            return False
        if any(c.lower_ == "since" and c.dep_ in ("mark", "prep") for c in tok.head.children) \
                or tok.head.lower_ == "since":
            return True
        tok = tok.head
    return False


def _clause_verb(tok: Token) -> Token | None:
    """The verb of the clause a timex sits in (a few steps up the parse), None when none."""
    for _ in range(CHAIN_STEPS):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _governors(tok: Token) -> set[str]:
    """Lemma prefixes of the words a timex hangs from, up to its clause's verb:
    "talks on Thursday" in "to meet Obama during the transition talks" -> talk, meet."""
    out: set[str] = set()
    for _ in range(CHAIN_STEPS):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("NOUN", "VERB"):
            out.add(tok.lemma_.lower()[:4])
        if tok.pos_ == "VERB":
            break
    return out


def _extend_timex(doc: Doc, text: str, t: Timex, timexes: list[Timex]) -> tuple[int, int]:
    """Widen a timex with its modifiers and a joined date or time: "6.10am on Wednesday",
    "Nov 9, 2016 at 1:57am", "the early hours of Wednesday"."""
    start, end = t.start, t.end
    for other in timexes:  # "11am local time on Sunday": time then date, a few words apart
        gap = text[end:other.start]
        if other.start >= end and len(gap) <= 16 and "\n" not in gap and \
                re.fullmatch(r"[\s,]*(local time)?[\s,]*(on|at|,)?\s*", gap):
            end = other.end
            break
    part = _PART_OF_DAY.search(text[max(0, start - 24):start])
    if part is not None:
        start = max(0, start - 24) + part.start()
        if text[max(0, start - 4):start].lower() == "the ":
            start -= 4
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    i = span.start
    while i > 0 and doc[i - 1].lower_ in _TIME_MODS and "\n" not in doc[i - 1].whitespace_:
        i -= 1
    while i < span.start and doc[i].lower_ in _LEADING_PREPS:
        i += 1
    return doc[i].idx, end
