"""Argument frames: a verb sense codes only with the arguments the sense needs.

The lexicon picks a sense by the verb's lemma and a few lemma constraints; on real news that
look-up alone is wrong in whole classes of sentences, because the sense is decided by what
the arguments *are*, not by which words they are:

- *release* is a concession (CAMEO 0841) only when what is released is a person ("released
  the prisoners", "was released"), not "documents released by Judicial Watch";
- *attack / fight / hit / target* are force (18-20) only against something that can be hit:
  an actor, a place, a building or a force. "Fighting the deal" is not force, and "Trump
  attacked Clinton for her support of the war" is verbal criticism (111), as CAMEO codes it;
- a *strike* is a labour protest (14) unless a military actor or a weapon carries it out
  ("US aircraft carried out strikes": aerial force, 195);
- *go / come / travel to* is a visit (042) only to a place or a state, not "going to Warren";
- being *injured / hurt* with no agent is a consequence, not an act ("40 people were
  injured after the tram overturned"); the act that injured them codes on its own;
- a lone gunman or a bomb is unconventional violence (CAMEO 18), not conventional military
  force (19): 19x codes from a non-state, non-military agent are recoded to 18x.

``constrain`` is called once per coded predicate with its resolved actors; it returns the
code to use, or ``None`` when the frame rules the sense out. The word lists are small
semantic classes (people, physical targets, weapons), not phrases taken from sentences.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph import reference as ref
from newsgraph.records import ActorMention

#: nouns for people and groups of people: what a release, an arrest or an attack acts on
PERSON_NOUNS = frozenset({
    "prisoner", "hostage", "detainee", "captive", "inmate", "person", "people", "man",
    "woman", "child", "boy", "girl", "soldier", "fighter", "militant", "activist",
    "journalist", "reporter", "dissident", "worker", "sailor", "crew", "passenger",
    "civilian", "national", "citizen", "suspect", "member", "official", "leader", "refugee",
    "migrant", "student", "protester", "demonstrator", "opponent", "critic", "kidnapper",
    "victim", "family", "pilot", "officer", "diplomat"
})
#: nouns for things force is used against (besides actors and people)
PHYSICAL_NOUNS = frozenset({
    "building", "consulate", "embassy", "base", "convoy", "village", "town", "city", "camp",
    "position", "checkpoint", "post", "vehicle", "car", "truck", "bus", "ship", "boat",
    "vessel", "plane", "aircraft", "jet", "helicopter", "drone", "compound", "office",
    "station", "hospital", "school", "mosque", "church", "temple", "market", "house", "home",
    "area", "line", "border", "force", "troop", "army", "unit", "patrol", "outpost",
    "headquarters", "target", "facility", "plant", "site", "bridge", "road", "port",
    "airport", "airfield", "territory", "stronghold", "hideout", "district", "province",
    "region", "neighborhood", "neighbourhood", "street", "wall", "gate", "hotel",
    "parliament", "palace", "ministry", "crowd", "police", "guard"
})
#: nouns and modifiers that make a strike or an attack an act of arms
WEAPON_WORDS = frozenset({
    "air", "aircraft", "airstrike", "drone", "missile", "rocket", "bomb", "bomber", "jet",
    "warplane", "artillery", "military", "army", "navy", "gun", "gunman", "gunmen", "weapon",
    "mortar", "shell", "tank", "helicopter", "explosive", "troop", "soldier", "force",
    "fighter", "militant", "insurgent", "knife", "machete", "rifle", "pistol", "grenade",
    "attacker", "suicide", "blast", "explosion"
})
#: roles of actors whose force is state force (CAMEO 19); others use unconventional force (18)
_STATE_FORCE_ROLES = frozenset({"MIL", "GOV", "COP", "SPY"})
#: verbs whose force reading needs a physical target and which are also verbs of criticism
_CONTEST_VERBS = frozenset({"attack", "fight", "hit", "target", "slam", "blast", "assail",
                            "battle", "combat", "strike", "hammer", "bash", "clash", "storm",
                            "ambush"})
#: verbs of force that also mean winning or carrying out ("beat Clinton in the polls",
#: "executed the plan", "destroyed his campaign"): no event outside a physical context
_WIN_VERBS = frozenset({"beat", "defeat", "crush", "execute", "destroy"})
_CONTEST_NOUNS = frozenset({"attack", "assault", "offensive", "fight", "battle", "strike",
                            "fire", "clash"})
_VISIT_VERBS = frozenset({"go", "come", "travel", "head", "fly", "return"})
_INJURY_VERBS = frozenset({"injure", "hurt", "wound"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_PERSON_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "he", "she", "they", "we", "i"})


def _objects(head: Token) -> list[Token]:
    """The head's direct objects (a passive's subject), with their conjuncts."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
    out = [c for c in head.children
           if c.dep_ == "nsubjpass" or (c.dep_ == "dobj" and not passive)]
    return [t for o in out for t in (o, *o.conjuncts)]


