"""The PETRARCH unit-test records: dictionary loaders (on text written here) and a gate."""

from __future__ import annotations

from pathlib import Path

from newsgraph import reference as ref
from newsgraph.annotate.actor_dict import ActorDictionary
from newsgraph.config import Config
from newsgraph.eval._petr import (
    agrees,
    evaluate,
    event_pairs,
    parse_actors,
    parse_agents,
    parse_discards,
    parse_verbs,
    prefix_agents,
    split_code,
)
from newsgraph.pipeline import Pipeline
from newsgraph.records import ActorMention

ACTORS = """<!-- a comment -->
ARNOR_  [ARN]
+ARNORIAN
MINAS_TIRITH_GUARD [GONMIL] # a note
SMEAGOL
\t[HOB < 950601]
SAM_GAMGEE [HOB]
\t[HOBCIV <20080120]
\t[ORCHOB 20100109-20100112]
\t[HOBMIL 20080120-20121109]
THE_AU [IGOAFR]
EUROPEAN_UNION [IGOEEU]
THE_SHIRE  [FRO/BIL/SAM]
"""
AGENTS = """!PERSON! = MAN, MEN
PRESIDENT [~GOV] # note
OPPOSITION_GROUP {OPPOSITION_GROUPS} [~OPP]
MSF {}  [NGO~]
"""

VERBS = """&PREPS_
+ON
+AGAINST

&TIES
+MILITARY
+ECONOMIC_TIES

&NEG
+DID N'T
+WILL NOT

--- RESTORE  [064]  ---
RESTORE    # note
- * DIPLOMATIC  [065]
- NOT * RELATIONS  [112]
- * FOR &TIES  [066:067]
- * TO RECONSIDER  [102]
- + SAID * [111]
- &NEG_EVER * [905]
- % HAVE * [191]
- * &PREPS RESOLUTION [102]
LASH OUT [122]
WIRE_+TAP

--- LEFT  [032:033]  ---
LEFT

--- BURN [---] ---
BURN
- * DOWN  [222]
"""

#: measured with the PETR.Validate verb, discard, actor and agent dictionaries loaded:
#: matched 0.735, code_matched 0.883, actors_matched 0.788 (359 codings, 284 records) before
#: issue 20; the actor span discipline (a possessor stays its own actor) costs fictional
#: records like "Aragorn's army" some matches: matched 0.719, code 0.880, actors 0.772 since
FLOORS = {"matched": 0.71, "actors_matched": 0.76, "code_matched": 0.87}


def _lemma(word: str) -> str:
    return {"said": "say", "ties": "tie", "left": "leave"}.get(word, word)


def test_verb_blocks_become_senses_and_unsayable_patterns_are_counted() -> None:
    table, stats = parse_verbs(VERBS, _lemma)
    restore = {s.constraints: s.cameo for s in table["V"]["restore"]}
    assert restore[()] == "064"
    assert restore[(("obj", "diplomatic"),)] == "065"
    assert restore[(("pobj", "for:military|tie|ties"),)] == "066:067"  # paired: kept whole
    assert restore[(("xcomp", "reconsider"),)] == "102"
    # "&PREPS_" is defined with a trailing joiner and used without; a synset of prepositions
    # is any of them
    assert restore[(("pobj", "on|against:resolution"),)] == "102"
    assert {s.cameo for s in table["V"]["lash"]} == {"122"}
    assert table["V"]["burn"][0].cameo is None
    assert (("prt", "down"),) in {s.constraints for s in table["V"]["burn"]}
    assert stats.skipped_patterns == 1 and stats.skipped_verbs == 1  # "+ SAID *"; WIRE_+TAP


def test_words_before_the_verb_become_an_anchored_expression() -> None:
    import re

    table, _ = parse_verbs(VERBS, _lemma)
    senses = {s.cameo: dict(s.constraints) for s in table["V"]["restore"]}
    not_rel = senses["112"]["before"]
    assert re.search(not_rel, " arnor did not ") and re.search(not_rel, " not really ")
    assert not re.search(not_rel, " nothing ")  # whole words only
    never = senses["905"]["before"]  # "_" joins neighbours, a space lets words in between
    assert re.search(never, " he did n't ever ") and re.search(never, " will not ever ")
    assert not re.search(never, " did n't even ever ")
    assert not re.search(never, " ever did n't ")  # in order
    # "%": conjoined actors acting on each other, so the code is paired
    assert senses["191:191"] == {"compound": "", "before": senses["191:191"]["before"]}
    assert re.search(senses["191:191"]["before"], " gondor and osgiliath have ")


