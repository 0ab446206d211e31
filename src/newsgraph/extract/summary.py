"""The story at a glance: pick an article's main event and answer who/what/when/where/why/how.

Registered as the spaCy component ``newsgraph_summary`` (runs last) writing
``doc._.ng_summary``. It reuses what the earlier components found: coded events and their
actors, timexes, places. When no coded event stands out, the main clause of the lead
sentence is the main event (news puts the story first).

Answers are spans of the clean text; an answer is left empty when the text gives none (a
"why" without a causal cue, a "how" without a manner phrase).
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.places import event_location
from newsgraph.records import Answer, Event, Place, Summary, Timex

VERSION = "0.1.0"

#: cue words that introduce a cause or reason, with the dependency they carry
_CAUSAL_MARKS = {"because", "since", "as"}
_CAUSAL_PREPS = {"over", "for", "after", "amid"}
_CAUSAL_PHRASES = ("because of", "due to", "in response to", "in retaliation for",
                   "as a result of", "in protest against", "in protest at", "following",
                   "in the wake of", "on suspicion of", "over concerns")
_MANNER_PREPS = {"by", "with", "using", "through", "via"}
#: the lead: how many sentences count as the top of the story
LEAD_SENTENCES = 3
MAX_WHAT_TOKENS = 12


@Language.factory("newsgraph_summary", default_config={})
def make_summariser(nlp: Language, name: str) -> Summariser:
    return Summariser()


class Summariser:
    """Chooses the main event and extracts its 5W1H answers."""

    version = VERSION

    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_summary = summarise(doc)
        return doc


def summarise(doc: Doc) -> Summary | None:
    """The 5W1H summary of one article (None for an empty doc)."""
    article_id = doc._.ng_article_id or ""
    sents = list(doc.sents)
    if not sents:
        return None
    events: list[Event] = doc._.ng_events or []
    main = _main_event(doc, events, sents)
    verb = _main_verb(doc, main, sents)
    if verb is None:
        return Summary(article_id, None, None, None, None, None, None, None)
    who = _who(doc, main, verb)
    what = _what(doc, verb, main)
    when = _when(doc, verb, doc._.ng_timexes or [], doc._.ng_published)
    where = _where(doc, verb, doc._.ng_places or [])
    return Summary(article_id, main.id if main else None, who, what, when, where,
                   _why(doc, verb), _how(verb))


def _main_event(doc: Doc, events: list[Event], sents: list[Span]) -> Event | None:
    """The coded event that leads the story: early, with actors, corroborated in the article."""
    if not events:
        return None
    lead_end = sents[min(LEAD_SENTENCES, len(sents)) - 1].end_char
    roots = Counter(e.root for e in events)

    def score(e: Event) -> float:
        position = 1.0 - e.evidence.start / max(len(doc.text), 1)
        return (2.0 * (e.evidence.start < lead_end) + position + 0.5 * bool(e.source)
                + 0.3 * bool(e.target) + 0.2 * (roots[e.root] - 1)
                + 0.5 * (e.modality in ("asserted", "reported")) + e.confidence)

    best = max(events, key=score)
    return best if best.evidence.start < lead_end else None


def _main_verb(doc: Doc, main: Event | None, sents: list[Span]) -> Token | None:
    if main is not None:
        span = doc.char_span(main.trigger_start, main.trigger_end, alignment_mode="expand")
        if span is not None:
            return span.root
    for sent in sents[:LEAD_SENTENCES]:
        root = sent.root
        if root.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass")
                                                for c in root.children):
            return root
    return sents[0].root


def _answer(span: Span | None, value: str | None = None) -> Answer | None:
    if span is None or not span.text.strip():
        return None
    while len(span) > 1 and (span[-1].is_punct or span[-1].dep_ == "cc"):
        span = span[:-1]
    while len(span) > 1 and (span[0].is_punct or span[0].dep_ == "cc"):
        span = span[1:]
    return Answer(span.text, span.start_char, span.end_char, value)


def _who(doc: Doc, main: Event | None, verb: Token) -> Answer | None:
    if main is not None and main.source:
        m = main.source[0]
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        return _answer(span, m.code or None)
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return _answer(_trimmed_subtree(child), None)
    return None


def _trimmed_subtree(tok: Token, limit: int = 8) -> Span:
    """The noun phrase of ``tok`` without relative clauses and long tails."""
    doc = tok.doc
    start = tok.left_edge.i
    end = tok.i + 1
    for child in tok.rights:
        stop = child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj")
        if stop or child.i - start > limit:
            break
        end = child.right_edge.i + 1
    if end - start > limit + 4:
        start = max(start, tok.i - limit)
    return doc[start:end]


def _what(doc: Doc, verb: Token, main: Event | None) -> Answer | None:
    """The verb with its auxiliaries, particles and object: "attacked the German consulate"."""
    toks = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "prt")]
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "xcomp", "acomp", "dative", "oprd"):
            toks.extend(child.subtree)
            break
    else:
        for child in verb.children:
            if child.dep_ == "prep" and child.i > verb.i:
                toks.extend(child.subtree)
                break
    idx = sorted(t.i for t in toks)
    start, end = idx[0], idx[-1] + 1
    end = min(end, start + MAX_WHAT_TOKENS)
    return _answer(doc[start:end], main.cameo if main else None)


def _when(doc: Doc, verb: Token, timexes: list[Timex], published: str | None) -> Answer | None:
    dated = [t for t in timexes if t.type in ("DATE", "TIME") and t.value not in
             ("PRESENT_REF", "PAST_REF", "FUTURE_REF")]
    sent = verb.sent
    in_sent = [t for t in dated if sent.start_char <= t.start < sent.end_char]
    pick = min(in_sent, key=lambda t: abs(t.start - verb.idx)) if in_sent else (
        dated[0] if dated else None)
    if pick is not None:
        return Answer(pick.text, pick.start, pick.end, pick.value)
    if published:
        return Answer(published, None, None, published)
    return None


def _where(doc: Doc, verb: Token, places: list[Place]) -> Answer | None:
    place = event_location(verb, places)
    if place is None:
        located = [p for p in places if p.via != "dateline" and p.feature != "country"]
        place = located[0] if located else (places[0] if places else None)
    if place is None:
        return None
    return Answer(place.text, place.start, place.end, place.country)


def _why(doc: Doc, verb: Token) -> Answer | None:
    """A cause: a because/since clause, a causal preposition, or a causal phrase nearby."""
    for child in verb.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CAUSAL_MARKS
                                         for m in child.children):
            return _answer(doc[child.left_edge.i: child.right_edge.i + 1])
        if child.dep_ == "prep" and child.lower_ in _CAUSAL_PREPS and child.i > verb.i:
            obj = [c for c in child.children if c.dep_ == "pobj"]
            if obj and obj[0].pos_ == "NOUN":
                return _answer(doc[child.i: child.right_edge.i + 1])
    sent = verb.sent
    low = sent.text.lower()
    for phrase in _CAUSAL_PHRASES:
        pos = low.find(phrase)
        if pos >= 0:
            start = sent.start_char + pos
            span = doc.char_span(start, sent.end_char, alignment_mode="expand")
            if span is not None:
                head = span[0]
                tail = doc[head.i: head.right_edge.i + 1] if head.right_edge.i > head.i else span
                return _answer(tail if len(tail) > 1 else span)
    return None


def _how(verb: Token) -> Answer | None:
    """Manner or method: an -ly adverb, or a by/with/using phrase on the main verb."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _MANNER_PREPS:
            return _answer(doc[child.i: child.right_edge.i + 1])
        if child.dep_ == "advmod" and child.lower_.endswith("ly") and child.pos_ == "ADV":
            return _answer(doc[child.i: child.i + 1])
    return None
