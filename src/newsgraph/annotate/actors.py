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
named person), ``actor_context`` (what a mention's sentence tells once all are resolved:
shared city names, ethnic groups, the country of a titled person), ``actor_history``
(descriptions by a past office or an occupation: "the former secretary of state"),
``actor_roles`` (one role per person across the article); this module finds the
candidate phrases and runs them over a document.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy import symbols as sym
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.annotate.actor_alias import _initials
from newsgraph.annotate.actor_attackers import side_attackers
from newsgraph.annotate.actor_context import SentenceContext, _ethnic_of
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
from newsgraph.annotate.actor_roles import person_roles
from newsgraph.annotate.actor_span import (
    _NAMED,
    _climb,
    _ents_in,
    noun_phrase,
)
from newsgraph.config import Config
from newsgraph.doc_cache import doc_text, token_arrays
from newsgraph.records import ActorMention

#: re-exported: callers and tests reach the phrase helpers through this module
__all__ = ["ActorResolver", "_ents_in", "apply_config", "noun_phrase", "resolve_span"]

VERSION = "0.2.0"

_ALL_PRONOUNS = _PERSON_PRONOUNS | _THING_PRONOUNS | _GROUP_PRONOUNS | _SPEAKER_PRONOUNS
#: the parts of speech a candidate head may have (``_candidate_heads``), by symbol id
_HEAD_POS = {int(sym.NOUN): "NOUN", int(sym.PROPN): "PROPN", int(sym.PRON): "PRON",
             int(sym.ADJ): "ADJ"}


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
        resolve_descriptions(state.mentions, state.spans, self.lex)
        state.fill_person_countries()
        fill_home(state.mentions, home_country(text, doc._.ng_url, state.mentions, self.lex))
        person_roles(state.mentions)
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
        lex = self.lex
        for i, pos_id in enumerate(token_arrays(doc).pos):
            # every test below wants one of these parts of speech: the rest are skipped
            # from the doc's part-of-speech column, before a Token is built for them
            pos = _HEAD_POS.get(pos_id)
            if pos is None or i in seen:
                continue
            tok = doc[i]
            lower = tok.lower_
            low = tok.lemma_.lower()
            if lower in lex.hyphen_tails and i >= 2 and doc[i - 1].text == "-":
                # "President-elect", "vice-president": the hyphenated title is the role
                low = f"{doc[i - 2].lower_}-{lower}"
                low = low if low in roles else tok.lemma_.lower()
            text = tok.text
            if (pos in ("NOUN", "PROPN") and (low in roles or lower in roles
                                              or low in STAFF_NOUNS and
                                              any(c.dep_ == "poss" for c in tok.lefts))
                    and tok.dep_ not in ("compound", "amod")) or (
                    pos == "PRON" and lower in _ALL_PRONOUNS
                    and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")) or (
                    pos in ("PROPN", "NOUN", "ADJ") and text[:1].isupper()
                    and (lex.demonym(text) or lower in lex.names
                         or lex.ethnic_states(text) is not None
                         or (tok.ent_type_ not in _NAMED and lex.misspelt(text)))
                    ) or (
                    pos == "PROPN" and text.isupper() and len(tok) >= 2) or (
                    pos == "PROPN" and tok.ent_type_ == "" and
                    lower in lex.capitals) or (
                    pos == "PROPN" and (text in lex.orgs
                                        or lower in lex.user_names)):
                h = _climb(tok, self.lex)
                if h.i not in seen:
                    seen.add(h.i)
                    heads.append(h)
        heads.sort(key=lambda t: t.i)
        return heads


class _DocState(References, SentenceContext):
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
        for i in range(span.start, span.end):
            self.actor_at.setdefault(i, mention)
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


