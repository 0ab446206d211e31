"""The event coder: dependency parses to CAMEO-coded events with actors, modality and dates.

The coder is split by concern: this module selects senses and codes sentences; argument
finding is in ``arguments``, modality and the complement families in ``modality``, argument
frames that rule senses in or out once the actors are known in ``frames``, speech acts by
content in ``speech`` and the calibrated confidence in ``confidence``.

Registered as the spaCy component ``newsgraph_events`` writing ``doc._.ng_events``. Reads the
actor mentions, timexes and quotes written by the earlier components.

How a predicate is coded:

* The verb lemma selects its senses in the event lexicon (``reference/data/verbs.tsv``); the
  most specific sense whose constraints (preposition, particle, object lemma, complement,
  prepositional object, passive) all hold wins. A sense coded ``-`` is a known non-event
  ("dismissed him from his post").
* Light verbs ("held talks with", "imposed sanctions on", "launched an investigation") take
  the code of their event-noun object; an event noun with an actor on each side stands alone
  ("Palestinian riots against Israeli policies").
* Complement-taking verbs make ONE event with their complement: "refused to meet" is a
  rejection (12x) with modality ``refused``; "agreed/promised/offered to X" an intent to
  cooperate (03x); "threatened to X" a threat (13x); "demanded that Y do X" a demand aimed at
  Y; "plans to X" is X with modality ``future``.
* Following the CAMEO convention, a cooperative act announced with will/would is an intent
  (03x) and a conflictual one a threat (13x); "will not X" for a cooperative X is a refusal.
  "Y must X" inside reported speech is a demand of the speaker on Y.
* A statement verb alone is never an event: only its codable content is.
* A collective name of a user dictionary ("the Benelux", coded as several members) and a
  role placed in several countries ("ambassadors of France and Spain") act as each member
  (the resolver's ``+member`` mentions over the same words).
* A joint act of conjoined actors ("Australia and Japan signed a pact") is one event with
  both sources. A user dictionary's paired code ``AAA:BBB`` marks a mutual act: it adds the
  reverse event (a visit ``032`` and its hosting ``033``), and conjoined sources with no
  target act on each other (one event per direction).
* The agent of an object act is the target ("condemned an attack by X in Y": X, not the
  place Y); a visit's place is its host.
* CAMEO appeals (02) have no PLOVER row; PLOVER 2.0 files all requests under REQUEST, so the
  coder gives 02x events the REQUEST type (the CAMEO code stays 02x).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy import symbols as sym
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph import reference as ref
from newsgraph.clean import content_hash
from newsgraph.config import Config
from newsgraph.doc_cache import doc_text, token_arrays
from newsgraph.extract import frames, speech
from newsgraph.extract.arguments import (
    MOVING_FORCES,
    actor_near,
    actors,
    dedupe,
    moved_forces,
    noun_targets,
    object_actors,
    subject_actors,
    undergoers,
    willingness_of,
)
from newsgraph.extract.confidence import calibrated, head_of
from newsgraph.extract.discourse_sides import fill_from_discourse
from newsgraph.extract.event_coref import resolve_references
from newsgraph.extract.event_dedup import merge_same_acts
from newsgraph.extract.event_nouns import (
    CLAIM_VERBS,
    CLAIMED_DEPS,
    FORCE_ROOTS,
    armed_claimants,
    noun_arguments,
)
from newsgraph.extract.modality import (
    CONDITIONAL_MARKS,
    FUTURE_AUX,
    FUTURE_HEADS,
    HYPOTHETICAL_AUX,
    INTENT_MAP,
    OBLIGATION_AUX,
    REFUSAL,
    REJECT_MAP,
    REJECT_SPECIFIC,
    REQUEST_MAP,
    THREAT_MAP,
    THREAT_SPECIFIC,
    family,
    modality_of,
    recode_intent,
    root_of,
)
from newsgraph.extract.quotes import SPEECH_VERBS
from newsgraph.extract.timex import event_date
from newsgraph.extract.unsided import may_stand_unsided
from newsgraph.records import ActorMention, Event, Evidence, Modality, Quote, Timex

VERSION = "0.2.0"

_WORD = re.compile(r"[\w'&-]+")
#: verbs that demand with a subjunctive or modal complement but only state with an indicative
#: one ("insisted that Russia withdraw" vs "insisted the unrest reflected old tensions")
_DEMAND_OR_CLAIM = {"insist"}
_INTENT = {"agree", "promise", "pledge", "offer", "vow", "commit", "swear", "undertake",
           "volunteer"}
_INTENT_ADJ = {"willing", "ready", "prepared", "committed", "eager"}
_THREAT = {"threaten"}
_SPEAK = {"comment", "elaborate", "speak", "say", "discuss", "confirm", "respond", "answer"}
#: intent verbs that are only an intent to cooperate when what is promised is an act
_PROMISE = {"pledge", "promise", "vow", "swear"}
_ATTEMPT_HEADS = {"try", "attempt", "decide", "continue", "begin", "start", "move", "resume",
                  "vote", "help", "manage"}
_DEMAND_HEADS = {"demand", "urge", "ask", "call", "order", "insist", "appeal", "press", "tell",
                 "request", "implore", "beg", "require"}
_SOURCING = {"according"}
#: verbs that allege only when what they claim is about someone ("claimed Russia had lied")
_ALLEGING = {"claim"}
_APPEAL_MODES = {"021": "assist", "022": "assist", "023": "assist", "024": "change",
                 "025": "yield", "026": "meet", "027": "meet", "028": "meet"}


@Language.factory("newsgraph_events", default_config={})
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder()


@dataclass(slots=True)
class _Coded:
    """A predicate coded before its actors, modality and attribution are attached."""

    head: Token  # the token whose clause the event lives in (verb, or noun standing alone)
    trigger: Span
    code: str
    source_tok: Token  # where the source arguments are read
    target_tok: Token  # where the target arguments are read
    modality: Modality | None = None  # forced by a complement construction
    extra_targets: tuple[Token, ...] = ()
    aims: list[Token] | None = None  # purpose clauses folded in: targets of last resort
    # a content clause with no event of its own ("believes Gondor can cope"): its subject,
    # else its object, is the target of last resort
    content: Token | None = None
    needs_target: bool = False  # a judgement of someone: no event without that someone
    experiencer: bool = False  # an attitude: the (passive) subject holds it, the by-phrase not
    # a judgement in a direct quote with no statement verb of its own: the quote's speaker
    quoted_by: ActorMention | None = None


class EventCoder:
    """Codes every predicate with a known sense and at least one resolved actor."""

    version = VERSION

    def __init__(self) -> None:
        self.user_verbs: ref.UserVerbs | None = None

    def use_verbs(self, user: ref.UserVerbs | None) -> ref.UserVerbs | None:
        """Lay a user verb dictionary over the lexicon (None: the shipped one alone); returns
        the one it replaces, so a caller can restore it."""
        before, self.user_verbs = self.user_verbs, user
        return before

    def __call__(self, doc: Doc) -> Doc:
        token = ref.USER_VERBS.set(self.user_verbs)
        try:
            doc._.ng_events = self._code(doc)
        finally:
            ref.USER_VERBS.reset(token)
        return doc

    def _code(self, doc: Doc) -> list[Event]:
        article_id = doc._.ng_article_id or ""
        actor_at: dict[int, ActorMention] = doc._.ng_actor_at or {}
        timexes: list[Timex] = doc._.ng_timexes or []
        quotes: list[Quote] = doc._.ng_quotes or []
        events: list[Event] = []
        user = self.user_verbs
        if user is not None and _mentions(doc_text(doc), user.story_discards):
            return events
        # further members of a collective name ("the Benelux"): actors of their own
        members: dict[tuple[int, int], list[ActorMention]] = {}
        for m in doc._.ng_actors or []:
            if m.via.endswith("+member"):
                members.setdefault((m.start, m.end), []).append(m)
        for sent in doc.sents:
            if user is not None and _mentions(sent.text, user.discards):
                continue
            sentence = code_sentence(sent)
            heads = frozenset(c.head.i for c in sentence if c.head.pos_ != "NOUN")
            in_sentence: list[Event] = []
            for coded in sentence:
                source, target = _arguments(coded, actor_at, heads)
                if members:
                    source = [x for m in source for x in [m, *members.get((m.start, m.end), [])]]
                    target = [x for m in target for x in [m, *members.get((m.start, m.end), [])]]
                    if not target and coded.code[:2] in _MUTUAL_ROOTS and len(source) > 1 and \
                            source[1].via == "pronoun+member":
                        source, target = source[:1], source[1:]  # "they talked": each other
                if coded.needs_target:
                    # a judgement or allegation about the speaker himself judges no one else
                    own = {m.name.casefold() for m in source}
                    target = [m for m in target if m.name.casefold() not in own]
                    if not target:
                        continue
                if not source and not target and not may_stand_unsided(
                        coded.head, coded.code, [(c.head, c.code) for c in sentence]):
                    continue
                # one event per dyad: a coordinated side is one side per party
                aims = _each(doc, target, source)
                # parties who do together what two do with each other ("Obama and Trump met
                # at the White House") stay one joint act
                doers = _each(doc, source, target) if target and \
                    coded.code[:2] not in _MUTUAL_ROOTS else [source]
                if _cameo_rules():
                    framed = frames.constrain(coded.code, coded.head, source, target, actor_at)
                    if framed is None:
                        continue
                    if len(aims) > 1:  # each party's own frame ("a call with reporters")
                        aims = [a for a in aims if frames.constrain(
                            coded.code, coded.head, source, a, actor_at) is not None]
                    if len(doers) > 1:
                        doers = [d for d in doers if frames.constrain(
                            coded.code, coded.head, d, target, actor_at) is not None]
                    coded.code = framed
                directed = [(one, aim, code) for src, tgt, code in
                            _directions(coded.code, source, target)
                            for one in (doers if src is source and tgt is target else [src])
                            for aim in (aims if tgt is target and src is source else [tgt])]
                for part, (src, tgt, code) in enumerate(directed):
                    in_sentence.append(_build(doc, article_id, coded, src, tgt, timexes,
                                              quotes, actor_at, code, part))
            events.extend(merge_same_acts(doc, in_sentence))
        events = fill_from_discourse(doc, resolve_references(doc, events))
        # the confidence again, now the later passes have filled sides from other sentences:
        # the calibration is fitted on these final events' features, and an event scored on
        # its sides before the filling is scored off the model (the first score ranks the
        # sentence's duplicates above, nothing else)
        for event in events:
            event.confidence = calibrated(event, head_of(doc, event))
        return events


_NULL_CODES = {"", "-", "---"}
#: CAMEO roots of acts two parties do with each other (a plural pronoun's pair: one is the
#: source, the other the target)
_MUTUAL_ROOTS = frozenset({"03", "04", "05", "06"})
#: roots whose announced form CAMEO recodes (04-08 to intent 03, 14-20 to threat 13) while
#: PLOVER keeps the announced act's own type
_ANNOUNCED_ROOTS = frozenset({"04", "05", "06", "07", "08", "14", "15", "16", "17", "18", "19",
                              "20"})


def _directions(code: str, source: list[ActorMention], target: list[ActorMention]
                ) -> list[tuple[list[ActorMention], list[ActorMention], str]]:
    """The directed events of one coded predicate: ``(source, target, code)`` triples.

    A paired code ``AAA:BBB`` (a user verb dictionary's mutual act: "arrived" 032:033, a visit
    and its hosting) adds the reverse event, target to source, coded ``BBB``; conjoined sources
    with no target then act on each other: one event per source, the others its targets. Any
    other joint act ("Australia and Japan signed a pact") stays one event with both sources.
    """
    code, _, back = code.partition(":")
    if back and len(source) > 1 and not target:
        return [([s], [o for o in source if o is not s], code) for s in source]
    out = [(source, target, code)]
    if back not in _NULL_CODES and source and target:
        out.append((target, source, back))
    return out


def _each(doc: Doc, side: list[ActorMention], other: list[ActorMention]
          ) -> list[list[ActorMention]]:
    """A side that coordinates several parties as one side per party, as an event dataset
    codes one dyad per record (ICEWS, PETRARCH and the real-news codebook): talks "with
    India, South Korea and China" are talks with each of them, and "France, Spain and
    Switzerland condemned X" three condemnations of X.

    Only parties of one rank split: mentions that are conjuncts of one head, or mentions of
    one kind (states with states). Actors of different kinds found in different phrases of
    the clause ("blamed her defeat on interventions by the FBI director"), two mentions of one
    party, places (the where of an act: protests "in Los Angeles and Chicago") and a side
    naming a party of the ``other`` side (a mutual act of the same parties) stay one side.
    """
    parties: dict[str, list[ActorMention]] = {}
    for m in side:
        parties.setdefault(m.name.casefold(), []).append(m)
    if len(parties) < 2 or parties.keys() & {m.name.casefold() for m in other}:
        return [side]
    if any(_is_place(m) for m in side):
        return [side]
    found = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in side]
    spans = [span for span in found if span is not None]
    if len(spans) < len(found):
        return [side]
    # the first mention's words and their conjuncts: each mention must hold one of them
    # ("German and Afghan forces": "German" and "Afghan" are conjuncts)
    group = {t.i for t in spans[0]} | {c.i for t in spans[0] for c in t.conjuncts}
    if not all(any(t.i in group for t in span) for span in spans[1:]) and \
            len({m.kind for m in side}) > 1:
        return [side]
    return list(parties.values())


#: how a place is resolved: a mention resolved so (and not through a role) names where
_PLACE_VIAS = frozenset({"city", "capital", "region"})


def _is_place(m: ActorMention) -> bool:
    parts = m.via.split("+")
    return parts[0] in _PLACE_VIAS and "role" not in parts


def apply_config(nlp: Language, config: Config) -> None:
    """Load ``config.verb_dictionaries`` into the pipeline's event coder (none: the shipped
    lexicon alone), as ``annotate.actors.apply_config`` does for actor dictionaries."""
    if "newsgraph_events" not in nlp.pipe_names:
        return
    coder = nlp.get_pipe("newsgraph_events")
    if isinstance(coder, EventCoder):
        coder.use_verbs(ref.load_user_verbs(list(config.verb_dictionaries),
                                            exclusive=config.verb_dictionaries_exclusive))


def _mentions(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether any phrase occurs in ``text`` as whole words (case folded)."""
    if not phrases:
        return False
    low = _words(text)
    return any(_words(p) in low for p in phrases)


