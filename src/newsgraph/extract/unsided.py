"""Event nouns reported with no actor on either side.

News names many acts by their noun alone, before or without saying who did them:
"Demonstrations drew thousands of people", "The shooting unfolded shortly before 7 pm",
"Investigation ongoing", "speaking after the 90-minute meeting". An event dataset codes
such a mention (PLOVER with source and target unknown, ``- -> -``): the act happened and
the sentence reports it; who took part may be known from elsewhere in the article. The
coder otherwise drops an event with no actor, so these were lost.

A reported passive of force with no agent and no victim the actor resolver knows ("one
person was shot", "I was injured") is kept the same way: it reports an act of force whoever
did it.

Only acts that are events whatever their sides are kept this way: meetings and talks
(CAMEO 04), investigations (09, their verbs too when the subject is a pronoun or the
passive's patient: "we reviewed the emails", "the emails would be investigated", and so
verbs of disapproval, 11: "what is being criticized as ...", and their nouns: "criticism
mounted"), protests
(14) and force (18-20). A demand, a promise or a
sanction with nobody on either side says too little to code.

A noun is kept only where it reports the act rather than points at it:

* a modifier of another noun names a kind of thing, not an act ("fire engines", "protest
  signs", "attack helicopters");
* the object of a relation ("related to the protest", "connected to the shooting", "in
  connection with the bombing", "the scene of the shooting", "responsibility for the
  attack") refers back to an act the text has reported: the clause says something else about
  it;
* a few nouns have a bare sense that is not the act: "fire" alone is a blaze ("caught fire";
  gunfire is opened, exchanged or come under, which the light verbs code with their actors),
  "rally" is a campaign rally as often as a protest (a protest rally says whom it is against
  or who holds it, and then has a side), and a singular "talk" is speculation ("talk of a
  rout"), unlike "talks";
* a noun of force with no side cannot show by its frame that the force is physical ("his
  attacks on Clinton" are words), so it is kept only in an article that reports physical
  harm somewhere (killed, wounded, a bomb, gunfire): one sense per discourse;
* the subject of a verb coded with an act of the same kind is that act ("a roadside bombing
  killed one soldier": one attack, coded on the verb with its victims);
* the subject of a relation ("the shooting was related to the protests", "not believed to be
  connected") is a reference too.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

#: CAMEO roots whose nouns may stand with no side at all
UNSIDED_ROOTS = frozenset({"04", "09", "11", "14", "18", "19", "20"})
_FORCE_ROOTS = frozenset({"18", "19", "20"})
#: CAMEO roots whose verbs may stand with no side at all: investigation, and disapproval
#: reported in the passive ("the policy is being criticized", "the move was condemned")
_VERB_ROOTS = frozenset({"09", "11"})
#: dependency labels of a noun that modifies another noun
_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod"})
#: heads that relate something to an act the text has already reported
_RELATIONS = frozenset({"relate", "related", "unrelated", "connect", "connected", "link",
                        "linked", "tie", "tied", "connection", "relation", "scene",
                        "responsibility", "blame", "credit"})
#: nouns whose bare sense is not an act: they need an actor to be one
_SIDED_SENSE = frozenset({"fire", "rally"})
#: words of physical harm: an article with one of them reports violence
_HARM = frozenset({"kill", "wound", "injure", "dead", "death", "casualty", "bomb", "bomber",
                   "bombing", "explosive", "explosion", "blast", "gunman", "gunfire",
                   "gunshot", "shoot", "shooting", "airstrike", "shell", "shelling"})


def _relation_object(noun: Token) -> bool:
    """Whether the noun is the object of a relation ("related to the protest", "in connection
    with the bombing", "the scene of the shooting")."""
    if noun.dep_ != "pobj":
        return False
    prep = noun.head
    head = prep.head
    return prep.i != head.i and (head.lemma_.lower() in _RELATIONS
                                 or head.lower_ in _RELATIONS)


def _relation_subject(noun: Token) -> bool:
    """Whether the noun is the subject of a relation ("the shooting was related to ...")."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = noun.head
    if head.lemma_.lower() in _RELATIONS or head.lower_ in _RELATIONS:
        return True
    # "not believed to be connected": the relation is the head's complement
    return any(c.dep_ in ("xcomp", "acomp", "ccomp") and (
        c.lemma_.lower() in _RELATIONS or c.lower_ in _RELATIONS) for c in head.children)


def reports_harm(doc_tokens: Iterable[Token]) -> bool:
    """Whether a text reports physical harm (a word of killing, wounding, bombs or guns)."""
    return any(t.lemma_.lower() in _HARM or t.lower_ in _HARM for t in doc_tokens)


def _doc_reports_harm(doc: Doc) -> bool:
    """``reports_harm`` of a whole doc, read once per doc (``doc.user_data``): the test runs
    for every force noun of an article, and a walk over all its tokens each time is a
    quadratic cost on long articles."""
    key = "newsgraph_reports_harm"
    if key not in doc.user_data:
        doc.user_data[key] = reports_harm(doc)
    return bool(doc.user_data[key])


def _family(code: str) -> str:
    root = code[:2]
    return "force" if root in _FORCE_ROOTS else root


def may_stand_unsided(noun: Token, code: str,
                      coded: Iterable[tuple[Token, str]] = ()) -> bool:
    """Whether an event noun (or a passive verb of force) with no actor on either side is
    still an event mention.
    ``coded`` are the (head, code) pairs of the sentence's events."""
    if noun.pos_ in ("VERB", "AUX"):
        # an investigation is one whoever does it ("the emails would be investigated", "we
        # reviewed the communications", "pledging a full investigation"), as its noun is
        if code[:2] in _VERB_ROOTS:
            # ... when the clause has a subject that is only a pronoun or a passive's patient;
            # a subject the actor resolver did not know names who does it, and it is no actor
            # ("scientists examined the samples"), and a verb with no subject at all takes
            # its agent from another clause
            subj = [c for c in noun.children if c.dep_ in ("nsubj", "nsubjpass")]
            # (a relative pronoun stands for its noun: "a movement that blames ...")
            return bool(subj) and all(c.dep_ == "nsubjpass" or (
                c.pos_ == "PRON" and c.tag_ not in ("WDT", "WP")) for c in subj)
        # a reported passive of force ("one person was shot")
        return code[:2] in _FORCE_ROOTS and any(c.dep_ == "auxpass" for c in noun.children)
    if noun.pos_ != "NOUN" or code[:2] not in UNSIDED_ROOTS:
        return False
    if noun.dep_ in _MODIFIER_DEPS:
        return False
    lemma = noun.lemma_.lower()
    if lemma in _SIDED_SENSE or (lemma == "talk" and noun.tag_ != "NNS"):
        return False
    if _relation_object(noun) or _relation_subject(noun):
        return False
    if noun.dep_ in ("nsubj", "nsubjpass") and any(
            head.i == noun.head.i and _family(other) == _family(code) for head, other in coded):
        return False
    return code[:2] not in _FORCE_ROOTS or _doc_reports_harm(noun.doc)
