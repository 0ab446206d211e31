"""Quotes and attribution: who said (believes, plans) what, as (source, cue, content) spans.

Registered as the spaCy component ``newsgraph_quotes`` writing ``doc._.ng_quotes``.

How it works, in the order the passes run:

1. **Quotation marks** (``quote_marks``): direct quotations, multi-paragraph ones joined.
2. **Cue verbs** (``cues``): a verb of speech, cognition or intention with a complement
   ("X said that ...", "X said ...", "... , the ministry said", "X plans to ...", "X denied
   the report") and "according to X". The complement is the content; its subject the source.
   A complement that is just a quotation attributes that quotation; one holding quotation
   marks among other words is a *mixed* quote.
3. **Remaining quotations** look for a cue in their own sentence(s) outside the marks
   (", he said", "she told the Times:"); a quotation split by "he said" is joined with its
   continuation into one content; a quotation standing alone (a *floating* quote) takes the
   speaker of the attribution just before it.

Speakers are resolved through the actor mentions (``doc._.ng_actor_at``): a pronoun, "who"
or a title gets the actor the actor component found; otherwise the speaker stays the
description ("a source close to the talks") and is flagged ``anonymous`` when it names no one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy import symbols as sym
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.clean.scan import followed_on_line
from newsgraph.doc_cache import token_arrays
from newsgraph.extract.cues import (
    Attribution,
    according_to,
    antecedent,
    attribution_for_verb,
    cue_for_quote,
    dash_source,
    doc_text,
    speaker_span,
    transcript_label,
)
from newsgraph.extract.quote_marks import QuoteSpan, inner, paragraph_spans, quote_spans
from newsgraph.records import ActorMention, Evidence, Quote

VERSION = "0.2.0"

#: the parts of speech ``attribution_for_verb`` accepts
_VERBAL = frozenset({int(sym.VERB), int(sym.AUX)})

#: verbs of saying; the events component reads this to mark reported events
SPEECH_VERBS = {
    "say", "tell", "add", "state", "announce", "confirm", "deny", "claim", "insist", "note",
    "explain", "warn", "argue", "report", "write", "stress", "declare", "reply", "respond",
    "acknowledge", "believe", "suggest", "predict", "admit", "allege", "assert", "maintain",
    "contend", "caution", "emphasise", "emphasize", "reiterate", "recall", "promise", "vow",
    "understand", "indicate", "concede", "disclose", "reveal", "complain", "quote",
}
#: "a senior official", "two sources": a counting or vague word, later on the line a kind of
#: person; tested in one pass by ``followed_on_line`` (as one ``A.*B`` regex it was quadratic:
#: 20,000 "a|" pieces took 43.8 s, issue 25)
_ANON_DET = re.compile(r"\b(a|an|one|two|three|several|some|another|senior|unnamed|anonymous)\b",
                       re.IGNORECASE)
_ANON_WHO = re.compile(r"\b(spokes\w+|sources?|officials?|diplomats?|persons?|people|officers?|"
                       r"aides?|insiders?|advisers?|advisors?)\b", re.IGNORECASE)
_ANON_OTHER = re.compile(r"^(the )?sources?\b|\bofficials\b|\bwho (spoke|asked|requested|"
                         r"declined)\b", re.IGNORECASE)


def is_anonymous(description: str) -> bool:
    """Whether a speaker's description names no one ("a source close to the talks")."""
    return followed_on_line(description, _ANON_DET, _ANON_WHO) or \
        _ANON_OTHER.search(description) is not None


#: a quotation shorter than this many words is a scare quote or a title, not a quotation
MIN_QUOTE_WORDS = 4
#: how far (characters) before a floating quotation the previous attribution may end
FLOAT_WINDOW = 600


@Language.factory("newsgraph_quotes", default_config={})
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder()


@dataclass(slots=True)
class _Direct:
    span: QuoteSpan
    attribution: Attribution | None = None
    joined_end: int | None = None  # end of a continuation joined after "he said"


