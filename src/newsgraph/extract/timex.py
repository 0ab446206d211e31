"""Temporal expressions: find them in text and normalise them to TIMEX3 values.

``find_timexes`` is a pure function of the text, the publication date (the anchor) and a tense
oracle, so it is testable without spaCy and independent of the wall clock. Candidates come from
the rule patterns in ``timex_rules`` (longest match wins); each span is then normalised by the
same rules, the clause tense choosing the direction of "Friday" or "March". Relative
expressions without an anchor keep unresolved ``X`` digits and ``anchor="none"``: we never
resolve against today.

Registered as the spaCy component ``newsgraph_timex`` writing ``doc._.ng_timexes``;
``event_date`` gives the event coder an event's own date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.cues import doc_text
from newsgraph.extract.timex_rules import NO_FIND, RULES, Tense, normalise
from newsgraph.records import Timex

VERSION = "0.2.0"

__all__ = ["find_timexes", "normalise", "event_date", "calendar_date", "tense_oracle",
           "TimexFinder"]

_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _first_class(pattern: str) -> str | None:
    """A character class holding the first character of every match of ``pattern``, or None.

    Read from the parse tree like ``_needed_words``: literals, classes and categories that can
    open a match, looking through optional parts and zero-width assertions (ignoring an
    assertion only widens the class). None when any character could open a match, or the
    pattern can match the empty string. Put in a lookahead before the pattern, it lets the
    scan reject a position with one class test instead of trying every alternative there.
    """
    try:
        from re import _constants as sre_c  # type: ignore[attr-defined]
        from re import _parser as sre_p  # type: ignore[attr-defined]
    except ImportError:
        return None
    items: list[str] = []

    def item(op: Any, av: Any) -> bool:
        if op is sre_c.LITERAL:
            items.append(re.escape(chr(av)))
        elif op is sre_c.RANGE:
            items.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre_c.CATEGORY and str(av) in _CATEGORIES:
            items.append(_CATEGORIES[str(av)])
        else:
            return False
        return True

    def first(seq: Any) -> bool | None:
        """Add what can open a match of ``seq``; True: it can also match empty; None: any."""
        for op, av in seq:
            if op is sre_c.LITERAL:
                item(op, av)
                return False
            if op is sre_c.IN:
                if not all(item(o, a) for o, a in av):
                    return None
                return False
            if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
                continue
            if op is sre_c.SUBPATTERN:
                got = first(av[3])
            elif op is sre_c.BRANCH:
                parts = [first(b) for b in av[1]]
                got = None if any(p is None for p in parts) else any(parts)
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
                got = first(av[2])
                if got is False and av[0] == 0:
                    got = True
            else:
                return None
            if got is None:
                return None
            if not got:
                return False
        return True

    if first(sre_p.parse(pattern, re.IGNORECASE)) is not False or not items:
        return None
    return "[" + "".join(dict.fromkeys(items)) + "]"


def _finder(pattern: str, anchored: bool = True) -> re.Pattern[str]:
    """A rule's pattern for running text: whole words only, opening at a possible first
    character (``_first_class``) when ``anchored``; the same matches either way."""
    opening = _first_class(pattern) if anchored else None
    ahead = f"(?={opening})" if opening else ""
    # the class test first: it rejects most positions faster than the look-behind does
    return re.compile(ahead + r"(?<![\w$£€.,/-])(?:" + pattern
                      + r")(?![\w]|-\w|/\d|[.,]\d)", re.IGNORECASE)


_FINDERS = [(i, rule, _finder(rule.regex.pattern)) for i, rule in enumerate(RULES) if rule.find]


def _needed_words(pattern: str) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains, or None.

    Read from the compiled pattern's parse tree: a run of two or more ASCII literal
    characters that every match passes through, or the union of such runs over the branches
    of a required alternation (``(?:january|february|...)``). Optional parts never count, so
    the set is a necessary condition by construction: a text that contains none of its
    strings cannot match, and the finder need not run that rule's scan over it.
    """
    try:
        from re import _constants as sre_c  # type: ignore[attr-defined]
        from re import _parser as sre_p  # type: ignore[attr-defined]
    except ImportError:  # another Python's private layout: every rule scans every text
        return None
    run_chars = set("'-:/.,")

    def needed(seq: Any) -> frozenset[str] | None:
        found: list[frozenset[str]] = []
        run: list[str] = []

        def flush() -> None:
            if len(run) >= 2:
                found.append(frozenset(["".join(run).lower()]))
            run.clear()

        for op, av in seq:
            if op is sre_c.LITERAL and av < 128 and (chr(av).isalnum() or chr(av) in run_chars):
                run.append(chr(av))
                continue
            flush()
            got: frozenset[str] | None = None
            if op is sre_c.SUBPATTERN:
                got = needed(av[3])
            elif op is sre_c.BRANCH:
                parts = [needed(b) for b in av[1]]
                if parts and all(p is not None for p in parts):
                    got = frozenset().union(*parts)  # type: ignore[arg-type]
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] >= 1:
                got = needed(av[2])
            if got:
                found.append(got)
        flush()
        if not found:
            return None
        return min(found, key=lambda s: (len(s), -min(map(len, s))))

    return needed(sre_p.parse(pattern, re.IGNORECASE))


