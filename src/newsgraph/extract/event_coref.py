"""Event coreference: a bare event noun takes the sides of the act it refers back to.

News names the parties of an act once ("Trump met Obama in the Oval Office", "Taliban
insurgents attacked the German consulate") and then refers to it by its noun alone: "after
the meeting", "the attack killed six", "the investigation was reopened". Read in its own
sentence such a noun has no actor on either side (see ``unsided.py``), yet a reader, and an
event coder, knows who met, who attacked whom: the noun is a mention of the earlier act.

An event noun with no side of its own takes the sides of an earlier event of the article
(headline and lead included, since they come first) when

* the noun is marked as known: a definite or demonstrative determiner ("the meeting",
  "these protests"), a possessive ("its investigation"), or "same"; an indefinite or bare
  noun ("a meeting", "talks") may be a new act and stays sideless;
* the earlier event is the same kind of act: the same trigger lemma, else the same CAMEO
  root (the roots of force 18-20 are one kind: an "attack" may refer back to a bombing), and
  it has at least one side.

The nearest such event wins, one of the same lemma first. A back-referring noun with one
side of its own ("the talks with the Taliban") takes the missing side from the nearest
earlier event of its kind with both sides that shares a party on the side it has; other
parties make it another act. An act two parties do with each other (meet, talk, agree,
cooperate) with one side known, noun or verb, definite or not, takes the other party of the
nearest earlier such act that names its known party on either side ("Trump met Obama ... We
discussed a lot", "after the meeting, Trump tweeted"). Nothing is taken from an act where no
earlier event exists (a source still missing afterwards may come from the discourse topic,
see ``discourse_sides``). The noun keeps its
own trigger, evidence, date and confidence (the type was read off the noun; the sides come
from the antecedent: copies of its mentions, with their own offsets and ``+coref`` added to
their ``via``, which the store keeps and the event resolver does not key clusters on).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from newsgraph.extract.confidence import head_of
from newsgraph.records import ActorMention, Event

#: determiners that mark a noun as a known act ("the meeting", "this attack")
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
#: adjectives that point back at an act already told ("the same attack")
_ANAPHORIC = frozenset({"same"})
_FORCE_ROOTS = frozenset({"18", "19", "20"})


def _kind(event: Event) -> str:
    """The kind of act for coreference: the CAMEO root, force as one."""
    return "force" if event.root in _FORCE_ROOTS else event.root


def refers_back(noun: Token) -> bool:
    """Whether an event noun is marked as an act already known: a definite, demonstrative
    or possessive determiner, or "same"."""
    if noun.pos_ != "NOUN":
        return False
    for c in noun.children:
        if c.dep_ == "det" and c.lower_ in _DEFINITE or c.dep_ == "poss":
            return True
        if c.dep_ == "amod" and c.lower_ in _ANAPHORIC:
            return True
    return False


def _lemma(doc: Doc, event: Event) -> str:
    head = head_of(doc, event)
    return head.lemma_.lower() if head is not None else event.trigger.lower()


def _names(side: list[ActorMention]) -> set[str]:
    return {m.name.casefold() for m in side}


def _copies(side: list[ActorMention]) -> list[ActorMention]:
    """An antecedent's side for a noun referring back to it: copies with ``+coref`` added to
    their ``via`` (once), so a reader, and the event resolver, can tell them from a side the
    noun's own phrase gave."""
    return [m if m.via.endswith("+coref") else replace(m, roles=list(m.roles),
                                                       via=m.via + "+coref") for m in side]


def _complete(event: Event, lemma: str, told: list[tuple[Event, str]]) -> None:
    """Fill the empty side of a one-sided back-referring noun from the nearest earlier
    event of its kind whose same side shares a party ("the talks with the Taliban" after
    "the government held talks with the Taliban")."""
    kind = _kind(event)
    known_src = bool(event.source)
    mine = _names(event.source if known_src else event.target)
    same = [(e, lem) for e, lem in reversed(told) if _kind(e) == kind and e.source
            and e.target and mine & _names(e.source if known_src else e.target)]
    pick = next((e for e, lem in same if lem == lemma), same[0][0] if same else None)
    if pick is None:
        return
    if known_src:
        event.target = _copies([m for m in pick.target if m.name.casefold() not in mine])
    else:
        event.source = _copies([m for m in pick.source if m.name.casefold() not in mine])


#: CAMEO roots of acts two parties do with each other (meet, talk, cooperate): a party of one is
#: a party of the other, on whichever side it was named
_MUTUAL_ROOTS = frozenset({"03", "04", "05", "06"})


def _partner(event: Event, told: list[tuple[Event, str]]) -> None:
    """Give a one-sided mutual act the other party of the nearest earlier act of its kind
    that names its known party on either side ("Trump met Obama ... We discussed a lot",
    "Trump tweeted after the meeting"): one meets, talks with, works with the same party
    the story has them meet."""
    known = event.source or event.target
    mine = _names(known)
    for e, _ in reversed(told):
        if e.root != event.root or not (e.source and e.target):
            continue
        if mine & _names(e.source):
            other = [m for m in e.target if m.name.casefold() not in mine]
        elif mine & _names(e.target):
            other = [m for m in e.source if m.name.casefold() not in mine]
        else:
            continue
        if other:
            if event.source:
                event.target = _copies(other)
            else:
                event.source = _copies(other)
        return


def resolve_references(doc: Doc, events: list[Event]) -> list[Event]:
    """Give each sideless, back-referring event noun the sides of the nearest earlier event
    of the same kind (same lemma first); events are changed in place and returned."""
    order = sorted(range(len(events)), key=lambda i: events[i].trigger_start)
    told: list[tuple[Event, str]] = []  # sided events so far, in text order, with lemmas
    for i in order:
        event = events[i]
        lemma = _lemma(doc, event)
        if not event.source and not event.target:
            head = head_of(doc, event)
            if head is not None and refers_back(head):
                kind = _kind(event)
                same = [(e, lem) for e, lem in reversed(told) if _kind(e) == kind]
                pick = next((e for e, lem in same if lem == lemma),
                            same[0][0] if same else None)
                if pick is not None:
                    event.source = _copies(pick.source)
                    event.target = _copies(pick.target)
        elif not (event.source and event.target):
            head = head_of(doc, event)
            if head is not None and refers_back(head):
                _complete(event, lemma, told)
            if not (event.source and event.target) and event.root in _MUTUAL_ROOTS:
                _partner(event, told)
        if event.source or event.target:
            told.append((event, lemma))
    return events
