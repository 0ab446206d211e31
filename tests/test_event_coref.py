"""Event coreference (extract/event_coref.py): a bare event noun that refers back to an act
told earlier takes that act's sides; an indefinite noun, or one with no earlier act of its
kind, stays sideless."""

from __future__ import annotations

from newsgraph.extract.event_coref import refers_back
from newsgraph.pipeline import Pipeline
from newsgraph.records import Event

_MET = "The Chilean foreign minister met Peruvian President Pedro Castillo in Lima on Monday."
_ATTACKED = "Rebels attacked a police station in northern Mali on Sunday, killing four officers."


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_events or [])


def _sides(events: list[Event], trigger: str) -> list[tuple[list[str], list[str]]]:
    return [([m.code for m in e.source], [m.code for m in e.target])
            for e in events if e.trigger == trigger]


def test_the_meeting_takes_the_sides_of_the_meeting_told_before(pipeline: Pipeline) -> None:
    events = _events(pipeline, _MET + " The meeting lasted two hours.")
    assert _sides(events, "meeting") == [(["CHLGOV"], ["PERGOV"])]


def test_sides_taken_from_the_antecedent_are_marked_copies(pipeline: Pipeline) -> None:
    events = _events(pipeline, _MET + " The meeting lasted two hours.")
    met = next(e for e in events if e.trigger == "met")
    meeting = next(e for e in events if e.trigger == "meeting")
    assert [m.via.endswith("+coref") for m in meeting.source + meeting.target] == [True, True]
    assert not any(m.via.endswith("+coref") for m in met.source + met.target)
    assert [(m.start, m.name) for m in meeting.source] == [(m.start, m.name)
                                                             for m in met.source]


def test_a_meeting_is_a_new_act_and_stays_sideless(pipeline: Pipeline) -> None:
    # not the earlier meeting's sides: only its topic as the doer (discourse_sides.py)
    events = _events(pipeline, _MET + " A meeting lasted two hours.")
    assert _sides(events, "meeting") == [(["CHLGOV"], [])]


def test_no_sides_are_guessed_without_an_earlier_act(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The same attack lasted two hours. " + _ATTACKED)
    assert _sides(events, "attack") == [([], [])]


def test_a_known_meeting_opening_a_report_takes_the_sides_of_the_later_meeting(
        pipeline: Pipeline) -> None:
    # a report's first line names its meeting as known, and who met further on
    events = _events(pipeline, "The meeting lasted two hours. " + _MET)
    assert _sides(events, "meeting") == [(["CHLGOV"], ["PERGOV"])]
    assert all(m.via.endswith("+coref") for e in events if e.trigger == "meeting"
               for m in e.source + e.target)


def test_an_indefinite_meeting_before_any_meeting_stays_sideless(pipeline: Pipeline) -> None:
    events = _events(pipeline, "A meeting lasted two hours. " + _MET)
    assert _sides(events, "meeting") == [([], [])]


def test_a_known_visit_takes_no_sides_from_a_later_meeting(pipeline: Pipeline) -> None:
    text = "The visit took place last week. " + _MET
    assert _sides(_events(pipeline, text), "visit") == [([], [])]


def test_a_meeting_of_another_kind_of_act_takes_no_sides(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The meeting lasted two hours. " + _ATTACKED)
    assert _sides(events, "meeting") == [([], [])]


def test_the_attack_refers_back_to_an_act_of_force(pipeline: Pipeline) -> None:
    events = _events(pipeline, _ATTACKED + " The same attack lasted two hours.")
    assert _sides(events, "attack") == [(["MLIREB"], ["MLIGOV"])]


def test_an_act_of_another_kind_is_no_antecedent(pipeline: Pipeline) -> None:
    # not the attack's sides (its target): only the topic as the doer (discourse_sides.py)
    events = _events(pipeline, _ATTACKED + " The protests lasted two hours.")
    assert _sides(events, "protests") == [(["MLIREB"], [])]


def test_definite_demonstrative_and_possessive_nouns_refer_back(pipeline: Pipeline) -> None:
    doc = pipeline.nlp.make_doc("This meeting and their talks followed a summit.")
    doc = pipeline.nlp(doc)
    marked = {t.lower_: refers_back(t) for t in doc if t.pos_ == "NOUN"}
    assert marked.get("meeting") and marked.get("talks")
    assert not marked.get("summit")


_TALKS = "The Afghan government held talks with the Taliban on Monday."


def test_a_one_sided_reference_takes_the_missing_side_of_its_act(pipeline: Pipeline) -> None:
    events = _events(pipeline, _TALKS + " The talks with the Taliban resumed on Tuesday.")
    assert _sides(events, "talks") == [(["AFGGOV"], ["AFGINS"])]


def test_a_one_sided_reference_to_other_parties_is_another_act(pipeline: Pipeline) -> None:
    # not the Taliban talks' target: only the topic as the doer (discourse_sides.py)
    events = _events(pipeline, _TALKS + " The talks with Pakistan resumed on Tuesday.")
    assert _sides(events, "talks") == [(["AFGGOV"], ["PAKGOV"])]



_XI = "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Monday."


def test_a_one_sided_mutual_act_takes_the_partner_of_the_earlier_act(pipeline: Pipeline) -> None:
    # Putin was the one met: the other party of his talks is Xi, who met him
    events = _events(pipeline, _XI + " After the meeting, Putin said the talks had been useful.")
    assert _sides(events, "meeting") == [(["RUSGOV"], ["CHNGOV"])]
    assert _sides(events, "talks") == [(["RUSGOV"], ["CHNGOV"])]


def test_a_mutual_act_of_another_party_takes_no_partner(pipeline: Pipeline) -> None:
    # (two sentences between: out of reach of the discourse topic, discourse_sides.py)
    text = _XI + " Rain fell. The streets were quiet. Turkish President Erdogan held talks."
    events = _events(pipeline, text)
    assert _sides(events, "held talks") == [(["TURGOV"], [])]


def test_a_copied_meeting_is_told_from_the_side_of_its_speaker(pipeline: Pipeline) -> None:
    # Castillo was the one met: speaking of the meeting, he is its source
    text = _MET + " Mr Castillo called the meeting useful."
    assert _sides(_events(pipeline, text), "meeting") == [(["PERGOV"], ["CHLGOV"])]


def test_a_copied_meeting_is_told_from_the_side_of_the_sentence_before(
        pipeline: Pipeline) -> None:
    text = _XI + " Mr Putin thanked his guest. The talks lasted two hours."
    assert _sides(_events(pipeline, text), "talks") == [(["RUSGOV"], ["CHNGOV"])]


def test_a_copied_meeting_keeps_its_order_when_the_teller_is_no_party(
        pipeline: Pipeline) -> None:
    text = _XI + " Reporters said the meeting had lasted two hours."
    assert _sides(_events(pipeline, text), "meeting") == [(["CHNGOV"], ["RUSGOV"])]
