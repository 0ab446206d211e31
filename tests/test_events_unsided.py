"""Event nouns reported with no actor on either side (``extract/unsided``), on sentences
written for these tests with the real spaCy pipeline."""

from __future__ import annotations

from newsgraph.pipeline import Pipeline
from newsgraph.records import Event


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_events or [])


def _types(pipeline: Pipeline, text: str) -> list[str | None]:
    return [e.plover_type for e in _events(pipeline, text)]


def test_protest_noun_with_no_side_is_an_event(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Demonstrations in the capital drew large crowds on Sunday.")
    protests = [e for e in events if e.plover_type == "PROTEST"]
    assert protests and not protests[0].source and not protests[0].target
    assert protests[0].trigger == "Demonstrations"


def test_meeting_noun_with_no_side_is_a_consultation(pipeline: Pipeline) -> None:
    assert "CONSULT" in _types(pipeline, "The meeting lasted for more than two hours.")


def test_investigation_noun_alone_is_coded(pipeline: Pipeline) -> None:
    assert "ACCUSE" in _types(pipeline, "The investigation is continuing, officials say.")


def test_force_noun_alone_needs_an_article_that_reports_harm(pipeline: Pipeline) -> None:
    # words can attack too: with no side and no harm anywhere, the force is not shown
    assert "ASSAULT" not in _types(pipeline, "The attack dominated the evening news.")
    assert "ASSAULT" in _types(pipeline, "The attack killed three people near the market.")


def test_modifier_noun_is_a_kind_not_an_act(pipeline: Pipeline) -> None:
    assert "ASSAULT" not in _types(pipeline, "Two fire engines were sent after the crash "
                                             "killed a driver.")
    assert "PROTEST" not in _types(pipeline, "Shops sold protest banners and flags.")


def test_relation_to_a_reported_act_is_a_reference(pipeline: Pipeline) -> None:
    assert "PROTEST" not in _types(pipeline, "The fire was not related to the protest.")
    assert "ASSAULT" not in _types(pipeline, "Officers said the shooting was not connected "
                                             "to the theft.")


def test_campaign_rally_alone_is_not_a_protest(pipeline: Pipeline) -> None:
    assert "PROTEST" not in _types(pipeline, "The senator ended the day with a rally in Ohio.")


def test_reported_passive_of_force_stands_without_sides(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Late on Friday one man was shot near the station.")
    assert [e.plover_type for e in events] == ["ASSAULT"]
    # only the passive reports an act with its agent left out: an active verb needs a side
    assert "ASSAULT" not in _types(pipeline, "Somebody should hit the reset button.")
