"""References between actor mentions of one article: pronouns, definite descriptions,
possessive owners and titles that stand for a named person.

- Pronouns ("he", "it", "they") take the nearest compatible earlier mention within
  ``PRONOUN_WINDOW`` sentences; a subject pronoun prefers an earlier subject.
- "The ministry", "the diplomat": the nearest earlier mention holding the same role noun.
- "Their forces": a role noun owned by a pronoun takes the country of its antecedent.
- "The president-elect", "the Republican nominee", "the FBI director": a definite
  description with a role noun, after the article named one known person holding that role,
  is that person (event coders code "the president-elect met Obama" as Trump). Only a
  unique earlier person of that role qualifies; with two candidates in the story ("the
  candidate" with Clinton and Trump) the description keeps its role and no name.

The methods are a mixin of the document state in ``actors`` (``References``); they read the
tables it keeps while resolving heads in text order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Span, Token

from newsgraph.annotate.actor_alias import Aliases, _copy
from newsgraph.annotate.actor_history import past_holder
from newsgraph.annotate.actor_lexicon import Lexicon
from newsgraph.doc_cache import sentence_starts, token_arrays
from newsgraph.records import ActorMention

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_THING_PRONOUNS = {"it"}
_GROUP_PRONOUNS = {"they", "them"}
#: first-person pronouns: inside a quotation they are its speaker
_SPEAKER_PRONOUNS = {"i", "me", "we", "us"}
#: verbs whose subject is the speaker of the quotation they introduce
_SAY_VERBS = frozenset({"say", "tell", "add", "insist", "write", "declare", "announce",
                        "state", "explain", "claim", "warn", "confirm", "reply", "tweet"})
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson"})
#: codes of bodies with no state ("IGO"...): their spokesperson keeps the role noun's code
_CLASSLESS = frozenset({"IGO", "NGO", "IMG", "MNC"})
#: nouns of the people who work for an owner ("his team", "Mr Trump's staff"): they act for
#: the owner's side, with its country and sector
STAFF_NOUNS = frozenset({"team", "staff", "aide", "personnel", "employee", "investigator"})
#: how many sentences back a pronoun may look for its antecedent
PRONOUN_WINDOW = 2
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_FEMALE = {"spokeswoman", "policewoman", "businesswoman", "queen", "chairwoman", "woman",
           "congresswoman", "princess", "empress", "duchess"}
_MALE = {"spokesman", "policeman", "businessman", "king", "chairman", "man", "congressman",
         "prince", "emperor", "duke", "militiaman"}
_UNNAMED_PERSONS = {"man", "woman", "boy", "girl", "person", "individual", "teenager", "child",
                    "suspect", "victim", "client", "captain", "crew", "driver", "passenger",
                    "lawyer", "husband", "wife", "son", "daughter", "father", "mother"}
_DEMONSTRATIVES = {"this", "that", "these", "those", "one"}
_PLURAL_DEMONSTRATIVES = {"these", "those"}
#: possessive pronouns and the pronoun whose antecedent they share ("their forces")
_POSSESSIVES = {"their": "they", "its": "it", "his": "he", "her": "she"}

#: roles a description may carry over to a named office holder
_OFFICE = frozenset({"GOV", "PTY", "LEG", "COP", "SPY", "JUD", "MIL"})


#: title words that say the office is no longer held
_FORMER = frozenset({"former", "ex", "ex-", "late"})
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame"})


def _after_the(span: Span) -> bool:
    doc = span.doc
    return span.start > 0 and doc[span.start - 1].lower_ == "the"


def _words(span: Span) -> list[str]:
    """Lower-cased words of a phrase, hyphenated titles joined ("president-elect"),
    punctuation and possessive marks dropped."""
    out: list[str] = []
    toks = [t for t in span if t.text == "-" or not (t.is_punct or t.lower_ in ("'s", "’s"))]
    i = 0
    while i < len(toks):
        if toks[i].text == "-" and out and i + 1 < len(toks):
            out[-1] = f"{out[-1]}-{toks[i + 1].lower_}"
            i += 2
            continue
        if toks[i].text != "-":
            out.append(toks[i].lower_)
        i += 1
    return out


def _title(m: ActorMention, span: Span) -> frozenset[str]:
    """The title words written before a named person ("FBI Director James Comey" ->
    fbi, director; "President-elect Donald Trump" -> president-elect)."""
    name = {w.lower() for w in m.name.split()} | \
        {t.lower_ for t in span if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"}
    out: list[str] = []
    for w in _words(span):
        if w in name:
            break
        if w not in _HONORIFICS and w not in ("the", "a", "an"):
            out.append(w)
    return frozenset(out)


def _in_title(word: str, title: frozenset[str]) -> bool:
    """Is ``word`` one of the title's words, up to an ending ("democratic" ~ "democrat")?
    Hyphenated titles match whole only ("president" is no "president-elect")."""
    if word in title:
        return True
    return len(word) >= 6 and "-" not in word and any(
        "-" not in t and len(t) >= 6 and (word.startswith(t) or t.startswith(word))
        for t in title)


def resolve_descriptions(mentions: list[ActorMention], spans: dict[int, Span],
                         lex: Lexicon | None = None) -> None:
    """Point definite role descriptions of a person at a person named before them.

    First by title: "the FBI director" after "FBI Director James Comey", "the
    President-elect" after "President-elect Donald Trump" (every word of the description
    is a word of a title the article gave one person; a "former" title only for a
    "former" description). Else by role: the one known office holder of that role named
    before. Later pronouns and aliases copied from the description follow it (mentions in
    text order; no antecedent is taken from a later sentence).
    """
    known: list[ActorMention] = []
    titled: list[tuple[frozenset[str], ActorMention]] = []
    moved: dict[str, ActorMention] = {}  # a description's own name -> whom it stands for
    for m in sorted(mentions, key=lambda x: x.start):
        span = spans.get(m.start)
        if m.via.split("+")[0] in ("pronoun", "definite", "alias") and m.name in moved:
            k = moved[m.name]
            m.name, m.country, m.roles = k.name, k.country, list(k.roles)
            continue
        if span is not None and _known_and_titled(m, span, known, titled):
            continue
        who = _stands_for(m, span, known, titled)
        if who is None and lex is not None and span is not None and m.kind == "person" \
                and m.via.startswith("role") and _after_the(span):
            who = past_holder(m, span, known, lex)
        if who is not None:
            moved[m.name] = who
            m.name, m.country, m.roles = who.name, who.country, list(who.roles)
            m.via = "description"


def _known_and_titled(m: ActorMention, span: Span, known: list[ActorMention],
                      titled: list[tuple[frozenset[str], ActorMention]]) -> bool:
    """Note a named person (shipped knowledge, or a title before a name); False for any
    other mention."""
    if m.kind != "person" or not (m.via.startswith("knowledge")
                                  or m.via.split("+")[-1] == "person"):
        return False
    if m.via.startswith("knowledge"):
        known.append(m)
    title = _title(m, span)
    if title:
        titled.append((title, m))
    return True


def _stands_for(m: ActorMention, span: Span | None, known: list[ActorMention],
                titled: list[tuple[frozenset[str], ActorMention]]) -> ActorMention | None:
    """The named person a definite role description stands for, if one fits alone."""
    if span is None or m.kind != "person" or not m.via.startswith("role") or \
            not m.roles or m.roles[0] not in _OFFICE or not _after_the(span):
        return None
    words = [w for w in _words(span) if w not in ("the",)]
    former = bool(_FORMER & set(words))
    role = m.roles[0]
    # every word in the title, or (same role) every modifier: "the Democratic
    # candidate" after "Democrat Hillary Clinton"
    by_title = {k.name: k for title, k in titled
                if words and former == bool(_FORMER & title) and (
                    words[-1] in title and set(words) <= title
                    or role in k.roles and len(words) > 1
                    and all(_in_title(w, title) for w in words[:-1]))}
    fits = by_title or {k.name: k for k in known if role in k.roles and
                        (m.country is None or k.country == m.country)}
    return next(iter(fits.values())) if len(fits) == 1 else None


class References(Aliases):
    """Pronoun, definite and possessive resolution over the mentions found so far."""

    actor_at: dict[int, ActorMention]
    plural: dict[int, bool]
    spans: dict[int, Span]
    gender_of: dict[str, str]
    _sents: tuple[list[int], list[int]] | None

    def _sentence_bounds(self) -> tuple[list[int], list[int]]:
        """Each sentence's first token and first character, once per article (the starts
        shared with ``Token.sent`` through ``doc_cache``)."""
        if self._sents is None:
            starts = sentence_starts(self.doc)
            self._sents = (starts, [self.doc[i].idx for i in starts])
        return self._sents

    def _possessor_country(self, head: Token, mention: ActorMention) -> ActorMention:
        """"Bosnian Serbs said their forces withdrew": a role noun owned by a pronoun takes
        the country of the pronoun's antecedent."""
        poss = next((c for c in head.lefts if c.dep_ == "poss" and c.lower_ in _POSSESSIVES),
                    None)
        if poss is None:
            return mention
        owner = self._pronoun(poss, self.doc[poss.i:poss.i + 1], _POSSESSIVES[poss.lower_])
        if owner is None or owner.country is None:
            return mention
        mention.country = owner.country
        mention.via += "+possessor"
        return mention

    def _resolve_reference(self, head: Token, span: Span) -> ActorMention | None:
        """Aliases, acronyms and pronouns: point back to an earlier mention when evidence allows."""
        text = span.text
        if head.text in self.acronyms and head.text.isupper():
            return _copy(self.acronyms[head.text], span, "acronym")
        if head.ent_type_ == "PERSON" or head.pos_ == "PROPN":
            p = self.latest_with.get(text)
            if p is not None:
                return _copy(p, span, "alias")
        if head.lemma_.lower() in STAFF_NOUNS:
            return self._staff(head, span)
        if head.pos_ == "PRON":
            found = self._antecedents(head, span)
            if not found:
                return None
            # "Mr Trump and Mr Ryan ... they": the further actors of a conjoined antecedent
            # are ``+member`` mentions over the pronoun's words (the event coder's sides)
            for other in found[1:]:
                self.mentions.append(_copy(other, span, "pronoun+member"))
            return _copy(found[0], span, "pronoun")
        return self._definite(head, span)

    def _staff(self, head: Token, span: Span) -> ActorMention | None:
        """"His team", "its personnel", "Mr Obama's staff": the owner's people, coded with
        the owner's country and sector (a group; the owner stays their own actor)."""
        poss = next((c for c in head.lefts if c.dep_ == "poss"), None)
        if poss is None:
            return None
        if poss.lower_ in _POSSESSIVES:
            owner = self._pronoun(poss, self.doc[poss.i:poss.i + 1], _POSSESSIVES[poss.lower_])
        else:
            owner = self.actor_at.get(poss.i)
        if owner is None or owner.country is None or owner.kind == "unknown":
            return None
        return ActorMention(span.text, span.start_char, span.end_char,
                            f"{owner.name} {head.lemma_.lower()}", "group",
                            owner.country, list(owner.roles[:1]), "possessor")

    def _pronoun(self, head: Token, span: Span, as_word: str | None = None
                 ) -> ActorMention | None:
        """The antecedent of a pronoun (the first of a conjoined set), as a copy over
        ``span``."""
        found = self._antecedents(head, span, as_word)
        return _copy(found[0], span, "pronoun") if found else None

    def _conjoined(self, m: ActorMention) -> list[ActorMention]:
        """The other actors coordinated with ``m`` when it is the first conjunct ("Mr Trump
        and Mr Ryan"), else ``[]``."""
        span = self.spans.get(m.start)
        if span is None or span.root.dep_ == "conj":
            return []
        out: list[ActorMention] = []
        for c in span.root.conjuncts:
            o = self.actor_at.get(c.i)
            if o is not None and o is not m and o.kind in ("person", "organisation", "state") \
                    and o.name != m.name and o not in out:
                out.append(o)
        return out

    def _speaker(self, pronoun: Token, lo_char: int) -> ActorMention | None:
        """The speaker of the quotation ``pronoun`` stands in, when it was introduced by a
        saying verb before it ("The President-elect said: "We discussed ...""); None
        outside quotation marks. Looks back from the pronoun to ``lo_char`` only."""
        doc = self.doc
        # the nearest quotation mark before the pronoun, from the doc's list of them (a
        # token-by-token walk back built a Token and read its text at every step)
        arrays = token_arrays(doc)
        q = bisect_left(arrays.quotes, pronoun.i) - 1
        if q < 0 or arrays.idx[arrays.quotes[q]] < lo_char:
            return None
        t = arrays.quotes[q]
        opening = doc[t]
        # the nearest quotation mark before it opens a quotation: a curly opening mark, or
        # a straight one after a space or a colon ('said: "He ...'); else it closes one
        if opening.text == "”" or opening.text == '"' and t > 0 and \
                not doc[t - 1].whitespace_ and doc[t - 1].text not in (":", ",", "(", "—"):
            return None
        lo = opening.sent.start_char
        for m in reversed(self.mentions):
            if m.start >= opening.idx or m.via.endswith("+member"):
                continue
            if m.start < lo:
                break
            span = self.spans.get(m.start)
            if span is not None and span.root.dep_ == "nsubj" and \
                    span.root.head.lemma_.lower() in _SAY_VERBS and m.kind == "person":
                if m.via.startswith("role"):  # "The President-elect said": who is that?
                    known: list[ActorMention] = []
                    titled: list[tuple[frozenset[str], ActorMention]] = []
                    for p in self.persons:
                        p_span = self.spans.get(p.start)
                        if p.start < m.start and p_span is not None:
                            _known_and_titled(p, p_span, known, titled)
                    k = _stands_for(m, span, known, titled)
                    if k is not None:
                        m.name, m.country, m.roles = k.name, k.country, list(k.roles)
                        m.via = "description"
                return m
        return None

    def _antecedents(self, head: Token, span: Span, as_word: str | None = None
                     ) -> list[ActorMention]:
        """The nearest earlier compatible mention within ``PRONOUN_WINDOW`` sentences, with
        the actors conjoined to it for "they".

        A person pronoun takes the nearest person; "it" the nearest singular organisation or
        state; "they" the nearest plural or group mention, or a coordination of actors
        ("Mr Trump and Mr Ryan ... they"), or failing those a subject organisation ("British
        Transport Police said ... They later confirmed"). With a subject pronoun, an earlier
        subject of the same kind is preferred over a nearer object ("Tokyo protested to
        Canberra. It said ..." -> Tokyo). Mentions after the pronoun never count.
        """
        starts, start_chars = self._sentence_bounds()
        idx = max(0, bisect_right(starts, head.i) - 1)
        window_start = start_chars[max(0, idx - PRONOUN_WINDOW)]
        low = as_word or head.lower_
        speaker = self._speaker(head, start_chars[max(0, idx - PRONOUN_WINDOW)])
        if low in _SPEAKER_PRONOUNS:
            return [speaker] if speaker is not None else []
        reporter = self._reporter(head, low)
        if reporter is not None:
            return [reporter]
        fits: list[ActorMention] = []
        groups: dict[int, list[ActorMention]] = {}
        bodies: list[ActorMention] = []  # organisations a subject "they" may stand for
        for m in reversed(self.mentions):
            if m.start < window_start or m.start >= head.idx or m.via.endswith("+member"):
                continue
            many = self.plural.get(m.start, False)
            if speaker is not None and m.name == speaker.name:
                continue  # "X said: 'He is a fine man'": a speaker says "I", not "he"
            if low in _PERSON_PRONOUNS and m.kind == "person" and not many:
                gender = _gender(m) or self.gender_of.get(m.name)
                if gender is None or gender == _PRONOUN_GENDER[low]:
                    fits.append(m)
            elif (low in _THING_PRONOUNS and m.kind in ("organisation", "state")
                  and not many) or (low in _GROUP_PRONOUNS and (many or m.kind == "group")):
                fits.append(m)
            elif low in _GROUP_PRONOUNS:
                others = self._conjoined(m)
                if others:
                    groups[m.start] = others
                    fits.append(m)
                elif m.kind == "organisation":
                    bodies.append(m)
        if not fits and low in _GROUP_PRONOUNS and head.dep_ in ("nsubj", "nsubjpass"):
            fits = [m for m in bodies if _is_subject(self.spans.get(m.start), main=True)][:1]
        if not fits:
            return []
        choice = fits[0]
        if head.dep_ in ("nsubj", "nsubjpass"):
            # a subject pronoun continues the topic: prefer the nearest main-clause subject,
            # then any subject ("Tokyo protested to Canberra. It said ..." -> Tokyo)
            # ... for a person, in the nearest sentence that has a candidate first: a subject
            # of the sentence just before outranks one further back ("X said Scholz was
            # unfit. He said: 'He is not ready'"); "it" and "they" keep to the main clause
            # subjects ("Japan says it was fishing legally" may be about its boat)
            near = [m for m in fits if bisect_right(start_chars, m.start) ==
                    bisect_right(start_chars, fits[0].start)] if low in _PERSON_PRONOUNS \
                else []
            subjects = [m for m in near if _is_subject(self.spans.get(m.start), main=True)] or \
                [m for m in near if _is_subject(self.spans.get(m.start), main=False)] or \
                [m for m in fits if _is_subject(self.spans.get(m.start), main=True)] or \
                [m for m in fits if _is_subject(self.spans.get(m.start), main=False)]
            if subjects:
                choice = subjects[0]
            elif len({(f.name, f.country) for f in fits}) > 1 and low not in _PERSON_PRONOUNS:
                return []  # several candidates and no subject to prefer: too ambiguous
        elif len({(f.name, f.country) for f in fits}) > 1 and low not in _PERSON_PRONOUNS:
            return []
        if self._blocked(choice, head, low):
            return []
        return [choice, *groups.get(choice.start, [])]

    def _reporter(self, pronoun: Token, low: str) -> ActorMention | None:
        """The body that reports about itself: "the Taliban said it carried out the
        attack", "the ministry said they would respond". A third-person subject of a saying
        verb's complement clause is the verb's own subject when that subject is a body or a
        group (persons are left to the gender and subject tests: "he said he")."""
        if low not in _THING_PRONOUNS and low not in _GROUP_PRONOUNS or \
                pronoun.dep_ != "nsubj":
            return None
        clause = pronoun.head
        verb = clause.head
        if clause.dep_ != "ccomp" or verb.i == clause.i or \
                verb.lemma_.lower() not in _SAY_VERBS:
            return None
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        m = self.actor_at.get(subj.i) if subj is not None else None
        if m is None or m.via.startswith("pronoun"):
            return None
        span = self.spans.get(m.start)
        # a body by its head noun too ("the Obama administration" named after a person);
        # not a state: "Japan says it was fishing legally" may well be about its boat
        noun = self.lex.roles.get(span.root.lemma_.lower()) if span is not None else None
        if m.kind not in ("organisation", "group") and (
                noun is None or noun.kind not in ("organisation", "group")):
            return None
        if low in _THING_PRONOUNS and span is not None and span.root.tag_ == "NNS":
            return None  # "the protesters said it": "it" is something else
        return m

    def _blocked(self, choice: ActorMention, pronoun: Token, word: str | None = None) -> bool:
        """A nearer competitor the article did not name makes the guess unsafe.

        For "he"/"she": an unnamed person ("the man", "her client", "the captain"). For
        "it"/"they": a subject that is no actor ("This is the agreement ... It tells").
        """
        first = self.spans.get(choice.start)
        lo = first.end if first is not None else pronoun.i
        person = (word or pronoun.lower_) in _PERSON_PRONOUNS
        group = (word or pronoun.lower_) in _GROUP_PRONOUNS
        if not person and first is not None and not _is_subject(first, main=False):
            # "The recall by New Zealand ... called it": a non-subject antecedent competes
            # with everything its own sentence is about
            lo = first.sent.start
        for t in self.doc[lo:pronoun.i]:
            if t.i in self.actor_at:
                continue
            if person and t.lemma_.lower() in _UNNAMED_PERSONS:
                return True
            if not person and t.dep_ in ("nsubj", "nsubjpass") and (
                    t.lemma_.lower() in _UNNAMED_PERSONS or (
                        t.pos_ in ("NOUN", "PROPN") or t.lower_ in _DEMONSTRATIVES) and (
                        not group or t.tag_ in ("NNS", "NNPS")
                        or t.lower_ in _PLURAL_DEMONSTRATIVES)):
                return True  # ("they": people or a plural; "the tram" is no "they")
        return False

    def _spokesman(self, head: Token, span: Span) -> ActorMention | None:
        """"A spokesman added", "the spokeswoman said": an unnamed spokesperson speaks for
        the body the text just named (within ``PRONOUN_WINDOW`` sentences), with its country
        and sector: an agent of that body, not the story's main actor."""
        starts, start_chars = self._sentence_bounds()
        idx = max(0, bisect_right(starts, head.i) - 1)
        lo = start_chars[max(0, idx - PRONOUN_WINDOW)]
        for m in reversed(self.mentions):
            if m.start >= span.start_char or m.via.endswith("+member"):
                continue
            if m.start < lo:
                break
            if m.kind == "organisation" and m.country and m.country[:3] not in _CLASSLESS:
                return ActorMention(span.text, span.start_char, span.end_char,
                                    f"{m.name} {head.lower_}", "person", m.country,
                                    list(m.roles[:1]) or ["GOV"], "spokesman")
        return None

    def _definite(self, head: Token, span: Span) -> ActorMention | None:
        """"the ministry", "the diplomat", "the force": the nearest earlier mention of its kind.

        Only a phrase made of "the" + role noun(s) refers back; the antecedent must contain
        the same role noun or carry the same role code with a country.
        """
        lemma = head.lemma_.lower()
        role = self.lex.roles.get(lemma)
        if lemma in _SPOKES and len([t for t in span if t.dep_ != "det"]) == 1:
            return self._spokesman(head, span)
        if role is None or not any(t.lower_ == "the" for t in head.lefts):
            return None
        if head.pos_ == "PROPN" or head.tag_ in ("NNS", "NNPS") or \
                len([t for t in span if t.dep_ != "det"]) != 1:
            return None  # only "the" + one common noun refers back
        if any(t.dep_ in ("amod", "compound") for t in head.lefts):
            return None
        for m in reversed(self.mentions):
            if m.start >= span.start_char:
                continue
            if m.via in ("pronoun", "definite"):
                continue
            if lemma in m.name.lower().split() or lemma in m.text.lower().split():
                return _copy(m, span, "definite")
        return None


def _is_subject(span: Span | None, *, main: bool) -> bool:
    """Is the phrase a clause subject (``main``: of the sentence's main verb, or a verb
    coordinated with it, outside quotation marks)?"""
    if span is None or span.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if not main:
        return True
    verb = span.root.head
    if verb.dep_ == "conj":
        verb = verb.head
    if verb.dep_ != "ROOT":
        return False
    sent = span.sent
    quotes_before = sum(1 for t in span.doc[sent.start:span.start] if t.text in ('"', "“", "”"))
    return quotes_before % 2 == 0


def _gender(m: ActorMention) -> str | None:
    """"f" or "m" when the mention's own words say so ("spokeswoman"), else None."""
    words = {w.lower() for w in m.text.split()} | {w.lower() for w in m.name.split()}
    if words & _FEMALE:
        return "f"
    if words & _MALE:
        return "m"
    return None

