"""The real-news scoring rule on small hand-made cases, and the fixed tune/check split."""

from __future__ import annotations

from newsgraph.eval.realnews import ArticleResult, GoldArticle, Prediction, lands, match, score
from newsgraph.eval.splits import part_of, select


def _gold(sentence: str, trigger: str, plover: str, src: str | None = "USA",
          tar: str | None = None) -> dict[str, object]:
    return {"sentence": sentence, "trigger": trigger, "plover": plover,
            "source": {"text": "x", "country": src, "role": "GOV"} if src else None,
            "target": {"text": "y", "country": tar, "role": None} if tar else None,
            "date": "2016-11-06", "modality": "asserted"}


def _pred(evidence: str, plover: str, src: str | None = "USA", tar: str | None = None,
          date: str | None = "2016-11-06") -> Prediction:
    return Prediction(evidence, "t", plover, "04", [(src, ["GOV"])] if src else [],
                      [(tar, [])] if tar else [], date, "asserted", 0.5)


def test_lands_needs_overlap_and_the_trigger_word() -> None:
    g = _gold("Obama met Trump at the White House on Thursday.", "met", "CONSULT")
    assert lands("Obama  met Trump at the White House on Thursday.", g)
    assert lands("Obama met Trump at the White House on Thursday. They spoke.", g)
    assert not lands("Obama greeted Trump at the White House on Thursday.", g)
    assert not lands("Trump met reporters later.", g)


def test_match_is_one_to_one_and_needs_the_same_type() -> None:
    s = "Obama met Trump at the White House on Thursday."
    entries = [_gold(s, "met", "CONSULT")]
    preds = [_pred(s, "CONSULT"), _pred(s, "CONSULT"), _pred(s, "AGREE")]
    assert match(preds, entries) == [(0, 0)]


def test_score_counts_strict_precision_over_all_predictions() -> None:
    s = "Russia accused Ukraine of shelling the town on Sunday."
    art = GoldArticle("a", "2016-11-07", s, [_gold(s, "accused", "ACCUSE", "RUS", "UKR")])
    preds = [_pred(s, "ACCUSE", "RUS", "USA"), _pred(s, "ASSAULT")]
    res = ArticleResult(art, preds, match(preds, art.entries))
    out = score([res])
    assert out["type_precision"] == 0.5 and out["type_recall"] == 1.0
    assert out["source_country"] == 1.0 and out["target_country"] == 0.0
    assert out["strict_precision"] == 0.0
    assert out["date_exact"] == 1.0


def test_split_is_fixed_by_key() -> None:
    keys = [f"doc-{i}" for i in range(200)]
    tune = select(keys, str, "tune")
    check = select(keys, str, "check")
    assert sorted(tune + check) == sorted(keys) and not set(tune) & set(check)
    assert 60 < len(tune) < 140
    assert all(part_of(k) == "tune" for k in tune)
    assert select(keys, str, None) == keys
