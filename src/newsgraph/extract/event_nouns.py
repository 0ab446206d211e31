"""Arguments of an event noun standing alone ("their meeting", "protests against Trump",
"clashes between protesters and police", "a request from Democrats").

A noun names an act without a clause around it, so its sides are read off the noun phrase:

* a possessor or modifier is the source ("the Taliban attack", "Trump's meeting"), unless it
  is marked as what the act is against ("anti-Trump protests");
* for a noun with no such source, the agent of a by-phrase acts ("an attack by rebels"), and
  so does the giver of a from-phrase for a verbal act ("a request from Democrats", "praise
  from Putin"); a from-phrase of any other act is where it leaves ("withdrawal from Iraq");
* "between A and B": the first named is the source, the others the targets;
* the noun's prepositional phrases are the targets; when the noun is the subject of a verb
  with no event of its own ("protests are continuing against X", "clashes broke out
  between A and B"), that verb's phrases belong to the noun's act too.

Only acts that can stand with one side known (meetings, investigations, protests, force, and
arrests, expulsions and crackdowns on persons) are kept with one side; the others need an
actor on each side.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.arguments import actors, dedupe, noun_targets
from newsgraph.records import ActorMention

#: CAMEO roots of event nouns that name an act with one side known ("protests against Trump",
#: "the Taliban attack", "an FBI probe", "their meeting", and disapproval: "the repeated
#: denunciation of Israel", "Trump's accusations", "a lawsuit against Ohio"); others need an
#: actor on each side
SELF_STANDING_ROOTS = frozenset({"04", "09", "11", "14", "18", "19"})
#: coercion of persons (CAMEO 173 arrest, 174 expel, 175 repress) names its act with one
#: side known too ("the arrest of the opposition leader"); a ban or a curfew is often only
#: what someone asks for or fears ("called for a ban on ..."), and needs both sides
_PERSON_COERCION = frozenset({"173", "174", "175"})
#: roots of verbal acts, whose from-phrase is the speaker ("praise from Putin")
_VERBAL_ROOTS = frozenset({"01", "02", "03", "05", "10", "11", "12", "13"})
#: prepositions of a carrier verb's phrase that may name a side of its subject's act
_CARRIER_PREPS = ("against", "with", "between", "on", "toward", "towards")


def _phrase_actors(tok: Token, preps: tuple[str, ...], actor_at: dict[int, ActorMention]
                   ) -> list[ActorMention]:
    return [m for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj" for m in actors(p, actor_at)]


def _carrier(noun: Token) -> Token | None:
    """The verb a noun is the subject of when that verb only carries it ("protests erupted",
    "talks took place"): the caller checks the verb has no event of its own."""
    if noun.dep_ == "nsubj" and noun.head.pos_ in ("VERB", "AUX") and noun.head.i != noun.i:
        return noun.head
    return None


#: prepositions that place a clause's subject in a meeting ("during a call with donors,
#: Clinton said", "after the meeting Trump tweeted")
_SCENE_PREPS = ("during", "in", "at", "after", "before", "following", "since")


def _participant(noun: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """The subject of the clause a meeting noun sets the scene of: whoever speaks during or
    after a meeting took part in it."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in _SCENE_PREPS or prep.head.pos_ not in (
            "VERB", "AUX"):
        return []
    verb = prep.head
    return [m for c in verb.children if c.dep_ == "nsubj" for m in actors(c, actor_at)][:1]


#: roots of force, whose toll names its victims ("an attack that killed five soldiers")
FORCE_ROOTS = frozenset({"18", "19", "20"})
#: verbs of an act of force's toll: their object is whom the act hit
_TOLL_VERBS = frozenset({"leave", "kill", "wound", "injure", "hit", "maim"})
_RELATIVES = frozenset({"that", "which", "who"})


def _casualties(noun: Token, actor_at: dict[int, ActorMention],
                coded_heads: frozenset[int]) -> list[ActorMention]:
    """The victims an act of force's toll names: the object of a toll verb the noun is the
    subject of ("an assault left two soldiers dead") or that a relative clause on the noun
    has ("air strikes that left 32 civilians dead"). A toll verb coded as an event of its
    own ("a bombing killed a soldier") is that one act: the noun gets nothing."""
    verbs = [noun.head] if noun.dep_ == "nsubj" and noun.head.i != noun.i else []
    verbs += [c for c in noun.children if c.dep_ == "relcl" and any(
        s.dep_ == "nsubj" and s.lower_ in _RELATIVES for s in c.children)]
    return [m for v in verbs if v.lemma_.lower() in _TOLL_VERBS and v.i not in coded_heads
            for c in v.children if c.dep_ == "dobj" for m in actors(c, actor_at)]


