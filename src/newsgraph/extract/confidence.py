"""Calibrated event confidence: the chance that a coded event is right.

An event's confidence is a logistic model over a few features of the coded event (which
sides have actors, whether their countries are known, modality, quad class, how long the
sentence is, whether the trigger is a construction of several words, the PLOVER type, the
trigger's syntax and its place in the article). The model (L2 logistic regression, C=0.3;
the weight of PLOVER records against real-news predictions is chosen by cross-validation
grouped by story, else article, on the tune part: the out-of-fold log loss of the real-news
predictions) is fitted by ``scripts/fit_event_calibration.py`` on the
*tune* parts of the dev gold only (real-news
articles: a prediction is right when it is matched with the right PLOVER type; PLOVER
records: the matched event has the gold type), and shipped as a few numbers in
``reference/data/event_calibration.json`` (no pickles, nothing fitted at run time). The
calibration table of ``newsgraph eval events`` shows predicted confidence against observed
precision on the tune and check parts.

The event coder scores each event twice: when it is built (the score ranks a sentence's
duplicates, ``event_dedup``) and once the passes that fill sides from other sentences have
run (``event_coref``, ``discourse_sides``); the second is the stored confidence, scored on
the same final event the calibration is fitted on (scored before the filling, half the tune
part's predictions were scored off the fitted features, by up to 0.22).

With no fitted file the old additive score is used, so a checkout without the data still
codes events.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.records import Event

#: feature names, in the order of ``features``; the fitted file names them too and is
#: rejected if they differ
#: PLOVER types as one-hot features: how often each type is right differs more than any
#: other single property (chosen by grouped cross-validation on the tune part)
PLOVER_TYPES = ("ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT",
                "COOPERATE", "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION",
                "SUPPORT", "THREATEN")
#: how the trigger's head sits in its sentence (see ``syntax``): an event told in the main
#: clause is more often a codable act than one in an adverbial clause, a gerund after a
#: preposition, a generic present tense or a modal exhortation
SYNTAX = ("noun", "main_clause", "subordinate", "gerund", "present_simple", "modal",
          "to_infinitive", "question", "depth")
#: where the event sits in the article and whom it joins (see ``placement``): an act told
#: in the headline or lead is the story's own act, a trigger early in its sentence is the
#: sentence's main predication rather than a detail of it, and an act with a party on each
#: side is an interaction, what an event dataset codes; these hold across articles and
#: outlets (grouped cross-validation by story, else article, on the tune part)
PLACEMENT = ("lead", "trigger_position", "both_sides")
FEATURES = ("source", "target", "countries", "roles", "reported", "irrealis", "quad2",
            "quad3", "quad4", "multiword", "long_sentence", "person_source", "many_actors",
            "media_side", "pronoun_source",
            *(f"type_{t}" for t in PLOVER_TYPES), *(f"syn_{s}" for s in SYNTAX),
            *(f"at_{p}" for p in PLACEMENT))
#: sentences of an article's start that count as its headline and lead
LEAD_SENTENCES = 3

_MODALS = frozenset({"must", "should", "would", "could", "can", "might", "may", "ought",
                     "need"})
_SUBORDINATE = frozenset({"advcl", "pcomp", "xcomp", "acl", "relcl", "csubj"})
_QUESTION_MARKS = frozenset({"whether", "if"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "him", "her", "them"})


def head_of(doc: Doc, event: Event) -> Token | None:
    """The syntactic head of an event's trigger in its doc (the root of the trigger span)."""
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def syntax(head: Token | None) -> list[float]:
    """Where the trigger sits, as the ``SYNTAX`` flags (all 0 without a head).

    These are the general signals behind the false positives of the tune part: acts in an
    adverbial clause or after a preposition ("strategy for fighting X"), habitual or generic
    present tense ("he opposes ..."), exhortations under a modal ("leaders must unite"),
    infinitives ("a call for X to accept ...") and questions put by a reporter ("asked
    whether ...").
    """
    if head is None:
        return [0.0] * len(SYNTAX)
    kids = list(head.children)
    auxes = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
    return [
        float(head.pos_ in ("NOUN", "PROPN")),
        float(head.dep_ in ("ROOT", "conj") and head.pos_ in ("VERB", "AUX")),
        float(head.dep_ in _SUBORDINATE),
        float(head.tag_ == "VBG"),
        float(head.tag_ in ("VBZ", "VBP") and not auxes),
        float(bool(auxes & _MODALS)),
        float("to" in auxes),
        float(any(c.dep_ == "mark" and c.lower_ in _QUESTION_MARKS for c in kids)
              or any(m.dep_ == "mark" and m.lower_ in _QUESTION_MARKS
                     for c in kids if c.dep_ == "ccomp" for m in c.children)),
        min(sum(1 for _ in head.ancestors) / 4.0, 1.0),
    ]