def _is_person(tok: Token, actor_at: dict[int, ActorMention]) -> bool:
    m = actor_at.get(tok.i)
    if m is not None:
        return True
    return tok.lower_ in _PERSON_PRONOUNS or tok.lemma_.lower() in PERSON_NOUNS or \
        tok.ent_type_ in ("PERSON", "NORP", "ORG")


def _is_physical(tok: Token, actor_at: dict[int, ActorMention]) -> bool:
    """A person, a place, a thing that can be hit, or anything belonging to an actor ("the
    deputy chief of Israel's militia ally", "the group's headquarters")."""
    return _is_person(tok, actor_at) or tok.lemma_.lower() in PHYSICAL_NOUNS or \
        tok.ent_type_ in _PLACE_ENTS or any(t.i in actor_at for t in tok.subtree)


def _armed(side: list[ActorMention]) -> bool:
    """An armed side: military, police, insurgents, rebels, criminals, spies, or an
    international militarised group (CAMEO ``IMG``: "the Islamic State")."""
    return any(set(m.roles) & {"MIL", "INS", "REB", "CRM", "SPY", "COP"} or m.country == "IMG"
               for m in side)


def _weapon_context(head: Token) -> bool:
    """Whether the act's subject, object or instrument names a weapon or an armed agent
    ("carried out air strikes", "gunmen attacked", "attacked with rockets"); the reasons
    given for it do not ("attacked Clinton for her support of military action")."""
    args = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent")
            or (c.dep_ == "prep" and c.lower_ == "with")]
    return head.lemma_.lower() in WEAPON_WORDS or any(
        t.lemma_.lower() in WEAPON_WORDS for a in args for t in a.subtree)


def _capability(head: Token) -> bool:
    """Whether the predicate is what someone is able to do ("able to fire", "capable of
    striking"): the clause under an adjective of ability."""
    cur = head
    for _ in range(5):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.lemma_.lower() in ("able", "capable", "unable", "incapable"):
            return True
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("xcomp", "pcomp", "conj"):
            return False
    return False


def _force_context(head: Token, source: list[ActorMention], target: list[ActorMention],
                   objs: list[Token], actor_at: dict[int, ActorMention]) -> bool:
    """Whether an act of contest is physical: an armed side (military, police, insurgents,
    criminals), states on both sides, a weapon or armed agent among its arguments, or a
    physical object that is not a person ("attacked the consulate")."""
    if _armed(source) or _armed(target) or _weapon_context(head):
        return True
    if source and target and all(m.kind == "state" for m in source + target):
        return True
    # a place ("attacked Gaza") or a thing ("attacked the consulate"), not a person
    return any(o.ent_type_ in _PLACE_ENTS or (o.i in actor_at and actor_at[o.i].kind == "state")
               or (o.i not in actor_at and o.lemma_.lower() in PHYSICAL_NOUNS) for o in objs)


#: verbs of taking a side: with an actor they are support or criticism of it ("backed
#: Ukraine", "opposed the regime"); with only a policy or an idea they state a position, no
#: act toward anyone
_STANCE_VERBS = frozenset({"support", "oppose", "back", "favor", "favour"})
#: nouns of a threat made that also name a danger; made, they have a target ("a threat
#: against Kiev") or say what is threatened ("its threat to close the strait")
_DANGER_NOUNS = frozenset({"threat", "menace", "danger"})
#: verbs that put a question as well as make a request
_ASK_VERBS = frozenset({"ask", "inquire", "enquire"})


def _question(head: Token) -> bool:
    """Whether a verb of asking puts a question: its clause is an indirect question opened
    by whether/if ("asked if the deployments meant ...") or a wh-word, not an appeal ("asked
    them to leave", "asked for help")."""
    for c in head.children:
        if c.dep_ in ("ccomp", "advcl") and any(
                m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children):
            return True
        if c.dep_ == "ccomp" and any(t.tag_ in ("WRB", "WP", "WDT") and t.i < c.i
                                     for t in c.subtree if t.head.i == c.i):
            return True
    return False


def _individual(m: ActorMention) -> bool:
    return m.kind == "person"


