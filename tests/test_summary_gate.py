"""Gate: the 5W1H summary on Giveme5W1H's coder annotations stays above pinned floors.

Floors are the measured precisions (``newsgraph eval 5w1h``) rounded down a little; the eval
analyses all 76 articles (about 20 s of CPU) and caches nothing.
"""

from __future__ import annotations

from pathlib import Path

from newsgraph.eval.fivewoneh import evaluate

FLOORS = {"who": 0.80, "what": 0.64, "when": 0.70, "where": 0.67}
FLOOR_4W = 0.70
FLOOR_ALL = 0.70


def test_5w1h_precision_floors(shared_data: Path) -> None:
    res = evaluate(shared_data / "5w1h" / "giveme5w1h")
    assert res["articles"] == 76
    for q, floor in FLOORS.items():
        c = res["questions"][q]
        assert c["precision"] >= floor, (q, c)
        assert c["answered_share"] >= 0.9, (q, c)
    assert res["precision_4w"] >= FLOOR_4W
    assert res["precision_all"] >= FLOOR_ALL
