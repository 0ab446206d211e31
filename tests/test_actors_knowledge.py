"""Shipped actor knowledge, home country, span discipline and staff titles (real pipeline)."""

from __future__ import annotations

from pathlib import Path

from newsgraph.annotate.actor_home import dateline, domain_country, dominant_country
from newsgraph.annotate.actor_knowledge import Knowledge, knowledge, split_code
from newsgraph.annotate.actor_lexicon import Lexicon
from newsgraph.pipeline import Pipeline
from newsgraph.records import ActorMention
from newsgraph.reference import igos, role_nouns
from newsgraph.reference.phoenix import clean, parse, translate_agents


def actors(pipeline: Pipeline, text: str, published: str | None,
           url: str | None = None) -> list[ActorMention]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_published = published
    doc._.ng_url = url
    return list(pipeline.nlp(doc)._.ng_actors or [])


def codes(ms: list[ActorMention]) -> dict[str, str]:
    return {m.text: m.code for m in ms}


def test_dated_roles_follow_the_article_date() -> None:
    k = knowledge()
    trump16 = k.lookup("Donald Trump", "2016-11-10")
    trump17 = k.lookup("Mr Trump", "2017-03-01")
    assert trump16 is not None and (trump16.country, trump16.roles) == ("USA", ("PTY",))
    assert trump17 is not None and trump17.roles == ("GOV",)
    clinton = k.lookup("Hillary Clinton", "2010-05-01")
    assert clinton is not None and clinton.roles == ("GOV",) and clinton.dated
    comey = k.lookup("Comey", "2016-10-28")
    assert comey is not None and comey.roles == ("COP",)
    # outside every dated period: the undated code (a former office holder)
    obama = k.lookup("Barack Obama", "2019-01-01")
    assert obama is not None and obama.roles == ("ELI",) and not obama.dated
    # Phoenix rows (MIT) are there too, aliases included
    assert k.lookup("Putin", "2015-01-01") is not None


def test_surname_needs_one_office_holder_on_the_date() -> None:
    rows = [("Ann Smith", [], "GBRGOV@2010-01-01..2012-01-01", True),
            ("Bob Smith", [], "GBRLEG@2011-01-01..2013-01-01", True)]
    k = Knowledge(rows)  # two Phoenix rows (no curated ones)
    assert k.lookup("Smith", "2011-06-01") is None  # two office holders: ambiguous
    got = k.lookup("Smith", "2012-06-01")
    assert got is not None and got.name == "Bob Smith" and got.roles == ("LEG",)
    assert k.lookup("Smith", None) is None
    # curated rows: the first listed (a country's principal office holder) wins
    got = Knowledge(rows, len(rows)).lookup("Smith", "2011-06-01")
    assert got is not None and got.name == "Ann Smith"


def test_split_code_conventions() -> None:
    assert split_code("USAGOVLEG") == ("USA", ("LEG", "GOV"))
    assert split_code("IGOUNO") == ("IGO", ("UNO",))
    assert split_code("MNCUSA") == ("USA", ("BUS",))


def test_phoenix_translation_keeps_dated_people_and_drops_countries() -> None:
    lines = ["AFGHANISTAN_  [AFG]", "+AFGHAN_", "VLADIMIR_PUTIN_  # CountryInfo.txt",
             "+PUTIN_", "+PRESIDENT_PUTIN_", "\t[RUSGOV 991231-080507]", "\t[RUSGOV >080508]",
             "\t[RUSELI]", "OLD_MAN_ # CountryInfo.txt", "\t[XYZGOV 500101-600101]"]
    got = clean(parse(lines))
    assert [a.name for a in got] == ["Vladimir Putin"]
    assert got[0].aliases == ["Putin"]  # a title plus a name is left out
    assert got[0].periods == ["RUSGOV@19991231-20080507", "RUSGOV@20080508-", "RUSELI"]


