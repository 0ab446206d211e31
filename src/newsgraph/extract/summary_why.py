"""*Why* and *how* of the 5W1H summary: causal clauses and phrases, headline causes, method
phrases."""


from __future__ import annotations

from spacy.tokens import Span, Token

from newsgraph.extract.summary_spans import MAX_WHAT_TOKENS, _answer, _clip
from newsgraph.records import Answer

_CAUSAL_MARKS = {"because", "since"}  # "as" is mostly temporal in news

_CAUSAL_PREPS = {"over", "amid"}  # "for" is mostly duration or purpose

_CAUSAL_PHRASES = ("because of", "due to", "in response to", "in retaliation for",
                   "as a result of", "in protest against", "in protest at", "in revenge for",
                   "in the wake of", "on suspicion of", "in reprisal for", "as a reprisal for")

_CAUSAL_NOUNS_OK = ("NOUN",)

_METHOD_PREPS = {"by", "using", "with", "via", "through"}

_NOT_MANNER = {"reportedly", "allegedly", "finally", "only", "early", "recently", "likely",
               "apparently", "currently", "really", "nearly", "largely", "mostly", "initially",
               "formerly", "previously", "lately", "daily", "weekly", "certainly",
               "possibly", "probably", "clearly", "officially", "publicly", "reply"}


def _why(verb: Token | None, unit: Span, head: Span | None, what: Answer | None,
         top: list[Span]) -> Answer | None:
    """A cause or purpose of the main event, in order of trust: a because/since or "to"
    clause on its verb, the headline's "after ..." / "as ..." after the predicate, a causal
    phrase ("in retaliation for") in the event's sentence or the top of the story."""
    found = _why_clause(verb, unit) if verb is not None else None
    if found is None and head is not None and what is not None and what.start is not None \
            and what.end is not None and head.start_char <= what.start < head.end_char:
        found = _why_headline(head, what.end)  # the event is the headline's
    if found is None:
        found = _why_phrase([unit] + [u for u in top if u is not unit])
    return found


def _why_clause(verb: Token, unit: Span) -> Answer | None:
    """A because/since clause, a causal "over"/"amid", a "to" aim on the main verb."""
    doc = verb.doc
    for child in verb.children:
        if not unit.start <= child.i < unit.end:
            continue
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CAUSAL_MARKS
                                         for m in child.children):
            return _answer(doc, *_clip(child.left_edge.i, child.right_edge.i + 1, unit))
        if child.dep_ == "prep" and child.lower_ in _CAUSAL_PREPS and child.i > verb.i:
            obj = [c for c in child.children if c.dep_ == "pobj"]
            if obj and obj[0].pos_ in _CAUSAL_NOUNS_OK and not obj[0].ent_type_:
                return _answer(doc, *_clip(child.i, child.right_edge.i + 1, unit))
        if child.dep_ == "advcl" and child.i > verb.i and any(  # purpose: "to make it lighter"
                a.dep_ == "aux" and a.lower_ == "to" and a.i < child.i for a in child.children):
            return _answer(doc, *_clip(child.left_edge.i, child.right_edge.i + 1, unit))
    return None

#: headline words after the predicate that introduce its cause or occasion
_HEADLINE_CAUSE = {"after", "as", "amid", "following", "because", "over"}


def _why_headline(head: Span, after_char: int) -> Answer | None:
    """"Toblerone sparks outrage after changing iconic shape": the words after the marker
    that follows the headline's predicate, up to a colon (without the marker)."""
    doc = head.doc
    for tok in head:
        if tok.idx < after_char or tok.lower_ not in _HEADLINE_CAUSE:
            continue
        end = tok.i + 1
        while end < head.end and doc[end].text not in (":", ";", "|") and \
                end - tok.i <= MAX_WHAT_TOKENS:
            end += 1
        if tok.lower_ == "as" and not any(doc[i].pos_ in ("VERB", "AUX")
                                          for i in range(tok.i + 1, end)):
            continue  # "named as three adults", "describes it as 'excellent'": no clause
        return _answer(doc, tok.i + 1, end) if end > tok.i + 1 else None
    return None


def _why_phrase(units: list[Span]) -> Answer | None:
    """A causal phrase ("in retaliation for air strikes") in the first unit that has one."""
    for unit in units:
        doc = unit.doc
        low = unit.text.lower()
        for phrase in _CAUSAL_PHRASES:
            pos = low.find(phrase)
            if pos < 0:
                continue
            span = doc.char_span(unit.start_char + pos, unit.end_char, alignment_mode="expand")
            if span is None:
                continue
            first = span[0]
            end = first.right_edge.i + 1 if first.right_edge.i > first.i else span.end
            return _answer(doc, *_clip(span.start, min(end, span.start + 12), unit))
    return None


def _how(verb: Token, unit: Span) -> Answer | None:
    """Method or manner: "with a truck bomb", "by storming ...", a manner adverb."""
    doc = verb.doc
    for child in verb.children:
        if not unit.start <= child.i < unit.end or child.i < verb.i:
            continue
        if child.dep_ == "prep" and child.lower_ in _METHOD_PREPS:
            obj = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            by_doing = child.lower_ == "by" and obj and obj[0].tag_ == "VBG"
            with_tool = (child.lower_ != "by" and obj and obj[0].pos_ == "NOUN"
                         and not obj[0].ent_type_)
            if by_doing or with_tool:
                return _answer(doc, *_clip(child.i, child.right_edge.i + 1, unit))
        if (child.dep_ == "advmod" and child.lower_.endswith("ly") and child.pos_ == "ADV"
                and child.lower_ not in _NOT_MANNER):
            return _answer(doc, child.i, child.i + 1)
    return None
