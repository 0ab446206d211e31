"""One role per person across an article (annotate/actor_roles.py): unit cases on mentions
built here, and one short text written for this test through the real pipeline."""

from __future__ import annotations

from newsgraph.annotate.actor_roles import person_roles
from newsgraph.pipeline import Pipeline
from newsgraph.records import ActorMention


def _m(start: int, name: str, roles: list[str], country: str | None = "USA",
       kind: str = "person") -> ActorMention:
    return ActorMention(name, start, start + len(name), name, kind,  # type: ignore[arg-type]
                        country, roles, "person")


def test_a_role_less_mention_takes_the_names_most_frequent_role() -> None:
    ms = [_m(0, "Jo Blake", ["LEG"]), _m(20, "Jo Blake", ["LEG"]), _m(40, "Jo Blake", ["GOV"]),
          _m(60, "Jo Blake", [], None)]
    person_roles(ms)
    assert ms[3].roles == ["LEG"] and ms[3].country == "USA"
    assert ms[2].roles == ["GOV"]  # a mention with a role keeps its own


def test_other_names_and_non_persons_are_left_alone() -> None:
    ms = [_m(0, "Jo Blake", ["LEG"]), _m(20, "Ann Other", []),
          _m(40, "Jo Blake", [], kind="organisation")]
    person_roles(ms)
    assert ms[1].roles == [] and ms[2].roles == []


def test_a_titled_person_keeps_the_office_when_named_bare(pipeline: Pipeline) -> None:
    doc = pipeline.nlp.make_doc("Senator Jo Blakeley criticised the plan on Monday. "
                                "Blakeley said the plan would fail.")
    doc._.ng_published = "2016-09-25"
    ms = list(pipeline.nlp(doc)._.ng_actors or [])
    bare = next(m for m in ms if m.text == "Blakeley")
    assert (bare.name, bare.roles) == ("Jo Blakeley", ["LEG"])
