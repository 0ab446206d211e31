"""The story at a glance: pick an article's main event and answer who/what/when/where/why/how.

Registered as the spaCy component ``newsgraph_summary`` (runs last) writing
``doc._.ng_summary``. It reuses what the earlier components found (coded events and their
actors, timexes, places, named entities) and adds no model of its own, so it costs little.

News puts the story first: the headline (a short first paragraph without a final full stop)
and the first sentences of the body carry the main event. Every clause there with a subject is
a candidate; the one whose subject and object are the article's most repeated content words,
that is not a reporting verb ("said") and whose subject is a name rather than a pronoun, wins.
Its subject is *who*, the verb with its object *what*; *when* is the date phrase nearest the
event that lies near the publication date; *where* the most specific, most repeated place
tied to the event, with its describing noun phrase ("northern Afghan city of X").

spaCy's sentences may run across a paragraph break (a headline has no full stop), so the
component works on *units*: sentences cut at blank lines; no answer crosses a unit. The
headline is the whole first paragraph. Headline forms the tagger gets wrong are read by rule
(see docs/eval-5w1h.md): a toll ("Seven killed as tram derails": who is the victims),
headlinese verbs taken for nouns (checked against the article's verbs and the lemmatizer's verb
list, no second parse), verbless headlines (the headline names the event), passives with a doer.

Answers are spans of the clean text; an answer is left empty when the text gives none (a
"why" without a causal cue, a "how" without a method phrase). When no date phrase fits, *when*
is the publication date, written out, with no offsets.
"""


from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from spacy.attrs import IS_STOP, LEMMA, LENGTH, POS
from spacy.language import Language
from spacy.symbols import NOUN as _NOUN_SYM
from spacy.symbols import PROPN as _PROPN_SYM
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.summary_headline import (
    _PREDICATE_END,
    _after_colon,
    _candidate,
    _casualties,
    _headline,
    _headline_topic,
    _headline_verb,
    _victims,
    _without_chrome,
)
from newsgraph.extract.summary_spans import MAX_WHAT_TOKENS, _answer, _clip, _np, units
from newsgraph.extract.summary_when import _when
from newsgraph.extract.summary_where import _EVENT_NOUNS, _where
from newsgraph.extract.summary_why import _how, _why
from newsgraph.records import Answer, Event, Summary

VERSION = "0.3.0"

_NOUN, _PROPN = int(_NOUN_SYM), int(_PROPN_SYM)

#: the lead: how many body sentences count as the top of the story
LEAD_SENTENCES = 3

#: the headline states the main event; its clauses outrank the body's unless clearly worse
TITLE_BONUS = 4.0

#: a headline's "as ..." / "after ..." clause is the circumstance, not the news
SUBORDINATE_PENALTY = 1.5

_REPORTING = {"say", "tell", "add", "write", "note", "quote", "report", "according", "reveal",
              "explain", "comment", "continue", "speak", "show", "know", "think", "believe",
              "feel", "see", "look", "seem", "appear", "want", "get"}

_RELATIVE_PRONOUNS = {"who", "which", "that"}

_FIRST_SECOND = {"i", "you", "we", "me", "us"}

_THIRD = {"he", "she", "they", "it", "him", "her", "them", "this", "that", "there", "who",
          "which", "what", "one"}


@Language.factory("newsgraph_summary", default_config={})
def make_summariser(nlp: Language, name: str) -> Summariser:
    return Summariser(verb_lexicon(nlp))


