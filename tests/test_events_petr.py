"""The PETRARCH unit-test records: dictionary loaders (on text written here) and a gate."""

from __future__ import annotations

from pathlib import Path

from newsgraph.annotate.actor_dict import ActorDictionary
from newsgraph.eval._petr import evaluate, parse_actors, parse_agents

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

#: measured 2024 with the coder's own verb lexicon (PETRARCH's verb patterns not loaded)
FLOORS = {"actors_matched": 0.15, "code_matched": 0.02}


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
