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

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from spacy.attrs import IS_STOP, LEMMA, LENGTH, POS
from spacy.language import Language
from spacy.symbols import NOUN as _NOUN_SYM
from spacy.symbols import PROPN as _PROPN_SYM
from spacy.symbols import VERB as _VERB_SYM
from spacy.tokens import Doc, Span, Token

from newsgraph.doc_cache import doc_text
from newsgraph.records import Answer, Event, Place, Summary, Timex

VERSION = "0.3.0"
_NOUN, _PROPN, _VERB = int(_NOUN_SYM), int(_PROPN_SYM), int(_VERB_SYM)

#: the lead: how many body sentences count as the top of the story
LEAD_SENTENCES = 3
MAX_WHAT_TOKENS = 10
MAX_HEADLINE_TOKENS = 30
#: alphabetic tokens a unit must keep after its web chrome to stay a candidate
MIN_REST_TOKENS = 6
#: the headline states the main event; its clauses outrank the body's unless clearly worse
TITLE_BONUS = 4.0
#: a headline's "as ..." / "after ..." clause is the circumstance, not the news
SUBORDINATE_PENALTY = 1.5

_SUBJ = ("nsubj", "nsubjpass")
_REPORTING = {"say", "tell", "add", "write", "note", "quote", "report", "according", "reveal",
              "explain", "comment", "continue", "speak", "show", "know", "think", "believe",
              "feel", "see", "look", "seem", "appear", "want", "get"}
_RELATIVE_PRONOUNS = {"who", "which", "that"}
_FIRST_SECOND = {"i", "you", "we", "me", "us"}
_THIRD = {"he", "she", "they", "it", "him", "her", "them", "this", "that", "there", "who",
          "which", "what", "one"}
#: web chrome that survives cleaning: share buttons, captions, ad slots
_CHROME = re.compile(r"opens in new window|\bclick to\b|\bimage caption\b|\bmedia caption\b|"
                     r"\bembed\b|\bskip ad\b|\bshare this\b|\bsign up\b|\bsubscribe\b|"
                     r"\bget \w+ updates\b|\bcopyright\b", re.I)

#: date modifiers kept with a timex: "late Thursday", "early on Sunday", "shortly before 7 pm"
_TIME_MODS = {"late", "early", "earlier", "around", "about", "approximately", "shortly",
              "just", "before", "after", "on", "at", "by", "until"}
_LEADING_PREPS = {"on", "at", "by", "until", "before", "after"}
_VAGUE = re.compile(r"(this|that|the) (day|week|month|year|time)", re.I)
#: a time counted from another event: "two days before the election", "hours after"
_RELATIVE = re.compile(r"\b(before|after|earlier|later)\s*$", re.I)
#: a part of the day written before the date: "the early hours of Wednesday"
_PART_OF_DAY = re.compile(r"\b(early|small|late) hours of\s*$|\b(morning|afternoon|evening|night) "
                          r"of\s*$", re.I)
_TWEET_DATELINE = re.compile(r"\(@\w+\)\s*$")
#: a date phrase the text gives, even low in the story, beats the publication date (which the
#: text may not contain); only phrases scored unlikely (far from publication, vague and deep,
#: dated from another event) give way to it
MIN_WHEN_SCORE = -1.0
#: a date of what the main actor did ("Mrs Clinton told donors on Saturday") counts for a
#: little less than a date of the event's own words
ACTOR_BONUS = 0.5
#: how far up the parse a timex's governing words are looked for
CHAIN_STEPS = 4
_REF_VALUES = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}

_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "into", "on", "around",
             "through", "to", "towards", "toward", "off", "over", "within", "throughout"}
#: prepositions that put a name at a place ("on Brexit", "to Mondelez" do not)
_IN_PLACE = {"in", "at", "near", "outside", "inside", "around", "within", "throughout"}
#: prepositions that only take places: what follows "outside" is a site, whatever its tag
_BESIDE = {"outside", "inside", "near", "opposite"}
_PLACE_NOUNS = {"city", "town", "village", "province", "region", "district", "county", "state",
                "capital", "area", "suburb", "island", "port", "neighbourhood", "neighborhood",
                "borough", "municipality", "prefecture", "valley"}
_FEATURE_BONUS = {"city": 0.8, "part": 0.8, "adm1": 0.2, "country": -0.3}
#: how much lower a city may score than the country it lies in and still be preferred
SPECIFIC_MARGIN = 2.5
#: how far into a lead unit a dateline may stand (after bylines and photo credits)
DATELINE_WINDOW = 40

_CAUSAL_MARKS = {"because", "since"}  # "as" is mostly temporal in news
_CAUSAL_PREPS = {"over", "amid"}  # "for" is mostly duration or purpose
_CAUSAL_PHRASES = ("because of", "due to", "in response to", "in retaliation for",
                   "as a result of", "in protest against", "in protest at", "in revenge for",
                   "in the wake of", "on suspicion of", "in reprisal for", "as a reprisal for")
