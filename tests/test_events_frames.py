"""Argument frames, irrealis and roles of the event coder (issue 19), on sentences written
for these tests with the real spaCy pipeline."""

from __future__ import annotations

import json

from newsgraph.extract import confidence
from newsgraph.pipeline import Pipeline
from newsgraph.records import Event


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_events or [])


def test_release_needs_a_person(pipeline: Pipeline) -> None:
    assert not any(e.cameo.startswith("084") for e in _events(
        pipeline, "Russia released the documents to France on Monday."))
    assert any(e.cameo.startswith("084") for e in _events(
        pipeline, "Russia released five prisoners to France on Monday."))


def test_give_needs_aid(pipeline: Pipeline) -> None:
    assert not any(e.root == "07" for e in _events(
        pipeline, "The ruling gives Germany the power to decide."))
    assert any(e.root == "07" for e in _events(
        pipeline, "Germany gave money to Ukraine on Monday."))


def test_force_needs_a_physical_target(pipeline: Pipeline) -> None:
    assert not any(e.plover_type == "ASSAULT" for e in _events(
        pipeline, "France is fighting the deal with Germany."))


def test_forecast_warning_is_no_threat(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The IMF warned that the vote in Britain could depress growth.")
    assert not any(e.plover_type == "THREATEN" for e in events)


def test_reporter_is_not_the_attacker(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The German consulate was attacked on Thursday, a German "
                               "spokesman said.")
    for e in events:
        assert not any(m.country == "DEU" and "GOV" in m.roles for m in e.source), e


def test_protests_stand_alone_with_their_target(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Protests against Russia continued on Friday.")
    assert [e.plover_type for e in events] == ["PROTEST"]
    assert events[0].target and not events[0].source


def test_confidence_is_the_shipped_calibration(pipeline: Pipeline) -> None:
    ev = _events(pipeline, "Germany gave money to Ukraine on Monday.")[0]
    model = json.loads((confidence.resources.files("newsgraph.reference") / "data"
                        / "event_calibration.json").read_text("utf-8"))
    assert tuple(model["features"]) == confidence.FEATURES
    assert 0.0 < ev.confidence < 1.0
    assert 0.0 < confidence.calibrated(ev) < 1.0  # the head-less features also score


def test_calibration_table_bins() -> None:
    rows = confidence.calibration_table([(0.1, False), (0.9, True), (0.85, False)])
    assert rows[0][:2] == ("0.0-0.2", 1)
    assert rows[-1][1] == 2 and rows[-1][3] == 0.5


# ---------------------------------------------------------------- sense families (issue 19)


def test_investigate_sense_gathers_or_examines_evidence(pipeline: Pipeline) -> None:
    for text in ("French police are gathering evidence at the scene.",
                 "The French police collected evidence in Lyon on Monday.",
                 "The French police found no evidence of a crime.",
                 "The FBI reviewed the emails of the French minister.",
                 "The FBI is looking into the deal with France."):
        events = _events(pipeline, text)
        assert any(e.cameo.startswith("09") and e.plover_type == "ACCUSE" for e in events), \
            (text, [(e.cameo, e.trigger) for e in events])
    # other senses of the same verbs are no investigation
    for text in ("France reviewed its budget plans on Monday.",
                 "French farmers gathered in Paris on Monday.",
                 "France found a buyer for the ship."):
        assert not any(e.cameo.startswith("09") for e in _events(pipeline, text)), text


def test_pledging_an_investigation_is_the_investigation(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The French army pledged a full investigation on Monday.")
    assert any(e.cameo.startswith("09") for e in events), [(e.cameo, e.trigger) for e in events]
    assert not any(e.plover_type == "AGREE" for e in events)


def test_disapproval_nouns_stand_with_one_side(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The repeated denunciation of Israel worried Germany.")
    accuse = [e for e in events if e.plover_type == "ACCUSE"]
    assert accuse and [m.country for m in accuse[0].target] == ["ISR"]
    assert not accuse[0].source


def test_a_claim_about_someone_else_is_an_allegation(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Germany claimed that Russia had lied about the attack.")
    accuse = [e for e in events if e.plover_type == "ACCUSE"]
    assert accuse and [m.country for m in accuse[0].source] == ["DEU"]
    assert [m.country for m in accuse[0].target] == ["RUS"]
    for text in ("Germany claimed victory in the vote.",
                 "Germany claimed it had won the vote.",
                 "The Taliban claimed responsibility for the attack."):
        assert not any(e.cameo.startswith("112") for e in _events(pipeline, text)), text


def test_verbs_of_disapproval(pipeline: Pipeline) -> None:
    for text in ("Russia mocked the French president.", "Obama lashed out at Russia.",
                 "The French minister berated Germany on Monday.",
                 "Germany faulted Russia for the delay."):
        events = _events(pipeline, text)
        assert any(e.plover_type == "ACCUSE" and e.target for e in events), \
            (text, [(e.cameo, e.trigger) for e in events])


def test_investigation_verbs_stand_with_no_side(pipeline: Pipeline) -> None:
    for text in ("The emails would be investigated, the report said.",
                 "During that process, we reviewed all of the emails."):
        events = _events(pipeline, text)
        assert any(e.cameo.startswith("09") and not e.source and not e.target
                   for e in events), (text, [(e.cameo, e.trigger) for e in events])
    # a subject that is no actor names who examined: not an event of an actor
    assert not any(e.cameo.startswith("09") for e in _events(
        pipeline, "A new study examined the samples on Monday."))


def test_passive_disapproval_stands_with_no_side(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The plan was sharply criticized on Monday.")
    assert any(e.plover_type == "ACCUSE" and not e.source and not e.target for e in events), \
        [(e.cameo, e.trigger) for e in events]


def test_a_relative_pronoun_is_no_unknown_actor(pipeline: Pipeline) -> None:
    assert not any(e.plover_type == "ACCUSE" for e in _events(
        pipeline, "It was a movement that blames globalization for all woes."))


def test_disapproval_nouns_stand_with_no_side(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Criticism of the plan was sharp.")
    assert any(e.plover_type == "ACCUSE" for e in events), \
        [(e.cameo, e.trigger) for e in events]
    # a noun that only refers back to the act is no new mention
    assert not any(e.plover_type == "ACCUSE" for e in _events(
        pipeline, "The delay was unrelated to the criticism."))


def test_a_decision_verb_needs_an_acting_subject(pipeline: Pipeline) -> None:
    for text in ("The new law requires Germany to pay France on Monday.",
                 "The treaty allows France to sell arms to Germany."):
        assert not any(e.root in ("08", "10") and e.trigger in ("requires", "allows")
                       for e in _events(pipeline, text)), text


def test_in_charge_is_no_accusation(pipeline: Pipeline) -> None:
    for text in ("The general in charge of the Afghan army met the minister on Monday.",
                 "Obama took charge of the talks with Iran."):
        assert not any(e.plover_type == "ACCUSE" for e in _events(pipeline, text)), text
    assert any(e.plover_type == "ACCUSE" for e in _events(
        pipeline, "Police filed charges against the Iranian diplomat."))


def test_hosting_needs_a_guest_or_a_meeting(pipeline: Pipeline) -> None:
    assert not any(e.plover_type == "CONSULT" for e in _events(
        pipeline, "Trump hosted a fundraiser in New York."))
    for text in ("Obama hosted the Chinese president at the White House.",
                 "Israel hosted talks with the Palestinians."):
        assert any(e.plover_type == "CONSULT" for e in _events(pipeline, text)), text
