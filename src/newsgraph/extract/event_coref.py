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
earlier event exists, but for a meeting (below; a source still missing afterwards may come
from the discourse topic, see ``discourse_sides``).

A mutual act's copied sides put first the party its telling is from: the subject of the
verb over the noun, of its sentence, or of the sentences before ("Merkel met Macron ... Macron
called the meeting useful": Macron with Merkel). A meeting noun marked as known with no act
of its kind before it (a report's first line: "The meeting in the capital was the first of
several ...") takes the sides of the first act after it of the same CAMEO code (a meeting,
not a visit) that names both.

The noun keeps its own trigger, evidence, date and confidence (the type was read off the
noun; the sides come from the antecedent: copies of its mentions, with their own offsets and
``+coref`` added to their ``via``, which the store keeps and the event resolver does not key
clusters on).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from newsgraph.extract.arguments import actor_near
from newsgraph.extract.confidence import head_of
from newsgraph.extract.discourse_sides import TOPIC_WINDOW, own_subject, topic
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


#: how an event noun sits in the clause of whoever tells or judges it ("Macron called the
#: meeting useful", "Merkel spoke after the meeting")
_CLAUSE_DEPS = frozenset({"dobj", "attr", "oprd", "pobj"})


def _teller(noun: Token) -> Token | None:
    """The subject of the verb whose object or adjunct the noun is ("Macron called the
    meeting useful", "Merkel spoke after the meeting")."""
    if noun.dep_ not in _CLAUSE_DEPS:
        return None
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _orient(event: Event, noun: Token) -> None:
    """A mutual act's copied sides with the party its telling names first as the source:
    what one says or does about a meeting the two held is told from that one's side ("Merkel
    met Macron ... Macron called the meeting useful", "Merkel spoke after the meeting"):
    the subject of the verb over the noun, else of its sentence's main clause, else the
    party the sentences before are about (their topic). Only that party moves; the sides
    stay as copied when none of these names one."""
    actor_at: dict[int, ActorMention] = noun.doc._.ng_actor_at or {}
    subj = _teller(noun)
    m = actor_near(subj, actor_at) if subj is not None else None
    if m is None:
        m = _scene_party(noun, event, actor_at)
    if m is None:
        return
    name = m.name.casefold()
    if name in _names(event.target) and name not in _names(event.source):
        mine = [t for t in event.target if t.name.casefold() == name]
        event.source, event.target = mine, event.source + [
            t for t in event.target if t.name.casefold() != name]


def _scene_party(noun: Token, event: Event, actor_at: dict[int, ActorMention]
                 ) -> ActorMention | None:
    """The party of a copied mutual act that the noun's sentence (its main clause's subject)
    or, failing that, the sentences before (their topic) are about."""
    parties = _names(event.source) | _names(event.target)
    sents = list(noun.doc.sents)
    k = next((j for j, sent in enumerate(sents) if sent.start <= noun.i < sent.end), 0)
    own = own_subject(sents[k], noun, event.root, actor_at)
    if own is not None and own.name.casefold() in parties:
        return own
    for j in range(k - 1, max(-1, k - 1 - TOPIC_WINDOW), -1):
        m = topic(sents[j], actor_at)
        if m is not None:
            return m if m.name.casefold() in parties else None
    return None


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
                    if event.root in _MUTUAL_ROOTS:
                        _orient(event, head)
        elif not (event.source and event.target):
            head = head_of(doc, event)
            if head is not None and refers_back(head):
                _complete(event, lemma, told)
            if not (event.source and event.target) and event.root in _MUTUAL_ROOTS:
                _partner(event, told)
        if event.source or event.target:
            told.append((event, lemma))
    _story_meetings(doc, [events[i] for i in order])
    return events


#: meetings and talks, which a story names by their noun before it names who met
_MEETING_ROOT = "04"


def _story_meetings(doc: Doc, events: list[Event]) -> None:
    """Give a meeting noun marked as known but with no side and no act of its kind before it
    ("The meeting in the capital was the first of several ..." opening a report, "during their
    meeting" with an unresolved "their") the sides of the article's first act of its CAMEO
    code with both sides after it (the nearest before, should one have both): a story about
    a meeting refers to it as known from its first line and names who met further on. An
    act of another code is another act ("the most recent visit took place ... when the
    minister meets ..."), and an indefinite noun ("a meeting") may be one too: they stay
    sideless."""
    sided = [e for e in events if e.root == _MEETING_ROOT and e.source and e.target]
    if not sided:
        return
    for event in events:
        if event.root != _MEETING_ROOT or event.source or event.target:
            continue
        head = head_of(doc, event)
        if head is None or not refers_back(head):
            continue
        # told before its parties are, the act must be named the same (a meeting, not a
        # visit: "the most recent visit took place ... when its minister meets ...")
        same = [e for e in sided if e.cameo[:3] == event.cameo[:3]]
        before = [e for e in same if e.trigger_start < event.trigger_start]
        after = [e for e in same if e.trigger_start > event.trigger_start]
        if not (before or after):
            continue
        pick = before[-1] if before else after[0]
        event.source = _copies(pick.source)
        event.target = _copies(pick.target)
        _orient(event, head)
