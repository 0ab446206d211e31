"""*When* of the 5W1H summary on short texts written for these tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conftest import summarise
from newsgraph.extract.summary import _unlabelled
from newsgraph.extract.summary_when import _clock_times
from newsgraph.pipeline import Pipeline


def _when(pipeline: Pipeline, text: str, published: str | None = "2020-03-06") -> str | None:
    s = summarise(pipeline, text, published)
    assert s.when is not None
    if s.when.start is not None:
        assert text[s.when.start:s.when.end] == s.when.text
    return s.when.text


def test_clock_time_the_tagger_leaves_out(pipeline: Pipeline) -> None:
    text = ("Rovers win the league title\n\n"
            "Rovers won the league title after a long wait. At 00:48 in Leeds, the final "
            "whistle blew and the fans ran onto the pitch. The club last won the title in 1950.")
    assert _when(pipeline, text) == "00:48"


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from([":", "."]))
def test_clock_times_read_after_a_time_preposition(hour: int, minute: int, sep: str) -> None:
    clock = f"{hour}{sep}{minute:02d}"
    found = _clock_times(f"Police were called at {clock} to the scene.", [], "2020-03-06")
    assert [t.text for t in found] == [clock]
    assert found[0].value == f"2020-03-06T{hour:02d}:{minute:02d}"


def test_numbers_that_are_not_clock_times() -> None:
    for text in ("Shares closed at 9.30 per cent up.", "He ran it in about 9.58 seconds.",
                 "Prices rose by 2.50 points.", "The score was 3.45 at half time.",
                 "Doors open at 7.30pm sharp."):
        assert _clock_times(text, [], "2020-03-06") == [], text


def test_part_of_day_kept_and_preferred(pipeline: Pipeline) -> None:
    text = ("Singer stages protest outside parliament\n\n"
            "The singer staged a protest outside parliament in London, waving a banner. "
            "She had posted a message on her website yesterday. Pictures showed her holding "
            "the banner outside the building in the early hours of Friday as crowds gathered.")
    assert _when(pipeline, text) == "the early hours of Friday"


def test_main_actors_dated_act_outranks_others(pipeline: Pipeline) -> None:
    text = ("Party crisis: Smith blames defeat on rivals\n\n"
            "Jane Smith has blamed her defeat in the party vote on her rivals. Her campaign "
            "lost momentum in the final week, she said. The vote was close. Turnout was high. "
            "Her rival Tom Brown said on Wednesday that the result was fair. "
            "Ms Smith told members in a farewell call on Thursday that the result was a blow. "
            "Officials counted the ballots twice. Observers praised the count.")
    assert _when(pipeline, text) == "Thursday"


def test_date_in_a_since_clause_is_a_prior_event(pipeline: Pipeline) -> None:
    text = ("Smith blames defeat on rivals\n\n"
            "Jane Smith has blamed her defeat in the party vote on her rivals. Protests have "
            "continued in the capital since her defeat was confirmed on Tuesday. Her supporters "
            "gathered outside the party offices again on Thursday.")
    assert _when(pipeline, text) == "Thursday"


def test_headline_label_is_not_the_event() -> None:
    from spacy.lang.en import English

    doc = English()("Trump election: Clinton blames defeat on FBI director")
    verb = next(t.i for t in doc if t.text == "blames")
    assert _unlabelled(doc[:], verb).text == "Clinton blames defeat on FBI director"
    assert _unlabelled(doc[:], 0).text == doc.text  # no label before the event's words


def test_reaction_posts_dated_the_day_of_publication(pipeline: Pipeline) -> None:
    text = ("Fans angry over smaller chocolate bar\n\n"
            "Fans of the chocolate bar have taken to social media to complain about its new, "
            "smaller shape. Many posted pictures of the bar. "
            "I cannot believe they did this. -- Ann Lee (@annlee) March 6, 2020 "
            "The company said costs had risen. The bar was first made in 1908, "
            "and the company was sold on Tuesday to a rival group.")
    assert _when(pipeline, text) == "March 6, 2020"


def test_old_post_date_is_not_the_news(pipeline: Pipeline) -> None:
    text = ("Fans angry over smaller chocolate bar\n\n"
            "Fans of the chocolate bar have complained about its new, smaller shape. "
            "Many posted pictures of the bar on Thursday. "
            "Old news. -- Ann Lee (@annlee) February 27, 2020 "
            "The company said costs had risen.")
    assert _when(pipeline, text) == "Thursday"


def test_date_low_in_the_story_beats_the_publication_date(pipeline: Pipeline) -> None:
    text = ("Chocolate maker changes bar shape\n\n"
            "The maker of the chocolate bar has changed its shape, with wider gaps between "
            "its peaks. The price has not changed. Fans were unhappy with the new look. "
            "Shoppers said the bar looked odd. The company said it needed to cut costs. "
            "The change, which was announced on the company's website last month, "
            "affects two sizes of the bar.")
    assert _when(pipeline, text) == "last month"
