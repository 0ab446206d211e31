"""The sides of events given by description, pronoun or construction (issues 19 and 20):
small clauses, intentions, moving forces, the toll of an attack, possessive pronouns on
event nouns, unnamed attackers and a body reporting about itself."""

from __future__ import annotations

from newsgraph.pipeline import Pipeline
from newsgraph.records import ActorMention, Event


def _doc_events(pipeline: Pipeline, text: str) -> tuple[list[Event], list[ActorMention]]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    doc = pipeline.nlp(doc)
    return list(doc._.ng_events or []), list(doc._.ng_actors or [])


def _codes(events: list[Event], trigger: str) -> list[tuple[list[str], list[str]]]:
    return [([m.code for m in e.source], [m.code for m in e.target])
            for e in events if trigger in e.trigger]


def test_the_subject_of_a_bare_infinitive_after_help_is_its_object(pipeline: Pipeline) -> None:
    events, _ = _doc_events(pipeline, "The Norwegian government is offering to help Chile "
                                      "and Peru settle their border dispute.")
    assert any("CHLGOV" in t for _, t in _codes(events, "help"))


def test_an_intention_is_done_by_whoever_holds_it(pipeline: Pipeline) -> None:
    events, _ = _doc_events(pipeline, "Canada's government reached its goal of accepting "
                                      "25,000 refugees from Syria.")
    assert any(s and s[0].startswith("CAN") for s, _ in _codes(events, "accepting"))


def test_forces_deployed_in_the_passive_are_the_source(pipeline: Pipeline) -> None:
    events, _ = _doc_events(pipeline, "About 3,000 French troops were deployed to Mali.")
    got = _codes(events, "deployed")
    assert got and got[0][0] and got[0][0][0] == "FRAMIL"


def test_the_toll_of_an_attack_names_its_target(pipeline: Pipeline) -> None:
    events, _ = _doc_events(pipeline, "A rebel assault left three Nigerian soldiers dead.")
    assert any("NGAMIL" in t for _, t in _codes(events, "assault"))


def test_a_possessive_pronoun_on_an_event_noun_is_its_source(pipeline: Pipeline) -> None:
    events, _ = _doc_events(pipeline, "Chancellor Olaf Scholz of Germany described his "
                                      "meeting with French President Emmanuel Macron as "
                                      "useful.")
    got = _codes(events, "meeting")
    assert got and any(c.startswith("DEU") for c in got[0][0])


def test_an_unnamed_attacker_fights_for_the_armed_group_of_the_story(
        pipeline: Pipeline) -> None:
    _, actors = _doc_events(pipeline, "Al-Shabab militants stormed a hotel in Mogadishu. "
                                      "The suicide attacker drove a car into the gate.")
    attacker = [m for m in actors if "attacker" in m.text]
    assert attacker and attacker[0].roles[:1] == ["INS"]


def test_an_unnamed_shooter_with_no_armed_group_is_a_criminal(pipeline: Pipeline) -> None:
    _, actors = _doc_events(pipeline, "A gunman opened fire outside a bar in Toronto.")
    gunman = [m for m in actors if "gunman" in m.text.lower()]
    assert gunman and gunman[0].roles[:1] == ["CRM"]


def test_a_body_saying_it_did_something_is_that_body(pipeline: Pipeline) -> None:
    _, actors = _doc_events(pipeline, "A car bomb hit the Turkish embassy. Boko Haram said "
                                      "it carried out the bombing.")
    it = [m for m in actors if m.text == "it"]
    assert it and it[0].name == next(m.name for m in actors if "Boko" in m.text)



def test_an_armed_group_describing_an_attack_claims_it(pipeline: Pipeline) -> None:
    events, _ = _doc_events(pipeline, "A bomb hit the Turkish embassy in Kabul. The Taliban "
                                      "called it a revenge attack for recent raids.")
    assert any(s and s[0] == "AFGINS" for s, _ in _codes(events, "attack"))


def test_a_ministry_reporting_an_attack_is_not_its_attacker(pipeline: Pipeline) -> None:
    events, _ = _doc_events(pipeline, "The Afghan interior ministry said the attack on the "
                                      "Turkish embassy had left six dead.")
    assert not any(s for s, _ in _codes(events, "attack"))


def test_police_reporting_an_arrest_made_it(pipeline: Pipeline) -> None:
    events, _ = _doc_events(pipeline, "Kenyan police said two suspects had been arrested "
                                      "after the raid.")
    assert any(s and s[0] == "KENCOP" for s, _ in _codes(events, "arrested"))

