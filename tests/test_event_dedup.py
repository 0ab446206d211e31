"""One act coded twice in a sentence is one event (extract/event_dedup.py). Sentences written
for these tests, run with the real spaCy pipeline."""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.extract.event_dedup import linked, merge_same_acts, sides_conflict
from newsgraph.pipeline import Pipeline
from newsgraph.records import ActorMention, Event, Evidence


def _doc(pipeline: Pipeline, text: str) -> Doc:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return pipeline.nlp(doc)


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    return list(_doc(pipeline, text)._.ng_events or [])


def _actor(name: str) -> ActorMention:
    return ActorMention(name, 0, len(name), name)


def _event(doc: Doc, trigger: str, source: list[str], target: list[str], ptype: str = "ASSAULT",
           confidence: float = 0.5, nth: int = 0) -> Event:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(trigger, start + 1)
    return Event("t", trigger, start, start + len(trigger), "190", "19", -10.0, 4, ptype, None,
                 None, [_actor(n) for n in source], [_actor(n) for n in target], "asserted",
                 False, None, "publication", None, Evidence("t", 0, len(doc.text)),
                 confidence)


def test_a_verb_repeated_with_the_same_parties_is_one_act(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Russian forces fired rockets at the Ukrainian army and fired "
                               "mortars at the Ukrainian army.")
    assert [e.plover_type for e in events] == ["ASSAULT"]


def test_a_repeated_verb_with_other_targets_stays_two(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Russian forces shelled Kharkiv and shelled Kyiv.")
    assert len([e for e in events if e.plover_type == "ASSAULT"]) == 2


def test_a_conjunct_with_its_own_subject_is_a_new_act(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The French police arrested Greenpeace activists and the French "
                               "police arrested Greenpeace activists.")
    assert len([e for e in events if e.plover_type == "COERCE"]) == 2


def test_a_light_verb_and_its_noun_are_linked(pipeline: Pipeline) -> None:
    doc = _doc(pipeline, "The Russian army launched an attack on the Ukrainian army.")
    launched, attack = (t for t in doc if t.text in ("launched", "attack"))
    assert linked(launched, attack) and linked(attack, launched)
    events = [_event(doc, "launched", ["Russian army"], [], confidence=0.9),
              _event(doc, "attack", ["Russian army"], ["Ukrainian army"], confidence=0.6)]
    kept = merge_same_acts(doc, events)
    assert [e.trigger for e in kept] == ["attack"]  # the better-sided copy


def test_the_same_trigger_keeps_the_more_confident_copy(pipeline: Pipeline) -> None:
    doc = _doc(pipeline, "The Russian army attacked the Ukrainian army.")
    events = [_event(doc, "attacked", ["Russian army"], ["Ukrainian army"], confidence=0.6),
              _event(doc, "attacked", ["Russian army"], ["Ukrainian army"], confidence=0.8)]
    assert [e.confidence for e in merge_same_acts(doc, events)] == [0.8]


def test_different_types_or_sides_are_not_merged(pipeline: Pipeline) -> None:
    doc = _doc(pipeline, "The Russian army attacked the Ukrainian army.")
    other_type = [_event(doc, "attacked", ["Russian army"], ["Ukrainian army"]),
                  _event(doc, "attacked", ["Russian army"], ["Ukrainian army"], "COERCE")]
    assert len(merge_same_acts(doc, other_type)) == 2
    reverse = [_event(doc, "attacked", ["Russian army"], ["Ukrainian army"]),
               _event(doc, "attacked", ["Ukrainian army"], ["Russian army"])]
    assert len(merge_same_acts(doc, reverse)) == 2


def test_sides_conflict() -> None:
    def ev(source: list[str], target: list[str]) -> Event:
        return Event("t", "x", 0, 1, "190", "19", -10.0, 4, "ASSAULT", None, None,
                     [_actor(n) for n in source], [_actor(n) for n in target], "asserted",
                     False, None, "publication", None, Evidence("t", 0, 1))

    assert not sides_conflict(ev(["Gondor"], []), ev(["Gondor"], ["Rohan"]))
    assert not sides_conflict(ev([], ["Rohan"]), ev(["Gondor"], ["Rohan"]))
    assert sides_conflict(ev(["Gondor"], ["Rohan"]), ev(["Mordor"], ["Rohan"]))
    assert sides_conflict(ev(["Gondor"], []), ev([], ["Gondor"]))