# characters other than ASCII that ``re.IGNORECASE`` matches to an ASCII letter, or whose
# ``str.lower`` holds one (the dotted and dotless i, the long s, the Kelvin sign): in a text
# with any of them the keyword gate below is not exact, so every rule scans it
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")
_NEEDS = [_needed_words(rule.regex.pattern) for _order, rule, _rx in _FINDERS]
_GATE_WORDS = sorted({w for ws in _NEEDS if ws for w in ws})


def _match_chars(pattern: str) -> set[str] | None:
    """Characters (and ``CATEGORY_*`` names) that can occur inside a match of ``pattern``,
    or None when any character can. Assertions do not count: they consume nothing."""
    try:
        from re import _constants as sre_c  # type: ignore[attr-defined]
        from re import _parser as sre_p  # type: ignore[attr-defined]
    except ImportError:
        return None
    found: set[str] = set()

    def walk(seq: Any) -> bool:
        for op, av in seq:
            if op is sre_c.LITERAL:
                found.add(chr(av))
            elif op is sre_c.IN:
                for o, a in av:
                    if o is sre_c.LITERAL:
                        found.add(chr(a))
                    elif o is sre_c.RANGE:
                        found.update(chr(c) for c in range(a[0], a[1] + 1))
                    elif o is sre_c.CATEGORY:
                        found.add(str(a))
                    else:
                        return False
            elif op is sre_c.SUBPATTERN:
                if not walk(av[3]):
                    return False
            elif op is sre_c.BRANCH:
                if not all(walk(b) for b in av[1]):
                    return False
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
                if not walk(av[2]):
                    return False
            elif op not in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
                return False
        return True

    return found if walk(sre_p.parse(pattern, re.IGNORECASE)) else None


_KNOWN_CATEGORIES = {"CATEGORY_DIGIT", "CATEGORY_SPACE", "CATEGORY_WORD"}  # all inside [\\w\\s]


def _segmenter() -> re.Pattern[str] | None:
    """Runs of text between characters no match can contain (quotes, brackets, ``!?;``).

    No rule matches across such a character (nor starts or ends next to one differently: it
    is neither a word character nor one the rules' look-arounds test), so each rule can scan
    only the runs that hold one of its needed words. Checked against every rule's pattern:
    a character any rule may match (directly, by case folding or through a category) is not
    used; None when no character is left or some rule may match anything.
    """
    used: set[str] = set()
    for _order, rule, _rx in _FINDERS:
        got = _match_chars(rule.regex.pattern)
        if got is None:
            return None
        used |= got
    if used - _KNOWN_CATEGORIES - {c for c in used if len(c) == 1}:
        return None  # a category (\\D, \\S, \\W) that holds the candidates
    free = [c for c in "\"“”()[]{}!?;|*•" if c not in used and c.lower() not in used
            and c.upper() not in used and not re.match(r"[\w\s]", c)]
    return re.compile(f"[^{re.escape(''.join(free))}]+") if free else None