class QuoteFinder:
    """Direct quotes by quotation marks, indirect ones by cue verbs and their complements."""

    version = VERSION

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        directs = [_Direct(q) for q in quote_spans(text)]
        found: list[tuple[Attribution, str]] = []
        claimed_cues: set[int] = set()
        # 1b. transcript turns ("WALLACE: ..."): the turn is the content, the label its source
        turns: list[tuple[int, int]] = []
        for pstart, pend in paragraph_spans(text):
            label = transcript_label(doc, pstart)
            if label is None:
                continue
            name, colon = label
            cstart = colon.idx + 1 + (len(text[colon.idx + 1:pend]) -
                                      len(text[colon.idx + 1:pend].lstrip()))
            if pend - cstart < 3:
                continue
            found.append((Attribution(colon, name.root, cstart, pend, colon.idx, colon.idx + 1,
                                      speaker_override=name), "direct"))
            turns.append((cstart, pend))
        directs = [d for d in directs
                   if not any(s <= d.span.start < e for s, e in turns)]
        # 2. cue verbs with complements: only verbs head one, and "according" opens the
        # other; the rest are skipped from the doc's columns, before a Token is built
        arrays = token_arrays(doc)
        for i, pos_id in enumerate(arrays.pos):
            if pos_id not in _VERBAL:
                at = arrays.idx[i]
                if text[at:at + arrays.length[i]].lower() != "according":
                    continue
            tok = doc[i]
            att = attribution_for_verb(tok)
            if att is None:
                att = according_to(tok)
            if att is None or _inside(directs, tok.idx):
                continue
            d = _direct_covering(directs, att.content_start, att.content_end)
            if d is not None:
                if d.attribution is None:
                    d.attribution = att
                claimed_cues.add(att.cue.i)
                continue
            kind = "mixed" if _has_quote(directs, att.content_start, att.content_end) \
                else "indirect"
            found.append((att, kind))
            claimed_cues.add(att.cue.i)
        # 3. remaining quotations: a cue beside them, a continuation, or the previous speaker
        for i, d in enumerate(directs):
            if d.joined_end == -1:
                continue  # already joined into the quotation before it
            if d.attribution is None:
                d.attribution = cue_for_quote(doc, d.span.start, d.span.end) or \
                    _dash_attribution(doc, d.span.end)
                if d.attribution is not None and _short(text, d.span) and \
                        text[inner(text, d.span.start, d.span.end)[1] - 1] not in ",.?!":
                    d.attribution = None  # a scare quote beside a cue is not an utterance
            if d.attribution is not None and i + 1 < len(directs):
                nxt = directs[i + 1]
                if _continues(text, d.span, nxt.span, d.attribution):
                    d.joined_end = nxt.span.end
                    nxt.joined_end = -1
        previous: list[Attribution] = [a for a, _ in found]
        quotes: list[Quote] = []
        for d in directs:
            if d.joined_end == -1:
                continue
            end = d.joined_end or d.span.end
            att = d.attribution
            if att is None and _short(text, d.span):
                continue
            if att is None:
                att = _floating(doc, d.span.start, previous + [x.attribution for x in directs
                                                              if x.attribution is not None])
                if att is None:
                    continue
            else:
                previous.append(att)
            # the content is the words inside the marks
            start, end = inner(text, d.span.start, end)
            quotes.append(_make_quote(doc, att, start, end, "direct",
                                      floating=att.cue_start is None))
        for att, kind in found:
            quotes.append(_make_quote(doc, att, att.content_start, att.content_end, kind))
        quotes = _drop_restated(text, quotes)
        quotes.sort(key=lambda q: q.content_start)
        doc._.ng_quotes = quotes
        return doc


#: personal pronouns that, opening a reported clause, restate the reporting speaker
_RESTATING = {"he", "she", "they", "i", "we"}


def _drop_restated(text: str, quotes: list[Quote]) -> list[Quote]:
    """``Shelby said she suspected X``: the pronoun opening a reported clause is its speaker
    again, and the inner cue is part of what was said, not a second attribution (PolNeAR
    annotates the outer one, its content taking in "she suspected X"). One pass with an index
    by speaker position, so the cost stays linear in the number of quotes."""
    by_speaker: dict[int, list[Quote]] = {}
    for q in quotes:
        if q.speaker_start is not None and q.speaker_end is not None and q.cue_end is not None \
                and text[q.speaker_start:q.speaker_end].lower() in _RESTATING:
            by_speaker.setdefault(q.speaker_start, []).append(q)
    if not by_speaker:
        return quotes
    dropped: set[int] = set()
    for o in quotes:
        if o.cue_start is None:
            continue
        pos = o.content_start
        if text.startswith("that ", pos):
            pos += 5
        while pos < o.content_end and text[pos].isspace():
            pos += 1
        for inner_q in by_speaker.get(pos, ()):
            if inner_q is not o and inner_q.cue_end is not None and \
                    inner_q.cue_end <= o.content_end:
                dropped.add(id(inner_q))
    return [q for q in quotes if id(q) not in dropped]


def _short(text: str, span: QuoteSpan) -> bool:
    return len(text[span.start:span.end].split()) < MIN_QUOTE_WORDS


