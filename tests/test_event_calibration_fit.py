"""The event-confidence calibration: the fitting script's out-of-fold machinery
(scripts/fit_event_calibration.py) on small made-up samples, the shipped fit's feature set,
and the stored confidence scored on the final event (after sides are filled from other
sentences), the event the calibration is fitted on."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsgraph.extract import confidence
from newsgraph.pipeline import Pipeline

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "fit_event_calibration.py"


@pytest.fixture(scope="module")
def fitting() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fit_event_calibration", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _samples(n_groups: int = 8) -> tuple[list[list[float]], list[int], list[str]]:
    """Two features; the first predicts the label; four samples a group."""
    x, y, groups = [], [], []
    for g in range(n_groups):
        for k in range(4):
            x.append([float(k % 2), float(g % 3)])
            y.append(int(k % 2 == 1 or k == 0 and g % 2 == 0))
            groups.append(f"g{g}")
    return x, y, groups


def test_a_groups_out_of_fold_scores_do_not_see_its_own_labels(fitting: ModuleType) -> None:
    x, y, groups = _samples()
    w = [1.0] * len(y)
    before = fitting.out_of_fold(x, y, w, groups, 1.0)
    flipped = [1 - t if g == "g0" else t for t, g in zip(y, groups, strict=True)]
    after = fitting.out_of_fold(x, flipped, w, groups, 1.0)
    mine = [i for i, g in enumerate(groups) if g == "g0"]
    others = [i for i in range(len(y)) if i not in mine]
    assert [before[i] for i in mine] == pytest.approx([after[i] for i in mine])
    assert any(abs(before[i] - after[i]) > 1e-6 for i in others)  # they did see g0


def test_out_of_fold_scores_follow_the_predictive_feature(fitting: ModuleType) -> None:
    x, y, groups = _samples()
    oof = fitting.out_of_fold(x, y, [1.0] * len(y), groups, 1.0)
    on = [p for p, row in zip(oof, x, strict=True) if row[0] == 1.0]
    off = [p for p, row in zip(oof, x, strict=True) if row[0] == 0.0]
    assert min(on) > max(off)


def test_log_loss_and_top_bin(fitting: ModuleType) -> None:
    assert fitting.log_loss([0.5, 0.5], [1, 0]) == pytest.approx(math.log(2))
    assert fitting.log_loss([1.0], [0]) == pytest.approx(-math.log(1e-9))
    assert fitting.top_bin([0.9, 0.85, 0.8, 0.79], [1, 0, 1, 1]) == (3, pytest.approx(2 / 3))
    assert fitting.top_bin([0.2, 0.79], [1, 1]) == (0, None)


def test_the_shipped_fit_is_for_the_feature_set() -> None:
    model = confidence._model()
    assert model is not None  # the file names FEATURES, in order
    assert len(model["coef"]) == len(confidence.FEATURES)


def test_the_stored_confidence_is_scored_after_the_sides_are_filled(pipeline: Pipeline) -> None:
    doc = pipeline.nlp.make_doc("The Peruvian foreign minister flew to Santiago on Monday. "
                                "The talks with Chile lasted two hours.")
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    doc = pipeline.nlp(doc)
    events = list(doc._.ng_events or [])
    talks = [e for e in events if e.trigger == "talks"]
    assert talks and talks[0].source  # its source came from the sentence before
    for e in events:
        assert e.confidence == confidence.calibrated(e, confidence.head_of(doc, e))