def _words(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def _cameo_rules() -> bool:
    """Whether the codes in force are CAMEO, so CAMEO's conventions may recode them."""
    user = ref.USER_VERBS.get()
    return user is None or user.cameo


# ---------------------------------------------------------------- sense selection

def _children_features(tok: Token) -> dict[str, set[str]]:
    kids = list(tok.children)
    preps = {c.lower_ for c in kids if c.dep_ in ("prep", "agent", "dative") and c.pos_ == "ADP"}
    pobj: set[str] = set()
    for c in kids:
        if c.dep_ in ("prep", "agent"):
            for p in c.children:
                if p.dep_ == "pobj":
                    pobj.add(f"{c.lower_}:{p.lemma_.lower()}")
    # "clash over the efforts" parsed as particle + object: the particle's phrase
    pobj |= {f"{c.lower_}:{d.lemma_.lower()}" for c in kids if c.dep_ == "prt"
             for d in kids if d.dep_ == "dobj" and d.i > c.i}
    heads = [c for c in kids if c.dep_ in ("dobj", "nsubjpass", "attr")]
    # conjoined objects ("photographs and other military intelligence") and the of-phrase
    # of a measure ("25,000 tons of food aid") are objects too
    heads += [x for c in heads for x in c.conjuncts]
    heads += [p for c in heads for pr in c.children if pr.dep_ == "prep" and pr.lower_ == "of"
              for p in pr.children if p.dep_ == "pobj"]
    objs = {c.lemma_.lower() for c in heads}
    # an object's modifiers stand for it: "ended mediation efforts", "peacekeeping force"
    objs |= {m.lemma_.lower() for c in heads
             for m in c.children if m.dep_ in ("compound", "amod")}
    subjs = {t.lemma_.lower() for c in kids if c.dep_ in ("nsubj", "nsubjpass")
             for t in (c, *[m for m in c.children if m.dep_ in ("compound", "amod")])}
    if any(c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "PRON" for c in kids):
        objs |= {c.lower_ for c in kids if c.dep_ in ("dobj", "nsubjpass")}
    return {
        "form": {tok.lower_},
        "prep": preps,
        "prt": {c.lower_ for c in kids if c.dep_ == "prt"},
        "obj": objs,
        "xcomp": {c.lemma_.lower() for c in kids if c.dep_ == "xcomp"},
        "pobj": pobj,
        "mod": {c.lemma_.lower() for c in kids if c.dep_ in ("compound", "amod", "nmod")},
        "subj": subjs,
        "passive": {""} if any(c.dep_ in ("nsubjpass", "auxpass") for c in kids) else set(),
        # a coordinated subject ("Gondor and Osgiliath have delayed ...")
        "compound": {""} if any(c.dep_ in ("nsubj", "nsubjpass") and c.conjuncts
                                for c in kids) else set(),
    }


def _words_before(tok: Token) -> str:
    """The sentence's words before ``tok``, lower-cased, each followed by one space (what a
    ``before`` constraint's pattern is matched against)."""
    return " " + "".join(t.lower_ + " " for t in tok.doc[tok.sent.start:tok.i])


def match_sense(tok: Token, senses: list[ref.VerbSense]) -> tuple[bool, str | None]:
    """``(matched, code)`` for the most specific sense whose constraints hold.

    ``code`` None with ``matched`` True is a known non-event sense.
    """
    have = _children_features(tok)
    before: str | None = None
    for sense in senses:
        ok = True
        for key, value in sense.constraints:
            pool = have.get(key, set())
            if key == "before":
                # words before the verb (a user dictionary's "NOT *", "DID N'T *"): a
                # regular expression over ``_words_before``, anchored at the verb
                before = _words_before(tok) if before is None else before
                ok = re.search(value, before) is not None
            elif key in ("passive", "compound"):
                ok = bool(pool)
            elif key == "pobj":  # "on|against:resolution": any of the prepositions
                prep, _, objs = value.partition(":")
                ok = any(f"{p}:{o}" in pool for p in prep.split("|") for o in objs.split("|"))
            else:
                ok = any(v in pool for v in value.split("|"))
            if not ok:
                break
        if ok:
            return True, sense.cameo
    return False, None


def verb_lemma(tok: Token) -> str:
    """The token's lemma, repaired where the lemmatiser mangles a regular past form
    ("staged" -> "stag"): the first of lemma, form minus "d", form minus "ed" that the
    lexicon knows."""
    lemma = tok.lemma_.lower()
    lexicon = ref.verb_senses()
    if lemma in lexicon or lemma in ref.light_verbs():
        return lemma
    low = tok.lower_
    for cand in (low[:-1], low[:-2]) if low.endswith("ed") else ():
        if cand in lexicon or cand in ref.light_verbs():
            return cand
    return lemma


def _verb_code(tok: Token) -> tuple[str | None, Span | None]:
    """The code of a verb and its trigger span (the verb, or light verb + event noun)."""
    lemma = verb_lemma(tok)
    senses = ref.verb_senses().get(lemma)
    matched, code = (False, None)
    if senses:
        matched, code = match_sense(tok, senses)
        if matched and code is None:
            return None, None
        # a bare default sense yields to a light-verb reading with a known event noun
        if matched and senses[-1].constraints == () and code == senses[-1].cameo \
                and lemma in ref.light_verbs():
            noun_code, _ = _light_code(tok)
            if noun_code is not None:  # a verb of its own keeps its trigger ("signed")
                return noun_code, tok.doc[tok.i:tok.i + 1]
        if matched:
            return code, tok.doc[tok.i:tok.i + 1]
    if lemma in ref.light_verbs():
        return _light_code(tok)
    return None, None


def _event_nouns(obj: Token) -> list[Token]:
    """The object itself, its noun modifiers ("mediation effort") and an of-phrase ("days of
    war games"): where a light verb's event noun may sit."""
    out = [obj]
    out += [c for c in obj.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    for c in obj.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            out += [p for p in c.children if p.dep_ == "pobj"]
    return out


def _light_code(verb: Token) -> tuple[str | None, Span | None]:
    nouns = ref.noun_senses()
    for obj in verb.children:
        if obj.dep_ not in ("dobj", "nsubjpass", "attr"):
            continue
        for noun in _event_nouns(obj):
            senses = nouns.get(noun.lemma_.lower())
            if not senses:
                continue
            matched, code = match_sense(noun, senses)
            if matched and code is not None:
                start, end = min(verb.i, obj.i, noun.i), max(verb.i, obj.i, noun.i) + 1
                if end - start > 5:
                    start, end = min(verb.i, noun.i), min(verb.i, noun.i) + 1
                return code, verb.doc[start:end]
    return None, None


# ---------------------------------------------------------------- sentence coding

def _complement(tok: Token) -> Token | None:
    """The open or clausal complement verb of ``tok`` ("refused to meet", "agreed on ... ")."""
    kids = list(tok.children)  # (spaCy walks the token's whole subtree span per iteration)
    for c in kids:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            return _hyphen_tail(c)
    for c in kids:  # "committed to opening", "agreed to a six-month extension"
        if c.dep_ == "prep" and c.lower_ == "to":
            for p in c.children:
                if p.dep_ == "pcomp" and p.pos_ == "VERB":
                    return p
    for c in kids:  # "is willing to withdraw"
        if c.dep_ == "acomp" and c.lower_ in _INTENT_ADJ:
            for x in c.children:
                if x.dep_ == "xcomp":
                    return x
    return None


def _hyphen_tail(tok: Token) -> Token:
    """The last piece of a verb the tokenizer split at a hyphen ("re-open" -> "open"), so the
    prefix does not leave the real verb behind as a second event."""
    doc = tok.doc
    while tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and \
            doc[tok.i + 1].whitespace_ == "" and tok.whitespace_ == "" and \
            doc[tok.i + 2].pos_ in ("VERB", "AUX"):
        tok = doc[tok.i + 2]
    return tok


def _clause_complement(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            return c
    return None


def code_sentence(sent: Span) -> list[_Coded]:
    """Every codable predicate of a sentence, complements folded into their heads."""
    out: list[_Coded] = []
    consumed: set[int] = set()
    # the tests below want a verb, an adjective or a noun: the other tokens are skipped from
    # the doc's part-of-speech column, before a Token is built for them
    doc = sent.doc
    pos = token_arrays(doc).pos
    verbs = [t for t in (doc[i] for i in range(sent.start, sent.end) if pos[i] in _PREDICATIVE)
             if (t.pos_ in ("VERB", "AUX") and not _adjectival(t))
             or (t.pos_ == "ADJ" and t.dep_ == "ROOT")]
    # heads before their complements: walk in dependency depth order
    verbs.sort(key=lambda t: (len(list(t.ancestors)), t.i))
    light_nouns: set[int] = set()
    for tok in verbs:
        if tok.i in consumed:
            continue
        coded = _code_verb(tok, consumed)
        if coded is None and _cameo_rules():
            coded = _judgement(tok)
        if coded is not None and _accident_of_force(coded):
            continue
        if coded is not None:
            out.append(coded)
            for t in coded.trigger:
                light_nouns.add(t.i)
    # event nouns standing alone, with an actor on each side
    for i in range(sent.start, sent.end):
        if pos[i] != _NOUN or i in light_nouns:
            continue
        tok = doc[i]
        if tok.dep_ in ("dobj", "attr") and tok.head.i in {c.head.i for c in out}:
            continue
        senses = ref.noun_senses().get(tok.lemma_.lower())
        if not senses:
            continue
        matched, code = match_sense(tok, senses)
        if matched and code is not None and tok.dep_ == "pobj" and any(
                c.head.i == tok.head.head.i and c.head.pos_ in ("VERB", "AUX")
                and root_of(c.code) == root_of(code) for c in out):
            continue  # "marched on Trump Tower in protest against ...": the march itself
        if matched and code is not None:
            out.append(_Coded(tok, sent.doc[tok.i:tok.i + 1], code, tok, tok, "asserted"))
    out = _fold_dependent_clauses(out)
    coded_at = consumed | {t.i for c in out for t in (c.head, *c.trigger)}
    for c in out:
        if c.head.pos_ in ("VERB", "AUX"):
            content = _content_clause(c.head)
            if content is not None and not any(t in coded_at for t in _clause_core(content)):
                c.content = content
    out.sort(key=lambda c: c.trigger.start)
    return out


_NOUN = int(sym.NOUN)
#: the parts of speech ``code_sentence`` codes as predicates
_PREDICATIVE = frozenset({int(sym.VERB), int(sym.AUX), int(sym.ADJ)})

#: nouns of an accident: what they kill or injure was hurt by no actor
_ACCIDENTS = frozenset({"crash", "accident", "collision", "derailment"})


def _accident_of_force(coded: _Coded) -> bool:
    """"The crash killed a driver": force whose subject is an accident is no act of an
    actor (the codebook codes natural accidents with no actor as no event)."""
    head = coded.head
    return root_of(coded.code) in FORCE_ROOTS and head.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in _ACCIDENTS for c in head.children)


def _adjectival(tok: Token) -> bool:
    """A participle used as an adjective ("Obama was resigned and not hopeful", "a
    resigned look"): a state, not an act."""
    if tok.dep_ in ("amod", "acomp"):
        return True
    return tok.dep_ == "conj" and tok.head.pos_ == "ADJ"


def _judgement(tok: Token) -> _Coded | None:
    """A statement that judges an actor ("Obama said Trump was unfit", "called Trump
    'uniquely unqualified'"): criticism, accusation or praise from the speaker to the actor
    judged (``extract/speech.py``)."""
    felt = speech.attitude_of(tok)
    if felt is not None:
        # "he had been very encouraged by Mr Trump's interest": the subject's attitude
        # towards the actor it is held about
        felt_code, word, about = felt
        return _Coded(tok, tok.doc[word.i:word.i + 1], felt_code, tok, word, None, tuple(about),
                      needs_target=True, experiencer=True)
    comp = speech.copular_complement(tok)
    if comp is not None:
        teller = _speech_head(tok)
        host = speech.relative_host(tok)
        if teller is None and host is not None:
            # "said the letter raised doubts that were groundless": the teller of the
            # clause the relative clause hangs in
            teller = host if host.lemma_.lower() in SPEECH_VERBS else _speech_head(host)
        speaker = speech.quote_speaker(tok) if teller is None else None
        code = speech.judgement(comp) if teller is not None or speaker is not None else None
        if code is None:
            return None
        subj = tuple(c for c in tok.children if c.dep_ == "nsubj")
        actor_at: dict[int, ActorMention] = tok.doc._.ng_actor_at or {}
        if subj and not actors(subj[0], actor_at):
            found = next((t for t in speech.judged(subj[0])[1:] if actors(t, actor_at)), None)
            if found is not None:
                subj = (found,)
        return _Coded(tok, tok.doc[comp.i:comp.i + 1], code, teller or tok, tok, None, subj,
                      needs_target=True, quoted_by=speaker)
    comp = speech.called_complement(tok)
    if comp is None:
        return None
    code = speech.judgement(comp)
    if code is None:
        return None
    objs = tuple(c for c in tok.children if c.dep_ == "dobj")
    return _Coded(tok, tok.doc[tok.i:tok.i + 1], code, tok, tok, None, objs, needs_target=True)


def _clause_core(head: Token) -> list[int]:
    """The predicates a clause asserts: its head and the complements and conjuncts chained to
    it ("Arnor is about to restore ties": is, about, restore), not its adverbial clauses (an
    event in "after crowds burned its embassy" is not what the clause says)."""
    out, stack = [], [head]
    while stack:
        t = stack.pop()
        out.append(t.i)
        stack.extend(c for c in t.children if c.dep_ in ("xcomp", "acomp", "ccomp", "conj"))
    return out


def _content_clause(verb: Token) -> Token | None:
    """The clause a verb's statement or attitude is about: its clausal complement ("believes
    Gondor can cope"), or a that-clause on its object noun ("expressed hopes that Gondor
    could be drawn in")."""
    found = _clause_complement(verb)
    if found is not None:
        return found
    for c in verb.children:
        if c.dep_ == "dobj" and c.pos_ == "NOUN":
            for x in c.children:
                if x.dep_ in ("acl", "ccomp") and x.pos_ in ("VERB", "AUX") and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in x.children):
                    return x
    return None


def _clause_tokens(coded: _Coded) -> set[int]:
    """Token indices that stand for a coded event's clause (head, trigger, argument heads)."""
    return {coded.head.i, coded.source_tok.i, coded.target_tok.i, *(t.i for t in coded.trigger)}


def _dependent_kind(verb: Token) -> str | None:
    """``"condition"`` for the verb of an if/unless clause, ``"purpose"`` for a purpose
    infinitive ("resigned to allow elections", "opened fire to disperse a crowd")."""
    if verb.dep_ != "advcl" or verb.pos_ not in ("VERB", "AUX"):
        return None
    kids = list(verb.children)
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in kids):
        return "condition"
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in kids) and \
            not any(c.dep_ in ("nsubj", "nsubjpass") for c in kids):
        return "purpose"
    return None