_CAUSAL_NOUNS_OK = ("NOUN",)
_METHOD_PREPS = {"by", "using", "with", "via", "through"}
_NOT_MANNER = {"reportedly", "allegedly", "finally", "only", "early", "recently", "likely",
               "apparently", "currently", "really", "nearly", "largely", "mostly", "initially",
               "formerly", "previously", "lately", "daily", "weekly", "certainly",
               "possibly", "probably", "clearly", "officially", "publicly", "reply"}


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


# --------------------------------------------------------------------------- units


def units(doc: Doc) -> list[Span]:
    """spaCy sentences cut at paragraph breaks (a newline in a token's trailing space)."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space or "\n" in tok.whitespace_:
                end = tok.i if tok.is_space else tok.i + 1
                if end > start:
                    out.append(doc[start:end])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    return [u for u in out if any(not t.is_space and not t.is_punct for t in u)]


def _headline(doc: Doc, us: list[Span]) -> Span | None:
    """The first paragraph when it reads as a headline: short, no final full stop.

    A headline may hold several units ("US election 2016: Trump cries foul ..." is split at
    the colon), so it runs from the first unit to the last one before the first blank line.
    """
    k = 0
    while k + 1 < len(us) and "\n" not in _gap(doc, us[k], us[k + 1]):
        k += 1
    if k + 1 >= len(us):
        return None
    first = doc[us[0].start:us[k].end]
    if len(first) > MAX_HEADLINE_TOKENS:
        return None
    return None if first[-1].text in (".", "?", "!") and len(first) > 12 else first


def _gap(doc: Doc, a: Span, b: Span) -> str:
    return "".join(t.text_with_ws for t in doc[a.end - 1:b.start])


def _without_chrome(unit: Span) -> Span | None:
    """A unit after the web chrome glued in front of it ("... Subscribe Thank you for
    subscribing! ... Bitter rivals Obama and Trump greeted each other"); None when little is
    left. The lead sentence often follows a caption or share button in the same unit."""
    ends = [m.end() for m in _CHROME.finditer(unit.text)]
    if not ends:
        return unit
    rest = unit.doc.char_span(unit.start_char + ends[-1], unit.end_char,
                              alignment_mode="contract")
    if rest is None or sum(t.is_alpha for t in rest) < MIN_REST_TOKENS:
        return None
    return rest


def _clip(start: int, end: int, unit: Span) -> tuple[int, int]:
    return max(start, unit.start), min(end, unit.end)


# --------------------------------------------------------------------------- main event


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


def _headline_topic(head: Span) -> tuple[int, int] | None:
    """The event a verbless headline names: the words after its last colon, up to a
    subordinate word ("Brazil GP red-flagged after ..." -> "Brazil GP red-flagged")."""
    doc = head.doc
    start = head.start
    for tok in head:
        if tok.text == ":" and tok.i + 1 < head.end:
            start = tok.i + 1
    end = start
    while end < head.end and doc[end].lower_ not in _PREDICATE_END and \
            not (doc[end].is_punct and doc[end].text not in ("-", "'")) and \
            end - start < MAX_WHAT_TOKENS:
        end += 1
    if not any(doc[i].pos_ in ("NOUN", "PROPN", "ADJ") for i in range(start, end)):
        return None
    return start, end


def _after_colon(subj: Token, verb: Token, unit: Span) -> Token:
    """In "Croydon tram crash: Police identify ..." the subject is after the colon."""
    doc = verb.doc
    colon = next((i for i in range(subj.i, verb.i) if doc[i].text == ":"), None)
    if colon is None:
        return subj
    nouns = [doc[i] for i in range(colon + 1, verb.i) if doc[i].pos_ in ("NOUN", "PROPN", "NUM")]
    return nouns[-1] if nouns else subj


#: words that end a headline's predicate: "... lands in Washington as talks start"
_PREDICATE_END = {"as", "after", "while", "amid", "despite", "following", "before", "but",
                  "and", "because", "when", "with"}


def _headline_verb(unit: Span, doc: Doc,
                   lexicon: frozenset[str]) -> tuple[int, int, int] | None:
    """Headlinese the tagger reads as a noun phrase: "Lady Gaga protests outside Trump Tower".

    A plural-looking noun ("protests", "lands") after a noun phrase, followed by more words,
    whose lemma the article uses as a verb, is taken as the headline's verb. Returns the
    subject's start, the verb and the predicate's end (token indices in ``unit``'s doc).
    """
    if any(_candidate(t, unit) is not None and t.dep_ == "ROOT" for t in unit):
        return None
    verbs = _verb_lemmas(doc)
    start = unit.start
    for tok in unit:
        if tok.text == ":":
            start = tok.i + 1
        if tok.i <= start or tok.i + 1 >= unit.end:
            continue
        if tok.pos_ == "PROPN" and not tok.ent_type_ and tok.lower_.endswith("s"):
            # Title Case headline: "Tram Derails in Croydon", "Toblerone Alters Shape"
            bases = {tok.lower_[:-1], tok.lower_[:-2]} & lexicon
        elif tok.pos_ in ("NOUN", "VERB"):
            bases = {tok.lemma_.lower()}
        else:
            continue
        prev, nxt = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
        if prev.pos_ not in ("NOUN", "PROPN"):
            continue
        if not bases & verbs and not (tok.lower_.endswith("s") and bases & lexicon):
            continue  # a verb of the article, or a 3rd-person form of an English verb
        if nxt.is_punct and not (nxt.is_quote and tok.i + 2 < unit.end
                                 and tok.doc[tok.i + 2].is_alpha):
            continue  # "slams 'rigged' FBI": a quote may follow the verb
        s = tok.i
        while s > start and (tok.doc[s - 1].pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "DET")
                             or tok.doc[s - 1].tag_ == "POS"
                             or (tok.doc[s - 1].lower_ == "and" and s - 1 > start)):
            s -= 1
        plural = any(tok.doc[i].lower_ == "and" for i in range(s, tok.i))
        if not (tok.lower_.endswith("s") or plural):
            continue  # "Trump and Obama meet": a plural subject takes the bare verb
        e = tok.i + 1
        while e < unit.end and not tok.doc[e].is_punct and \
                tok.doc[e].lower_ not in _PREDICATE_END:
            e += 1
        return s, tok.i, e
    return None


#: words that state a toll: "Seven killed", "Several dead and dozens injured", "Five shot"
_CASUALTY = {"killed", "dead", "injured", "hurt", "wounded", "shot", "died", "stabbed",
             "missing", "drowned"}
_CASUALTY_VERBS = {"kill", "die", "injure", "hurt", "wound", "shoot", "stab", "drown"}
_QUANTITY = {"several", "dozens", "hundreds", "scores", "thousands", "many", "two", "three"}
#: "at least seven", "more than 50": modifiers kept with a toll's number
_QUANTITY_MODS = {"at", "least", "more", "than", "up", "to", "over", "nearly", "almost",
                  "about", "around", "some"}


def _casualties(unit: Span) -> tuple[int, int, int] | None:
    """A death or injury toll stated in the headline: "Seven killed as tram derails".

    In such stories the coders' *who* is the people hurt and *what* the toll with its
    circumstance, whatever the tagger made of the headline's words. Returns the toll's
    start, the casualty word and the predicate's end (token indices).
    """
    doc = unit.doc
    for tok in unit:
        if tok.lower_ not in _CASUALTY or tok.i == unit.start:
            continue
        q = tok.i - 1
        if doc[q].pos_ == "NOUN" and not doc[q].like_num and q > unit.start:
            q -= 1  # "seven people killed"
        if not (doc[q].like_num or doc[q].lower_ in _QUANTITY):
            continue
        s = q
        while s > unit.start and doc[s - 1].lower_ in _QUANTITY_MODS:
            s -= 1
        if s > unit.start and doc[s - 1].pos_ in ("VERB", "AUX"):
            continue  # "shooting leaves five hurt": the toll is an object, the verb the event
        e = tok.i + 1
        while e < unit.end and doc[e].text != ":" and e - tok.i < MAX_WHAT_TOKENS:
            e += 1
        return s, tok.i, e
    return None


def _victims(lead: list[Span]) -> Answer | None:
    """The lead's counted subject of a killing or injuring verb: "At least seven people"."""
    for unit in lead:
        for tok in unit:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in _CASUALTY_VERBS:
                continue
            subj = next((c for c in tok.children if c.dep_ in _SUBJ
                         and unit.start <= c.i < unit.end), None)
            if subj is None or not any(t.like_num or t.lower_ in _QUANTITY
                                       for t in subj.subtree):
                continue
            return _answer(unit.doc, *_np(subj, unit))
    return None


def _verb_lemmas(doc: Doc) -> set[str]:
    """Lemmas the article uses as verbs (one pass over the attribute array)."""
    arr = doc.to_array([POS, LEMMA])
    strings = doc.vocab.strings
    return {str(strings[h]).lower() for h in set(arr[arr[:, 0] == _VERB, 1].tolist())}


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


def _candidate(tok: Token, unit: Span) -> Token | None:
    """The subject of a clause headed by ``tok`` inside ``unit`` (None: not a clause)."""
    if tok.pos_ not in ("VERB", "AUX") or (tok.pos_ == "AUX" and tok.dep_ not in ("ROOT",)):
        return None
    if tok.dep_ in ("aux", "auxpass", "amod", "compound"):
        return None
    for c in tok.children:
        if c.dep_ in _SUBJ and unit.start <= c.i < unit.end:
            return c
    # headline participle: "German consulate in Afghanistan bombed"
    h = tok.head
    if (tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBG") and h.pos_ in ("NOUN", "PROPN")
            and h.i < tok.i and unit.start <= h.i < unit.end):
        return h
    return None


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


# --------------------------------------------------------------------------- answers


def _answer(doc: Doc, start: int, end: int, value: str | None = None) -> Answer | None:
    while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].is_space
                               or doc[end - 1].dep_ == "cc" or doc[end - 1].tag_ == "POS"):
        end -= 1
    while end - start > 1 and (doc[start].is_punct or doc[start].is_space
                               or doc[start].dep_ == "cc"):
        start += 1
    if end <= start:
        return None
    span = doc[start:end]
    if not span.text.strip() or all(t.is_punct for t in span):
        return None
    return Answer(span.text, span.start_char, span.end_char, value)


