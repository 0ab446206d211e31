"""Actor resolution: noun phrases and entities to canonical actors with country and role codes.

Registered as the spaCy component ``newsgraph_actors``. It writes ``doc._.ng_actors`` (a list
of ``ActorMention``) and ``doc._.ng_actor_at`` (token index -> mention) so later components
can ask "which actor is this token part of?".

Resolution is within one Doc (one article) only: aliases ("Lee" -> "Lee Jae-won"),
acronyms ("DFAT"), pronouns and definite descriptions ("the ministry") point back to earlier
mentions of the same article. Identity across articles comes from canonical names: a person
is always named by the fullest form seen in the article, a state by its reference name, an
organisation by its reference name or its own words, so ``store.actor_id`` gives one row.

The concerns live in their own modules: ``actor_span`` (where a phrase starts and ends, the
country its own words name), ``actor_resolve`` (one phrase from its own words),
``actor_knowledge`` (shipped people and bodies with dated roles), ``actor_home`` (the
article's home country), ``actor_alias`` (short names and acronyms of earlier mentions),
``actor_coref`` (pronouns, definite descriptions, possessive owners, titles that stand for a
named person); this module runs them over a document.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph import reference as ref
from newsgraph.annotate.actor_alias import _initials
from newsgraph.annotate.actor_attackers import side_attackers
from newsgraph.annotate.actor_coref import (
    _GROUP_PRONOUNS,
    _PERSON_PRONOUNS,
    _PRONOUN_GENDER,
    _SPEAKER_PRONOUNS,
    _THING_PRONOUNS,
    STAFF_NOUNS,
    References,
    resolve_descriptions,
)
from newsgraph.annotate.actor_dict import ActorDictionary, NamedActor, load_dictionaries
from newsgraph.annotate.actor_home import dateline, fill_home, home_country
from newsgraph.annotate.actor_lexicon import Lexicon
from newsgraph.annotate.actor_possessors import event_possessors
from newsgraph.annotate.actor_resolve import resolve_span, self_roles
from newsgraph.annotate.actor_span import (
    _NAMED,
    _climb,
    _country_hit,
    _ents_in,
    noun_phrase,
)
from newsgraph.config import Config
from newsgraph.doc_cache import doc_text
from newsgraph.records import ActorMention

#: re-exported: callers and tests reach the phrase helpers through this module
__all__ = ["ActorResolver", "_ents_in", "apply_config", "noun_phrase", "resolve_span"]

VERSION = "0.2.0"

_ALL_PRONOUNS = _PERSON_PRONOUNS | _THING_PRONOUNS | _GROUP_PRONOUNS | _SPEAKER_PRONOUNS
#: the parts of speech a candidate head may have (``_candidate_heads``)
_HEAD_POS = frozenset({"NOUN", "PROPN", "PRON", "ADJ"})
#: prepositions whose object is the other party of an act, not the actor's home
_COUNTERPART_PREPS = {"against", "with", "on", "to", "toward", "towards", "from", "by"}


@Language.factory("newsgraph_actors", default_config={"dictionaries": []})
def make_actor_resolver(nlp: Language, name: str, dictionaries: list[str]) -> ActorResolver:
    return ActorResolver(dictionaries)


def apply_config(nlp: Language, config: Config) -> None:
    """Load ``config.actor_dictionaries`` into the pipeline's actor component.

    The spaCy pipeline is shared per process, so the dictionaries of the last applied config
    are the ones in force; call this after ``load_pipeline`` (``Pipeline`` does).
    """
    if "newsgraph_actors" not in nlp.pipe_names:
        return
    resolver = nlp.get_pipe("newsgraph_actors")
    if isinstance(resolver, ActorResolver):
        resolver.use_dictionary(load_dictionaries(list(config.actor_dictionaries)))


class ActorResolver:
    """Finds actor mentions and resolves them; stateless between documents."""

    version = VERSION

    def __init__(self, dictionaries: Sequence[str] = ()) -> None:
        self.lex = Lexicon(load_dictionaries(list(dictionaries)) if dictionaries else None)

    def use_dictionary(self, user: ActorDictionary) -> None:
        """Replace the user dictionary (reference tables stay underneath)."""
        self.lex = Lexicon(user)

    @property
    def user_names(self) -> dict[str, list[NamedActor]]:
        """Names and aliases of the user's named actors (spotted even where NER is silent)."""
        return self.lex.user_names

    def __call__(self, doc: Doc) -> Doc:
        state = _DocState(doc, self.lex)
        named = self._user_spans(doc)
        text = doc_text(doc)
        line = dateline(text, self.lex)
        for head in self._candidate_heads(doc, named):
            if head.i in state.actor_at or (line is not None and head.idx < line[0]):
                continue  # (a dateline's place and agency are no actors)
            state.resolve_head(head, named.get(head.i))
        state.place_shared_city_names()
        state.place_ethnic_groups()
        resolve_descriptions(state.mentions, state.spans)
        state.fill_person_countries()
        fill_home(state.mentions, home_country(text, doc._.ng_url, state.mentions, self.lex))
        self_roles(state.mentions, state.spans)
        side_attackers(state.mentions)
        doc._.ng_possessor_at = event_possessors(doc, state)
        state.mentions.sort(key=lambda m: m.start)
        doc._.ng_actors = state.mentions
        doc._.ng_actor_at = state.actor_at
        return doc

    def _user_spans(self, doc: Doc) -> dict[int, Span]:
        """Names of several words from the user dictionary ("Prince of Dol Amroth") found in
        the text, by their root token: NER may miss them or cut them up. One look-up per
        token in an index by first word, so linear in the article."""
        index = self.lex.user_multiword
        out: dict[int, Span] = {}
        if not index:
            return out
        i = 0
        while i < len(doc):
            for words in index.get(doc[i].lower_, ()):
                end = i + len(words)
                if end <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(words)):
                    span = doc[i:end]
                    out[span.root.i] = span
                    i = end - 1
                    break
            i += 1
        return out

    def _candidate_heads(self, doc: Doc, named: dict[int, Span] | None = None) -> list[Token]:
        """Tokens heading a noun phrase that may name an actor, in text order."""
        seen: set[int] = set(named or {})
        heads: list[Token] = [doc[i] for i in named or {}]
        roles = self.lex.roles
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"):
                # a demonym inside a larger phrase resolves with that phrase's head
                h = _climb(ent.root, self.lex)
                if h.i not in seen:
                    seen.add(h.i)
                    heads.append(h)
        for tok in doc:
            # every test below wants one of these parts of speech: the rest are skipped
            # before their lemma is read
            if tok.pos_ not in _HEAD_POS or tok.i in seen:
                continue
            low = tok.lemma_.lower()
            if tok.lower_ in self.lex.hyphen_tails and tok.i >= 2 and \
                    doc[tok.i - 1].text == "-":
                # "President-elect", "vice-president": the hyphenated title is the role
                low = f"{doc[tok.i - 2].lower_}-{tok.lower_}"
                low = low if low in roles else tok.lemma_.lower()
            if (tok.pos_ in ("NOUN", "PROPN") and (low in roles or tok.lower_ in roles
                                                   or low in STAFF_NOUNS and
                                                   any(c.dep_ == "poss" for c in tok.lefts))
                    and tok.dep_ not in ("compound", "amod")) or (
                    tok.pos_ == "PRON" and tok.lower_ in _ALL_PRONOUNS
                    and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")) or (
                    tok.pos_ in ("PROPN", "NOUN", "ADJ") and tok.text[:1].isupper()
                    and (self.lex.demonym(tok.text) or tok.lower_ in self.lex.names
                         or self.lex.ethnic_states(tok.text) is not None
                         or (tok.ent_type_ not in _NAMED and self.lex.misspelt(tok.text)))
                    ) or (
                    tok.pos_ == "PROPN" and tok.text.isupper() and len(tok) >= 2) or (
                    tok.pos_ == "PROPN" and tok.ent_type_ == "" and
                    tok.lower_ in self.lex.capitals) or (
                    tok.pos_ == "PROPN" and (tok.text in self.lex.orgs
                                             or tok.lower_ in self.user_names)):
                h = _climb(tok, self.lex)
                if h.i not in seen:
                    seen.add(h.i)
                    heads.append(h)
        heads.sort(key=lambda t: t.i)
        return heads


