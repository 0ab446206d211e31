"""Gate: the TimeBank normalisation figures stay above pinned floors."""

from __future__ import annotations

from pathlib import Path

from newsgraph.eval.timex import evaluate, read_gold


def test_timebank_value_accuracy_floor(shared_data: Path) -> None:
    gold = shared_data / "timex" / "timebank.timenorm.tsv"
    report = evaluate(read_gold(gold))
    assert report["expressions"] > 1000
    assert report["value_accuracy"] >= 0.82
    assert report["date_value_accuracy"] >= 0.845
    assert report["type_accuracy"] >= 0.93
    assert report["finder_coverage"] >= 0.92