def _np(tok: Token, unit: Span, limit: int = 8) -> tuple[int, int]:
    """The noun phrase of ``tok`` without relative clauses, appositions and long tails."""
    start = tok.left_edge.i
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl"):
            break
        if child.right_edge.i - start >= limit:
            break
        end = child.right_edge.i + 1
    if tok.i - start > limit:
        start = tok.i - limit
    return _clip(start, end, unit)


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


def _iso(value: str) -> dt.date | None:
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3] or 15))
    except ValueError:
        return None


#: a 24-hour or dotted clock time ("At 00:48 in Cleveland", "at 6.10") after a time preposition
_CLOCK_HINT = re.compile(r"\d[:.]\d\d")  # cheap first pass: most texts have few
_CLOCK = re.compile(r"(?<![\d.:])(?P<t>([01]?\d|2[0-3])[:.](?P<m>[0-5]\d))(?![.:]?\d)"
                    r"(?!\s*(?:per\b|%|pc\b|percent|points?\b|million|billion|seconds?\b|"
                    r"minutes?\b|[ap]\.?m\b))", re.I)
_CLOCK_PREP = re.compile(r"\b(?:at|around|about|until|by|from|before|after)\s+$", re.I)


def _clock_times(text: str, timexes: list[Timex], published: str | None) -> list[Timex]:
    """Clock times the time tagger leaves out ("At 00:48 in Cleveland", "called at 6.10"),
    read as a time on the publication day."""
    out: list[Timex] = []
    for hint in _CLOCK_HINT.finditer(text):
        m = _CLOCK.match(text, max(0, hint.start() - 1))
        if m is None and hint.start() > 0:
            m = _CLOCK.match(text, hint.start())
        if m is None or any(m.start("t") == t.start for t in out):
            continue
        s, e = m.start("t"), m.end("t")
        if not _CLOCK_PREP.search(text[max(0, s - 12):s]) or \
                any(t.start <= s < t.end or s <= t.start < e for t in timexes):
            continue
        hour, minute = m["t"][:-3], m["m"]
        day = published or "XXXX-XX-XX"
        out.append(Timex(m["t"], s, e, "TIME", f"{day}T{int(hour):02d}:{minute}", "time",
                         "publication"))
    return out


