"""Coreference of actor mentions (annotate/actor_coref.py) on short texts written for these
tests, with the real spaCy pipeline: plural "they" for a conjoined pair or a body, titles
given to a named person, and no antecedent from a later sentence."""

from __future__ import annotations

from newsgraph.pipeline import Pipeline, analyze
from newsgraph.records import ActorMention


def actors(pipeline: Pipeline, text: str, published: str = "2016-11-10") -> list[ActorMention]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_published = published
    return list(pipeline.nlp(doc)._.ng_actors or [])


def at(ms: list[ActorMention], text: str, word: str) -> list[ActorMention]:
    """The mentions over the occurrence of ``word`` that ends ``text``'s last sentence part."""
    start = text.rindex(word)
    return [m for m in ms if m.start == start]


def test_they_after_a_conjoined_pair_is_both(pipeline: Pipeline) -> None:
    text = "Mr Trump and Mr Ryan met on Monday. They discussed the budget."
    got = at(actors(pipeline, text), text, "They")
    assert sorted(m.name for m in got) == ["Donald Trump", "Paul Ryan"]
    assert [m.via for m in got if m.name == "Donald Trump"] == ["pronoun"]
    assert [m.via for m in got if m.name == "Paul Ryan"] == ["pronoun+member"]


def test_a_pair_that_talked_is_source_and_target(pipeline: Pipeline) -> None:
    text = ("Mr Trump and Mr Ryan arrived at the Capitol on Monday. "
            "They met for an hour in the speaker's office.")
    a = analyze(text, "2016-11-10", pipeline=pipeline)
    met = [e for e in a.events if e.trigger == "met"]
    assert met, [(e.trigger, e.plover_type) for e in a.events]
    assert [m.name for m in met[0].source] == ["Donald Trump"]
    assert [m.name for m in met[0].target] == ["Paul Ryan"]


def test_they_for_the_body_that_was_the_subject(pipeline: Pipeline) -> None:
    text = ("British Transport Police said the tram had derailed. "
            "They later confirmed that the driver was arrested.")
    got = at(actors(pipeline, text), text, "They")
    assert [(m.name, m.code) for m in got] == [("British Transport Police", "GBRCOP")]


def test_a_hyphenated_title_stands_for_the_person_given_it(pipeline: Pipeline) -> None:
    text = ("President-elect Donald Trump met Barack Obama and Hillary Clinton. "
            "The President-elect said the talks went well. He thanked Mr Obama.")
    ms = actors(pipeline, text)
    desc = at(ms, text, "President-elect")
    assert [(m.name, m.code, m.via) for m in desc] == [("Donald Trump", "USAPTY", "description")]
    he = at(ms, text, "He")
    assert [m.name for m in he] == ["Donald Trump"]  # the pronoun follows the description


def test_a_former_title_is_not_the_office(pipeline: Pipeline) -> None:
    text = ("Former President George W. Bush praised President Barack Obama. "
            "The president said he was grateful.")
    desc = at(actors(pipeline, text), text, "president")
    assert [m.name for m in desc] == ["Barack Obama"]


def test_no_antecedent_from_a_later_sentence(pipeline: Pipeline) -> None:
    text = "They discussed the budget. Mr Trump and Mr Ryan met on Monday."
    assert at(actors(pipeline, text), text, "They") == []


def test_inside_a_quotation_i_is_the_speaker_and_he_is_someone_else(pipeline: Pipeline) -> None:
    text = ("President-elect Donald Trump met Barack Obama. The President-elect said: "
            '"He is a very fine man. We discussed a lot of different situations."')
    ms = actors(pipeline, text)
    assert [m.name for m in at(ms, text, "He")] == ["Barack Obama"]
    assert [m.name for m in at(ms, text, "We")] == ["Donald Trump"]


def test_after_a_closed_quotation_a_pronoun_may_be_the_speaker(pipeline: Pipeline) -> None:
    text = ('Jennifer Palmieri met Hillary Clinton. Clinton said the attacks were "taunts" '
            "because she had won the debate.")
    assert [m.name for m in at(actors(pipeline, text), text, "she")] == ["Hillary Clinton"]


def test_staff_owned_by_an_actor_take_its_side(pipeline: Pipeline) -> None:
    text = "Mr Obama met reporters on Friday. He said his staff would help the transition."
    got = at(actors(pipeline, text), text, "his staff")
    assert [(m.name, m.code, m.via) for m in got] == [("Barack Obama staff", "USAGOV",
                                                       "possessor")]


def test_an_unnamed_spokesman_speaks_for_the_body_just_named(pipeline: Pipeline) -> None:
    text = ("British Transport Police said the tram had derailed. "
            "A spokesman added that the driver was arrested.")
    got = at(actors(pipeline, text), text, "spokesman")
    assert [(m.name, m.code, m.via) for m in got] == [
        ("British Transport Police spokesman", "GBRCOP", "spokesman")]


def test_a_subject_pronoun_takes_the_subject_of_the_sentence_just_before(pipeline: Pipeline
                                                                        ) -> None:
    # the nearer sentence's subject outranks a main-clause subject two sentences back
    text = ("Angela Merkel spoke to reporters in Berlin. Olaf Scholz said Emmanuel Macron "
            "was wrong. He said: \"He is reckless.\"")
    got = at(actors(pipeline, text), text, "He")
    assert [m.name for m in got] == ["Emmanuel Macron"]
