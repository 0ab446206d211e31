"""Actors around acts, on short texts written for these tests with the real spaCy pipeline:
an inquiry named after a person is into that person, and drivers and passengers are
ordinary people."""

from __future__ import annotations

from newsgraph.pipeline import Pipeline, analyze
from newsgraph.records import ActorMention, Event


def actors(pipeline: Pipeline, text: str, published: str = "2016-11-10") -> list[ActorMention]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_published = published
    return list(pipeline.nlp(doc)._.ng_actors or [])


def events(pipeline: Pipeline, text: str, trigger: str) -> list[Event]:
    a = analyze(text, "2016-11-10", pipeline=pipeline)
    return [e for e in a.events if e.trigger == trigger]


def test_an_inquiry_named_after_a_person_is_into_that_person(pipeline: Pipeline) -> None:
    text = "The emails had not been searched in the earlier Clinton probe, officials said."
    got = events(pipeline, text, "probe")
    assert got and [m.name for m in got[0].target] == ["Hillary Clinton"]
    assert got[0].source == []


def test_a_driver_is_an_ordinary_person(pipeline: Pipeline) -> None:
    text = "Police later confirmed that the driver of the tram was arrested on Wednesday."
    ms = actors(pipeline, text)
    driver = [m for m in ms if "driver" in m.text]
    assert driver and driver[0].roles == ["CVL"]
