"""Modality of a coded predicate and the CAMEO families its complement constructions map to.

``modality_of`` reads negation, refusal ("refused to"), conditions (if/unless), hypothesis
(could/might/may) and future (will/would, "plans to") off the dependency parse. The maps say
what a complement's CAMEO root becomes under an intent (03), threat (13), rejection (12) or
demand (10) head, and ``recode_intent`` applies CAMEO's convention that announced cooperation
is an intent and announced conflict a threat.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.records import Modality

CONDITIONAL_MARKS = {"if", "unless"}
HYPOTHETICAL_AUX = {"could", "might", "may"}
FUTURE_AUX = {"will", "shall", "'ll", "would", "wo"}
OBLIGATION_AUX = {"must", "should"}
NEGATION_WORDS = {"not", "n't", "never", "no"}
#: complement-taking verbs and what they make of their complement
REFUSAL = {"refuse", "decline", "fail", "reject", "renege"}
FUTURE_HEADS = {"plan", "intend", "expect", "aim", "hope", "want", "prepare", "seek", "wish",
                 "schedule", "set"}
#: complement root -> code in the intent (03), threat (13), rejection (12), demand (10) family
INTENT_MAP = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "03": "030"}
THREAT_MAP = {"14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138",
               "20": "138", "12": "130", "13": "130"}
THREAT_SPECIFIC = {"161": "1313", "162": "1311", "163": "1312", "164": "1313", "172": "132",
                    "1723": "132", "174": "136", "143": "1312"}
REJECT_MAP = {"04": "125", "03": "120", "05": "120", "06": "121", "07": "122", "08": "124"}
REJECT_SPECIFIC = {"0841": "1243", "081": "1241", "085": "1244", "0872": "1246", "087": "1246",
                    "0832": "1241", "039": "126", "038": "126", "057": "120"}
REQUEST_MAP = {"04": "106", "05": "102", "06": "101", "07": "103", "08": "105"}
def root_of(code: str) -> str:
    return code[:2]


def family(code: str | None, default: str, general: dict[str, str],
            specific: dict[str, str]) -> str:
    if code is None:
        return default
    for key in (code, code[:3]):
        if key in specific:
            return specific[key]
    return general.get(root_of(code), default)


def modality_of(verb: Token) -> tuple[Modality, bool]:
    """Negation, refusal, condition, hypothesis, future, or a plain assertion."""
    children = list(verb.children)
    negated = any(c.dep_ == "neg" or (c.lower_ in NEGATION_WORDS and c.dep_ in ("advmod", "det"))
                  for c in children)
    auxes = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in REFUSAL:
        return "refused", negated
    if negated and auxes & {"will", "wo", "would", "shall"}:
        return "refused", True
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in children):
        return "conditional", negated
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS
                                     for m in c.children) for c in children):
        return "conditional", negated
    if negated:
        return "negated", True
    if auxes & HYPOTHETICAL_AUX:
        return "hypothetical", False
    if auxes & FUTURE_AUX or (verb.dep_ == "xcomp" and head.lemma_.lower() in FUTURE_HEADS):
        return "future", False
    return "asserted", False


def recode_intent(code: str, verb: Token, modality: Modality, has_target: bool = True) -> str:
    """CAMEO convention: announced cooperation is intent (03), announced conflict a threat (13)."""
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if not auxes & FUTURE_AUX:
        return code
    root = root_of(code)
    if modality == "refused":
        if root in ("03", "04", "05", "06", "07", "08"):
            return family(code, "120", REJECT_MAP, REJECT_SPECIFIC)
        return code
    if root in ("04", "05", "06", "07", "08"):
        return family(code, "030", INTENT_MAP, {})
    if root in ("14", "15", "16", "17", "18", "19", "20") and has_target:
        # a threat is aimed at someone: "will hold a rally" stays a (future) protest
        return family(code, "130", THREAT_MAP, THREAT_SPECIFIC)
    if code in ("0872", "087") and modality == "conditional":
        return "131"
    return code


