"""The headline and lead forms of the 5W1H summary: the headline unit, its chrome, headline
verbs the tagger misreads, tolls ("Seven killed as ...") and their victims."""

from __future__ import annotations

import re

from spacy.attrs import LEMMA, POS
from spacy.symbols import VERB as _VERB_SYM
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.summary_spans import _SUBJ, MAX_WHAT_TOKENS, _answer, _np
from newsgraph.records import Answer

_VERB = int(_VERB_SYM)

MAX_HEADLINE_TOKENS = 30

#: alphabetic tokens a unit must keep after its web chrome to stay a candidate
MIN_REST_TOKENS = 6

#: web chrome that survives cleaning: share buttons, captions, ad slots
_CHROME = re.compile(r"opens in new window|\bclick to\b|\bimage caption\b|\bmedia caption\b|"
                     r"\bembed\b|\bskip ad\b|\bshare this\b|\bsign up\b|\bsubscribe\b|"
                     r"\bget \w+ updates\b|\bcopyright\b", re.I)


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