def _names(who: Answer | None) -> set[str]:
    """Lower-case capitalised words of the *who* answer: "Hillary Clinton" -> hillary, clinton."""
    if who is None:
        return set()
    return {w.lower() for w in re.findall(r"[A-Z][\w'-]+", who.text) if len(w) > 2}


def _when(doc: Doc, keys: set[str], unit: Span, top: list[Span], timexes: list[Timex],
          published: str | None, actors: AbstractSet[str] = frozenset()) -> Answer | None:
    """The event's own date phrase: near the event, near the publication date, specific.

    ``keys`` are the 4-letter lemma prefixes of the main clause's verbs and nouns;
    ``actors`` the lower-case names in *who* (a date of what the same actor did counts for).
    """
    pub = _iso(published) if published else None
    text = doc_text(doc)
    best: tuple[float, Timex] | None = None
    for t in timexes + _clock_times(text, timexes, published):
        score = _when_score(doc, text, t, keys, unit, top, pub, actors)
        if score is not None and (best is None or score > best[0]):
            best = (score, t)
    if best is not None and best[0] > MIN_WHEN_SCORE:
        start, end = _extend_timex(doc, text, best[1], timexes)
        return Answer(text[start:end], start, end, best[1].value)
    if pub is not None and published:
        text = f"{pub:%B} {pub.day}, {pub.year}"
        return Answer(text, None, None, published)
    if best is not None:
        t = best[1]
        return Answer(t.text, t.start, t.end, t.value)
    return None