#: head nouns of a mention that stand for the general public
_PUBLIC_NOUNS = frozenset({"people", "public", "resident", "passenger", "commuter", "motorist",
                           "traveller", "traveler", "driver", "visitor", "everyone", "anyone",
                           "customer", "viewer", "reader", "voter", "citizen", "person"})


def _the_public(m: ActorMention) -> bool:
    """Whether a mention is the general public ("people", "members of the public", "those
    worried about loved ones"), not an actor an appeal can be aimed at."""
    words = m.text.lower().replace("-", " ").split()
    return bool(words) and (words[-1].rstrip("s") in _PUBLIC_NOUNS or words[-1] in
                            _PUBLIC_NOUNS or "public" in words) and not m.roles[1:] and \
        (not m.roles or m.roles[0] == "CVL")


def _campaign_rally(head: Token) -> bool:
    """Whether a protest reading comes from the word "rally" (the verb, the noun, or a light
    verb's object): for a party or a government that is a campaign event."""
    return head.lemma_.lower() == "rally" or any(
        c.dep_ == "dobj" and c.lemma_.lower() == "rally" for c in head.children)


#: verbs of a decision that an actor makes: with a subject that is no actor, no one acts ("the
#: law requires", "that would permit the financing")
_AGENTIVE_VERBS = frozenset({"require", "allow", "permit"})


def _agent_subject(head: Token, actor_at: dict[int, ActorMention]) -> bool:
    """Whether the verb's active subject is an actor or a person (a pronoun for one counts);
    True when it has no subject of its own (the agent is read elsewhere)."""
    subj = [c for c in head.children if c.dep_ == "nsubj"]
    if not subj:
        return True
    return any(_is_person(t, actor_at) or any(x.i in actor_at for x in t.subtree)
               for s in subj for t in (s, *s.conjuncts))


#: heads of the idiom of responsibility ("in charge of", "took charge"): no accusation
_CHARGE_IDIOM_HEADS = frozenset({"in", "take", "assume", "put", "place", "leave"})


def _charge_idiom(head: Token) -> bool:
    """Whether a coded "charge" is the idiom of responsibility ("the general in charge of
    the army", "took charge of the talks"): a singular "charge" with no determiner under
    "in" or a verb of taking, where an accusation is "a charge", "charges", "the charge"."""
    nouns = [head] if head.pos_ == "NOUN" else [
        c for c in head.children if c.dep_ == "dobj"]
    for n in nouns:
        if n.lemma_.lower() != "charge" or n.tag_ != "NN" or any(
                c.dep_ in ("det", "poss", "amod", "nummod") for c in n.children):
            continue
        if n.head.lemma_.lower() in _CHARGE_IDIOM_HEADS:
            return True
    return False


def _is_party_or_thing(tok: Token, actor_at: dict[int, ActorMention]) -> bool:
    """Whether a token itself (not something said about it) is a person, an actor, a place
    or a physical thing; a modifier or possessor naming an actor counts ("Obama's
    convoy"), a phrase hanging on it does not ("the bill proposed by Obama")."""
    return _is_person(tok, actor_at) or tok.lemma_.lower() in PHYSICAL_NOUNS or \
        tok.ent_type_ in _PLACE_ENTS or any(
            c.i in actor_at for c in tok.children if c.dep_ in ("compound", "poss"))


def _hosts_a_meeting(head: Token, actor_at: dict[int, ActorMention]) -> bool:
    """Whether what is hosted is a guest (a person, an actor) or a meeting of parties
    ("hosted the summit", "hosted talks"); "hosted a fundraiser" hosts neither."""
    objs = _objects(head)
    if not objs:
        return True
    nouns = ref.noun_senses()
    return any(_is_party_or_thing(o, actor_at) or any(
        (sense.cameo or "").startswith("04") for sense in nouns.get(o.lemma_.lower(), []))
        for o in objs)


