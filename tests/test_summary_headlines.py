"""The 5W1H summary on headline forms met in news: tolls, verbless and Title Case headlines,
passives with a doer, web chrome before the lead, headline causes. Texts written for these
tests."""

from __future__ import annotations

from conftest import summarise
from newsgraph.extract.summary_headline import _headline
from newsgraph.extract.summary_spans import units
from newsgraph.pipeline import Pipeline


def test_headline_is_the_whole_first_paragraph(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Budget 2020: Minister cries foul as board rejects plan\n\n"
                       "The minister said on Monday the board had rejected the plan.")
    head = _headline(doc, units(doc))
    assert head is not None and head.text.startswith("Budget 2020:")
    assert head.text.endswith("rejects plan")


def test_death_toll_headline(pipeline: Pipeline) -> None:
    text = ("Seven killed as bus overturns near Leeds\n\n"
            "At least seven people were killed when a bus overturned near Leeds on Thursday, "
            "police said. The driver was arrested.")
    s = summarise(pipeline, text)
    assert s.who is not None and "seven people" in s.who.text
    assert s.what is not None and s.what.text.startswith("killed")
    assert s.when is not None and s.when.text == "Thursday"


def test_toll_as_object_is_not_the_event(pipeline: Pipeline) -> None:
    text = ("Leeds shooting leaves five hurt near stadium\n\n"
            "Five people were hurt in a shooting near the stadium in Leeds on Saturday.")
    s = summarise(pipeline, text)
    assert s.what is not None and "leaves five hurt" in s.what.text


def test_verbless_headline_names_the_event(pipeline: Pipeline) -> None:
    text = ("Leeds: Fatal fire at city warehouse\n\n"
            "Firefighters found two bodies after a blaze destroyed a warehouse in Leeds on "
            "Tuesday, officials said.")
    s = summarise(pipeline, text)
    assert s.what is not None and s.what.text == "Fatal fire at city warehouse"


def test_passive_doer_is_who(pipeline: Pipeline) -> None:
    text = ("Embassy in Kabul bombed in attack by Taliban\n\n"
            "A car bomb exploded outside the embassy in Kabul on Thursday, killing two "
            "guards. The Taliban said they carried out the attack.")
    s = summarise(pipeline, text)
    assert s.who is not None and s.who.text == "Taliban"
    assert s.what is not None and s.what.text.startswith("Embassy")


def test_chrome_before_the_lead_is_cut(pipeline: Pipeline) -> None:
    text = ("Storm hits Cornwall coast\n\n"
            "Get weather updates directly to your inbox Subscribe Thank you for subscribing "
            "A powerful storm flooded hundreds of homes in Cornwall today, officials said. "
            "More rain is expected.")
    s = summarise(pipeline, text)
    assert s.when is not None and s.when.text == "today"


def test_time_counted_from_another_event_loses(pipeline: Pipeline) -> None:
    text = ("Leaders meet in Geneva for trade talks\n\n"
            "Just 48 hours before the talks, the two leaders had not spoken. The leaders met "
            "in Geneva on Thursday for talks on trade.")
    s = summarise(pipeline, text)
    assert s.when is not None and s.when.text == "Thursday"


def test_incident_place_in_headline_modifier(pipeline: Pipeline) -> None:
    text = ("Birmingham bus crash: Police name the driver\n\n"
            "Police named the driver of the bus on Friday. The driver, from Manchester, "
            "was 45. Birmingham council closed the road for a day.")
    s = summarise(pipeline, text)
    assert s.where is not None and s.where.text == "Birmingham"
    assert s.where.start == 0


def test_headline_cause_after_predicate(pipeline: Pipeline) -> None:
    text = ("Fans outraged after maker shrinks chocolate bar\n\n"
            "Fans of the chocolate bar said on Monday they were angry that the maker had "
            "shrunk it.")
    s = summarise(pipeline, text)
    assert s.why is not None and s.why.text == "maker shrinks chocolate bar"


def test_complement_as_is_not_a_cause(pipeline: Pipeline) -> None:
    text = ("Victims named as three adults from Leeds\n\n"
            "Police named the victims of the crash on Friday.")
    s = summarise(pipeline, text)
    assert s.why is None or "three adults" not in s.why.text


def test_suburb_inside_the_city_is_finer(pipeline: Pipeline) -> None:
    text = ("Tram overturns in London\n\n"
            "A tram overturned on Wednesday near a stop in Croydon, a large suburb to the south "
            "of the city, police said. Seven people were hurt.")
    s = summarise(pipeline, text, "2016-11-09")
    assert s.where is not None and s.where.text == "Croydon"


def test_what_follows_outside_is_a_site(pipeline: Pipeline) -> None:
    text = ("Singer stages protest outside Grand Towers\n\n"
            "The singer staged a protest outside Grand Towers on Tuesday after the vote, "
            "holding a sign. Fans cheered.")
    s = summarise(pipeline, text)
    assert s.where is not None and "Grand Towers" in s.where.text


def test_incident_subject_gives_the_victims_as_who(pipeline: Pipeline) -> None:
    text = ("Stadium shooting leaves five hurt in Leeds\n\n"
            "At least five people were hurt when a gunman opened fire near the stadium on "
            "Saturday, police said.")
    s = summarise(pipeline, text)
    assert s.who is not None and "five people" in s.who.text