def _when_score(doc: Doc, text: str, t: Timex, keys: set[str], unit: Span, top: list[Span],
                pub: dt.date | None, actors: AbstractSet[str] = frozenset()) -> float | None:
    """How likely ``t`` dates the main event (None: not a calendar date at all).

    ``text`` is ``doc.text``, built once by the caller."""
    if t.type not in ("DATE", "TIME") or t.value in _REF_VALUES:
        return None
    if t.text.isupper() and len(t.text) > 3:  # "TODAY" in an outlet's name
        return None
    size = max(doc[-1].idx + len(doc[-1].text), 1)
    score = 0.0
    if unit.start_char <= t.start < unit.end_char:
        score += 3.0
    elif any(u.start_char <= t.start < u.end_char for u in top):
        score += 1.0
    else:
        score -= t.start / size
    when = _iso(t.value)
    days: int | None = None
    if pub is not None:
        if when is not None:
            days = abs((when - pub).days)
            score += 1.5 if days <= 7 else (0.3 if days <= 31 else -5.0)
        elif re.fullmatch(r"\d{4}", t.value):
            score += -0.5 if t.value == str(pub.year) else -5.0
    score += 0.5 * (t.precision in ("day", "time"))
    if _VAGUE.fullmatch(t.text.strip()):
        score -= 1.0  # "this day", "this month": a quote's or a feature's own time
    if _TWEET_DATELINE.search(text[max(0, t.start - 40):t.start]) and (days is None or days > 1):
        score -= 2.0  # "-- Jane Roe (@jroe) October 29, 2016": an embedded post's date
    if _RELATIVE.search(t.text):
        score -= 1.5  # "48 hours before (they met)": dated from another event, not the news
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return score
    verb = _clause_verb(span.root)
    if _governors(span.root) & keys:
        score += 1.0  # dated mention of the main event itself: "the bombing late Thursday"
    elif verb is not None and actors and any(c.dep_ in _SUBJ and c.lower_ in actors
                                             for c in verb.children):
        score += ACTOR_BONUS  # the main actor's act that day: "Mrs Clinton told ... on Saturday"
    if verb is not None and verb.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ == "VBD" for c in verb.children):
        score -= 1.0  # "At midnight, she had taken to Twitter": before the news
    if _PART_OF_DAY.search(text[max(0, t.start - 24):t.start]):
        score += 0.5  # "in the early hours of Wednesday": as precise as "Wednesday morning"
    if "since" in text[max(0, t.start - 120):t.start].lower() and _since(span.root):
        score -= 1.0  # "protests since his victory was confirmed on Wednesday": a prior event
    return score


def _since(tok: Token) -> bool:
    """The timex lies in a "since ..." clause or phrase: it dates what came before the news."""
    for _ in range(CHAIN_STEPS):
        if tok.head.i == tok.i:
            return False
        if any(c.lower_ == "since" and c.dep_ in ("mark", "prep") for c in tok.head.children) \
                or tok.head.lower_ == "since":
            return True
        tok = tok.head
    return False


def _clause_verb(tok: Token) -> Token | None:
    """The verb of the clause a timex sits in (a few steps up the parse), None when none."""
    for _ in range(CHAIN_STEPS):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _governors(tok: Token) -> set[str]:
    """Lemma prefixes of the words a timex hangs from, up to its clause's verb:
    "talks on Thursday" in "to meet Obama during the transition talks" -> talk, meet."""
    out: set[str] = set()
    for _ in range(CHAIN_STEPS):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("NOUN", "VERB"):
            out.add(tok.lemma_.lower()[:4])
        if tok.pos_ == "VERB":
            break
    return out


def _extend_timex(doc: Doc, text: str, t: Timex, timexes: list[Timex]) -> tuple[int, int]:
    """Widen a timex with its modifiers and a joined date or time: "6.10am on Wednesday",
    "Nov 9, 2016 at 1:57am", "the early hours of Wednesday"."""
    start, end = t.start, t.end
    for other in timexes:  # "11am local time on Sunday": time then date, a few words apart
        gap = text[end:other.start]
        if other.start >= end and len(gap) <= 16 and "\n" not in gap and \
                re.fullmatch(r"[\s,]*(local time)?[\s,]*(on|at|,)?\s*", gap):
            end = other.end
            break
    part = _PART_OF_DAY.search(text[max(0, start - 24):start])
    if part is not None:
        start = max(0, start - 24) + part.start()
        if text[max(0, start - 4):start].lower() == "the ":
            start -= 4
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    i = span.start
    while i > 0 and doc[i - 1].lower_ in _TIME_MODS and "\n" not in doc[i - 1].whitespace_:
        i -= 1
    while i < span.start and doc[i].lower_ in _LEADING_PREPS:
        i += 1
    return doc[i].idx, end


