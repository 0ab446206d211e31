"""Nouns of coercion of persons name their act with one side known, as investigations and
attacks do (issue 19): "the arrest of X"; a ban still needs both sides. Sentences written for
these tests, with the real spaCy pipeline."""

from __future__ import annotations

from newsgraph.pipeline import Pipeline
from newsgraph.records import Event


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_events or [])


def _coerce(events: list[Event]) -> list[Event]:
    return [e for e in events if e.plover_type == "COERCE"]


def test_arrest_noun_with_its_target_only(pipeline: Pipeline) -> None:
    events = _coerce(_events(pipeline, "The arrest of the Kenyan opposition leader angered "
                                       "his supporters."))
    assert events and any(m.country == "KEN" for m in events[0].target)


def test_coercion_noun_with_no_actor_stays_uncoded(pipeline: Pipeline) -> None:
    assert not _coerce(_events(pipeline, "The arrest took place on a quiet street."))


def test_ban_asked_for_is_no_coercion(pipeline: Pipeline) -> None:
    # a ban is often only what someone asks for: the request codes, the ban does not
    events = _events(pipeline, "Ukrainian activists called for a ban on Russian media.")
    assert not _coerce(events)
