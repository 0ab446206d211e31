"""A side left empty by its sentence, filled from the discourse around it.

News continues a topic from sentence to sentence: "Mr Comey wrote to Congress on Sunday. A
fresh review found nothing new." An act whose sentence names no doer is, for a reader and
an event coder, most often done by the actor the text is about: the subject of the main
clause of the sentence before (or the one before that).

- An event noun with no source of its own first takes the active subject of the main clause
  it sits in, as an object or adjunct ("Mrs Clinton told the donors on a conference call",
  "the minister said talks with Chile would resume"), not a subject it is part of; a speaker
  only of a verbal or mutual act (the reporter of an attack is not its doer).
- An event still with no source takes the discourse topic, unless that is its target.
- An event with a source (its own or so filled) and no target, told in a clause under the
  main clause of its sentence, first takes that main clause's subject, if not its source
  ("the Chilean president was in Lima when Peruvian troops withdrew"; under a speech verb
  only for a verbal or mutual act); else it takes the nearest earlier topic that is not
  its source (a reaction, a meeting, an attack told after the sentence about whom it
  concerns: "Taliban insurgents attacked the consulate. Ghani condemned the attack.").

Groups are topics (insurgents, police); places named as actors are not. A side filled so is
a copy of the mention with ``+clause`` or ``+discourse`` added to its ``via``, so a reader
can tell it from one the event's own phrase gave. (The store keeps that via with the side,
migration 016, and the event resolver keys clusters on neither: a side from the context,
even the main clause around the act, says who the article is about, not which act it is.)
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.arguments import actor_near, undergoers
from newsgraph.extract.confidence import head_of
from newsgraph.extract.event_nouns import FORCE_ROOTS
from newsgraph.extract.quotes import SPEECH_VERBS
from newsgraph.records import ActorMention, Event

#: CAMEO roots of verbal and mutual acts, whose speaker may be a party ("the minister said
#: talks would resume"); of any other act a speaker is its reporter
VERBAL_ROOTS = frozenset({"01", "02", "03", "04", "05", "06", "10", "11", "12", "13"})
#: how many sentences back the topic may be
TOPIC_WINDOW = 2
#: how a mention of a place is resolved (a city named as an actor is no topic); a role
#: placed by it ("police in Paris": ``capital+role``) is
_PLACE_VIAS = frozenset({"city", "capital", "region"})


def _place(m: ActorMention) -> bool:
    parts = m.via.split("+")
    return parts[0] in _PLACE_VIAS and "role" not in parts


def topic(sent: Span, actor_at: dict[int, ActorMention]) -> ActorMention | None:
    """The actor subject of a sentence's main clause (or of a verb coordinated with it)."""
    root = sent.root
    for verb in (root, *[c for c in root.children if c.dep_ == "conj"]):
        for c in verb.children:
            if c.dep_ not in ("nsubj", "nsubjpass"):
                continue
            m = actor_near(c, actor_at)
            if m is not None and m.kind != "unknown" and not _place(m):
                return m
    return None


def _main_subject(sent: Span, tok: Token, code_root: str, deps: tuple[str, ...],
                  actor_at: dict[int, ActorMention]) -> ActorMention | None:
    """The actor subject (of these dependencies) of a sentence's main clause, unless ``tok``
    is part of it. A speaker is only the reporter of an act that is not verbal ("the
    ministry said the attack had left six dead")."""
    root = sent.root
    if root.pos_ not in ("VERB", "AUX") or (
            root.lemma_.lower() in SPEECH_VERBS and code_root not in VERBAL_ROOTS):
        return None
    for c in root.children:
        if c.dep_ not in deps:
            continue
        if c.left_edge.i <= tok.i <= c.right_edge.i:
            return None
        m = actor_near(c, actor_at)
        if m is not None and m.kind != "unknown" and not _place(m):
            return m
    return None


def own_subject(sent: Span, noun: Token, code_root: str,
                actor_at: dict[int, ActorMention]) -> ActorMention | None:
    """The active subject of the main clause an event noun sits in as an object or adjunct
    ("Mrs Clinton told the donors on a conference call"), not one the noun is part of."""
    return _main_subject(sent, noun, code_root, ("nsubj",), actor_at)


def _own_topic(sent: Span, head: Token, code_root: str,
               actor_at: dict[int, ActorMention]) -> ActorMention | None:
    """The subject of the main clause of an event's own sentence, for an act told in a
    clause under it ("the Chilean president was in Lima when Peruvian troops withdrew"):
    what the sentence is about. Not for an act of the main clause itself (its root or a
    verb coordinated with it)."""
    if head.i == sent.root.i or head.dep_ == "conj" and head.head.i == sent.root.i:
        return None
    return _main_subject(sent, head, code_root, ("nsubj", "nsubjpass"), actor_at)


def fill_from_discourse(doc: Doc, events: list[Event]) -> list[Event]:
    """Give each event with a side missing the discourse topic of the sentences before it;
    events are changed in place and returned."""
    if all(e.source and e.target for e in events):
        return events
    actor_at: dict[int, ActorMention] = doc._.ng_actor_at or {}
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    topics: dict[int, ActorMention | None] = {}
    for event in events:
        if event.source and event.target:
            continue
        head = head_of(doc, event)
        if head is None:
            continue
        k = _index(starts, head.i)
        if not event.source and head.pos_ == "NOUN":
            own = own_subject(sents[k], head, event.root, actor_at)
            # "two people died in a suicide attack": the victims are no doers
            victims = _names(undergoers(head, event.root in FORCE_ROOTS, actor_at))
            if own is not None and own.name.casefold() not in _names(event.target) | victims:
                event.source = [replace(own, roles=list(own.roles), via=own.via + "+clause")]
        for fill_source in (True, False):
            if (event.source if fill_source else event.target):
                continue
            if not fill_source and event.source:
                own = _own_topic(sents[k], head, event.root, actor_at)
                if own is not None and own.name.casefold() not in _names(event.source):
                    event.target = [replace(own, roles=list(own.roles),
                                            via=own.via + "+clause")]
                    continue
            known = _names(event.target or event.source)
            for j in range(k - 1, max(-1, k - 1 - TOPIC_WINDOW), -1):
                if j not in topics:
                    topics[j] = topic(sents[j], actor_at)
                m = topics[j]
                if m is not None:
                    if m.name.casefold() not in known:
                        # a copy, marked: the mention itself stays as the text resolved it
                        side = [replace(m, roles=list(m.roles), via=m.via + "+discourse")]
                        if fill_source:
                            event.source = side
                        else:
                            event.target = side
                        break
                    if fill_source:
                        break
    return events


def _names(side: list[ActorMention]) -> set[str]:
    return {m.name.casefold() for m in side}


def _index(starts: list[int], i: int) -> int:
    return max(0, bisect_right(starts, i) - 1)
