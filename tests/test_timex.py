"""Time expressions: finding, TIMEX3 normalisation against the anchor, never against today."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.extract.timex import find_timexes, normalise

DCT = dt.date(2024, 3, 13)  # a Wednesday


def values(text: str, dct: dt.date | None = DCT, tense: str | None = "past") -> dict[str, str]:
    return {t.text: t.value for t in find_timexes(text, dct, lambda _c: tense)}


def value(expr: str, dct: dt.date | None = DCT, tense: str | None = None) -> str | None:
    norm = normalise(expr, dct, tense)
    return norm.value if norm else None


def test_absolute_dates() -> None:
    v = values("It happened on March 5, 2024, on 7 June 2019 and in June 2019; also 2021-11-02.")
    assert v["March 5, 2024"] == "2024-03-05"
    assert v["7 June 2019"] == "2019-06-07"
    assert v["June 2019"] == "2019-06"
    assert v["2021-11-02"] == "2021-11-02"


def test_relative_dates_use_publication_date() -> None:
    v = values("Last Friday, yesterday, last March, two years ago, earlier this month, "
               "last week, next week, the day before.")
    assert v["Last Friday"] == "2024-03-08"
    assert v["yesterday"] == "2024-03-12"
    assert v["last March"] == "2023-03"
    assert v["two years ago"] == "2022"
    assert v["earlier this month"] == "2024-03"
    assert v["last week"] == "2024-W10"
    assert v["next week"] == "2024-W12"
    assert v["the day before"] == "2024-03-12"


def test_weekday_direction_follows_tense() -> None:
    assert values("on Friday", tense="past")["Friday"] == "2024-03-08"
    assert values("on Friday", tense="future")["Friday"] == "2024-03-15"
    assert values("this week", tense="past")["this week"] == "2024-W11"


@pytest.mark.parametrize(("expr", "expected"), [
    ("the first quarter of 2020", "2020-Q1"),
    ("the third quarter", "2023-Q3"),  # a quarter not begun yet in March is last year's
    ("the latest quarter", "2023-Q4"),
    ("the current quarter", "2024-Q1"),
    ("third-quarter", "2023-Q3"),
    ("the summer of 2018", "2018-SU"),
    ("this summer", "2024-SU"),
    ("the 1990s", "199"),
    ("the mid-1990s", "199"),
    ("the nineties", "199"),
    ("the 20th century", "19"),
    ("fiscal 1989", "1989"),
    ("nineteen ninety-six", "1996"),
    ("the second half of 2019", "2019-H2"),
    ("now", "PRESENT_REF"),
    ("recent years", "PAST_REF"),
    ("the past", "PAST_REF"),
    ("the near future", "FUTURE_REF"),
    ("the past year", "2023"),
    ("the week", "2024-W11"),
    ("the weekend", "2024-W10-WE"),
    ("2020-W32", None),
])
def test_normalise_dates(expr: str, expected: str | None) -> None:
    assert value(expr) == expected


@pytest.mark.parametrize(("expr", "expected", "ttype"), [
    ("three years", "P3Y", "DURATION"),
    ("the past two months", "P2M", "DURATION"),
    ("two-hour", "PT2H", "DURATION"),
    ("several years", "PXY", "DURATION"),
    ("two decades", "P20Y", "DURATION"),
    ("the first nine months", "P9M", "DURATION"),
    ("every week", "P1W", "SET"),
    ("every two years", "P2Y", "SET"),
    ("weekly", "P1W", "SET"),
    ("Tuesday nights", "XXXX-WXX-2TNI", "SET"),
    ("3 p.m.", "2024-03-13T15:00", "TIME"),
    ("10 p.m. Wednesday", "2024-03-13T22:00", "TIME"),
    ("this morning", "2024-03-13TMO", "TIME"),
    ("last night", "2024-03-12TNI", "TIME"),
    ("1998-04-02T22:52:00", "1998-04-02T22:52:00", "TIME"),
])
def test_normalise_types(expr: str, expected: str, ttype: str) -> None:
    norm = normalise(expr, DCT)
    assert norm is not None
    assert (norm.value, norm.type) == (expected, ttype)


def test_week_values() -> None:
    assert value("last week", dt.date(2020, 8, 12)) == "2020-W32"


def test_months_without_context_prefer_the_nearer_reading() -> None:
    assert value("January", dt.date(1989, 11, 2)) == "1990-01"  # two months ahead
    assert value("April", dt.date(1989, 11, 2)) == "1989-04"
    assert value("September", dt.date(2024, 3, 13), "future") == "2024-09"
    assert value("December", dt.date(2024, 3, 13), "past") == "2023-12"


def test_no_anchor_leaves_relative_unresolved() -> None:
    ts = find_timexes("Last Friday and last March, yesterday; in June 2019. In September "
                      "they met.", None)
    by_text = {t.text: t for t in ts}
    assert by_text["Last Friday"].value == "XXXX-WXX-5"
    assert by_text["last March"].value == "XXXX-03"
    assert by_text["September"].value == "XXXX-09"
    assert by_text["September"].anchor == "none"
    assert by_text["yesterday"].anchor == "none"
    assert by_text["June 2019"].value == "2019-06"
    assert by_text["June 2019"].anchor == "absolute"


def test_finder_skips_non_temporal_uses() -> None:
    found = {t.text for t in find_timexes(
        "He may go. Troops march in. The Arab Spring and the fall of Kabul. 1500 people "
        "and 2,000 troops came; a quarter of them left.", DCT)}
    assert found == set()


def test_finder_prefers_longest_span() -> None:
    ts = find_timexes("Sales rose in the third quarter of 2020 and 5 p.m. EST Nov. 9.", DCT)
    assert [t.text for t in ts] == ["the third quarter of 2020", "5 p.m. EST Nov. 9"]
    assert ts[1].value == "2023-11-09T17:00"
