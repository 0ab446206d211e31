"""Actor resolution: noun phrases and entities to canonical actors with country and role codes.

Registered as the spaCy component ``newsgraph_actors``. It writes ``doc._.ng_actors`` (a list
of ``ActorMention``) and ``doc._.ng_actor_at`` (token index -> mention) so later components
can ask "which actor is this token part of?".

Resolution is within one Doc (one article) only: aliases ("Lee" -> "Lee Jae-won"),
acronyms ("DFAT"), pronouns and definite descriptions ("the ministry") point back to earlier
mentions of the same article. Identity across articles comes from canonical names: a person
is always named by the fullest form seen in the article, a state by its reference name, an
organisation by its reference name or its own words, so ``store.actor_id`` gives one row.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph import reference as ref
from newsgraph.annotate.actor_coref import resolve_descriptions
from newsgraph.annotate.actor_dict import ActorDictionary, NamedActor, load_dictionaries
from newsgraph.annotate.actor_home import dateline, fill_home, home_country
from newsgraph.annotate.actor_knowledge import Resolved
from newsgraph.annotate.actor_lexicon import CountryHit, Lexicon
from newsgraph.config import Config
from newsgraph.records import ActorKind, ActorMention
from newsgraph.reference import Igo, RoleNoun

VERSION = "0.2.0"

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_THING_PRONOUNS = {"it"}
_GROUP_PRONOUNS = {"they", "them"}
_STOP_INITIALS = {"of", "and", "for", "the", "on", "in", "&"}
_ACRONYM_DOTS = re.compile(r"^([A-Z]\.){2,}$")
#: prepositions whose object is the other party of an act, not the actor's home
_COUNTERPART_PREPS = {"against", "with", "on", "to", "toward", "towards", "from", "by"}
#: how many sentences back a pronoun may look for its antecedent
PRONOUN_WINDOW = 2
#: prepositions whose object still belongs to the actor phrase ("Rebels in the Ivory Coast")
_PHRASE_PREPS = {"of", "in", "for", "at", "from", "throughout", "across"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_FEMALE = {"spokeswoman", "policewoman", "businesswoman", "queen", "chairwoman", "woman",
           "congresswoman", "princess", "empress", "duchess"}
_MALE = {"spokesman", "policeman", "businessman", "king", "chairman", "man", "congressman",
         "prince", "emperor", "duke", "militiaman"}
_UNNAMED_PERSONS = {"man", "woman", "boy", "girl", "person", "individual", "teenager", "child",
                    "suspect", "victim", "client", "captain", "crew", "driver", "passenger",
                    "lawyer", "husband", "wife", "son", "daughter", "father", "mother"}
_DEMONSTRATIVES = {"this", "that", "these", "those", "one"}
_FLEEING = {"flee", "escape"}
#: possessive pronouns and the pronoun whose antecedent they share ("their forces")
_POSSESSIVES = {"their": "they", "its": "it", "his": "he", "her": "she"}
_PLACED = {"base", "operate", "station", "locate", "headquarter"}
_KINDS: dict[str, ActorKind] = {"person": "person", "organisation": "organisation",
                                "state": "state", "group": "group"}


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
        return self.lex.user.person_names()

    def __call__(self, doc: Doc) -> Doc:
        state = _DocState(doc, self.lex)
        named = self._user_spans(doc)
        line = dateline(doc.text, self.lex)
        for head in self._candidate_heads(doc, named):
            if head.i in state.actor_at or (line is not None and head.idx < line[0]):
                continue  # (a dateline's place and agency are no actors)
            state.resolve_head(head, named.get(head.i))
        state.place_shared_city_names()
        state.place_ethnic_groups()
        resolve_descriptions(state.mentions, state.spans)
        state.fill_person_countries()
        fill_home(state.mentions, home_country(doc.text, doc._.ng_url, state.mentions, self.lex))
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
            if tok.i in seen:
                continue
            low = tok.lemma_.lower()
            if (tok.pos_ in ("NOUN", "PROPN") and (low in roles or tok.lower_ in roles)
                    and tok.dep_ not in ("compound", "amod")) or (
                    tok.pos_ == "PRON" and tok.lower_ in
                    _PERSON_PRONOUNS | _THING_PRONOUNS | _GROUP_PRONOUNS
                    and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")) or (
                    tok.pos_ in ("PROPN", "NOUN", "ADJ")
                    and (self.lex.demonym(tok.text) or tok.lower_ in self.lex.names
                         or self.lex.ethnic_states(tok.text) is not None
                         or (tok.ent_type_ not in _NAMED and self.lex.misspelt(tok.text)))
                    and tok.text[:1].isupper()) or (
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


def _climb(tok: Token, lex: Lexicon | None = None) -> Token:
    """The head of the phrase a modifier belongs to ("Romanian" in "Hungarian and Romanian
    officials" -> "officials"), so a phrase is resolved once, as a whole."""
    h = tok
    for _ in range(8):
        mods = ("amod", "compound", "nmod", "poss")
        if h.dep_ == "poss" and _own_actor(h, lex):
            break  # "Clinton's plan for Syria": a person owning a thing stays themself
        if (h.dep_ == "conj" and h.head.i < h.i and h.head.dep_ in mods) or (
                h.dep_ in mods and h.head.pos_ in ("NOUN", "PROPN") and h.head.i > h.i):
            h = h.head
        else:
            break
    return h


def _own_actor(tok: Token, lex: Lexicon | None = None) -> bool:
    """A possessor that is an actor of its own (a person, a named body), not the home of
    what it owns the way "Russia's foreign ministry" is."""
    if tok.ent_type_ == "PERSON":
        return True
    # a named body ("the FBI's investigation"), unless NER calls a country an ORG ("Niger")
    if tok.ent_type_ != "ORG" or tok.lower_ in ref.country_names() or \
            tok.lower_ in ref.demonyms():
        return False
    if lex is not None:
        # "Quatar's emir" (misspelt), "Democratic People's Republic of Korea"
        if lex.misspelt(tok.text):
            return False
        lo = tok.left_edge.i
        words = [t.text for t in tok.doc[lo:min(len(tok.doc), tok.head.i + 4)]]
        hit = lex.country_in(words, places=False)
        if hit is not None and hit.first + lo <= tok.i < hit.last + lo:
            return False  # the possessive is inside a country's name
    return True


class _DocState:
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

    # -- references to earlier mentions --------------------------------------------------

    def _earlier_name(self, span: Span) -> ActorMention | None:
        """A one-word name the article already introduced: "DFAT", "Whitby" (whatever NER
        calls it the second time)."""
        words = [t for t in span if not t.is_punct]
        if len(words) != 1 or words[0].pos_ != "PROPN":
            return None
        text = words[0].text
        if text in self.acronyms and text.isupper():
            return _copy(self.acronyms[text], span, "acronym")
        p = self.latest_with.get(text)
        return _copy(p, span, "alias") if p is not None else None

    def _from_acronym(self, mention: ActorMention, span: Span) -> None:
        """"AFP Assistant Commissioner Clare Whitby": the agency acronym gives the country."""
        if mention.country:
            return
        for tok in span:
            org = self.acronyms.get(tok.text) if tok.text.isupper() else None
            if org is not None and org.country:
                mention.country = org.country
                if not mention.roles:
                    mention.roles = list(org.roles)
                mention.via += "+acronym"
                return

    def _as_alias(self, mention: ActorMention, span: Span) -> ActorMention | None:
        """An earlier person whose full name contains this shorter name ("Lee" -> "Lee Jae-won")."""
        words = mention.name.split()
        # only persons holding the first word can hold them all
        for p in reversed(self.persons_with.get(words[0], []) if words else self.persons):
            full = p.name.split()
            if len(words) < len(full) and all(w in full for w in words):
                out = _copy(p, span, "alias")
                if not out.roles and mention.roles:
                    out.roles = list(mention.roles)
                return out
        return None

    def _resolve_reference(self, head: Token, span: Span) -> ActorMention | None:
        """Aliases, acronyms and pronouns: point back to an earlier mention when evidence allows."""
        text = span.text
        if head.text in self.acronyms and head.text.isupper():
            return _copy(self.acronyms[head.text], span, "acronym")
        if head.ent_type_ == "PERSON" or head.pos_ == "PROPN":
            p = self.latest_with.get(text)
            if p is not None:
                return _copy(p, span, "alias")
        if head.pos_ == "PRON":
            return self._pronoun(head, span)
        return self._definite(head, span)

    def _pronoun(self, head: Token, span: Span, as_word: str | None = None
                 ) -> ActorMention | None:
        """The nearest earlier compatible mention within ``PRONOUN_WINDOW`` sentences.

        A person pronoun takes the nearest person; "it" the nearest singular organisation or
        state; "they" the nearest plural or group mention. With a subject pronoun, an earlier
        subject of the same kind is preferred over a nearer object ("Tokyo protested to
        Canberra. It said ..." -> Tokyo).
        """
        doc = self.doc
        if self._sents is None:  # once per article: doc.sents walks the whole document
            self._sents = ([s.start for s in doc.sents], [s.start_char for s in doc.sents])
        starts, start_chars = self._sents
        idx = max(0, bisect_right(starts, head.i) - 1)
        window_start = start_chars[max(0, idx - PRONOUN_WINDOW)]
        low = as_word or head.lower_
        fits: list[ActorMention] = []
        for m in reversed(self.mentions):
            if m.start < window_start or m.start >= head.idx:
                continue
            many = self.plural.get(m.start, False)
            if low in _PERSON_PRONOUNS and m.kind == "person" and not many:
                gender = _gender(m) or self.gender_of.get(m.name)
                if gender is None or gender == _PRONOUN_GENDER[low]:
                    fits.append(m)
            elif (low in _THING_PRONOUNS and m.kind in ("organisation", "state")
                  and not many) or (low in _GROUP_PRONOUNS and (many or m.kind == "group")):
                fits.append(m)
        if not fits:
            return None
        choice = fits[0]
        if head.dep_ in ("nsubj", "nsubjpass"):
            # a subject pronoun continues the topic: prefer the nearest main-clause subject,
            # then any subject ("Tokyo protested to Canberra. It said ..." -> Tokyo)
            subjects = [m for m in fits if _is_subject(self.spans.get(m.start), main=True)] or \
                [m for m in fits if _is_subject(self.spans.get(m.start), main=False)]
            if subjects:
                choice = subjects[0]
            elif len({(f.name, f.country) for f in fits}) > 1 and low not in _PERSON_PRONOUNS:
                return None  # several candidates and no subject to prefer: too ambiguous
        elif len({(f.name, f.country) for f in fits}) > 1 and low not in _PERSON_PRONOUNS:
            return None
        if self._blocked(choice, head, low):
            return None
        return _copy(choice, span, "pronoun")

    def _blocked(self, choice: ActorMention, pronoun: Token, word: str | None = None) -> bool:
        """A nearer competitor the article did not name makes the guess unsafe.

        For "he"/"she": an unnamed person ("the man", "her client", "the captain"). For
        "it"/"they": a subject that is no actor ("This is the agreement ... It tells").
        """
        first = self.spans.get(choice.start)
        lo = first.end if first is not None else pronoun.i
        person = (word or pronoun.lower_) in _PERSON_PRONOUNS
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
                    t.pos_ in ("NOUN", "PROPN") or t.lower_ in _DEMONSTRATIVES
                    or t.lemma_.lower() in _UNNAMED_PERSONS):
                return True
        return False

    def _definite(self, head: Token, span: Span) -> ActorMention | None:
        """"the ministry", "the diplomat", "the force": the nearest earlier mention of its kind.

        Only a phrase made of "the" + role noun(s) refers back; the antecedent must contain
        the same role noun or carry the same role code with a country.
        """
        lemma = head.lemma_.lower()
        role = self.lex.roles.get(lemma)
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

    def _note_defined_acronym(self, span: Span, mention: ActorMention) -> None:
        """"Department of Foreign Affairs and Trade (DFAT)" defines DFAT."""
        doc = self.doc
        end = span.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            acr = doc[end + 1].text
            # the acronym must spell the phrase: "Washington (AFP)" is a dateline's agency
            if acr.isupper() and len(acr) >= 2 and not self.lex.names.get(acr.lower()) \
                    and acr[0] == (_initials(span) or " ")[0]:
                self.acronyms[acr] = mention

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


