"""The confidence reads where an event sits in its article (extract/confidence.placement).
Texts written for these tests, run with the real spaCy pipeline."""

from __future__ import annotations

from newsgraph.extract import confidence
from newsgraph.pipeline import Pipeline


def _coded(pipeline: Pipeline, text: str) -> list[tuple[float, list[float]]]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    doc = pipeline.nlp(doc)
    return [(e.confidence, confidence.placement(e, confidence.head_of(doc, e)))
            for e in doc._.ng_events or []]


def test_a_lead_event_is_marked_and_a_late_one_not(pipeline: Pipeline) -> None:
    filler = " ".join(f"The weather was mild on day {n}." for n in range(5))
    coded = _coded(pipeline, "France condemned Germany. " + filler
                   + " Later, Spain condemned Italy.")
    assert [p[0] for _, p in coded] == [1.0, 0.0]  # lead sentence, then a late one
    assert all(p[2] == 1.0 for _, p in coded)  # a party on each side
    assert coded[0][1][1] < 0.5  # the trigger opens its sentence


def test_placement_without_a_head_is_neutral() -> None:
    from newsgraph.records import Event, Evidence

    ev = Event("t", "condemned", 0, 9, "111", "11", -2.0, 3, "ACCUSE", None, None, [], [],
               "asserted", False, None, "publication", None, Evidence("t", 0, 9), 0.0)
    assert confidence.placement(ev, None) == [0.0, 0.5, 0.0]
    assert len(confidence.features(ev)) == len(confidence.FEATURES)
