"""Evaluation gate on the CHECK parts (never read for rules): actors on the PLOVER records
and on the real-news gold, mention by mention and on matched events.

Floors are the measured check-part values rounded down a little; raise them when the
resolver improves, never lower them silently. The matched-event floors sit lower: they also
move with event coding.
"""

from __future__ import annotations

from pathlib import Path

from newsgraph.eval.actors import by_part, evaluate
from newsgraph.eval.actors_realnews import evaluate_realnews
from newsgraph.pipeline import Pipeline

PLOVER_CHECK = {"country_accuracy": 0.955, "sector_accuracy": 0.83, "code_accuracy": 0.81}
#: check mentions measured on main with this round merged: country 0.891, role 0.770
#: stop 34 (a past office names its one holder, one role per person): role 0.780
MENTION_CHECK = {"country": 0.87, "role": 0.76}
#: matched events of the check part, measured on main with this round merged: source
#: country 0.633 (57 of 90: the two newly matched pairs carry a target and no source),
#: target country 0.741 (the round before: 0.648, 0.711 on 88; a round earlier 0.652,
#: 0.781 on 69 matched events; then 88: event nouns with no side of their own stand as
#: events, and take sides only by reference to an earlier event of their kind,
#: extract/event_coref.py, so more matched pairs carry no actor where the gold names one)
#: With discourse sides merged (extract/discourse_sides.py: an event whose sentence names no
#: source or target takes the main-clause subject of the sentences before, and mutual acts
#: the other party of an earlier act of their kind): source 0.840, target 0.884 on 101
#: matched pairs (source role 0.590, target role 0.663); with the own-clause subject fill
#: (its side marked +clause, kept out of cluster keys) and undergoers of an act as its target:
#: source 0.871, target 0.916 on 102 matched pairs (roles 0.634, 0.663); stop 36 (meeting
#: nouns told before their parties, sides of copied mutual acts oriented by their teller,
#: judgements through relative clauses, he/she from the nearest sentence): source 0.868,
#: target 0.930 on 107 pairs, roles 0.642 / 0.690
EVENT_CHECK = {"source_country": 0.85, "target_country": 0.90, "source_role": 0.62,
               "target_role": 0.67}


def test_plover_check_part(shared_data: Path, pipeline: Pipeline) -> None:
    _, cases = evaluate(shared_data / "events/plover/PLOVER_GSR_CAMEO.dev.json")
    check = by_part(cases)["check"]
    assert check["actors"] >= 150
    for metric, floor in PLOVER_CHECK.items():
        assert check[metric] >= floor, f"{metric} {check[metric]:.3f} < floor {floor}"


def test_realnews_check_part(shared_data: Path, pipeline: Pipeline) -> None:
    events, mentions, _ = evaluate_realnews(shared_data / "events/realnews")
    m = mentions["check"]
    assert m["located"] >= 300
    for metric, floor in MENTION_CHECK.items():
        assert m[metric] >= floor, f"mention {metric} {m[metric]:.3f} < floor {floor}"
    e = events["check"]
    for metric, floor in EVENT_CHECK.items():
        assert e[metric] >= floor, f"event {metric} {e[metric]:.3f} < floor {floor}"