def _copy(m: ActorMention, span: Span, via: str) -> ActorMention:
    return ActorMention(text=span.text, start=span.start_char, end=span.end_char, name=m.name,
                        kind=m.kind, country=m.country, roles=list(m.roles), via=via)


def _initials(span: Span) -> str:
    return "".join(t.text[0] for t in span if t.is_alpha and t.lower_ not in _STOP_INITIALS
                   and t.text[0].isupper())


def noun_phrase(head: Token, lex: Lexicon | None = None) -> Span:
    """The actor phrase around ``head``: left modifiers, right ``of``/``in`` phrases."""
    roles = lex.roles if lex else ref.role_nouns()
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "poss", "det", "nummod", "cc", "conj",
                          "punct") and child.i < head.i:
            if child.dep_ == "punct" and child.text not in ("-",):
                continue
            start = min(start, child.left_edge.i)
    for child in head.lefts:
        if child.dep_ == "poss" and _own_actor(child, lex) and child.i < head.i:
            # "Obama's press secretary Josh Earnest": the owner is another actor; the
            # phrase starts after the possessive
            start = max(start, child.right_edge.i + 1)
    end = head.i + 1
    names = lex.names if lex else ref.country_names()
    head_role = roles.get(head.lemma_.lower()) or roles.get(head.lower_)
    for child in head.rights:
        if child.dep_ in ("compound", "flat"):
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i == end and \
                _name_text(doc[start:child.right_edge.i + 1]) in names:
            # "Republic of Korea": a country's formal name is one phrase, never "Republic"
            end = child.right_edge.i + 1
        elif child.dep_ == "prep" and child.lower_ in _PHRASE_PREPS and \
                head.ent_type_ != "GPE" and child.i == end:
            obj = [c for c in child.children if c.dep_ == "pobj"]
            # "the government of Sindh province": the place may be the object's modifier
            named = obj and any(t.ent_type_ in ("GPE", "ORG", "NORP", "LOC") for t in
                                (obj[0], *(c for c in obj[0].lefts if c.dep_ == "compound")))
            # "Minister for Interior", "Secretary of State": a capitalised title's portfolio
            title = head.text[:1].isupper() and obj and obj[0].pos_ == "PROPN" and \
                head_role is not None and head_role.kind == "person"
            if obj and (named or title or obj[0].lemma_.lower() in roles):
                end = max(end, child.right_edge.i + 1)
        elif child.dep_ == "appos" and child.left_edge.i == end and head_role is not None and \
                not child.left_edge.is_punct and \
                child.pos_ == "PROPN" and child.ent_type_ in ("PERSON", "ORG"):
            # "the opposition newspaper La Prensa", "Minister for Interior Aftab Sherpao":
            # the name right after a role noun is the name of that actor
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ == "acl" and child.lemma_ in _FLEEING and child.i == end and any(
                t.ent_type_ in ("GPE", "NORP") for t in child.subtree):
            # "refugees fleeing the civil war in Liberia": where they flee from is their home
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ == "acl" and child.lemma_ in _PLACED and child.i == end:
            # "a terror group based in Trinidad": where the actor sits is part of the phrase
            prep = [c for c in child.children if c.dep_ == "prep" and c.lower_ in ("in", "at")]
            if prep:
                end = max(end, prep[0].right_edge.i + 1)
    if end < len(doc) and doc[end].lower_ in ("in", "at") and doc[end].head.i == head.head.i and \
            head.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("NOUN", "PROPN"):
        # "The Foreign Ministry in Tokyo said": the parser often hangs the place on the verb
        obj = [c for c in doc[end].children if c.dep_ == "pobj"]
        role = roles.get(head.lemma_.lower())
        if obj and obj[0].ent_type_ == "GPE" and role is not None and \
                role.kind == "organisation":
            end = doc[end].right_edge.i + 1
    # an apposition after a comma is another actor ("refugees fleeing the war in Liberia,
    # the World Food Program said")
    comma = next((k for k in range(head.i + 1, end) if doc[k].text in (",", ";")), None)
    if comma is not None and any(doc[k].dep_ == "appos" and doc[k].head.i < comma
                                 for k in range(comma + 1, end)):
        end = comma
    # a phrase never spans a paragraph break (a headline run into the first sentence)
    for k in range(end - 1, start - 1, -1):
        if "\n" in doc[k].text and k < head.i:
            start = k + 1
            break
    # never start on a determiner, possessive marker, conjunction or punctuation
    while start < end - 1 and (doc[start].dep_ in ("det", "case", "punct", "cc")
                               or doc[start].pos_ in ("NUM", "DET")
                               or doc[start].lower_ in ("more", "than", "least", "at")):
        start += 1
    return doc[start:end]


