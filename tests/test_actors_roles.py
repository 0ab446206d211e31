"""Role codes of actor mentions (real pipeline, small texts of our own): a "former" title
against what the shipped knowledge knows of the person."""

from __future__ import annotations

from newsgraph.pipeline import Pipeline
from newsgraph.records import ActorMention
from test_actors_codebook import actors


def find(ms: list[ActorMention], text: str) -> ActorMention:
    return next(m for m in ms if text in m.text)


def test_former_title_defers_to_what_knowledge_knows(pipeline: Pipeline) -> None:
    m = find(actors(pipeline, "The FBI investigated former politician Anthony Weiner.",
                    "2016-10-30"), "Anthony Weiner")
    assert m.roles == ["CVL"]  # people.tsv: a private citizen after leaving Congress


def test_former_title_without_knowledge_is_an_elite(pipeline: Pipeline) -> None:
    m = find(actors(pipeline, "Former minister Jon Hadley criticised the plan."), "Hadley")
    assert m.roles == ["ELI"]
