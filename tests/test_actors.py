"""Actor resolution on sentences written for these tests (real spaCy pipeline)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.annotate.actor_dict import ActorDictionary, parse_dictionary
from newsgraph.annotate.actor_lexicon import Lexicon
from newsgraph.annotate.actors import ActorResolver, apply_config
from newsgraph.config import Config
from newsgraph.pipeline import Pipeline, analyze
from newsgraph.records import ActorMention
from newsgraph.store import Store, actor_id


def actors(pipeline: Pipeline, text: str,
           published: str | None = "2024-03-13") -> list[ActorMention]:
    """The actor mentions of ``text`` parsed as one document (no cleaning, no size floor)."""
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_published = published
    return list(pipeline.nlp(doc)._.ng_actors or [])


def by_text(ms: list[ActorMention], text: str) -> ActorMention:
    return next(m for m in ms if m.text == text)


def test_institutions_take_their_own_country(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "The Australian Federal Police raided a house in Perth. "
                          "The Japanese Embassy in Canberra declined to comment. "
                          "The Foreign Ministry in Tokyo issued a statement.")
    assert by_text(ms, "Australian Federal Police").code == "AUSCOP"
    assert by_text(ms, "Japanese Embassy in Canberra").code == "JPNGOV"
    assert by_text(ms, "Foreign Ministry in Tokyo").code == "JPNGOV"


def test_capital_as_subject_is_the_government(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Tokyo refused to comment. Canberra protested on Friday.")
    assert by_text(ms, "Tokyo").code == "JPNGOV"
    assert by_text(ms, "Canberra").code == "AUSGOV"
    assert by_text(ms, "Tokyo").kind == "state"


def test_titles_before_names(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "British Trade Minister Liz Truss met German Chancellor Olaf Scholz "
                          "in Berlin on Tuesday.")
    truss = next(m for m in ms if m.name == "Liz Truss")
    scholz = next(m for m in ms if m.name == "Olaf Scholz")
    assert (truss.code, truss.kind) == ("GBRGOV", "person")
    assert (scholz.code, scholz.kind) == ("DEUGOV", "person")


def test_consul_general(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "The Chinese consul general in Sydney attended the ceremony.")
    m = next(m for m in ms if "consul" in m.text)
    assert m.code == "CHNGOV" and m.kind == "person"


def test_apposition_and_alias_keep_full_name(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "German Chancellor Olaf Scholz arrived in Paris. "
                          "Scholz said the talks were open.")
    later = [m for m in ms if m.text == "Scholz"]
    assert later and later[0].name == "Olaf Scholz" and later[0].via == "alias"
    assert later[0].country == "DEU"


def test_possessive_country(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Japan's foreign ministry summoned the ambassador on Monday.")
    m = next(m for m in ms if "foreign ministry" in m.text)
    assert m.code == "JPNGOV" and m.kind == "organisation"


def test_igos_with_and_without_a_role(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "The WTO ruled against the tariffs. UN peacekeepers left the town. "
                          "The European Union welcomed the decision.")
    wto = by_text(ms, "WTO")
    assert wto.country == "IGO" and wto.name == "World Trade Organization"
    pk = next(m for m in ms if "peacekeepers" in m.text)
    assert pk.country == "IGO" and "MIL" in pk.roles
    assert by_text(ms, "European Union").country == "IGO"


def test_coordinated_demonyms_are_separate_actors(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Senior Hungarian and Romanian officials agreed to meet again.")
    codes = {m.code for m in ms}
    assert {"HUNGOV", "ROUGOV"} <= codes


def test_defined_acronym_and_pronoun(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "The Department of Foreign Affairs and Trade (DFAT) issued a warning. "
                          "DFAT said it would review the advice.")
    dfat = [m for m in ms if m.text == "DFAT"]
    assert dfat and all(m.name == "Department of Foreign Affairs and Trade" for m in dfat)
    assert any(m.via == "acronym" for m in dfat)
    it = by_text(ms, "it")
    assert it.name == "Department of Foreign Affairs and Trade" and it.via == "pronoun"


def test_acronym_from_initials_gives_a_person_their_agency(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "The Australian Federal Police made an arrest. AFP Assistant "
                          "Commissioner Clare Whitby said the inquiry continues.")
    whitby = next(m for m in ms if m.name == "Clare Whitby")
    assert whitby.country == "AUS" and whitby.roles == ["COP"]


def test_short_name_alias_and_he(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "South Korean Foreign Minister Lee Jae-won arrived in Canberra on "
                          "Monday. Lee met Australian officials. He said the talks were useful.")
    lee = [m for m in ms if m.name == "Lee Jae-won"]
    assert {m.via for m in lee} >= {"alias", "pronoun"}
    assert all(m.code == "KORGOV" for m in lee)


def test_pronoun_gender_is_respected(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "A police spokeswoman confirmed the arrest. "
                          "Prosecutors allege he passed documents to a handler.")
    assert not any(m.text == "he" for m in ms)


def test_unnamed_person_blocks_a_pronoun_guess(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Minister Peter Dutton spoke on Monday. "
                          "Later a man was arrested at the airport and he was charged.")
    assert not any(m.text == "he" for m in ms)


def test_definite_description_refers_back(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Japan's Foreign Ministry lodged a protest on Monday. "
                          "The ministry said the boat had entered Japanese waters.")
    m = next(m for m in ms if m.text.lower() == "ministry" and m.start > 20)
    assert m.via == "definite" and m.country == "JPN"


def test_definite_description_without_antecedent_stays_unresolved(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "The diplomat declined to comment on the report.")
    m = next(m for m in ms if m.text == "diplomat")
    assert m.country is None and m.via == "role"


def test_misspelt_country_names(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Ethopia has agreed to reopen its borders.")
    assert any(m.country == "ETH" for m in ms)


def test_former_office_holder_is_an_elite(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "An Argentine judge ordered former president Carlos Menem to appear.")
    menem = next(m for m in ms if m.name == "Carlos Menem")
    assert menem.roles == ["ELI"]


def test_person_country_from_the_sentence_context(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "President Omar al-Bashir has taken steps to enhance political "
                          "freedoms in Sudan.")
    assert next(m for m in ms if m.kind == "person").country == "SDN"


def test_counterpart_country_is_no_evidence_of_nationality(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "President Bush has threatened further action against Russia.")
    assert next(m for m in ms if m.kind == "person").country is None


def test_no_resolution_across_articles(pipeline: Pipeline) -> None:
    analyze("German Chancellor Olaf Scholz visited Paris on Monday.", published="2024-03-13",
            pipeline=pipeline)
    ms = actors(pipeline, "Scholz said nothing. He left early.")
    assert not any(m.via in ("alias", "pronoun") and m.name == "Olaf Scholz" for m in ms)


def test_same_actor_same_id_across_articles(pipeline: Pipeline) -> None:
    a = actors(pipeline, "German Chancellor Olaf Scholz visited Paris on Monday.")
    b = actors(pipeline, "Chancellor Olaf Scholz, the German leader, spoke in Berlin. "
                         "Scholz later met reporters.")
    ida = {actor_id(m) for m in a if m.name == "Olaf Scholz"}
    idb = {actor_id(m) for m in b if m.name == "Olaf Scholz"}
    assert ida and ida == idb


def test_every_mention_is_valid_evidence(pipeline: Pipeline) -> None:
    text = ("Beijing warned Canberra on Monday. The Chinese embassy in Canberra said it "
            "opposed the rules. Prime Minister Anthony Albanese said he would not back down.")
    result = analyze(text, published="2024-03-13", pipeline=pipeline)
    for m in result.actors:
        assert result.article.text[m.start:m.end] == m.text


# -- user dictionaries -------------------------------------------------------------------


_DICT = """
countries:
  Nippon: JPN