def _name_text(span: Span) -> str:
    """A phrase as a lower-cased name key, without a leading article."""
    text = span.text.lower()
    return text[4:] if text.startswith("the ") else text


def _country_hit(span: Span, head: Token, lex: Lexicon) -> CountryHit | None:
    """The country of a phrase: names and demonyms, then capitals and cities in it."""
    words = [t for t in span if not t.is_punct or t.text == "'s"]
    texts = [t.text for t in words]
    # a place must be tagged as one: "Hassan" in a person's name is no Indian city
    places = [t.ent_type_ in ("GPE", "LOC", "FAC") or (
        t.ent_type_ == "" and t.pos_ == "PROPN" and t.lower_ in lex.capitals) or (
        # "the town of Samarra" tagged NORP: a proper noun that is no demonym is a place
        t.ent_type_ == "NORP" and t.pos_ == "PROPN" and not lex.demonym(t.text)
        and lex.ethnic_states(t.text) is None) for t in words]
    feature = head.lemma_.lower()
    if feature in _LOCAL_FEATURES:
        # "Beaufort, Moore and Cumberland counties", "Main Street": a local place's name
        # matching some city abroad says nothing of a country
        places = [False] * len(words)
    elif feature in _INSTITUTIONS:
        # "Columbia University", "Cornell Tech School": only a capital places it
        places = [p and t.lower_ in lex.capitals for p, t in zip(places, words, strict=True)]
    hit = lex.country_in(texts, places=places)
    if hit is None:
        # misspelt names: only words that are no part of a person's, a body's or a
        # place's own name ("Columbia University" is not Colombian)
        hit = lex.country_in([t.text if t.ent_type_ not in _NAMED else "" for t in words],
                             places=False, fuzzy=True)
    return hit