#: what force does to its targets: a participle of these on an act of force is its outcome
#: ("killing six"); other participles ("battling with Afghan forces") are acts of their own
_OUTCOMES = frozenset({"kill", "wound", "injure", "hurt", "maim", "destroy", "damage"})


def _consequence_of_force(c: _Coded, coded: list[_Coded]) -> bool:
    """A participle of force hanging on another act of force with no subject of its own
    ("rammed a truck into the consulate, killing six civilians and wounding 120"): the
    killing is what the attack did, not a second attack."""
    head = c.head
    if head.lemma_.lower() not in _OUTCOMES or head.tag_ != "VBG" or \
            head.dep_ not in ("advcl", "conj") or \
            root_of(c.code) not in ("18", "19", "20"):
        return False
    if any(x.dep_ in ("nsubj", "nsubjpass") for x in head.children):
        return False
    anc = head.head
    while anc.dep_ == "conj" and anc.tag_ == "VBG" and anc.head.i != anc.i:
        anc = anc.head  # "killing ... and wounding ...": up to the act both hang on
    return any(o is not c and o.head.i == anc.i and root_of(o.code) in ("18", "19", "20")
               for o in coded)


def _purposes(verb: Token) -> list[Token]:
    """Purpose infinitives of a verb ("resigned to allow elections") and of its object ("an
    accord to supply wheat")."""
    out = [c for c in verb.children if _dependent_kind(c) == "purpose"]
    for o in verb.children:
        if o.dep_ == "dobj":
            out += [c for c in o.children if c.dep_ == "acl" and c.pos_ == "VERB"
                    and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
                    and not any(a.dep_ in ("nsubj", "nsubjpass") for a in c.children)]
    return out


