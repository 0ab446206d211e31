"""Unit tests of the event coder on sentences written for these tests."""

from __future__ import annotations

import pytest

from newsgraph.pipeline import Pipeline, analyze
from newsgraph.records import Event


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    """Run the spaCy pipeline directly (short test sentences would fail the cleaner's
    minimum length)."""
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_events or [])


def _one(pipeline: Pipeline, text: str) -> Event:
    events = _events(pipeline, text)
    assert len(events) == 1, [(e.trigger, e.cameo) for e in events]
    return events[0]


def test_dismissal_from_office_is_not_an_event(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The French president dismissed the defence minister from his "
                               "position on Monday.")
    assert not any(e.root == "11" for e in events)
    assert events == []


def test_dismissing_an_appeal_is_a_rejection(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Iran dismissed an appeal from Germany on Monday.")
    assert ev.plover_type == "REJECT"
    assert [m.country for m in ev.source] == ["IRN"]


def test_applying_for_an_exemption_is_a_request(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Poland applied for an exemption from the European Union.")
    assert ev.cameo.startswith("02")
    assert ev.plover_type == "REQUEST"


def test_charged_with_counts_is_legal_action(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Kenyan police charged two Ugandan officials with three counts of fraud.")
    assert ev.cameo == "173"
    assert ev.plover_type == "COERCE"


def test_passive_with_agent_swaps_roles(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Two Iraqi soldiers were killed by Turkish troops on Sunday.")
    assert ev.plover_type == "ASSAULT"
    assert [m.country for m in ev.source] == ["TUR"]
    assert [m.country for m in ev.target] == ["IRQ"]


def test_passive_without_agent_keeps_the_target(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Three Iraqi civilians were killed on Sunday.")
    assert ev.source == []
    assert [m.country for m in ev.target] == ["IRQ"]


def test_compound_source_is_one_event_per_party(pipeline: Pipeline) -> None:
    """One dyad per row: two condemning states are two ACCUSE events against one target."""
    events = _events(pipeline, "France and Germany condemned Russia on Tuesday.")
    assert [e.plover_type for e in events] == ["ACCUSE", "ACCUSE"]
    assert sorted(m.country or "" for e in events for m in e.source) == ["DEU", "FRA"]
    assert all(len(e.source) == 1 for e in events)
    assert all([m.country for m in e.target] == ["RUS"] for e in events)


def test_refusal_is_one_event(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Japan refused to meet China in Geneva.")
    assert ev.modality == "refused"
    assert ev.plover_type == "REJECT"
    assert ev.cameo == "125"
    assert [m.country for m in ev.target] == ["CHN"]


def test_agreement_to_act_is_one_intent_event(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Egypt agreed to provide food aid to Sudan.")
    assert ev.plover_type == "AGREE"
    assert ev.cameo.startswith("033")
    assert [m.country for m in ev.target] == ["SDN"]


def test_plans_to_is_future(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Canada plans to expel Chinese diplomats next month.")
    assert ev.modality == "future"
    assert ev.plover_type == "SANCTION"


def test_conditional_threat(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Israel will attack Lebanon if Hezbollah fires rockets.")
    attack = next(e for e in events if e.trigger == "attack")
    assert attack.modality == "conditional"
    assert attack.plover_type == "THREATEN"
    assert [m.country for m in attack.target] == ["LBN"]
    # the condition itself is coded only as conditional, never as a fact
    assert all(e.modality == "conditional" for e in events)


def test_threaten_to_is_one_threat(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Turkey threatened to impose sanctions on Greece.")
    assert ev.plover_type == "THREATEN"
    assert ev.cameo == "1312"


def test_reported_speech_names_the_speaker(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "A police spokeswoman confirmed that Australian police arrested two "
                        "Indonesian fishermen.")
    assert ev.plover_type == "COERCE"
    assert ev.modality == "reported"
    assert ev.evidence.asserted_by is not None
    assert "spokeswoman" in ev.evidence.asserted_by
    assert ev.evidence.cue == "confirmed"


def test_according_to_is_a_source_cue(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Indian troops shelled Pakistani positions, according to local media.")
    assert ev.evidence.cue == "according to"
    assert ev.evidence.asserted_by == "local media"


def test_statement_alone_is_not_an_event(pipeline: Pipeline) -> None:
    assert _events(pipeline, "The Brazilian foreign minister said the weather was fine.") == []


def test_light_verb_talks(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Japan held talks with Australia on Friday.")
    assert ev.plover_type == "CONSULT"
    assert "talks" in ev.trigger
    assert [m.country for m in ev.target] == ["AUS"]


def test_light_verb_sanctions(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Canada imposed sanctions on Iran.")
    assert ev.cameo == "163"
    assert [m.country for m in ev.target] == ["IRN"]


def test_negated_event(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Chile did not criticize Peru.")
    assert ev.modality == "negated"
    assert ev.negated


def test_will_not_accept_is_a_refusal(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Jordan will not accept refugees from Syria.")
    assert ev.modality == "refused"
    assert ev.plover_type == "REJECT"


@pytest.mark.parametrize("text", ["Several events happened. Nothing was coded here!", "Vietnam.",
                                  "Said."])
def test_texts_without_actors_give_no_events(pipeline: Pipeline, text: str) -> None:
    assert _events(pipeline, text) == []


def test_two_events_in_one_sentence(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Egypt praised Jordan and Israel attacked Gaza.")
    assert {e.plover_type for e in events} == {"SUPPORT", "ASSAULT"}


def test_evidence_offsets(pipeline: Pipeline) -> None:
    text = "Japan held talks with Australia on Friday. Canada imposed sanctions on Iran."
    result = analyze(text, "2024-05-01", pipeline=pipeline)
    for ev in result.events:
        assert result.article.text[ev.trigger_start:ev.trigger_end] == ev.trigger
        assert ev.evidence.start <= ev.trigger_start < ev.evidence.end


def test_condition_folds_into_the_threat(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Syria will expel Jordanian diplomats unless Amman arrests the "
                        "Iraqi rebels.")
    assert ev.trigger == "expel"
    assert ev.modality == "conditional"


def test_condition_alone_stays_conditional(pipeline: Pipeline) -> None:
    events = _events(pipeline, "If Chad expels French diplomats, the talks would be over.")
    # the talks themselves are a bare event noun with no side (``extract/unsided``): they are
    # mentioned as existing; only the expulsion is conditional
    assert [e.modality for e in events if e.trigger == "expels"] == ["conditional"]
    assert [e.trigger for e in events if e.plover_type != "CONSULT"] == ["expels"]


def test_purpose_clause_is_not_a_second_event(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Zambian police fired tear gas to disperse Malawian traders.")
    assert ev.plover_type == "ASSAULT"
    assert [m.country for m in ev.source] == ["ZMB"]
    # the aim lends its object as the target
    assert [m.country for m in ev.target] == ["MWI"]


def test_hyphenated_complement_is_one_event(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Kenya agreed to re-open its border to Somali refugees.")
    assert ev.plover_type == "AGREE"


def test_insist_with_indicative_is_a_claim(pipeline: Pipeline) -> None:
    assert _events(pipeline, "Peru insisted the Chilean fishermen were inside its waters.") == []
    ev = _one(pipeline, "Peru insisted that Chile withdraw its fishing fleet.")
    assert ev.plover_type == "REQUEST"
    assert ev.trigger == "insisted"
    assert [m.country for m in ev.target] == ["CHL"]


def test_passive_investigation_is_by_the_state_where_it_happens(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "A Dutch businessman has been put under investigation in Spain.")
    assert ev.plover_type == "ACCUSE"
    assert [m.country for m in ev.source] == ["ESP"]
    assert [m.country for m in ev.target] == ["NLD"]


def test_coordinated_and_placed_actors_each_act(pipeline: Pipeline) -> None:
    ev = _one(pipeline, "Lawmakers in France and Germany condemned Russia on Monday.")
    assert [(m.country, m.roles) for m in ev.source] == [("FRA", ["LEG"]), ("DEU", ["LEG"])]
    events = _events(pipeline, "France and the new government of Germany condemned Russia.")
    assert [[m.country for m in e.source] for e in events] == [["FRA"], ["DEU"]]