def verb_lexicon(nlp: Language) -> frozenset[str]:
    """Base forms of English verbs from the rule lemmatizer's index (empty when absent)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(lookups.get_table("lemma_index").get("verb", []))


class Summariser:
    """Chooses the main event and extracts its 5W1H answers."""

    version = VERSION

    def __init__(self, lexicon: frozenset[str] = frozenset()) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_summary = summarise(doc, self.lexicon)
        return doc


def summarise(doc: Doc, lexicon: frozenset[str] = frozenset()) -> Summary | None:
    """The 5W1H summary of one article (None for an empty doc).

    ``lexicon``: base forms of English verbs (the lemmatizer's table), to read headlinese
    verbs the tagger took for nouns ("Trump slams 'rigged' FBI").
    """
    article_id = doc._.ng_article_id or ""
    us = units(doc)
    if not us:
        return None
    head = _headline(doc, us)
    lead: list[Span] = []
    for u in us:
        if len(lead) == LEAD_SENTENCES:
            break
        if head is None or u.start >= head.end:
            r = _without_chrome(u)
            if r is not None:
                lead.append(r)
    top = ([head] if head is not None else []) + lead
    sal = _salience(doc)
    events: list[Event] = doc._.ng_events or []
    triggers = {e.trigger_start: e for e in events}
    best: tuple[float, Token, Token, Span] | None = None
    head_clause = False
    for rank, unit in enumerate(top):
        in_title = unit is head
        for tok in unit:
            subj = _candidate(tok, unit)
            if subj is None:
                continue
            head_clause = head_clause or in_title
            score = _clause_score(tok, subj, unit, sal, in_title, rank, tok.idx in triggers)
            if best is None or score > best[0]:
                best = (score, tok, subj, unit)
    toll = _casualties(head) if head is not None else None
    if head is not None and toll is not None:
        return _guessed(doc, article_id, head, toll, top, sal, _victims(lead))
    guess = _headline_verb(head, doc, lexicon) if head is not None else None
    if head is not None and guess is not None and (
            best is None or _guess_score(head, *guess, sal) > best[0]):
        return _guessed(doc, article_id, head, guess, top, sal)
    if best is None:
        return Summary(article_id, None, None, None, None, None, None, None)
    _, verb, subj, unit = best
    subj = _after_colon(subj, verb, unit)
    main = triggers.get(verb.idx)
    agent = _agent(verb, unit)
    if subj.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl" and \
            unit.start <= verb.head.i < unit.end:
        subj = verb.head  # "the Chinese boy who fell down a well": the boy
    who = _who(doc, agent if agent is not None else subj, unit, us, main)
    if agent is None and (subj.lemma_.lower() in _EVENT_NOUNS or subj.lower_ in _EVENT_NOUNS):
        # "Seattle shooting leaves five hurt": an incident as subject; who is the people hit
        who = _victims(lead) or who
    what = _what(verb, unit, main, subj if verb.dep_ == "acl" or agent is not None else None)
    clause = {t.i for t in verb.subtree if unit.start <= t.i < unit.end}
    keys = _keys(verb.subtree, unit)
    if unit is head:  # the headline as a whole describes the event: "... with truck bomb"
        keys |= _keys(_unlabelled(head, verb.i), head)
    if head is not None and not head_clause and guess is None:
        # a headline without a verb names the event: "Afghanistan: Fatal attack on consulate"
        topic = _headline_topic(head)
        if topic is not None:
            what = _answer(doc, *topic)
            keys |= {doc[i].lemma_.lower()[:4] for i in range(*topic)
                     if doc[i].pos_ == "NOUN" and not doc[i].is_stop}
    when = _when(doc, keys, unit, top, doc._.ng_timexes or [], doc._.ng_published,
                 _names(who))
    where = _where(doc, clause, unit, top, doc._.ng_places or [], sal)
    return Summary(article_id, main.id if main else None, who, what, when, where,
                   _why(verb, unit, head, what, top), _how(verb, unit))


def _unlabelled(head: Span, event: int) -> Span:
    """The headline after a label that ends in a colon before the event's words: "Trump
    election: Clinton blames defeat on FBI director" -> "Clinton blames ...". The label names
    the running story, whose own dates ("Tuesday's election") are not the news's."""
    start = head.start
    for tok in head:
        if tok.i >= event:
            break
        if tok.text == ":":
            start = tok.i + 1
    return head.doc[start:head.end] if start < head.end else head


def _keys(toks: Iterable[Token], unit: Span) -> set[str]:
    """4-letter lemma prefixes of the verbs and nouns among ``toks`` inside ``unit``."""
    return {t.lemma_.lower()[:4] for t in toks if unit.start <= t.i < unit.end
            and t.pos_ in ("VERB", "NOUN") and not t.is_stop}


def _agent(verb: Token, unit: Span) -> Token | None:
    """The doer of a passive event: "bombed in 'revenge' attack by Taliban" -> Taliban."""
    if verb.tag_ != "VBN":
        return None
    for tok in verb.subtree:
        if tok.lower_ != "by" or tok.dep_ not in ("agent", "prep") or \
                not unit.start <= tok.i < unit.end or tok.i < verb.i:
            continue
        if tok.dep_ == "prep" and tok.head.i != verb.i and tok.head.pos_ != "NOUN":
            continue
        obj = next((c for c in tok.children if c.dep_ == "pobj"
                    and unit.start <= c.i < unit.end), None)
        if obj is None and tok.i + 1 < unit.end:  # a parse run across the paragraph break
            obj = tok.doc[tok.i + 1]
        if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in _ACTOR_ENTS):
            return obj
    return None

