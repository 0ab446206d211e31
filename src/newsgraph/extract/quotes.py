"""Quotes and attribution: who said what, direct ("...", she said) and indirect (X said that ...).

Registered as the spaCy component ``newsgraph_quotes`` writing ``doc._.ng_quotes``. Speakers
are resolved through the actor mentions (``doc._.ng_actor_at``) when the actor component ran.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.records import ActorMention, Evidence, Quote

VERSION = "0.1.0"

SPEECH_VERBS = {
    "say", "tell", "add", "state", "announce", "confirm", "deny", "claim", "insist", "note",
    "explain", "warn", "argue", "report", "write", "stress", "declare", "reply", "respond",
    "acknowledge", "believe", "suggest", "predict", "admit", "allege", "assert", "maintain",
    "contend", "caution", "emphasise", "emphasize", "reiterate", "recall", "promise", "vow",
    "understand", "indicate", "concede", "disclose", "reveal", "complain", "quote",
}
_QUOTE_RE = re.compile(r"[\"“](?P<c>[^\"“”]{3,}?)[\"”]")
_ANON = re.compile(r"\b(a|an|one|two|three|several)\b.*\b(spokes\w+|source|official|"
                   r"diplomat|person|people|officer)s?\b|\bsources?\b|\bofficials\b",
                   re.IGNORECASE)
#: a direct quote shorter than this many words is a scare quote or a title, not a quotation
MIN_QUOTE_WORDS = 4


@Language.factory("newsgraph_quotes", default_config={})
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder()


class QuoteFinder:
    """Direct quotes by quotation marks, indirect ones by speech verbs with a clause."""

    version = VERSION

    def __call__(self, doc: Doc) -> Doc:
        article_id = doc._.ng_article_id or ""
        quotes: list[Quote] = []
        covered: list[tuple[int, int]] = []
        for m in _QUOTE_RE.finditer(doc.text):
            start, end = m.start("c"), m.end("c")
            if len(m["c"].split()) < MIN_QUOTE_WORDS:
                continue
            verb = _speech_verb_near(doc, m.start(), m.end())
            q = _make_quote(doc, article_id, verb, start, end, "direct")
            quotes.append(q)
            covered.append((m.start(), m.end()))
        for tok in doc:
            if tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ not in ("VERB", "AUX"):
                continue
            if any(s <= tok.idx < e for s, e in covered):
                continue
            content = _clause(tok)
            if content is None:
                continue
            cstart, cend = content.start_char, content.end_char
            # content that is itself a direct quote was already recorded
            if any(s <= cstart and cend <= e + 1 for s, e in covered):
                continue
            kind = "mixed" if _QUOTE_RE.search(doc.text[cstart:cend]) else "indirect"
            quotes.append(_make_quote(doc, article_id, tok, cstart, cend, kind))
        quotes.sort(key=lambda q: q.content_start)
        doc._.ng_quotes = quotes
        return doc


def _clause(verb: Token) -> Span | None:
    """The reported clause of a speech verb: its ``ccomp`` (with "that" dropped)."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i:
            toks = [t for t in child.subtree]
            first = toks[0]
            if first.lower_ == "that" and first.dep_ == "mark":
                toks = toks[1:]
            if not toks:
                return None
            span = verb.doc[toks[0].i: toks[-1].i + 1]
            while len(span) > 1 and span[-1].is_punct:
                span = span[:-1]
            return span if len(span) >= 3 else None
    return None


def _speech_verb_near(doc: Doc, qstart: int, qend: int) -> Token | None:
    """A speech verb in the sentence holding the quote (outside it), or the next one."""
    span = doc.char_span(qstart, qend, alignment_mode="expand")
    if span is None:
        return None
    sents = [span[0].sent]
    if span[-1].sent.start != sents[0].start:
        sents.append(span[-1].sent)
    nxt = span[-1].sent.end
    if nxt < len(doc):
        sents.append(doc[nxt].sent)
    prev = span[0].sent.start - 1
    if prev >= 0:
        sents.append(doc[prev].sent)
    for sent in sents:
        for tok in sent:
            if (qstart <= tok.idx < qend) or tok.lemma_.lower() not in SPEECH_VERBS:
                continue
            if tok.pos_ in ("VERB", "AUX") and _subject(tok) is not None:
                return tok
    return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ in ("conj", "advcl", "ccomp") and verb.head.i != verb.i:
        return _subject(verb.head) if verb.dep_ == "conj" else None
    return None


def _make_quote(doc: Doc, article_id: str, verb: Token | None, start: int, end: int,
                kind: str) -> Quote:
    speaker_tok = _subject(verb) if verb is not None else None
    speaker_span: Span | None = None
    actor: ActorMention | None = None
    if speaker_tok is not None:
        actor_at = doc._.ng_actor_at or {}
        actor = actor_at.get(speaker_tok.i)
        speaker_span = doc[speaker_tok.left_edge.i: speaker_tok.right_edge.i + 1]
        # a subject with a clause of its own is trimmed to its noun phrase
        if len(speaker_span) > 12:
            speaker_span = doc[speaker_tok.i: speaker_tok.i + 1]
    speaker = speaker_span.text if speaker_span is not None else None
    # an actor known only by its role ("a police spokeswoman") keeps the text as its speaker
    named = actor is not None and actor.via != "role"
    first = doc.char_span(start, end, alignment_mode="expand")
    sent_start = first[0].sent.start_char if first is not None else start
    sent_end = first[-1].sent.end_char if first is not None else end
    if verb is not None:
        sent_start = min(sent_start, verb.sent.start_char)
        sent_end = max(sent_end, verb.sent.end_char)
    return Quote(
        article_id=article_id,
        speaker=actor.name if named and actor is not None else speaker,
        speaker_start=speaker_span.start_char if speaker_span is not None else None,
        speaker_end=speaker_span.end_char if speaker_span is not None else None,
        speaker_actor=actor,
        cue=verb.text if verb is not None else None,
        content_start=start,
        content_end=end,
        kind=kind,  # type: ignore[arg-type]
        evidence=Evidence(article_id, sent_start, sent_end, asserted_by=speaker,
                          cue=verb.text if verb is not None else None),
        anonymous=bool(speaker and not named and _ANON.search(speaker)),
    )