#: how an act's noun sits in the clause of whoever describes it ("said the attack had
#: left ...", "called it a revenge attack", "claimed the bombing")
CLAIMED_DEPS = frozenset({"nsubj", "nsubjpass", "attr", "dobj", "oprd"})
#: verbs whose subject names or claims the act its object is ("called it a revenge attack")
CLAIM_VERBS = frozenset({"call", "claim", "describe", "term", "hail"})
#: roles of armed non-state groups, which claim their attacks
_ARMED_GROUPS = frozenset({"INS", "REB"})


def armed_claimants(speakers: list[ActorMention]) -> list[ActorMention]:
    """Of the speakers describing an act of force with no agent of its own, the armed
    non-state groups (or their spokesmen): an insurgency calling an attack a "revenge
    attack" or a "martyrdom operation" claims it, and event coders code it as the attacker.
    An official, police or a ministry reporting an attack is only its reporter."""
    return [m for m in speakers if m.roles and m.roles[0] in _ARMED_GROUPS][:1]


#: roles of those who investigate: an inquiry named after one of them is theirs
_INVESTIGATORS = frozenset({"COP", "JUD", "SPY", "LEG"})


def _investigated(m: ActorMention, root: str) -> bool:
    """"The Clinton probe", "the Weiner investigation": an inquiry named after a person
    who is no investigator is into that person."""
    return root == "09" and m.kind == "person" and not _INVESTIGATORS & set(m.roles)


def noun_arguments(head: Token, code: str, actor_at: dict[int, ActorMention],
                   coded_heads: frozenset[int]) -> tuple[list[ActorMention], list[ActorMention]]:
    """``(source, target)`` of an event noun standing alone; both empty when the phrase does
    not give the sides the act needs. ``coded_heads`` are the tokens of the sentence's other
    events (a verb among them is no mere carrier)."""
    root = code[:2]
    # "his meeting": a possessive pronoun resolved by the actor annotator
    possessors: dict[int, ActorMention] = head.doc._.ng_possessor_at or {}
    source: list[ActorMention] = []
    against: list[ActorMention] = []
    for c in head.lefts:
        if c.dep_ not in ("poss", "compound", "amod"):
            continue
        # "anti-Trump protests": the modifier is what the act is against
        anti = any(t.lower_ in ("anti", "anti-") for t in c.subtree)
        for t in c.subtree:
            m = actor_at.get(t.i) or possessors.get(t.i)
            if m is not None:
                (against if anti or _investigated(m, root) else source).append(m)
    source = source[:1]
    if not source:
        source = _phrase_actors(head, ("by",), actor_at)[:1]
    if not source and root in _VERBAL_ROOTS:
        source = _phrase_actors(head, ("from",), actor_at)[:1]
    between = _phrase_actors(head, ("between",), actor_at)
    carrier = _carrier(head)
    if carrier is not None and carrier.i not in coded_heads:
        between = between or _phrase_actors(carrier, ("between",), actor_at)
        against += _phrase_actors(carrier, _CARRIER_PREPS, actor_at) or [
            m for c in carrier.children if c.dep_ == "prep" and c.lower_ in _CARRIER_PREPS
            for p in c.children if p.dep_ == "pobj" for m in noun_targets(p, actor_at)]
    if not source and len(between) > 1:
        source = between[:1]
    if not source and root == "04":
        source = _participant(head, actor_at)
    aims = against + noun_targets(head, actor_at, with_places=bool(source))
    if not aims and root in FORCE_ROOTS:
        aims = _casualties(head, actor_at, coded_heads)
    if not (source and aims) and not ((source or aims) and (
            root in SELF_STANDING_ROOTS or code[:3] in _PERSON_COERCION)):
        return [], []
    source = dedupe(source)
    return source, dedupe([t for t in aims if t not in source])