def placement(event: Event, head: Token | None) -> list[float]:
    """The ``PLACEMENT`` values: whether the trigger's sentence is among the article's first
    ``LEAD_SENTENCES``, the share of its sentence before the trigger's head (0.5 without a
    head), and whether both sides have an actor."""
    both = float(bool(event.source) and bool(event.target))
    if head is None:
        return [0.0, 0.5, both]
    sent = head.sent
    # only the first sentences are looked at: an event late in a long article costs no walk
    lead = float(any(s.start == sent.start
                     for s, _ in zip(head.doc.sents, range(LEAD_SENTENCES), strict=False)))
    return [lead, (head.i - sent.start) / max(1, len(sent)), both]


def features(event: Event, head: Token | None = None) -> list[float]:
    """The feature vector of a coded event: its stored fields, its head's syntax and its
    place in the article."""
    actors = event.source + event.target
    length = max(0, event.evidence.end - event.evidence.start)
    return [
        float(bool(event.source)),
        float(bool(event.target)),
        float(bool(actors) and all(m.country for m in actors)),
        float(any(m.roles for m in actors)),
        float(event.modality == "reported"),
        float(event.modality not in ("asserted", "reported")),
        float(event.quad_class == 2),
        float(event.quad_class == 3),
        float(event.quad_class == 4),
        float(len(event.trigger.split()) > 1),
        min(length / 250.0, 2.0),
        float(any(m.kind == "person" for m in event.source)),
        float(len(actors) > 2),
        float(any("MED" in m.roles for m in actors)),
        float(any(m.text.lower() in _PRONOUNS for m in event.source)),
        *(float(event.plover_type == t) for t in PLOVER_TYPES),
        *syntax(head),
        *placement(event, head),
    ]


@cache
def _model() -> dict[str, Any] | None:
    path = resources.files("newsgraph.reference") / "data" / "event_calibration.json"
    try:
        model: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    if tuple(model.get("features", ())) != FEATURES:
        return None  # fitted for another feature set: not applicable
    return model


def heuristic(event: Event) -> float:
    """The additive score used before calibration (and when no fitted file is shipped)."""
    actors = event.source + event.target
    return min(1.0, 0.4 + 0.2 * bool(event.source) + 0.2 * bool(event.target)
               + 0.1 * all(m.country for m in actors))


def calibrated(event: Event, head: Token | None = None) -> float:
    """The probability that ``event`` (headed by ``head``) is right, from the shipped model."""
    model = _model()
    if model is None:
        return round(heuristic(event), 2)
    z = float(model["intercept"]) + sum(
        w * x for w, x in zip(model["coef"], features(event, head), strict=True))
    return round(1.0 / (1.0 + math.exp(-z)), 3)


def calibration_table(pairs: list[tuple[float, bool]],
                      edges: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)
                      ) -> list[tuple[str, int, float | None, float | None]]:
    """``(bin, n, mean predicted, observed precision)`` per confidence bin."""
    rows = []
    for lo, hi in zip(edges, edges[1:], strict=False):
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi]
        n = len(inside)
        rows.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", n,
                     sum(c for c, _ in inside) / n if n else None,
                     sum(ok for _, ok in inside) / n if n else None))
    return rows


def format_calibration(parts: dict[str, list[tuple[float, bool]]]) -> str:
    """The calibration table of several parts side by side (n, predicted, observed)."""
    names = list(parts)
    tables = {n: calibration_table(parts[n]) for n in names}
    head = f"{'confidence':<12}" + "".join(f"{n + ' n':>9}{'pred':>7}{'obs':>7}" for n in names)
    lines = [head]
    for i, (label, *_rest) in enumerate(tables[names[0]]):
        cells = []
        for n in names:
            _, cnt, pred, obs = tables[n][i]
            cells.append(f"{cnt:>9}" + (f"{pred:>7.2f}" if pred is not None else f"{'-':>7}")
                         + (f"{obs:>7.2f}" if obs is not None else f"{'-':>7}"))
        lines.append(f"{label:<12}" + "".join(cells))
    return "\n".join(lines)