_SEGMENT = _segmenter()

_LEAD_TRIM = re.compile(r"^(?:on|at|about|around|in|during|since|until|by)\s+", re.IGNORECASE)
_YEAR_CUES = {"in", "since", "until", "till", "by", "during", "of", "from", "before", "after",
              "through", "between", "early", "late", "mid", "fiscal", "year", "spring",
              "summer", "autumn", "fall", "winter"}
_VAGUE_CUES = {"for", "over", "within", "during", "in", "after", "before", "ago"}
_VAGUE_LEADS = ("recent", "the recent", "in recent", "the past few", "the last few",
                "the next few", "the coming", "coming", "future")


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z]+)\W*$", text[max(0, start - 30):start])
    return m[1].lower() if m else ""


_DETERMINERS = {"the", "a", "its", "his", "her", "their", "our", "this", "that"}


def _year_modifier(year: str, text: str, start: int, end: int) -> bool:
    """"the 2011 raid", "her 2008 campaign": a year of 1900-2099 between a determiner and a
    lower-case noun modifies the noun as its date (a count there takes a comma: "2,000")."""
    return (1900 <= int(year) <= 2099 and _prev_word(text, start) in _DETERMINERS
            and text[start - 1:start] == " "
            and re.match(r" [a-z][a-z-]+\b", text[end:end + 30]) is not None)


def _plausible(rule_name: str, m: re.Match[str], text: str) -> bool:
    """Filters for shapes that are temporal only in some contexts of running text."""
    span = m.group(0)
    low = re.sub(r"\s+", " ", span.lower())
    if low in NO_FIND:
        return False
    for key in ("mon", "wd"):
        part = m.groupdict().get(key)
        if part and not part[0].isupper():
            return False  # "may", "march" and "sun" are months and days only when capitalised
    if span in ("Today", "Tonight") and re.search(r"\b[A-Z][A-Za-z]* $",
                                                 text[max(0, m.start() - 20):m.start()]):
        return False  # "USA Today", "Russia Today": a capitalised name ends with the word
    if rule_name == "month" and low == "may" and re.match(r"\s+(?:I|we|you|be|not)\b",
                                                          text[m.end():]):
        return False
    if rule_name == "year" and re.fullmatch(r"\d{4}", span):
        follow = text[m.end():m.end() + 2]
        prev_char = text[max(0, m.start() - 1):m.start()]
        return (_prev_word(text, m.start()) in _YEAR_CUES and not prev_char.isdigit()
                or follow[:1] in (",", ".", ";", ":", ")", "") or follow.startswith("'s")
                or _year_modifier(span, text, m.start(), m.end()))
    if rule_name == "quarter":
        groups = m.groupdict()
        lead = (groups.get("lead") or "").strip().lower()
        return bool(groups.get("q")) or lead not in ("", "a")
    if rule_name == "season":
        groups = m.groupdict()
        rel = (groups.get("rel") or "").lower()
        if groups.get("y"):
            return True
        return rel not in ("", "the", "that") or (rel == "the" and not re.match(
            r"\s+of\b", text[m.end():]))
    if rule_name == "vague_plural":
        lead = (m.groupdict().get("lead") or "").lower().strip()
        return (lead in _VAGUE_LEADS or _prev_word(text, m.start()) in _VAGUE_CUES
                or low.endswith(("ahead", "to come")))
    if rule_name == "duration" and re.match(r"\s+of\b", text[m.end():]) and re.fullmatch(
            r"(?:a|an|one) quarter", low):
        return False  # "a quarter of them" is a fraction
    if rule_name == "rel_unit":
        rel = (m.groupdict().get("rel") or "").lower()
        unit = (m.groupdict().get("u") or "").lower()
        return rel != "that" and not (rel == "the" and unit in ("day", "decade", "century"))
    return True