def constrain(code: str, head: Token, source: list[ActorMention],
              target: list[ActorMention], actor_at: dict[int, ActorMention]) -> str | None:
    """The code a predicate keeps once its arguments are known, or ``None`` (no event)."""
    if head.pos_ not in ("VERB", "AUX", "NOUN"):
        return code
    if _capability(head):
        return None  # "a triad able of firing nuclear weapons": a capability, not an act
    lemma = head.lemma_.lower()
    root = code[:2]
    objs = _objects(head) if head.pos_ != "NOUN" else []
    # a release acts on people (a passive's subject is its object: "was released")
    if code.startswith("084") and head.pos_ != "NOUN" and objs and not any(
            _is_person(o, actor_at) for o in objs):
        return None
    if root in ("18", "19", "20") and lemma in _CONTEST_VERBS | {"kill"} \
            and head.pos_ != "NOUN":
        if objs and not any(_is_physical(o, actor_at) for o in objs):
            return None  # "fighting the deal", "attacked his record", "killed the bill"
        if lemma != "kill" and not _force_context(head, source, target, objs, actor_at):
            if lemma in ("storm", "ambush"):
                return None
            # "Trump attacked Clinton for her support", "Democrats hit the nominee": a
            # political contest in words, criticism when aimed at someone
            return "111" if target else None
    if root in ("17", "18", "19", "20") and lemma in _WIN_VERBS and head.pos_ != "NOUN":
        if objs and not any(_is_physical(o, actor_at) for o in objs):
            return None
        if lemma == "execute" and objs and not any(_is_person(o, actor_at) for o in objs):
            return None  # "executed the plan"
        if not _force_context(head, source, target, objs, actor_at) and \
                not any(_is_person(o, actor_at) and o.i not in actor_at for o in objs):
            return None  # "Trump beat Clinton": an election, not a beating
    if root in ("18", "19", "20") and head.pos_ == "NOUN" and lemma in _CONTEST_NOUNS \
            and source and all(m.kind == "person" or set(m.roles) & {"PTY", "LEG"}
                               for m in source) \
            and not _force_context(head, source, target, [], actor_at):
        return "111" if target else None  # "Trump's attacks on Clinton"
    struck = lemma == "strike" or any(c.dep_ == "dobj" and c.lemma_.lower() == "strike"
                                      for c in head.children)  # "carried out strikes"
    if code[:3] in ("140", "143") and struck and (_armed(source) or _weapon_context(head)):
        return "195" if any(t.lemma_.lower() in ("air", "aircraft", "drone", "jet",
                                                     "warplane", "airstrike")
                                for t in head.subtree) else "190"
    if code[:3] == "042" and lemma in _VISIT_VERBS and head.pos_ != "NOUN":
        dest = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "to"
                for p in c.children if p.dep_ == "pobj"]
        if dest and not any(p.ent_type_ in _PLACE_ENTS or (
                p.i in actor_at and actor_at[p.i].kind == "state") for p in dest):
            return None
    if code.startswith("083") and (any(c.dep_ == "auxpass" for c in head.children) or (
            head.dep_ == "conj" and head.head.lemma_ == "be")):
        # "Obama was resigned", "was fatigued, resigned and ...": a state of mind
        return None
    if root == "13" and head.pos_ == "NOUN" and lemma in _DANGER_NOUNS and not target \
            and not any(c.dep_ in ("acl", "relcl") for c in head.children):
        return None  # "the threat from the Islamic State": a danger, not a threat made
    if lemma in _STANCE_VERBS and head.pos_ != "NOUN" and root in ("05", "11", "12") \
            and not target:
        return None  # "supported the invasion", "opposes sending troops": a stance on a policy
    if root == "11" and _charge_idiom(head):
        return None  # "the general in charge of the army": responsibility, no accusation
    if lemma == "host" and code[:3] == "043" and head.pos_ != "NOUN" and \
            not _hosts_a_meeting(head, actor_at):
        return None  # "hosted a fundraiser": no guest, no meeting
    if lemma in _AGENTIVE_VERBS and head.pos_ != "NOUN" and not _agent_subject(head, actor_at):
        return None  # "the law requires", "that would permit the financing": nobody acts
    if root == "02" and lemma in _ASK_VERBS and _question(head):
        return None  # "asked whether he would ...": a question put, not an appeal
    if lemma in _INJURY_VERBS and not source:
        return None
    if root == "04" and target and all("MED" in m.roles for m in target):
        return None  # "a conference call with reporters": a statement to the press
    if code[:3] == "141" and _campaign_rally(head) and source and all(
            set(m.roles) & {"PTY", "GOV", "LEG"} for m in source):
        return None  # "Clinton will hold a rally": a campaign event, not a protest
    if root in ("02", "10") and target and all(_the_public(m) for m in target):
        # "people are asked to avoid the area", "people should go to the centre": advice
        # to the public, not an appeal to an actor
        return None
    if code[:3] in ("190", "193", "194") and source and not any(set(m.roles) & _STATE_FORCE_ROLES
                                           or m.kind == "state" for m in source):
        # a gunman, a bomber, insurgents: unconventional violence
        bomb = any(t.lemma_.lower() in ("bomb", "bomber", "explosive", "blast")
                   for t in head.subtree)
        return "183" if bomb else "180"
    return code
