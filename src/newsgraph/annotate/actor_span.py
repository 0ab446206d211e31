"""Span discipline of actor phrases: where a phrase starts and ends, and the country its
own words name.

An actor's country comes only from inside its own noun phrase: a person owning a thing
stays themself ("Clinton's plan for Syria" gives Clinton nothing of Syria), a local place
or an institution named after a place takes no city reading ("Beaufort ... counties",
"Columbia University"), and a phrase never runs over a paragraph break.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Span, Token

from newsgraph import reference as ref
from newsgraph.annotate.actor_lexicon import CountryHit, Lexicon
from newsgraph.doc_cache import token_arrays

#: prepositions whose object still belongs to the actor phrase ("Rebels in the Ivory Coast")
_PHRASE_PREPS = {"of", "in", "for", "at", "from", "throughout", "across"}
_FLEEING = {"flee", "escape"}
_PLACED = {"base", "operate", "station", "locate", "headquarter"}


def _climb(tok: Token, lex: Lexicon | None = None) -> Token:
    """The head of the phrase a modifier belongs to ("Romanian" in "Hungarian and Romanian
    officials" -> "officials"), so a phrase is resolved once, as a whole."""
    h = tok
    for _ in range(8):
        mods = ("amod", "compound", "nmod", "poss")
        if h.dep_ == "poss" and _own_actor(h, lex) and not _role_head(h.head, lex):
            # "Clinton's plan for Syria": a person owning a thing stays themself (owning
            # a role noun, "Aragorn's army", the phrase is the owner's side)
            break
        if (h.dep_ == "conj" and h.head.i < h.i and h.head.dep_ in mods) or (
                h.dep_ in mods and h.head.pos_ in ("NOUN", "PROPN") and h.head.i > h.i):
            h = h.head
        else:
            break
    return h


def _role_head(tok: Token, lex: Lexicon | None) -> bool:
    """Is ``tok`` a role noun ("Aragorn's army", "Trump's campaign": the owner's side)?"""
    roles = lex.roles if lex is not None else ref.role_nouns()
    return tok.lemma_.lower() in roles or tok.lower_ in roles


def _own_actor(tok: Token, lex: Lexicon | None = None) -> bool:
    """A possessor that is an actor of its own (a person, a named body), not the home of
    what it owns the way "Russia's foreign ministry" is."""
    if tok.ent_type_ == "PERSON":
        return True
    # a named body ("the FBI's investigation"), unless NER calls a country an ORG ("Niger")
    names = lex.names if lex is not None else ref.country_names()
    demonyms = lex.demonyms if lex is not None else ref.demonyms()
    if tok.ent_type_ != "ORG" or tok.lower_ in names or tok.lower_ in demonyms:
        return False  # (the user's countries too: "Arnor's president")
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


def noun_phrase(head: Token, lex: Lexicon | None = None) -> Span:
    """The actor phrase around ``head``: left modifiers, right ``of``/``in`` phrases."""
    roles = lex.roles if lex else ref.role_nouns()
    doc = head.doc
    start = head.i
    lefts = list(head.lefts)
    for child in lefts:
        dep = child.dep_
        if dep in ("compound", "amod", "nmod", "poss", "det", "nummod", "cc", "conj",
                   "punct") and child.i < head.i:
            if dep == "punct" and child.text not in ("-",):
                continue
            start = min(start, child.left_edge.i)
    for child in lefts:
        if child.dep_ == "poss" and _own_actor(child, lex) and child.i < head.i and \
                not _role_head(head, lex):
            # "Obama's press secretary Josh Earnest": the owner is another actor; the
            # phrase starts after the possessive
            start = max(start, child.right_edge.i + 1)
    end = head.i + 1
    names = lex.names if lex else ref.country_names()
    head_role = roles.get(head.lemma_.lower()) or roles.get(head.lower_)
    for child in head.rights:
        dep = child.dep_
        if dep in ("compound", "flat"):
            end = max(end, child.right_edge.i + 1)
        elif dep == "prep" and child.lower_ == "of" and child.i == end and \
                _name_text(doc[start:child.right_edge.i + 1]) in names:
            # "Republic of Korea": a country's formal name is one phrase, never "Republic"
            end = child.right_edge.i + 1
        elif dep == "prep" and child.lower_ in _PHRASE_PREPS and \
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
        elif dep == "appos" and child.left_edge.i == end and head_role is not None and \
                not child.left_edge.is_punct and \
                child.pos_ == "PROPN" and child.ent_type_ in ("PERSON", "ORG"):
            # "the opposition newspaper La Prensa", "Minister for Interior Aftab Sherpao":
            # the name right after a role noun is the name of that actor
            end = max(end, child.right_edge.i + 1)
        elif dep == "acl" and child.lemma_ in _FLEEING and child.i == end and any(
                t.ent_type_ in ("GPE", "NORP") for t in child.subtree):
            # "refugees fleeing the civil war in Liberia": where they flee from is their home
            end = max(end, child.right_edge.i + 1)
        elif dep == "acl" and child.lemma_ in _PLACED and child.i == end:
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
    # a phrase never spans a paragraph break (a headline run into the first sentence): the
    # last line break before the head, from the doc's list of them
    newlines = token_arrays(doc).newlines
    k = bisect_left(newlines, min(end, head.i)) - 1
    if k >= 0 and newlines[k] >= start:
        start = newlines[k] + 1
    # never start on a determiner, possessive marker, conjunction or punctuation
    while start < end - 1:
        first = doc[start]
        if not (first.dep_ in ("det", "case", "punct", "cc") or first.pos_ in ("NUM", "DET")
                or first.lower_ in ("more", "than", "least", "at")):
            break
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
_NAMED = frozenset({"PERSON"})


def _ents_in(span: Span) -> list[Span]:
    """The entities lying wholly inside ``span``, read from the tokens' IOB tags.

    Same result as ``span.ents``, which walks every entity of the document on each call:
    quadratic over a long article, where this is linear in the phrase.
    """
    doc = span.doc
    iob = token_arrays(doc).ent_iob  # 3 is "B", 1 is "I" (``Token.ent_iob``)
    out: list[Span] = []
    i = span.start
    n = len(iob)
    while i < span.end:
        if iob[i] != 3:
            i += 1
            continue
        j = i + 1
        while j < n and iob[j] == 1:
            j += 1
        if j <= span.end:
            out.append(Span(doc, i, j, label=doc[i].ent_type_))
        i = j
    return out


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