def find_timexes(text: str, dct: dt.date | None,
                 tense_at: Callable[[int], Tense] | None = None) -> list[Timex]:
    """All temporal expressions in ``text``, normalised against ``dct`` when given.

    ``tense_at(offset)`` tells the tense of the clause at a character offset (``None`` when
    unknown); without it each expression takes its context-free reading.
    """
    candidates: list[tuple[int, int, int]] = []
    # a rule whose required words are all absent from a run of text (``_SEGMENT``) cannot
    # match there: its scan of that run is skipped (each scan tries dozens of alternatives at
    # every word start, most of the finder's time)
    runs: list[tuple[int, int, set[str] | None]] = [(0, len(text), None)]
    if not _CASE_TRAPS.search(text):  # (str.lower keeps offsets when there is none)
        low = text.lower()
        # a word in no part of the text is in none of its runs: test the runs for the few
        # words the whole text holds, not for all of them
        gate = [w for w in _GATE_WORDS if w in low]
        if _SEGMENT is None:
            runs = [(0, len(text), set(gate))]
        else:
            runs = [(r.start(), r.end(), {w for w in gate if w in r[0]})
                    for r in _SEGMENT.finditer(low)]
    for (order, rule, regex), needs in zip(_FINDERS, _NEEDS, strict=True):
        for start, end, present in runs:
            if needs is not None and present is not None and present.isdisjoint(needs):
                continue
            for m in regex.finditer(text, start, end):
                if m.end() > m.start() and _plausible(rule.name, m, text):
                    candidates.append((m.start(), m.end(), order))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    for start, end, _order in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
    out: list[Timex] = []
    for start, end in sorted(taken):
        lead = _LEAD_TRIM.match(text[start:end])
        if lead and end - start - lead.end() > 0:
            start += lead.end()
        tense = tense_at(start) if tense_at else None
        norm = normalise(text[start:end], dct, tense)
        if norm is None:
            continue
        out.append(Timex(text[start:end], start, end, norm.type,  # type: ignore[arg-type]
                         norm.value, norm.precision, norm.anchor))  # type: ignore[arg-type]
    return out


def tense_oracle(doc: Doc) -> Callable[[int], Tense]:
    """Tense of the clause around a character offset, from the governing verb's tag and aux."""

    def tense_at(char: int) -> Tense:
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return None
        tok = span[0]
        verb = tok
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxes & {"will", "shall", "'ll"} or (verb.tag_ == "VB" and "to" in auxes):
            return "future"
        if verb.tag_ in ("VBD", "VBN") or auxes & {"was", "were", "had", "did"}:
            return "past"
        if verb.tag_ == "VBG" and auxes & {"is", "are", "am"}:
            return "future"  # "is meeting on Friday"
        if verb.tag_ in ("VBZ", "VBP"):
            return "present"
        return "past" if verb.pos_ in ("VERB", "AUX") else None

    return tense_at


@Language.factory("newsgraph_timex", default_config={})
def make_timex_finder(nlp: Language, name: str) -> TimexFinder:
    return TimexFinder()


class TimexFinder:
    """Runs ``find_timexes`` over the doc with its publication date and a tense oracle."""

    version = VERSION

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.ng_published
        dct = dt.date.fromisoformat(published) if published else None
        # the text is built from the tokens once and cached on the doc: the quote finder
        # (next in the pipeline) reads the same cached string instead of rebuilding it
        doc._.ng_timexes = find_timexes(doc_text(doc), dct, tense_oracle(doc))
        return doc


_NOT_DATES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def _datable(t: Timex) -> bool:
    """Timexes that can date an event: points in time, not durations, sets or vague refs."""
    return t.type in ("DATE", "TIME") and t.value not in _NOT_DATES


def _clause_head(tok: Token) -> Token | None:
    """The verb whose clause a token belongs to (the first verbal ancestor, itself included)."""
    cur = tok
    while True:
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head


_FROM_OTHER = re.compile(r"\b(?:before|after)$", re.IGNORECASE)


