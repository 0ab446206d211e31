"""Precision constraints of the event coder (issue 19): questions are not appeals, a stance
on a policy is no act, and the confidence reads the trigger's syntax. Sentences written for
these tests, run with the real spaCy pipeline."""

from __future__ import annotations

from newsgraph.extract import confidence
from newsgraph.pipeline import Pipeline
from newsgraph.records import Event


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_events or [])


def test_a_question_is_no_request(pipeline: Pipeline) -> None:
    assert not any(e.plover_type == "REQUEST" for e in _events(
        pipeline, "A reporter asked the minister whether the troops would stay in Iraq."))
    assert not any(e.plover_type == "REQUEST" for e in _events(
        pipeline, "Asked by a newspaper whether he would resign, the minister said no."))


def test_an_appeal_is_a_request(pipeline: Pipeline) -> None:
    assert any(e.plover_type == "REQUEST" for e in _events(
        pipeline, "The minister asked Germany to send troops to Mali."))


def test_a_stance_on_a_policy_is_no_event(pipeline: Pipeline) -> None:
    assert not _events(pipeline, "The senator supported the invasion in 2003.")
    assert not any(e.plover_type in ("ACCUSE", "SUPPORT") for e in _events(
        pipeline, "The senator opposes the trade deal."))


def test_a_stance_on_an_actor_is_an_event(pipeline: Pipeline) -> None:
    assert any(e.plover_type == "SUPPORT" for e in _events(
        pipeline, "France supported Germany at the summit."))
    assert any(e.plover_type == "ACCUSE" for e in _events(
        pipeline, "The party opposed the government on Monday."))


def test_a_danger_is_no_threat_made(pipeline: Pipeline) -> None:
    assert not any(e.plover_type == "THREATEN" for e in _events(
        pipeline, "The threat from the militia has grown in the province."))
    assert any(e.plover_type == "THREATEN" for e in _events(
        pipeline, "Russia made a threat against Ukraine on Monday."))


def test_syntax_flags(pipeline: Pipeline) -> None:
    doc = pipeline.nlp.make_doc("Officials said the army must attack the town, asking "
                                "whether it would hold.")
    doc = pipeline.nlp(doc)
    flags = dict(zip(confidence.SYNTAX, confidence.syntax(doc[5]), strict=True))  # attack
    assert flags["modal"] == 1.0 and flags["subordinate"] == 0.0
    flags = dict(zip(confidence.SYNTAX, confidence.syntax(doc[9]), strict=True))  # asking
    assert flags["gerund"] == 1.0 and flags["question"] == 1.0
    assert confidence.syntax(None) == [0.0] * len(confidence.SYNTAX)


def test_confidence_reads_the_head(pipeline: Pipeline) -> None:
    doc = pipeline.nlp.make_doc("Germany gave money to Ukraine on Monday.")
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    doc = pipeline.nlp(doc)
    ev = doc._.ng_events[0]
    head = confidence.head_of(doc, ev)
    assert head is not None and head.lemma_ == "give"
    assert ev.confidence == confidence.calibrated(ev, head)
    assert len(confidence.features(ev, head)) == len(confidence.FEATURES)
