"""Fit the event-confidence calibration on the TUNE parts of the dev gold; write the JSON.

    PYTHONPATH=src python scripts/fit_event_calibration.py \
        --realnews ../shared/data/events/realnews \
        --plover ../shared/data/events/plover/PLOVER_GSR_CAMEO.dev.json

Labels: a real-news prediction is right when it is matched to a gold entry of its PLOVER type
(the README's rule); a PLOVER record's matched event is right when its type is the gold type.
Only the tune parts are read (``eval/splits.py``): the check parts measure the fit. The model
is scikit-learn's L2 logistic regression; what is shipped is its intercept and coefficients
(``src/newsgraph/reference/data/event_calibration.json``), read by
``newsgraph.extract.confidence``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.linear_model import LogisticRegression

from newsgraph.eval import events as plover_eval
from newsgraph.eval import realnews
from newsgraph.extract.confidence import FEATURES

OUT = Path(__file__).resolve().parents[1] / "src/newsgraph/reference/data/event_calibration.json"


def tune_samples(rn: Path, pl: Path) -> tuple[list[list[float]], list[int]]:
    x: list[list[float]] = []
    y: list[int] = []
    arts = [a for a in realnews.load(rn) if a.part == "tune"]
    for r in realnews.analyse(arts):
        matched = {i for i, _ in r.pairs}
        for i, p in enumerate(r.predictions):
            x.append(p.features)
            y.append(int(i in matched))
    recs = [g for g in plover_eval.load_gold(pl) if g.part == "tune"]
    for o in plover_eval.code_records(recs):
        if o.features is not None:
            x.append(o.features)
            y.append(int(o.predicted == o.gold.plover))
    return x, y


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realnews", type=Path, default=realnews.DEFAULT_REALNEWS)
    ap.add_argument("--plover", type=Path, default=plover_eval.DEFAULT_GOLD)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    x, y = tune_samples(args.realnews, args.plover)
    model = LogisticRegression(C=0.3, max_iter=2000).fit(x, y)
    data = {
        "about": "Logistic calibration of event confidence, fitted by "
                 "scripts/fit_event_calibration.py on the tune parts of the real-news and "
                 "PLOVER dev gold (eval/splits.py).",
        "samples": len(y), "positives": int(sum(y)),
        "features": list(FEATURES),
        "intercept": round(float(model.intercept_[0]), 4),
        "coef": [round(float(c), 4) for c in model.coef_[0]],
    }
    args.out.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
    print(f"{len(y)} samples, {sum(y)} right; written {args.out}")
    for name, c in zip(FEATURES, data["coef"], strict=True):
        print(f"  {name:<14} {c:+.3f}")


if __name__ == "__main__":
    main()
