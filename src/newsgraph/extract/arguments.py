"""Argument finding: the source and target actors of a predicate on the dependency parse.

A verb's subject (or a passive's by-agent) is its source; its object, a passive's subject,
the actors of its target prepositions, and as a last resort a topic ("warned of X") or a
place ("a curfew in Cizre") are its targets. Actors are read through modifiers, of/in
phrases, appositions and coordinations ("France and Germany", "Hungarian and Romanian
officials").
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.records import ActorMention

TARGET_PREPS = ("with", "to", "against", "on", "upon", "from", "for", "into", "at", "toward",
                 "towards", "between")
#: prepositions whose actor is what an act is about: a target when no other is found
TOPIC_PREPS = ("of", "about", "over")
NOUN_TARGET_PREPS = ("with", "to", "against", "on", "upon", "of", "into", "for", "from",
                      "between", "by", "at", "toward", "towards")
def actor_near(tok: Token, actor_at: dict[int, ActorMention], depth: int = 0
                ) -> ActorMention | None:
    """The actor at ``tok``, else one among its modifiers or in an of/in/from phrase (the
    phrases not looked into from ``depth`` 2 on)."""
    m = actor_at.get(tok.i)
    if m is not None:
        return m
    for c in tok.lefts:
        if c.dep_ in ("poss", "compound", "amod", "nmod", "nummod", "det"):
            for t in c.subtree:
                if t.i in actor_at:
                    return actor_at[t.i]
    if depth < 2:
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from", "within", "throughout"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = actor_near(p, actor_at, depth + 1)
                        if found is not None:
                            return found
            if c.dep_ == "appos":
                found = actor_at.get(c.i)
                if found is not None:
                    return found
    return None


def actors(tok: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """Actors of ``tok`` and its conjuncts ("France and Germany")."""
    out = []
    # "Mordor, the Shire, Fornost and Bree": a list the parser read as an apposition followed
    # by a coordination; an appositive with conjuncts of its own is one more list member
    # ("Evil Mordor, the awful Fornost, and good Gondor"); a person's apposition is the same
    # person ("Abbas, the Palestinian president, and ...")
    listed = [a for c in tok.children if c.dep_ == "appos" and (c.conjuncts or tok.conjuncts)
              for a in (c, *c.conjuncts)
              if a.i in actor_at and actor_at[a.i].kind != "person"]
    for t in dict.fromkeys((tok, *tok.conjuncts, *listed)):
        m = actor_near(t, actor_at)
        if m is not None:
            out.extend(coordinated_modifiers(t, m, actor_at))  # text order: they come first
            out.append(m)
    return out


def coordinated_modifiers(tok: Token, m: ActorMention, actor_at: dict[int, ActorMention]
                           ) -> list[ActorMention]:
    """Other actors coordinated inside the phrase ``tok`` heads ("Hungarian and Romanian
    officials", "Fornost and the evil Gondor" parsed as a modifier): the resolver split the
    phrase into one mention per country; all of them act."""
    lo = tok.left_edge.i
    if lo == tok.i or not any(t.dep_ == "cc" for t in tok.doc[lo:tok.i]):
        return []
    out: list[ActorMention] = []
    for t in tok.doc[lo:tok.i]:
        other = actor_at.get(t.i)
        # a person named inside the phrase is no co-actor, but a role split by country is
        # ("Eriadori and Calenardhon leaders": leaders of each)
        if other is not None and other is not m and other not in out and (
                other.kind != "person" or (other.via.endswith("role") and other.roles == m.roles)):
            out.append(other)
    return out


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def subject_actors(verb: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """Source actors of a verb: its subject, a passive's by-agent, else the subject that
    controls it from the clause above (see ``controller_actors``)."""
    passive = _passive(verb)
    found: list[ActorMention] = []
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj") and not passive:
            found.extend(actors(c, actor_at))
        elif c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    found.extend(actors(p, actor_at))
    if found or passive:
        return found
    return controller_actors(verb, actor_at)


def controller_actors(verb: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """The actors that do what a subjectless active verb says, read off the clause above.

    - a complement or purpose of a verb or adjective ("agreed to work", "is ready to
      restore"): that clause's subject or a passive's by-agent;
    - an active participle on a noun ("investigators probing her husband", "rebels
      fighting the Islamic State"): the noun;
    - the content of a readiness ("Trump's willingness to work with", "his interest in
      working with"): who holds it (``intent_holders``);
    - an infinitive on a noun ("it was a great honour to meet Mr Obama"): the subject of
      the clause above an empty "it"; not the subject of a clause with the noun as its
      object ("gave Tanzania a grant to finance projects": the grant's purpose, one act
      with the giving).
    """
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp", "acomp") and \
            head.pos_ in ("VERB", "AUX", "ADJ"):
        return subject_actors(head, actor_at)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        return actors(head, actor_at)
    if verb.dep_ == "pcomp" and head.lower_ == "of" and head.head.lemma_.lower() in \
            INTENT_NOUNS:
        return intent_holders(head.head, actor_at)
    willing = willingness_of(verb)
    if willing is not None:  # "Trump's willingness to work with Obama's team"
        return intent_holders(willing, actor_at)
    if verb.dep_ in ("acl", "relcl") and not _has_subject(verb) and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and \
            head.pos_ == "NOUN" and head.dep_ == "attr":
        clause = head.head
        if clause.i == head.i or clause.pos_ not in ("VERB", "AUX"):
            return []
        subj = [c for c in clause.children if c.dep_ in ("nsubj", "expl")]
        if subj and all(c.lower_ == "it" for c in subj) and clause.lemma_ == "be" and \
                clause.dep_ in ("ccomp", "xcomp") and clause.head.i != clause.i:
            return subject_actors(clause.head, actor_at)  # "claimed it was an honour to"
    return []


#: nouns of an intention whose of-gerund its holder is to do ("its goal of accepting
#: refugees", "Gondor's plan of sending troops")
INTENT_NOUNS = frozenset({"goal", "plan", "aim", "intention", "decision", "promise", "pledge",
                          "commitment", "effort", "attempt", "bid", "hope", "policy",
                          "strategy", "threat", "objective"})


#: nouns of a readiness to act, whose to-infinitive (or, for "interest", in-gerund) says
#: what their holder is ready to do: the nouns of the intent adjectives ("willing to",
#: ``events._INTENT_ADJ``), coded as those are; "determination" has no such adjective there
WILLINGNESS_NOUNS = frozenset({"willingness", "readiness", "eagerness", "preparedness"})


def willingness_of(verb: Token) -> Token | None:
    """The noun of readiness a verb says the content of ("Trump's willingness to work with
    his team", "his interest in working with Obama's team"), if any."""
    head = verb.head
    if verb.dep_ == "acl" and head.lemma_.lower() in WILLINGNESS_NOUNS and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.lower_ == "in" and \
            head.head.lemma_.lower() == "interest" and head.head.pos_ == "NOUN":
        return head.head
    return None


def intent_holders(noun: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """Who holds an intention: the noun's possessor, else the subject of the clause that
    has the noun as its object ("the administration reached its goal of ...")."""
    for c in noun.lefts:
        if c.dep_ == "poss" and c.i in actor_at:
            return [actor_at[c.i]]
    verb = noun.head
    if noun.dep_ == "dobj" and verb.i != noun.i and verb.pos_ in ("VERB", "AUX"):
        return subject_actors(verb, actor_at)
    return []


def object_actors(verb: Token, actor_at: dict[int, ActorMention],
                   places_ok: bool = True) -> list[ActorMention]:
    """Target actors of a verb; ``places_ok`` lets a place stand in as a last resort."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    direct: list[ActorMention] = []
    prepositional: list[ActorMention] = []
    nominal: list[ActorMention] = []
    for c in verb.children:
        if c.dep_ == "nsubjpass" or (c.dep_ in ("dobj", "dative", "attr") and not passive):
            # "condemned an attack by Osgiliath soldiers in Ithilen": the act's agent is the
            # target, its place is not
            got = by_agents(c, actor_at) or actors(c, actor_at)
            direct.extend(got)
            if not got:  # "its borders to West Africans", "a blockade on lorries"
                nominal.extend(noun_targets(c, actor_at))
        elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    got = actors(p, actor_at)
                    prepositional.extend(got)
                    if not got:
                        nominal.extend(noun_targets(p, actor_at))
        elif c.dep_ == "dative":
            for p in c.children:
                if p.dep_ == "pobj":
                    prepositional.extend(actors(p, actor_at))
        elif c.dep_ == "ccomp" and verb.lemma_.lower() in CAUSATIVE_VERBS and \
                _small_clause(c):
            # "help Gondor achieve peace", "let Rohan decide": the bare infinitive's subject
            # is the verb's object
            direct.extend(m for s in c.children if s.dep_ == "nsubj"
                          for m in actors(s, actor_at))
    if direct or prepositional or nominal:
        return direct + prepositional + nominal
    for c in verb.children:  # "warned of the Prince", "complained about Gondor": the topic
        if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    direct.extend(actors(p, actor_at))
    if direct or not places_ok:
        return direct
    for c in verb.children:  # locations as a last resort ("a curfew in the town of Cizre")
        if c.dep_ == "prep" and c.lower_ in ("in", "into", "near", "inside"):
            for p in c.children:
                if p.dep_ == "pobj":
                    # ... or the other side of a conflict the act happens in ("the toll has
                    # risen in the dispute with Osgiliath")
                    direct.extend(actors(p, actor_at) or noun_targets(p, actor_at))
    return direct


#: verbs that take an object with a bare infinitive ("help Gondor achieve", "let Rohan
#: decide", "made them leave"), which the parser may read as a clause with its own subject
CAUSATIVE_VERBS = frozenset({"help", "let", "make", "have", "see", "watch", "bid"})


def _small_clause(clause: Token) -> bool:
    """A bare infinitive clause with its own subject and no complementiser or "to" ("help
    Gondor achieve peace"): the subject is the main verb's object, not a reported fact."""
    return clause.tag_ in ("VB", "VBP") and not any(
        c.dep_ in ("mark", "aux", "auxpass") for c in clause.children)


def by_agents(noun: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """Actors in a noun's by-phrase ("an attack by rebels"), unless the noun is itself one."""
    if noun.i in actor_at:
        return []
    return [m for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
            for p in c.children if p.dep_ == "pobj" for m in actors(p, actor_at)]


def noun_targets(noun: Token, actor_at: dict[int, ActorMention], depth: int = 0,
                  with_places: bool = True) -> list[ActorMention]:
    """Actors in a noun's prepositional phrases ("a blockade on Palestinian lorries"), looked
    for through nested phrases, the noun's conjuncts and its participle modifiers ("crimes
    committed by Croat forces", "the curfew imposed in Sudan"); "in" (a place) only as a last
    resort, and neither "in" nor "at" when ``with_places`` is false ("a rally in Michigan" is
    not aimed at the United States)."""
    if depth > 4:
        return []
    out: list[ActorMention] = []
    places: list[ActorMention] = []
    for n in (noun, *noun.conjuncts):
        # ... and the participle's conjuncts ("emails sent or received by Ms X")
        phrases = [c for c in n.children if c.dep_ == "prep"] + [
            cc for c in n.children if c.dep_ == "acl" and c.tag_ == "VBN"
            for a in (c, *c.conjuncts) for cc in a.children if cc.dep_ in ("prep", "agent")]
        for c in phrases:
            if not with_places and c.lower_ in ("in", "at"):
                continue
            if c.lower_ in NOUN_TARGET_PREPS or c.lower_ == "in":
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = actors(p, actor_at) or noun_targets(p, actor_at, depth + 1,
                                                                      with_places)
                        (places if c.lower_ == "in" else out).extend(found)
    return out or places


def dedupe(ms: list[ActorMention]) -> list[ActorMention]:
    seen: set[tuple[int, int]] = set()
    out = []
    for m in ms:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out




#: PLOVER types of an act of moving forces, whose passive subject is who moves
MOVING_FORCES = frozenset({"MOBILIZE", "RETREAT"})


def moved_forces(verb: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """The military subject of a passive deployment or withdrawal with no by-agent ("13,000
    troops were deployed", "troops should be withdrawn"): event coders code the forces that
    move as the act's source, of their own state's country."""
    if any(c.dep_ == "agent" for c in verb.children):
        return []
    return [m for c in verb.children if c.dep_ == "nsubjpass"
            for m in actors(c, actor_at) if "MIL" in m.roles]


#: verbs whose subject undergoes the act their object names ("faced charges", "suffered an
#: attack", "came under attack" is a preposition: see ``SUFFER_VERBS``)
UNDERGO_VERBS = frozenset({"face", "suffer", "undergo", "endure", "receive"})
#: verbs whose subject is hurt by an act named in a phrase on them ("died in an attack",
#: "were wounded in a shooting", "was killed during clashes")
SUFFER_VERBS = frozenset({"die", "kill", "injure", "wound", "hurt", "maim", "perish"})
_SUFFER_PREPS = ("in", "after", "during", "from", "following")


def undergoers(noun: Token, force: bool, actor_at: dict[int, ActorMention]
               ) -> list[ActorMention]:
    """Who undergoes the act an event noun names: the subject of a verb with the noun as
    object ("Mrs Clinton should not face criminal charges"), and for an act of force
    (``force``) the subject of a verb of dying or being hurt with the noun in its phrase
    ("at least two people died in a suicide attack"): its victims, not its doers."""
    verb = noun.head
    if noun.dep_ == "dobj" and verb.i != noun.i and verb.lemma_.lower() in UNDERGO_VERBS:
        return [m for c in verb.children if c.dep_ == "nsubj" for m in actors(c, actor_at)]
    if not force or noun.dep_ != "pobj" or verb.lower_ not in _SUFFER_PREPS:
        return []
    verb = verb.head
    lemma = verb.lemma_.lower()
    if lemma not in SUFFER_VERBS or (lemma not in ("die", "perish") and not _passive(verb)):
        return []
    return [m for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
            for m in actors(c, actor_at)]