def _hyphen_span(doc: Doc, start: int, end: int) -> Span | None:
    """A place mention with the rest of a hyphenated name: "Mazar" -> "Mazar-i-Sharif"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    e = span.end
    while e < len(doc) and not doc[e - 1].whitespace_ and (doc[e].text == "-" or
                                                           doc[e - 1].text == "-"):
        e += 1
    return doc[span.start:e]


def _described(span: Span) -> int:
    """Start of the describing noun phrase of a place: "northern Afghan city of X"."""
    doc = span.doc
    root = span.root
    s = span.start
    if root.dep_ == "pobj" and root.head.lower_ == "of" and \
            root.head.head.lemma_.lower() in _PLACE_NOUNS:
        noun = root.head.head
        s = min(s, noun.left_edge.i)
        while s < noun.i and (doc[s].pos_ in ("DET", "ADP", "PUNCT") or doc[s].tag_ == "POS"):
            s += 1
    return s


def _where(doc: Doc, clause: set[int], unit: Span, top: list[Span], places: list[Place],
           sal: Counter[str]) -> Answer | None:
    """The most specific, most repeated place tied to the main event (``clause``: its tokens)."""
    cands: list[tuple[int, int, str, str | None, str]] = [
        (p.start, p.end, p.feature, p.country, p.via) for p in places]
    covered = [(p.start, p.end) for p in places]
    for ent in doc.ents:  # facilities, regions and places the gazetteer does not hold
        if ent.label_ in ("ORG", "WORK_OF_ART", "PRODUCT") and ent.root.dep_ == "pobj" and \
                ent.root.head.lower_ in _BESIDE and not any(
                    s <= ent.start_char < e for s, e in covered):
            # "protest outside Trump Towers": a building the tagger took for something else
            cands.append((ent.start_char, ent.end_char, "site", None, "entity"))
            continue
        if ent.label_ == "GPE" and not _in_place(ent.root):
            continue  # untagged "GPE"s are often brands and bodies ("Brexit", "F.B.I.")
        if ent.label_ in ("FAC", "LOC", "GPE") and not any(
                s <= ent.start_char < e for s, e in covered):
            cands.append((ent.start_char, ent.end_char,
                          "site" if ent.label_ != "GPE" else "entity", None, "entity"))
    for s, e in _dateline_places(top):  # "WASHINGTON, Nov 6 (Reuters) -": no gazetteer hit
        if not any(cs <= s < ce for cs, ce in covered):
            cands.append((s, e, "city", None, "dateline"))
    cands.extend(_repeated_names(doc, top, cands))
    if not cands:
        return None
    spans = [_hyphen_span(doc, c[0], c[1]) for c in cands]
    names = Counter(sp.text.lower() for sp in spans if sp is not None)
    size = max(doc[-1].idx + len(doc[-1].text), 1)
    ends = {sp.end for sp in spans if sp is not None}
    scored: list[tuple[float, Span, str, str | None, bool]] = []
    for c, span in zip(cands, spans, strict=True):
        if span is None:
            continue
        start, _end, feature, country, via = c
        root = span.root
        score = _FEATURE_BONUS.get(feature, 0.8) + 0.3 * min(names[span.text.lower()] - 1, 4)
        locative = root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE
        if root.dep_ == "pobj" and root.head.lower_ == "of" and \
                root.head.head.lemma_.lower() in _PLACE_NOUNS:
            locative = True
        dateline = via == "dateline" or _dateline(span, top)
        if dateline:
            score += 3.0
        in_top = any(u.start <= root.i < u.end for u in top)
        if unit.start <= root.i < unit.end:
            score += 1.5 + 1.5 * (root.i in clause and locative)
        elif in_top:
            score += 1.0
        else:
            score -= 1.0 + start / size
        if locative:
            score += 0.5
        elif feature != "country" and _names_event(root):
            score += 1.0  # "Croydon tram crash", "Seattle shooting": the event's own place
        elif not dateline:
            score -= 2.0  # "US election", "Croydon tram crash": a modifier, not the scene
        # "Croydon, south London": the second place only says where the first lies
        k = span.start - 1
        while k > 0 and doc[k].pos_ == "ADJ":
            k -= 1
        if k > 0 and doc[k].text == "," and k in ends:
            score -= 1.0
        if in_top and (locative or dateline) and _described_as_part(span):
            feature = "part"  # "Croydon, a large suburb to the south of the city": inside one
        scored.append((score, span, feature, country, in_top and (locative or dateline)))
    if not scored:
        return None
    return _pick_place(doc, scored)


#: nouns naming an incident, whose place modifier is where it happened: "Croydon tram crash"
_EVENT_NOUNS = {"crash", "attack", "bombing", "shooting", "derailment", "blast", "explosion",
                "fire", "protest", "rally", "riot", "raid", "collision", "accident",
                "disaster", "tragedy", "siege", "massacre", "stabbing", "flood", "earthquake",
                "quake", "storm", "clash", "clashes", "shootout", "rescue", "standoff"}


#: nouns that say a place lies inside a larger one
_PART_NOUNS = {"suburb", "district", "borough", "neighbourhood", "neighborhood", "quarter",
               "village", "town"}


def _described_as_part(span: Span) -> bool:
    """"Croydon, a large suburb of London": an apposition naming the place part of another."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    return any(doc[i].lemma_.lower() in _PART_NOUNS
               for i in range(span.end + 1, min(span.end + 5, len(doc))))


