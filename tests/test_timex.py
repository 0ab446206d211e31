"""Time expressions: finding, TIMEX3 normalisation against the anchor, never against today."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.timex import find_timexes

DCT = dt.date(2024, 3, 13)  # a Wednesday


def values(text: str, dct: dt.date | None = DCT, tense: str = "past") -> dict[str, str]:
    return {t.text: t.value for t in find_timexes(text, dct, lambda _c: tense)}


def test_absolute_dates() -> None:
    v = values("It happened on March 5, 2024, on 7 June 2019 and in June 2019; also 2021-11-02.")
    assert v["March 5, 2024"] == "2024-03-05"
    assert v["7 June 2019"] == "2019-06-07"
    assert v["June 2019"] == "2019-06"
    assert v["2021-11-02"] == "2021-11-02"


def test_relative_dates_use_publication_date() -> None:
    v = values("Last Friday, yesterday, last March, two years ago, earlier this month, "
               "last week, next week.")
    assert v["Last Friday"] == "2024-03-08"
    assert v["yesterday"] == "2024-03-12"
    assert v["last March"] == "2023-03"
    assert v["two years ago"] == "2022"
    assert v["earlier this month"] == "2024-03"
    assert v["last week"] == "2024-W10"
    assert v["next week"] == "2024-W12"


def test_weekday_direction_follows_tense() -> None:
    assert values("on Friday", tense="past")["Friday"] == "2024-03-08"
    assert values("on Friday", tense="future")["Friday"] == "2024-03-15"


def test_quarters_seasons_decades_durations() -> None:
    v = values("in the first quarter of 2020, in the summer of 2018, in the 1990s, "
               "for three years")
    assert v["the first quarter of 2020"] == "2020-Q1"
    assert v["summer of 2018"] == "2018-SU"
    assert v["the 1990s"] == "199"
    assert v["for three years"] == "P3Y"


def test_no_anchor_leaves_relative_unresolved() -> None:
    ts = find_timexes("Last Friday and last March, yesterday; in June 2019.", None)
    by_text = {t.text: t for t in ts}
    assert by_text["Last Friday"].value == "XXXX-WXX-5"
    assert by_text["last March"].value == "XXXX-03"
    assert by_text["yesterday"].anchor == "none"
    assert by_text["June 2019"].value == "2019-06"


_PHRASES = ["last Friday", "yesterday", "last March", "next week", "two years ago",
            "on Tuesday", "in June 2019", "this year", "earlier this month", "in May"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=5),
       st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_property_relative_values_need_anchor(phrases: list[str], dct: dt.date) -> None:
    text = "The talks happened " + ", then ".join(phrases) + "."
    anchored = find_timexes(text, dct)
    assert anchored == find_timexes(text, dct)  # deterministic, wall clock free
    for t in find_timexes(text, None):
        assert text[t.start:t.end] == t.text
        if t.anchor == "none":
            assert "X" in t.value
        else:
            assert t.anchor == "absolute"
