"""Possessive pronouns on event nouns: who "his meeting", "their protest" belong to.

"Obama described his first meeting with Trump": the owner of an event noun is its source,
and when the owner is a possessive pronoun it is who the pronoun refers to. Possessive
pronouns are no actor mentions of their own (most own things, not acts: "his car", "its
borders"), so only those on a noun the event lexicon knows are resolved, by the same
antecedent search as subject pronouns, into ``doc._.ng_possessor_at`` (token index ->
mention over the pronoun) for the event coder's noun arguments.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc, Span, Token

from newsgraph import reference as ref
from newsgraph.doc_cache import doc_text, token_arrays
from newsgraph.records import ActorMention

#: possessive pronouns and the personal pronoun whose antecedent they share
POSSESSIVES = {"his": "he", "her": "she", "its": "it", "their": "they"}


class _Resolver(Protocol):
    def _pronoun(self, head: Token, span: Span, as_word: str | None = None
                 ) -> ActorMention | None: ...


def event_possessors(doc: Doc, resolver: _Resolver) -> dict[int, ActorMention]:
    """Token index of each possessive pronoun owning an event noun -> its antecedent (as a
    mention over the pronoun); pronouns with no safe antecedent are left out."""
    nouns = ref.noun_senses()
    out: dict[int, ActorMention] = {}
    # only the few possessive words can pass: the rest are skipped by their text, cut from
    # the doc's cached text and offsets, before a Token is built for them
    text = doc_text(doc)
    arrays = token_arrays(doc)
    for i, (at, n) in enumerate(zip(arrays.idx, arrays.length, strict=True)):
        if n > 5 or text[at:at + n].lower() not in POSSESSIVES:
            continue
        tok = doc[i]
        if tok.dep_ != "poss" or tok.tag_ != "PRP$" or tok.lower_ not in POSSESSIVES:
            continue
        head = tok.head
        if head.pos_ != "NOUN" or head.lemma_.lower() not in nouns:
            continue
        m = resolver._pronoun(tok, doc[tok.i:tok.i + 1], POSSESSIVES[tok.lower_])
        if m is not None:
            m.via = "pronoun+possessor"
            out[tok.i] = m
    return out