def _in_place(tok: Token) -> bool:
    """``tok`` is where something is: "in Interlagos", "the village of Zhongmengchang"."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    return prep.lower_ in _IN_PLACE or (prep.lower_ == "of"
                                         and prep.head.lemma_.lower() in _PLACE_NOUNS)


def _names_event(tok: Token) -> bool:
    """A place that modifies an incident noun, through a chain of compounds."""
    steps = 0
    while tok.dep_ in ("compound", "amod", "nmod") and tok.head.i != tok.i and steps < 4:
        tok = tok.head
        steps += 1
    return steps > 0 and tok.lemma_.lower() in _EVENT_NOUNS


def _repeated_names(doc: Doc, top: list[Span], cands: list[tuple[int, int, str, str | None,
                                                                  str]]
                    ) -> list[tuple[int, int, str, str | None, str]]:
    """Untagged mentions, near the top, of names tagged as places elsewhere in the article:
    the tagger misses "Croydon" in "Croydon tram crash" that it finds further down."""
    known: dict[tuple[str, ...], tuple[str, str | None]] = {}
    for s, e, feature, country, via in cands:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or (via == "entity" and not _in_place(span.root)):
            continue  # only names the gazetteer knows or the text puts somewhere
        if any(t.is_alpha and len(t) > 2 for t in span):
            key = tuple(t.lower_ for t in span if not (t.i == span.start and t.pos_ == "DET"))
            if key and key not in known:
                known[key] = (feature, country)
    starts = {s for s, *_ in cands}
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for key in known:
        firsts.setdefault(key[0], []).append(key)
    out: list[tuple[int, int, str, str | None, str]] = []
    for unit in top:
        for tok in unit:
            for key in firsts.get(tok.lower_, ()):
                end = tok.i + len(key)
                if end <= unit.end and tok.idx not in starts and \
                        tuple(t.lower_ for t in doc[tok.i:end]) == key:
                    feature, country = known[key]
                    out.append((tok.idx, doc[end - 1].idx + len(doc[end - 1]), feature, country,
                                "repeat"))
                    starts.add(tok.idx)
    return out


def _pick_place(doc: Doc, scored: list[tuple[float, Span, str, str | None, bool]]
                ) -> Answer | None:
    """The best scored place, or a finer one inside it: a city inside the country named,
    a suburb the text places inside the city ("part")."""
    best = max(scored, key=lambda x: x[0])
    # the coders name the most specific place: the city inside the country named, the
    # suburb the text places inside the city
    finer = {"country": ("city", "site", "part"), "adm1": ("city", "site", "part"),
             "city": ("part",)}.get(best[2], ())
    inner = [x for x in scored if x[4] and x[2] in finer
             and (x[3] is None or x[3] == best[3]) and x[0] >= best[0] - SPECIFIC_MARGIN]
    if inner:
        best = max(inner, key=lambda x: x[0])
    _, span, _, country, _ = best
    s, e = doc[_described(span)].idx, span.end_char
    return Answer(span.doc[_described(span):span.end].text, s, e, country)


#: punctuation after a dateline's place: "WASHINGTON, Nov 6 (Reuters) -", "LONDON --"
_DATELINE_PUNCT = {",", "-", "--", "—", "–", "("}
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}


def _dateline_places(top: list[Span]) -> list[tuple[int, int]]:
    """Upper-case place names opening the story: "WASHINGTON, Nov 6 (Reuters) -", "LONDON --"."""
    out: list[tuple[int, int]] = []
    for unit in top[:3]:
        doc = unit.doc
        for tok in unit[:DATELINE_WINDOW]:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is None or nxt.text not in _DATELINE_PUNCT or not tok.is_alpha or \
                    not tok.is_upper or len(tok) < 3:
                continue
            after = doc[tok.i + 2].lower_[:3] if tok.i + 2 < len(doc) else ""
            if tok.ent_type_ not in ("GPE", "LOC") and nxt.text == "," and after not in _MONTHS:
                continue
            i = tok.i
            while i > unit.start and doc[i - 1].is_alpha and doc[i - 1].is_upper and \
                    len(doc[i - 1]) > 1:
                i -= 1
            out.append((doc[i].idx, tok.idx + len(tok)))
    return out


def _dateline(span: Span, top: list[Span]) -> bool:
    """An upper-case place near the top, followed by dateline punctuation: "LONDON --"."""
    doc = span.doc
    if span.end >= len(doc) or not span.text.isupper() or len(span.text) < 3:
        return False
    if doc[span.end].text not in _DATELINE_PUNCT or not top:
        return False
    return top[0].start <= span.start < top[-1].end and \
        span.start - top[0].start < DATELINE_WINDOW


def _why(verb: Token | None, unit: Span, head: Span | None, what: Answer | None,
         top: list[Span]) -> Answer | None:
    """A cause or purpose of the main event, in order of trust: a because/since or "to"
    clause on its verb, the headline's "after ..." / "as ..." after the predicate, a causal
    phrase ("in retaliation for") in the event's sentence or the top of the story."""
    found = _why_clause(verb, unit) if verb is not None else None
    if found is None and head is not None and what is not None and what.start is not None \
            and what.end is not None and head.start_char <= what.start < head.end_char:
        found = _why_headline(head, what.end)  # the event is the headline's
    if found is None:
        found = _why_phrase([unit] + [u for u in top if u is not unit])
    return found