#: heads of local places whose names never stand for a city abroad
_LOCAL_FEATURES = frozenset({"county", "township", "parish", "borough", "street", "avenue",
                             "road", "boulevard", "lane", "drive", "square", "park", "bridge"})
#: heads of institutions named after a place or a founder
_INSTITUTIONS = frozenset({"university", "college", "school", "institute", "hospital",
                           "academy", "seminary", "tech"})
_NAMED = frozenset({"PERSON", "FAC"})


def resolve_span(span: Span, head: Token, lex: Lexicon | None = None,
                 published: str | None = None, whole: Span | None = None) -> ActorMention | None:
    """Resolve an actor phrase from its own words: organisation, country, role, person name.

    ``whole`` is the full phrase when ``span`` is one part of a coordination ("Hungarian" in
    "Hungarian and Romanian officials"): the role comes from the whole phrase.
    """
    lex = lex or Lexicon()
    whole = whole if whole is not None else span
    words = [t for t in span if not t.is_punct or t.text in ("-", "'s")]
    if not words:
        return None
    role_words = [t for t in whole if not t.is_punct or t.text in ("-", "'s")]
    lemmas = [t.lemma_.lower() if t.lower_ not in lex.roles else t.lower_ for t in role_words]
    head_pos = next((i for i, t in enumerate(role_words) if t.i == head.i), len(role_words) - 1)
    role_hit = lex.role_of(lemmas, head_pos)
    if role_hit is not None:
        # a role word inside a country's name ("Democratic People's Republic") is no role
        hit_words = lex.country_in([t.text for t in role_words], places=False)
        if hit_words is not None and hit_words.first <= role_hit[1] <= hit_words.last:
            role_hit = None
    if role_hit is not None and role_hit[0].kind == "person" and any(
            t.lower_ in ("former", "ex", "ex-") for t in role_words[:role_hit[1]]):
        role_hit = (RoleNoun("ELI", "person"), role_hit[1])  # former office holders: elites
    roles: list[str] = [role_hit[0].role] if role_hit else []
    kind: ActorKind = _KINDS.get(role_hit[0].kind, "unknown") if role_hit else "unknown"
    title_at = role_words[role_hit[1]].i if role_hit else -1

    def mk(name: str, k: ActorKind, country: str | None, rs: list[str], via: str) -> ActorMention:
        return ActorMention(span.text, span.start_char, span.end_char, name, k, country, rs, via)

    # 1. named actors from the user's dictionary
    person = _person_name(span, head, title_at)
    for cand in ([person.text] if person is not None else []) + [span.text]:
        entry = lex.user.lookup(cand, published)
        if entry is not None:
            rs = list(entry.roles) or roles
            return mk(entry.name, _KINDS.get(entry.kind, "person"), entry.country, rs,
                      "dictionary")
    # 1b. people the shipped knowledge knows, coded for the article's date
    # (a name inside a modifier of another head is not the actor: "anti-Trump activists")
    named_head = person is not None and (person.start <= head.i < person.end
                                         or title_at < person.start)
    if person is not None and named_head:
        known = _known_person(person, lex, published)
        principal = _principal(span, person, lex, published)
        if principal is not None and (known is None or not known.dated):
            # "Clinton press secretary Brian Fallon": staff act for their principal's
            # side; the person stays their own actor
            return mk(known.name if known else person.text, "person", principal.country,
                      list(principal.roles), "knowledge+principal")
        if known is not None:
            # the role held on the article's date wins over a title ("President-elect
            # Trump" is a candidate); without one, the text's own title tells the role
            # ("President Bill Clinton" in an undated text)
            rs = list(known.roles) if known.dated or not roles else roles
            return mk(known.name, "person", known.country, rs, "knowledge")
    # 2. organisations with fixed codes (IGOs, NGOs, armed groups)
    org = _known_org(span, lex)
    if org is not None:
        igo, org_text = org
        code = igo.code
        org_country, own = (code[:3], code[3:]) if len(code) > 3 else (code, "")
        rs = ([own] if own else [])
        extra = [r for r in roles if r not in rs]
        if org_country in ("IGO", "NGO", "IMG"):
            # "UN peacekeepers", "Arab League Secretary-General": the role inside the body
            if role_hit and title_at not in range(org_text.start, org_text.end):
                rs += extra
            elif role_hit and role_words[role_hit[1]].lemma_.lower() == "council":
                rs += extra  # the body's council governs it ("UN Security Council")
            if person is not None:
                return mk(person.text, "person", org_country, rs, "igo+person")
            if role_hit and role_hit[0].kind in ("person", "group") and \
                    title_at not in range(org_text.start, org_text.end):
                return mk(_canonical(span), _KINDS.get(role_hit[0].kind, "group"), org_country,
                          rs, "igo+role")
            return mk(igo.name, "organisation", org_country, rs, "igo")
        # a national organisation with a fixed code (an armed group, a party, a ministry);
        # a body of that name of another state says so ("the Philippine Justice Department")
        other = _country_hit(span, head, lex)
        if other is None or other.iso3 == org_country or other.via not in (
                "country", "demonym") or _hit_inside(span, other, org_text):
            return mk(igo.name, "group" if own in ("REB", "IMG", "INS") else "organisation",
                      org_country, rs or roles, "org")
    if person is None and (head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG")) and \
            head.ent_type_ in ("PERSON", "ORG", ""):
        # a surname alone ("Trump" tagged ORG), or a body the knowledge names
        run = _proper_run(span, head)
        known = lex.known.lookup(run.text, published) if run is not None else None
        if known is not None and (known.kind == "person" or len(run or ()) > 1):
            rs = list(known.roles) if known.dated or not roles else roles
            return mk(known.name, _KINDS.get(known.kind, "person"), known.country, rs,
                      "knowledge")
    hit = _country_hit(span, head, lex)
    country: str | None = hit.iso3 if hit else None
    via = [hit.via] if hit else []
    if hit and hit.via in ("capital", "city") and len(words) == 1:
        # a bare place name: a capital as subject or object speaks for its government,
        # any other city stands for the people there
        speaks = head.dep_ in ("nsubj", "nsubjpass", "dobj", "agent", "conj", "appos") or (
            head.dep_ == "pobj" and head.head.lower_ in ("by", "from", "with", "against"))
        if hit.via == "capital" and speaks and country is not None:
            cinfo = ref.countries().get(country)
            return mk(cinfo.name if cinfo else span.text, "state", country, ["GOV"], "capital")
        return mk(span.text, "group", country, ["CVL"], hit.via)
    if person is not None and role_hit is not None and \
            role_hit[0].kind in ("organisation", "group") and title_at < person.start:
        # "the opposition newspaper La Prensa": the name after the noun is the body's own
        if hit is not None and hit.via in ("capital", "city"):
            country, via = None, []
        return mk(person.text, kind, country, roles, "+".join(via + ["role"]))
    if person is not None:
        if hit is not None and hit.via in ("capital", "city"):
            country, via = None, []  # "Paris Chancellor Olaf Scholz": a dateline, no nationality
        if country is None and not roles and head.ent_type_ != "PERSON":
            return None
        return mk(person.text, "person", country, roles if kind == "person" or not roles
                  else roles, "+".join(via + ["person"]))
    if country is None and not roles and any(
            t.text[:1].isupper() and lex.ethnic_states(t.text) is not None for t in words):
        # "Tamils", "Kurdish villagers": an ethnic group whose state the sentence may tell
        return mk(_canonical(span), "group", None, ["CVL"], "ethnic")
    if country is None and not roles:
        org_ent = next((e for e in _ents_in(span) if e.label_ == "ORG"), None)
        if org_ent is not None:
            return mk(_canonical(span), "organisation", None, [], "org")
        return None
    if roles and country is None and not _ACRONYM_DOTS.match(span.text):
        # a bare role noun ("the police") is a mention without a country
        return mk(_canonical(span), kind, None, roles, "role")
    if not roles:
        assert country is not None
        name = ref.countries()[country].name if country in ref.countries() else span.text
        if head.tag_ in ("NNS", "NNPS") and lex.demonym(head.text):
            # "Palestinians", "Israelis": the people of a country
            return mk(name, "group", country, [], "demonym")
        whole_name = hit is not None and hit.via == "country" and hit.first == 0 and \
            hit.last >= len(words) - 1
        if not whole_name and len(words) > 3 or (hit and hit.last < len(words) - 1 and
                              words[-1].pos_ in ("NOUN", "PROPN")
                              and not lex.names.get(words[-1].lower_)):
            # "Serbian Workers' Union", "La Prensa": an organisation of that country
            if any(e.label_ == "ORG" for e in _ents_in(span)) or words[-1].pos_ == "PROPN":
                return mk(_canonical(span), "organisation", country, [], "+".join(via + ["org"]))
            # "Australian law", "an Indian proposal": a thing of that country, coded with
            # its country (event coders use it) but of unknown kind, so no pronoun binds to it
            return mk(_canonical(span), "unknown", country, [], "+".join(via + ["thing"]))
        return mk(name, "state", country, [], "+".join(via))
    return mk(_canonical(span), kind, country, roles, "+".join(via + ["role"]))


def _hit_inside(span: Span, hit: CountryHit, part: Span) -> bool:
    """Do the words of a country hit in ``span`` lie inside ``part`` (an org's name)?"""
    words = [t for t in span if not t.is_punct or t.text == "'s"]
    if not 0 <= hit.first < len(words):
        return False
    return part.start <= words[hit.first].i < part.end


def _ents_in(span: Span) -> list[Span]:
    """The entities lying wholly inside ``span``, read from the tokens' IOB tags.

    Same result as ``span.ents``, which walks every entity of the document on each call:
    quadratic over a long article, where this is linear in the phrase.
    """
    doc = span.doc
    out: list[Span] = []
    i = span.start
    while i < span.end:
        if doc[i].ent_iob_ != "B":
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        if j <= span.end:
            out.append(Span(doc, i, j, label=doc[i].ent_type_))
        i = j
    return out


def _known_org(span: Span, lex: Lexicon) -> tuple[Igo, Span] | None:
    """The longest known organisation named inside the phrase, with its tokens."""
    best: tuple[Igo, int, int] | None = None
    n = len(span)
    # the text of span[i:j] is the tokens' text with their trailing spaces, but the last's:
    # built from two lists instead of a Span (and its text) per candidate
    texts = [t.text for t in span]
    with_ws = [t.text_with_ws for t in span]
    for i in range(n):
        for j in range(n, i, -1):
            if best is not None and j - i <= best[2] - best[1]:
                break
            igo = lex.org("".join(with_ws[i:j - 1]) + texts[j - 1])
            if igo is not None:
                best = (igo, i, j)
                break
    return None if best is None else (best[0], span[best[1]:best[2]])



def _person_name(span: Span, head: Token, title_at: int) -> Span | None:
    """The person's name in the phrase: a PERSON entity, or proper nouns after a title."""
    people = [e for e in _ents_in(span) if e.label_ == "PERSON"]
    # "Clinton press secretary Brian Fallon": the person the phrase names is the one at its
    # head; a name before a staff title is the principal, another person
    ent = next((e for e in people if e.start <= head.i < e.end), people[-1] if people else None)
    if ent is not None:
        # "President Bush" tagged whole as PERSON: the name starts after the title
        toks = [t for t in ent if t.i > title_at]
        if toks and len(toks) < len(ent):
            return span.doc[toks[0].i:toks[-1].i + 1]
        return ent
    if title_at >= 0 and head.pos_ == "PROPN" and head.i > title_at:
        name = [t for t in span if t.i > title_at]
        if name and all(t.pos_ == "PROPN" or t.text in ("-", ".") for t in name) and \
                not any(t.ent_type_ in ("GPE", "NORP", "LOC") for t in name):
            return span.doc[name[0].i:name[-1].i + 1]
    return None


def _known_person(person: Span, lex: Lexicon, published: str | None) -> Resolved | None:
    """The shipped knowledge's entry for a person's name (a caption credit run into the
    name, "GETTY Donald Trump", is dropped)."""
    known = lex.known.lookup(person.text, published)
    if known is None:
        run = _proper_run(person, person[-1])
        if run is not None and len(run) < len(person):
            known = lex.known.lookup(run.text, published)
    return known if known is not None and known.kind == "person" else None


#: titles of those who work for a person (their principal)
_STAFF = frozenset({"secretary", "spokesman", "spokeswoman", "spokesperson", "aide",
                    "adviser", "advisor", "director", "manager", "chairman", "chairwoman",
                    "strategist", "chief", "counsel", "lawyer", "attorney", "surrogate"})


def _principal(span: Span, person: Span, lex: Lexicon, published: str | None
               ) -> Resolved | None:
    """The known office holder a staff title ties ``person`` to ("Clinton press secretary
    Brian Fallon", "Trump's campaign manager Kellyanne Conway"), valid on the date."""
    doc = span.doc
    lo = span.start
    if span.start > 0 and doc[span.start - 1].lower_ in ("'s", "’s"):
        lo = doc[span.start - 1].head.left_edge.i if doc[span.start - 1].head.i < \
            span.start else span.start
    between = doc[lo:person.start]
    if not any(t.lemma_.lower() in _STAFF for t in between):
        return None
    for ent in _ents_in(doc[lo:person.start]):
        if ent.label_ != "PERSON":
            continue
        got = _known_person(ent, lex, published)
        if got is not None and got.dated:
            return got
    return None


def _proper_run(span: Span, head: Token) -> Span | None:
    """The proper nouns ending at the head ("Donald Trump" in "GETTY Donald Trump" keeps
    only the words NER or the tagger call a name; caption words in capitals are no part)."""
    doc = span.doc
    start = head.i
    while start - 1 >= span.start and doc[start - 1].pos_ == "PROPN" and \
            not doc[start - 1].text.isupper():
        start -= 1
    return doc[start:head.i + 1] if head.i >= span.start else None


def _canonical(span: Span) -> str:
    """A readable canonical name: the phrase without determiners, numbers or possessives."""
    words = [t for t in span if not (t.dep_ in ("det", "nummod") or t.pos_ == "NUM")
             or t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON")]
    text = "".join(t.text_with_ws for t in words).strip()
    return text or span.text