def _dash_attribution(doc: Doc, end: int) -> Attribution | None:
    found = dash_source(doc, end)
    if found is None:
        return None
    name, dstart, dend = found
    dash = doc.char_span(dstart, dend, alignment_mode="expand")
    if dash is None:
        return None
    return Attribution(dash[0], name.root, end, end, dstart, dend, speaker_override=name)


def _inside(directs: list[_Direct], pos: int) -> bool:
    return any(d.span.start < pos < d.span.end for d in directs)


def _direct_covering(directs: list[_Direct], start: int, end: int) -> _Direct | None:
    """The quotation that is (nearly) all of a complement: the cue attributes that quotation."""
    for d in directs:
        shared = min(end, d.span.end) - max(start, d.span.start)
        if shared > 0 and shared >= 0.7 * (end - start):
            return d
    return None


def _has_quote(directs: list[_Direct], start: int, end: int) -> bool:
    return any(start <= d.span.start and d.span.end <= end + 1 for d in directs)


def _continues(text: str, first: QuoteSpan, nxt: QuoteSpan, att: Attribution) -> bool:
    """``"A," he said. "B."``: the cue sits between two quotations in one paragraph."""
    if att.cue_start is None or not (first.end <= att.cue_start < nxt.start):
        return False
    gap = text[first.end:nxt.start]
    return "\n" not in gap and len(gap) <= 80


def _floating(doc: Doc, start: int, earlier: list[Attribution]) -> Attribution | None:
    """A quotation opening a paragraph with no cue of its own takes the previous speaker."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return None
    best: Attribution | None = None
    for att in earlier:
        if att.content_end <= start and start - att.content_end <= FLOAT_WINDOW and \
                (best is None or att.content_end > best.content_end):
            best = att
    if best is None or best.speaker is None:
        return None
    return Attribution(best.cue, best.speaker, start, start, cue_start=None, cue_end=None,
                       speaker_override=best.speaker_override)


def _make_quote(doc: Doc, att: Attribution, start: int, end: int, kind: str,
                floating: bool = False) -> Quote:
    article_id = doc._.ng_article_id or ""
    speaker_tok = att.speaker
    span: Span | None = None
    actor: ActorMention | None = None
    if speaker_tok is not None:
        span = att.speaker_override or speaker_span(speaker_tok)
        actor = _actor_for(doc, speaker_tok, span)
    named = actor is not None and actor.via != "role"
    description = span.text if span is not None else None
    ante = antecedent(speaker_tok) if speaker_tok is not None else None
    if ante is not None:  # "which" names no one: describe the speaker by its antecedent
        description = speaker_span(ante).text
    speaker = actor.name if named and actor is not None else description
    first = doc.char_span(start, end, alignment_mode="expand")
    ev_start = first[0].sent.start_char if first is not None and len(first) else start
    ev_end = first[-1].sent.end_char if first is not None and len(first) else end
    if att.cue_start is not None and att.cue_end is not None:
        ev_start = min(ev_start, att.cue.sent.start_char)
        ev_end = max(ev_end, att.cue.sent.end_char)
    # content may start or end on whitespace the sentences leave out: evidence covers it all
    ev_start, ev_end = min(ev_start, start), max(ev_end, end)
    cue_text = doc_text(doc)[att.cue_start:att.cue_end] if att.cue_start is not None and \
        att.cue_end is not None and not floating else None
    return Quote(
        article_id=article_id,
        speaker=speaker,
        speaker_start=span.start_char if span is not None else None,
        speaker_end=span.end_char if span is not None else None,
        speaker_actor=actor,
        cue=cue_text,
        content_start=start,
        content_end=end,
        kind=kind,  # type: ignore[arg-type]
        evidence=Evidence(article_id, ev_start, ev_end, asserted_by=speaker, cue=cue_text),
        anonymous=bool(description and not named and is_anonymous(description)),
        cue_start=None if floating else att.cue_start,
        cue_end=None if floating else att.cue_end,
    )


def _actor_for(doc: Doc, tok: Token, span: Span) -> ActorMention | None:
    """The actor behind a speaker: its own mention, or the noun a relative "who" refers to."""
    actor_at: dict[int, ActorMention] = doc._.ng_actor_at or {}
    if tok.i in actor_at:
        return actor_at[tok.i]
    noun = antecedent(tok)
    if noun is not None and noun.i in actor_at:
        return actor_at[noun.i]
    for t in span:
        if t.i in actor_at and t.head.i == tok.i:
            return actor_at[t.i]
    return None