def _why_clause(verb: Token, unit: Span) -> Answer | None:
    """A because/since clause, a causal "over"/"amid", a "to" aim on the main verb."""
    doc = verb.doc
    for child in verb.children:
        if not unit.start <= child.i < unit.end:
            continue
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CAUSAL_MARKS
                                         for m in child.children):
            return _answer(doc, *_clip(child.left_edge.i, child.right_edge.i + 1, unit))
        if child.dep_ == "prep" and child.lower_ in _CAUSAL_PREPS and child.i > verb.i:
            obj = [c for c in child.children if c.dep_ == "pobj"]
            if obj and obj[0].pos_ in _CAUSAL_NOUNS_OK and not obj[0].ent_type_:
                return _answer(doc, *_clip(child.i, child.right_edge.i + 1, unit))
        if child.dep_ == "advcl" and child.i > verb.i and any(  # purpose: "to make it lighter"
                a.dep_ == "aux" and a.lower_ == "to" and a.i < child.i for a in child.children):
            return _answer(doc, *_clip(child.left_edge.i, child.right_edge.i + 1, unit))
    return None


#: headline words after the predicate that introduce its cause or occasion
_HEADLINE_CAUSE = {"after", "as", "amid", "following", "because", "over"}


def _why_headline(head: Span, after_char: int) -> Answer | None:
    """"Toblerone sparks outrage after changing iconic shape": the words after the marker
    that follows the headline's predicate, up to a colon (without the marker)."""
    doc = head.doc
    for tok in head:
        if tok.idx < after_char or tok.lower_ not in _HEADLINE_CAUSE:
            continue
        end = tok.i + 1
        while end < head.end and doc[end].text not in (":", ";", "|") and \
                end - tok.i <= MAX_WHAT_TOKENS:
            end += 1
        if tok.lower_ == "as" and not any(doc[i].pos_ in ("VERB", "AUX")
                                          for i in range(tok.i + 1, end)):
            continue  # "named as three adults", "describes it as 'excellent'": no clause
        return _answer(doc, tok.i + 1, end) if end > tok.i + 1 else None
    return None


def _why_phrase(units: list[Span]) -> Answer | None:
    """A causal phrase ("in retaliation for air strikes") in the first unit that has one."""
    for unit in units:
        doc = unit.doc
        low = unit.text.lower()
        for phrase in _CAUSAL_PHRASES:
            pos = low.find(phrase)
            if pos < 0:
                continue
            span = doc.char_span(unit.start_char + pos, unit.end_char, alignment_mode="expand")
            if span is None:
                continue
            first = span[0]
            end = first.right_edge.i + 1 if first.right_edge.i > first.i else span.end
            return _answer(doc, *_clip(span.start, min(end, span.start + 12), unit))
    return None


def _how(verb: Token, unit: Span) -> Answer | None:
    """Method or manner: "with a truck bomb", "by storming ...", a manner adverb."""
    doc = verb.doc
    for child in verb.children:
        if not unit.start <= child.i < unit.end or child.i < verb.i:
            continue
        if child.dep_ == "prep" and child.lower_ in _METHOD_PREPS:
            obj = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            by_doing = child.lower_ == "by" and obj and obj[0].tag_ == "VBG"
            with_tool = (child.lower_ != "by" and obj and obj[0].pos_ == "NOUN"
                         and not obj[0].ent_type_)
            if by_doing or with_tool:
                return _answer(doc, *_clip(child.i, child.right_edge.i + 1, unit))
        if (child.dep_ == "advmod" and child.lower_.endswith("ly") and child.pos_ == "ADV"
                and child.lower_ not in _NOT_MANNER):
            return _answer(doc, child.i, child.i + 1)
    return None
