"""Directed events: conjoined actors, paired codes, an act's agent and a visit's host."""

from __future__ import annotations

from newsgraph import reference as ref
from newsgraph.extract.events import EventCoder, _each
from newsgraph.pipeline import Pipeline
from newsgraph.records import ActorMention, Event


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_article_id = "t"
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_events or [])


def _pairs(events: list[Event]) -> set[tuple[str, str, str]]:
    return {(s.country or "", t.country or "", e.cameo)
            for e in events for s in e.source for t in e.target}


def test_a_joint_act_is_one_event_with_both_sources(pipeline: Pipeline) -> None:
    events = _events(pipeline, "France and Germany held talks on Monday.")
    assert len(events) == 1
    assert {m.country for m in events[0].source} == {"FRA", "DEU"}


def test_conjoined_critics_do_not_criticise_each_other(pipeline: Pipeline) -> None:
    events = _events(pipeline, "France and Germany condemned the decision on Monday.")
    assert not any(e.target for e in events)


def test_condemned_act_targets_its_agent_not_its_place(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The French government condemned an attack by Russian "
                               "soldiers in Kharkiv on Thursday.")
    assert ("FRA", "RUS") in {(s, t) for s, t, _ in _pairs(events)}


def test_a_visit_is_hosted_by_its_place(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The French president visited Japan on Monday.")
    assert any(t == "JPN" for _, t, _ in _pairs(events))


def test_paired_code_adds_the_reverse_event(pipeline: Pipeline) -> None:
    table: ref.Lexicon = {"V": {"arrive": [ref.VerbSense("arrive", (), "032:033")]},
                          "N": {}, "L": {}}
    coder = pipeline.nlp.get_pipe("newsgraph_events")
    assert isinstance(coder, EventCoder)
    before = coder.use_verbs(ref.UserVerbs(table, exclusive=True, cameo=False))
    try:
        events = _events(pipeline, "The French president arrived in Japan on Monday.")
    finally:
        coder.use_verbs(before)
    assert {("FRA", "JPN", "032"), ("JPN", "FRA", "033")} <= _pairs(events)
    assert all(":" not in e.cameo for e in events)
    assert len({e.id for e in events}) == len(events)  # one id per directed event


def test_paired_code_makes_conjoined_actors_act_on_each_other(pipeline: Pipeline) -> None:
    table: ref.Lexicon = {"V": {"renew": [ref.VerbSense("renew", (), "064:064")]},
                          "N": {}, "L": {}}
    coder = pipeline.nlp.get_pipe("newsgraph_events")
    assert isinstance(coder, EventCoder)
    before = coder.use_verbs(ref.UserVerbs(table, exclusive=True, cameo=False))
    try:
        events = _events(pipeline, "France and Japan renewed their ties on Monday.")
    finally:
        coder.use_verbs(before)
    assert {("FRA", "JPN", "064"), ("JPN", "FRA", "064")} <= _pairs(events)
    assert len({e.id for e in events}) == len(events)


def _with_verbs(pipeline: Pipeline, table: ref.Lexicon, text: str) -> list[Event]:
    coder = pipeline.nlp.get_pipe("newsgraph_events")
    assert isinstance(coder, EventCoder)
    before = coder.use_verbs(ref.UserVerbs(table, exclusive=True, cameo=False))
    try:
        return _events(pipeline, text)
    finally:
        coder.use_verbs(before)


def test_a_content_clause_without_event_gives_the_target(pipeline: Pipeline) -> None:
    table: ref.Lexicon = {"V": {"believe": [ref.VerbSense("believe", (), "023")]},
                          "N": {}, "L": {}}
    events = _with_verbs(pipeline, table, "France believes Germany and Japan can cope with "
                                          "the drought.")
    assert {("FRA", "DEU", "023"), ("FRA", "JPN", "023")} <= _pairs(events)


def test_a_content_clause_with_an_event_of_its_own_keeps_it(pipeline: Pipeline) -> None:
    table: ref.Lexicon = {"V": {"believe": [ref.VerbSense("believe", (), "023")],
                                "attack": [ref.VerbSense("attack", (), "190")]},
                          "N": {}, "L": {}}
    events = _with_verbs(pipeline, table, "France believes Germany attacked Japan.")
    assert ("DEU", "JPN", "190") in _pairs(events)
    assert not any(e.cameo == "023" and e.target for e in events)


def test_a_clause_without_a_speaker_lends_no_target(pipeline: Pipeline) -> None:
    table: ref.Lexicon = {"V": {"allow": [ref.VerbSense("allow", (), "080")]},
                          "N": {}, "L": {}}
    events = _with_verbs(pipeline, table, "Bosnian Serbs demanded a truce with Moslem forces "
                                          "before allowing U.N. aid convoys to feed starving "
                                          "civilians.")
    assert not any(e.cameo == "080" and not e.source for e in events)


def test_an_act_in_a_conflict_targets_its_other_side(pipeline: Pipeline) -> None:
    table: ref.Lexicon = {"V": {"rise": [ref.VerbSense("rise", (), "223")]},
                          "N": {}, "L": {}}
    events = _with_verbs(pipeline, table, "France's death toll has risen in the dispute "
                                          "with Germany.")
    assert ("FRA", "DEU", "223") in _pairs(events)


def test_must_in_reported_speech_is_a_demand_only_under_cameo(pipeline: Pipeline) -> None:
    table: ref.Lexicon = {"V": {"act": [ref.VerbSense("act", (), "901")],
                                "indicate": [ref.VerbSense("indicate", (), "023")]},
                          "N": {}, "L": {}}
    events = _with_verbs(pipeline, table, "France indicated it should have acted against "
                                          "Germany.")
    assert any(e.cameo == "901" for e in events)  # a user code stays the user's


def test_a_role_split_by_country_is_one_target_per_country(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The French president met German and Italian leaders in Rome.")
    assert {("FRA", "DEU"), ("FRA", "ITA")} <= {(s, t) for s, t, _ in _pairs(events)}


def test_an_uncoded_purpose_names_whom_the_act_is_for(pipeline: Pipeline) -> None:
    table: ref.Lexicon = {"V": {"sign": [ref.VerbSense("sign", (), "081")]},
                          "N": {}, "L": {}}
    events = _with_verbs(pipeline, table, "France signed an accord on Thursday to supply "
                                          "Germany with wheat.")
    assert ("FRA", "DEU", "081") in _pairs(events)



def _dyads(events: list[Event], plover: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return sorted((tuple(sorted(m.name for m in e.source)), tuple(sorted(m.name for m in e.target)))
                  for e in events if e.plover_type == plover)


def test_coordinated_targets_give_one_event_per_party(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Israel is conducting free trade talks with India, South Korea "
                               "and China.")
    assert _dyads(events, "CONSULT") == [(("Israel",), ("China",)), (("Israel",), ("India",)),
                                         (("Israel",), ("South Korea",))]
    # each keeps the predicate's own trigger and sentence
    assert {e.trigger for e in events} == {"conducting free trade talks"}
    assert len({e.id for e in events}) == 3


def test_coordinated_sources_with_a_target_give_one_event_per_party(pipeline: Pipeline) -> None:
    events = _events(pipeline, "France, Spain and Switzerland condemned Hamas.")
    assert _dyads(events, "ACCUSE") == [(("France",), ("Hamas",)), (("Spain",), ("Hamas",)),
                                        (("Switzerland",), ("Hamas",))]


def _mention(text: str, word: str, name: str, kind: str) -> ActorMention:
    start = text.index(word)
    return ActorMention(word, start, start + len(word), name, kind)  # type: ignore[arg-type]


def test_actors_of_different_phrases_stay_one_side(pipeline: Pipeline) -> None:
    apart = "The army met the envoy of the French government."
    joint = "The army and the French government met."
    for text, sides in ((apart, 1), (joint, 2)):
        doc = pipeline.nlp(text)
        side = [_mention(text, "army", "army", "group"),
                _mention(text, "French government", "France", "state")]
        assert len(_each(doc, side, [])) == sides  # split only as conjuncts of one head
        assert len(_each(doc, side, side[:1])) == 1  # a party of the other side too


def test_places_of_an_act_are_not_split(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Similar demonstrations were also held in Los Angeles and "
                               "Chicago on Saturday.")
    assert len([e for e in events if e.plover_type == "PROTEST"]) == 1


def test_a_mutual_meeting_of_conjoined_parties_stays_one_event(pipeline: Pipeline) -> None:
    events = _events(pipeline, "France and Germany met on Monday.")
    assert _dyads(events, "CONSULT") == [(("France", "Germany"), ())]
