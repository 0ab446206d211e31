"""Fit the event-confidence calibration on the TUNE parts of the dev gold; write the JSON.

    PYTHONPATH=src python scripts/fit_event_calibration.py \
        --realnews ../shared/data/events/realnews \
        --plover ../shared/data/events/plover/PLOVER_GSR_CAMEO.dev.json

Labels: a real-news prediction is right when it is matched to a gold entry of its PLOVER type
(the README's rule); a PLOVER record's matched event is right when its type is the gold type.
Only the tune parts are fitted on (``eval/splits.py``): the check parts measure the fit
(``--report`` prints the calibration table of both parts from the samples just fitted).
Features are ``newsgraph.extract.confidence.features`` of each event with the syntactic head
of its trigger in the parsed doc (so the script runs the pipeline itself, as ingest does).
The model is scikit-learn's L2 logistic regression; what is shipped is its intercept and
coefficients (``src/newsgraph/reference/data/event_calibration.json``), read by
``newsgraph.extract.confidence``.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from sklearn.linear_model import LogisticRegression

from newsgraph.clean import clean
from newsgraph.eval import events as plover_eval
from newsgraph.eval import realnews
from newsgraph.extract.confidence import FEATURES, features, format_calibration, head_of
from newsgraph.pipeline import default_pipeline
from newsgraph.records import RawDocument

OUT = Path(__file__).resolve().parents[1] / "src/newsgraph/reference/data/event_calibration.json"
#: L2 strength, chosen by grouped (by article / record) cross-validation on the tune part
C = 0.3

Samples = tuple[list[list[float]], list[int]]


def realnews_samples(folder: Path, part: str) -> Samples:
    """Features and labels of every prediction on the real-news articles of ``part``."""
    pipe = default_pipeline()
    x: list[list[float]] = []
    y: list[int] = []
    for art in (a for a in realnews.load(folder) if a.part == part):
        raw = RawDocument(data=art.text.encode("utf-8"), origin="<fit>", kind="text",
                          url=None, user_published=art.published)
        article = clean(raw, pipe.config)
        doc = pipe.nlp(pipe.make_doc(article))
        events = list(doc._.ng_events or [])
        preds = [realnews.Prediction.of(e, article.text) for e in events]
        matched = {i for i, _ in realnews.match(preds, art.entries)}
        for i, e in enumerate(events):
            x.append(features(e, head_of(doc, e)))
            y.append(int(i in matched))
    return x, y


def plover_samples(path: Path, part: str) -> Samples:
    """Features and labels of the matched event of every PLOVER record of ``part``."""
    pipe = default_pipeline()
    recs = [g for g in plover_eval.load_gold(path) if g.part == part]
    docs = [pipe.text_doc(r.text, r.id, "2000-01-01") for r in recs]
    x: list[list[float]] = []
    y: list[int] = []
    for rec, doc in zip(recs, pipe.nlp.pipe(docs), strict=True):
        events = list(doc._.ng_events or [])
        if events:
            best = plover_eval.match_event(events, rec.evt_words)
            x.append(features(best, head_of(doc, best)))
            y.append(int(best.plover_type == rec.plover))
    return x, y


def predict(model: LogisticRegression, x: list[list[float]]) -> list[float]:
    z = [float(model.intercept_[0]) + sum(w * v for w, v in zip(model.coef_[0], row,
                                                                 strict=True)) for row in x]
    return [1.0 / (1.0 + math.exp(-v)) for v in z]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realnews", type=Path, default=realnews.DEFAULT_REALNEWS)
    ap.add_argument("--plover", type=Path, default=plover_eval.DEFAULT_GOLD)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--report", action="store_true",
                    help="also score the check parts (never fitted on) and print the tables")
    args = ap.parse_args()
    rx, ry = realnews_samples(args.realnews, "tune")
    px, py = plover_samples(args.plover, "tune")
    x, y = rx + px, ry + py
    model = LogisticRegression(C=C, max_iter=5000).fit(x, y)
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
        print(f"  {name:<22} {c:+.3f}")
    if args.report:
        cx, cy = realnews_samples(args.realnews, "check")
        print("real news:")
        print(format_calibration({
            "tune": list(zip(predict(model, rx), map(bool, ry), strict=True)),
            "check": list(zip(predict(model, cx), map(bool, cy), strict=True))}))


if __name__ == "__main__":
    main()
