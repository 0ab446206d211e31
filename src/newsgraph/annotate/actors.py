"""Actor resolution: noun phrases and entities to canonical actors with country and role codes.

Registered as the spaCy component ``newsgraph_actors``. It writes ``doc._.ng_actors`` (a list
of ``ActorMention``) and ``doc._.ng_actor_at`` (token index -> mention) so later components
can ask "which actor is this token part of?".
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph import reference as ref
from newsgraph.records import ActorKind, ActorMention

VERSION = "0.1.0"

_ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "dative", "appos", "conj", "agent", "attr"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_THING_PRONOUNS = {"it"}
_GROUP_PRONOUNS = {"they", "them"}
_STOP_INITIALS = {"of", "and", "for", "the", "on", "in", "&"}
#: how many sentences back a pronoun may look for its antecedent
PRONOUN_WINDOW = 2


@Language.factory("newsgraph_actors", default_config={})
def make_actor_resolver(nlp: Language, name: str) -> ActorResolver:
    return ActorResolver()


class ActorResolver:
    """Finds actor mentions and resolves them; stateless between documents."""

    version = VERSION

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[ActorMention] = []
        plural: dict[int, bool] = {}  # mention start -> head is a plural noun
        actor_at: dict[int, ActorMention] = {}
        heads = self._candidate_heads(doc)
        acronyms: dict[str, ActorMention] = {}
        persons: list[ActorMention] = []
        for head in heads:
            if head.i in actor_at:
                continue
            span = noun_phrase(head)
            mention = resolve_span(span, head)
            if mention is not None and mention.kind == "person":
                alias = _alias_of(mention, span, persons)
                mention = alias or mention
            if mention is None:
                mention = self._resolve_reference(doc, head, span, mentions, persons, acronyms,
                                                  plural)
            if mention is None:
                continue
            mentions.append(mention)
            plural[mention.start] = head.tag_ in ("NNS", "NNPS")
            for tok in span:
                actor_at.setdefault(tok.i, mention)
            if mention.kind == "person":
                persons.append(mention)
            if mention.kind in ("organisation", "group") and len(span) > 2:
                acronyms[_initials(span)] = mention
            self._note_defined_acronym(doc, span, mention, acronyms)
        mentions.sort(key=lambda m: m.start)
        doc._.ng_actors = mentions
        doc._.ng_actor_at = actor_at
        return doc

    @staticmethod
    def _candidate_heads(doc: Doc) -> list[Token]:
        """Tokens heading a noun phrase that may name an actor, in text order."""
        seen: set[int] = set()
        heads: list[Token] = []
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP", "ORG", "PERSON"):
                h = ent.root
                # a demonym inside a larger phrase resolves with that phrase's head
                while h.dep_ in ("compound", "amod", "nmod") and h.head.pos_ in ("NOUN", "PROPN"):
                    h = h.head
                if h.i not in seen:
                    seen.add(h.i)
                    heads.append(h)
        for tok in doc:
            if tok.i in seen:
                continue
            low = tok.lemma_.lower()
            if (tok.pos_ in ("NOUN", "PROPN") and low in ref.role_nouns()
                    and tok.dep_ not in ("compound", "amod")) or (
                    tok.pos_ == "PRON" and tok.lower_ in
                    _PERSON_PRONOUNS | _THING_PRONOUNS | _GROUP_PRONOUNS
                    and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")) or (
                    tok.pos_ == "PROPN" and tok.text.isupper() and len(tok) >= 2):
                seen.add(tok.i)
                heads.append(tok)
        heads.sort(key=lambda t: t.i)
        return heads

    @staticmethod
    def _resolve_reference(doc: Doc, head: Token, span: Span, mentions: list[ActorMention],
                           persons: list[ActorMention],
                           acronyms: dict[str, ActorMention],
                           plural: dict[int, bool]) -> ActorMention | None:
        """Aliases, acronyms and pronouns: point back to an earlier mention when evidence allows."""
        text = span.text
        if head.text in acronyms and head.text.isupper():
            m = acronyms[head.text]
            return _copy(m, span, "acronym")
        if head.ent_type_ == "PERSON" or head.pos_ == "PROPN":
            for p in reversed(persons):
                parts = p.name.split()
                if len(parts) > 1 and (text == parts[-1] or text == parts[0] or text in parts):
                    return _copy(p, span, "alias")
        if head.pos_ == "PRON":
            sent_start = head.sent.start
            window_start = sent_start
            sents = list(doc.sents)
            idx = next((i for i, s in enumerate(sents) if s.start == sent_start), 0)
            window_start = sents[max(0, idx - PRONOUN_WINDOW)].start
            low = head.lower_
            for m in reversed(mentions):
                tok_start = doc.char_span(m.start, m.end, alignment_mode="expand")
                if tok_start is None or tok_start.start < window_start or m.start >= head.idx:
                    continue
                many = plural.get(m.start, False)
                if low in _PERSON_PRONOUNS and m.kind == "person" and not many:
                    return _copy(m, span, "pronoun")
                if low in _THING_PRONOUNS and m.kind in ("organisation", "state") and not many:
                    return _copy(m, span, "pronoun")
                if low in _GROUP_PRONOUNS and (many or m.kind == "group"):
                    return _copy(m, span, "pronoun")
            return None
        lemma = head.lemma_.lower()
        if lemma in ref.role_nouns() and any(t.lower_ == "the" for t in span[:1]):
            for m in reversed(mentions):
                if m.start < span.start_char and m.country and lemma in m.name.lower():
                    return _copy(m, span, "definite")
        return None

    @staticmethod
    def _note_defined_acronym(doc: Doc, span: Span, mention: ActorMention,
                              acronyms: dict[str, ActorMention]) -> None:
        """"Department of Foreign Affairs and Trade (DFAT)" defines DFAT."""
        end = span.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            acr = doc[end + 1].text
            if acr.isupper() and len(acr) >= 2:
                acronyms[acr] = mention


def _alias_of(mention: ActorMention, span: Span,
              persons: list[ActorMention]) -> ActorMention | None:
    """An earlier person whose full name contains this shorter name ("Lee" -> "Lee Jae-won")."""
    words = mention.name.split()
    for p in reversed(persons):
        full = p.name.split()
        if len(words) < len(full) and all(w in full for w in words):
            return _copy(p, span, "alias")
    return None


def _copy(m: ActorMention, span: Span, via: str) -> ActorMention:
    return ActorMention(text=span.text, start=span.start_char, end=span.end_char, name=m.name,
                        kind=m.kind, country=m.country, roles=list(m.roles), via=via)


def _initials(span: Span) -> str:
    return "".join(t.text[0] for t in span if t.is_alpha and t.lower_ not in _STOP_INITIALS
                   and t.text[0].isupper())


def noun_phrase(head: Token) -> Span:
    """The actor phrase around ``head``: left modifiers, right ``of``/``in`` phrases."""
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "poss", "det", "nummod") and \
                child.dep_ != "case":
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat"):
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ == "prep" and child.lower_ in ("of", "in", "for", "at", "from"):
            obj = [c for c in child.children if c.dep_ == "pobj"]
            if obj and (obj[0].ent_type_ in ("GPE", "ORG", "NORP") or
                        obj[0].lemma_.lower() in ref.role_nouns()):
                end = max(end, child.right_edge.i + 1)
    # never start on a determiner or possessive marker
    while start < end - 1 and doc[start].dep_ in ("det", "case", "punct"):
        start += 1
    return doc[start:end]


_ACRONYM_DOTS = re.compile(r"^([A-Z]\.){2,}$")


def resolve_span(span: Span, head: Token) -> ActorMention | None:
    """Resolve an actor phrase from its own words: country, IGO, role, person name."""
    names = ref.country_names()
    country: str | None = None
    via: list[str] = []
    igo = ref.igos().get(span.text) or ref.igos().get(head.text)
    for ent in span.ents:
        if igo is None and ent.text in ref.igos():
            igo = ref.igos()[ent.text]
    words = [t for t in span if not t.is_punct]
    # countries: longest match of names or demonyms over the phrase's words
    low_words = [t.text.lower() for t in words]
    for n in (3, 2, 1):
        if country:
            break
        for i in range(len(low_words) - n + 1):
            gram = " ".join(low_words[i:i + n])
            if gram in names:
                country = names[gram]
                via.append("country")
                break
            if gram in ref.demonyms():
                country = ref.demonyms()[gram]
                via.append("demonym")
                break
    capital_iso = ref.capitals().get(span.text.lower())
    if country is None and capital_iso and head.dep_ in ("nsubj", "nsubjpass", "dobj", "agent"):
        country = capital_iso
        via.append("capital")
    roles: list[str] = []
    kind: ActorKind = "unknown"
    lemmas = [t.lemma_.lower() for t in words]
    role_table = ref.role_nouns()
    head_pos = next((i for i, t in enumerate(words) if t.i == head.i), len(words) - 1)
    for n in (2, 1):
        for i in range(len(lemmas) - n + 1):
            gram = " ".join(lemmas[i:i + n])
            if gram in role_table and not roles:
                # the role nearest the head (a title before a name counts too)
                roles.append(role_table[gram].role)
                kind = role_table[gram].kind  # type: ignore[assignment]
        if roles:
            break
    person: Span | None = next((e for e in span.ents if e.label_ == "PERSON"), None)
    if person is None and kind == "person" and head.pos_ == "PROPN":
        # "Chancellor Olaf Scholz": proper nouns after a title name a person, whatever NER said
        title_end = max((i for i, t in enumerate(words)
                         if t.lemma_.lower() in role_table and t.i < head.i), default=-1)
        name_toks = words[title_end + 1:]
        if title_end >= 0 and name_toks and all(t.pos_ == "PROPN" or t.text == "-"
                                                for t in name_toks):
            person = span.doc[name_toks[0].i: name_toks[-1].i + 1]
    if igo is not None:
        return ActorMention(span.text, span.start_char, span.end_char, igo.name, "organisation",
                            igo.code[:3], [igo.code[3:]] if len(igo.code) > 3 else [], "igo")
    if person is not None:
        return ActorMention(span.text, span.start_char, span.end_char, person.text, "person",
                            country, roles, "+".join(via + ["person"]))
    if country is None and not roles:
        if head.ent_type_ == "ORG" and head_pos >= 0:
            org = next((e for e in span.ents if e.label_ == "ORG"), None)
            if org is not None:
                return ActorMention(span.text, span.start_char, span.end_char, org.text,
                                    "organisation", None, [], "org")
        return None
    if roles and country is None and not _ACRONYM_DOTS.match(span.text):
        # a bare role noun ("the police") is a mention without a country; keep it unresolved
        return ActorMention(span.text, span.start_char, span.end_char, _canonical(span),
                            kind, None, roles, "role")
    if not roles:
        if "capital" in via:
            return ActorMention(span.text, span.start_char, span.end_char,
                                ref.countries()[country].name if country in ref.countries()
                                else span.text, "state", country, ["GOV"], "capital")
        name = ref.countries()[country].name if country in ref.countries() else span.text
        return ActorMention(span.text, span.start_char, span.end_char, name,
                            "state" if len(words) <= 3 else "group", country, [],
                            "+".join(via))
    return ActorMention(span.text, span.start_char, span.end_char, _canonical(span), kind,
                        country, roles, "+".join(via + ["role"]))


def _canonical(span: Span) -> str:
    """A readable canonical name: the phrase without leading determiners."""
    words = [t.text_with_ws for t in span if t.dep_ not in ("det", "poss") or t.ent_type_]
    return "".join(words).strip() or span.text