def test_collective_name_acts_as_each_member() -> None:
    from newsgraph.pipeline import default_pipeline

    d = ActorDictionary()
    parse_actors(ACTORS, d)
    shire = d.lookup("The Shire", None)
    assert shire is not None and shire.members == ("FRO", "BIL", "SAM")
    pipe = default_pipeline()
    resolver = pipe.nlp.get_pipe("newsgraph_actors")
    before = resolver.lex.user
    resolver.use_dictionary(d)
    try:
        doc = pipe.nlp("The Shire attacked Arnor on Monday.")
    finally:
        resolver.use_dictionary(before)
    (ev,) = [e for e in doc._.ng_events if e.target]
    assert [m.country for m in ev.source] == ["FRO", "BIL", "SAM"]
    assert [m.country for m in ev.target] == ["ARN"]


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
    smeagol = d.lookup("Smeagol", "1995-01-01")
    assert smeagol is not None and smeagol.country == "HOB"
    assert d.lookup("Smeagol", "1996-01-01") is None  # no block holds and no default: nobody


def test_dated_actor_blocks_apply_on_their_dates_first_block_first() -> None:
    d = ActorDictionary()
    parse_actors(ACTORS, d)
    codes = {day: (a.country, a.roles) for day in ("1995-01-04", "2010-01-10", "2011-06-01",
                                                    "2014-01-01")
             if (a := d.lookup("Sam Gamgee", day)) is not None}
    assert codes["1995-01-04"] == ("HOB", ("CIV",))
    assert codes["2010-01-10"] == ("ORC", ("HOB",))  # the earlier block wins an overlap
    assert codes["2011-06-01"] == ("HOB", ("MIL",))
    assert codes["2014-01-01"] == ("HOB", ())  # no block holds: the undated default



def test_international_bodies_become_organisations_that_override_the_shipped_ones() -> None:
    from newsgraph.annotate.actor_lexicon import Lexicon

    d = ActorDictionary()
    parse_actors(ACTORS, d)
    assert d.lookup("AU", None) is None  # a body, not a named person or state
    lex = Lexicon(d)
    eu, au = lex.org("European Union"), lex.org("the AU")
    assert eu is not None and eu.code == "IGOEEU"  # the shipped table says IGOEUR
    assert au is not None and au.code == "IGOAFR"


def test_inflected_verb_forms_match_that_form_only() -> None:
    table, _ = parse_verbs(VERBS, _lemma)
    (left,) = table["V"]["leave"]
    assert left.constraints == (("form", "left"),) and left.cameo == "032:033"


def test_actor_codes_split_into_country_and_sectors() -> None:
    prefixes = prefix_agents(AGENTS)
    assert prefixes == {"NGO"}
    assert split_code("NGOARNGOV", prefixes) == ("ARN", ("NGO", "GOV"))
    assert split_code("ARNGOVFRM", prefixes) == ("ARN", ("GOV", "FRM"))
    assert split_code("---GOV", prefixes) == ("", ("GOV",))
    assert agrees(("ARN", ("GOV",)), ("ARN", ("GOV", "FRM")))
    assert agrees(("ARN", ("GOV",)), ("ARN", ()))
    assert not agrees(("ARN", ()), ("ARN", ("GOV",)))
    assert not agrees(("GON", ("GOV",)), ("ARN", ("GOV",)))


def test_events_score_one_coding_per_source_target_pair() -> None:
    def m(country: str) -> ActorMention:
        return ActorMention(country, 0, 1, country, "state", country)

    class Ev:
        source = [m("FRA"), m("GON")]
        target = [m("OSG")]

    assert [(s[0], t[0]) for s, t in event_pairs(Ev())] == [("FRA", "OSG"), ("GON", "OSG")]


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
