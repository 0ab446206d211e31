"""The 5W1H summary on short texts written for these tests, and the eval's matching rule."""

from __future__ import annotations

import pytest

from conftest import summarise
from newsgraph.eval.fivewoneh import coverage, matches
from newsgraph.extract.summary_spans import units
from newsgraph.pipeline import Pipeline

HEADLINE_STORY = (
    "Rebels attack army base in northern city of Kandahar\n\n"
    "Rebels attacked an army base in the northern city of Kandahar late Thursday, killing "
    "four soldiers, officials said. The rebels said the attack was revenge for air strikes. "
    "Rebels have attacked the base before."
)


def test_headline_story(pipeline: Pipeline) -> None:
    s = summarise(pipeline, HEADLINE_STORY)
    assert s.who is not None and s.who.text.lower().endswith("rebels")
    assert s.what is not None and "attack" in s.what.text
    assert s.when is not None and s.when.text == "late Thursday"
    assert s.when.value == "2020-03-05"
    assert s.where is not None and "Kandahar" in s.where.text


def test_reporting_verb_is_not_the_event(pipeline: Pipeline) -> None:
    text = "Police said a man robbed a bank in Leeds on Monday. Nobody was hurt."
    s = summarise(pipeline, text)
    assert s.what is not None and s.what.text.startswith("robbed")
    assert s.who is not None and "man" in s.who.text
    assert s.where is not None and s.where.text == "Leeds"


def test_date_far_from_publication_falls_back(pipeline: Pipeline) -> None:
    text = "The company, founded in 1908, closed its last factory in Leeds. Workers left."
    s = summarise(pipeline, text, published="2020-03-06")
    assert s.when is not None
    assert s.when.text == "March 6, 2020" and s.when.start is None
    assert s.when.value == "2020-03-06"


def test_cause_and_method(pipeline: Pipeline) -> None:
    text = ("The minister resigned on Tuesday because she lost the vote. "
            "Protesters blocked the road with burning tyres on Wednesday.")
    s = summarise(pipeline, text)
    assert s.why is not None and s.why.text.startswith("because")


def test_first_person_subject_is_not_the_main_actor(pipeline: Pipeline) -> None:
    text = ("Storm floods the coast of Cornwall\n\n"
            "\"I have never seen anything like it,\" a resident said. "
            "A storm flooded hundreds of homes in Cornwall on Sunday.")
    s = summarise(pipeline, text)
    assert s.who is not None and s.who.text.lower() != "i"
    assert s.what is not None and "flood" in s.what.text.lower()


def test_units_cut_at_paragraph_breaks(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Storm hits coast\n\nA storm hit the coast. Homes were flooded.")
    texts = [u.text for u in units(doc)]
    assert texts[0] == "Storm hits coast"
    assert all("\n" not in t for t in texts)
    assert len(texts) == 3


def test_no_cause_no_method_left_empty(pipeline: Pipeline) -> None:
    s = summarise(pipeline, "The council opened a new library in Leeds on Monday. It has books.")
    assert s.why is None and s.how is None
    assert s.what is not None and s.what.text.startswith("opened")


@pytest.mark.parametrize(("answer", "phrase", "expected"), [
    ("late Thursday", "Thursday", 1.0),
    ("attacks German consulate", "attacks German consulate in northern city", 1.0),
    ("the White House", "White House", 1.0),
    ("Croydon", "Sandilands stop", 0.0),
    ("blames FBI director", "blames defeat on FBI", 2 / 3),
])
def test_coverage_of_shorter_side(answer: str, phrase: str, expected: float) -> None:
    assert coverage(answer, phrase) == pytest.approx(expected)


def test_stricter_readings_are_stricter() -> None:
    a, p = "blames FBI director James Comey", "blames defeat on FBI"
    assert matches(a, p)
    assert not matches(a, p, 0.7)
    assert coverage(a, p, "longer") < coverage(a, p, "shorter")
    assert not matches("", "anything")


def test_headline_clause_outranks_body(pipeline: Pipeline) -> None:
    text = ("Toblerone triangle change upsets fans\n\n"
            "Some shoppers have described the new bar as a swindle, the company said on "
            "Tuesday. The maker of Toblerone widened the gaps between the peaks, which has "
            "upset fans.")
    s = summarise(pipeline, text)
    assert s.what is not None and "upsets" in s.what.text


def test_dateline_place_is_where(pipeline: Pipeline) -> None:
    text = ("Agency clears senator in email review\n\n"
            "By Jane Roe WASHINGTON, Nov 6 (Reuters) - The agency said on Sunday it stood by "
            "its finding that no charges were warranted against the senator.")
    s = summarise(pipeline, text, "2016-11-07")
    assert s.where is not None and s.where.text == "WASHINGTON"


def test_city_preferred_to_its_country(pipeline: Pipeline) -> None:
    text = ("German consulate in Afghanistan bombed by Taliban\n\n"
            "At least two people died in an attack on the German consulate in the city of "
            "Mazar-i-Sharif late Thursday. A car packed with explosives was rammed into the wall "
            "surrounding the consulate in Mazar-i-Sharif.")
    s = summarise(pipeline, text)
    assert s.where is not None and "Mazar-i-Sharif" in s.where.text
