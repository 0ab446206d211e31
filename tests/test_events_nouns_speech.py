"""Event nouns with one side known, scheduled acts, attitudes and
advice to the public (issue 19), on sentences written for these tests with the real spaCy
pipeline."""

from __future__ import annotations

import pytest

from newsgraph.pipeline import Pipeline
from newsgraph.records import Event


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_events or [])


def _of(events: list[Event], ptype: str) -> list[Event]:
    return [e for e in events if e.plover_type == ptype]


def _codes(side: list) -> set[str | None]:
    return {m.country for m in side}


def test_scheduled_meeting_is_a_future_consultation(pipeline: Pipeline) -> None:
    events = _of(_events(pipeline, "Macron will meet with Angela Merkel in Berlin tomorrow."),
                 "CONSULT")
    assert events and events[0].modality == "future"
    assert events[0].cameo.startswith("03")  # CAMEO's intent convention is kept


def test_announced_help_stays_a_promise(pipeline: Pipeline) -> None:
    events = _events(pipeline, "France said it would send aid to Ukraine.")
    assert _of(events, "AGREE") and not _of(events, "AID")


def test_clashes_between_two_sides(pipeline: Pipeline) -> None:
    events = _of(_events(pipeline,
                         "Violent clashes broke out between Kenyan students and police."),
                 "PROTEST")
    assert events and events[0].source and events[0].target


def test_protest_noun_takes_its_carrier_verbs_target(pipeline: Pipeline) -> None:
    events = _of(_events(pipeline, "Protests continued against the Serbian government."),
                 "PROTEST")
    assert events and "SRB" in _codes(events[0].target)


def test_praise_from_names_the_source(pipeline: Pipeline) -> None:
    events = _of(_events(pipeline,
                         "The praise from Emmanuel Macron for Olaf Scholz surprised many."),
                 "SUPPORT")
    assert any("FRA" in _codes(e.source) for e in events)


def test_call_during_which_speaker_talks(pipeline: Pipeline) -> None:
    events = _of(_events(pipeline, "During a phone call with Olaf Scholz, Emmanuel Macron "
                                   "said the talks had gone well."), "CONSULT")
    assert any("FRA" in _codes(e.source) and "DEU" in _codes(e.target) for e in events)


def test_air_strikes_are_force(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Taliban fighters attacked the base after US air strikes "
                               "killed civilians.")
    assert not _of(events, "PROTEST")


def test_attitude_towards_an_actor(pipeline: Pipeline) -> None:
    praised = _of(_events(pipeline, "Emmanuel Macron was very encouraged by Olaf Scholz."),
                  "SUPPORT")
    assert praised and "FRA" in _codes(praised[0].source) and "DEU" in _codes(praised[0].target)
    blamed = _of(_events(pipeline, "Poland was disappointed with the European Commission."),
                 "ACCUSE")
    assert blamed and "POL" in _codes(blamed[0].source)


def test_look_forward_to_working_with(pipeline: Pipeline) -> None:
    events = _of(_events(pipeline, "Macron said he would look forward to working with "
                                   "Olaf Scholz."), "AGREE")
    assert events and "DEU" in _codes(events[0].target)


def test_a_willingness_to_work_with_is_an_intent_to_cooperate(pipeline: Pipeline) -> None:
    text = "Macron praised Olaf Scholz's willingness to work with the Italian government."
    events = _of(_events(pipeline, text), "AGREE")
    assert [(e.trigger, _codes(e.source), _codes(e.target)) for e in events] == [
        ("willingness to work", {"DEU"}, {"ITA"})]
    assert events[0].cameo.startswith("03")


def test_an_interest_in_working_with_is_an_intent_to_cooperate(pipeline: Pipeline) -> None:
    text = "Macron welcomed Olaf Scholz's interest in working with the Italian government."
    events = _of(_events(pipeline, text), "AGREE")
    assert [(_codes(e.source), _codes(e.target)) for e in events] == [({"DEU"}, {"ITA"})]


def test_a_readiness_for_a_hostile_act_is_no_intent_to_cooperate(pipeline: Pipeline) -> None:
    text = "Russia warned of Ukraine's readiness to attack the Russian army."
    assert not _of(_events(pipeline, text), "AGREE")


def test_a_determination_is_no_readiness_noun(pipeline: Pipeline) -> None:
    # only the nouns of the intent adjectives (willing, ready, eager, prepared) hold an intent
    text = "Merkel praised Emmanuel Macron's determination to win the election."
    assert not _of(_events(pipeline, text), "AGREE")


def test_advice_to_the_public_is_no_request(pipeline: Pipeline) -> None:
    assert not _of(_events(pipeline, "People are asked by Kenyan police to avoid the area."),
                   "REQUEST")
    assert _of(_events(pipeline, "Kenya asked Uganda to close the border."), "REQUEST")


def test_party_rally_is_no_protest(pipeline: Pipeline) -> None:
    assert not _of(_events(pipeline, "Senator Warren will hold a rally in Ohio on Monday."),
                   "PROTEST")


def test_judgement_in_a_direct_quote_is_the_speakers(pipeline: Pipeline) -> None:
    # the first sentence of the quote has no statement verb: the quote's speaker judges
    events = _events(pipeline, '"Angela Merkel is dishonest. She has no plan for Germany," '
                               'Vladimir Putin told reporters.')
    accusations = [e for e in events if e.plover_type == "ACCUSE"]
    assert accusations
    assert {m.country for m in accusations[0].source} == {"RUS"}
    assert {m.country for m in accusations[0].target} == {"DEU"}



def test_political_insult_is_an_accusation(pipeline: Pipeline) -> None:
    # an insult of political speech judges the one it is said of (speech.NEGATIVE)
    events = _of(_events(pipeline, "Emmanuel Macron said Marine Le Pen was clueless and "
                                   "divisive."), "ACCUSE")
    assert events and "FRA" in _codes(events[0].source)
    assert any(m.name == "Marine Le Pen" for m in events[0].target)


def test_praise_of_record_is_support(pipeline: Pipeline) -> None:
    events = _of(_events(pipeline, "Olaf Scholz said Emmanuel Macron was an impressive "
                                   "president."), "SUPPORT")
    assert events and "FRA" in _codes(events[0].target)


def test_turned_insult_codes_nothing(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Emmanuel Macron said Marine Le Pen was not clueless.")
    assert not _of(events, "ACCUSE")


@pytest.mark.parametrize("text", [
    # a relative clause judges its antecedent; the fears are what Scholz's report raised
    "Emmanuel Macron said Olaf Scholz's report raised fears that were baseless.",
    # the relative pronoun stands for the actor it follows
    '"It was Olaf Scholz who was reckless," Emmanuel Macron told reporters.',
])
def test_relative_clause_judgement_reaches_its_actor(pipeline: Pipeline, text: str) -> None:
    events = _of(_events(pipeline, text), "ACCUSE")
    assert events and "FRA" in _codes(events[0].source)
    assert any(m.name == "Olaf Scholz" for m in events[0].target)
