"""The PETRARCH unit-test records: dictionary loaders (on text written here) and a gate."""

from __future__ import annotations

from pathlib import Path

from newsgraph import reference as ref
from newsgraph.annotate.actor_dict import ActorDictionary
from newsgraph.config import Config
from newsgraph.eval._petr import evaluate, parse_actors, parse_agents, parse_discards, parse_verbs
from newsgraph.pipeline import Pipeline

ACTORS = """<!-- a comment -->
ARNOR_  [ARN]
+ARNORIAN
MINAS_TIRITH_GUARD [GONMIL] # a note
SMEAGOL
\t[HOB < 950601]
"""
AGENTS = """!PERSON! = MAN, MEN
PRESIDENT [~GOV] # note
OPPOSITION_GROUP {OPPOSITION_GROUPS} [~OPP]
"""

VERBS = """&TIES
+MILITARY
+ECONOMIC_TIES

--- RESTORE  [064]  ---
RESTORE    # note
- * DIPLOMATIC  [065]
- NOT * RELATIONS  [112]
- * FOR &TIES  [066:067]
- * TO RECONSIDER  [102]
LASH OUT [122]
WIRE_+TAP

--- BURN [---] ---
BURN
- * DOWN  [222]
"""

#: measured with the PETR.Validate verb, discard, actor and agent dictionaries loaded:
#: matched 0.175, code_matched 0.510, actors_matched 0.240 (359 codings, 284 records)
FLOORS = {"matched": 0.17, "actors_matched": 0.23, "code_matched": 0.50}


def _lemma(word: str) -> str:
    return {"said": "say", "ties": "tie"}.get(word, word)


def test_verb_blocks_become_senses_and_unsayable_patterns_are_counted() -> None:
    table, stats = parse_verbs(VERBS, _lemma)
    restore = {s.constraints: s.cameo for s in table["V"]["restore"]}
    assert restore[()] == "064"
    assert restore[(("obj", "diplomatic"),)] == "065"
    assert restore[(("pobj", "for:military|tie|ties"),)] == "066"
    assert restore[(("xcomp", "reconsider"),)] == "102"
    assert {s.cameo for s in table["V"]["lash"]} == {"122"}
    assert table["V"]["burn"][0].cameo is None
    assert (("prt", "down"),) in {s.constraints for s in table["V"]["burn"]}
    assert stats.skipped_patterns == 1 and stats.skipped_verbs == 1


def test_discards_split_sentence_and_story_level() -> None:
    sentence, story = parse_discards("YEARS LATER\n+Manchester United  # club\n")
    assert sentence == ("YEARS LATER",) and story == ("Manchester United",)


def test_user_verbs_only_when_configured(tmp_path: Path) -> None:
    path = tmp_path / "verbs.tsv"
    path.write_text("pos\tlemma\tpattern\tcameo\nV\tadmire\t*\t041\n", "utf-8")
    text = "France admired Germany on Monday, the ministry said in a statement."
    plain = Pipeline()
    assert not any(e.cameo == "041" for e in plain.nlp(text)._.ng_events)
    user = Pipeline(Config(verb_dictionaries=(str(path),)))
    try:
        assert any(e.cameo == "041" for e in user.nlp(text)._.ng_events)
    finally:
        Pipeline()  # the spaCy pipeline is shared: restore the shipped lexicon alone
    assert ref.USER_VERBS.get() is None


def test_actor_lines_become_states_and_named_actors() -> None:
    d = ActorDictionary()
    parse_actors(ACTORS, d)
    assert d.countries["arnor"] == "ARN" and d.countries["arnorian"] == "ARN"
    guard = next(a for a in d.actors if a.name == "MINAS TIRITH GUARD")
    assert guard.country == "GON" and guard.roles == ("MIL",)
    assert "smeagol" in d.countries and d.countries["smeagol"] == "HOB"


def test_agent_lines_become_role_nouns() -> None:
    d = ActorDictionary()
    parse_agents(AGENTS, d)
    assert d.role_nouns["president"].role == "GOV"
    assert d.role_nouns["opposition groups"].role == "OPP"
    assert "man" not in d.role_nouns


def test_petr_records_gate(shared_data: Path) -> None:
    res = evaluate(shared_data / "events" / "petrarch2")
    assert res["records"] >= 280
    for metric, floor in FLOORS.items():
        assert res[metric] >= floor, (metric, res[metric])
