"""One actor phrase resolved from its own words: the user's dictionary, the shipped
knowledge of people (dated roles), organisations with fixed codes, countries, role nouns
and person names, in that order.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from newsgraph import reference as ref
from newsgraph.annotate.actor_knowledge import Resolved
from newsgraph.annotate.actor_lexicon import CountryHit, Lexicon
from newsgraph.annotate.actor_span import _canonical, _country_hit, _ents_in, _proper_run
from newsgraph.doc_cache import doc_text, span_text, token_arrays
from newsgraph.records import ActorKind, ActorMention
from newsgraph.reference import Igo, RoleNoun

_ACRONYM_DOTS = re.compile(r"^([A-Z]\.){2,}$")
_KINDS: dict[str, ActorKind] = {"person": "person", "organisation": "organisation",
                                "state": "state", "group": "group"}


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
    role_words = words if whole is span else \
        [t for t in whole if not t.is_punct or t.text in ("-", "'s")]
    lemmas = [t.lemma_.lower() if t.lower_ not in lex.roles else t.lower_ for t in role_words]
    head_pos = next((i for i, t in enumerate(role_words) if t.i == head.i), len(role_words) - 1)
    role_hit = lex.role_of(lemmas, head_pos)
    if role_hit is not None:
        # a role word inside a country's name ("Democratic People's Republic") is no role
        hit_words = lex.country_in([t.text for t in role_words], places=False)
        if hit_words is not None and hit_words.first <= role_hit[1] <= hit_words.last:
            role_hit = None
    former = role_hit is not None and role_hit[0].kind == "person" and any(
        t.lower_ in ("former", "ex", "ex-") for t in role_words[:role_hit[1]])
    if role_hit is not None and former:
        role_hit = (RoleNoun("ELI", "person"), role_hit[1])  # former office holders: elites
    roles: list[str] = [role_hit[0].role] if role_hit else []
    kind: ActorKind = _KINDS.get(role_hit[0].kind, "unknown") if role_hit else "unknown"
    title_at = role_words[role_hit[1]].i if role_hit else -1

    text = span_text(span)

    def mk(name: str, k: ActorKind, country: str | None, rs: list[str], via: str) -> ActorMention:
        return ActorMention(text, span.start_char, span.end_char, name, k, country, rs, via)

    # 1. named actors from the user's dictionary
    person = _person_name(span, head, title_at)
    for cand in ([span_text(person)] if person is not None else []) + [text]:
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
            # ("President Bill Clinton" in an undated text); "former" tells only what a
            # person no longer is, so what the knowledge knows them as otherwise wins
            # ("former politician Anthony Weiner", a private citizen)
            rs = list(known.roles) if known.dated or not roles or former and known.roles \
                else roles
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
            if person is not None and named_head and \
                    not org_text.start <= person.start < org_text.end:
                # "NBC News moderator Matt Lauer": a person of the body, not the body
                return mk(person.text, "person", org_country, roles or rs, "org+person")
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
            return mk(cinfo.name if cinfo else text, "state", country, ["GOV"], "capital")
        return mk(text, "group", country, ["CVL"], hit.via)
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
    if roles and country is None and not _ACRONYM_DOTS.match(text):
        # a bare role noun ("the police") is a mention without a country
        return mk(_canonical(span), kind, None, roles, "role")
    if not roles:
        assert country is not None
        name = ref.countries()[country].name if country in ref.countries() else text
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


def _known_org(span: Span, lex: Lexicon) -> tuple[Igo, Span] | None:
    """The longest known organisation named inside the phrase, with its tokens."""
    best: tuple[Igo, int, int] | None = None
    n = len(span)
    # the text of span[i:j] runs from its first token's offset to the end of its last: cut
    # from the doc's text by the cached offsets, not built from a Span per candidate
    text = doc_text(span.doc)
    arrays = token_arrays(span.doc)
    starts = arrays.idx[span.start:span.end]
    ends = [i + k for i, k in zip(starts, arrays.length[span.start:span.end], strict=True)]
    for i in range(n):
        for j in range(n, i, -1):
            if best is not None and j - i <= best[2] - best[1]:
                break
            igo = lex.org(text[starts[i]:ends[j - 1]])
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
    if known is None and len(person) >= 4:
        # two names run together by NER ("Hillary Clinton Donald Trump" in a caption): the
        # full name of two words or more that ends the run is the person at its head
        for k in range(1, len(person) - 1):
            known = lex.known.lookup(person[k:].text, published)
            if known is not None:
                break
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


#: what a body named as itself stands for in the codebook's roles: an international
#: organisation is ``IGO``, an international militarised group (Islamic State) ``INS``
_SELF_ROLE = {"IGO": "IGO", "NGO": "NGO", "IMG": "INS"}


def self_roles(mentions: list[ActorMention], spans: dict[int, Span] | None = None) -> None:
    """Give a state or body named as itself the role the codebook gives it.

    "Israel threatened ...", "China rejected ...": a state acting is its government
    (``ISRGOV``, the real-news codebook); "NATO condemned" is an ``IGO`` acting. Other
    codings leave the state itself without a sector (PLOVER: ``USA``);
    ``implied_role`` tells those readers the role was not named. ``via`` stays as it was
    (readers test its parts). Runs after every pass that asks whether a state mention has
    roles (shared roles, sides of a domestic act, home country).
    """
    for m in mentions:
        if not m.country:
            continue
        span = (spans or {}).get(m.start)
        if m.kind == "unknown" and not m.roles and m.via.endswith("+thing") and \
                span is not None and len(m.country) == 3 and m.country not in _SELF_ROLE:
            # "US air strikes": the state's forces act; "Britain's decision", "Ohio's
            # procedure": the state (or a federal state) does
            if span.root.lemma_.lower() in _FORCE_INSTRUMENTS:
                m.roles = ["MIL"]
            elif m.via.split("+")[0] in ("country", "demonym") or any(
                    t.dep_ == "poss" and t.head.i == span.root.i and t.ent_type_ == "GPE"
                    for t in span):
                m.roles = ["GOV"]
            continue
        if m.kind == "state" and not m.roles and len(m.country) == 3 and \
                m.country not in _SELF_ROLE:
            m.roles = ["GOV"]
        elif m.country in _SELF_ROLE and not any(r in _SECTORS for r in m.roles):
            m.roles = [*m.roles, _SELF_ROLE[m.country]]


def implied_role(m: ActorMention) -> bool:
    """Is the mention's sector the one ``self_roles`` implies for a body named as itself
    (a state's ``GOV`` not read from a capital's name, an IGO's ``IGO``)?"""
    if m.kind == "state" and m.roles == ["GOV"]:
        return m.via.split("+")[0] != "capital"
    if m.kind == "unknown" and m.via.endswith("+thing") and m.roles == ["GOV"]:
        return True  # "Britain's decision": the state acts
    if m.country in _SELF_ROLE and m.roles:
        return m.roles[-1] == _SELF_ROLE[m.country] and \
            not any(r in _SECTORS for r in m.roles[:-1])
    return False


#: role codes that name a sector (an IGO's own identifier, ``UNO``, is none)
_SECTORS = frozenset({
    "GOV", "MIL", "COP", "JUD", "LEG", "DIP", "BUS", "MED", "EDU", "CVL", "OPP", "REB", "IGO",
    "NGO", "REF", "SPY", "LAB", "AGR", "CRM", "PTY", "ELI", "UAF", "REL", "HLH", "HRI", "INS",
})

#: what only armed forces do or use: a country's "air strikes" are its military's
_FORCE_INSTRUMENTS = frozenset({
    "airstrike", "strike", "bombing", "bombardment", "drone", "warplane", "jet", "aircraft",
    "warship", "missile", "shelling", "raid", "offensive", "artillery", "submarine",
    "airpower", "incursion", "invasion", "deployment", "patrol", "drill", "troop",
})
