"""Speech acts by content: what a statement about someone does to them.

"Obama said Trump was unfit to become President" has no verb of accusing, yet a coder lists
it as ACCUSE (CAMEO 11x) from Obama to Trump, and "Trump said Obama is a very fine man" as
SUPPORT (051, praise). The codebook codes a speech act by its content; this module gives the
content's code when a statement's clause (or a "called X '...'" predicate) says that an actor
*is* something judged good or bad. The word lists are evaluative adjectives and nouns (a
small sentiment class, not phrases from any sentence); negation flips nothing here: "was not
criminal" still judges, so it is left uncoded.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.records import ActorMention, Quote

#: judgements that disapprove of their subject (CAMEO 111 criticise / 112 accuse)
NEGATIVE = frozenset({
    "guilty", "careless", "corrupt", "crooked", "unfit", "unqualified", "unprepared",
    "dishonest", "incompetent", "reckless", "irresponsible", "dangerous", "criminal", "liar",
    "disgrace", "disgraceful", "failure", "rigged", "illegal", "unconstitutional", "baseless",
    "groundless", "racist", "bigot", "bigoted", "hypocrite", "hypocritical", "shameful",
    "outrageous", "unacceptable", "irresponsibility", "worst", "terrible", "horrible",
    "disastrous", "disaster", "weak", "pathetic", "unfair", "biased", "fraud", "traitor",
    "terrorist", "threat", "puppet", "coward", "cowardly", "ignorant", "lawless", "deplorable",
    "despicable", "inappropriate", "wrong", "improper", "impropriety", "unethical", "culpable",
    "responsible", "aggressive", "provocative", "hostile", "illegitimate",
    # the common insults of political speech: unfitness, dishonesty, extremism, foolishness
    "stupid", "foolish", "crazy", "nasty", "phony", "fake", "loser", "lightweight",
    "clueless", "naive", "unstable", "unhinged", "extreme", "extremist", "radical",
    "hateful", "divisive", "misogynist", "xenophobe", "xenophobic", "demagogue", "bully",
    "embarrassment", "joke", "incapable", "unworthy", "untrustworthy", "deceitful",
    "arrogant", "hypocrisy", "scandal", "scandalous", "disqualified", "disqualifying"})
#: judgements that approve of their subject (CAMEO 051 praise)
POSITIVE = frozenset({
    "fine", "great", "excellent", "gracious", "professional", "honest", "wonderful",
    "brilliant", "courageous", "brave", "outstanding", "admirable", "remarkable", "strong",
    "hero", "leader", "friend", "ally", "partner", "patriot", "decent", "respectable",
    "trustworthy", "qualified", "terrific", "fantastic", "smart", "good", "best",
    # praise of a person's record and character
    "tremendous", "amazing", "incredible", "impressive", "capable", "experienced",
    "principled", "honorable", "honourable", "distinguished", "inspiring", "superb",
    "extraordinary", "exceptional", "dedicated", "wise", "competent", "champion"})
#: modifiers that turn a judgement around or make it hedged: left uncoded
_TURNING = frozenset({"not", "n't", "never", "no", "less", "least", "hardly"})


#: attitudes towards someone, held by the subject ("was very encouraged by Trump's interest",
#: "is disappointed with the court"): approving ones praise (051), disapproving ones criticise
APPROVING = frozenset({"encouraged", "impressed", "pleased", "delighted", "grateful",
                       "thankful", "heartened", "honored", "honoured", "proud"})
DISAPPROVING = frozenset({"disappointed", "angry", "outraged", "appalled", "disgusted",
                          "furious", "dismayed", "concerned", "troubled", "alarmed",
                          "insulted", "frustrated", "upset"})
#: prepositions that name whom an attitude is about
_ATTITUDE_PREPS = frozenset({"by", "with", "at", "about", "of", "over"})


def attitude(complement: Token) -> tuple[str, list[Token]] | None:
    """``(code, objects)`` for an attitude adjective or participle predicated of a subject
    ("he was very encouraged by Mr Trump's willingness"): the tokens its by/with/at phrase
    names, where the caller looks for the actor it is held towards."""
    word = complement.lower_
    if word not in APPROVING and word not in DISAPPROVING:
        return None
    if any(c.lower_ in _TURNING for c in complement.children) or \
            any(c.dep_ == "neg" for c in complement.head.children):
        return None
    objs = [p for c in complement.children if c.dep_ in ("prep", "agent")
            and c.lower_ in _ATTITUDE_PREPS for p in c.children if p.dep_ == "pobj"]
    if not objs:
        return None
    return ("051" if word in APPROVING else "111"), objs


def attitude_of(tok: Token) -> tuple[str, Token, list[Token]] | None:
    """``(code, word, objects)`` when ``tok`` predicates an attitude of its subject: a copula
    with an attitude complement ("was very encouraged by ..."), or the passive participle
    itself ("was encouraged by ...")."""
    words = [c for c in tok.children if c.dep_ == "acomp"] \
        if tok.lemma_.lower() in ("be", "seem", "feel", "remain") else []
    if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children):
        words.append(tok)
    for w in words:
        felt = attitude(w)
        if felt is not None:
            return felt[0], w, felt[1]
    return None


def judgement(complement: Token) -> str | None:
    """``"112"`` (accuse) or ``"051"`` (praise) for an evaluative predicate ("unfit",
    "a very fine man", "the worst President"), ``None`` when it judges nothing or is turned
    around ("not criminal")."""
    words = {complement.lemma_.lower()} | {
        c.lemma_.lower() for c in complement.children if c.dep_ in ("amod", "advmod", "acomp")}
    if any(c.lower_ in _TURNING for c in complement.subtree) or \
            any(c.dep_ == "neg" for c in complement.head.children):
        return None
    if words & NEGATIVE:
        return "112" if complement.lemma_.lower() in ("guilty", "culpable", "responsible",
                                                      "criminal") else "111"
    if words & POSITIVE:
        return "051"
    return None


def copular_complement(tok: Token) -> Token | None:
    """The adjective or noun a copula predicates of its subject ("X is unfit")."""
    if tok.lemma_.lower() not in ("be", "seem", "remain", "prove", "become"):
        return None
    if not any(c.dep_ == "nsubj" for c in tok.children):
        return None
    for c in tok.children:
        if c.dep_ in ("acomp", "attr") and c.pos_ in ("ADJ", "NOUN", "PROPN"):
            return c
    return None


def called_complement(tok: Token) -> Token | None:
    """The object predicate of "called/branded X '...'" (``oprd``, or an adjective or noun
    second object)."""
    if tok.lemma_.lower() not in ("call", "brand", "label", "describe", "deem"):
        return None
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if not objs:
        return None
    for c in tok.children:
        if c.dep_ in ("oprd", "ccomp", "xcomp") and c.pos_ in ("ADJ", "NOUN"):
            return c
        if c.dep_ == "advcl" and c.pos_ == "ADJ":
            return c
    for o in objs:  # "branded Obama the worst President": an apposition or a second object
        for c in o.children:
            if c.dep_ in ("appos", "amod") and c.pos_ in ("ADJ", "NOUN") and c.i > o.i:
                return c
    return None


def judged(subject: Token) -> list[Token]:
    """Whom a judgement of ``subject`` is about, nearest first: the subject itself; for a
    relative pronoun its antecedent ("doubts that were baseless": the doubts); for a thing
    something did, the doer ("the minister's letter raising doubts that were baseless": the
    doubts the letter raised, so the letter, so the minister, its possessor). The caller takes the
    first of these that names an actor (a possessor is found with its noun)."""
    out = [subject]
    cur = subject
    if cur.tag_ in ("WDT", "WP") and cur.head.dep_ == "relcl" and cur.head.head.i != cur.i:
        cur = cur.head.head
        out.append(cur)
    # the object of an act ("raised doubts", "a letter raising doubts"): its doer, the verb's
    # subject or the noun its participle or relative clause hangs on
    if cur.dep_ == "dobj":
        verb = cur.head
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            out.append(verb.head)
        else:
            out.extend(c for c in verb.children if c.dep_ == "nsubj"
                       and c.pos_ in ("NOUN", "PROPN"))
    return out


def relative_host(tok: Token) -> Token | None:
    """The clause a relative clause's noun stands in ("X said the doubts that were
    baseless ...": the clause of "doubts"), to find who tells the relative clause."""
    if tok.dep_ != "relcl":
        return None
    cur = tok.head
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            break
        cur = cur.head
    return cur if cur.pos_ in ("VERB", "AUX") else None


def quote_speaker(tok: Token) -> ActorMention | None:
    """The actor who speaks a direct quote holding ``tok`` ("Hillary Clinton is guilty," Trump
    told the rally): the teller of a judgement the quote makes with no statement verb of its
    own. Only a direct quote: its words are the speaker's, so the judgement is too."""
    quotes: list[Quote] = tok.doc._.ng_quotes or []
    for q in quotes:
        if q.kind == "direct" and q.speaker_actor is not None and \
                q.content_start <= tok.idx < q.content_end:
            return q.speaker_actor
    return None