_ACTOR_ENTS = ("PERSON", "ORG", "NORP", "GPE")


def _guess_score(unit: Span, s: int, v: int, e: int, sal: Counter[str]) -> float:
    """As ``_clause_score`` scores a headline's main clause with a named subject."""
    d = unit.doc
    subj = [d[i] for i in range(s, v)]
    objs = [d[i] for i in range(v + 1, e)][:8]
    named = any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in subj)
    return TITLE_BONUS + 0.6 + _weight(subj, sal) + 0.5 * _weight(objs, sal) + 0.5 * named


def _guessed(doc: Doc, article_id: str, head: Span, guess: tuple[int, int, int],
             top: list[Span], sal: Counter[str], who: Answer | None = None) -> Summary:
    """The summary when the main event is a headline verb found by ``_headline_verb``
    or a death toll found by ``_casualties`` (``who``: the victims as the lead names them)."""
    s, v, e = guess
    who = who or _answer(doc, s, v)
    what = _answer(doc, v, e)
    keys = {doc[i].lemma_.lower()[:4] for i in range(v, e) if not doc[i].is_stop}
    keys |= _keys(_unlabelled(head, s), head)
    clause = set(range(s, e))
    when = _when(doc, keys, head, top, doc._.ng_timexes or [], doc._.ng_published,
                 _names(who))
    where = _where(doc, clause, head, top, doc._.ng_places or [], sal)
    why = _why(None, head, head, what, top)
    return Summary(article_id, None, who, what, when, where, why, None)


def _salience(doc: Doc) -> Counter[str]:
    """How often each content lemma (names and nouns) occurs in the article.

    Counted on the doc's attribute array (no Token objects: this is the one pass over the
    whole article), then merged by lower case."""
    if not len(doc):
        return Counter()
    arr = doc.to_array([POS, LEMMA, IS_STOP, LENGTH])
    keep = ((arr[:, 0] == _NOUN) | (arr[:, 0] == _PROPN)) & (arr[:, 2] == 0) & (arr[:, 3] > 1)
    strings = doc.vocab.strings
    out: Counter[str] = Counter()
    for lemma, n in Counter(arr[keep, 1].tolist()).items():
        out[str(strings[lemma]).lower()] += n
    return out


def _clause_score(verb: Token, subj: Token, unit: Span, sal: Counter[str], in_title: bool,
                  rank: int, coded: bool) -> float:
    """Salience of a candidate main clause; see the module docstring for the ingredients."""
    score = TITLE_BONUS * in_title - 0.4 * rank + 0.5 * coded
    if verb.lemma_.lower() in _REPORTING:
        score -= 2.5
    if verb.dep_ == "ROOT" or not (unit.start <= verb.head.i < unit.end):
        score += 0.6
    elif verb.dep_ in ("relcl", "advcl", "acl", "xcomp", "pcomp"):
        score -= 0.6
    if in_title and any(c.dep_ == "mark" and c.lower_ in _PREDICATE_END for c in verb.children):
        score -= SUBORDINATE_PENALTY  # "X thrown into chaos as Y brings out red flag"
    low = subj.lower_
    if low in _FIRST_SECOND:
        score -= 3.0
    elif low in _THIRD or subj.pos_ == "PRON":
        score -= 1.5
    sub_toks = [t for t in subj.subtree if unit.start <= t.i < unit.end]
    score += _weight(sub_toks, sal)
    objs = [t for c in verb.children if c.dep_ in ("dobj", "attr", "pobj", "prep", "dative")
            and c.i > verb.i for t in c.subtree if unit.start <= t.i < unit.end][:8]
    score += 0.5 * _weight(objs, sal)
    if any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in sub_toks):
        score += 0.5
    if any(c.dep_ == "neg" for c in verb.children):
        score -= 0.5
    return score


