"""Evaluation gate: the event coder on the CHECK parts of the dev gold must not fall below
pinned floors (PLOVER records and real-news articles, split by ``eval/splits.py``).

Floors are the measured check-part values rounded down a little; raise them when the coder
improves, never lower them silently. The check parts are scored, never read for rules.
"""

from __future__ import annotations

from pathlib import Path

from newsgraph.eval import realnews
from newsgraph.eval.events import by_part, code_records, load_gold

#: PLOVER check part measured 0.895 / 0.893 / 0.835 / 0.865, extra 0.256, no-event 0.035.
#: The extra-event rate rose from 0.21 when event nouns with one side known ("protests
#: against X", "the Taliban attack") began to stand alone: they are events of their own.
FLOORS = {"type_accuracy": 0.88, "macro_f1": 0.87, "source_accuracy": 0.82,
          "target_accuracy": 0.85}
#: It rose again, to 0.360 (check; tune 0.320), when event nouns with NO side known began to
#: stand alone ("talks", "the shooting", "the investigation": ``extract/unsided``): the
#: records code one event per sentence, the real-news codebook every mention, and those
#: nouns raised real-news check recall 0.265 -> 0.327 at type precision 0.633 -> 0.644.
#: And to 0.407 (check; tune 0.427) when a coordinated side became one event per party
#: (``events._each``): one dyad per row, the real-news codebook's and ICEWS's convention, so
#: a record naming three parties ("talks with India, South Korea and China") gives three
#: rows where the PLOVER records keep one (real-news check matched 102 -> 104).
MAX_EXTRA_RATE = 0.43
MAX_NO_EVENT_RATE = 0.05
#: real-news check part measured on main with this round's event, date, actor, coref and
#: argument work merged: type precision 0.662, recall 0.338, date exact 0.521, modality
#: 0.955 (a round earlier 0.633, 0.265, 0.545, 0.942; before issues 19/20: 0.431, 0.169,
#: 0.438, 0.977). Date exact fell with the matched set growing from 69 to 88 pairs (event
#: nouns standing with no side: their dates are the sentence's, often the report's), not
#: with a dating change (the dating rules of this round held check at 0.545 alone).
#: PLOVER check target accuracy is 0.865 now (0.851 a round earlier).
#: With the sense families of investigation and disapproval and discourse sides merged:
#: precision 0.673, recall 0.388, strict precision 0.513, date exact 0.542, modality 0.931
#: (unsided investigations and criticism are mostly reported, which costs modality).
#: With filled sides kept out of cluster keys, the event-noun tense dating, the actor-subject
#: frames and one-sided coercion nouns merged (stop 31): precision 0.689, recall 0.392,
#: strict precision 0.554, date exact 0.614, modality 0.931.
#: Stop 34 (one event per party, clause-own dates, judgement words): precision 0.700,
#: recall 0.404, strict 0.560, date exact 0.616, modality 0.924.
#: Stop 36 (meeting nouns told before their parties, willingness nouns, judgements through
#: relative clauses): precision 0.704, recall 0.412, strict 0.572, date exact 0.625.
REALNEWS_FLOORS = {"type_precision": 0.69, "type_recall": 0.40, "strict_precision": 0.56,
                   "date_exact": 0.61, "modality": 0.92}


def test_plover_gold_floors(shared_data: Path) -> None:
    gold = shared_data / "events" / "plover" / "PLOVER_GSR_CAMEO.dev.json"
    records = load_gold(gold)
    assert len(records) == 161  # the DOCUMENT record is skipped
    report = by_part(code_records(records))["check"]
    for metric, floor in FLOORS.items():
        assert getattr(report, metric) >= floor, (metric, getattr(report, metric))
    assert report.extra_rate <= MAX_EXTRA_RATE
    assert report.no_event_rate <= MAX_NO_EVENT_RATE


def test_realnews_check_floors(shared_data: Path) -> None:
    folder = shared_data / "events" / "realnews"
    articles = [a for a in realnews.load(folder) if a.part == "check"]
    assert articles
    got = realnews.score(realnews.analyse(articles))
    for metric, floor in REALNEWS_FLOORS.items():
        assert got[metric] >= floor, (metric, got[metric])


def test_relabelling_to_plover_2(shared_data: Path) -> None:
    records = load_gold(shared_data / "events" / "plover" / "PLOVER_GSR_CAMEO.dev.json")
    labels = {r.plover for r in records}
    assert not labels & {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT"}
    assert {"REQUEST", "ACCUSE", "ASSAULT"} <= labels
