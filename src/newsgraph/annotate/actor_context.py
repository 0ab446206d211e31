"""The sentence context of actors, once every phrase of the article is resolved.

A city name several states share goes to the one its sentence names, an ethnic group to the
state it lives in, and a titled person or a bare role with no country to the one country its
sentence is about (not the other party of an act, not a body visited or a diplomat's host).
A mixin of the document state in ``actors``: it reads the mentions and spans that state kept.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from newsgraph import reference as ref
from newsgraph.annotate.actor_lexicon import Lexicon
from newsgraph.annotate.actor_span import _country_hit
from newsgraph.doc_cache import token_arrays
from newsgraph.records import ActorMention

#: prepositions whose object is the other party of an act, not the actor's home
_COUNTERPART_PREPS = {"against", "with", "on", "to", "toward", "towards", "from", "by"}


class SentenceContext:
    """Passes over the resolved mentions that read their sentences (see ``actors._DocState``)."""

    doc: Doc
    lex: Lexicon
    mentions: list[ActorMention]
    spans: dict[int, Span]
    ethnic: dict[int, tuple[str, ...]]
    _order: tuple[list[int], list[ActorMention]] | None

    def between(self, lo: int, hi: int) -> list[ActorMention]:
        """Mentions whose phrase starts in tokens ``lo:hi`` (a sentence), found by bisection
        so the passes after resolution stay linear in the article, not quadratic."""
        if self._order is None:
            order = sorted((self.spans[m.start].start, k) for k, m in enumerate(self.mentions)
                           if m.start in self.spans)
            self._order = ([i for i, _ in order], [self.mentions[k] for _, k in order])
        starts, ordered = self._order
        return ordered[bisect_left(starts, lo):bisect_left(starts, hi)]

    def place_shared_city_names(self) -> None:
        """A city name several states share goes to the one its sentence is about.

        "militias in Tripoli ... the north Lebanese port": Tripoli is Libya's capital and a
        Lebanese city; the sentence naming Lebanon, and not Libya, settles it.
        """
        from newsgraph.geo.gazetteer import fold, index

        for m in self.mentions:
            span = self.spans.get(m.start)
            if span is None or not m.country or \
                    m.via.split("+")[0] not in ("capital", "city"):
                continue
            hit = _country_hit(span, span.root, self.lex)
            if hit is None or hit.via not in ("capital", "city"):
                continue
            words = [t.text for t in span if not t.is_punct or t.text == "'s"]
            name = fold(" ".join(words[hit.first:hit.last + 1]))
            shared = {e.country for e in index().get(name, ()) if e.feature == "city"}
            if len(shared) < 2:
                continue
            lo, hi = _paragraph_sentence(span)
            named = {o.country for o in self.between(lo, hi) if o is not m and o.country}
            if m.country in named:
                continue
            other = named & shared
            if len(other) == 1:
                iso = other.pop()
                if m.kind == "state" and iso in ref.countries():
                    m.name = ref.countries()[iso].name
                m.country = iso
                m.via += "+sentence"

    def place_ethnic_groups(self) -> None:
        """An ethnic group is coded with the state it lives in, which its sentence names.

        "Shona rebels" facing "the Mozambique government" are Mozambique's; "ethnic
        Albanians" demonstrating "in Serbia" are Serbia's. The state most often named in the
        sentence wins when it is one the group lives in (any state for "ethnic X"); refugees
        are placed by where they come from, so they keep their own country.
        """
        for m in self.mentions:
            states = self.ethnic.get(m.start)
            span = self.spans.get(m.start)
            if states is None or span is None or "REF" in m.roles:
                continue
            lo, hi = _paragraph_sentence(span)
            counts: dict[str, int] = {}
            for other in self.between(lo, hi):
                osp = self.spans[other.start]
                if other is m or other.start in self.ethnic or not other.country:
                    continue
                if other.country[:3] in ("IGO", "NGO", "IMG") or _diplomatic(osp):
                    continue
                if not states or other.country in states:
                    counts[other.country] = counts.get(other.country, 0) + 1
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) and \
                    m.country != ranked[0][0]:
                m.country = ranked[0][0]
                m.via += "+ethnic"
            if m.kind == "group" and not m.roles:
                m.roles = ["CVL"]  # an ethnic group as such: civilians

    def fill_person_countries(self) -> None:
        """A titled person or a bare role with no country takes the one country their
        sentence is about.

        "President Omar al-Bashir ... freedoms in Sudan": a title without a nationality names
        a domestic office of the country the sentence discusses; so do "police", "prisoners"
        or "the opposition newspaper" in a sentence about one country. Countries that are the
        other party of an act ("threatened action against Russia") do not count, unless they
        sit on the other side of the state/society line (a president and "the Zambian
        people", protesters and "the Algerian President"): those acts are domestic. Bodies a
        person visits (IGOs, named organisations) and diplomats, who act abroad by trade, say
        nothing of nationality; nor do mentions whose name the article already tied to a
        country.
        """
        by_name: dict[str, ActorMention] = {}
        for m in self.mentions:
            if m.kind == "person" and m.country:
                by_name.setdefault(m.name, m)
        for m in self.mentions:
            if m.country or not m.roles or not ("person" in m.via or m.via == "role"):
                continue
            if m.name in by_name and m.kind == "person":
                m.country = by_name[m.name].country
                m.via += "+alias"
                continue
            span = self.spans.get(m.start)
            if span is None:
                continue
            found = self._context_countries(m, span)
            if len(found) == 1:
                m.country = found.pop()
                m.via += "+context"
        for m in self.mentions:  # aliases and pronouns copied before the fill see it now
            if m.kind == "person" and not m.country and m.name in by_name:
                m.country = by_name[m.name].country
        fixed = {(m.name, m.kind): m.country for m in self.mentions
                 if m.country and m.via.endswith("+context")}
        for m in self.mentions:
            if not m.country and (m.name, m.kind) in fixed and \
                    (m.kind == "person" or m.via in ("pronoun", "definite")):
                m.country = fixed[(m.name, m.kind)]

    def _context_countries(self, m: ActorMention, span: Span) -> set[str]:
        """Countries of the other actors in ``m``'s sentence that speak for its nationality."""
        lo, hi = _paragraph_sentence(span)
        side = _side(m)
        found: set[str] = set()
        for other in self.between(lo, hi):
            osp = self.spans[other.start]
            if other is m or not other.country:
                continue
            if other.country[:3] in ("IGO", "NGO", "IMG") or _diplomatic(osp):
                continue  # a body a person visits says little of their nationality
            if other.via.split("+")[0] == "org" and not _reports(osp, span):
                continue
            if _counterpart(osp.root, span.root) or _counterpart(span.root, osp.root):
                other_side = _side(other)
                if side is None or other_side is None or other_side == side:
                    continue
                if m.kind == "state" or other.kind == "state":
                    continue  # a state as a party: foreign relations ("sales to Croatia")
            found.add(other.country)
        return found


def _paragraph_sentence(span: Span) -> tuple[int, int]:
    """Token range of the span's sentence, clipped at paragraph breaks (a headline the parser
    ran into the first sentence is not the same sentence)."""
    sent = span.sent
    lo, hi = sent.start, sent.end
    # the nearest line breaks before and after the span, from the doc's list of them
    newlines = token_arrays(span.doc).newlines
    k = bisect_left(newlines, span.start) - 1
    if k >= 0 and newlines[k] >= sent.start:
        lo = newlines[k] + 1
    k = bisect_left(newlines, span.end)
    if k < len(newlines) and newlines[k] < sent.end:
        hi = newlines[k]
    return lo, hi


#: sectors that act for the state and sectors of the society it governs
_STATE_SIDE = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
_SOCIETY_SIDE = frozenset({"CVL", "OPP", "REB", "PTY", "MED", "EDU", "BUS", "LAB", "AGR",
                           "CRM", "REF", "REL", "HLH", "ELI", "HRI", "UAF"})
#: nouns of those who represent a state abroad
_DIPLOMATIC = frozenset({"diplomat", "ambassador", "envoy", "embassy", "consul", "consulate",
                         "attaché", "attache", "chargé", "charge"})
_SAY = frozenset({"say", "report", "announce", "state", "tell", "add", "confirm", "claim"})


def _ethnic_of(span: Span, lex: Lexicon) -> tuple[str, ...] | None:
    """The states of the ethnic group a phrase names ("Kurdish fighters"); ``()`` for
    "ethnic" + demonym (any state); None when the phrase names no ethnic group."""
    words = list(span)
    for k, t in enumerate(words):
        if t.text[:1].isupper():
            states = lex.ethnic_states(t.text)
            if states is not None:
                return states
        if t.lower_ == "ethnic" and k + 1 < len(words) and lex.demonym(words[k + 1].text):
            return ()
    return None


def _side(m: ActorMention) -> str | None:
    """"state" or "society": which side of a domestic act the mention stands on."""
    if m.kind == "state" and not m.roles:
        return "state"
    if m.kind == "group" and not m.roles and m.via.startswith("demonym"):
        return "society"  # "Young Algerians": the people
    for r in m.roles:
        if r in _STATE_SIDE:
            return "state"
        if r in _SOCIETY_SIDE:
            return "society"
    return None


def _diplomatic(span: Span) -> bool:
    """Does the phrase name a diplomat or a mission ("Moroccan diplomats", "the Ambassador
    of Morocco")?"""
    return any(t.lemma_.lower() in _DIPLOMATIC or t.lower_ in _DIPLOMATIC for t in span)


def _reports(source: Span, span: Span) -> bool:
    """Is ``source`` the subject of the reporting verb whose clause holds ``span``
    ("President Clinton imposed sanctions ..., the White House said")?"""
    verb = source.root.head
    if source.root.dep_ != "nsubj" or verb.lemma_.lower() not in _SAY:
        return False
    t = span.root
    for _ in range(12):
        if t.head.i == verb.i:
            return t.dep_ in ("ccomp", "parataxis") or t.i == verb.i
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _counterpart(tok: Token, person: Token) -> bool:
    """True when ``tok`` sits in the object side of the clause ``person`` acts in.

    Walking up from ``tok``: a direct object, or the object of "against", "with", "on" ...,
    marks the other party; a place ("in Sudan", "throughout Indonesia") does not.
    """
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "throughout", "across", "within"):
        return False
    verb = person.head if person.dep_ != "ROOT" else person
    t = tok
    for _ in range(12):
        if t.dep_ in ("dobj", "dative", "attr") and t.head.i != person.i:
            return True
        if t.dep_ == "pobj" and t.head.lower_ in _COUNTERPART_PREPS and \
                t.head.head.lower_ != "according":  # "according to X": X reports, no party
            return True
        if t.head.i == t.i or t.head.i == verb.i or t.i == person.i:
            break
        t = t.head
    return False
