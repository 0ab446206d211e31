"""Units and answer spans of the 5W1H summary: sentences cut at blank lines, noun phrases
clipped to their unit, answers as spans of the clean text."""


from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.records import Answer

MAX_WHAT_TOKENS = 10

_SUBJ = ("nsubj", "nsubjpass")


def units(doc: Doc) -> list[Span]:
    """spaCy sentences cut at paragraph breaks (a newline in a token's trailing space)."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space or "\n" in tok.whitespace_:
                end = tok.i if tok.is_space else tok.i + 1
                if end > start:
                    out.append(doc[start:end])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    return [u for u in out if any(not t.is_space and not t.is_punct for t in u)]


def _clip(start: int, end: int, unit: Span) -> tuple[int, int]:
    return max(start, unit.start), min(end, unit.end)


def _answer(doc: Doc, start: int, end: int, value: str | None = None) -> Answer | None:
    while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].is_space
                               or doc[end - 1].dep_ == "cc" or doc[end - 1].tag_ == "POS"):
        end -= 1
    while end - start > 1 and (doc[start].is_punct or doc[start].is_space
                               or doc[start].dep_ == "cc"):
        start += 1
    if end <= start:
        return None
    span = doc[start:end]
    if not span.text.strip() or all(t.is_punct for t in span):
        return None
    return Answer(span.text, span.start_char, span.end_char, value)


def _np(tok: Token, unit: Span, limit: int = 8) -> tuple[int, int]:
    """The noun phrase of ``tok`` without relative clauses, appositions and long tails."""
    start = tok.left_edge.i
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl"):
            break
        if child.right_edge.i - start >= limit:
            break
        end = child.right_edge.i + 1
    if tok.i - start > limit:
        start = tok.i - limit
    return _clip(start, end, unit)
