"""Event sides the parse gives only through the clause above: participles and infinitives
on nouns (issue 19: matched events with an empty side)."""

from __future__ import annotations

from newsgraph.pipeline import Pipeline
from newsgraph.records import Event


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_events or [])


def _sides(events: list[Event], root: str) -> set[tuple[str, str]]:
    """(source country, target country) of the events of a CAMEO root."""
    return {(s.country or "", t.country or "") for e in events if e.root == root
            for s in e.source for t in e.target}


def test_an_infinitive_on_a_noun_takes_the_speaker_through_an_empty_it(
        pipeline: Pipeline) -> None:
    events = _events(pipeline, "The French president said it was a great honour to meet "
                               "the German chancellor.")
    assert ("FRA", "DEU") in _sides(events, "04")


def test_an_active_participle_on_a_noun_has_the_noun_as_its_agent(
        pipeline: Pipeline) -> None:
    events = _events(pipeline, "French police officers investigating the German bank "
                               "questioned its chief.")
    assert ("FRA", "DEU") in _sides(events, "09")


def test_an_infinitive_on_an_object_noun_is_its_purpose_not_a_second_act(
        pipeline: Pipeline) -> None:
    events = _events(pipeline, "Finland will give Tanzania a grant of 580 million shillings "
                               "to finance several projects in the country.")
    assert any(e.trigger == "give" for e in events)
    assert not any(e.trigger == "finance" and e.source for e in events)


def _side_names(events: list[Event], root: str) -> list[tuple[list[str], list[str]]]:
    return [([m.text for m in e.source], [m.text for m in e.target])
            for e in events if e.root == root]


def test_who_faces_charges_is_their_target(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The prosecutor said that the German ambassador should not "
                               "face criminal charges.")
    targets = [t for e in events if e.trigger.endswith("charges") for t in e.target]
    assert [t.country for t in targets] == ["DEU"]


def test_victims_of_an_attack_are_its_target_not_its_doers(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Five French soldiers were wounded after a shooting near "
                               "the border.")
    shooting = [e for e in events if e.trigger == "shooting"]
    assert shooting and [t.country for t in shooting[0].target] == ["FRA"]
    assert not shooting[0].source
    events = _events(pipeline, "At least two French soldiers died in a suicide attack on the "
                               "German consulate.")
    attack = [e for e in events if e.trigger == "attack"]
    assert attack and not any(s.country == "FRA" for s in attack[0].source)