def _weight(toks: list[Token], sal: Counter[str]) -> float:
    best = 0
    for t in toks:
        if t.pos_ in ("PROPN", "NOUN") and not t.is_stop:
            best = max(best, sal[t.lemma_.lower()])
    return math.log1p(best)


def _who(doc: Doc, subj: Token, unit: Span, us: list[Span], main: Event | None) -> Answer | None:
    if subj.pos_ == "PRON" or subj.lower_ in _THIRD:
        ref = _antecedent(doc, subj, unit, us)
        if ref is None:
            return None
        return _answer(doc, ref.start, ref.end, None)
    start, end = _np(subj, unit)
    ans = _answer(subj.doc, start, end)
    if ans is None or main is None or ans.start is None or ans.end is None:
        return ans
    code = next((m.code for m in main.source if m.code and ans.start <= m.start < ans.end),
                None)
    return Answer(ans.text, ans.start, ans.end, code)


def _antecedent(doc: Doc, pron: Token, unit: Span, us: list[Span]) -> Span | None:
    """A pronoun's referent: the last fitting name before it, else the article's commonest."""
    person = pron.lower_ in ("he", "she", "him", "her")
    labels = ("PERSON",) if person else ("ORG", "NORP", "GPE", "PERSON")
    before = [e for e in doc.ents if e.label_ in labels and e.end <= pron.i]
    if before:
        return before[-1]
    counts = Counter(e.text for e in doc.ents if e.label_ in labels)
    if not counts:
        return None
    name = counts.most_common(1)[0][0]
    return next(e for e in doc.ents if e.text == name)


def _what(verb: Token, unit: Span, main: Event | None, noun: Token | None) -> Answer | None:
    """The verb with its auxiliaries, particles and object: "attacks German consulate".

    ``noun`` is kept in front: a headline participle's noun ("German consulate in
    Afghanistan bombed") or a passive's subject when *who* is the doer ("... by Taliban").
    """
    doc = verb.doc
    if noun is not None and verb.dep_ == "acl":
        s, _ = _np(noun, unit)
        return _answer(doc, s, verb.i + 1, main.cameo if main else None)
    idx = [verb.i] + [c.i for c in verb.children
                      if c.dep_ in ("aux", "auxpass", "neg", "prt") and c.lower_ != "to"]
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "xcomp", "acomp", "oprd", "ccomp") and child.i > verb.i:
            s, e = _np(child, unit, limit=6) if child.dep_ in ("dobj", "attr") else \
                (child.left_edge.i, child.right_edge.i + 1)
            idx.extend(range(s, e))
            break
    else:
        for child in verb.children:
            if child.dep_ in ("prep", "agent") and child.i > verb.i:
                idx.extend(t.i for t in child.subtree)
                break
    end = max(idx) + 1
    for child in verb.children:  # the aim right after the object: "... to avoid an accident"
        if child.dep_ in ("advcl", "xcomp") and child.left_edge.i == end and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in child.children):
            stop = child.right_edge.i + 1
            if stop == child.i + 1:  # object lost to a parse run across the paragraph break
                while stop < unit.end and not doc[stop].is_punct and \
                        doc[stop].lower_ not in _PREDICATE_END:
                    stop += 1
            idx.extend(range(end, stop))
            break
    if noun is not None:  # passive with its doer as *who*: the patient belongs to *what*
        s, e = _np(noun, unit)
        if e <= verb.i:
            idx.extend(range(s, e))
    start, end = _clip(min(idx), max(idx) + 1, unit)
    end = min(end, max(start, verb.i) + MAX_WHAT_TOKENS)
    return _answer(doc, start, end, main.cameo if main else None)


def _names(who: Answer | None) -> set[str]:
    """Lower-case capitalised words of the *who* answer: "Hillary Clinton" -> hillary, clinton."""
    if who is None:
        return set()
    return {w.lower() for w in re.findall(r"[A-Z][\w'-]+", who.text) if len(w) > 2}