role_nouns:
  constable: [COP, person]
organisations:
  Quad: {code: IGOQUAD, name: Quadrilateral Security Dialogue}
actors:
  - name: Olaf Scholz
    aliases: [Scholz]
    country: DEU
    roles: [GOV]
    valid_from: 2021-12-08
    valid_to: 2025-05-06
  - name: Olaf Scholz
    country: DEU
    roles: [ELI]
    valid_from: 2025-05-07
"""


def test_dictionary_parsing_and_validity() -> None:
    d = parse_dictionary(__import__("yaml").safe_load(_DICT))
    assert d.countries["nippon"] == "JPN"
    assert d.role_nouns["constable"].role == "COP"
    assert d.organisations["Quad"].code == "IGOQUAD"
    e = d.lookup("Scholz", "2024-01-01")
    assert e is not None and e.roles == ("GOV",)
    later = d.lookup("olaf scholz", "2026-01-01")
    assert later is not None and later.roles == ("ELI",)
    assert d.lookup("Scholz", "2019-01-01") is None


def test_dictionary_rejects_bad_entries() -> None:
    with pytest.raises(ValueError):
        parse_dictionary({"actors": [{"country": "DEU"}]})
    with pytest.raises(ValueError):
        parse_dictionary({"role_nouns": {"constable": "COP"}})


def test_dictionary_applied_by_the_component(pipeline: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(_DICT, encoding="utf-8")
    apply_config(pipeline.nlp, Config(actor_dictionaries=(str(path),)))
    try:
        ms = actors(pipeline, "Scholz spoke to the Quad on Monday. A Nippon constable "
                              "watched.", published="2024-03-13")
        scholz = by_text(ms, "Scholz")
        assert (scholz.name, scholz.code, scholz.via) == ("Olaf Scholz", "DEUGOV", "dictionary")
        assert by_text(ms, "Quad").country == "IGO"
        assert any(m.code == "JPNCOP" for m in ms)
        old = by_text(actors(pipeline, "Scholz spoke.", published="2026-02-01"), "Scholz")
        assert old.code == "DEUELI"
    finally:
        apply_config(pipeline.nlp, Config())


def test_resolver_without_dictionary_is_reference_only() -> None:
    r = ActorResolver()
    assert r.lex.user.actors == []
    assert isinstance(r.lex.user, ActorDictionary)


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=30))
def test_lexicon_lookups_never_fail(word: str) -> None:
    lex = _LEX
    lex.misspelt(word)
    lex.demonym(word)
    lex.country_in(word.split())


_LEX = Lexicon()


# -- store and CLI -----------------------------------------------------------------------


def test_store_lists_actors_with_counts(pipeline: Pipeline, tmp_path: Path) -> None:
    with Store(tmp_path / "t.db") as store:
        store.save(analyze("Tokyo refused to comment. Japan's foreign ministry said Tokyo "
                           "would wait.", published="2024-03-13", pipeline=pipeline))
        rows = store.actors()
    jpn = next(r for r in rows if r["code"] == "JPNGOV" and r["kind"] == "state")
    assert jpn["mentions"] == 2 and jpn["articles"] == 1 and "Tokyo" in jpn["aliases"]


def _resolved(pipeline: Pipeline, text: str) -> dict[str, tuple[str | None, str]]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_published = "2024-05-01"
    return {m.text: (m.country, m.kind) for m in pipeline.nlp(doc)._.ng_actors}


def test_full_country_name_is_a_state(pipeline: Pipeline) -> None:
    got = _resolved(pipeline, "The Democratic People's Republic of Korea tested a missile.")
    assert got["Democratic People's Republic of Korea"] == ("PRK", "state")
    assert _resolved(pipeline, "The Republic of Korea protested.")["Republic of Korea"][0] \
        == "KOR"


def test_region_and_ethnic_group_give_a_country(pipeline: Pipeline) -> None:
    got = _resolved(pipeline, "The government of Sindh province banned a rally by Yoruba "
                              "traders.")
    assert got["government of Sindh province"][0] == "PAK"
    assert got["Yoruba traders"][0] == "NGA"
    assert _resolved(pipeline, "Rebels in Darfur attacked a convoy.")["Rebels in Darfur"][0] \
        == "SDN"


def test_ambiguous_ethnic_group_stays_unresolved(pipeline: Pipeline) -> None:
    got = _resolved(pipeline, "Tamil rebels attacked a convoy.")
    assert got.get("Tamil rebels", (None, ""))[0] is None


def test_possessive_pronoun_lends_its_antecedent_country(pipeline: Pipeline) -> None:
    got = _resolved(pipeline, "Bosnian Serbs said their forces had withdrawn from the town.")
    assert got["their forces"][0] == "BIH"


def test_trinidad_is_the_island_state(pipeline: Pipeline) -> None:
    got = _resolved(pipeline, "A militant group based in Trinidad threatened Britain.")
    assert got["militant group based in Trinidad"][0] == "TTO"


def test_entities_in_a_phrase_match_spacy(pipeline: Pipeline) -> None:
    """The linear ``_ents_in`` gives exactly what ``Span.ents`` gives, for every phrase."""
    from newsgraph.annotate.actors import _ents_in

    doc = pipeline.nlp("German Chancellor Olaf Scholz met French President Emmanuel Macron in "
                       "Paris on Tuesday. The Australian Federal Police said the United Nations "
                       "Security Council would meet in New York next week.")
    for a in range(len(doc)):
        for b in range(a + 1, min(len(doc), a + 12) + 1):
            span = doc[a:b]
            assert [(e.start, e.end, e.label_) for e in _ents_in(span)] == \
                [(e.start, e.end, e.label_) for e in span.ents]


def test_role_placed_in_several_countries_is_one_actor_each(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "The ambassadors of France, Spain and Italy criticised Russia.")
    envoys = [m for m in ms if m.text == "ambassadors of France, Spain and Italy"]
    assert [(m.country, m.roles) for m in envoys] == [
        ("FRA", ["GOV"]), ("ESP", ["GOV"]), ("ITA", ["GOV"])]
    assert [m.via.endswith("+member") for m in envoys] == [False, True, True]


def test_multiword_user_name_is_found_where_ner_is_silent(pipeline: Pipeline) -> None:
    resolver = pipeline.nlp.get_pipe("newsgraph_actors")
    assert isinstance(resolver, ActorResolver)
    before = resolver.lex.user
    resolver.use_dictionary(parse_dictionary({"actors": [
        {"name": "Prince of Dol Amroth", "kind": "person", "country": "DOL"}]}))
    try:
        ms = actors(pipeline, "The minister warned of the Prince of Dol Amroth.")
    finally:
        resolver.use_dictionary(before)
    assert by_text(ms, "Prince of Dol Amroth").country == "DOL"