class _DocState(References):
    """What resolution has found so far in one document."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.published: str | None = doc._.ng_published
        self.mentions: list[ActorMention] = []
        self.actor_at: dict[int, ActorMention] = {}
        self.plural: dict[int, bool] = {}  # mention start -> head is a plural noun
        self.acronyms: dict[str, ActorMention] = {}
        self.persons: list[ActorMention] = []
        # person name word -> persons whose name holds it, in text order; and the latest
        # person of several words per word: alias look-ups stay linear in the article
        self.persons_with: dict[str, list[ActorMention]] = {}
        self.latest_with: dict[str, ActorMention] = {}
        self.shared_role: dict[int, ActorMention] = {}  # see ``_add_places``
        self.spans: dict[int, Span] = {}  # mention start char -> its span
        self.gender_of: dict[str, str] = {}  # person name -> gender its pronouns showed
        self.ethnic: dict[int, tuple[str, ...]] = {}  # mention start -> states of its group
        self._order: tuple[list[int], list[ActorMention]] | None = None  # see ``between``
        self._sents: tuple[list[int], list[int]] | None = None  # sentence starts: tokens, chars

    # -- one head ------------------------------------------------------------------------

    def resolve_head(self, head: Token, named: Span | None = None) -> None:
        span = named if named is not None else noun_phrase(head, self.lex)
        for part, phrase_head in self._coordinated(span, head):
            mention = self._earlier_name(part)
            if mention is None:
                mention = resolve_span(part, phrase_head, self.lex, self.published, span)
            if mention is not None and mention.via == "role":
                # "the ministry": a bare role noun may point back to a named one
                mention = self._definite(phrase_head, part) or mention
            if mention is not None and mention.kind == "person":
                mention = self._as_alias(mention, part) or mention
                self._from_acronym(mention, part)
            if mention is None:
                mention = self._resolve_reference(phrase_head, part)
            if mention is None:
                continue
            if mention.country is None and mention.via == "role":
                mention = self._possessor_country(phrase_head, mention)
            shared = self.shared_role.get(phrase_head.i)
            if shared is not None and mention.kind == "state" and not mention.roles:
                mention.roles, mention.kind = list(shared.roles), shared.kind
                mention.via += "+shared"
            self._add(mention, part, phrase_head)
            self._add_members(mention)
            self._add_places(mention, part, phrase_head)

    def _add_places(self, mention: ActorMention, span: Span, head: Token) -> None:
        """A role placed in several countries ("ambassadors of Arnor, Osgiliath and Gondor",
        "lawmakers in France and Germany") is one actor per country, as event coders count
        actors: the further countries become ``+member`` mentions over the same words.
        When the parser hangs the next country on the role noun instead ("Lawmakers in
        Fornost and Gondor" with Gondor a conjunct of "Lawmakers"), a bare country name
        right after the phrase takes the role when it is resolved."""
        if not mention.roles or not mention.country or mention.kind == "state":
            return
        doc = self.doc
        seen = {mention.country}
        placed = False
        for c in head.children:
            if c.dep_ != "prep" or c.lower_ not in ("of", "in", "from") or \
                    not span.start <= c.i < span.end:
                continue
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                placed = True
                for conj in p.conjuncts:
                    if not span.start <= conj.i < span.end:
                        continue
                    hit = self.lex.country_in([t.text for t in doc[conj.left_edge.i:conj.i + 1]],
                                              places=False)
                    if hit is None or hit.iso3 in seen:
                        continue
                    seen.add(hit.iso3)
                    self.mentions.append(ActorMention(
                        mention.text, mention.start, mention.end, mention.name, mention.kind,
                        hit.iso3, list(mention.roles), mention.via + "+place+member"))
        if not placed:
            return
        for conj in head.conjuncts:
            between = doc[span.end:conj.i]
            if conj.i >= span.end and len(between) <= 2 and \
                    all(t.dep_ in ("cc", "punct") for t in between) and conj.pos_ == "PROPN" \
                    and not any(t.dep_ in ("det", "amod") for t in conj.children):
                self.shared_role[conj.i] = mention

    def _add_members(self, mention: ActorMention) -> None:
        """A collective name from the user dictionary ("the Benelux") also stands for each
        further member: one mention per member code over the same words, marked
        ``+member``; tokens keep pointing at the first (``actor_at``), and the event coder
        counts the members as actors of their own."""
        if not mention.via.startswith("dictionary"):
            return
        for code in self.lex.members.get(mention.name, ())[1:]:
            self.mentions.append(ActorMention(
                mention.text, mention.start, mention.end, mention.name, mention.kind,
                code[:3], [code[3:6]] if len(code) > 3 else [], mention.via + "+member"))

    def _add(self, mention: ActorMention, span: Span, head: Token) -> None:
        if mention.via == "pronoun" and head.lower_ in _PRONOUN_GENDER:
            self.gender_of.setdefault(mention.name, _PRONOUN_GENDER[head.lower_])
        self.mentions.append(mention)
        self.spans[mention.start] = span
        self.plural[mention.start] = head.tag_ in ("NNS", "NNPS")
        for tok in span:
            self.actor_at.setdefault(tok.i, mention)
        if mention.via not in ("pronoun", "definite", "alias", "acronym"):
            states = _ethnic_of(span, self.lex)
            if states is not None:
                self.ethnic[mention.start] = states
        if mention.kind == "person" and mention.via not in ("pronoun", "definite"):
            self.persons.append(mention)
            parts = mention.name.split()
            for w in dict.fromkeys(parts):
                self.persons_with.setdefault(w, []).append(mention)
                if len(parts) > 1:
                    self.latest_with[w] = mention
        if mention.kind in ("organisation", "group") and len(span) > 2:
            self.acronyms.setdefault(_initials(span), mention)
        self._note_defined_acronym(span, mention)

    def _coordinated(self, span: Span, head: Token) -> list[tuple[Span, Token]]:
        """Split "Hungarian and Romanian officials" into one phrase per country."""
        if not any(t.dep_ == "cc" for t in span) or head.pos_ == "PRON":
            return [(span, head)]
        hits: list[tuple[int, str]] = []  # token index, iso3
        # the head itself may be the last country ("Fornost and the evil Gondor")
        before = [t for t in span if t.i <= head.i]
        pos = 0
        while pos < len(before):
            hit = self.lex.country_in([t.text for t in before[pos:]], places=False)
            if hit is None:
                break
            if before[pos + hit.first].text[:1].isupper():
                hits.append((before[pos + hit.first].i, hit.iso3))
            pos += hit.last + 1
        if len({iso for _, iso in hits}) < 2:
            return [(span, head)]
        parts: list[tuple[Span, Token]] = []
        doc = span.doc
        for k, (i, _) in enumerate(hits):
            if k + 1 < len(hits):
                end = i + 1
                while end < hits[k + 1][0] and doc[end].dep_ not in ("cc", "punct"):
                    end += 1
                parts.append((doc[i:end], head))
            else:
                parts.append((doc[i:span.end], head))
        return parts

    # -- after all mentions --------------------------------------------------------------

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
    for t in span.doc[sent.start:span.start]:
        if "\n" in t.text:
            lo = t.i + 1
    for t in span.doc[span.end:sent.end]:
        if "\n" in t.text:
            hi = t.i
            break
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