def test_phoenix_agents_translate_to_role_nouns(tmp_path: Path) -> None:
    f = tmp_path / "agents.txt"
    f.write_text("!PERSON! = MAN, MEN\nCATTLE!PERSON! [~AGR]\nBROADCAST_AGENCY [~GOVMED]\n"
                 "ISLAMIC [~MUS]\n", "utf-8")
    rows = translate_agents(f)[2:]
    assert "cattleman\tAGR\tperson" in rows and "broadcast agency\tGOV\torganisation" in rows
    assert not any(r.startswith("islamic") for r in rows)  # a qualifier, not a sector
    assert role_nouns()["police"].role == "COP"  # our table wins over the translated one


def test_bodies_by_country() -> None:
    orgs = igos()
    assert orgs["FBI"].code == "USACOP" and orgs["MFAT"].code == "NZLGOV"
    assert orgs["DFAT"].code == "AUSGOV" and orgs["Taliban"].code == "AFGINS"


def test_home_country_evidence() -> None:
    lex = Lexicon()
    assert domain_country("https://www.nytimes.com/2016/11/10/x.html") == "USA"
    assert domain_country("https://www.bbc.co.uk/news/x") == "GBR"
    assert domain_country("https://example.tv/x") is None
    line = dateline("WASHINGTON (AFP) - The Justice Department said", lex)
    assert line is not None and line[1] == "USA"
    assert "(AFP)" in "WASHINGTON (AFP) - The"[:line[0]]
    ms = [ActorMention("x", 0, 1, "x", country=c) for c in ("USA", "USA", "USA", "RUS")]
    assert dominant_country(ms) == "USA"
    assert dominant_country(ms[2:]) is None


def test_domestic_actors_take_the_home_country(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "WASHINGTON (AFP) - The Justice Department charged two men. "
                "Police said Senator Dianne Feinstein and Congress were told.", "2016-10-01")
    got = codes(ms)
    assert got["Justice Department"] == "USAGOV"
    assert got["Police"] == "USACOP" and got["Senator Dianne Feinstein"] == "USALEG"
    assert "AFP" not in got and "WASHINGTON" not in got  # the dateline is no actor


def test_outlet_domain_gives_home_country(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Police arrested the driver of the tram.", "2016-11-09",
                url="https://www.theguardian.com/uk-news/tram")
    assert codes(ms)["Police"] == "GBRCOP"


def test_country_only_from_the_own_noun_phrase(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Democrat Hillary Clinton's plan for Syria was criticised by "
                "Donald Trump.", "2016-10-01")
    clinton = [m for m in ms if m.name == "Hillary Clinton"]
    assert clinton and all(m.country == "USA" for m in clinton)
    assert codes(ms)["Donald Trump"] == "USAPTY"  # a candidate before 20 Jan 2017


def test_place_names_in_institutions_and_counties(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Students at Columbia University protested.", "2016-10-01")
    assert not any(m.country == "COL" for m in ms)
    ms = actors(pipeline, "Officials in Beaufort, Moore and Cumberland counties said voters "
                "were turned away.", "2016-10-01")
    assert not any(m.country == "MYS" for m in ms)
    ms = actors(pipeline, "The investigation, based in New York, found that the senator lied.",
                "2016-10-01")
    assert not any(m.country == "GBR" for m in ms)


def test_staff_stay_separate_and_act_for_their_principal(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Clinton press secretary Brian Fallon said the FBI director James "
                "Comey erred. The House intelligence committee met.", "2016-10-30")
    fallon = next(m for m in ms if "Fallon" in m.text)
    assert fallon.name == "Brian Fallon" and fallon.code == "USAPTY"
    assert codes(ms)["FBI director James Comey"] == "USACOP"
    assert codes(ms)["House intelligence committee"] == "USALEG"


def test_seed_story_bodies(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "An MFAT spokeswoman said the diplomat was charged. The Foreign "
                "Ministry in Seoul said it would cooperate.", "2017-07-01")
    got = codes(ms)
    assert got["MFAT spokeswoman"] == "NZLGOV"
    assert got["Foreign Ministry in Seoul"] == "KORGOV"


def test_description_resolves_to_the_known_person(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "Donald Trump met Barack Obama. Later the nominee thanked his "
                "supporters.", "2016-11-10")
    nominee = next(m for m in ms if m.text == "nominee")
    assert nominee.name == "Donald Trump" and nominee.code == "USAPTY"
