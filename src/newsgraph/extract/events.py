"""The event coder: dependency parses to CAMEO-coded events with actors, modality and dates.

Registered as the spaCy component ``newsgraph_events`` writing ``doc._.ng_events``. Reads the
actor mentions, timexes and quotes written by the earlier components.

How a predicate is coded: the verb lemma selects its senses in the verb lexicon
(``reference/data/verbs.tsv``); the most specific sense whose constraints (preposition,
particle, object lemma) match the verb's children wins. Light verbs ("held talks with")
are matched through their object. A statement verb alone is never an event.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph import reference as ref
from newsgraph.clean import content_hash
from newsgraph.extract.quotes import SPEECH_VERBS
from newsgraph.extract.timex import event_date
from newsgraph.records import ActorMention, Event, Evidence, Modality, Quote, Timex

VERSION = "0.1.0"

_SUBJ = ("nsubj",)
_OBJ = ("dobj", "nsubjpass")
_TARGET_PREPS = ("with", "to", "against", "on", "from", "for", "into")
_CONDITIONAL_MARKS = {"if", "unless", "should"}
_HYPOTHETICAL_AUX = {"could", "might", "may", "would"}
_FUTURE_AUX = {"will", "shall", "'ll"}
_REFUSAL_VERBS = {"refuse", "decline", "reject"}
_NEGATION_WORDS = {"not", "n't", "never", "no"}


@Language.factory("newsgraph_events", default_config={})
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder()


class EventCoder:
    """Codes every predicate with a known verb sense and at least one resolved actor."""

    version = VERSION

    def __call__(self, doc: Doc) -> Doc:
        article_id = doc._.ng_article_id or ""
        actor_at: dict[int, ActorMention] = doc._.ng_actor_at or {}
        timexes: list[Timex] = doc._.ng_timexes or []
        quotes: list[Quote] = doc._.ng_quotes or []
        published = doc._.ng_published
        events: list[Event] = []
        senses = ref.verb_senses()
        for tok in doc:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in senses:
                continue
            code = _match_sense(tok, senses[tok.lemma_.lower()])
            if code is None:
                continue
            source, target = _arguments(tok, actor_at)
            if not source and not target:
                continue
            event = self._build(doc, article_id, tok, code, source, target, timexes, quotes,
                                published)
            events.append(event)
        doc._.ng_events = events
        return doc

    @staticmethod
    def _build(doc: Doc, article_id: str, verb: Token, code: str, source: list[ActorMention],
               target: list[ActorMention], timexes: list[Timex], quotes: list[Quote],
               published: str | None) -> Event:
        table = ref.cameo_codes()
        info = table.get(code) or table.get(code[:3]) or table[code[:2]]
        plover = ref.plover_for(code)
        modality, negated = _modality(verb)
        sent = verb.sent
        asserted_by, cue = None, None
        for q in quotes:
            if q.content_start <= verb.idx < q.content_end:
                asserted_by, cue = q.speaker, q.cue
                if modality == "asserted":
                    modality = "reported"
                break
        date, precision, date_text = event_date(verb, timexes, published)
        evidence = Evidence(article_id, sent.start_char, sent.end_char, asserted_by, cue)
        confidence = 0.4 + 0.2 * bool(source) + 0.2 * bool(target) + \
            0.1 * all(m.country for m in source + target)
        eid = content_hash(f"{article_id}:{verb.idx}:{code}")
        return Event(
            article_id=article_id, trigger=verb.text, trigger_start=verb.idx,
            trigger_end=verb.idx + len(verb.text), cameo=code, root=code[:2],
            goldstein=info.goldstein, quad_class=info.quad_class,
            plover_type=plover.type if plover else None,
            plover_mode=plover.mode if plover else None,
            plover_context=plover.context if plover else None,
            source=source, target=target, modality=modality, negated=negated, date=date,
            date_precision=precision, date_text=date_text, evidence=evidence,
            confidence=round(min(confidence, 1.0), 2), id=eid,
        )


def _match_sense(verb: Token, senses: list[ref.VerbSense]) -> str | None:
    """The CAMEO code of the most specific sense whose constraints hold, or None."""
    preps = {c.lower_ for c in verb.children if c.dep_ in ("prep", "agent", "dative")}
    prts = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    objs = {c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "nsubjpass")}
    xcomps = {c.lemma_.lower() for c in verb.children if c.dep_ == "xcomp"}
    have = {"prep": preps, "prt": prts, "obj": objs, "xcomp": xcomps}
    for sense in senses:
        if all(value in have.get(key, set()) for key, value in sense.constraints):
            return sense.cameo
    return None


def _arguments(verb: Token,
               actor_at: dict[int, ActorMention]) -> tuple[list[ActorMention], list[ActorMention]]:
    """Source from the subject (or passive agent), target from object or prepositional object."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    source: list[ActorMention] = []
    target: list[ActorMention] = []
    for child in verb.children:
        if child.dep_ in _SUBJ:
            source.extend(_with_conjuncts(child, actor_at))
        elif child.dep_ == "nsubjpass":
            target.extend(_with_conjuncts(child, actor_at))
        elif child.dep_ == "agent" and passive:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    source.extend(_with_conjuncts(pobj, actor_at))
        elif child.dep_ in ("dobj", "dative"):
            target.extend(_with_conjuncts(child, actor_at))
        elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS and not target:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    target.extend(_with_conjuncts(pobj, actor_at))
    # a subject shared with a coordinated verb ("X met Y and signed ...")
    if not source and verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        for child in verb.head.children:
            if child.dep_ in _SUBJ:
                source.extend(_with_conjuncts(child, actor_at))
    # object nouns of light verbs carry their own target ("talks with Japan")
    if not target:
        for child in verb.children:
            if child.dep_ == "dobj":
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in _TARGET_PREPS:
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                target.extend(_with_conjuncts(pobj, actor_at))
    return _dedupe(source), _dedupe([t for t in target if t not in source])


def _with_conjuncts(tok: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """The actor at ``tok`` plus those of its conjuncts ("France and Germany")."""
    out = []
    for t in (tok, *tok.conjuncts):
        m = actor_at.get(t.i)
        if m is not None:
            out.append(m)
    return out


def _dedupe(ms: list[ActorMention]) -> list[ActorMention]:
    seen: set[tuple[int, int]] = set()
    out = []
    for m in ms:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out


def _modality(verb: Token) -> tuple[Modality, bool]:
    """Negation, refusal, condition, hypothesis, future, or a plain assertion."""
    children = list(verb.children)
    negated = any(c.dep_ == "neg" or c.lower_ in _NEGATION_WORDS for c in children
                  if c.dep_ in ("neg", "advmod", "det"))
    auxes = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in _REFUSAL_VERBS:
        return "refused", negated
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in children) or (
            verb.dep_ == "advcl" and any(c.lower_ in _CONDITIONAL_MARKS for c in children)):
        return "conditional", negated
    for anc in verb.ancestors:
        if anc.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS
                                       for c in anc.children):
            return "conditional", negated
        if anc.pos_ == "VERB":
            break
    if negated:
        return "negated", True
    if auxes & _HYPOTHETICAL_AUX:
        return "hypothetical", False
    if auxes & _FUTURE_AUX or (verb.dep_ == "xcomp" and head.lemma_.lower() in
                               {"plan", "intend", "expect", "aim", "hope", "want"}):
        return "future", False
    if verb.dep_ == "ccomp" and head.lemma_.lower() in SPEECH_VERBS:
        return "reported", False
    return "asserted", False
