"""Countries an actor takes from its sentence: domestic counterparts, bare roles, ethnic
groups, shared city names, and the phrase limits those passes rely on."""

from __future__ import annotations

from newsgraph.annotate.actor_lexicon import Lexicon
from newsgraph.eval.actors import locate
from newsgraph.pipeline import Pipeline
from newsgraph.records import ActorMention
from newsgraph.reference import ethnic_groups


def _mentions(pipeline: Pipeline, text: str) -> list[ActorMention]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_published = "2024-05-01"
    return list(pipeline.nlp(doc)._.ng_actors)


def _country(pipeline: Pipeline, text: str, start: str) -> str | None:
    """Country of the mention whose text starts with ``start``."""
    ms = _mentions(pipeline, text)
    hit = next((m for m in ms if m.text.startswith(start)), None)
    assert hit is not None, [m.text for m in ms]
    return hit.country


def test_leader_and_his_own_people_share_a_country(pipeline: Pipeline) -> None:
    text = "President John Banda has broken his promise to the Kenyan people."
    assert _country(pipeline, text, "President John Banda") == "KEN"


def test_a_state_as_the_other_party_lends_no_nationality(pipeline: Pipeline) -> None:
    text = "President John Banda threatened sanctions against Russia."
    assert _country(pipeline, text, "President John Banda") is None


def test_diplomats_lend_no_nationality(pipeline: Pipeline) -> None:
    text = "Ghanaian diplomats held talks with President John Banda on Monday."
    assert _country(pipeline, text, "President John Banda") is None


def test_bare_role_takes_the_country_of_its_sentence(pipeline: Pipeline) -> None:
    text = "Protesters clashed with Egyptian police outside the stadium on Friday."
    assert _country(pipeline, text, "Protesters") == "EGY"


def test_ethnic_group_takes_the_state_it_lives_in(pipeline: Pipeline) -> None:
    text = "Kurdish fighters clashed with Iraqi troops near the border."
    assert _country(pipeline, text, "Kurdish fighters") == "IRQ"
    text = "Thousands of ethnic Russians protested in Estonia on Saturday."
    assert _country(pipeline, text, "ethnic Russians") == "EST"


def test_ethnic_group_keeps_its_country_when_the_sentence_names_none(
        pipeline: Pipeline) -> None:
    assert _country(pipeline, "Shona farmers marched on Monday.", "Shona farmers") == "ZWE"
    ms = _mentions(pipeline, "Tamil rebels attacked a convoy.")
    assert all(m.country is None for m in ms)


def test_shared_city_name_goes_to_the_state_the_sentence_names(pipeline: Pipeline) -> None:
    text = "Rebels in Tripoli shelled the port as the Lebanese army deployed."
    assert _country(pipeline, text, "Rebels in Tripoli") == "LBN"
    assert _country(pipeline, "Rebels in Tripoli shelled the port.", "Rebels") == "LBY"


def test_apposition_after_a_comma_is_another_actor(pipeline: Pipeline) -> None:
    text = ("Aid will go to refugees fleeing the fighting in Liberia, the World Food Program "
            "said.")
    ms = _mentions(pipeline, text)
    refugees = next(m for m in ms if m.text.startswith("refugees"))
    assert "World Food" not in refugees.text and refugees.country == "LBR"


def test_title_keeps_its_portfolio_and_name(pipeline: Pipeline) -> None:
    ms = _mentions(pipeline, "The Minister for Interior John Banda met reporters in Nairobi.")
    m = next(m for m in ms if "Banda" in m.text)
    assert m.text.startswith("Minister for Interior") and m.roles[:1] == ["GOV"]


def test_former_state_capital_goes_to_the_current_state() -> None:
    lex = Lexicon()
    assert lex.capitals["belgrade"] == "SRB"
    assert lex.capitals["kingston"] == "JAM"


def test_ethnic_table_and_plurals() -> None:
    table = ethnic_groups()
    assert {"IRQ", "TUR"} <= set(table["kurd"])
    lex = Lexicon()
    assert lex.ethnic_states("Kurds") == table["kurd"]
    assert lex.ethnic_states("Albanians") is None  # national demonyms are not listed


def test_locate_misspelt_and_hyphenated_gold_text() -> None:
    s = "Benin was still refusing admittance to Ghanaians, police said."
    assert locate(s, "Ghanians") == (s.index("Ghanaians"), s.index("Ghanaians") + 9)
    s = "The Turkish and Greek sides agreed."
    assert locate(s, "Greek-Cypriot") == (s.index("Greek"), s.index("Greek") + 5)
    assert locate(s, "Zulu") is None
