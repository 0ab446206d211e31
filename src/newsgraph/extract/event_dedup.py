"""One act coded twice in a sentence: merge the copies into one event.

The coder reads several predicates of one sentence, and two of them can name the same act:
the same trigger word reached twice, a verb repeated in a coordination with the same actors
("Gondor fired rockets and fired mortars"), or a verb and its own dependent (the noun object
of a light verb, an ``xcomp``: "launched an attack", "began attacking"). A store counting
events would count that act twice, and the real-news scoring matches one prediction per gold
entry, so the second copy is a false positive.

Two events of one sentence are one act when they have the same PLOVER type, their trigger
heads are linked (the same token; the same lemma with one head an ancestor of the other and
the lower one without a subject of its own; or one head a direct object / open complement /
attribute of the other), they agree on
negation, and their sides do not conflict. Sides conflict when both events fill a side with
actors that share nobody, or when one event's source is the other's target (a reverse event,
each of two parties acting on the other): two different attacks in a sentence stay two.
The copy kept is the better-sided one (more sides filled), then the more confident one; it
keeps its own evidence and arguments.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.extract.confidence import head_of
from newsgraph.records import ActorMention, Event

#: dependents that carry their head's own act (a light verb's noun, an open complement)
_SAME_ACT_DEPS = frozenset({"dobj", "xcomp", "attr", "oprd"})


def _actors(side: list[ActorMention]) -> set[str]:
    """The parties of a side by canonical name (two mentions of one actor are one party)."""
    return {m.name.casefold() for m in side}


def sides_conflict(a: Event, b: Event) -> bool:
    """Whether two events have different parties (so they are two acts, not one)."""
    sa, ta, sb, tb = (_actors(x) for x in (a.source, a.target, b.source, b.target))
    if sa and sb and not sa & sb or ta and tb and not ta & tb:
        return True
    return bool(sa & tb or sb & ta)


#: a clause's own subject: a conjunct that has one is a new clause, so a new act
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def _repeated_in_clause(a: Token, b: Token) -> bool:
    """Whether one head dominates the other and the lower one has no subject of its own
    ("fired rockets and fired mortars", one act; "the police arrested X and the army
    arrested Y", two clauses)."""
    if b in a.ancestors:
        a, b = b, a
    if a not in b.ancestors:
        return False
    return not any(c.dep_ in _SUBJECTS for c in b.children)  # b: the lower head


def linked(a: Token, b: Token) -> bool:
    """Whether two trigger heads can name one act (see the module docstring)."""
    if a.i == b.i:
        return True
    if a.lemma_.lower() == b.lemma_.lower() and _repeated_in_clause(a, b):
        return True
    return (b.head.i == a.i and b.dep_ in _SAME_ACT_DEPS
            or a.head.i == b.i and a.dep_ in _SAME_ACT_DEPS)


def _rank(event: Event) -> tuple[int, float]:
    return (bool(event.source) + bool(event.target), event.confidence)


def merge_same_acts(doc: Doc, events: list[Event]) -> list[Event]:
    """The events of one sentence with each act kept once, in their original order."""
    if len(events) < 2:
        return events
    heads = [head_of(doc, e) for e in events]
    dropped: set[int] = set()
    for i, a in enumerate(events):
        if i in dropped:
            continue
        for j in range(i + 1, len(events)):
            b = events[j]
            ha, hb = heads[i], heads[j]
            if j in dropped or ha is None or hb is None or a.plover_type is None:
                continue
            if a.plover_type != b.plover_type or a.negated != b.negated:
                continue
            if not linked(ha, hb) or sides_conflict(a, b):
                continue
            if _rank(b) > _rank(a):
                dropped.add(i)
                break
            dropped.add(j)
    return [e for k, e in enumerate(events) if k not in dropped]