def _fold_dependent_clauses(coded: list[_Coded]) -> list[_Coded]:
    """Fold conditions and purposes into the event of the clause they depend on.

    CAMEO codes what is done, said or threatened: in "Israel will attack if Hezbollah fires
    rockets" the firing is the condition of the threat, and in "resigned to allow elections"
    the elections are the aim of the resignation; neither happened. Such a clause is dropped
    when the clause it modifies carries an event (a purpose clause lends that event its
    objects as targets of last resort); alone, it stays, with its own modality.
    """
    owners = [(c, _clause_tokens(c)) for c in coded]
    dropped: set[int] = set()
    for i, c in enumerate(coded):
        if c.head.pos_ == "NOUN":
            continue
        kind = _dependent_kind(c.head)
        if kind is None and _consequence_of_force(c, coded):
            dropped.add(i)  # "rammed a truck into the consulate, killing six": one attack
            continue
        if kind is None:
            continue
        if kind == "purpose" and not any(x.dep_ in ("dobj", "dative")
                                         for x in c.head.head.children):
            # "appeared before reporters to discuss the strategy": an aim, not an act; a
            # transitive act carries its purpose out ("sent personnel to investigate")
            dropped.add(i)
        for anc in c.head.ancestors:
            owner = next((o for j, (o, toks) in enumerate(owners)
                          if j != i and j not in dropped and anc.i in toks), None)
            if owner is not None:
                dropped.add(i)
                if kind == "purpose":
                    owner.aims = [*(owner.aims or []), c.target_tok]
                break
    return [c for i, c in enumerate(coded) if i not in dropped]


