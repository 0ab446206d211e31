"""Discourse sides (extract/discourse_sides.py): an event whose sentence names no source
takes the main-clause subject of one of the two sentences before, unless that actor is the
event's own target."""

from __future__ import annotations

from newsgraph.pipeline import Pipeline
from newsgraph.records import Event

_FLEW = "The Peruvian foreign minister flew to Santiago on Monday."


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_events or [])


def _sides(events: list[Event], trigger: str) -> list[tuple[list[str], list[str]]]:
    return [([m.code for m in e.source], [m.code for m in e.target])
            for e in events if e.trigger == trigger]


def test_an_act_with_no_doer_takes_the_topic_of_the_sentence_before(pipeline: Pipeline) -> None:
    events = _events(pipeline, _FLEW + " The talks with Chile lasted two hours.")
    assert _sides(events, "talks") == [(["PERGOV"], ["CHLGOV"])]


def test_the_topic_may_be_two_sentences_back(pipeline: Pipeline) -> None:
    events = _events(pipeline, _FLEW + " Rain fell. The talks with Chile lasted two hours.")
    assert _sides(events, "talks") == [(["PERGOV"], ["CHLGOV"])]


def test_a_topic_further_back_is_not_taken(pipeline: Pipeline) -> None:
    text = _FLEW + " Rain fell. The streets were quiet. The talks with Chile lasted two hours."
    assert _sides(_events(pipeline, text), "talks") == [([], ["CHLGOV"])]


def test_the_events_own_target_is_not_its_source(pipeline: Pipeline) -> None:
    text = ("Chile's foreign minister spoke on Monday."
            " The talks with Chile's foreign minister lasted two hours.")
    assert _sides(_events(pipeline, text), "talks") == [([], ["CHLGOV"])]


def test_an_act_with_no_target_takes_the_earlier_topic_that_is_not_its_source(
        pipeline: Pipeline) -> None:
    events = _events(pipeline, _FLEW + " Chile's president welcomed the visit.")
    assert _sides(events, "welcomed") == [(["CHLGOV"], ["PERGOV"])]
    filled = next(e for e in events if e.trigger == "welcomed").target[0]
    assert filled.via.endswith("+discourse")


def test_an_armed_group_is_a_topic_and_a_city_is_not(pipeline: Pipeline) -> None:
    text = ("Taliban insurgents attacked the German consulate on Thursday."
            " President Ashraf Ghani has condemned the attack.")
    assert _sides(_events(pipeline, text), "condemned") == [(["AFGGOV"], ["AFGINS"])]
    text = "Paris was quiet on Monday. The French president welcomed the visit."
    assert _sides(_events(pipeline, text), "welcomed") == [(["FRAGOV"], [])]


def test_an_event_noun_takes_the_subject_of_its_own_main_clause_first(
        pipeline: Pipeline) -> None:
    text = ("Chile's president spoke on Monday."
            " The Peruvian foreign minister said talks with Chile would resume.")
    events = _events(pipeline, text)
    assert _sides(events, "talks") == [(["PERGOV"], ["CHLGOV"])]
    assert next(e for e in events if e.trigger == "talks").source[0].via.endswith("+clause")


def test_an_act_with_no_side_takes_the_two_latest_topics(pipeline: Pipeline) -> None:
    text = ("The Peruvian foreign minister arrived on Monday. Chile's president spoke later."
            " The meeting lasted two hours.")
    assert _sides(_events(pipeline, text), "meeting") == [(["CHLGOV"], ["PERGOV"])]


def test_an_act_in_a_clause_under_the_main_one_takes_its_subject_as_target(
        pipeline: Pipeline) -> None:
    text = "The Chilean president was in Lima when Peruvian troops withdrew from the border."
    events = _events(pipeline, text)
    assert _sides(events, "withdrew") == [(["PERMIL"], ["CHLGOV"])]
    assert next(e for e in events if e.trigger == "withdrew").target[0].via.endswith("+clause")


def test_a_speaker_is_no_target_of_the_act_it_reports(pipeline: Pipeline) -> None:
    text = "The Afghan ministry said Taliban insurgents attacked on Sunday."
    assert _sides(_events(pipeline, text), "attacked") == [(["AFGINS"], [])]
