"""Descriptions by a past office or an occupation (annotate/actor_history.py), on short
texts written for these tests with the real spaCy pipeline."""

from __future__ import annotations

from newsgraph.annotate.actor_knowledge import knowledge
from newsgraph.pipeline import Pipeline
from newsgraph.records import ActorMention


def actors(pipeline: Pipeline, text: str, published: str = "2016-11-07") -> list[ActorMention]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_published = published
    return list(pipeline.nlp(doc)._.ng_actors or [])


def by_text(ms: list[ActorMention], text: str) -> ActorMention:
    return next(m for m in ms if m.text == text)


def test_held_roles_cover_every_period_and_the_undated_code() -> None:
    assert {"LEG", "GOV", "PTY", "ELI"} <= knowledge().held_roles("Hillary Clinton")
    assert "BUS" in knowledge().held_roles("Donald Trump")
    assert knowledge().held_roles("Nobody Atall") == frozenset()


def test_a_former_office_names_its_one_past_holder_coded_for_the_date(
        pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Hillary Clinton spoke in Ohio. "
                          "The former secretary of state attacked her rival.")
    m = by_text(ms, "former secretary of state")
    assert (m.name, m.code, m.via) == ("Hillary Clinton", "USAPTY", "description")


def test_an_occupation_names_the_one_person_known_for_it(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Donald Trump held a rally in Florida. "
                          "The billionaire businessman replied on Twitter.")
    m = by_text(ms, "billionaire businessman")
    assert (m.name, m.code) == ("Donald Trump", "USAPTY")


def test_no_past_holder_in_the_article_keeps_the_description(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Donald Trump held a rally in Florida. "
                          "The former senator replied on Twitter.")
    m = by_text(ms, "former senator")
    assert m.name != "Donald Trump"