#: CAMEO roots of the cooperative acts an intent to act is an intent to cooperate in (03)
_COOPERATIVE_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})


def _code_verb(tok: Token, consumed: set[int]) -> _Coded | None:
    lemma = verb_lemma(tok)
    willing = willingness_of(tok)
    if willing is not None and _cameo_rules():
        # "Trump's willingness to work with his team": an intent to cooperate, as "willing
        # to work" is; a readiness for a hostile act is that act's own verb's to code
        inner, _ = _verb_code(tok)
        if inner is None or root_of(inner) in _COOPERATIVE_ROOTS:
            code = family(inner, "030", INTENT_MAP, {})
            return _Coded(tok, _join(willing, tok), code, tok, tok, None)
    comp = _complement(tok)
    adj_intent = any(c.dep_ == "acomp" and c.lower_ in _INTENT_ADJ for c in tok.children) \
        or (lemma == "look" and any(c.dep_ in ("prt", "advmod") and c.lower_ == "forward"
                                    for c in tok.children))  # "look forward to working with"
    if comp is not None and (lemma in REFUSAL | _INTENT | _THREAT | FUTURE_HEADS
                             | _ATTEMPT_HEADS or adj_intent):
        inner, inner_span = _verb_code(comp)
        if lemma in REFUSAL:
            consumed.add(comp.i)
            if comp.lemma_.lower() in _SPEAK:
                return None  # "declined to comment": CAMEO 011, no PLOVER event
            code = family(inner, "120", REJECT_MAP, REJECT_SPECIFIC)
            return _Coded(tok, _join(tok, comp), code, tok, comp, "refused")
        if lemma in _INTENT or adj_intent:
            consumed.add(comp.i)
            if inner is None and lemma in _PROMISE:
                # "pledged to overturn Obamacare", "vowed to ignore the ruling": a promise
                # about a policy, not an intent to cooperate with anyone
                return None
            own = ref.verb_senses().get(lemma, [ref.VerbSense("", (), "030")])[-1].cameo
            code = family(inner, own or "030", INTENT_MAP, {})
            if inner is not None and root_of(inner) in ("13", "14", "15", "16", "17", "18",
                                                         "19", "20") and lemma in ("vow",
                                                                                   "swear"):
                code = family(inner, "130", THREAT_MAP, THREAT_SPECIFIC)
            return _Coded(tok, _join(tok, comp), code, tok, comp, None)
        if lemma in _THREAT:
            consumed.add(comp.i)
            code = family(inner, "130", THREAT_MAP, THREAT_SPECIFIC)
            return _Coded(tok, _join(tok, comp), code, tok, comp, None)
        if inner is not None and inner_span is not None:
            consumed.add(comp.i)
            modality: Modality | None = "future" if lemma in FUTURE_HEADS else None
            return _Coded(comp, inner_span, inner, tok, comp, modality)
    own_code, span = _verb_code(tok)
    # "Y must X" inside reported speech: a demand of the speaker on Y, whatever X is
    auxes = {c.lower_ for c in tok.children if c.dep_ == "aux"}
    speech = _speech_head(tok)
    # ... "should" only over a codable act: "people should go to the centre" is advice
    if auxes & OBLIGATION_AUX and speech is not None and _cameo_rules() \
            and (own_code is not None or "must" in auxes):
        subj = tuple(c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass"))
        demand = family(own_code, "100", REQUEST_MAP, {})
        return _Coded(tok, span or tok.doc[tok.i:tok.i + 1], demand, speech, tok, None, subj)
    if own_code is None or span is None:
        return None
    code = own_code
    if lemma == "order" and comp is not None:
        # an authority ordering a restriction or force imposes it ("ordered the paper to
        # suspend publication")
        inner, inner_span = _verb_code(comp)
        if inner is not None and inner_span is not None and root_of(inner) in (
                "15", "16", "17", "18", "19", "20"):
            consumed.add(comp.i)
            return _Coded(comp, inner_span, inner, tok, comp, None)
    if lemma == "warn" and _cameo_rules() and not _warner_acts(tok):
        return None  # "the IMF warned that Brexit could depress growth": a forecast
    if lemma in _DEMAND_OR_CLAIM and not _demanding(tok):
        return None  # a claim, not a demand: only its content may be an event
    if lemma in _DEMAND_HEADS or (root_of(code) in ("02", "10") and _cameo_rules()):
        # "demanded that the US cancel ...": one demand aimed at the complement's subject
        ccomp = _clause_complement(tok) or comp
        if ccomp is not None:
            consumed.add(ccomp.i)
            subj = tuple(c for c in ccomp.children if c.dep_ in ("nsubj", "nsubjpass"))
            return _Coded(tok, span, code, tok, tok, None, subj)
    if lemma in _ALLEGING:
        # a claim alleges only what it says of someone other than the claimant: the subject
        # of its clause is the accused ("claimed that Russia had lied"); "claimed victory"
        # says nothing of anyone
        clause = _clause_complement(tok)
        if clause is None:
            return None
        subj = tuple(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
        return _Coded(tok, span, code, tok, tok, None, subj, needs_target=True)
    coded = _Coded(tok, span, code, tok, tok, None)
    if root_of(code) == "14":
        # a protest's stated aim ("demonstrations to demand reforms") is part of the protest
        for t in tok.subtree:
            if t.i != tok.i and t.dep_ in ("advcl", "xcomp", "acl", "relcl") \
                    and t.lemma_.lower() in _DEMAND_HEADS | {"press", "seek"}:
                consumed.add(t.i)
                coded.target_tok = t
    return coded


def _warner_acts(tok: Token) -> bool:
    """Whether a warning threatens: the warner (or a pronoun for it) is the subject of the
    warned-of clause ("warned it would retaliate"), or the warning is of an act aimed at
    someone ("warned Gondor against ..."). Agentless warnings ("people are being warned to
    avoid the line") and forecasts ("warned that growth could slow") are not threats."""
    kids = list(tok.children)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in kids):
        return False
    clause = _clause_complement(tok)
    if clause is None:
        return not any(c.dep_ == "xcomp" for c in kids)
    subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    own = [c for c in kids if c.dep_ == "nsubj"]
    return bool(subj) and all(c.pos_ == "PRON" and c.lower_ not in ("this", "that")
                              or (own and c.lemma_ == own[0].lemma_) for c in subj)


def _demanding(tok: Token) -> bool:
    """Whether a demand-or-claim verb demands: "insist on", or a complement in the
    subjunctive or with must/should ("insisted that Russia withdraw"). "Insisted the unrest
    reflected old tensions" only states. The tagger gives a subjunctive VB or VBP (no -s);
    VBD and VBZ are indicative."""
    if any(c.dep_ == "prep" and c.lower_ in ("on", "upon") for c in tok.children):
        return True
    clause = _clause_complement(tok) or next(
        (c for c in tok.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB"), None)
    if clause is None:
        return False
    auxes = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    if auxes & OBLIGATION_AUX:
        return True
    # "insisted he would follow": a modal makes the VB indicative, not a subjunctive
    return clause.tag_ in ("VB", "VBP") and not auxes & (FUTURE_AUX | HYPOTHETICAL_AUX)


def _join(a: Token, b: Token) -> Span:
    """The trigger span of a head and its complement when adjacent enough, else the head."""
    lo, hi = min(a.i, b.i), max(a.i, b.i)
    if hi - lo <= 3:
        return a.doc[lo:hi + 1]
    return a.doc[a.i:a.i + 1]


def _speech_head(tok: Token) -> Token | None:
    """The statement verb whose content clause holds ``tok`` ("X said (that) ...")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in ("ccomp", "conj", "xcomp", "advcl", "parataxis") or cur.head.i == cur.i:
            return None
        head = cur.head
        if head.lemma_.lower() in SPEECH_VERBS | {"announce", "conclude", "decide", "say",
                                                  "understand", "report", "tell"}:
            return head
        cur = head
    return None


# ---------------------------------------------------------------- arguments


def _noun_sides(coded: _Coded, actor_at: dict[int, ActorMention], coded_heads: frozenset[int]
                ) -> tuple[list[ActorMention], list[ActorMention]]:
    """Sides of an event noun standing alone; an act of force with no agent of its own
    takes an armed group that describes or claims it ("the Taliban called it a revenge
    attack"), never a mere reporter."""
    head = coded.head
    source, target = noun_arguments(head, coded.code, actor_at, coded_heads)
    if not target:
        # "Mrs Clinton should not face charges", "five people were hurt after a shooting":
        # who undergoes the act is its target
        target = [m for m in undergoers(head, root_of(coded.code) in FORCE_ROOTS, actor_at)
                  if m not in source]
    if not source and root_of(coded.code) in FORCE_ROOTS:
        clause = head.head if head.dep_ in CLAIMED_DEPS else None
        speech = None if clause is None else (
            clause if clause.lemma_.lower() in CLAIM_VERBS else _speech_head(clause))
        if speech is not None:
            source = armed_claimants(subject_actors(speech, actor_at))
            target = [t for t in target if t not in source]
    return source, target


def _arguments(coded: _Coded, actor_at: dict[int, ActorMention],
               coded_heads: frozenset[int] = frozenset()
               ) -> tuple[list[ActorMention], list[ActorMention]]:
    """Source and target actors of a coded predicate."""
    head = coded.head
    if head.pos_ == "NOUN":  # standing alone: see ``event_nouns``
        return _noun_sides(coded, actor_at, coded_heads)
    if coded.quoted_by is not None:
        source = [coded.quoted_by]
    elif coded.experiencer:
        source = [m for c in head.children if c.dep_ in ("nsubj", "nsubjpass")
                  for m in actors(c, actor_at)]
    else:
        source = subject_actors(coded.source_tok, actor_at)
    if not source and coded.source_tok is not head and not coded.experiencer:
        source = subject_actors(head, actor_at)
    target: list[ActorMention] = []
    for t in coded.extra_targets:
        target.extend(actors(t, actor_at))
    if not target:
        # a place is a target only of force ("a curfew in Cizre", "shelled Gorazde"): a pact
        # signed in Tokyo is not aimed at Tokyo
        # ... and of a visit ("arrived in Gondor": the host), a CAMEO 042/043 or a user
        # dictionary's paired code (visit:host)
        places_ok = root_of(coded.code) >= "14" or coded.code[:3] in ("042", "043") \
            or (":" in coded.code and not _cameo_rules())
        target = object_actors(coded.target_tok, actor_at, places_ok)
        if not target and coded.target_tok is not head:
            target = object_actors(head, actor_at, places_ok)
        trig_nouns = [t for t in coded.trigger if t.pos_ == "NOUN"]
        for n in trig_nouns:
            if not target:
                target = noun_targets(n, actor_at)
        for aim in coded.aims or []:  # "opened fire to disperse Egyptian students"
            if not target:
                target = object_actors(aim, actor_at, places_ok)
        if not target and source and head.pos_ in ("VERB", "AUX"):
            # an uncoded purpose ("signed an accord to supply Gondor with wheat"), of the verb
            # or of its object: whom the act is for
            for c in _purposes(head):
                if not target:
                    target = object_actors(c, actor_at, False)
        if not target and source and coded.content is not None:
            # only for a speaker's statement or attitude: with no source there is nobody
            # whose view the clause reports
            clause = coded.content
            # the subject itself ("Gondor and Osgiliath can cope"), not a place inside it
            # ("disputes in the South China Sea should be resolved")
            near = [actor_near(t, actor_at, depth=2) for c in clause.children
                    if c.dep_ in ("nsubj", "nsubjpass") for t in (c, *c.conjuncts)]
            target = [m for m in near if m is not None] or \
                object_actors(clause, actor_at, False)
    if not source and root_of(coded.code) in ("09", "17") and any(
            c.dep_ == "auxpass" for c in head.children):
        # "was arrested in Lebanon", "was put under investigation in Italy": with no agent,
        # the state where the legal act happened acts
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                source = [m for p in c.children if p.dep_ == "pobj"
                          for m in actors(p, actor_at) if m.kind == "state"]
    if not source and root_of(coded.code) == "17" and any(
            c.dep_ == "auxpass" for c in head.children):
        # "police said a suspect had been arrested": the police report their own arrests
        speech = _speech_head(head)
        if speech is not None:
            source = [m for m in subject_actors(speech, actor_at) if "COP" in m.roles]
    if not source and _plover(coded.code)[0] in MOVING_FORCES:
        # "troops were deployed", "forces were withdrawn": the forces that move act
        source = moved_forces(head, actor_at)
        target = [t for t in target if t not in source]
    if not source and _speaker_may_act(head, coded.code):
        speech = _speech_head(head)
        if speech is not None:
            source = subject_actors(speech, actor_at)
    return dedupe(source), dedupe([t for t in target if t not in source])


#: CAMEO roots of verbal acts: what a speaker's own clause with no actor of its own may say
#: the speaker does ("said it was ready to talks", "said it would retaliate")
_VERBAL_ROOTS = frozenset({"01", "02", "03", "04", "05", "10", "11", "12", "13"})


def _speaker_may_act(head: Token, code: str) -> bool:
    """Whether the speaker of a statement may stand in for an event's missing source.

    The reporter of an event is not its agent: in "the consulate was attacked, the spokesman
    said" the spokesman only asserts the attack (``asserted_by``). The speaker acts only when
    the clause's subject is a pronoun that can refer back to the speaker ("Gondor said it
    would ...") or when the act is verbal and the clause active with no subject.
    """
    kids = list(head.children)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in kids):
        return False
    subj = [c for c in kids if c.dep_ in ("nsubj", "csubj")]
    if subj:
        return all(c.pos_ == "PRON" for c in subj)
    return root_of(code) in _VERBAL_ROOTS




# ---------------------------------------------------------------- modality and attribution


def _attribution(head: Token, quotes: list[Quote], actor_at: dict[int, ActorMention]
                 ) -> tuple[str | None, str | None]:
    """Who asserts the event: the speaker of a quote or statement verb, or a sourcing phrase."""
    for q in quotes:
        if q.content_start <= head.idx < q.content_end:
            return q.speaker, q.cue
    speech = _speech_head(head)
    if speech is not None:
        for c in speech.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                m = actor_near(c, actor_at)
                text = m.text if m is not None and m.start <= c.idx < m.end else None
                return text or _phrase(c), speech.text
        return None, speech.text
    for tok in head.sent:
        if tok.lower_ in _SOURCING and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            pobjs = [p for p in tok.nbor().children if p.dep_ == "pobj"] or \
                    [p for p in tok.children if p.dep_ == "pobj"]
            return (_phrase(pobjs[0]) if pobjs else None), "according to"
    return None, None


def _phrase(tok: Token) -> str:
    sub = list(tok.subtree)
    return tok.doc[sub[0].i:sub[-1].i + 1].text


def _plover(code: str) -> tuple[str | None, str | None, str | None]:
    plover = ref.plover_for(code)
    if plover is not None:
        return plover.type, plover.mode, plover.context
    if code.startswith("02"):
        return "REQUEST", _APPEAL_MODES.get(code[:3]), None
    return None, None, None


def _build(doc: Doc, article_id: str, coded: _Coded, source: list[ActorMention],
           target: list[ActorMention], timexes: list[Timex], quotes: list[Quote],
           actor_at: dict[int, ActorMention], raw_code: str, part: int = 0) -> Event:
    head = coded.head
    modality, negated = modality_of(head) if head.pos_ != "NOUN" else ("asserted", False)
    if coded.modality is not None and modality in ("asserted", "future", "refused"):
        modality = coded.modality
    code = raw_code if head.pos_ == "NOUN" or not _cameo_rules() else \
        recode_intent(raw_code, head, modality, bool(target))
    info = ref.cameo_info(code)
    asserted_by, cue = _attribution(head, quotes, actor_at)
    # CAMEO files an announced act under intent (03) or threat (13), and so does PLOVER when
    # an actor announces it ("said it would help": a promise, AGREE). An act the narrator
    # reports as scheduled ("Trump will meet with Ryan this evening") is typed as itself
    # (CONSULT, modality future): the type comes from the act before the CAMEO recoding, and
    # the CAMEO code keeps the convention
    scheduled = code != raw_code and asserted_by is None and cue is None and modality in (
        "future", "hypothetical") and root_of(raw_code) in _ANNOUNCED_ROOTS
    ptype, pmode, pcontext = _plover(raw_code if scheduled else code)
    if asserted_by is not None and modality == "asserted":
        modality = "reported"
    date, precision, date_text = event_date(head, timexes, doc._.ng_published)
    sent = head.sent
    evidence = Evidence(article_id, sent.start_char, sent.end_char, asserted_by, cue)
    trig = coded.trigger
    eid = content_hash(f"{article_id}:{trig.start_char}:{code}" + (f":{part}" if part else ""))
    event = Event(
        article_id=article_id, trigger=trig.text, trigger_start=trig.start_char,
        trigger_end=trig.end_char, cameo=code, root=code[:2],
        goldstein=info.goldstein, quad_class=info.quad_class,
        plover_type=ptype, plover_mode=pmode, plover_context=pcontext,
        source=source, target=target, modality=modality, negated=negated, date=date,
        date_precision=precision, date_text=date_text, evidence=evidence,
        confidence=0.0, id=eid,
    )
    event.confidence = calibrated(event, head_of(doc, event))
    return event