def _counted_from_other(doc: Doc, t: Timex) -> bool:
    """"Two days before the election", "a week after he died": the count runs from the thing
    named next, not from publication, so the value resolved against publication is no date
    of the event. (Followed by punctuation or the end, "two days before" counts back from
    the narrative's time and stays.)"""
    if not _FROM_OTHER.search(t.text):
        return False
    after = doc_text(doc)[t.end:t.end + 3]
    word = after.lstrip()[:1]  # a word follows, after a space: not punctuation or the end
    return len(word) == 1 and len(after.lstrip()) < len(after) and word.isascii() \
        and word.isalpha()


def _timex_span(doc: Doc, t: Timex) -> Span | None:
    return doc.char_span(t.start, t.end, alignment_mode="expand")


def _noun_bound(span: Span) -> Token | None:
    """The noun a timex modifies inside its noun phrase ("air strikes last week", "the 2011
    raid", "the bombing late Thursday"), or None when it modifies a clause.

    Such a timex dates the thing the noun names; an event told by the clause around that
    noun phrase may have happened on another day ("it carried out the attack in retaliation
    for air strikes last week").
    """
    root = span.root
    if root.head.i == root.i:
        return None
    head = root.head
    if root.dep_ == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
        head = head.head  # "protests on Monday": the preposition's head
    if head.pos_ not in ("NOUN", "PROPN") or span.start <= head.i < span.end:
        return None
    if head.dep_ == "pobj" and head.head.lower_ in _SAME_TIME:
        return None  # "met during the talks on Thursday": the talks' day is the meeting's
    return head


# expressions that name the day the narrative is on, not the day of publication
_SAME_DAY = re.compile(r"\b(?:(?:earlier|later) (?:in|on) the day|(?:later|earlier) that day"
                       r"|the same day)\b", re.IGNORECASE)

# prepositions whose object happens at the same time as the clause it attaches to
_SAME_TIME = {"during", "at", "amid", "amidst", "throughout"}


def _event_verb(verb: Token) -> Token:
    """Auxiliaries and light parts lead to the content verb the clause is about."""
    return verb.head if verb.dep_ in ("aux", "auxpass") else verb


_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")
_YEAR_PART = re.compile(r"(\d{4})-(?:SP|SU|FA|AU|WI|Q[1-4]|H[12])")


def calendar_date(value: str, precision: str) -> tuple[str, str]:
    """An event date on the calendar grains event data use: day, month or year.

    A time of day keeps its day ("2016-11-10TNI" -> "2016-11-10"); an ISO week becomes the
    month of its Thursday (the ISO rule for which year a week belongs to, taken to months), a
    weekend the month of its Saturday; a season, quarter or half its year. Other values
    (days, months, years, decades, unresolved ``X`` values) are returned as they are.
    """
    if "T" in value and re.match(r"\d{4}-\d{2}-\d{2}T", value):
        return value[:10], "day"
    week = _WEEK.fullmatch(value)
    if week:
        try:
            day = dt.date.fromisocalendar(int(week[1]), int(week[2]), 6 if week[3] else 4)
        except ValueError:  # no such week in that year: keep the value as found
            return value, precision
        return f"{day.year:04d}-{day.month:02d}", "month"
    part = _YEAR_PART.fullmatch(value)
    if part:
        return part[1], "year"
    return value, precision


