"""Actor codes as the real-news codebook writes them (real pipeline, small texts of our own):
a state acting is its government, insurgents are INS, candidates are PTY for their campaign,
party and police nouns, hyphenated titles, names NER ran together, home-country votes."""

from __future__ import annotations

from newsgraph.annotate.actor_home import dominant_country
from newsgraph.annotate.actor_knowledge import knowledge
from newsgraph.eval.actors import our_sector
from newsgraph.pipeline import Pipeline
from newsgraph.records import ActorMention


def actors(pipeline: Pipeline, text: str, published: str | None = "2016-11-10"
           ) -> list[ActorMention]:
    doc = pipeline.nlp.make_doc(text)
    doc._.ng_published = published
    doc._.ng_url = None
    return list(pipeline.nlp(doc)._.ng_actors or [])


def by_text(ms: list[ActorMention]) -> dict[str, ActorMention]:
    return {m.text: m for m in ms}


def test_a_state_named_as_itself_is_its_government(pipeline: Pipeline) -> None:
    got = by_text(actors(pipeline, "Israel rejected the demand and China warned Japan."))
    for name, iso in (("Israel", "ISR"), ("China", "CHN"), ("Japan", "JPN")):
        m = got[name]
        assert (m.country, m.roles, m.kind) == (iso, ["GOV"], "state")
        # PLOVER's coders leave the state itself without a sector: the eval reads it so
        assert our_sector(m) == ""


def test_an_international_body_as_itself_is_igo(pipeline: Pipeline) -> None:
    got = by_text(actors(pipeline, "The United Nations condemned the attack."))
    un = got["United Nations"]
    assert un.country == "IGO" and "IGO" in un.roles and our_sector(un) == ""


def test_insurgents_and_militant_movements_are_ins(pipeline: Pipeline) -> None:
    got = by_text(actors(pipeline, "Militants attacked a checkpoint. Hamas fired rockets. "
                                   "Rebels seized the town."))
    assert got["Militants"].roles == ["INS"]
    assert got["Hamas"].code == "PSEINS"
    assert got["Rebels"].roles == ["REB"]
    # PLOVER 0.5b1 has no INS: its coders write REB
    assert our_sector(got["Militants"]) == "REB"


def test_candidates_are_party_actors_during_their_campaign() -> None:
    k = knowledge()
    rubio = k.lookup("Marco Rubio", "2016-02-01")
    assert rubio is not None and rubio.roles == ("PTY",) and rubio.dated
    later = k.lookup("Marco Rubio", "2016-06-01")
    assert later is not None and later.roles == ("LEG",)
    kasich = k.lookup("John Kasich", "2016-03-15")
    assert kasich is not None and (kasich.country, kasich.roles) == ("USA", ("PTY",))


def test_party_and_police_nouns(pipeline: Pipeline) -> None:
    got = by_text(actors(pipeline, "Democrats in Ohio sued the state. The Seattle Police "
                                   "Department said Afghan police forces had arrested him."))
    assert got["Democrats in Ohio"].roles == ["PTY"]
    assert got["Seattle Police Department"].roles == ["COP"]
    assert got["Afghan police forces"].code == "AFGCOP"


def test_a_hyphenated_title_heads_an_actor(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "The President-elect said he would meet the president.")
    first = next(m for m in ms if m.text.startswith("President"))
    assert first.roles == ["PTY"]


def test_two_names_run_together_resolve_to_the_last(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "GETTY Obama campaigned for close ally Hillary Clinton Donald "
                          "Trump in numbers.")
    run = [m for m in ms if "Donald Trump" in m.text]
    assert run and run[0].name == "Donald Trump" and run[0].code == "USAPTY"


def test_a_person_of_a_national_body_stays_the_person(pipeline: Pipeline) -> None:
    ms = actors(pipeline, "NBC News moderator Jane Roe asked the candidate about Iraq.")
    m = next(m for m in ms if "Jane Roe" in m.text)
    assert (m.kind, m.country, m.roles) == ("person", "USA", ["MED"])


def test_consulates_cast_no_home_vote() -> None:
    def m(text: str, country: str, via: str = "demonym+role") -> ActorMention:
        return ActorMention(text, 0, 1, text, "organisation", country, ["GOV"], via)

    mentions = [m("German consulate", "DEU") for _ in range(4)] + \
        [m("Afghan police", "AFG") for _ in range(4)] + [m("Germany", "DEU", "country")]
    assert dominant_country(mentions) == "AFG"


def test_a_states_acts_and_forces_speak_for_it(pipeline: Pipeline) -> None:
    got = by_text(actors(pipeline, "US air strikes killed ten people. Britain's decision "
                                   "angered the European Union."))
    strikes = got["US air strikes"]
    assert (strikes.country, strikes.roles) == ("USA", ["MIL"])
    decision = got["Britain's decision"]
    assert (decision.country, decision.roles) == ("GBR", ["GOV"])
    assert our_sector(decision) == ""  # PLOVER: the state itself
