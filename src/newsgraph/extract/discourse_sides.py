"""A side left empty by its sentence, filled from the discourse around it.

News continues a topic from sentence to sentence: "Mr Comey wrote to Congress on Sunday. A
fresh review found nothing new." An act whose sentence names no doer is, for a reader and
an event coder, most often done by the actor the text is about: the subject of the main
clause of the sentence before (or the one before that).

- An event with no source takes the discourse topic, unless that is its target.
- An event with a source (its own or so filled) and no target takes the nearest earlier
  topic that is not its source (a reaction, a meeting, an attack told after the sentence
  about whom it concerns: "Taliban insurgents attacked the consulate. Ghani condemned the
  attack.").

Groups are topics (insurgents, police); places named as actors are not. A side filled so is
a copy of the mention with ``+discourse`` added to its ``via``, so a reader can tell it from
one the event's own phrase gave. (The event resolver keys clusters on the actors named in an
event's own sentence only: a side from the context says who the article is about, not which
act it is.)
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Span

from newsgraph.extract.arguments import actor_near
from newsgraph.extract.confidence import head_of
from newsgraph.records import ActorMention, Event

#: how many sentences back the topic may be
TOPIC_WINDOW = 2
#: how a mention of a place is resolved (a city named as an actor is no topic); a role
#: placed by it ("police in Paris": ``capital+role``) is
_PLACE_VIAS = frozenset({"city", "capital", "region"})


def _place(m: ActorMention) -> bool:
    parts = m.via.split("+")
    return parts[0] in _PLACE_VIAS and "role" not in parts


def _topic(sent: Span, actor_at: dict[int, ActorMention]) -> ActorMention | None:
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
        for fill_source in (True, False):
            if (event.source if fill_source else event.target):
                continue
            known = _names(event.target or event.source)
            for j in range(k - 1, max(-1, k - 1 - TOPIC_WINDOW), -1):
                if j not in topics:
                    topics[j] = _topic(sents[j], actor_at)
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