def event_date(verb: Token, timexes: list[Timex],
               published: str | None) -> tuple[str | None, str, str | None]:
    """An event's own date, as ``(value, precision, timex text)``.

    In order: a timex syntactically attached to the event's clause (its nearest verbal
    ancestor is the event verb or a verb conjoined with it); a timex attached to a clause that
    governs the event's ("police said on Monday they arrested him"); the latest dated timex of
    the preceding sentences of the same paragraph when the event is told in the past tense (a
    narrative keeps its time); the story's day (``_story_date``) when it is told in the past,
    an event noun by the verb it is the subject or object of (``_tense_verb``); else the
    publication date flagged with precision ``publication``; else ``(None, "unknown",
    None)``. A day after publication never dates an event told as past or as now
    (``_not_ahead``). A timex of a clause that neither holds nor governs the event's dates
    that clause's event, not this one (the codebook's "the date of THIS event"): in "the
    minister, who arrived on Monday, said the rebels had attacked the base", Monday is the
    arrival's. Such a timex is not used, nor is one bound to another noun.
    """
    doc = verb.doc
    head = _event_verb(verb)
    sent = head.sent
    in_sent = [t for t in timexes if _datable(t)
               and sent.start_char <= t.start and t.end <= sent.end_char
               and not _counted_from_other(doc, t)]
    if published and _not_ahead(head):
        # a day after publication cannot date what the text tells as past or as now (page
        # clutter: "Wed, November 30, 2016" of a related link in an article of November 10)
        in_sent = [t for t in in_sent if not _after(t.value, published)]
    same = {head} | {c for c in head.children if c.dep_ == "conj"}
    if head.dep_ == "conj":
        same.add(head.head)
    ancestors = set(head.ancestors)
    attached: list[Timex] = []
    governing: list[Timex] = []
    for t in in_sent:
        span = _timex_span(doc, t)
        if span is None:
            continue
        noun = _noun_bound(span)
        if noun is not None:
            if noun == head or (head.dep_ == "relcl" and noun == head.head):
                attached.append(t)  # "the bombing late Thursday", "the 2011 raid that killed"
            continue  # "strikes last week" dates the strikes, not the clause's event
        clause = _clause_head(span.root)
        if clause is not None and _adjunct_participle(clause):
            clause = _event_verb(clause.head)  # "Speaking on Monday, he said": the saying's day
        if clause in same:
            attached.append(t)
        elif clause in ancestors:
            governing.append(t)
        # any other clause (embedded in the event's or beside it) tells another event
    anchored: list[Timex] = []
    if not attached and head.pos_ == "NOUN":
        anchor = _noun_anchor(doc, head, timexes)
        if anchor is not None:  # "the bombing" of an article that dated "the bombing late Thursday"
            anchored.append(anchor)
    for group in (attached, anchored, governing):
        if group:
            best = min(group, key=lambda t: abs(t.start - head.idx))
            if published and _SAME_DAY.search(best.text):
                lead = _story_date(doc, timexes, published)
                if lead is not None:  # "earlier in the day": the day the story is about
                    return lead.value[:10], "day", best.text
            return (*calendar_date(best.value, best.precision), best.text)
    if _undated_past(head) or _not_yet(head):
        return None, "unknown", None  # the codebook's habitual or undated past, or a plan
    inherited = _narrative_date(doc, head, timexes)
    if inherited is not None:
        return (*calendar_date(inherited.value, inherited.precision), inherited.text)
    if published and _told_in_past(_tense_verb(head)):
        lead = _story_date(doc, timexes, published)
        if lead is not None:
            return lead.value[:10], "day", lead.text
    if published:
        dt.date.fromisoformat(published)  # validated upstream; fail loudly if not
        return published, "publication", None
    return None, "unknown", None


def _adjunct_participle(clause: Token) -> bool:
    """A participle clause with no subject of its own that modifies a verb ("Speaking at a
    press conference on Monday, he said ...", "... after meeting the king on Friday"): it
    tells the circumstances of its verb's event, so its time is that event's time."""
    return (clause.dep_ == "advcl" and clause.tag_ in ("VBG", "VBN")
            and clause.head.i != clause.i and clause.head.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark")
                        and c.lower_ not in ("after", "before", "while", "when")
                        for c in clause.children))


_NOT_YET = {"will", "shall", "'ll", "wo", "would", "could", "might", "may", "must", "can",
            "ca", "should", "ought"}


