"""Gate: PolNeAR dev attribution scores stay at or above pinned floors (skips without data).

The floors are the full-dev figures measured when they were pinned, rounded down a little;
the run parses all 84 dev articles once (about 20-30 s).
"""

from __future__ import annotations

from pathlib import Path

from newsgraph.eval.brat import parse_ann
from newsgraph.eval.quotes import Score, evaluate, score_document
from newsgraph.records import Evidence, Quote

FLOORS = {
    ("0.3", "all"): 0.68,
    ("0.8", "all"): 0.58,
    ("0.3", "quoted"): 0.85,
}
SOURCE_FLOOR = 0.92
CUE_FLOOR = 0.91


def test_parse_ann_discontinuous_and_events() -> None:
    ann = parse_ann("T1\tSource 0 2\tHe\nT2\tCue 3 7\tsaid\nT3\tContent 9 12;20 25\tabc de\n"
                    "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n")
    assert ann.textbounds["T3"].spans == ((9, 12), (20, 25))
    assert ann.events[0].args[0] == ("Content", "T3")


def test_matching_is_one_to_one() -> None:
    text = "He said the plan failed. " * 2
    gold = parse_ann("T1\tContent 8 23\tx\nE1\tAttribution:T1 Content:T1\n")
    from newsgraph.eval.brat import attributions
    q = Quote("a", "He", 0, 2, None, "said", 8, 23, "indirect", Evidence("a", 0, 24),
              cue_start=3, cue_end=7)
    score = Score()
    score_document(score, text, attributions(gold), [q, q])
    c = score.c(0.3, "all")
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)


def test_polnear_dev_floors(shared_data: Path) -> None:
    result = evaluate(shared_data / "quotes" / "polnear" / "dev")
    for (t, cls), floor in FLOORS.items():
        assert result["content"][t][cls]["f1"] >= floor, (t, cls)
    assert result["source_accuracy"]["all"]["accuracy"] >= SOURCE_FLOOR
    assert result["cue_accuracy"]["all"]["accuracy"] >= CUE_FLOOR