def _not_yet(head: Token) -> bool:
    """A future or hypothetical event ("will meet", "could face"): no day until the text
    names one (the codebook's ``unknown``). Told as the complement of a past report ("he
    said he would welcome ..."), the gold dates it by the report: not this case; a plan in a
    noun's complement ("suggestions that troops should be withdrawn") is."""
    if not any(c.dep_ in ("aux", "auxpass") and c.lower_ in _NOT_YET for c in head.children):
        return False
    report = head.head if head.dep_ in ("ccomp", "xcomp") else None
    return report is None or not (report.pos_ in ("VERB", "AUX") and _told_in_past(report))


def _tense_verb(head: Token) -> Token:
    """The token whose tense tells when the event is: the event verb, or for an event noun
    that is the subject or object of a verb or the object of a preposition on it, that verb
    ("violent clashes broke out", "police broke up the protest", "ten were killed in the
    raid": past). A noun inside another noun's phrase ("revenge for airstrikes", "the toll
    from the bombing") names an event of its own time, which no verb's tense tells: the noun
    itself is returned (no tense)."""
    if head.pos_ in ("VERB", "AUX"):
        return head
    if head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.head.pos_ in ("VERB", "AUX"):
        return _event_verb(head.head)
    if (head.dep_ == "pobj" and head.head.dep_ == "prep"
            and head.head.head.pos_ in ("VERB", "AUX")):
        return _event_verb(head.head.head)
    return head


def _not_ahead(head: Token) -> bool:
    """The event is told as past or as now: a past tense, or a present simple with no modal
    ("Trump meets Obama", "protests erupt"); an event noun by its verb (``_tense_verb``). A
    plan ("will meet", "to meet", "is meeting") may lie after publication; these cannot."""
    verb = _tense_verb(head)
    if _told_in_past(verb):
        return True
    return verb.tag_ in ("VBZ", "VBP") and not any(
        c.dep_ in ("aux", "auxpass") and (c.lower_ in _NOT_YET or c.lower_ == "to")
        for c in verb.children)


def _after(value: str, published: str) -> bool:
    """A resolved day or month that begins after the publication day."""
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?(?![\d-])", value) or re.match(
        r"(\d{4})-(\d{2})-(\d{2})T", value)
    if not m:
        return False
    start = f"{m[1]}-{m[2]}-{m[3] or '01'}"
    return start > published


def _told_in_past(head: Token) -> bool:
    """The event verb is told in a past tense (simple past, perfect, past passive)."""
    return head.tag_ in ("VBD", "VBN") or any(
        c.lower_ in ("was", "were", "had", "did") for c in head.children)


# adverbs that set a past event apart from the news of the day ("has previously
# questioned", "has long opposed", "often criticised"): a habitual or undated past
_BACKGROUND = {"previously", "formerly", "long", "often", "repeatedly", "frequently",
               "always", "never", "ever", "once", "already", "earlier", "before",
               "consistently", "routinely", "sometimes", "twice"}


def _undated_past(head: Token) -> bool:
    """A past event the story does not place on any day: habitual or background.

    (A modal event, "should not be charged", is not one: the codebook dates it by the
    statement that tells it.)
    """
    return any(c.dep_ in ("advmod", "npadvmod") and c.lower_ in _BACKGROUND
               for c in head.children)


LEAD_SENTENCES = 3  # the lead of a news story: where it says when its main event happened
LEAD_DAYS = 7  # a story's main event is at most a week before its publication


def _story_date(doc: Doc, timexes: list[Timex], published: str) -> Timex | None:
    """The day of the story's main event: the latest day named in the lead, within a week.

    News tells its main event's day once, in the lead ("... said on Saturday"); later
    sentences tell the same event in the past tense without repeating it. A day-precision
    timex of the first ``LEAD_SENTENCES`` sentences, resolved against the publication date
    and at most ``LEAD_DAYS`` before it (none after it), dates such an event; the latest
    when there are several (the freshest news leads), unless the lead binds a day to an
    event noun ("the bombing late Thursday"): that day names the main event itself, a later
    one an update on it ("the death toll rose on Friday"), so the latest such day wins.
    None when the lead names no day.
    Computed once per doc (``doc.user_data``).
    """
    key = f"newsgraph_story_date:{published}"
    if key in doc.user_data:
        found: Timex | None = doc.user_data[key]
        return found
    pub = dt.date.fromisoformat(published)
    end = 0
    for i, sent in enumerate(doc.sents):
        if i >= LEAD_SENTENCES:
            break
        end = sent.end_char
    best: tuple[tuple[bool, dt.date], Timex] | None = None
    for t in timexes:
        if t.start >= end:
            break
        if (not _datable(t) or t.anchor == "none" or _SAME_DAY.search(t.text)
                or not re.match(r"\d{4}-\d{2}-\d{2}", t.value) or _counted_from_other(doc, t)):
            continue
        try:
            day = dt.date.fromisoformat(t.value[:10])
        except ValueError:
            continue
        if 0 <= (pub - day).days <= LEAD_DAYS:
            span = _timex_span(doc, t)
            noun = _noun_bound(span) if span is not None else None
            rank = (noun is not None and noun.pos_ == "NOUN", day)
            if best is None or rank >= best[0]:
                best = (rank, t)
    found = best[1] if best else None
    doc.user_data[key] = found
    return found


ANCHOR_REACH = 4  # a timex further after its noun than this may be misattached by the parse


def _noun_anchor(doc: Doc, head: Token, timexes: list[Timex]) -> Timex | None:
    """The timex bound elsewhere in the article to a noun of the same lemma as ``head``.

    An article names its event once with a date on the noun ("the bombing late Thursday",
    "air strikes this month") and then refers back to it by the noun alone ("the death toll
    from the bombing rose Friday"): the noun alone names the same event, so it takes the
    anchor's date rather than the day of the clause it sits in. The nearest such anchor
    (before or after) wins. Only a timex inside the noun's phrase before it ("Thursday's
    bombing") or a few tokens after it counts: a far one bound to the noun may belong to a
    noun between them that the parse skipped ("the attack for air strikes in the province
    earlier this month"), and copying it would spread the error. Computed once per doc
    (``doc.user_data``).
    """
    key = "newsgraph_noun_anchors"
    anchors: dict[str, list[tuple[int, Timex]]] | None = doc.user_data.get(key)
    if anchors is None:
        anchors = {}
        for t in timexes:
            if not _datable(t) or t.anchor == "none" or "X" in t.value:
                continue
            span = _timex_span(doc, t)
            noun = _noun_bound(span) if span is not None else None
            if noun is not None and noun.pos_ == "NOUN" and span is not None and (
                    noun.left_edge.i <= span.start < noun.i
                    or 0 < span.start - noun.i <= ANCHOR_REACH):
                anchors.setdefault(noun.lemma_.lower(), []).append((noun.i, t))
        doc.user_data[key] = anchors
    found = [(i, t) for i, t in anchors.get(head.lemma_.lower(), []) if i != head.i]
    if not found:
        return None
    return min(found, key=lambda it: abs(it[0] - head.i))[1]


def _bound_in(doc: Doc, t: Timex) -> bool:
    span = _timex_span(doc, t)
    return span is None or _noun_bound(span) is not None


def _narrative_date(doc: Doc, head: Token, timexes: list[Timex]) -> Timex | None:
    """The date a past-tense narrative set in the two sentences before, within the paragraph."""
    if not _told_in_past(head):
        return None
    sent = head.sent
    # walk back sentence by sentence within the paragraph; reading ``doc.text`` or iterating
    # ``doc.sents`` here would rebuild the whole document for every event (quadratic)
    previous: list[Span] = []
    start = sent.start
    while len(previous) < 2 and start > 0:
        before = doc[start - 1].sent
        if "\n\n" in doc[before.start:start].text_with_ws:
            break  # a paragraph break lies between it and the event's sentence
        previous.insert(0, before)
        start = before.start
    for s in reversed(previous):
        dated = [t for t in timexes if _datable(t) and t.precision not in ("year", "decade",
                                                                            "century")
                 and s.start_char <= t.start and t.end <= s.end_char
                 and not _bound_in(doc, t) and not _counted_from_other(doc, t)]
        if dated:
            return dated[-1]
    return None
